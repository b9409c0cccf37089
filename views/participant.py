"""A participant's phone: join with a code, follow the facilitator, answer when asked.

The phone keeps a random participant token in this browser session and in a cookie (see
``ui.phone``), so a reload, a re-scanned QR code or a phone waking up finds the same
participant and can never answer a step twice. The page never changes the URL, so the
whole visit is one browser-history entry that the quick exit can replace. Nothing of an
answer ever goes into the URL, the page or a log; after sending, the phone only says that
the answer was received.
"""

from __future__ import annotations

import time
from dataclasses import replace

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from facilitator import ballots, pauses, question_box, sessions
from facilitator.config import MIN_GROUP_SIZE_FLOOR
from facilitator.content import Exercise, Module, QuestionStep, Step
from facilitator.errors import DatabaseUnavailable, JoinRefused
from facilitator.i18n import language_from_locale, text
from facilitator.models import RUNNING, GroupSession
from facilitator.phone_screens import (
    TEXT_ONLY,
    PhoneState,
    Screen,
    current_step,
    exercises_passed,
    phone_screen,
)
from facilitator.privacy import token_hash
from facilitator.timeutil import utcnow
from ui import (
    answering,
    departures,
    navigation,
    outage,
    phone,
    push,
    roles,
    runtime,
    style,
    watchdog,
)
from ui.actions import UNAVAILABLE, Done, Refused, attempt
from ui.widgets import submit_key

FORM_ON_SCREEN = "form-on-screen"  # (session id, step index) of the answer form last drawn
TOKEN = "participant-token"  # this browser session's participant token
CODE_HANDLED = "join-code-handled"  # the join link's code, once acted upon
SHOWING = "phone-view"  # "help", "privacy" or "notes" instead of the group's step
GOODBYE = "phone-goodbye"  # the language of the session this phone saw end
JUST_READ = "version-just-read"  # set by a full run right before it draws watch()
SEEN_WRITTEN = "seen-written"  # time.monotonic() when this phone last said it is here
ANNOUNCE = "announce"  # the text key a screen reader should hear in the next run
IN_PLACE = "step-in-place"  # what the last full run drew around a step it drew in place
VIEW_OF_THIS_RUN = "phone-seen-this-run"  # a full run's Seen, handed to step_in_place


JOIN_UNAVAILABLE = "join_unavailable"  # a join the database did not answer: try again


def show_join_form(language: str, error: str | None = None) -> None:
    st.title(text(language, "join_heading"), anchor=False)
    st.write(text(language, "join_intro"))
    if error:
        st.error(text(language, error), icon=":material/error:")
    with st.form("join-form"):
        # No autofill; phone.js adds what Streamlit has no parameter for (capitals, no
        # autocorrect or spell check).
        code = st.text_input(
            text(language, "join_code_label"), max_chars=12, key="join-code", autocomplete="off"
        )
        if st.form_submit_button(text(language, "join_button"), type="primary", width="stretch"):
            refused = join(code)
            if refused is not None:
                # For the next run; the typed code stays in the form to send again.
                st.session_state["join-error"] = refused
            st.rerun()
    help_button(language)


def join(raw_code: str) -> Refused | None:
    """Join in one transaction; why not (with the language to say it in, when the code
    belonged to an ended session), or None once joined."""
    outcome = attempt(
        lambda s: sessions.join_from(
            s,
            raw_code=raw_code,
            client=runtime.client_address(),
            guards=runtime.guards(),
            now=utcnow(),
            clock=time.monotonic(),
        )[1]
    )
    if isinstance(outcome, Refused):
        return Refused(JOIN_UNAVAILABLE) if outcome.code == UNAVAILABLE else outcome
    st.session_state[TOKEN] = outcome.value
    return None


def is_code_of(group: GroupSession, raw_code: str) -> bool:
    try:
        return group.join_code == sessions.normalize_join_code(raw_code)
    except JoinRefused:
        return False


