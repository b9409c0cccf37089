"""Which screen a participant's phone shows, decided from the session's state alone.

The phone page (views/participant.py) draws the screen this returns and nothing else, so
what a phone shows at each moment of a session is tested here without a browser.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from facilitator.ballots import mixes_a_lone_choice
from facilitator.content import Exercise, Module, Question, QuestionStep, Step
from facilitator.models import PHASE_OPEN

Screen = Literal[
    "help",  # the help lines, asked for from any screen
    "privacy",  # what happens to an answer, asked for from any screen
    "notes",  # the private exercises the group has passed, with this phone's notes
    "content_note",  # before the material, once per participant
    "unavailable",  # the session runs, but its material cannot be read here now
    "slide",  # the step's line for the phones
    "exercise",  # the private exercise: prompts and a notepad that stays on the phone
    "question_waiting",  # a question step the facilitator has not opened yet
    "answer_form",  # an open question this phone has not answered
    "answered",  # this phone answered the current step: that it did, nothing of what
    "question_closed",  # closed or revealed before this phone answered
]
ASIDES: tuple[Screen, ...] = ("help", "privacy", "notes")
# Screens of text only, with no control of their own: when the group moves from one to
# another, the phone redraws only the step (views/participant.py), not the whole page.
TEXT_ONLY: tuple[Screen, ...] = ("slide", "question_waiting", "answered", "question_closed")


@dataclass(frozen=True, kw_only=True)
class PhoneState:
    """What the phone page knows when it draws: the session's state and this phone's own."""

    module: Module | None  # None: the session's material cannot be read here now
    current_step: int
    phase: str | None  # of the current step (facilitator.models PHASE_*)
    answered: bool  # the current step, by this phone
    read_note: bool
    aside: str | None = None  # "help", "privacy" or "notes" when the participant opened one


def current_step(state: PhoneState) -> Step | None:
    if state.module is None or not 0 <= state.current_step < len(state.module.steps):
        return None
    return state.module.steps[state.current_step]


def exercises_passed(module: Module | None, current_step: int) -> tuple[Exercise, ...]:
    """The private exercises before the group's current step: their notes stay reachable
    (a "mijn notities" view) after the facilitator moves on, until the session ends."""
    if module is None:
        return ()
    return tuple(s for s in module.steps[: max(current_step, 0)] if isinstance(s, Exercise))


def phone_screen(state: PhoneState) -> Screen:
    for aside in ASIDES:
        if state.aside == aside:
            return aside
    if not state.read_note:
        return "content_note"
    return step_screen(current_step(state), phase=state.phase, answered=state.answered)


def step_screen(step: Step | None, *, phase: str | None, answered: bool) -> Screen:
    """The screen for the group's current step."""
    if step is None:
        return "unavailable"
    if isinstance(step, Exercise):
        return "exercise"
    if not isinstance(step, QuestionStep):
        return "slide"
    if answered:
        return "answered"
    if phase == PHASE_OPEN:
        return "answer_form"
    return "question_waiting" if phase is None else "question_closed"


# A question step with this many questions or more is answered one question per screen:
# the self-test's six were one form 3.7 phone screens tall, and a question left open was
# only named in a warning under the send button. One or two questions fit one screen.
ONE_PER_SCREEN_FROM = 3


def one_question_per_screen(step: QuestionStep) -> bool:
    return len(step.questions) >= ONE_PER_SCREEN_FROM


def choices_kept(step: QuestionStep, kept: Mapping[object, object]) -> dict[str, object]:
    """Of choices a browser kept for this step (its copy of an unsent answer), what a
    phone's widgets could hold: the step's own questions, each with one of its options, or
    for a question of several choices a list of them. Anything else is no choice."""
    return {
        question.id: value
        for question in step.questions
        if (value := _as_chosen(question, kept.get(question.id))) is not None
    }


def _as_chosen(question: Question, value: object) -> object | None:
    options = question.option_ids
    if question.spec.multiple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None
        return [option for option in options if option in value] or None
    return value if isinstance(value, str) and value in options else None


def answer_problems(step: QuestionStep, chosen: Mapping[str, object]) -> dict[int, str]:
    """What keeps each question of a step from being sent, by its position: no answer yet
    ("answer_missing_here"), or a choice that must stand alone chosen with others
    ("answer_pass_alone"). Empty when the whole step can be sent. The text keys are the
    phone's (facilitator/i18n.py); the ballot box checks the same again (ballots.submit)."""
    problems: dict[int, str] = {}
    for position, question in enumerate(step.questions):
        value = chosen.get(question.id)
        if value is None or value == []:
            problems[position] = "answer_missing_here"
        elif isinstance(value, list) and mixes_a_lone_choice(question, value):
            problems[position] = "answer_pass_alone"
    return problems
