"""The projector: the current step in large type, the join code and QR code, and, once
the facilitator reveals a question, its group result. Never anything private: no notes,
no warnings, no counts per option before a reveal."""

from __future__ import annotations

import streamlit as st

from facilitator import results, sessions
from facilitator.content import Module, QuestionStep
from facilitator.errors import DatabaseUnavailable
from facilitator.i18n import text
from facilitator.joinlink import join_url, qr_png
from facilitator.models import PHASE_OPEN, PHASE_REVEALED, RUNNING, GroupSession
from facilitator.privacy import answers_needed
from facilitator.timeutil import utcnow
from ui import navigation, outage, roles, runtime, style, watchdog
from ui.results_view import show_result

PHONE_BASE = "projector-phone-base"  # the QR code's address as the last full run drew it


def join_column(group: GroupSession, language: str) -> None:
    if group.locked:
        # No way in to show: the door is closed. The count stays, for the room to check.
        st.session_state.pop(PHONE_BASE, None)
        st.html(f'<p class="join-title">{text(language, "projector_locked")}</p>')
        phones_connected(group.id, language)
        return
    base = runtime.phone_address(group.phone_address).base_url
    st.session_state[PHONE_BASE] = base or ""
    st.html(f'<p class="join-title">{text(language, "projector_join")}</p>')
    if base:
        url = join_url(base, group.join_code)
        st.image(qr_png(url), width="stretch")
        st.html(f'<p class="join-url">{base.split("://", 1)[-1]}</p>')
    st.html(
        f'<p class="join-code" aria-label="{text(language, "projector_code")}">'
        f"{group.join_code}</p>"
    )
    phones_connected(group.id, language)


@watchdog.polling(every_polls=2)
def phones_connected(group_id: int, language: str) -> None:
    """How many phones are connected now, for the room to check against the people in it:
    extra phones in one person's hands are the way to single someone out."""
    try:
        with runtime.database().single_read() as c:
            n = sessions.count_connected(c, session_id=group_id, now=utcnow())
    except DatabaseUnavailable:
        return  # the page's own poll shows the notice
    st.html(
        f'<p class="status-line phones-connected">{text(language, "projector_connected", n=n)}</p>'
    )


def moved_on(poll: sessions.Poll, phone_address: str | None) -> bool:
    """Whether the page must be drawn anew: the session changed (a phase change moves the
    version too), or the address on the QR code did (the laptop joined another network)."""
    if poll.version != st.session_state.get("projector-version"):
        return True
    drawn = st.session_state.get(PHONE_BASE)  # None: the join column is not on screen
    return drawn is not None and (runtime.phone_address(phone_address).base_url or "") != drawn


@watchdog.polling()
@outage.tolerant
def live_status(group: GroupSession, language: str, phase: str | None) -> None:
    """One small read per tick: redraws the answer count, or the whole page once the
    session moved on."""
    with runtime.database().single_read() as c:
        poll = sessions.poll(c, session_id=group.id)
    if poll is None or moved_on(poll, group.phone_address):
        st.rerun(scope="app")
    watchdog.heartbeat(poll.version)
    if phase == PHASE_OPEN:
        st.html(
            f'<p class="status-line">'
            f"{text(language, 'projector_answers_in', n=poll.answers_in)}</p>"
        )
        needed = answers_needed(poll.answers_in, group.min_group_size)
        st.markdown(
            text(language, "projector_needed", n=needed)
            if needed
            else text(language, "projector_enough")
        )
    elif phase is None:
        st.markdown(text(language, "projector_waiting"))
    else:
        st.markdown(text(language, "projector_closed"))


def step_column(group: GroupSession, module: Module) -> bool:
    """Draws the step; True when a live answer count (which also polls) is on screen."""
    language = group.language
    step = module.steps[group.current_step]
    st.title(step.title)
    with runtime.database().read() as s:
        phase = sessions.phase_of(s, session_id=group.id, step_index=group.current_step)
        result = (
            results.step_result(s, session_id=group.id, step_index=group.current_step, step=step)
            if isinstance(step, QuestionStep) and phase == PHASE_REVEALED
            else None
        )
    if result is not None:
        show_result(result, language, key=f"result-{group.id}-{group.current_step}")
        return False
    if step.body:
        st.markdown(step.body)
    if step.is_question:
        live_status(group, language, phase)
    return step.is_question


@navigation.page(navigation.PROJECTOR, "Groepssessie")
def page() -> None:
    st.set_page_config(page_title="Groepssessie", layout="wide", initial_sidebar_state="collapsed")
    style.apply(style.PROJECTOR_CSS)
    token = roles.projector_token() or ""
    with runtime.database().read() as s:
        group = sessions.session_for_projector(s, projector_token=token)
    if group is None:
        st.title(text("nl", "projector_no_session"))
        return
    outage.remember_language(group.language)
    if group.status != RUNNING:
        st.title(text(group.language, "projector_ended"))
        return
    module = runtime.session_module(group)
    if module is None:
        st.title(group.module_title)
        return
    st.session_state["projector-version"] = group.version
    st.session_state[PHONE_BASE] = None  # join_column sets it when it draws
    watchdog.install(runtime.settings().poll_seconds, drawn_version=group.version)
    if group.curtain:
        # The privacy curtain: an empty white screen, nothing else, until it is lifted.
        poll_only(group)
        return
    main_col, side_col = st.columns([3, 1], gap="large")
    with main_col:
        polling = step_column(group, module)
    with side_col:
        join_column(group, group.language)
    if not polling:
        poll_only(group)


@watchdog.polling()
@outage.tolerant
def poll_only(group: GroupSession) -> None:
    with runtime.database().single_read() as c:
        poll = sessions.poll(c, session_id=group.id)
    if poll is None or moved_on(poll, group.phone_address):
        st.rerun(scope="app")
    watchdog.heartbeat(poll.version)
