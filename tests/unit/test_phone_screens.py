"""Which screen a phone shows at each moment of a session, without a browser."""

from __future__ import annotations

import pytest

from facilitator.models import PHASE_CLOSED, PHASE_OPEN, PHASE_REVEALED
from facilitator.phone_screens import PhoneState, phone_screen
from tests.helpers import step_index


def state(module, step_id: str | None, **changes) -> PhoneState:
    values = {
        "module": module,
        "current_step": step_index(module, step_id) if step_id else 0,
        "phase": None,
        "answered": False,
        "read_note": True,
    }
    return PhoneState(**(values | changes))


def test_the_content_note_comes_first_and_an_aside_before_anything(module):
    assert phone_screen(state(module, "welkom", read_note=False)) == "content_note"
    for aside in ("help", "privacy"):
        assert phone_screen(state(module, "zelftest", read_note=False, aside=aside)) == aside


@pytest.mark.parametrize(
    ("phase", "answered", "screen"),
    [
        (None, False, "question_waiting"),
        (PHASE_OPEN, False, "answer_form"),
        (PHASE_OPEN, True, "answered"),
        (PHASE_CLOSED, False, "question_closed"),
        (PHASE_REVEALED, False, "question_closed"),
        (PHASE_REVEALED, True, "answered"),  # never the form again, nothing of the answer
    ],
)
def test_a_question_step_through_its_phases(module, phase, answered, screen):
    assert phone_screen(state(module, "zelftest", phase=phase, answered=answered)) == screen


def test_slides_exercises_and_material_that_cannot_be_read(module, loskomen):
    assert phone_screen(state(module, "welkom")) == "slide"
    assert phone_screen(state(loskomen, "feitenlijst")) == "exercise"
    assert phone_screen(state(None, None)) == "unavailable"
    assert phone_screen(state(module, None, current_step=len(module.steps))) == "unavailable"
