"""A question step on a participant's phone: what they choose before it is sent.

A short step (one or two questions) is one form with one send. A long one (the six-question
self-test) is one question per screen, "vraag 2 van 6", with *Vorige* and *Volgende*, then
a short review and one send for all of them: still one ballot and one roll entry. A
question without an answer is marked at the question itself, on the review and when the
participant returns to it.

What is chosen so far lives in this browser session's server memory (a ``Draft``), as a
widget's value would, and a copy in the tab's sessionStorage (ui/frontend/draft.js): never
in the URL, the page's address, the database or a log. The copy is what survives a reload,
or the app process dying under the phone (a proxy sends the phone on to another process,
which knows no draft): a server session with an empty draft for the step takes the tab's
back. Both go when the answers are sent or the step is no longer on the phone's screen;
the quick exit and the session's end clear the tab's storage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import streamlit as st

from facilitator.content import Question, QuestionStep
from facilitator.i18n import text
from facilitator.phone_screens import answer_problems, choices_kept, one_question_per_screen
from facilitator.randomized import REPLACED_ONE_IN
from ui import frontend
from ui.widgets import next_key, previous_key, question_widget, submit_key, widget_key

DRAFT = "answer-draft"
KEEPER = "answer-draft-keeper"  # the component's key: its "restore" is the tab's copy
DRAFT_STORE = "gs-draft"  # the copy's key in the tab's sessionStorage (draft.js, phone.js)
_REFUSED = "answer-draft-refused"  # the step whose copy was not a draft of it

Send = Callable[[dict[str, object]], None]


@dataclass
class Draft:
    """One phone's unsent choices for the question step on its screen."""

    session_id: int
    step_index: int
    place: int = 0  # the question on screen; len(step.questions) is the review
    chosen: dict[str, object] = field(default_factory=dict)
    # Reached the review or tried to send: from then on, what is missing is marked.
    checked: bool = False


def _draft() -> Draft | None:
    draft = st.session_state.get(DRAFT)
    return draft if isinstance(draft, Draft) else None


def draft_for(session_id: int, step_index: int) -> Draft:
    draft = _draft()
    if draft is None or (draft.session_id, draft.step_index) != (session_id, step_index):
        draft = Draft(session_id, step_index)
        st.session_state[DRAFT] = draft
    return draft


def forget() -> None:
    st.session_state.pop(DRAFT, None)


def _has_choices(draft: Draft) -> bool:
    return bool(
        draft.place or draft.checked or any(v not in (None, []) for v in draft.chosen.values())
    )


def _step_of(session_id: int, step_index: int) -> str:
    return f"{session_id}-{step_index}"


def keep_in_browser(showing: tuple[int, int] | None) -> None:
    """Once per full run of a phone's page that follows a session, before the step is
    drawn (so that the copy is in the tab before the screen it belongs to): the draft for
    the question step on screen (``showing``: its session and step; None: no form on
    screen, and the tab's copy goes)."""
    draft = _draft()
    mine = draft is not None and (draft.session_id, draft.step_index) == showing
    current = None
    if draft is not None and mine and _has_choices(draft):
        current = {"place": draft.place, "chosen": draft.chosen, "checked": draft.checked}
    step = None if showing is None else _step_of(*showing)
    frontend.component_of("groepssessie_draft", "draft.js")(
        key=KEEPER,
        data={
            "store": DRAFT_STORE,
            "for": step,
            "draft": current,
            "refused": step is not None and st.session_state.get(_REFUSED) == step,
        },
        height=0,
        on_restore_change=lambda: None,
    )


def take_back(step: QuestionStep, *, session_id: int, step_index: int) -> None:
    """Before anything of the step is drawn: a fresh draft takes the tab's copy for the
    same step, checked like any value the browser sends: a place on the step, and only
    what the step's widgets could hold (the ballot box checks each answer again when it is
    sent)."""
    draft = draft_for(session_id, step_index)
    kept = frontend.component_value(KEEPER, "restore")
    if not isinstance(kept, dict) or _has_choices(draft):
        return
    mine = _step_of(draft.session_id, draft.step_index)
    if kept.get("for") != mine:
        return  # another step's, or another session's
    body = kept.get("draft")
    body = body if isinstance(body, dict) else {}
    place, chosen = body.get("place"), body.get("chosen")
    if not (
        isinstance(place, int) and 0 <= place <= len(step.questions) and isinstance(chosen, dict)
    ):
        st.session_state[_REFUSED] = mine  # the tab deletes it
        return
    draft.chosen = choices_kept(step, chosen)
    draft.place = place
    draft.checked = body.get("checked") is True
    for question in step.questions:  # what the empty screen's widgets held is not a choice
        st.session_state.pop(widget_key(draft.session_id, draft.step_index, question.id), None)


def keep_choices() -> None:
    """Copy what the widgets on the last screen hold into the draft, before anything else
    of this run can fail. A run that cannot reach the database draws no question, and
    Streamlit then forgets the widgets' values: the choice on screen would be lost."""
    draft = _draft()
    if draft is None:
        return
    prefix = widget_key(draft.session_id, draft.step_index, "")
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.startswith(prefix):
            draft.chosen[key.removeprefix(prefix)] = st.session_state[key]


def chosen(session_id: int, step_index: int, step: QuestionStep) -> dict[str, object]:
    """Everything chosen so far on this step, for a send pressed on a screen that this run
    no longer draws."""
    draft = _draft()
    answers: dict[str, object] = {q.id: None for q in step.questions}
    if draft is not None and (draft.session_id, draft.step_index) == (session_id, step_index):
        answers.update(draft.chosen)
    for question in step.questions:
        key = widget_key(session_id, step_index, question.id)
        if key in st.session_state:
            answers[question.id] = st.session_state[key]
    return answers


