"""Drawing a step's group result: the same charts on the projector and in summaries."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
import streamlit as st

from facilitator.charts import FONT, step_charts
from facilitator.results import StepResult


def show_figure(figure: go.Figure, *, key: str, height: int | None = None) -> None:
    """``height``: the pixels the page has for the chart (the projector), else its own."""
    if height is not None:
        figure.update_layout(height=height)
    st.plotly_chart(
        figure,
        width="stretch",
        height=height or "content",
        key=key,
        config={"displayModeBar": False, "staticPlot": True},
    )


def show_result(
    result: StepResult,
    language: str,
    *,
    key: str,
    shown_before: Sequence[StepResult] = (),
    font: int = FONT,
    room: int | None = None,
) -> None:
    """``room``: the pixels the page has for all of the result's charts, shared among them
    (the projector); else each chart takes its own height."""
    figures = step_charts(result, language, shown_before=shown_before, font=font)
    height = None if room is None else max(120, room // max(len(figures), 1))
    for number, figure in enumerate(figures):
        show_figure(figure, key=f"{key}-{number}", height=height)
