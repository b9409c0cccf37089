"""The projector: the current step in large type, the join code and QR code, and, once
the facilitator reveals a question, its group result. Never anything private: no notes,
no warnings, no counts per option before a reveal."""

from __future__ import annotations

import html
import math
from datetime import timedelta

import streamlit as st

from facilitator import question_box, results, sessions
from facilitator.charts import FONT
from facilitator.content import Module, Slide
from facilitator.errors import DatabaseUnavailable
from facilitator.i18n import text
from facilitator.joinlink import join_url, qr_png
from facilitator.models import PHASE_OPEN, RUNNING, GroupSession
from facilitator.privacy import answers_needed
from facilitator.timeutil import utcnow
from ui import frontend, navigation, outage, push, roles, runtime, screen, style, watchdog
from ui.results_view import show_result

# While the push channel is live the projector still polls now and then: the address on
# its QR code follows the laptop's network, which no commit announces, and a QR code that
# leads nowhere for minutes strands the phones that scan it. One fragment polls: 24
# projectors with two polling every 30 s cost 1.0-1.8 % of a core, as much as 480 idle
# phones (bench/push.py's idle sessions); the phone count now comes with the push stream.
PROJECTOR_POLLS_WHILE_PUSHED = 15

PHONE_BASE = "projector-phone-base"  # the QR code's address as the last full run drew it


def phone_base(group: GroupSession) -> str | None:
    """The address phones reach the laptop at, as drawn (remembered for ``moved_on``); None
    when the door is closed and no way in is shown."""
    if group.locked:
        st.session_state.pop(PHONE_BASE, None)
        return None
    base = runtime.phone_address(group.phone_address).base_url or ""
    st.session_state[PHONE_BASE] = base
    return base


def without_scheme(base: str) -> str:
    """The address as a person types it (no "http://"), escaped for the page."""
    return html.escape(base.split("://", 1)[-1])


def join_column(group: GroupSession, language: str) -> None:
    """The way in, large: the QR code, the address and the code, while the group comes in
    (or when the facilitator brings it back for someone who comes in late)."""
    base = phone_base(group)
    if base is None:
        # No way in to show: the door is closed. The count stays, for the room to check.
        st.html(f'<p class="join-title">{text(language, "projector_locked")}</p>')
        phones_connected(group.id, language)
        return
    st.html(f'<p class="join-title">{text(language, "projector_join")}</p>')
    if base:
        url = join_url(base, group.join_code)
        st.image(qr_png(url), width=400, alt=text(language, "projector_qr_alt"))
        st.html(f'<p class="join-url">{without_scheme(base)}</p>')
    st.html(
        f'<p class="join-code" aria-label="{text(language, "projector_code")}">'
        f"{group.join_code}</p>"
    )
    phones_connected(group.id, language)


def join_strip(group: GroupSession, language: str) -> None:
    """The way in, small, along the bottom once the group is in: address and code for
    someone who comes in late, and the count of phones for the room to check."""
    base = phone_base(group)
    if base is None:
        st.html(f"<p>{text(language, 'projector_locked')}</p>")
    else:
        where = f" {without_scheme(base)} ·" if base else ""
        st.html(
            f"<p>{text(language, 'projector_join')}:{where} "
            f"{text(language, 'projector_code').lower()} "
            f'<span class="strip-code">{group.join_code}</span></p>'
        )
    phones_connected(group.id, language)


@watchdog.polling(every_polls=2, while_pushed=None)  # pushed: the stream says the count
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


@watchdog.polling(while_pushed=PROJECTOR_POLLS_WHILE_PUSHED)
@outage.tolerant
def live_status(group: GroupSession, language: str, phase: str | None) -> None:
    """One small read per tick, or when the push channel says the session changed:
    redraws the answer count, or the whole page once the session moved on."""
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


def pause_clock(group: GroupSession, step: Slide) -> None:
    """When the group starts again: the step's start plus its minutes, written in the
    projector's own time zone by ui/frontend/projector.js (the server's may differ)."""
    until = group.step_started_at + timedelta(minutes=step.minutes)
    stamp = until.strftime("%Y-%m-%dT%H:%M:%SZ")
    fallback = f"{until:%H:%M} UTC"
    st.html(
        f'<p class="gs-pause">{text(group.language, "projector_pause_until")} '
        f'<time class="gs-until" datetime="{stamp}">{fallback}</time></p>'
        '<p class="gs-until-note"></p>'
    )


TITLE_LINE, TITLE_GAP = 88, 40  # design px: projector.css, h1 and the gap below it


