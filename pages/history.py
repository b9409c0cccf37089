"""Past sessions of this facilitator, with the aggregate summary that stays after the end,
and its exports (CSV, self-contained HTML). Aggregates only: the ballots are gone."""

from __future__ import annotations

from functools import partial

import streamlit as st

from facilitator import reports, summaries
from facilitator.charts import comparison_chart
from facilitator.summaries import PastSession
from ui import roles, runtime
from ui.results_view import show_figure, show_result


def show_past(item: PastSession) -> None:
    results = reports.step_results(item)
    stamp = f"{item.started_at:%Y-%m-%d}-{item.session_id}"
    # Deferred: a report is built only when its button is pressed, not on every page view.
    exports = [
        ("Download CSV", reports.summary_csv, "csv", "text/csv", ":material/table:"),
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
    if not item.steps:
        st.write("Geen vragen met antwoorden.")
    for before_step, before, after_step, after in reports.comparisons(results):
        show_figure(
            comparison_chart(before, before_step.total, after, after_step.total, item.language),
            key=f"compare-{item.session_id}-{before.id}",
        )
    for result in results:
        st.markdown(
            f"**{result.title}** · {result.total} antwoorden"
            + ("" if result.revealed else " (niet getoond in de sessie)")
        )
        show_result(result, item.language, key=f"summary-{item.session_id}-{result.step_index}")
    for step in reports.suppressed(item):
        st.markdown(
            f"**{step['title']}**: {step['total']} antwoorden, minder dan de minimale "
            "groepsgrootte; geen uitkomst bewaard."
        )


def main() -> None:
    st.set_page_config(page_title="Eerdere sessies · Groepssessie", layout="wide")
    facilitator_id = roles.facilitator_id()
    if facilitator_id is None:
        st.switch_page("pages/sign_in.py")
    st.title("Eerdere sessies")
    with runtime.database().read() as s:
        past = summaries.past_sessions(s, facilitator_id=facilitator_id)
    if not past:
        st.info("Nog geen afgesloten sessies.")
    for item in past:
        label = (
            f"{item.started_at:%d-%m-%Y %H:%M} · {item.module_title} · "
            f"{item.participants} deelnemer(s)"
        )
        with st.expander(label, expanded=item is past[0]):
            show_past(item)


main()
