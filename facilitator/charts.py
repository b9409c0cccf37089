"""Plotly figures of group results, made for a projector at the back of a room: large type,
a colour-blind-safe palette (Okabe-Ito), and every bar labelled in words and numbers so that
nothing depends on colour alone.

Sizes are in the projector's design pixels (ui/frontend/projector.js scales a 1920×1080
canvas to the screen), so that text is ``font`` px tall at 1080p and grows with the screen.
On the projector a chart takes the height its box has; ``height`` here is for pages and
reports, which give a chart its own. Other pages pass a smaller ``font``.

- A scale (check-in, check-out): vertical bars in the scale's order, its ends named.
- Other options: horizontal bars, so that labels stay whole words on one or two lines;
  where several may be chosen, sorted by how many chose them.
- 'Liever niet zeggen' is grey and last, here and in the comparison of start and end.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go

from facilitator.i18n import text
from facilitator.kinds import NONE_OF_THESE, PASS
from facilitator.results import (
    QuestionResult,
    StepResult,
    comparisons,
    estimate_frame,
    is_estimated,
    option_frame,
    yes_share_frame,
)

BLUE = "#0072B2"
ORANGE = "#E69F00"
GREY = "#8C8C8C"
INK = "#111111"
FONT = 30  # the projector's chart text at 1080p; none of it smaller than SMALLEST
SMALLEST = 28
# Summaries (the history, the console after the end, the HTML report) are read on a laptop
# or on paper, not from the back of a room.
REPORT_FONT = 16


def _wrap(label: str, width: int) -> str:
    """Whole words on lines of about ``width`` characters (a word longer than that keeps
    its line to itself rather than being cut)."""
    return "<br>".join(textwrap.wrap(label, width, break_long_words=False)) or label


def _small(font: int) -> int:
    return max(round(font * SMALLEST / FONT), 1)


def _share_axis(title: str, *, top: float, quarters: bool = False) -> dict[str, object]:
    """A 0-100 % axis; ``top`` leaves room for the labels beyond the longest bar, and the
    ticks stop at 100 % whatever room the labels take."""
    return {
        "range": [0, top],
        "tickformat": ".0%",
        "tickvals": [0, 0.25, 0.5, 0.75, 1] if quarters else [0, 0.2, 0.4, 0.6, 0.8, 1],
        "title": title,
        "gridcolor": "#DDDDDD",
        "zeroline": False,
    }


def _layout(fig: go.Figure, title: str, *, height: int, font: int) -> go.Figure:
    small = _small(font)
    fig.update_layout(
        title={"text": title, "font": {"size": font + 4}, "x": 0, "xanchor": "left"},
        font={"size": font, "color": INK},
        plot_bgcolor="white",
        paper_bgcolor="white",
        margin={"l": 10, "r": 30, "t": 40 + 3 * font, "b": 20},
        height=height,
        showlegend=False,
        # Nothing moves: a chart that grows its bars makes a room wait for the result.
        transition={"duration": 0},
        uniformtext={"minsize": small, "mode": "show"},
    )
    # Set on the axes themselves: a chart theme may otherwise shrink tick labels to 12 px.
    for update in (fig.update_xaxes, fig.update_yaxes):
        update(
            tickfont={"size": small, "color": INK},
            title_font={"size": small, "color": INK},
            title_standoff=small // 2,
            automargin=True,
        )
    return fig


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def _share_and_count(frame: pd.DataFrame) -> list[str]:
    """ "33% (2)": each option's share of the group and how many chose it."""
    return [f"{_percent(s)} ({c})" for s, c in zip(frame["share"], frame["count"], strict=True)]


def _estimate_label(share: float, low: float, high: float) -> str:
    """ "≈ 40% (25–61%)": an estimate says so, and shows its range in words too."""
    return f"≈ {_percent(share)} ({round(low * 100)}–{_percent(high)})"


def _error_bars(frame: pd.DataFrame) -> dict[str, object]:
    return {
        "type": "data",
        "symmetric": False,
        "array": list(frame["high"] - frame["share"]),
        "arrayminus": list(frame["share"] - frame["low"]),
        "color": INK,
        "thickness": 3,
        "width": 12,
    }


def _colours(options: Iterable[str]) -> list[str]:
    return [GREY if option == PASS else BLUE for option in options]


