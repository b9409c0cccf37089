"""Exports of a past session's summary: aggregates only, never a ballot.

* CSV: one row per step, question and option, with the count and the share of everyone who
  answered that step.
* HTML: one self-contained file (plotly.js inlined once) with the same charts the projector
  showed, readable offline and printable.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Mapping
from typing import cast

from facilitator.charts import comparison_chart, step_charts
from facilitator.i18n import plural
from facilitator.randomized import estimate, forced_share
from facilitator.results import (
    WITHHELD_NOT_SHOWN,
    StepResult,
    comparisons,
    is_estimated,
)
from facilitator.summaries import PastSession

CSV_COLUMNS = [
    "step",
    "step_title",
    "question",
    "question_text",
    "option",
    "option_label",
    "count",
    "answered",
    "share",
    "revealed",
    # Randomized-response sessions: the estimated share of the group and its 95% interval.
    "estimate",
    "estimate_low",
    "estimate_high",
]


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
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for result in step_results(past):
        for question in result.questions:
            for option, label, count in zip(
                question.option_ids, question.option_labels, question.counts, strict=True
            ):
                share = count / result.total if result.total else 0.0
                estimated = ["", "", ""]
                estimated_here = is_estimated(question, result) and question.has_estimate(option)
                if estimated_here and result.total:
                    guess = estimate(count, result.total, forced_share(option, question.kind))
                    estimated = [f"{guess.share:.4f}", f"{guess.low:.4f}", f"{guess.high:.4f}"]
                writer.writerow(
                    [
                        result.step_id,
                        result.title,
                        question.id,
                        question.text,
                        option,
                        label,
                        count,
                        result.total,
                        f"{share:.4f}",
                        "yes" if result.revealed else "no",
                        *estimated,
                    ]
                )
    for step in withheld(past):
        # Too few answers, or never shown: only how many, nothing of what.
        writer.writerow(
            [
                step["step_id"],
                step["title"],
                "",
                "",
                "",
                "",
                "",
                step["total"],
                "",
                "no",
                "",
                "",
                "",
            ]
        )
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
        ".meta{color:#444}.note{color:#444;font-style:italic}</style></head><body>",
        f"<h1>{html.escape(past.module_title)}</h1>",
        f'<p class="meta">{past.started_at:%d-%m-%Y %H:%M} · '
        f"{plural(past.participants, 'deelnemer', 'deelnemers')} · alleen groepstotalen, geen "
        "losse antwoorden</p>",
    ]
    include_js: bool | str = "inline"  # plotly.js once, in the first chart: works offline
    for before_step, before, after_step, after in comparisons(results):
        figure = comparison_chart(before, before_step.total, after, after_step.total, language)
        parts.append(figure.to_html(full_html=False, include_plotlyjs=include_js))
        include_js = False
    for result in results:
        parts.append(f"<h2>{html.escape(result.title)}</h2>")
        parts.append(
            f'<p class="meta">{plural(result.total, "antwoord", "antwoorden")}'
            + (" · gerandomiseerde antwoorden: schattingen met marge" if result.randomized else "")
            + "</p>"
        )
        for figure in step_charts(result, language):
            parts.append(figure.to_html(full_html=False, include_plotlyjs=include_js))
            include_js = False
    for step in withheld(past):
        parts.append(f"<h2>{html.escape(str(step['title']))}</h2>")
        parts.append(f'<p class="note">{html.escape(withheld_note(step))}</p>')
    parts.append("</body></html>")
    return "\n".join(parts)
