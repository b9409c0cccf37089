"""A group session on a real SQLite file: the rules a facilitator and participants meet."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from facilitator import ballots, sessions
from facilitator.errors import ActionRefused, AnswerRefused, JoinRefused, NotAuthorized
from facilitator.models import Ballot, GroupSession, Participant, RollEntry, SessionSummary
from facilitator.privacy import token_hash
from tests.conftest import create_account
from tests.helpers import (
    NOW,
    answer,
    go_and_open,
    join_code_of,
    join_many,
    reveal,
    self_test_answers,
    start,
    step_index,
)


def count(db, table) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(table))


def test_a_participant_joins_with_the_code_in_any_case(db, facilitator_id, module):
    session_id = start(db, facilitator_id, module)
    code = join_code_of(db, session_id)
    with db.write() as s:
        group, token = sessions.join(s, raw_code=f" {code[:3].lower()} {code[3:]} ", now=NOW)
    assert group.id == session_id and len(token) >= 32
    with db.read() as s:
        assert sessions.session_of_participant(s, token=token).id == session_id


def test_unknown_and_ended_codes_get_their_own_refusal(db, facilitator_id, module):
    session_id = start(db, facilitator_id, module)
    code = join_code_of(db, session_id)
    with db.write() as s:
        sessions.end_session(
            s, facilitator_id=facilitator_id, session_id=session_id, module=module, now=NOW
        )
    with db.write() as s, pytest.raises(JoinRefused) as ended:
        sessions.join(s, raw_code=code, now=NOW)
    unknown_code = "ZZZZZZ" if code != "ZZZZZZ" else "YYYYYY"
    with db.write() as s, pytest.raises(JoinRefused) as unknown:
        sessions.join(s, raw_code=unknown_code, now=NOW)
    assert (ended.value.code, unknown.value.code) == ("join_ended", "join_unknown")
    assert count(db, Participant) == 0


def test_join_codes_are_unique_among_running_sessions(db, module, monkeypatch):
    first = create_account(db, "eerste")
    second = create_account(db, "tweede")
    codes = iter(["AAAAAA", "AAAAAA", "BBBBBB"])
    monkeypatch.setattr(sessions, "new_join_code", lambda: next(codes))
    a = start(db, first, module)
    b = start(db, second, module)  # first try clashes, second try gets a fresh code
    assert (join_code_of(db, a), join_code_of(db, b)) == ("AAAAAA", "BBBBBB")


def test_an_ended_sessions_code_may_be_reused_by_a_new_session(
    db, facilitator_id, module, monkeypatch
):
    monkeypatch.setattr(sessions, "new_join_code", lambda: "CCCCCC")
    old = start(db, facilitator_id, module)
    with db.write() as s:
        sessions.end_session(
            s, facilitator_id=facilitator_id, session_id=old, module=module, now=NOW
        )
    new = start(db, facilitator_id, module)
    with db.write() as s:
        group, _ = sessions.join(s, raw_code="CCCCCC", now=NOW)
    assert group.id == new


def test_answers_are_accepted_only_while_the_current_question_is_open(db, facilitator_id, module):
    session_id = start(db, facilitator_id, module)
    (token,) = join_many(db, join_code_of(db, session_id), 1)
    index = step_index(module, "zelftest")
    with db.write() as s:
        sessions.go_to_step(
            s,
            facilitator_id=facilitator_id,
            session_id=session_id,
            step_index=index,
            module=module,
            now=NOW,
        )
    with pytest.raises(AnswerRefused) as not_open:
        answer(db, token, index, self_test_answers(1), module)
    assert not_open.value.code == "refused_not_current"
    with pytest.raises(AnswerRefused) as other_step:
        answer(db, token, 1, {"gevoel": "3"}, module)
    assert other_step.value.code == "refused_not_current"
    assert count(db, Ballot) == count(db, RollEntry) == 0


def test_a_second_answer_from_the_same_phone_is_refused(db, facilitator_id, module):
    session_id = start(db, facilitator_id, module)
    (token,) = join_many(db, join_code_of(db, session_id), 1)
    index = go_and_open(db, facilitator_id, session_id, module, "zelftest")
    answer(db, token, index, self_test_answers(2), module)
    with pytest.raises(AnswerRefused) as second:
        answer(db, token, index, self_test_answers(5), module)
    assert second.value.code == "refused_already"
    assert count(db, Ballot) == count(db, RollEntry) == 1


def test_reveal_needs_k_answers_and_then_refuses_late_answers(db, facilitator_id, module):
    session_id = start(db, facilitator_id, module, k=5)
    tokens = join_many(db, join_code_of(db, session_id), 6)
    index = go_and_open(db, facilitator_id, session_id, module, "zelftest")
    for token in tokens[:4]:
        answer(db, token, index, self_test_answers(3), module)
    with db.write() as s, pytest.raises(ActionRefused) as too_few:
        sessions.reveal(s, facilitator_id=facilitator_id, session_id=session_id, module=module)
    assert too_few.value.code == "too_few_answers"
    answer(db, tokens[4], index, self_test_answers(1), module)
    reveal(db, facilitator_id, session_id, module)
    with pytest.raises(AnswerRefused) as late:
        answer(db, tokens[5], index, self_test_answers(6), module)
    assert late.value.code == "refused_closed"
    with db.write() as s, pytest.raises(ActionRefused):
        sessions.open_question(
            s, facilitator_id=facilitator_id, session_id=session_id, module=module
        )
    assert count(db, Ballot) == 5


def test_moving_on_closes_an_open_question(db, facilitator_id, module):
    session_id = start(db, facilitator_id, module)
    (token,) = join_many(db, join_code_of(db, session_id), 1)
    index = go_and_open(db, facilitator_id, session_id, module, "check-in")
    with db.write() as s:
        sessions.go_to_step(
            s,
            facilitator_id=facilitator_id,
            session_id=session_id,
            step_index=index + 1,
            module=module,
            now=NOW,
        )
        sessions.go_to_step(
            s,
            facilitator_id=facilitator_id,
            session_id=session_id,
            step_index=index,
            module=module,
            now=NOW,
        )
    with pytest.raises(AnswerRefused) as refused:
        answer(db, token, index, {"gevoel": "4"}, module)
    assert refused.value.code == "refused_closed"


def test_every_change_moves_the_version_that_phones_poll(db, facilitator_id, module):
    session_id = start(db, facilitator_id, module)
    (token,) = join_many(db, join_code_of(db, session_id), 1)
    with db.read() as s:
        before = sessions.poll(s, session_id=session_id)
    index = go_and_open(db, facilitator_id, session_id, module, "check-in")
    with db.read() as s:
        opened = sessions.poll(s, session_id=session_id)
    answer(db, token, index, {"gevoel": "4"}, module)
    with db.single_read() as c:  # how the pages poll: one statement, no transaction
        answered = sessions.poll(c, session_id=session_id)
        assert sessions.poll(c, session_id=session_id + 1000) is None
    assert opened.version > before.version
    # An answer changes the count the projector shows, not what phones must redraw.
    assert (answered.version, answered.answers_in) == (opened.version, 1)


def test_a_poll_neither_waits_for_nor_holds_up_a_writer(db, facilitator_id, module):
    """While a facilitator's action holds the write lock, phones keep polling and see the
    last committed state; a poll leaves no transaction open behind it."""
    session_id = start(db, facilitator_id, module)
    with db.single_read() as c:
        before = sessions.poll(c, session_id=session_id)
    with db.write() as s:
        go_and_open_in(s, facilitator_id, session_id, module)
        with db.single_read() as c:
            during = sessions.poll(c, session_id=session_id)
        assert during == before
    with db.single_read() as c:
        after = sessions.poll(c, session_id=session_id)
        if db.url.startswith("sqlite"):  # no BEGIN was sent: SQLite holds no snapshot
            assert not c.connection.dbapi_connection.in_transaction
    assert after is not None and before is not None and after.version > before.version


def go_and_open_in(s, facilitator_id: int, session_id: int, module) -> None:
    index = next(i for i, step in enumerate(module.steps) if step.is_question)
    sessions.go_to_step(
        s,
        facilitator_id=facilitator_id,
        session_id=session_id,
        step_index=index,
        module=module,
        now=NOW,
    )
    sessions.open_question(s, facilitator_id=facilitator_id, session_id=session_id, module=module)


def test_another_facilitator_cannot_steer_the_session(db, facilitator_id, module):
    session_id = start(db, facilitator_id, module)
    intruder = create_account(db, "iemand-anders")
    with db.write() as s, pytest.raises(NotAuthorized):
        sessions.go_to_step(
            s, facilitator_id=intruder, session_id=session_id, step_index=3, module=module, now=NOW
        )
    with db.write() as s, pytest.raises(NotAuthorized):
        sessions.end_session(
            s, facilitator_id=intruder, session_id=session_id, module=module, now=NOW
        )
    with db.read() as s:
        assert sessions.snapshot(s, session_id=session_id).current_step == 0


def test_a_facilitator_runs_one_session_at_a_time(db, facilitator_id, module):
    start(db, facilitator_id, module)
    with pytest.raises(ActionRefused):
        start(db, facilitator_id, module)


def test_ending_deletes_ballots_roll_and_participants_and_keeps_aggregates(
    db, facilitator_id, module
):
    session_id = start(db, facilitator_id, module, k=3)
    tokens = join_many(db, join_code_of(db, session_id), 4)
    index = go_and_open(db, facilitator_id, session_id, module, "zelftest")
    for n, token in enumerate(tokens):
        answer(db, token, index, self_test_answers(n), module)
    reveal(db, facilitator_id, session_id, module)
    checkin = go_and_open(db, facilitator_id, session_id, module, "check-in")
    answer(db, tokens[0], checkin, {"gevoel": "2"}, module)  # fewer than k: no aggregate kept
    with db.write() as s:
        sessions.end_session(
            s, facilitator_id=facilitator_id, session_id=session_id, module=module, now=NOW
        )
    assert count(db, Ballot) == count(db, RollEntry) == count(db, Participant) == 0
    from facilitator.summaries import past_sessions

    with db.read() as s:
        (past,) = past_sessions(s, facilitator_id=facilitator_id)
        assert s.get(SessionSummary, session_id) is not None
    assert past.participants == 4
    by_step = {step["step_id"]: step for step in past.steps}
    assert by_step["zelftest"]["total"] == 4 and "yes_histogram" not in by_step["zelftest"]
    assert by_step["check-in"] == {
        "step_index": checkin,
        "step_id": "check-in",
        "title": module.steps[checkin].title,
        "total": 1,
        "suppressed": True,
        "reason": "too_few",
    }
    with pytest.raises(AnswerRefused):
        answer(db, tokens[1], checkin, {"gevoel": "2"}, module)


def test_answers_to_an_ended_session_are_refused_and_change_nothing(db, facilitator_id, module):
    session_id = start(db, facilitator_id, module)
    (token,) = join_many(db, join_code_of(db, session_id), 1)
    index = go_and_open(db, facilitator_id, session_id, module, "check-in")
    with db.write() as s:
        sessions.end_session(
            s, facilitator_id=facilitator_id, session_id=session_id, module=module, now=NOW
        )
    with pytest.raises(AnswerRefused) as refused:
        answer(db, token, index, {"gevoel": "4"}, module)
    assert refused.value.code == "refused_unknown"
    assert count(db, Ballot) == 0


def test_a_forged_token_cannot_answer(db, facilitator_id, module):
    session_id = start(db, facilitator_id, module)
    index = go_and_open(db, facilitator_id, session_id, module, "check-in")
    for forged in ["", "x" * 10_000, "' OR '1'='1", "\x00"]:
        with db.write() as s, pytest.raises(AnswerRefused):
            ballots.submit(
                s, token=forged, step_index=index, answers={"gevoel": "4"}, module=module
            )
    assert count(db, Ballot) == 0


def test_a_minimum_group_size_below_three_is_refused_and_starts_nothing(db, facilitator_id, module):
    with db.write() as s, pytest.raises(ActionRefused) as refused:
        sessions.start_session(
            s, facilitator_id=facilitator_id, module=module, min_group_size=2, now=NOW
        )
    assert refused.value.code == "bad_min_group_size"
    with db.read() as s:
        assert sessions.running_session_of(s, facilitator_id=facilitator_id) is None


def test_a_phones_view_in_one_statement_agrees_with_the_separate_reads(db, facilitator_id, module):
    """What the participant page draws from: for each participant at each moment, the
    one-statement view says what the separate reads say, for this token and no other."""
    session_id = start(db, facilitator_id, module)
    first, second = join_many(db, join_code_of(db, session_id), 2)

    def views() -> list[sessions.PhoneView | None]:
        with db.read() as s:
            return [sessions.phone_view(s, token=t) for t in (first, second, "x" * 40, "")]

    def check(view: sessions.PhoneView | None, token: str) -> None:
        with db.read() as s:
            snap = sessions.snapshot(s, session_id=session_id)
            participant = s.get(Participant, token_hash(token))
            assert view is not None and snap is not None and participant is not None
            assert view.group.id == session_id and view.snapshot == snap
            assert view.read_note == participant.read_note
            assert view.answered == sessions.has_answered(
                s, session_id=session_id, step_index=snap.current_step, token=token
            )

    *known, unknown, empty = views()
    assert unknown is None and empty is None
    assert [v.read_note for v in known] == [False, False]
    with db.write() as s:
        sessions.mark_note_read(s, token=first)
    index = go_and_open(db, facilitator_id, session_id, module, "check-in")
    answer(db, first, index, {"gevoel": "4"}, module)
    a, b, *_ = views()
    assert (a.read_note, a.answered, b.read_note, b.answered) == (True, True, False, False)
    assert a.snapshot.phase == "open" and a.snapshot.answers_in == 1
    check(a, first)
    check(b, second)
    with db.write() as s:
        sessions.go_to_step(
            s,
            facilitator_id=facilitator_id,
            session_id=session_id,
            step_index=0,
            module=module,
            now=NOW,
        )
    a, b, *_ = views()
    assert not a.answered and a.snapshot.phase is None and a.snapshot.answers_in == 0
    check(a, first)


def test_the_chosen_network_address_redraws_the_projector_and_a_bad_one_changes_nothing(
    db, facilitator_id, module
):
    session_id = start(db, facilitator_id, module)
    with db.read() as s:
        before = sessions.snapshot(s, session_id=session_id).version
    with db.write() as s:
        sessions.choose_phone_address(
            s, facilitator_id=facilitator_id, session_id=session_id, address="10.40.0.7"
        )
    for tampered in ("http://evil.example", "10.40.0.7; DROP TABLE", "::1", "x" * 10_000):
        with db.write() as s, pytest.raises(ActionRefused, match="bad_phone_address"):
            sessions.choose_phone_address(
                s, facilitator_id=facilitator_id, session_id=session_id, address=tampered
            )
    with db.read() as s:
        group = s.get(GroupSession, session_id)
        assert group.phone_address == "10.40.0.7" and group.version == before + 1


def test_the_phone_count_is_of_phones_connected_now(db, facilitator_id, module):
    session_id = start(db, facilitator_id, module)
    staying, asleep, leaving = join_many(db, join_code_of(db, session_id), 3)

    def connected(at) -> int:
        with db.read() as s:
            return sessions.count_connected(s, session_id=session_id, now=at)

    assert connected(NOW) == 3
    later = NOW + sessions.CONNECTED_WITHIN + timedelta(seconds=10)
    with db.write() as s:
        sessions.mark_seen(s, token=staying, now=later)  # its poll said so
        sessions.mark_seen(s, token=staying, now=later)  # a reload: the same phone
        sessions.mark_seen(s, token=leaving, now=later)
    assert connected(later) == 2  # the sleeping phone is no longer counted
    with db.write() as s:
        sessions.mark_left(s, token=leaving)  # the quick exit
    assert connected(later) == 1
    with db.write() as s:
        sessions.mark_seen(s, token=asleep, now=later)  # it wakes up
    assert connected(later) == 2
    # The push stream of the phone that left may still be open when the phones with a
    # stream are marked as there (facilitator/feed.py): that does not bring it back.
    streams = [token_hash(token) for token in (staying, asleep, leaving)]
    with db.write() as s:
        sessions.mark_still_here(s, token_hashes=streams, now=later)
    assert connected(later) == 2
    with db.read() as s:
        assert sessions.count_participants(s, session_id=session_id) == 3
