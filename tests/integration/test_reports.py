"""What a facilitator takes home after a session: aggregates only, as CSV and as HTML."""

from __future__ import annotations

import csv
import io

from facilitator import reports, sessions
from facilitator.results import comparisons
from facilitator.summaries import past_sessions
from tests.helpers import (
    NOW,
    answer,
    go_and_open,
    join_code_of,
    join_many,
    reveal,
    self_test_answers,
    start,
)


def finished_session(db, facilitator_id, module):
    session_id = start(db, facilitator_id, module, k=3)
    tokens = join_many(db, join_code_of(db, session_id), 4)
    checkin = go_and_open(db, facilitator_id, session_id, module, "check-in")
    for token, value in zip(tokens, ["1", "2", "2", "pass"], strict=True):
        answer(db, token, checkin, {"gevoel": value}, module)
    reveal(db, facilitator_id, session_id, module)
    selftest = go_and_open(db, facilitator_id, session_id, module, "zelftest")
    for n, token in enumerate(tokens):
        answer(db, token, selftest, self_test_answers(n), module)
    reveal(db, facilitator_id, session_id, module)
    scan = go_and_open(db, facilitator_id, session_id, module, "scannen")
    answer(db, tokens[0], scan, {"signalen": ["toon", "stilte"]}, module)  # below k
    checkout = go_and_open(db, facilitator_id, session_id, module, "check-out")
    for token, value in zip(tokens, ["3", "4", "4", "5"], strict=True):
        answer(db, token, checkout, {"gevoel": value}, module)
    reveal(db, facilitator_id, session_id, module)
    with db.write() as s:
        sessions.end_session(
            s, facilitator_id=facilitator_id, session_id=session_id, module=module, now=NOW
        )
    with db.read() as s:
        (past,) = past_sessions(s, facilitator_id=facilitator_id)
    return past, tokens


def test_the_csv_holds_counts_per_option_and_nothing_below_k(db, facilitator_id, module):
    past, tokens = finished_session(db, facilitator_id, module)
    rows = list(csv.DictReader(io.StringIO(reports.summary_csv(past))))
    checkin = {r["option"]: r for r in rows if r["step"] == "check-in"}
    assert checkin["2"]["count"] == "2" and checkin["2"]["share"] == "0.5000"
    assert checkin["pass"]["count"] == "1" and checkin["1"]["answered"] == "4"
    assert {r["revealed"] for r in rows if r["step"] == "zelftest"} == {"yes"}
    (scan,) = [r for r in rows if r["step"] == "scannen"]
    assert scan["answered"] == "1" and scan["option"] == "" and scan["count"] == ""
    text = reports.summary_csv(past)
    assert not any(token in text for token in tokens)


def test_check_in_and_check_out_are_compared_as_group_distributions(db, facilitator_id, module):
    past, _ = finished_session(db, facilitator_id, module)
    ((before_step, before, after_step, after),) = comparisons(reports.step_results(past))
    assert (before_step.step_id, after_step.step_id) == ("check-in", "check-out")
    assert before.counts == [1, 2, 0, 0, 0, 1] and after.counts == [0, 0, 1, 2, 1, 0]


def test_the_html_report_is_self_contained_and_holds_only_aggregates(db, facilitator_id, module):
    past, tokens = finished_session(db, facilitator_id, module)
    page = reports.summary_html(past)
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("plotly.js v") >= 1  # the library itself is inside, once
    assert "<script src=" not in page  # nothing to fetch: works offline
    assert "Begin en einde van de sessie" in page
    assert "minder dan de minimale groepsgrootte" in page  # the scan question, below k
    assert not any(token in page for token in tokens)
