"""Plotly figures of group results, made for a projector at the back of a room:
large type, a colour-blind-safe palette (Okabe-Ito), and every bar labelled in words and
numbers so that nothing depends on colour alone."""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

from facilitator.i18n import text
from facilitator.results import (
    QuestionResult,
    StepResult,
    option_frame,
    yes_share_frame,
)

BLUE = "#0072B2"
ORANGE = "#E69F00"
GREY = "#7F7F7F"
FONT_SIZE = 22


def _wrap(label: str, width: int = 30) -> str:
    return "<br>".join(textwrap.wrap(label, width)) or label


def _layout(fig: go.Figure, title: str, *, height: int) -> go.Figure:
    fig.update_layout(
        title={"text": title, "font": {"size": FONT_SIZE + 6}},
        font={"size": FONT_SIZE, "color": "#111111"},
        plot_bgcolor="white",
        paper_bgcolor="white",
        margin={"l": 20, "r": 40, "t": 80, "b": 40},
        height=height,
        showlegend=False,
    )
    # Set on the axes themselves: a chart theme may otherwise shrink tick labels to 12 px.
    fig.update_xaxes(
        tickfont={"size": FONT_SIZE - 4, "color": "#111111"},
        title_font={"size": FONT_SIZE - 4},
        automargin=True,
    )
    fig.update_yaxes(
        tickfont={"size": FONT_SIZE - 4, "color": "#111111"},
        title_font={"size": FONT_SIZE - 4},
        automargin=True,
    )
    return fig


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def yes_share_chart(result: StepResult, language: str) -> go.Figure:
    frame = yes_share_frame(result)
    labels = [f"{i}. {_wrap(q)}" for i, q in enumerate(frame["question"], start=1)]
    fig = go.Figure(
        go.Bar(
            x=frame["share"],
            y=labels,
            orientation="h",
            marker_color=BLUE,
            text=[
                f"{_percent(s)} ({y}/{result.total})"
                for s, y in zip(frame["share"], frame["yes"], strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
        )
    )
    fig.update_xaxes(
        range=[0, 1.15],
        tickformat=".0%",
        title=text(language, "chart_share"),
        gridcolor="#DDDDDD",
    )
    fig.update_yaxes(autorange="reversed")
    title = f"{text(language, 'chart_share_yes')} · {text(language, 'chart_n', n=result.total)}"
    return _layout(fig, title, height=140 + 90 * len(labels))


def yes_count_chart(result: StepResult, language: str) -> go.Figure:
    histogram = result.yes_histogram or []
    labels = [text(language, "chart_times_yes", n=n) for n in range(len(histogram))]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=histogram,
            marker_color=ORANGE,
            text=histogram,
            textposition="outside",
            cliponaxis=False,
        )
    )
    fig.update_yaxes(
        title=text(language, "chart_people"),
        rangemode="tozero",
        gridcolor="#DDDDDD",
        range=[0, max(histogram or [1]) * 1.2 + 0.5],
        dtick=1 if max(histogram or [0]) <= 10 else None,
    )
    fig.update_xaxes(type="category")
    return _layout(fig, text(language, "chart_yes_count"), height=460)


def distribution_chart(question: QuestionResult, total: int, language: str) -> go.Figure:
    frame = option_frame(question, total)
    labels = list(frame["label"])
    if question.kind == "scale":
        labels[0] = f"{labels[0]}<br>{question.low_label}"
        labels[4] = f"{labels[4]}<br>{question.high_label}"
    colours = [GREY if option == "pass" else BLUE for option in frame["option"]]
    fig = go.Figure(
        go.Bar(
            x=[_wrap(label, 16) for label in labels],
            y=frame["share"],
            marker_color=colours,
            text=[
                f"{_percent(s)} ({c})" for s, c in zip(frame["share"], frame["count"], strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
        )
    )
    fig.update_yaxes(
        range=[0, 1.15],
        tickformat=".0%",
        title=text(language, "chart_share"),
        gridcolor="#DDDDDD",
    )
    fig.update_xaxes(type="category")
    title = f"{_wrap(question.text, 60)}"
    return _layout(fig, title, height=500)


def step_charts(result: StepResult, language: str) -> list[go.Figure]:
    """The charts a revealed step shows, in order."""
    figures: list[go.Figure] = []
    yes_no = [q for q in result.questions if q.kind == "yes_no"]
    if len(yes_no) > 1:
        figures.append(yes_share_chart(result, language))
    if result.yes_histogram is not None:
        figures.append(yes_count_chart(result, language))
    for question in result.questions:
        if question.kind != "yes_no" or len(yes_no) == 1:
            figures.append(distribution_chart(question, result.total, language))
    return figures


def comparison_chart(
    before: QuestionResult,
    before_total: int,
    after: QuestionResult,
    after_total: int,
    language: str,
) -> go.Figure:
    """The same scale question at the start and at the end, as two group distributions
    side by side. Nothing pairs a person's two answers: there is nothing to pair them by."""
    labels = list(before.option_labels)
    labels[0] = f"{labels[0]}<br>{before.low_label}"
    labels[4] = f"{labels[4]}<br>{before.high_label}"
    fig = go.Figure()
    for name, result, total, colour in (
        (text(language, "chart_start"), before, before_total, BLUE),
        (text(language, "chart_end"), after, after_total, ORANGE),
    ):
        frame = option_frame(result, total)
        fig.add_bar(
            name=f"{name} ({total})",
            x=[_wrap(label, 16) for label in labels],
            y=frame["share"],
            marker_color=colour,
            marker_pattern_shape="" if colour == BLUE else "/",  # not colour alone
            text=[
                f"{name}: {_percent(s)} ({c})"
                for s, c in zip(frame["share"], frame["count"], strict=True)
            ],
            textposition="outside",
            textangle=-90,
            cliponaxis=False,
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(
        range=[0, 1.35], tickformat=".0%", title=text(language, "chart_share"), gridcolor="#DDDDDD"
    )
    fig.update_xaxes(type="category")
    _layout(fig, text(language, "chart_compare", question=before.text), height=560)
    fig.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.25})
    return fig
