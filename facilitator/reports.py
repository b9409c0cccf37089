"""Exports of a past session's summary: aggregates only, never a ballot.

* Excel (.xlsx) and CSV (for Dutch Excel: semicolons, decimal commas): the session's details
  (date, duration, module, language, k, phones), then one row per step, question and option
  with the count and the share of everyone who answered that step.
* HTML: one self-contained file (plotly.js inlined once) with the same charts the projector
  showed, readable offline and printable.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Mapping
from typing import cast

from openpyxl import Workbook
from openpyxl.styles import Font

from facilitator.charts import REPORT_FONT, comparison_chart, step_charts
from facilitator.i18n import LANGUAGE_NAMES, plural
from facilitator.kinds import PASS
from facilitator.randomized import estimate, forced_share
from facilitator.results import (
    WITHHELD_NOT_SHOWN,
    QuestionResult,
    StepResult,
    comparisons,
    is_estimated,
)
from facilitator.summaries import PastSession

# The table's columns, in the facilitator's language: the file is opened by a therapist.
COLUMNS = [
    "stap_nummer",
    "stap",
    "stap_titel",
    "vraag",
    "vraagtekst",
    "antwoord",
    "antwoordtekst",
    "aantal",
    "beantwoord",
    "aandeel_procent",
    "getoond",
    # Randomized-response sessions: the estimated share of the group and its 95% interval.
    "schatting_procent",
    "schatting_laag_procent",
    "schatting_hoog_procent",
    "opmerking",
]
Value = str | int | float | None


def header(past: PastSession) -> list[tuple[str, str]]:
    """What a reader of an export needs to know about the session before its figures."""
    if past.ended_at is not None:
        minutes = max(0, round((past.ended_at - past.started_at).total_seconds() / 60))
        duration = f"{minutes // 60} u {minutes % 60} min" if minutes >= 60 else f"{minutes} min"
    else:
        duration = "onbekend"
    return [
        ("Datum", f"{past.started_at:%d-%m-%Y}"),
        ("Begin", f"{past.started_at:%H:%M} (UTC)"),
        ("Duur", duration),
        ("Module", past.module_title),
        ("Taal", LANGUAGE_NAMES.get(past.language, past.language)),
        ("Minimale groepsgrootte (k)", str(past.min_group_size)),
        ("Telefoons", str(past.participants)),
        ("Gerandomiseerde antwoorden", "ja" if past.randomized else "nee"),
    ]


def header_line(past: PastSession) -> str:
    return " · ".join(f"{label}: {value}" for label, value in header(past))


def option_label(question: QuestionResult, index: int) -> str:
    """An option as the phones offered it; a scale's two ends with their words."""
    label = question.option_labels[index]
    ends = [i for i, option in enumerate(question.option_ids) if option != PASS]
    if question.spec.scale and ends and index in (ends[0], ends[-1]):
        return f"{label} ({question.low_label if index == ends[0] else question.high_label})"
    return label


def table(past: PastSession) -> list[list[Value]]:
    """One row per step, question and option, with the count and the share (in percent) of
    everyone who answered that step; a step kept without result has one row: how many, and
    why, nothing of what. Numbers stay numbers; the writers format them."""
    rows: list[list[Value]] = []
    for result in step_results(past):
        for question in result.questions:
            for index, (option, count) in enumerate(
                zip(question.option_ids, question.counts, strict=True)
            ):
                share = 100 * count / result.total if result.total else 0.0
                estimated: list[Value] = [None, None, None]
                shown_as_estimate = is_estimated(question, result) and question.has_estimate(option)
                if shown_as_estimate and result.total:
                    guess = estimate(count, result.total, forced_share(option, question.kind))
                    estimated = [100 * guess.share, 100 * guess.low, 100 * guess.high]
                rows.append(
                    [
                        result.step_index + 1,
                        result.step_id,
                        result.title,
                        question.id,
                        question.text,
                        option,
                        option_label(question, index),
                        count,
                        result.total,
                        share,
                        "ja" if result.revealed else "nee",
                        *estimated,
                        None,
                    ]
                )
    for step in withheld(past):
        number = step.get("step_index")
        rows.append(
            [
                number + 1 if isinstance(number, int) else None,
                cast(str, step["step_id"]),
                cast(str, step["title"]),
                *[None] * 5,
                cast(int, step["total"]),
                None,
                "nee",
                None,
                None,
                None,
                withheld_note(step),
            ]
        )
    return rows


