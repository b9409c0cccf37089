"""Whatever a browser sends, only answers from the offered options get through."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.ballots import clean_answers
from facilitator.content import Step, parse_module
from facilitator.errors import AnswerRefused
from tests.helpers import self_test_answers, step_index

CHOOSE_ANY = parse_module(
    "inline.yaml",
    """
id: m
language: nl
title: T
description: D
steps:
  - id: q
    type: question
    title: Q
    phone: P
    notes: {aim: A, discuss: [Q]}
    minutes: 2
    questions:
      - id: scan
        type: choose_any
        text: Waar let je op?
        options: [{id: toon, label: Toon}, {id: stilte, label: Stilte}, {id: geen, label: Geen}]
""",
).steps[0]


@pytest.fixture
def self_test(module) -> Step:
    return module.steps[step_index(module, "zelftest")]


def test_offered_answers_are_accepted_unchanged(self_test):
    answers = {**self_test_answers(3), "onrust": "pass", "kind": "weet_niet"}
    assert clean_answers(self_test, answers) == answers


@pytest.mark.parametrize(
    "tampered",
    [
        {"vriend": "ja"},  # questions missing
        {**self_test_answers(2), "extra": "ja"},  # a question that is not there
        {**self_test_answers(2), "vriend": "JA"},
        {**self_test_answers(2), "vriend": "'; DROP TABLE ballot; --"},
        {**self_test_answers(2), "vriend": ["ja"]},
        {**self_test_answers(2), "vriend": None},
        {**self_test_answers(2), "vriend": 1},
        {**self_test_answers(2), "vriend": "ja" * 500_000},
        "ja,ja,ja,ja,ja,ja",
        None,
    ],
)
def test_tampered_answers_are_refused(self_test, tampered):
    with pytest.raises(AnswerRefused) as refused:
        clean_answers(self_test, tampered)
    assert refused.value.code == "refused_invalid"


def test_choose_any_accepts_a_set_of_options_in_a_fixed_order():
    assert clean_answers(CHOOSE_ANY, {"scan": ["stilte", "toon"]}) == {"scan": ["toon", "stilte"]}
    assert clean_answers(CHOOSE_ANY, {"scan": ["pass"]}) == {"scan": ["pass"]}


@pytest.mark.parametrize(
    "value",
    [
        [],
        ["toon", "toon"],
        ["pass", "toon"],
        ["geen", "stilte"],
        "toon",
        ["lach"],
        [["toon"]],
        ["toon"] * 1000,
    ],
)
def test_choose_any_refuses_empty_repeated_or_mixed_with_rather_not_say(value):
    with pytest.raises(AnswerRefused):
        clean_answers(CHOOSE_ANY, {"scan": value})


@given(
    st.dictionaries(
        st.text(max_size=20),
        st.one_of(
            st.text(max_size=30),
            st.lists(st.text(max_size=10), max_size=4),
            st.integers(),
            st.none(),
        ),
        max_size=8,
    )
)
def test_random_payloads_are_either_refused_or_exactly_offered_options(module, payload):
    step = module.steps[step_index(module, "zelftest")]
    try:
        cleaned = clean_answers(step, payload)
    except AnswerRefused:
        return
    for question in step.questions:
        assert cleaned[question.id] in question.option_ids


def test_none_of_these_stands_alone_like_rather_not_say(loskomen):
    from facilitator.ballots import clean_answers
    from facilitator.errors import AnswerRefused

    step = next(s for s in loskomen.steps if s.id == "moeilijk")
    assert clean_answers(step, {"redenen": ["geen"]}) == {"redenen": ["geen"]}
    with pytest.raises(AnswerRefused):
        clean_answers(step, {"redenen": ["geen", "hoop"]})