def help_button(language: str, *, notes: bool = False) -> None:
    """Help and privacy (and the notes, once the group has passed a private exercise):
    views within this page, not page links. A link would add a history entry that the
    back button could return to after a quick exit."""
    views: tuple[tuple[str, str, str], ...] = (
        ("help", "help_link", ":material/support:"),
        ("privacy", "privacy_link", ":material/shield:"),
    )
    if notes:
        views = (("notes", "notes_link", ":material/edit_note:"), *views)
    for view, label, icon in views:
        if st.button(text(language, label), icon=icon, width="stretch", key=f"{view}-open"):
            st.session_state[SHOWING] = view
            st.rerun()


# This run's press of the pause button was carried out by its callback.
PAUSE_ASKED = "pause-asked"


def pause_button(token: str, language: str) -> None:
    """Quiet, on every screen of a followed session: ask for a pause without raising a
    hand (facilitator/pauses.py). What the phone says back is a toast that fades, so that
    a glance at the phone later finds nothing of it."""
    pressed = st.button(
        text(language, "pause_ask"),
        icon=":material/self_improvement:",
        width="stretch",
        key="pause-ask",
        on_click=ask_for_pause,
        args=(token, language),
    )
    # A server session that drew no button yet (the process restarted under the phone)
    # calls no callback: its run carries the press out.
    if pressed and not st.session_state.pop(PAUSE_ASKED, False):
        ask_for_pause(token, language)


def ask_for_pause(token: str, language: str) -> None:
    """One ask, at most one per phone in a few minutes (throttle.PAUSE_BY_PHONE)."""
    phone, clock = token_hash(token), time.monotonic()
    limits = runtime.guards()
    said: str | None = "pause_again_later"
    if not limits.pause_wait(phone, now=clock):
        outcome = attempt(lambda s: pauses.ask(s, token=token, now=utcnow()))
        if isinstance(outcome, Refused):
            said = "pause_unavailable"
        elif outcome.value:
            limits.pause_asked(phone, now=clock)
            said = "pause_sent"
        else:  # the session ended meanwhile, and this run says goodbye
            said = None
    st.session_state[PAUSE_ASKED] = True
    if said is not None:
        st.toast(text(language, said), icon=":material/self_improvement:")


def question_box_form(token: str, language: str) -> None:
    """Under the pause button: a question or remark for the facilitator, typed in the
    browser and sent only with the button (facilitator/question_box.py). The phone says
    plainly what protects the sender and what does not; what was sent is not shown back."""
    with (
        st.expander(text(language, "box_title"), icon=":material/forum:"),
        st.form("box-form", clear_on_submit=True, border=False),
    ):
        typed = st.text_area(
            text(language, "box_label"), max_chars=question_box.MAX_CHARS, key="box-text"
        )
        st.caption(text(language, "box_about"))
        sent = st.form_submit_button(text(language, "box_send"), width="stretch")
    if sent:
        st.toast(text(language, send_question(token, typed)), icon=":material/forum:")


def send_question(token: str, typed: object) -> str:
    """Put the question in the box; what to tell the phone (an i18n key)."""
    phone, clock = token_hash(token), time.monotonic()
    limits = runtime.guards()
    if limits.box_wait(phone, now=clock):
        return "box_wait"
    outcome = attempt(lambda s: question_box.ask(s, token=token, raw=typed, now=utcnow()))
    if isinstance(outcome, Refused):
        return "box_unavailable" if outcome.code == UNAVAILABLE else outcome.code
    limits.box_sent(phone, now=clock)
    return "box_sent"


def show_view(language: str, view: str) -> None:
    if view == "privacy":
        st.title(text(language, "privacy_title"), anchor=False)
        st.markdown(
            text(
                language,
                "privacy_body",
                session_hours=f"{runtime.settings().session_max_hours:g}",
                k_floor=MIN_GROUP_SIZE_FLOOR,
            )
        )
    else:
        shown = runtime.help_text(language)
        st.title(shown.title, anchor=False)
        st.markdown(shown.body)
    if st.button(
        text(language, "help_back"),
        icon=":material/arrow_back:",
        type="primary",
        width="stretch",
        key=f"{view}-close",
    ):
        st.session_state.pop(SHOWING, None)
        st.rerun()