def _dutch(value: Value) -> str:
    """A value as Dutch Excel reads it: a decimal comma, one decimal for percentages."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def step_results(past: PastSession) -> list[StepResult]:
    return [StepResult.from_dict(step) for step in past.steps if not step.get("suppressed")]


def withheld(past: PastSession) -> list[Mapping[str, object]]:
    """Steps kept with their count only: too few answers, or never shown to the room."""
    return [step for step in past.steps if step.get("suppressed")]


def withheld_note(step: Mapping[str, object]) -> str:
    """Why a step of the history has no result, in the facilitator's words."""
    answers = plural(cast(int, step["total"]), "antwoord", "antwoorden")
    if step.get("reason") == WITHHELD_NOT_SHOWN:
        return f"{answers}: niet getoond in de sessie, dus geen uitkomst bewaard."
    return f"{answers}: minder dan de minimale groepsgrootte, dus geen uitkomst bewaard."


def summary_csv(past: PastSession) -> str:
    """For Dutch Excel, opened with a double click: semicolons, decimal commas, and a byte
    order mark so that it reads the file as UTF-8. The session's details come first, then
    an empty line, then the table."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for label, value in header(past):
        writer.writerow([label, value])
    writer.writerow([])
    writer.writerow(COLUMNS)
    for row in table(past):
        writer.writerow([_dutch(cell) for cell in row])
    return out.getvalue()


def summary_xlsx(past: PastSession) -> bytes:
    """The same as the CSV as an Excel workbook: numbers are numbers in any locale."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Overzicht"
    bold = Font(bold=True)
    for label, value in header(past):
        sheet.append([label, value])
        sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append([])
    sheet.append(COLUMNS)
    first_row = sheet.max_row
    for heading in sheet[first_row]:
        heading.font = bold
    for row in table(past):
        sheet.append(row)
    for column in ("J", "L", "M", "N"):  # the percentages
        for number in sheet[column][first_row:]:
            number.number_format = "0.0"
    sheet.freeze_panes = f"A{first_row + 1}"  # the details and the column names stay
    for column, width in zip("ABCDEFGHIJKLMNO", (6, 12, 28, 12, 48, 10, 22), strict=False):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def summary_html(past: PastSession) -> str:
    language = past.language
    results = step_results(past)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(language)}"><head><meta charset="utf-8">',
        "<title>Groepssessie · overzicht</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2rem auto;"
        "padding:0 1rem;color:#111}h1{font-size:1.8rem}h2{margin-top:2.5rem}"
        ".meta{color:#444}.note{color:#444;font-style:italic}"
        "table.meta th{text-align:left;padding-right:1.5rem;font-weight:600}</style></head><body>",
        f"<h1>{html.escape(past.module_title)}</h1>",
        '<table class="meta">',
        *(
            f"<tr><th>{html.escape(label)}</th><td>{html.escape(value)}</td></tr>"
            for label, value in header(past)
        ),
        "</table>",
        '<p class="meta">Alleen groepstotalen die de groep op het scherm zag, vanaf k '
        "antwoorden; geen losse antwoorden.</p>",
    ]
    include_js: bool | str = "inline"  # plotly.js once, in the first chart: works offline
    for before_step, before, after_step, after in comparisons(results):
        figure = comparison_chart(
            before, before_step.total, after, after_step.total, language, font=REPORT_FONT
        )
        parts.append(figure.to_html(full_html=False, include_plotlyjs=include_js))
        include_js = False
    for result in results:
        parts.append(f"<h2>{html.escape(result.title)}</h2>")
        parts.append(
            f'<p class="meta">{plural(result.total, "antwoord", "antwoorden")}'
            + (" · gerandomiseerde antwoorden: schattingen met marge" if result.randomized else "")
            + "</p>"
        )
        for figure in step_charts(result, language, font=REPORT_FONT):
            parts.append(figure.to_html(full_html=False, include_plotlyjs=include_js))
            include_js = False
    for step in withheld(past):
        parts.append(f"<h2>{html.escape(str(step['title']))}</h2>")
        parts.append(f'<p class="note">{html.escape(withheld_note(step))}</p>')
    parts.append("</body></html>")
    return "\n".join(parts)
