"""Which screen a phone shows at each moment of a session, without a browser."""

from __future__ import annotations

import pytest

from facilitator.content import QuestionStep
from facilitator.models import PHASE_CLOSED, PHASE_OPEN, PHASE_REVEALED
from facilitator.phone_screens import PhoneState, choices_kept, exercises_passed, phone_screen
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
    for aside in ("help", "privacy", "notes"):
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


def test_the_notes_view_holds_the_exercises_the_group_has_passed():
    from facilitator.content import load_library
    from tests.conftest import CONTENT

    part_two = load_library(CONTENT).get("traumabinding-loskomen", "nl")
    assert part_two is not None
    exercise = step_index(part_two, "feitenlijst")
    assert exercises_passed(part_two, exercise) == ()  # on its own step, it is on screen
    assert [s.id for s in exercises_passed(part_two, exercise + 1)] == ["feitenlijst"]
    assert [s.id for s in exercises_passed(part_two, len(part_two.steps) - 1)] == ["feitenlijst"]
    assert exercises_passed(None, 5) == ()


def test_a_long_step_goes_one_question_per_screen_and_names_what_keeps_it_unsent(module):
    from facilitator.content import QuestionStep
    from facilitator.phone_screens import answer_problems, one_question_per_screen
    from tests.helpers import self_test_answers, self_test_of

    self_test = self_test_of(module)
    check_in = module.steps[step_index(module, "check-in")]
    choose_any = module.steps[step_index(module, "scannen")]
    assert isinstance(check_in, QuestionStep) and isinstance(choose_any, QuestionStep)
    assert one_question_per_screen(self_test)
    assert not one_question_per_screen(check_in) and not one_question_per_screen(choose_any)

    answers = self_test_answers(3)
    assert answer_problems(self_test, answers) == {}
    del answers["niet-begrepen"]
    answers["onrust"] = None
    assert answer_problems(self_test, answers) == {
        2: "answer_missing_here",
        5: "answer_missing_here",
    }
    question = choose_any.questions[0].id
    assert answer_problems(choose_any, {question: []}) == {0: "answer_missing_here"}
    assert answer_problems(choose_any, {question: ["pass", "toon"]}) == {0: "answer_pass_alone"}
    assert answer_problems(choose_any, {question: ["stilte", "toon"]}) == {}


def test_a_tabs_copy_of_unsent_choices_keeps_only_what_the_widgets_could_hold(module, loskomen):
    """What a browser hands back (ui/answering.py) is checked like any value it sends."""
    self_test = module.steps[step_index(module, "zelftest")]
    first, second, third = self_test.questions[:3]
    kept = {
        first.id: first.options[0].id,  # a real choice
        second.id: "<b>made up</b>",  # no option of that question
        third.id: [third.options[0].id],  # a list for a question of one choice
        "<script>": "x" * 10_000,  # no question of the step
        7: "yes",  # not even a name
    }
    assert choices_kept(self_test, kept) == {first.id: first.options[0].id}

    several = next(
        (step, q)
        for step in loskomen.steps
        if isinstance(step, QuestionStep)
        for q in step.questions
        if q.spec.multiple
    )
    step, question = several
    options = list(question.option_ids)
    chosen = {question.id: [options[1], "made up", options[0], options[1]]}
    assert choices_kept(step, chosen) == {question.id: [options[0], options[1]]}
    assert choices_kept(step, {question.id: options[0]}) == {}  # not a list
    assert choices_kept(step, {question.id: ["made up"]}) == {}
