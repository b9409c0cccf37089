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


def keep_in_browser(showing: tuple[int, int] | None, step: QuestionStep | None = None) -> None:
    """Once per full run of a phone's page that follows a session, before the step is
    drawn (so that the copy is in the tab before the screen it belongs to): the draft for
    the question step on screen (``showing``: its session and step, ``step`` that step;
    None: no form on screen, and the tab's copy goes) is copied to the tab, and a fresh
    draft takes the tab's copy back.

    The copy is read from what this call returns, not before it: a server session that is
    new (a reload, or the process that served the phone died) knows a component's value
    only once its run has drawn the component. Read first, the copy the tab offered on
    reconnecting was not seen by the new session's first run, which drew the self-test's
    first question; the participant's taps met that screen, and the choice on their own
    screen was lost (3 times in 4, after a restart)."""
    draft = _draft()
    mine = draft is not None and (draft.session_id, draft.step_index) == showing
    current = None
    if draft is not None and mine and _has_choices(draft):
        current = {"place": draft.place, "chosen": draft.chosen, "checked": draft.checked}
    on_screen = None if showing is None else _step_of(*showing)
    kept = frontend.component_of("groepssessie_draft", "draft.js")(
        key=KEEPER,
        data={
            "store": DRAFT_STORE,
            "for": on_screen,
            "draft": current,
            "refused": on_screen is not None and st.session_state.get(_REFUSED) == on_screen,
        },
        height=0,
        on_restore_change=lambda: None,
    )
    if showing is not None and step is not None:
        _take_back(step, getattr(kept, "restore", None), *showing)


def _take_back(step: QuestionStep, kept: object, session_id: int, step_index: int) -> None:
    """Before anything of the step is drawn: a fresh draft takes the tab's copy for the
    same step, checked like any value the browser sends: a place on the step, and only
    what the step's widgets could hold (the ballot box checks each answer again when it is
    sent). The tab then gets this draft with the next run (draft.js offers again until it
    does)."""
    draft = draft_for(session_id, step_index)
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
    screen = (draft.session_id, draft.step_index, place, question.id)
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
                on_click=_turn,
                args=(*screen, max(0, place - 1), count),
            )
            forward = st.form_submit_button(
                text(language, "answer_next" if place < count - 1 else "answer_to_review"),
                icon=":material/arrow_forward:",
                icon_position="right",
                type="primary",
                width="stretch",
                key=next_key(draft.session_id, draft.step_index, place),
                on_click=_turn,
                args=(*screen, place + 1, count),
            )
    if not (back or forward):
        return
    # Pressed, and _turn did not run (it would have moved the draft off this screen): see
    # there. Handled here instead, and drawn again.
    _move(draft, question.id, value, max(0, place - 1) if back else place + 1, count)
    st.rerun()


def _turn(
    session_id: int, step_index: int, place: int, question_id: str, to: int, count: int
) -> None:
    """*Vorige* or *Volgende*, before the run the press starts, so that this run draws the
    screen it leads to. Handled in the run, each press took two (the second after
    ``st.rerun``): the self-test cost a phone 14 page runs and 138 ms of server CPU.

    Streamlit calls this only with what the session's previous run drew. A server session
    that drew nothing yet (the process that served the phone died, and the press reaches
    another) calls nothing, and the run itself handles the press (_one_question): without
    that, the press was lost and the phone stayed on its question (seen in CI)."""
    draft = _draft()
    if draft is None or (draft.session_id, draft.step_index, draft.place) != (
        session_id,
        step_index,
        place,
    ):
        return  # not the screen this was pressed on: the run draws what is due
    chosen = st.session_state.get(widget_key(session_id, step_index, question_id))
    _move(draft, question_id, chosen, to, count)


def _move(draft: Draft, question_id: str, chosen: object, to: int, count: int) -> None:
    draft.chosen[question_id] = chosen
    draft.place = to
    if to == count:
        draft.checked = True


def _go_back_to(session_id: int, step_index: int, position: int) -> None:
    """A question's row on the review, before its run (as _turn, and with the same
    fallback in _review): that question's screen."""
    draft = _draft()
    if draft is not None and (draft.session_id, draft.step_index) == (session_id, step_index):
        draft.place = position


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
            on_click=_go_back_to,
            args=(draft.session_id, draft.step_index, position),
        ):
            draft.place = position  # _go_back_to did not run: as in _one_question
            st.rerun()
    sent = _send_button(st.button, draft, language)
    if not sent:
        return
    if problems:
        draft.place = min(problems)  # to the first question that needs it, marked there
        st.rerun()
    send(dict(draft.chosen))
