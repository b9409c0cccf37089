"""Attacks on the stored data: nothing may join a participant to an answer."""

from __future__ import annotations

import json
import logging
import threading

from hypothesis import HealthCheck, given, settings, strategies
from sqlalchemy import func, inspect, select, text

from facilitator import sessions
from facilitator.errors import AnswerRefused
from facilitator.models import Ballot, Participant, RollEntry
from facilitator.privacy import token_hash
from tests.helpers import answer, go_and_open, join_code_of, join_many, self_test_answers, start


def test_the_ballot_table_has_no_participant_time_or_order_column(db):
    columns = {c["name"] for c in inspect(db.engine).get_columns("ballot")}
    assert columns == {"id", "session_id", "step_index", "answers"}
    roll = {c["name"] for c in inspect(db.engine).get_columns("roll_entry")}
    assert roll == {"session_id", "step_index", "roll_key"}
    foreign = inspect(db.engine).get_foreign_keys("ballot")
    assert [fk["referred_table"] for fk in foreign] == ["group_session"]


def test_ballots_and_roll_keep_no_hidden_insertion_order_on_sqlite(db):
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as connection:
        for table in ("ballot", "roll_entry", "participant"):
            sql = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table}
            ).scalar()
            assert "WITHOUT ROWID" in sql.upper(), table


def test_stored_rows_of_a_scripted_session_share_nothing_with_the_roll(db, facilitator_id, module):
    session_id = start(db, facilitator_id, module, k=3)
    tokens = join_many(db, join_code_of(db, session_id), 8)
    index = go_and_open(db, facilitator_id, session_id, module, "zelftest")
    for n, token in enumerate(tokens):
        answer(db, token, index, self_test_answers(n % 7), module)
    with db.read() as s:
        ballot_rows = s.execute(select(Ballot.id, Ballot.answers)).all()
        roll_keys = set(s.scalars(select(RollEntry.roll_key)))
        participant_hashes = set(s.scalars(select(Participant.token_hash)))
    assert participant_hashes == {token_hash(t) for t in tokens}
    # The roll names each answer by a hash of the token with the step: it leads back to no
    # participant row.
    assert len(roll_keys) == 8 and not roll_keys & participant_hashes
    identifiers = roll_keys | participant_hashes | set(tokens)
    for ballot_id, answers_json in ballot_rows:
        assert len(ballot_id) == 32
        assert not any(i in answers_json or i[:16] in ballot_id for i in identifiers)
    # A plain table scan returns ballots in random-id order, not in the order of answering.
    with db.engine.connect() as connection:
        scanned = [row.id for row in connection.execute(text("SELECT id FROM ballot"))]
    assert len(set(scanned)) == 8
    if db.engine.dialect.name == "sqlite":
        assert scanned == sorted(scanned)


def test_nothing_of_an_answer_reaches_the_logs(db, facilitator_id, module, caplog):
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)  # even with SQL echo on
    try:
        session_id = start(db, facilitator_id, module, k=3)
        tokens = join_many(db, join_code_of(db, session_id), 3)
        index = go_and_open(db, facilitator_id, session_id, module, "zelftest")
        marker = {**self_test_answers(4), "onrust": "weet_niet"}
        for token in tokens:
            answer(db, token, index, marker, module)
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    logged = caplog.text
    assert "weet_niet" not in logged and '"ja"' not in logged
    assert not any(t in logged for t in tokens)


def test_a_hundred_phones_answering_at_once_are_all_stored_once(db, facilitator_id, module):
    session_id = start(db, facilitator_id, module, k=3)
    tokens = join_many(db, join_code_of(db, session_id), 100)
    index = go_and_open(db, facilitator_id, session_id, module, "check-in")
    errors: list[BaseException] = []
    barrier = threading.Barrier(20)

    def phone(batch: list[str]) -> None:
        barrier.wait()
        for token in batch:
            for _attempt in range(2):  # a retry after a lost reply must not count twice
                try:
                    answer(db, token, index, {"gevoel": "3"}, module)
                except AnswerRefused as refused:
                    if refused.code != "refused_already":
                        errors.append(refused)
                except Exception as exc:
                    errors.append(exc)

    threads = [threading.Thread(target=phone, args=(tokens[i::20],)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with db.read() as s:
        assert sessions.count_answers(s, session_id=session_id, step_index=index) == 100
        assert len(s.scalars(select(Ballot.id)).all()) == 100


def test_closing_a_question_writes_its_ballots_anew_in_one_transaction(db, facilitator_id, module):
    """On PostgreSQL a row remembers the transaction that wrote it (xmin), which a ballot
    shares with its roll entry until the question closes and the ballots are rewritten."""
    session_id = start(db, facilitator_id, module, k=3)
    tokens = join_many(db, join_code_of(db, session_id), 5)
    index = go_and_open(db, facilitator_id, session_id, module, "zelftest")
    for n, token in enumerate(tokens):
        answer(db, token, index, self_test_answers(n), module)
    with db.read() as s:
        before = s.execute(select(Ballot.id, Ballot.answers)).all()
    with db.write() as s:
        sessions.close_question(
            s, facilitator_id=facilitator_id, session_id=session_id, module=module
        )
    with db.read() as s:
        after = s.execute(select(Ballot.id, Ballot.answers)).all()
    assert sorted(a for _, a in after) == sorted(a for _, a in before)  # same answers
    assert not {i for i, _ in after} & {i for i, _ in before}  # all new ids


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    payload=strategies.one_of(
        strategies.dictionaries(
            strategies.sampled_from(
                ["vriend", "kind", "niet-begrepen", "verdedigen", "afstand-lukt-niet", "onrust"]
            )
            | strategies.text(max_size=12),
            strategies.sampled_from(["ja", "nee", "weet_niet", "pass"])
            | strategies.text(max_size=40)
            | strategies.lists(strategies.text(max_size=5), max_size=3)
            | strategies.integers()
            | strategies.none(),
            max_size=7,
        ),
        strategies.text(max_size=50),
        strategies.none(),
    ),
    step_offset=strategies.sampled_from([0, 0, 0, -1, 1, 10_000]),
)
def test_any_submission_is_stored_once_and_valid_or_refused_without_a_trace(
    db, facilitator_id, module, payload, step_offset
):
    if not hasattr(db, "_hypothesis_session"):
        session_id = start(db, facilitator_id, module, k=3)
        index = go_and_open(db, facilitator_id, session_id, module, "zelftest")
        db._hypothesis_session = (session_id, index)
    session_id, index = db._hypothesis_session
    (token,) = join_many(db, join_code_of(db, session_id), 1)

    def stored() -> tuple[int, int]:
        with db.read() as s:
            return (
                s.scalar(select(func.count()).select_from(RollEntry)) or 0,
                s.scalar(select(func.count()).select_from(Ballot)) or 0,
            )

    before = stored()
    try:
        answer(db, token, index + step_offset, payload, module)
    except AnswerRefused:
        assert stored() == before
        return
    assert step_offset == 0
    assert stored() == (before[0] + 1, before[1] + 1)
    with db.read() as s:
        newest = [json.loads(a) for a in s.scalars(select(Ballot.answers))]
    step = module.steps[index]
    assert all(
        set(ballot) == {q.id for q in step.questions}
        and all(ballot[q.id] in q.option_ids for q in step.questions)
        for ballot in newest
    )
