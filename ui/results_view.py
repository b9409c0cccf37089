"""Drawing a step's group result: the same charts on the projector and in summaries."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from facilitator.charts import step_charts
from facilitator.results import StepResult


def show_figure(figure: go.Figure, *, key: str) -> None:
    st.plotly_chart(
        figure,
        width="stretch",
        key=key,
        config={"displayModeBar": False, "staticPlot": True},
    )


def show_result(result: StepResult, language: str, *, key: str) -> None:
    for number, figure in enumerate(step_charts(result, language)):
        show_figure(figure, key=f"{key}-{number}")