def send(token: str, step_index: int, answers: dict[str, object], module: Module) -> None:
    """One submission, one transaction. A refusal is shown after the rerun. When the
    database does not answer, nothing was stored: the form stays as it is, with its
    choices, and says so; sent again later, it counts once (the roll refuses a second)."""
    outcome = attempt(
        lambda s: ballots.submit(
            s, token=token, step_index=step_index, answers=answers, module=module
        )
    )
    if isinstance(outcome, Refused) and outcome.code == UNAVAILABLE:
        st.warning(text(outage.language(), "send_unavailable"), icon=":material/wifi_off:")
        return
    if isinstance(outcome, Refused):
        st.session_state["answer-refused"] = outcome.code
    # For a screen reader, in the next run: whether it was received, or why not.
    st.session_state[ANNOUNCE] = outcome.code if isinstance(outcome, Refused) else "answered"
    st.session_state.pop(FORM_ON_SCREEN, None)
    answering.forget()
    st.rerun()


def answer_form(
    group: GroupSession,
    step: QuestionStep,
    step_index: int,
    token: str,
    module: Module,
    language: str,
) -> None:
    st.session_state[FORM_ON_SCREEN] = (group.id, step_index)
    answering.draw(
        step,
        session_id=group.id,
        step_index=step_index,
        language=language,
        randomized=group.randomized_response,
        send=lambda answers: send(token, step_index, answers, module),
    )


def send_from_vanished_form(token: str, module: Module, showing: tuple[int, int] | None) -> None:
    """The participant pressed send on a form that this run no longer draws (the question
    closed, or the facilitator moved on, in the meantime). The domain decides, and the
    participant is told the answer was not counted instead of losing it silently."""
    on_screen = st.session_state.get(FORM_ON_SCREEN)
    if on_screen is None or on_screen == showing:
        return
    session_id, step_index = on_screen
    step = module.steps[step_index]
    if st.session_state.get(submit_key(session_id, step_index)) and isinstance(step, QuestionStep):
        send(token, step_index, answering.chosen(session_id, step_index, step), module)
    st.session_state.pop(FORM_ON_SCREEN, None)
    answering.forget()


def screen_of(view: sessions.PhoneView) -> tuple[PhoneState, Screen, tuple[Exercise, ...]]:
    """This phone's state, the screen ``phone_screen`` picks for it, and the private
    exercises the group has passed (the notes button)."""
    snap = view.snapshot
    state = PhoneState(
        module=runtime.session_module(view.group),
        current_step=snap.current_step,
        phase=snap.phase,
        answered=view.answered,
        read_note=view.read_note,
        aside=st.session_state.get(SHOWING),
    )
    screen = phone_screen(state)
    passed = exercises_passed(state.module, snap.current_step)
    if screen == "notes" and not passed:  # no exercise behind the group (it went back)
        st.session_state.pop(SHOWING, None)
        state = replace(state, aside=None)
        screen = phone_screen(state)
    return state, screen, passed


Seen = tuple[sessions.PhoneView, PhoneState, Screen, tuple[Exercise, ...]]


def seen_now(view: sessions.PhoneView) -> Seen:
    """The view read, with what screen_of makes of it: worked out once per run."""
    return (view, *screen_of(view))


def frame_of(seen: Seen) -> tuple[object, ...] | None:
    """What the page draws around a text-only step, as far as the group's state decides
    it; None when the phone's screen is not a text-only step (the step is then drawn in
    a full run). The same frame: only the step changed, and it is redrawn in place."""
    view, state, screen, passed = seen
    if screen not in TEXT_ONLY or isinstance(current_step(state), Exercise):
        return None
    return (view.group.id, view.group.language, tuple(e.id for e in passed), push.live())


@st.fragment
def step_in_place(token: str) -> None:
    """A text-only step (a slide, a question not open or already answered), with the marks
    of what it was drawn for. The push channel's news reruns only this fragment, not the
    whole page: a phone's full run sent 22 messages and 36 KB that its browser drew one
    by one, on a phone as slow as the machine that serves it. When the group's move
    changes more than the step (a question opens, the session ends, the notes button
    appears, the channel comes up or goes down), the whole page is drawn instead."""
    seen: Seen | None = st.session_state.pop(VIEW_OF_THIS_RUN, None)
    if seen is None:  # this fragment alone, rerun by the push channel's news
        try:
            with runtime.database().read() as s:
                read = sessions.phone_view(s, token=token)
        except DatabaseUnavailable:
            st.rerun(scope="app")  # the full run says so, and retries
        if read is None or read.group.status != RUNNING:
            st.rerun(scope="app")
        seen = seen_now(read)
        if frame_of(seen) != st.session_state.get(IN_PLACE):
            st.rerun(scope="app")
    view, state, screen, _passed = seen
    step = current_step(state)
    assert state.module is not None and step is not None  # frame_of said text-only
    st.session_state["seen-version"] = view.snapshot.version
    show_step(step, screen, view, token, state.module, view.group.language)
    watchdog.drawn_mark(view.snapshot.version)
    push.follow("phone", version=view.snapshot.version)


