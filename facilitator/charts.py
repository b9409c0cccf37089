"""Plotly figures of group results, made for a projector at the back of a room:
large type, a colour-blind-safe palette (Okabe-Ito), and every bar labelled in words and
numbers so that nothing depends on colour alone."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from facilitator.i18n import text
from facilitator.kinds import PASS
from facilitator.results import (
    QuestionResult,
    StepResult,
    estimate_frame,
    is_estimated,
    option_frame,
    yes_share_frame,
)

BLUE = "#0072B2"
ORANGE = "#E69F00"
GREY = "#7F7F7F"
FONT_SIZE = 22


def _wrap(label: str, width: int = 30) -> str:
    return "<br>".join(textwrap.wrap(label, width)) or label


def _share_axis(title: str, *, top: float, quarters: bool = False) -> dict[str, object]:
    """A 0-100 % axis; ``top`` leaves room for the labels beyond the longest bar, and
    ``quarters`` fixes the ticks where intervals would otherwise crowd them."""
    axis: dict[str, object] = {
        "range": [0, top],
        "tickformat": ".0%",
        "title": title,
        "gridcolor": "#DDDDDD",
    }
    if quarters:
        axis["tickvals"] = [0, 0.25, 0.5, 0.75, 1]
    return axis


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


def _estimate_label(share: float, low: float, high: float) -> str:
    """ "≈ 40% (25–61%)": an estimate says so, and shows its range in words too."""
    return f"≈ {_percent(share)} ({round(low * 100)}–{_percent(high)})"


def _error_bars(frame: pd.DataFrame) -> dict[str, object]:
    return {
        "type": "data",
        "symmetric": False,
        "array": list(frame["high"] - frame["share"]),
        "arrayminus": list(frame["share"] - frame["low"]),
        "color": "#111111",
        "thickness": 2.5,
        "width": 10,
    }


def yes_share_chart(result: StepResult, language: str) -> go.Figure:
    if result.randomized:
        return yes_estimate_chart(result, language)
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
    fig.update_xaxes(**_share_axis(text(language, "chart_share"), top=1.15))
    fig.update_yaxes(autorange="reversed")
    title = f"{text(language, 'chart_share_yes')} · {text(language, 'chart_n', n=result.total)}"
    return _layout(fig, title, height=140 + 90 * len(labels))


def yes_estimate_chart(result: StepResult, language: str) -> go.Figure:
    """Randomized answers: the estimated share of 'ja' per question, hatched, with its 95%
    interval as an error bar and, at the interval's end, in words."""
    frame = yes_share_frame(result)
    labels = [f"{i}. {_wrap(q)}" for i, q in enumerate(frame["question"], start=1)]
    fig = go.Figure()
    fig.add_bar(
        x=frame["share"],
        y=labels,
        orientation="h",
        marker_color=BLUE,
        marker_pattern_shape="x",
        error_x=_error_bars(frame),
    )
    fig.add_scatter(
        x=frame["high"],
        y=labels,
        mode="text",
        text=[
            f"  {_estimate_label(s, lo, hi)}"
            for s, lo, hi in zip(frame["share"], frame["low"], frame["high"], strict=True)
        ],
        textposition="middle right",
        textfont={"size": FONT_SIZE},
        cliponaxis=False,
    )
    fig.update_xaxes(**_share_axis(text(language, "chart_estimate_share"), top=1.55, quarters=True))
    fig.update_yaxes(autorange="reversed")
    title = (
        f"{text(language, 'chart_estimate_yes')} · {text(language, 'chart_n', n=result.total)}"
        f"<br><sup>{text(language, 'chart_estimate_note')}</sup>"
    )
    return _layout(fig, title, height=170 + 90 * len(labels))


def distribution_chart(
    question: QuestionResult, total: int, language: str, *, estimated: bool = False
) -> go.Figure:
    if estimated:
        return estimate_chart(question, total, language)
    frame = option_frame(question, total)
    labels = list(frame["label"])
    if question.spec.scale:
        labels[0] = f"{labels[0]}<br>{question.low_label}"
        labels[4] = f"{labels[4]}<br>{question.high_label}"
    colours = [GREY if option == PASS else BLUE for option in frame["option"]]
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
    fig.update_yaxes(**_share_axis(text(language, "chart_share"), top=1.15))
    fig.update_xaxes(type="category")
    title = f"{_wrap(question.text, 60)}"
    return _layout(fig, title, height=500)


def estimate_chart(question: QuestionResult, total: int, language: str) -> go.Figure:
    """Randomized answers: per option the estimated share of the group, hatched so it never
    passes for a count, with its 95% interval as an error bar and above it in words."""
    frame = estimate_frame(question, total)
    labels = [_wrap(label, 16) for label in frame["label"]]
    fig = go.Figure()
    fig.add_bar(
        x=labels,
        y=frame["share"],
        marker_color=[GREY if option == PASS else BLUE for option in frame["option"]],
        marker_pattern_shape="x",
        error_y=_error_bars(frame),
    )
    fig.add_scatter(
        x=labels,
        y=frame["high"],
        mode="text",
        text=[
            f"≈ {_percent(s)}<br>({round(lo * 100)}–{_percent(hi)})"
            for s, lo, hi in zip(frame["share"], frame["low"], frame["high"], strict=True)
        ],
        textposition="top center",
        textfont={"size": FONT_SIZE - 4},
        cliponaxis=False,
    )
    fig.update_yaxes(**_share_axis(text(language, "chart_estimate_share"), top=1.3, quarters=True))
    fig.update_xaxes(type="category")
    title = (
        f"{_wrap(question.text, 60)} · {text(language, 'chart_n', n=total)}"
        f"<br><sup>{text(language, 'chart_estimate_note')}</sup>"
    )
    return _layout(fig, title, height=580)


def step_charts(result: StepResult, language: str) -> list[go.Figure]:
    """The charts a revealed step shows, in order: one of the shares of 'ja' for two or more
    questions whose kind charts them so, and one per question for the others."""
    figures: list[go.Figure] = []
    yes_shares = [q for q in result.questions if q.spec.chart == "yes_shares"]
    if len(yes_shares) > 1:
        figures.append(yes_share_chart(result, language))
    for question in result.questions:
        if question.spec.chart != "yes_shares" or len(yes_shares) == 1:
            figures.append(
                distribution_chart(
                    question,
                    result.total,
                    language,
                    estimated=is_estimated(question, result),
                )
            )
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
    fig.update_yaxes(**_share_axis(text(language, "chart_share"), top=1.35))
    fig.update_xaxes(type="category")
    _layout(fig, text(language, "chart_compare", question=before.text), height=560)
    fig.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.25})
    return fig