def _in_order(frame: pd.DataFrame, *, by_count: bool) -> pd.DataFrame:
    """Options as shown: the answers (by count where several may be chosen, most first),
    then 'none of these', then 'liever niet zeggen'."""
    rank = frame["option"].map({NONE_OF_THESE: 1, PASS: 2}).fillna(0)
    keys = [rank, -frame["count"]] if by_count else [rank]
    order = sorted(range(len(frame)), key=lambda i: tuple(float(k.iloc[i]) for k in keys))
    return frame.iloc[order].reset_index(drop=True)


def _title(question_text: str, total: int, language: str, *, note: str = "") -> str:
    title = f"{_wrap(question_text, 70)} · {text(language, 'chart_n', n=total)}"
    return f"{title}<br>{note}" if note else title


def yes_share_chart(result: StepResult, language: str, *, font: int = FONT) -> go.Figure:
    if result.randomized:
        return yes_estimate_chart(result, language, font=font)
    frame = yes_share_frame(result)
    labels = [f"{i}. {_wrap(q, 56)}" for i, q in enumerate(frame["question"], start=1)]
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
            textfont={"size": font},
            cliponaxis=False,
        )
    )
    fig.update_xaxes(**_share_axis(text(language, "chart_share"), top=1.3))
    fig.update_yaxes(autorange="reversed")
    title = f"{text(language, 'chart_share_yes')} · {text(language, 'chart_n', n=result.total)}"
    return _layout(fig, title, height=160 + 3 * font * len(labels), font=font)


def yes_estimate_chart(result: StepResult, language: str, *, font: int = FONT) -> go.Figure:
    """Randomized answers: the estimated share of 'ja' per question, hatched, with its 95%
    interval as an error bar and, at the interval's end, in words."""
    frame = yes_share_frame(result)
    labels = [f"{i}. {_wrap(q, 56)}" for i, q in enumerate(frame["question"], start=1)]
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
        textfont={"size": font},
        cliponaxis=False,
    )
    fig.update_xaxes(**_share_axis(text(language, "chart_estimate_share"), top=1.6, quarters=True))
    fig.update_yaxes(autorange="reversed")
    title = (
        f"{text(language, 'chart_estimate_yes')} · {text(language, 'chart_n', n=result.total)}"
        f"<br>{_wrap(text(language, 'chart_estimate_note'), 90)}"
    )
    return _layout(fig, title, height=200 + 3 * font * len(labels), font=font)


def scale_chart(question: QuestionResult, total: int, language: str, *, font: int) -> go.Figure:
    """A scale in its own order, bars upright, the two ends named under their numbers."""
    frame = option_frame(question, total)
    labels = list(frame["label"])
    labels = [_wrap(label, 16) for label in labels]
    labels[0] = f"{labels[0]}<br>{_wrap(question.low_label, 16)}"
    labels[4] = f"{labels[4]}<br>{_wrap(question.high_label, 16)}"
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=frame["share"],
            marker_color=_colours(frame["option"]),
            text=_share_and_count(frame),
            textposition="outside",
            textfont={"size": font},
            cliponaxis=False,
        )
    )
    fig.update_yaxes(**_share_axis(text(language, "chart_share"), top=1.2))
    fig.update_xaxes(type="category")
    return _layout(fig, _title(question.text, total, language), height=15 * font, font=font)


def options_chart(question: QuestionResult, total: int, language: str, *, font: int) -> go.Figure:
    """Options as horizontal bars, labels in whole words; most chosen first where several
    may be chosen."""
    frame = _in_order(option_frame(question, total), by_count=question.spec.multiple)
    fig = go.Figure(
        go.Bar(
            x=frame["share"],
            y=[_wrap(label, 50) for label in frame["label"]],
            orientation="h",
            marker_color=_colours(frame["option"]),
            text=_share_and_count(frame),
            textposition="outside",
            textfont={"size": font},
            cliponaxis=False,
        )
    )
    fig.update_xaxes(**_share_axis(text(language, "chart_share"), top=1.25))
    fig.update_yaxes(autorange="reversed", type="category")
    height = 160 + 2 * font * len(frame)
    return _layout(fig, _title(question.text, total, language), height=height, font=font)


def distribution_chart(
    question: QuestionResult,
    total: int,
    language: str,
    *,
    estimated: bool = False,
    font: int = FONT,
) -> go.Figure:
    if estimated:
        return estimate_chart(question, total, language, font=font)
    if question.spec.scale:
        return scale_chart(question, total, language, font=font)
    return options_chart(question, total, language, font=font)


