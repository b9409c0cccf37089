"""A past session's summary and its exports, as the history shows it and as the console
shows it right after the end. Aggregates only: the ballots are gone."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from facilitator import reports
from facilitator.charts import REPORT_FONT, comparison_chart
from facilitator.i18n import plural
from facilitator.results import comparisons
from facilitator.summaries import PastSession
from ui.results_view import show_figure, show_result


def show_past(item: PastSession) -> None:
    results = reports.step_results(item)
    stamp = f"{item.started_at:%Y-%m-%d}-{item.session_id}"
    # Deferred: a report is built only when its button is pressed, not on every page view.
    exports: list[tuple[str, Callable[[PastSession], str | bytes], str, str, str]] = [
        (
            "Download Excel",
            reports.summary_xlsx,
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ":material/table:",
        ),
        ("Download CSV", reports.summary_csv, "csv", "text/csv", ":material/csv:"),
        (
            "Download rapport (HTML)",
            reports.summary_html,
            "html",
            "text/html",
            ":material/description:",
        ),
    ]
    for column, (label, build, extension, mime, icon) in zip(
        st.columns(len(exports)), exports, strict=True
    ):
        column.download_button(
            label,
            data=partial(build, item),
            file_name=f"groepssessie-{stamp}.{extension}",
            mime=mime,
            key=f"{extension}-{item.session_id}",
            on_click="ignore",
            icon=icon,
        )
    st.caption(reports.header_line(item))
    if not item.steps:
        st.write("Geen vragen met antwoorden.")
    for before_step, before, after_step, after in comparisons(results):
        show_figure(
            comparison_chart(
                before,
                before_step.total,
                after,
                after_step.total,
                item.language,
                font=REPORT_FONT,
            ),
            key=f"compare-{item.session_id}-{before.id}",
        )
    for result in results:
        st.markdown(f"**{result.title}** · {plural(result.total, 'antwoord', 'antwoorden')}")
        show_result(
            result,
            item.language,
            key=f"summary-{item.session_id}-{result.step_index}",
            font=REPORT_FONT,
        )
    for step in reports.withheld(item):
        st.markdown(f"**{step['title']}**: {reports.withheld_note(step)}")