def follow(view: sessions.PhoneView, token: str) -> None:
    """Draw the screen that ``phone_screen`` picks for this phone now."""
    group, snap = view.group, view.snapshot
    language = group.language
    seen = seen_now(view)
    _view, state, screen, passed = seen
    if screen == "help" or screen == "privacy":
        # Still following: when the session ends meanwhile, the goodbye takes its place.
        show_view(language, screen)
        pause_button(token, language)
        st.session_state["seen-version"] = snap.version
        keep_following(group.id, snap.version)
        return
    if screen == "content_note":
        content_note(token, language, state.module)
        pause_button(token, language)
        return
    st.session_state["seen-version"] = snap.version
    step = current_step(state)
    if state.module is None or step is None:
        # The session runs; only its material cannot be read here now. Say so calmly and
        # keep trying: a page drawn for no version is redrawn every few seconds.
        st.info(text(language, "step_unavailable"), icon=":material/hourglass_top:")
        keep_following(group.id, None)
        return
    form_due = screen == "answer_form"
    send_from_vanished_form(
        token, state.module, (group.id, snap.current_step) if form_due else None
    )
    answering.keep_in_browser(
        (group.id, snap.current_step) if form_due else None,
        step if form_due and isinstance(step, QuestionStep) else None,
    )

    frame = frame_of(seen)
    if frame is not None:
        # Drawn at the top, but after keep_following: the push channel's "live" that the
        # fragment passes on is what this run's polling fragment was drawn with.
        slot = st.container()
        keep_following(group.id, snap.version, in_place=True)
        st.session_state[IN_PLACE] = frame
        st.session_state[VIEW_OF_THIS_RUN] = seen
        with slot:
            step_in_place(token)
    else:
        st.session_state.pop(IN_PLACE, None)
        if screen == "notes":
            show_notes(passed, language)
        else:
            show_step(step, screen, view, token, state.module, language)
        keep_following(group.id, snap.version)
    st.divider()
    help_button(language, notes=bool(passed) and screen != "notes")
    pause_button(token, language)
    # Not beside a private notepad (an exercise, the notes): what is typed there stays in
    # the browser, and a field that sends must not sit next to it to be mistaken for it.
    if not isinstance(step, Exercise) and screen != "notes":
        question_box_form(token, language)


def keep_following(session_id: int, drawn_version: int | None, *, in_place: bool = False) -> None:
    """Follow the group's next move under what this run drew, pushed or polled (a page
    drawn for no version is redrawn every few seconds), and reload when the polling
    stands still. ``in_place``: the step was drawn by step_in_place, which holds the push
    channel and the mark of the version drawn, so that its news redraws only the step."""
    st.session_state[JUST_READ] = True  # the first watch() below runs within this run
    watch(session_id)
    watchdog.install(
        runtime.settings().poll_seconds,
        drawn_version=drawn_version,
        reload_when_stuck=True,
        mark_drawn=not in_place,
    )
    if not in_place:
        # Outside any fragment: news of a change reruns the whole page at once, which is
        # what the answer form and the asides need for any change they hear of.
        push.follow("phone", version=drawn_version)


def show_notes(passed: tuple[Exercise, ...], language: str) -> None:
    """The facts lists of the exercises the group has passed, with what this phone wrote
    (still only in its browser): the facilitator moving on no longer takes them away."""
    st.title(text(language, "notes_title"), anchor=False)
    st.caption(text(language, "notes_kept"))
    for exercise in passed:
        st.subheader(exercise.title, anchor=False)
        private_exercise(exercise, language)
    if st.button(
        text(language, "help_back"),
        icon=":material/arrow_back:",
        type="primary",
        width="stretch",
        key="notes-close",
    ):
        st.session_state.pop(SHOWING, None)
        st.rerun()