def estimate_chart(
    question: QuestionResult, total: int, language: str, *, font: int = FONT
) -> go.Figure:
    """Randomized answers: per option the estimated share of the group, hatched so it never
    passes for a count, with its 95% interval as an error bar and beside it in words."""
    frame = _in_order(estimate_frame(question, total), by_count=question.spec.multiple)
    labels = [_wrap(label, 50) for label in frame["label"]]
    fig = go.Figure()
    fig.add_bar(
        x=frame["share"],
        y=labels,
        orientation="h",
        marker_color=_colours(frame["option"]),
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
        textfont={"size": font},
        cliponaxis=False,
    )
    fig.update_xaxes(**_share_axis(text(language, "chart_estimate_share"), top=1.6, quarters=True))
    fig.update_yaxes(autorange="reversed", type="category")
    note = _wrap(text(language, "chart_estimate_note"), 90)
    title = _title(question.text, total, language, note=note)
    return _layout(fig, title, height=200 + 2 * font * len(frame), font=font)


def step_charts(
    result: StepResult,
    language: str,
    *,
    shown_before: Sequence[StepResult] = (),
    font: int = FONT,
) -> list[go.Figure]:
    """The charts a revealed step shows, in order: one of the shares of 'ja' for two or more
    questions whose kind charts them so, and one per question for the others. A scale asked
    before in the session and shown then (the check-in, at the check-out) is drawn next to
    that earlier result instead of alone."""
    earlier = {
        after.id: (before_step, before)
        for before_step, before, after_step, after in comparisons([*shown_before, result])
        if after_step is result
    }
    figures: list[go.Figure] = []
    yes_shares = [q for q in result.questions if q.spec.chart == "yes_shares"]
    if len(yes_shares) > 1:
        figures.append(yes_share_chart(result, language, font=font))
    for question in result.questions:
        if question.spec.chart == "yes_shares" and len(yes_shares) > 1:
            continue
        if question.id in earlier:
            before_step, before = earlier[question.id]
            figures.append(
                comparison_chart(
                    before, before_step.total, question, result.total, language, font=font
                )
            )
            continue
        figures.append(
            distribution_chart(
                question,
                result.total,
                language,
                estimated=is_estimated(question, result),
                font=font,
            )
        )
    return figures


def comparison_chart(
    before: QuestionResult,
    before_total: int,
    after: QuestionResult,
    after_total: int,
    language: str,
    *,
    font: int = FONT,
) -> go.Figure:
    """The same scale question at the start and at the end, as two group distributions
    side by side. Nothing pairs a person's two answers: there is nothing to pair them by."""
    labels = list(before.option_labels)
    labels = [_wrap(label, 16) for label in labels]
    labels[0] = f"{labels[0]}<br>{_wrap(before.low_label, 16)}"
    labels[4] = f"{labels[4]}<br>{_wrap(before.high_label, 16)}"
    fig = go.Figure()
    for name, result, total, colour in (
        (text(language, "chart_start"), before, before_total, BLUE),
        (text(language, "chart_end"), after, after_total, ORANGE),
    ):
        frame = option_frame(result, total)
        passed = [option == PASS for option in frame["option"]]
        fig.add_bar(
            name=f"{name} · {text(language, 'chart_n', n=total)}",
            x=labels,
            y=frame["share"],
            # 'Liever niet zeggen' grey in both, as on every chart; the pattern tells
            # start from end without colour.
            marker_color=[GREY if p else colour for p in passed],
            marker_pattern_shape="" if colour == BLUE else "/",
            text=[_percent(s) for s in frame["share"]],
            textposition="outside",
            textfont={"size": _small(font)},
            cliponaxis=False,
        )
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.08)
    fig.update_yaxes(**_share_axis(text(language, "chart_share"), top=1.2))
    fig.update_xaxes(type="category")
    title = text(language, "chart_compare", question=_wrap(before.text, 60))
    _layout(fig, title, height=16 * font, font=font)
    fig.update_layout(
        showlegend=True,
        legend={
            "orientation": "h",
            "x": 1,
            "xanchor": "right",
            "y": 1.02,
            "yanchor": "bottom",
            "font": {"size": font},
        },
    )
    return fig
