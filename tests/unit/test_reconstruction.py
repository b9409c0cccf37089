"""An attack on what the projector shows: combine the charts of a revealed step and work out
every group of answers that could have produced them. When only one group of answers fits,
the charts have told everyone in the room each person's set of answers (who is who aside,
which a person's own answers and a little knowledge of the others narrow quickly).

Per-question counts alone pin the answers down only when at most one question had mixed
answers: then the counts themselves say it, and the console's warning covers the plain
case. What must never happen is that a second chart narrows it further, as the "how many
times 'ja' per person" histogram did in about a third of realistic five-person groups.
"""

from __future__ import annotations

import random
import re

import plotly.graph_objects as go

from facilitator.charts import step_charts
from facilitator.content import Module
from facilitator.i18n import text
from facilitator.results import aggregate
from tests.helpers import step_index

PEOPLE = 5
GROUPS = 300


def constraints(figures: list[go.Figure], questions: int) -> dict[str, list[int]]:
    """What the charts say, read from the figures as drawn: 'ja' per question, and 'ja'
    per person if any chart shows that."""
    found: dict[str, list[int]] = {}
    for figure in figures:
        title = str(figure.layout.title.text or "")
        bars = [trace for trace in figure.data if trace.type == "bar"]
        if title.startswith(text("nl", "chart_share_yes")):
            labels = bars[0].text
            found["yes_per_question"] = [int(re.search(r"\((\d+)/", s)[1]) for s in labels]
        elif title.startswith(text("nl", "chart_yes_count")):
            found["people_per_yes_count"] = [int(n) for n in bars[0].y]
        else:
            raise AssertionError(f"a chart the attack does not read yet: {title}")
    assert len(found["yes_per_question"]) == questions
    return found


def fitting_groups(found: dict[str, list[int]], questions: int, *, stop_at: int = 2) -> int:
    """How many groups of PEOPLE answer sets (each a set of questions answered 'ja', as a
    bit mask) fit the charts; counting stops at ``stop_at``."""
    column_sums = found["yes_per_question"]
    histogram = found.get("people_per_yes_count")
    solutions = 0

    def search(first: int, left: int, remaining: list[int], row_sums: list[int]) -> None:
        nonlocal solutions
        if solutions >= stop_at:
            return
        if left == 0:
            if not any(remaining) and (histogram is None or row_sums == histogram):
                solutions += 1
            return
        if any(r > left or r < 0 for r in remaining):
            return
        for mask in range(first, 2**questions):  # sets in non-decreasing order: a multiset
            bits = [mask >> q & 1 for q in range(questions)]
            if any(b > r for b, r in zip(bits, remaining, strict=True)):
                continue
            sums = list(row_sums)
            sums[sum(bits)] += 1
            if histogram is not None and sums[sum(bits)] > histogram[sum(bits)]:
                continue
            search(mask, left - 1, [r - b for r, b in zip(remaining, bits, strict=True)], sums)

    search(0, PEOPLE, list(column_sums), [0] * (questions + 1))
    return solutions


def realistic_groups(module: Module, seed: int = 7) -> list[list[dict[str, str]]]:
    """Five people each, each with their own leaning towards 'ja'; one in ten answers of
    'liever niet zeggen'."""
    step = module.steps[step_index(module, "zelftest")]
    draw = random.Random(seed)
    groups = []
    for _ in range(GROUPS):
        group = []
        for _person in range(PEOPLE):
            leaning = draw.random()
            group.append(
                {
                    q.id: "pass"
                    if draw.random() < 0.1
                    else ("ja" if draw.random() < leaning else "nee")
                    for q in step.questions
                }
            )
        groups.append(group)
    return groups


def test_no_second_chart_narrows_down_what_the_per_question_counts_allow(module):
    index = step_index(module, "zelftest")
    step = module.steps[index]
    questions = len(step.questions)
    narrowed = pinned_by_histogram = 0
    for ballots in realistic_groups(module):
        result = aggregate(step, index, ballots)
        shown = constraints(step_charts(result, "nl"), questions)
        from_charts = fitting_groups(shown, questions)
        from_counts = fitting_groups({"yes_per_question": shown["yes_per_question"]}, questions)
        narrowed += from_charts < from_counts
        # The control: the same attack given a per-person 'ja' histogram, as once shown.
        histogram = [0] * (questions + 1)
        for ballot in ballots:
            histogram[sum(value == "ja" for value in ballot.values())] += 1
        with_histogram = {**shown, "people_per_yes_count": histogram}
        pinned_by_histogram += fitting_groups(with_histogram, questions) == 1
    assert pinned_by_histogram >= GROUPS // 10  # the attack works when given the means
    assert narrowed == 0, f"{narrowed} of {GROUPS} groups narrowed down by combining charts"


def test_every_other_step_shows_one_chart_of_one_question(module):
    """Nothing to combine: a step of one question has one chart, of that question's own
    counts, and no chart anywhere counts per person across questions."""
    for index, step in enumerate(module.steps):
        if not step.is_question or step.id == "zelftest":
            continue
        assert len(step.questions) == 1, step.id
        figures = step_charts(aggregate(step, index, []), "nl")
        assert len(figures) == 1, step.id
        assert step.questions[0].text[:30] in str(figures[0].layout.title.text), step.id
