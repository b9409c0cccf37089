"""Past sessions of this facilitator, with the aggregate summary that stays after the end."""

from __future__ import annotations

import streamlit as st

from facilitator import summaries
from facilitator.results import StepResult
from ui import roles, runtime
from ui.results_view import show_result

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
        f"{item.started_at:%d-%m-%Y %H:%M} · {item.module_title} · {item.participants} deelnemer(s)"
    )
    with st.expander(label):
        if not item.steps:
            st.write("Geen vragen met genoeg antwoorden voor een groepsuitkomst.")
        for step in item.steps:
            if step.get("suppressed"):
                st.markdown(
                    f"**{step['title']}**: {step['total']} antwoorden, minder dan de "
                    "minimale groepsgrootte; geen uitkomst bewaard."
                )
                continue
            result = StepResult.from_dict(step)
            st.markdown(
                f"**{result.title}** · {result.total} antwoorden"
                + ("" if result.revealed else " (niet getoond in de sessie)")
            )
            show_result(result, item.language, key=f"summary-{item.session_id}-{result.step_index}")
