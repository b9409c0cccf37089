"""What a facilitator takes home after a session: aggregates only, as CSV and as HTML."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from facilitator import reports, sessions
from facilitator.results import comparisons
from facilitator.summaries import past_sessions
from tests.helpers import (
    NOW,
    answer,
    csv_table,
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
    rows = csv_table(reports.summary_csv(past))
    checkin = {r["antwoord"]: r for r in rows if r["stap"] == "check-in"}
    assert checkin["2"]["aantal"] == "2" and checkin["2"]["aandeel_procent"] == "50,0"
    assert checkin["pass"]["aantal"] == "1" and checkin["1"]["beantwoord"] == "4"
    assert {r["getoond"] for r in rows if r["stap"] == "zelftest"} == {"ja"}
    (scan,) = [r for r in rows if r["stap"] == "scannen"]
    assert scan["beantwoord"] == "1" and scan["antwoord"] == "" and scan["aantal"] == ""
    assert "minder dan de minimale groepsgrootte" in scan["opmerking"]
    text = reports.summary_csv(past)
    assert not any(token in text for token in tokens)


def test_the_csv_opens_in_dutch_excel_with_the_sessions_details_on_top(db, facilitator_id, module):
    """Dutch Excel splits on semicolons and reads 50,0 as a number; without a byte order
    mark it reads UTF-8 as Windows-1252 ("Ã©" for "é"). Before: commas, 0.5000, no mark,
    no details."""
    past, _ = finished_session(db, facilitator_id, module)
    text = reports.summary_csv(past)
    details = dict(line.split(";", 1) for line in text[1:].split("\r\n\r\n")[0].split("\r\n"))
    assert details["Module"] == module.title and details["Taal"] == "Nederlands"
    assert details["Minimale groepsgrootte (k)"] == "3" and details["Telefoons"] == "4"
    assert details["Datum"] == f"{NOW:%d-%m-%Y}" and details["Duur"] == "0 min"
    rows = csv_table(text)
    assert all(len(row) == len(reports.COLUMNS) for row in rows)
    # The scale's options with their end labels, as the phones offered them.
    labels = [r["antwoordtekst"] for r in rows if r["stap"] == "check-in"]
    assert labels[0] == f"1 ({module.steps[1].questions[0].low_label})"
    assert labels[4] == f"5 ({module.steps[1].questions[0].high_label})"
    assert labels[1:4] == ["2", "3", "4"]


def test_the_excel_workbook_holds_the_same_table_with_numbers_as_numbers(
    db, facilitator_id, module
):
    past, tokens = finished_session(db, facilitator_id, module)
    book = load_workbook(io.BytesIO(reports.summary_xlsx(past)))
    sheet = book["Overzicht"]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    first = values.index(reports.COLUMNS)
    assert {row[0]: row[1] for row in values[:first] if row[0]}["Telefoons"] == "4"
    table = [dict(zip(reports.COLUMNS, row, strict=True)) for row in values[first + 1 :]]
    assert len(table) == len(csv_table(reports.summary_csv(past)))
    checkin = {r["antwoord"]: r for r in table if r["stap"] == "check-in"}
    assert checkin["2"]["aantal"] == 2 and checkin["2"]["aandeel_procent"] == 50.0
    assert sheet.freeze_panes == f"A{first + 2}"
    assert not any(token in str(values) for token in tokens)


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
    for named in ("<th>Minimale groepsgrootte (k)</th><td>3</td>", "<th>Duur</th>", "Nederlands"):
        assert named in page
    assert not any(token in page for token in tokens)