def draw(
    step: QuestionStep,
    *,
    session_id: int,
    step_index: int,
    language: str,
    randomized: bool,
    send: Send,
) -> None:
    draft = draft_for(session_id, step_index)
    if not one_question_per_screen(step):
        _intro(step, language, randomized)
        _one_form(step, draft, language, send)
    elif draft.place < len(step.questions):
        if draft.place == 0:
            _intro(step, language, randomized)
        _one_question(step, draft, language)
    else:
        if randomized:
            _randomized_note(language)
        _review(step, draft, language, send)


def _intro(step: QuestionStep, language: str, randomized: bool) -> None:
    """Before the first question only: the step's line, and how to answer."""
    st.write(step.phone)
    if randomized and any(q.spec.randomizable for q in step.questions):
        _randomized_note(language)
    every_multiple = all(q.spec.multiple for q in step.questions)
    st.caption(text(language, "answer_any_intro" if every_multiple else "answer_intro"))


def _randomized_note(language: str) -> None:
    # Told before answering, every time: what this mode does with their answer.
    st.info(text(language, "randomized_note", one_in=REPLACED_ONE_IN), icon=":material/shuffle:")


def _mark(problem: str | None, language: str) -> None:
    """At the question itself, just above it: why it cannot be sent yet."""
    if problem is not None:
        st.warning(text(language, problem), icon=":material/edit:")


def _send_button(button: Callable[..., bool], draft: Draft, language: str) -> bool:
    """The one send of a step, in the row that stays in reach (phone.css). ``button`` is
    the form's submit button or, on the review (which is no form), a plain one."""
    with st.container(key="answer-actions"):
        return button(
            text(language, "submit"),
            type="primary",
            width="stretch",
            key=submit_key(draft.session_id, draft.step_index),
        )


def _one_form(step: QuestionStep, draft: Draft, language: str, send: Send) -> None:
    problems = answer_problems(step, draft.chosen) if draft.checked else {}
    with st.form(f"answer-{draft.session_id}-{draft.step_index}", border=False):
        values: dict[str, object] = {}
        for position, question in enumerate(step.questions):
            # A lone question is not numbered: "1." over a single question reads as a list
            # that lost its other items.
            label = (
                question.text if len(step.questions) == 1 else f"{position + 1}. {question.text}"
            )
            _mark(problems.get(position), language)
            values[question.id] = question_widget(
                question,
                label,
                widget_key(draft.session_id, draft.step_index, question.id),
                draft.chosen.get(question.id),
            )
        sent = _send_button(st.form_submit_button, draft, language)
    if not sent:
        return
    draft.chosen.update(values)
    if answer_problems(step, values):
        draft.checked = True
        st.rerun()  # drawn again, with each problem under its question
    send(values)


def _one_question(step: QuestionStep, draft: Draft, language: str) -> None:
    place, count = draft.place, len(step.questions)
    question = step.questions[place]
    st.markdown(f"**{text(language, 'question_of', number=place + 1, count=count)}**")
    problem = answer_problems(step, draft.chosen).get(place) if draft.checked else None
    with st.form(f"answer-{draft.session_id}-{draft.step_index}-{place}", border=False):
        _mark(problem, language)
        value = question_widget(
            question,
            question.text,
            widget_key(draft.session_id, draft.step_index, question.id),
            draft.chosen.get(question.id),
        )
        with st.container(key="answer-actions", horizontal=True):
            back = st.form_submit_button(
                text(language, "answer_previous"),
                icon=":material/arrow_back:",
                width="stretch",
                disabled=place == 0,
                key=previous_key(draft.session_id, draft.step_index, place),
            )
            forward = st.form_submit_button(
                text(language, "answer_next" if place < count - 1 else "answer_to_review"),
                icon=":material/arrow_forward:",
                icon_position="right",
                type="primary",
                width="stretch",
                key=next_key(draft.session_id, draft.step_index, place),
            )
    if not (back or forward):
        return
    draft.chosen[question.id] = value
    draft.place = max(0, place - 1) if back else place + 1
    if draft.place == count:
        draft.checked = True
    st.rerun()


def _answer_label(question: Question, value: object) -> str:
    if isinstance(value, list):
        return ", ".join(question.label_of(str(option)) for option in value)
    return question.label_of(str(value))


def _review(step: QuestionStep, draft: Draft, language: str, send: Send) -> None:
    """Short on purpose: each question by its number with what was chosen, to tap on and
    change, then one send. The questions' texts are on their own screens."""
    st.markdown(f"**{text(language, 'review_title')}**")
    st.write(text(language, "review_intro"))
    problems = answer_problems(step, draft.chosen)
    for position, question in enumerate(step.questions):
        problem = problems.get(position)
        answer = (
            text(language, "review_missing")
            if problem == "answer_missing_here"
            else _answer_label(question, draft.chosen.get(question.id))
        )
        if st.button(
            text(language, "review_row", number=position + 1, answer=answer),
            icon=":material/edit:" if problem else ":material/check:",
            width="stretch",
            key=f"review-{draft.session_id}-{draft.step_index}-{position}",
        ):
            draft.place = position
            st.rerun()
    sent = _send_button(st.button, draft, language)
    if not sent:
        return
    if problems:
        draft.place = min(problems)  # to the first question that needs it, marked there
        st.rerun()
    send(dict(draft.chosen))
