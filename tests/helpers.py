"""Small scripted steps of a group session, for integration tests."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from facilitator import ballots, sessions
from facilitator.content import Module, QuestionStep
from facilitator.db import Database

# The instant domain tests act at. Domain code takes `now` from its caller, so no test
# depends on the day it runs; tests that need time to pass add to this.
NOW = datetime(2026, 11, 24, 20, 0)


def start(
    db: Database,
    facilitator_id: int,
    module: Module,
    k: int = 5,
    *,
    randomized: bool = False,
    now: datetime = NOW,
) -> int:
    """A session started; ``now`` is the real clock where a running server meets it."""
    with db.write() as s:
        return sessions.start_session(
            s,
            facilitator_id=facilitator_id,
            module=module,
            min_group_size=k,
            randomized_response=randomized,
            now=now,
        ).id


def join_many(db: Database, code: str, n: int) -> list[str]:
    tokens = []
    for _ in range(n):
        with db.write() as s:
            tokens.append(sessions.join(s, raw_code=code, now=NOW)[1])
    return tokens


def step_index(module: Module, step_id: str) -> int:
    return next(i for i, step in enumerate(module.steps) if step.id == step_id)


def self_test_of(module: Module) -> QuestionStep:
    step = module.steps[step_index(module, "zelftest")]
    assert isinstance(step, QuestionStep)
    return step


def go_to(
    db: Database,
    facilitator_id: int,
    session_id: int,
    module: Module,
    step_id: str,
    *,
    now: datetime = NOW,
) -> int:
    """What the console's step picker does, straight through the domain."""
    index = step_index(module, step_id)
    with db.write() as s:
        sessions.go_to_step(
            s,
            facilitator_id=facilitator_id,
            session_id=session_id,
            step_index=index,
            module=module,
            now=now,
        )
    return index


def go_and_open(
    db: Database,
    facilitator_id: int,
    session_id: int,
    module: Module,
    step_id: str,
    *,
    now: datetime = NOW,
) -> int:
    index = go_to(db, facilitator_id, session_id, module, step_id, now=now)
    with db.write() as s:
        sessions.open_question(
            s, facilitator_id=facilitator_id, session_id=session_id, module=module
        )
    return index


def answer(
    db: Database, token: str, index: int, answers: dict[str, object], module: Module
) -> None:
    with db.write() as s:
        ballots.submit(s, token=token, step_index=index, answers=answers, module=module)


def reveal(db: Database, facilitator_id: int, session_id: int, module: Module) -> None:
    """Reveal the current question as a facilitator who, warned that everyone answered
    alike, shows it anyway."""
    with db.write() as s:
        shown = sessions.reveal(
            s, facilitator_id=facilitator_id, session_id=session_id, module=module
        )
    if not shown:
        with db.write() as s:
            assert sessions.reveal(
                s,
                facilitator_id=facilitator_id,
                session_id=session_id,
                module=module,
                unanimous_seen=True,
            )


def self_test_answers(yes: int) -> dict[str, object]:
    """Answers to the six self-test items with the first `yes` of them 'ja', rest 'nee'."""
    ids = ["vriend", "kind", "niet-begrepen", "verdedigen", "afstand-lukt-niet", "onrust"]
    return {qid: "ja" if i < yes else "nee" for i, qid in enumerate(ids)}


def join_code_of(db: Database, session_id: int) -> str:
    with db.read() as s:
        snap = sessions.snapshot(s, session_id=session_id)
        assert snap is not None
        return snap.join_code


def csv_table(text: str) -> list[dict[str, str]]:
    """The table of a summary CSV (reports.summary_csv): after the session's details and
    the empty line, read the way Dutch Excel reads it (semicolons)."""
    assert text.startswith("\ufeff"), "no byte order mark: Excel would not read it as UTF-8"
    _details, table = text[1:].split("\r\n\r\n", 1)
    return list(csv.DictReader(io.StringIO(table), delimiter=";"))