def show_step(
    step: Step,
    screen: Screen,
    view: sessions.PhoneView,
    token: str,
    module: Module,
    language: str,
) -> None:
    """The group's current step, as ``phone_screen`` chose to show it on this phone."""
    group, snap = view.group, view.snapshot
    st.subheader(step.title, anchor=False)
    refused = st.session_state.pop("answer-refused", None)
    if refused:
        st.error(text(language, refused), icon=":material/block:")
    if isinstance(step, Exercise):
        private_exercise(step, language)
    elif screen == "slide":
        st.write(step.phone)
        st.caption(text(language, "follow_hint"))
    elif screen == "answered":
        st.success(text(language, "answered"), icon=":material/check_circle:")
    elif screen == "answer_form" and isinstance(step, QuestionStep):
        answer_form(group, step, snap.current_step, token, module, language)
        st.caption(text(language, "anonymity_note", k=snap.min_group_size))
    elif screen == "question_waiting":
        st.write(step.phone)
        st.info(text(language, "question_waiting"), icon=":material/hourglass_top:")
    else:
        st.info(text(language, "question_closed"), icon=":material/lock:")


def content_note(token: str, language: str, module: Module | None) -> None:
    """Before the material: what it is about (in the module's own words), that nothing is
    required, where help is. Shown once per participant; a reload goes straight back to
    the group."""
    st.subheader(text(language, "content_note_title"), anchor=False)
    subject = module.content_note if module is not None and module.content_note else ""
    st.markdown(subject or text(language, "content_note_subject"))
    st.markdown(text(language, "content_note_body"))
    if st.button(
        text(language, "content_note_continue"),
        type="primary",
        width="stretch",
        key="content-note-continue",
    ):
        # Refused only when the database does not answer; the note then stays, and says so.
        if isinstance(attempt(lambda s: sessions.mark_note_read(s, token=token)), Done):
            st.rerun()
        st.warning(text(language, "note_unavailable"), icon=":material/wifi_off:")
    help_button(language)


def private_exercise(step: Exercise, language: str) -> None:
    """The private facts list: prompts from the module, and a notepad whose text never
    leaves the phone's browser (see ui.phone.private_notes)."""
    st.write(step.phone)
    for prompt in step.prompts:
        st.markdown(f"- {prompt}")
    phone.private_notes(step.id, language)


@watchdog.polling(while_pushed=None)
@outage.tolerant
def watch(session_id: int) -> None:
    """One small read per tick, or when the push channel says the session changed (with
    the channel live there are no ticks: ui/push.py, and the feed counts the phone as
    still here); the page is rebuilt only when the session moved on. Within a full run
    the page has just read the version, so that run skips the read."""
    seen = st.session_state.get("seen-version")
    if not st.session_state.pop(JUST_READ, False):
        with runtime.database().single_read() as c:
            poll = sessions.poll(c, session_id=session_id)
        if poll is None or poll.version != seen:
            st.rerun(scope="app")
    still_here()
    # The page compares this with the version it was drawn for (ui/watchdog.py); the
    # phone's own script reloads the page when it stands still too long (ui/phone.py).
    watchdog.heartbeat(seen)


def still_here() -> None:
    """Now and then, that this phone still follows the group: the room's phone count on
    the projector. Skipped while the database is known to be away (the poll says so), and
    while the push channel is live: the feed marks the phones with an open stream, all in
    one statement (facilitator/feed.py), instead of a write per phone at a step change."""
    if push.drawn_live():
        return
    token = st.session_state.get(TOKEN)
    written = st.session_state.get(SEEN_WRITTEN, float("-inf"))
    if not token or time.monotonic() - written < sessions.SEEN_EVERY.total_seconds():
        return
    db = runtime.database()
    if not db.health.reachable:
        return
    st.session_state[SEEN_WRITTEN] = time.monotonic()
    with db.write() as s:
        sessions.mark_seen(s, token=token, now=utcnow())


def send_pending() -> bool:
    """Whether this run was asked to send the answer form that was last on screen."""
    on_screen = st.session_state.get(FORM_ON_SCREEN)
    return on_screen is not None and bool(st.session_state.get(submit_key(*on_screen)))


