"""Every question kind lives in one entry of facilitator.kinds.KINDS. These tests run each
kind through everything that treats kinds differently, from the table alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator import charts, reports
from facilitator.ballots import clean_answers, mixes_a_lone_choice
from facilitator.content import QuestionStep, parse_module
from facilitator.errors import AnswerRefused
from facilitator.i18n import LANGUAGES
from facilitator.kinds import KINDS, NONE_OF_THESE, PASS, QuestionKind
from facilitator.randomized import forced_share, randomize
from facilitator.results import aggregate, is_unanimous
from facilitator.summaries import PastSession
from tests.helpers import NOW, csv_table
from tests.kinds_module import STEP_ID, first_answer, module_text
from ui.widgets import WIDGETS

KIND_NAMES = list(KINDS)


def the_step(language: str = "nl") -> QuestionStep:
    module = parse_module(Path("alle-soorten.yaml"), module_text(language))
    (step,) = [s for s in module.steps if s.id == STEP_ID]
    assert isinstance(step, QuestionStep)
    return step


@pytest.mark.parametrize("name", KIND_NAMES)
def test_a_kind_has_its_widget_and_its_options_in_every_language(name):
    kind = KINDS[name]
    assert kind.widget in WIDGETS
    assert kind.chart in ("options", "yes_shares")
    if kind.fixed_options is not None:
        assert set(kind.fixed_options) == set(LANGUAGES)
        ids = {language: [i for i, _ in kind.fixed_options[language]] for language in LANGUAGES}
        assert all(ids[language] == ids["nl"] for language in LANGUAGES)
        assert PASS not in ids["nl"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_kind_loads_from_a_module_file_with_rather_not_say_last(language):
    step = the_step(language)
    assert [q.kind for q in step.questions] == KIND_NAMES
    for question in step.questions:
        assert question.option_ids[-1] == PASS
        if question.spec.scale:
            assert question.low_label and question.high_label


def test_a_kind_with_fixed_options_refuses_a_list_and_a_multiple_one_needs_none_of_these():
    text = module_text()
    for kind in KINDS.values():
        if not kind.module_options:
            broken = text.replace(
                f"type: {kind.name}\n", f"type: {kind.name}\n    options: []\n", 1
            )
            with pytest.raises(ValueError, match="options"):
                parse_module(Path("x.yaml"), broken)
    multiple = [k for k in KINDS.values() if k.multiple and k.module_options]
    assert multiple
    without_none = text.replace(f"id: {NONE_OF_THESE}", "id: nog-een")
    with pytest.raises(ValueError, match=NONE_OF_THESE):
        parse_module(Path("x.yaml"), without_none)


def test_every_kind_takes_an_answer_of_its_shape_and_refuses_the_other_shape():
    step = the_step()
    good = {q.id: first_answer(q.spec, q.option_ids) for q in step.questions}
    assert clean_answers(step, good) == good
    for question in step.questions:
        value = good[question.id]
        wrong_shape = value[0] if isinstance(value, list) else [value]
        with pytest.raises(AnswerRefused):
            clean_answers(step, {**good, question.id: wrong_shape})
        if question.spec.multiple:
            assert mixes_a_lone_choice(question, [PASS, question.option_ids[0]])


def counts_per_question(step: QuestionStep, ballots: list[dict]) -> dict[str, list[int]]:
    return {q.id: q.counts for q in aggregate(step, 1, ballots).questions}


def test_every_kind_aggregates_charts_and_exports():
    step = the_step()
    ballots = [
        {q.id: first_answer(q.spec, q.option_ids) for q in step.questions},
        {q.id: first_answer(q.spec, (PASS,)) for q in step.questions},
    ]
    result = aggregate(step, 1, ballots)
    for question in result.questions:
        assert question.counts[0] == 1 and question.counts[-1] == 1, question.kind
    assert not is_unanimous(result)
    # One chart per question here: a lone yes/no is charted by its options too.
    figures = charts.step_charts(result, "nl")
    assert len(figures) == len(step.questions)
    past = PastSession(
        session_id=1,
        module_title="Alle soorten vragen",
        language="nl",
        started_at=NOW,
        ended_at=NOW,
        participants=2,
        steps=[result.to_dict() | {"revealed": True}],
    )
    rows = csv_table(reports.summary_csv(past))
    for question in step.questions:
        mine = [r for r in rows if r["vraag"] == question.id]
        assert [r["antwoord"] for r in mine] == list(question.option_ids)


def always(outcome: int):
    return lambda _n: outcome


@pytest.mark.parametrize("name", KIND_NAMES)
def test_randomized_response_treats_each_kind_as_its_entry_says(name):
    step = the_step()
    (question,) = [q for q in step.questions if q.kind == name]
    kind: QuestionKind = question.spec
    truth = first_answer(kind, question.option_ids)
    answers = {q.id: first_answer(q.spec, q.option_ids) for q in step.questions}
    forced_no = randomize(step, answers, always(11))[question.id]  # 11: a forced 'no'
    if kind.randomization == "none":
        assert forced_no == truth
        assert not kind.randomizable
        assert forced_share(question.option_ids[0], name) == 0.0
    elif kind.randomization == "whole_answer":
        assert forced_no == "nee"
    else:  # each option is a yes/no of its own: every one forced to 'not chosen'
        assert forced_no == []
