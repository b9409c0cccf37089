"""The question box on a real database: questions reach the console only in shuffled
batches, bad input stores nothing, and nothing of the box outlives the session, in the
files either."""

from __future__ import annotations

import logging
import os
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from facilitator import question_box, sessions
from facilitator.errors import ActionRefused, NotAuthorized
from facilitator.models import BoxQuestion, GroupSession
from tests.conftest import create_account
from tests.helpers import NOW, join_code_of, join_many, start
from tests.integration.test_database_files import all_bytes, copy_files


def put(db, token: str, typed: object, at=NOW) -> None:
    with db.write() as s:
        question_box.ask(s, token=token, raw=typed, now=at)


def shown_on_console(db, session_id: int) -> list[str]:
    with db.read() as s:
        group = s.get(GroupSession, session_id)
        return [q.text for q in question_box.passed_on(s, group=group)]


def held(db) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(BoxQuestion)) or 0


def test_questions_wait_and_reach_the_console_three_at_a_time(db, facilitator_id, module):
    session_id = start(db, facilitator_id, module)
    tokens = join_many(db, join_code_of(db, session_id), 3)
    put(db, tokens[0], "eerste")
    put(db, tokens[1], "tweede")
    assert shown_on_console(db, session_id) == []  # two: who typed them is still plain
    put(db, tokens[2], "derde")
    assert sorted(shown_on_console(db, session_id)) == ["derde", "eerste", "tweede"]


def test_a_lone_question_reaches_the_console_after_the_longest_wait(db, facilitator_id, module):
    session_id = start(db, facilitator_id, module)
    (token,) = join_many(db, join_code_of(db, session_id), 1)
    put(db, token, "alleen ik")
    with db.write() as s:
        early = NOW + question_box.LONGEST_WAIT - timedelta(seconds=1)
        assert not question_box.pass_on_due(s, session_id=session_id, now=early)
    with db.write() as s:
        late = NOW + question_box.LONGEST_WAIT
        assert question_box.pass_on_due(s, session_id=session_id, now=late)
    assert shown_on_console(db, session_id) == ["alleen ik"]


def test_within_a_batch_the_order_is_not_the_order_of_arrival(db, facilitator_id, module):
    session_id = start(db, facilitator_id, module)
    tokens = join_many(db, join_code_of(db, session_id), 3)
    batches = 8  # all eight in arrival order by chance: (1/6)^8, about once in 1.7 million
    for batch in range(batches):
        for n, token in enumerate(tokens):
            put(db, token, f"{batch}-{n}")
    shown = shown_on_console(db, session_id)
    in_arrival_order = [
        shown[3 * b : 3 * b + 3] == sorted(shown[3 * b : 3 * b + 3]) for b in range(batches)
    ]
    assert not all(in_arrival_order), shown


@pytest.mark.parametrize(
    ("typed", "code"),
    [("", "box_empty"), ("  \n ", "box_empty"), (None, "box_empty"), ("x" * 501, "box_too_long")],
)
def test_an_empty_or_overlong_question_is_refused_and_nothing_stored(
    db, facilitator_id, module, typed, code
):
    session_id = start(db, facilitator_id, module)
    (token,) = join_many(db, join_code_of(db, session_id), 1)
    with pytest.raises(question_box.BoxRefused) as refused:
        put(db, token, typed)
    assert refused.value.code == code and held(db) == 0


def test_the_box_holds_at_most_so_many(db, facilitator_id, module):
    session_id = start(db, facilitator_id, module)
    (token,) = join_many(db, join_code_of(db, session_id), 1)
    for n in range(question_box.MOST_HELD):
        put(db, token, f"vraag {n}")
    with pytest.raises(question_box.BoxRefused) as refused:
        put(db, token, "nog een")
    assert refused.value.code == "box_full" and held(db) == question_box.MOST_HELD


def test_the_facilitator_puts_one_on_the_projector_or_dismisses_it(db, facilitator_id, module):
    session_id = start(db, facilitator_id, module)
    tokens = join_many(db, join_code_of(db, session_id), 4)
    for n, token in enumerate(tokens[:3]):
        put(db, token, f"vraag {n}")
    put(db, tokens[3], "wacht nog")
    with db.read() as s:
        group = s.get(GroupSession, session_id)
        first, *_ = question_box.passed_on(s, group=group)
        waiting = s.scalar(select(BoxQuestion.id).where(BoxQuestion.batch.is_(None)))
        version = group.version
    with db.write() as s, pytest.raises(ActionRefused):  # not passed on yet: not shown
        question_box.show(
            s, facilitator_id=facilitator_id, session_id=session_id, question_id=waiting
        )
    other = create_account(db, "ander")
    with db.write() as s, pytest.raises(NotAuthorized):
        question_box.show(s, facilitator_id=other, session_id=session_id, question_id=first.id)
    with db.write() as s:
        question_box.show(
            s, facilitator_id=facilitator_id, session_id=session_id, question_id=first.id
        )
    with db.read() as s:
        group = s.get(GroupSession, session_id)
        assert question_box.on_screen(s, group=group) == first.text
        assert group.version == version + 1  # the projector draws it
    with db.write() as s:
        question_box.dismiss(
            s, facilitator_id=facilitator_id, session_id=session_id, question_id=first.id
        )
    with db.read() as s:
        group = s.get(GroupSession, session_id)
        assert question_box.on_screen(s, group=group) is None
    assert first.text not in shown_on_console(db, session_id) and held(db) == 3


@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="the SQLite files")
def test_a_copy_taken_after_the_session_ended_holds_nothing_of_the_box(
    db, facilitator_id, module, tmp_path
):
    session_id = start(db, facilitator_id, module)
    tokens = join_many(db, join_code_of(db, session_id), 3)
    marks = [f"gs-box-mark-{n}-zichtbaar" for n in range(4)]
    for token, mark in zip([*tokens, tokens[0]], marks, strict=True):
        put(db, token, mark)  # three passed on, one still waiting
    assert all(
        mark.encode() in all_bytes(copy_files(db, tmp_path / "before")) for mark in marks[:1]
    )
    with db.write() as s:
        sessions.end_session(
            s, facilitator_id=facilitator_id, session_id=session_id, module=module, now=NOW
        )
    files = all_bytes(copy_files(db, tmp_path / "after"))
    assert not [mark for mark in marks if mark.encode() in files]
    with db.read() as s:
        group = s.get(GroupSession, session_id)
        assert (group.box_waiting_since, group.box_on_screen) == (None, None)
    with pytest.raises(question_box.BoxRefused):  # the phone follows nothing any more
        put(db, tokens[0], "te laat")


def test_nothing_of_a_question_reaches_the_logs(db, facilitator_id, module, caplog):
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)  # even with SQL echo on
    try:
        session_id = start(db, facilitator_id, module)
        tokens = join_many(db, join_code_of(db, session_id), 3)
        for n, token in enumerate(tokens):
            put(db, token, f"gs-box-log-{n}")
        with db.read() as s:
            group = s.get(GroupSession, session_id)
            first = question_box.passed_on(s, group=group)[0]
        with db.write() as s:
            question_box.show(
                s, facilitator_id=facilitator_id, session_id=session_id, question_id=first.id
            )
        with db.write() as s:
            sessions.end_session(
                s, facilitator_id=facilitator_id, session_id=session_id, module=module, now=NOW
            )
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    assert "gs-box-log" not in caplog.text
