"""The console's primary button (and the → key) follows the flow of a question step:
open, close, show on screen, next. Before, a blue 'Volgende' invited skipping the question."""

from __future__ import annotations

import pytest

from facilitator.flow import Move, next_move
from facilitator.models import PHASE_CLOSED, PHASE_OPEN, PHASE_REVEALED
from ui import keys


def move(phase, answers=5, *, question=True, unanimous=False, last=False) -> Move:
    return next_move(
        is_question=question,
        phase=phase,
        answers_in=answers,
        min_group_size=5,
        unanimous=unanimous,
        last_step=last,
    )


def test_a_question_goes_open_close_show_next():
    assert [move(p) for p in (None, PHASE_OPEN, PHASE_CLOSED, PHASE_REVEALED)] == [
        Move.OPEN,
        Move.CLOSE,
        Move.REVEAL,
        Move.NEXT,
    ]


def test_an_open_question_is_closed_next_whatever_the_count():
    assert move(PHASE_OPEN, answers=0) is Move.CLOSE


def test_the_easy_press_never_shows_what_should_not_be_shown():
    assert move(PHASE_CLOSED, answers=4) is Move.NEXT  # below k: cannot be shown
    assert move(PHASE_CLOSED, unanimous=True) is Move.NEXT  # would show everyone's answer


def test_a_slide_goes_on_and_the_last_step_has_no_next():
    assert move(None, question=False) is Move.NEXT
    assert move(None, question=False, last=True) is Move.NONE
    assert move(PHASE_REVEALED, last=True) is Move.NONE
    assert move(None, last=True) is Move.OPEN  # a last question is still asked


@pytest.mark.parametrize(
    "sent",
    [
        None,
        "next",
        {"key": "next"},
        {"key": "next", "version": "3"},
        {"key": "next", "version": True},
        {"key": "blank", "curtain": "yes"},
        {"key": "reveal", "version": 3},
    ],
)
def test_a_tampered_key_press_is_no_press(sent):
    assert keys.parse(sent) is None


def test_a_key_press_carries_what_the_page_showed():
    assert keys.parse({"key": "next", "version": 7}) == keys.Press("next", version=7)
    assert keys.parse({"key": "blank", "curtain": True}) == keys.Press("blank", curtain=True)
