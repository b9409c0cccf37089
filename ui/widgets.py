"""The phone's input for each question kind: the function its ``QuestionKind.widget``
names (facilitator/kinds.py). Each draws one question under its widget key, starting from
what was chosen before, and returns what the participant chose so far (None, or an empty
list, while nothing is chosen)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from facilitator.content import Question
from facilitator.kinds import Widget


def widget_key(session_id: int, step_index: int, question_id: str) -> str:
    return f"q-{session_id}-{step_index}-{question_id}"


def submit_key(session_id: int, step_index: int) -> str:
    return f"submit-{session_id}-{step_index}"


def next_key(session_id: int, step_index: int, place: int) -> str:
    """*Volgende* under the question at ``place`` of a step answered one per screen."""
    return f"answer-next-{session_id}-{step_index}-{place}"


def previous_key(session_id: int, step_index: int, place: int) -> str:
    return f"answer-previous-{session_id}-{step_index}-{place}"


def one_of(question: Question, label: str, key: str, default: object) -> object:
    """One option: a radio group, a scale's two ends named beside their numbers."""
    ends = {}
    if question.spec.scale:
        first, last = question.option_ids[0], question.option_ids[-2]  # before 'pass'
        ends = {first: question.low_label, last: question.high_label}

    def option_label(option_id: str) -> str:
        if option_id in ends:
            return f"{question.label_of(option_id)} · {ends[option_id]}"
        return question.label_of(option_id)

    options = list(question.option_ids)
    return st.radio(
        label,
        options=options,
        index=options.index(default) if default in options else None,
        format_func=option_label,
        key=key,
    )


def any_of(question: Question, label: str, key: str, default: object) -> object:
    """Any number of options: pills to tap on and off."""
    options = list(question.option_ids)
    chosen = st.pills(
        label,
        options=options,
        default=[o for o in default if o in options] if isinstance(default, list) else None,
        format_func=question.label_of,
        selection_mode="multi",
        key=key,
    )
    return chosen or []


WIDGETS: Mapping[Widget, Callable[[Question, str, str, object], object]] = {
    "one_of": one_of,
    "any_of": any_of,
}


def question_widget(question: Question, label: str, key: str, default: object = None) -> object:
    """Draw one question; ``default`` is what was chosen before on an earlier screen."""
    return WIDGETS[question.spec.widget](question, label, key, default)