def chart_room(title: str, shown_on: screen.Screen) -> int:
    """The pixels a result's charts have on this screen: the step's height less its title
    (about 34 characters to a line of the projector's title type)."""
    title_lines = max(1, math.ceil(len(title) / 34))
    return round((shown_on.room - TITLE_LINE * title_lines - TITLE_GAP) * shown_on.scale)


def step_column(group: GroupSession, module: Module, shown_on: screen.Screen) -> bool:
    """Draws the step; True when a live answer count (which also polls) is on screen."""
    language = group.language
    step = module.steps[group.current_step]
    st.title(step.title, anchor=False)
    with runtime.database().read() as s:
        phase = sessions.phase_of(s, session_id=group.id, step_index=group.current_step)
        shown = results.on_screen(s, group=group, module=module)
        asked = question_box.on_screen(s, group=group)
    if asked is not None:
        # A question from the group, put here by the facilitator: as typed, never as
        # markdown or HTML, in place of the step until it is taken off.
        st.html(
            f'<div class="gs-box-on-screen"><p class="gs-box-label">'
            f"{html.escape(text(language, 'projector_box_title'))}</p>"
            f'<p class="gs-box-text">{html.escape(asked)}</p></div>'
        )
        return False
    if shown is not None:
        with st.container(key="projector-result"):
            show_result(
                shown.result,
                language,
                key=f"result-{group.id}-{group.current_step}",
                shown_before=shown.shown_before,
                font=round(FONT * shown_on.scale),
                room=chart_room(step.title, shown_on),
            )
        return False
    if step.body:
        st.markdown(step.body)
    if isinstance(step, Slide) and step.pause:
        pause_clock(group, step)
    if step.is_question:
        live_status(group, language, phase)
    return step.is_question


def projector_script(language: str) -> None:
    """The canvas that scales with the screen and the fit of long steps (projector.js)."""
    frontend.script(
        "projector.js",
        {
            "language": language,
            "pauseLeft": text(language, "projector_pause_left"),
            "pauseOver": text(language, "projector_pause_over"),
            "chartModule": frontend.streamlit_chart_module(),
        },
    )


def stage_title(words: str) -> None:
    """A screen with only a title: no session, an ended one, or unreadable material."""
    with st.container(key="projector-stage"):
        st.title(words, anchor=False)


@navigation.page(navigation.PROJECTOR, "Groepssessie")
def page() -> None:
    st.set_page_config(page_title="Groepssessie", initial_sidebar_state="collapsed")
    style.apply(style.PROJECTOR_CSS)
    token = roles.projector_token() or ""
    with runtime.database().read() as s:
        group = sessions.session_for_projector(s, projector_token=token)
    if group is None:
        stage_title(text("nl", "projector_no_session"))
        projector_script("nl")
        return
    outage.remember_language(group.language)
    projector_script(group.language)
    if group.status != RUNNING:
        stage_title(text(group.language, "projector_ended"))
        return
    module = runtime.session_module(group)
    if module is None:
        stage_title(group.module_title)
        return
    st.session_state["projector-version"] = group.version
    st.session_state[PHONE_BASE] = None  # the join column or strip sets it when it draws
    watchdog.install(runtime.settings().poll_seconds, drawn_version=group.version)
    with runtime.database().single_read() as c:
        drawn = sessions.poll(c, session_id=group.id)
    push.follow(
        "projector",
        version=group.version,
        answers_in=drawn.answers_in if drawn is not None else None,
        projector_token=token,
    )
    if group.curtain:
        # The privacy curtain: an empty white screen, nothing else, until it is lifted.
        poll_only(group)
        return
    shown_on = screen.measure()  # outside the stage: it draws an empty element
    with st.container(key="projector-stage"):
        with st.container(key="projector-row", horizontal=True):
            with st.container(key="projector-step"):
                polling = step_column(group, module, shown_on)
            if group.join_qr:
                with st.container(key="projector-join"):
                    join_column(group, group.language)
        if not group.join_qr:
            with st.container(key="projector-strip", horizontal=True):
                join_strip(group, group.language)
    if not polling:
        poll_only(group)


@watchdog.polling(while_pushed=PROJECTOR_POLLS_WHILE_PUSHED)
@outage.tolerant
def poll_only(group: GroupSession) -> None:
    with runtime.database().single_read() as c:
        poll = sessions.poll(c, session_id=group.id)
    if poll is None or moved_on(poll, group.phone_address):
        st.rerun(scope="app")
    watchdog.heartbeat(poll.version)