@navigation.page(navigation.PARTICIPANT, "Groepssessie")
def page() -> None:
    style.apply(style.PARTICIPANT_CSS)
    try:
        follow_or_join()
    except DatabaseUnavailable:
        # Not even the group's state could be read: the notice, retried until it can.
        # A send pressed in this run is told it was not sent, so it is never lost unseen.
        phone.outage_screen("send_unavailable" if send_pending() else None)


def follow_or_join() -> None:
    answering.keep_choices()  # first: this run may not reach the database
    language = language_from_locale(st.context.locale)
    remembered = phone.remembered_token()
    token = st.session_state.get(TOKEN) or remembered
    view = None
    if token:
        with runtime.database().read() as s:
            view = sessions.phone_view(s, token=token)
    group = view.group if view is not None else None
    following = view is not None and view.group.status == RUNNING

    code = st.query_params.get(roles.JOIN_PARAM)
    problem: Refused | None = st.session_state.pop("join-error", None)
    if code and code != st.session_state.get(CODE_HANDLED):
        st.session_state[CODE_HANDLED] = code
        # A re-scanned QR code of the group this phone follows is the same participant;
        # a link to another group joins that one. A bad link leaves a followed group be.
        if not (following and group is not None and is_code_of(group, code)):
            refused = join(code)
            if refused is None:
                st.rerun()
            if refused.code == JOIN_UNAVAILABLE:
                # Not refused, only not answered: the link is acted on in a later run.
                st.session_state.pop(CODE_HANDLED, None)
                if not following:
                    phone.outage_screen()
                    return
            elif not following:
                problem = refused

    if following:
        assert view is not None and group is not None and token is not None
        st.session_state[TOKEN] = token
        st.session_state[roles.FOLLOWING] = (group.id, group.language)
        st.session_state.pop(GOODBYE, None)
        outage.remember_language(group.language)
        context = get_script_run_ctx()
        if context is not None:  # AppTest runs without one
            departures.register(token_hash(token), context.session_id)
        announce = st.session_state.pop(ANNOUNCE, None)
        phone.shell(
            group.language,
            remember=token,
            clean_url=bool(code),
            announce=text(group.language, announce) if announce else None,
        )
        follow(view, token)
        return

    # Not following: a token that is unknown or whose session ended is dropped for good.
    st.session_state.pop(TOKEN, None)
    followed = st.session_state.pop(roles.FOLLOWING, None)
    if token and problem is None:
        # An ended session forgets its participants; this browser remembers which session
        # it followed, so it can say goodbye rather than "unknown phone".
        if followed is None:
            problem = Refused("refused_unknown")
        else:
            st.session_state[GOODBYE] = followed[1]
            st.session_state.pop(SHOWING, None)  # the goodbye has the help lines on it
    if problem is not None:  # a code typed or scanned after the goodbye: its own answer
        st.session_state.pop(GOODBYE, None)
        if problem.language is not None:
            language = problem.language
    goodbye = st.session_state.get(GOODBYE)
    if isinstance(goodbye, str):
        language = goodbye
    # Not following any session (it ended, or never was): the notes of its exercises are
    # wiped from this tab, as the session's answers were from the server.
    phone.shell(language, forget=token, clean_url=bool(code), wipe_notes=True)
    if st.session_state.get(SHOWING) == "notes":
        st.session_state.pop(SHOWING, None)
    if st.session_state.get(SHOWING):
        show_view(language, st.session_state[SHOWING])
    elif goodbye:
        show_goodbye(language)
    else:
        show_join_form(language, problem.code if problem else None)


def show_goodbye(language: str) -> None:
    """The last thing a participant sees after a session is a calm goodbye with the help
    lines on it, not an error over an empty form, and not one tap away."""
    st.title(text(language, "goodbye_title"), anchor=False)
    st.write(text(language, "goodbye_body"))
    st.subheader(text(language, "goodbye_help"), anchor=False)
    st.markdown(runtime.help_text(language).body)
    if st.button(text(language, "goodbye_again"), width="stretch", key="goodbye-again"):
        st.session_state.pop(GOODBYE, None)
        st.rerun()
