"""Drawing a step's group result: the same charts on the projector and in summaries."""

from __future__ import annotations

import streamlit as st

from facilitator.charts import step_charts
from facilitator.results import StepResult


def show_result(result: StepResult, language: str, *, key: str) -> None:
    for number, figure in enumerate(step_charts(result, language)):
        st.plotly_chart(
            figure,
            use_container_width=True,
            key=f"{key}-{number}",
            config={"displayModeBar": False, "staticPlot": True},
        )
