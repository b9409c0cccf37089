"""The facilitator's console: a presenter view that leads the group through a module.

Every button is one unit of work in the domain; the page itself only shows state and
turns refusals into messages. Nothing a participant answered is shown here: only counts,
a private warning when a reveal would show that everyone answered alike, and, after the
end, the aggregate summary.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any, Literal

import streamlit as st

from facilitator import pauses, question_box, results, sessions, summaries
from facilitator.config import MAX_MIN_GROUP_SIZE, MIN_GROUP_SIZE_FLOOR
from facilitator.content import Module, Notes, Question, QuestionStep
from facilitator.errors import DatabaseUnavailable
from facilitator.flow import Move, next_move
from facilitator.i18n import LANGUAGE_NAMES, plural
from facilitator.joinlink import NetworkAddress, join_url
from facilitator.kinds import PASS
from facilitator.models import PHASE_CLOSED, PHASE_OPEN, PHASE_REVEALED, GroupSession
from facilitator.privacy import answers_needed
from facilitator.randomized import (
    REPLACED_ONE_IN,
    USEFUL_WIDTH,
    expected_interval,
    smallest_useful_group,
)
from facilitator.timeutil import utcnow
from ui import keys, navigation, outage, push, roles, runtime, style, watchdog
from ui.actions import Refused, attempt
from ui.messages import console_message
from ui.results_view import show_result
from ui.summary_view import show_past

PHASE_NAMES = {
    None: "nog niet geopend",
    PHASE_OPEN: "open",
    PHASE_CLOSED: "gesloten",
    PHASE_REVEALED: "getoond (gesloten)",
}
KIND_MARKS = {"slide": "", "question": " · vragen", "exercise": " · eigen oefening"}


def carry_out(action: Callable[..., object], **arguments: object) -> bool:
    """Run one facilitator action as one transaction; keep a refusal to show. Whether done."""
    return _carry_out_as(roles.facilitator_id(), action, arguments, timed=False)


def deed(
    action: Callable[..., object], *, timed: bool = False, **arguments: object
) -> Callable[[], object]:
    """One action bound to what the page showed when it drew the control for it, and to
    its facilitator; ``timed``: given ``now`` when it is carried out. Carried out in a
    callback, it reaches its commit without touching session state, because Streamlit
    may stop a callback at any session-state access once another rerun is asked for."""
    return partial(_carry_out_as, roles.facilitator_id(), action, arguments, timed=timed)


def _carry_out_as(
    facilitator_id: int | None,
    action: Callable[..., object],
    arguments: dict[str, object],
    *,
    timed: bool,
) -> bool:
    at = {"now": utcnow()} if timed else {}
    outcome = attempt(lambda s: action(s, facilitator_id=facilitator_id, **arguments, **at))
    if isinstance(outcome, Refused):
        st.session_state["console-error"] = console_message(outcome.code)
        return False
    return True


# A session-state key's start: a control's callback carried its press out in this run.
CARRIED = "carried:"


def carried(key: str) -> bool:
    """Whether the callback of the control under ``key`` carried out its press in this
    run (and forget it)."""
    return bool(st.session_state.pop(CARRIED + key, False))


def _carry(key: str, does: Callable[[], object]) -> None:
    """A control's callback: its deed first (see deed), then the mark that it was done.
    Stopped at the mark, the press is done and the next run has it no more: nothing is
    done twice."""
    does()
    st.session_state[CARRIED + key] = True


def press_button(
    button: Callable[..., bool], label: str, *, key: str, does: Callable[[], object], **options: Any
) -> None:
    """A button of the running session's console. Its press is carried out in the
    button's callback, before the run the press starts. Handled in the run, a press was
    lost whenever another rerun was asked for before the run reached the button: the
    first rerun stops at its next element, and the second knows nothing of the press
    (seen in CI: "Ja, afsluiten" pressed, news of an answer on the push channel, and the
    session ran on). Streamlit calls the callback only for a button that the session's
    previous run drew: a server session that drew nothing yet (the process restarted
    under the console) gets the press in its run, which carries it out and draws again."""
    pressed = button(label, key=key, on_click=_carry, args=(key, does), **options)
    if not carried(key) and pressed:
        does()
        st.rerun()


def pick(
    label: str, *, key: str, current: object, does: Callable[[Any], object], **options: Any
) -> None:
    """A selectbox of the running session's console whose choice is carried out as
    press_button's press is: in its callback, or in the run when no callback ran."""

    def chosen() -> None:
        value = st.session_state.get(key)
        if value != current:
            does(value)

    picked = st.selectbox(label, key=key, on_change=_carry, args=(key, chosen), **options)
    if not carried(key) and picked != current:
        does(picked)
        st.rerun()


def start_form() -> None:
    library = runtime.library()
    for error in library.errors:
        st.warning(f"Module niet geladen: {error}", icon=":material/warning:")
    versions = library.languages()
    if not versions:
        st.error("Er is geen bruikbare module in de map content/.")
        return
    st.subheader("Nieuwe groepssessie")
    module_id = st.selectbox(
        "Module",
        options=list(versions),
        format_func=lambda key: versions[key][0].title,
        key="start-module",
    )
    language = st.radio(
        "Taal voor deelnemers en scherm",
        options=[m.language for m in versions[module_id]],
        format_func=lambda code: LANGUAGE_NAMES.get(code, code),
        horizontal=True,
        key="start-language",
    )
    chosen = library.get(module_id, language)
    k = st.number_input(
        "Minimale groepsgrootte voor een uitkomst (k)",
        min_value=MIN_GROUP_SIZE_FLOOR,
        max_value=MAX_MIN_GROUP_SIZE,
        value=runtime.settings().default_min_group_size,
        step=1,
        key="start-k",
        help="Een groepsuitkomst verschijnt pas als minstens zoveel mensen hebben "
        f"geantwoord. Nooit lager dan {MIN_GROUP_SIZE_FLOOR}.",
    )
    randomized = st.checkbox(
        "Extra bescherming: gerandomiseerde antwoorden",
        key="start-randomized",
        help=f"Elk ja/nee- en keuze-antwoord wordt vóór het opslaan in 1 op de {REPLACED_ONE_IN} "
        "keer door "
        "het toeval vervangen. Geen enkel opgeslagen antwoord zegt dan iets zeker over een "
        "persoon; het scherm toont een geschatte uitkomst met marge. Handig bij een kleine of "
        "hechte groep. Deelnemers krijgen uitleg voordat ze antwoorden.",
    )
    if randomized:
        randomized_margins(int(k))
    if chosen is not None:
        total = sum(step.minutes for step in chosen.steps)
        st.caption(f"{len(chosen.steps)} stappen · ongeveer {total:g} minuten")
        facilitator_guide(chosen)  # read before the group comes in, too
    if st.button("Sessie starten", type="primary", key="start-session") and chosen:
        carry_out(
            sessions.start_session,
            module=chosen,
            min_group_size=int(k),
            randomized_response=randomized,
            now=utcnow(),
        )
        st.rerun()


def randomized_margins(k: int) -> None:
    """With the numbers, how wide the estimates will be for the group expected: in a small
    group the margins swallow the result, and then randomizing does not help."""
    people = st.number_input(
        "Verwacht aantal deelnemers",
        min_value=3,
        max_value=500,
        value=max(k, 8),
        step=1,
        key="start-expected-people",
    )
    interval = expected_interval(int(people))
    words = (
        f"Met {int(people)} deelnemers ligt een geschatte uitkomst van 50% ergens tussen "
        f"{interval.low:.0%} en {interval.high:.0%} (95%-marge)."
    )
    useful = smallest_useful_group()
    if interval.high - interval.low > USEFUL_WIDTH:
        st.warning(
            f"{words} Dat is te breed om iets over de groep te zeggen: gerandomiseerde "
            f"antwoorden helpen pas vanaf ongeveer {useful} deelnemers.",
            icon=":material/warning:",
        )
    else:
        st.caption(words)


PHONE_BASE = "console-phone-base"  # the join link's base as the last full run drew it
# The running session this console last drew. Once it has ended (here, or in another tab),
# the console shows what was kept of it until dismissed. Known before the end's press, it
# cannot be lost with the rest of that press's callback.
LAST_RUNNING = "console-last-running"
# Fixed widths for the bar's buttons whose label changes with their state: a curtain going
# down must not move what is under the facilitator's mouse.
BAR_BUTTON = 210
NOTES_HEIGHT = 370  # px: the notes scroll within the view at 1366×768
PANEL_HEIGHT = 320  # px: what the room sees, below the step's buttons
THUMBNAIL_FONT = 11  # the console's small copy of the projector's charts


def session_bar(group: GroupSession) -> None:
    """The join details and the room's controls in one slim bar above the step."""
    where = runtime.phone_address(group.phone_address)
    st.session_state[PHONE_BASE] = where.base_url
    with st.container(horizontal=True, vertical_alignment="center", key="console-bar"):
        with st.container(key="console-code", width="content"):
            st.markdown(f"Code **{group.join_code}**")
        st.link_button(
            "Projectorscherm openen",
            # The projector's only page is its default, served at the app's root: "./"
            # from /console (or from the root itself) is that root, behind a proxy too.
            f"./?{roles.PROJECTOR_PARAM}={group.projector_token}",
            icon=":material/present_to_all:",
            help="Opent het scherm voor de projector in een nieuw tabblad.",
        )
        door_control(group)
        join_qr_control(group)
        curtain_control(group)
    if where.base_url or where.choices:
        with st.container(horizontal=True, vertical_alignment="center", key="console-join"):
            if where.base_url:
                st.caption(
                    f"Deelnamelink voor telefoons: {join_url(where.base_url, group.join_code)}"
                )
            if where.choices and where.chosen is not None:
                choose_network(group, where.choices, where.chosen)
    if where.no_network:
        st.error(NO_NETWORK, icon=":material/wifi_off:")


NO_NETWORK = """**Telefoons kunnen deze laptop nu niet bereiken.**

De laptop heeft geen netwerkadres behalve zichzelf ('localhost'), dus er is geen QR-code of
deelnamelink die op een telefoon werkt. Zo los je het op:

1. Verbind de laptop met de wifi waarop de telefoons van de groep zitten, of zet de hotspot
   van je eigen telefoon aan en verbind de laptop daarmee.
2. Wacht een paar seconden: de deelnamelink en de QR-code op het scherm verschijnen vanzelf.

Gaan telefoons via een ander adres (een proxy of een vaste naam), start de app dan met
`PUBLIC_BASE_URL=http://adres:8501 ./scripts/run`."""


def choose_network(
    group: GroupSession, choices: tuple[NetworkAddress, ...], chosen: NetworkAddress
) -> None:
    """The laptop is on several networks (wifi, ethernet, VPN): the facilitator picks the
    one the group's phones are on. The default route's network is the first guess."""
    addresses = [c.address for c in choices]
    by_address = {c.address: c for c in choices}

    def choose(address: str) -> None:
        carry_out(sessions.choose_phone_address, session_id=group.id, address=address)

    pick(
        "Netwerk voor telefoons",
        key=f"phone-address-{'-'.join(addresses)}",
        current=chosen.address,
        does=choose,
        options=addresses,
        index=addresses.index(chosen.address),
        format_func=lambda a: (
            f"{a} ({by_address[a].interface}"
            f"{', standaardroute' if by_address[a].default_route else ''})"
        ),
        help="Deze laptop zit op meer dan één netwerk. Kies het netwerk waarop de telefoons "
        "van de groep zitten, meestal de wifi. De QR-code op het scherm volgt je keuze.",
        label_visibility="collapsed",
        width=320,
    )


def bar_button(label: str, key: str, icon: str, does: Callable[[], object], **options: Any) -> None:
    """One of the room's controls in the console's bar: one width for all."""
    press_button(st.button, label, key=key, does=does, icon=icon, width=BAR_BUTTON, **options)


def curtain_control(group: GroupSession) -> None:
    """While the curtain is down the button says so in the primary colour; nothing else on
    the page changes size or place (an upset person is no moment for a moving target)."""
    if group.curtain:
        bar_button(
            "Scherm terugzetten",
            "curtain-up",
            ":material/visibility:",
            deed(sessions.set_curtain, session_id=group.id, down=False),
            type="primary",
            help="Het projectorscherm is nu leeg (privacygordijn). Toets B zet het terug.",
        )
        return
    bar_button(
        "Scherm leegmaken",
        "curtain-down",
        ":material/visibility_off:",
        deed(sessions.set_curtain, session_id=group.id, down=True),
        help="Maakt het projectorscherm direct leeg, bijvoorbeeld als iemand overstuur raakt. "
        "Toets B doet hetzelfde.",
    )


def join_qr_control(group: GroupSession) -> None:
    """The projector shows the join QR code large on the first step, later a slim strip with
    the code; someone who comes in late can have the large code back."""
    if group.join_qr:
        bar_button(
            "QR-code klein op scherm",
            "qr-small",
            ":material/qr_code:",
            deed(sessions.show_join_qr, session_id=group.id, shown=False),
        )
        return
    bar_button(
        "QR-code groot op scherm",
        "qr-large",
        ":material/qr_code_2:",
        deed(sessions.show_join_qr, session_id=group.id, shown=True),
        help="Voor wie later binnenkomt. Bij de volgende stap wordt de code weer een smalle balk.",
    )


def door_control(group: GroupSession) -> None:
    """Close the group to new phones once everyone is in; the projector then says so, and
    the room can check the number of phones against the people present."""
    if group.locked:
        bar_button(
            "Groep weer openen",
            "door-open",
            ":material/lock_open:",
            deed(sessions.set_door, session_id=group.id, locked=False),
            help="De groep is gesloten: er kunnen geen nieuwe telefoons bij. Het scherm zegt "
            "dat ook.",
        )
        return
    bar_button(
        "Groep sluiten",
        "door-close",
        ":material/lock:",
        deed(sessions.set_door, session_id=group.id, locked=True),
        help="Als iedereen binnen is: geen nieuwe telefoons meer. Zo kan niemand met extra "
        "telefoons de groep groter laten lijken dan hij is.",
    )


def move_of(snap: sessions.Snapshot, module: Module) -> Move:
    """The flow's next move in this state: what the primary button and → do."""
    step = module.steps[snap.current_step]
    return next_move(
        is_question=step.is_question,
        phase=snap.phase,
        answers_in=snap.answers_in,
        min_group_size=snap.min_group_size,
        unanimous=snap.phase == PHASE_CLOSED and unanimous(snap, module),
        last_step=snap.current_step == len(module.steps) - 1,
    )


def make_move(move: Move, snap: sessions.Snapshot, module: Module) -> None:
    """The flow's next move as one action (a key press or the primary button)."""
    if move is Move.OPEN:
        carry_out(sessions.open_question, session_id=snap.session_id, module=module)
    if move is Move.CLOSE:
        carry_out(sessions.close_question, session_id=snap.session_id, module=module)
    if move is Move.REVEAL:
        carry_out(sessions.reveal, session_id=snap.session_id, module=module, unanimous_seen=False)
    if move is Move.NEXT:
        go_to(snap.session_id, module, snap.current_step + 1)


def go_to(session_id: int, module: Module, index: int) -> None:
    step_deed(session_id, module, index)()


def step_deed(session_id: int, module: Module, index: int) -> Callable[[], object]:
    return deed(
        sessions.go_to_step, timed=True, session_id=session_id, step_index=index, module=module
    )


def answer_key(press: keys.Press, group: GroupSession, module: Module | None) -> bool:
    """A key pressed on the console; whether it changed something. → and ← count only for
    the state the page showed: a press made before the page caught up with the last one is
    not a second move."""
    if press.key == "blank":
        if press.curtain == group.curtain:
            return False
        carry_out(sessions.set_curtain, session_id=group.id, down=bool(press.curtain))
        return True
    if module is None or press.version != group.version:
        return False
    with runtime.database().read() as s:
        snap = sessions.snapshot(s, session_id=group.id)
    if snap is None:
        return False
    if press.key == "previous" and snap.current_step > 0:
        go_to(snap.session_id, module, snap.current_step - 1)
        return True
    if press.key == "next":
        make_move(move_of(snap, module), snap, module)
        return True
    return False


def key_pressed(module: Module | None) -> None:
    """A key's press, before the run it starts (as press_button): against the session as
    it is now, read afresh."""
    press = keys.parse(keys.value())
    facilitator_id = roles.facilitator_id()
    if press is None or facilitator_id is None:
        return
    try:
        with runtime.database().read() as s:
            group = sessions.running_session_of(s, facilitator_id=facilitator_id)
    except DatabaseUnavailable:
        st.session_state["console-error"] = console_message("db_unavailable")
        return
    if group is not None:
        answer_key(press, group, module)


def key_control(group: GroupSession, module: Module | None) -> None:
    """The console's keys (ui/keys.py); a press that key_pressed did not get is handled
    here, then the page is drawn again."""
    press = keys.pressed(
        version=group.version,
        curtain=group.curtain,
        on_press=lambda: _carry(keys.KEY, lambda: key_pressed(module)),
    )
    if not carried(keys.KEY) and press is not None and answer_key(press, group, module):
        st.rerun()


# The step buttons' keys: the watchdog also checks that they are on the page.
STEP_BACK = "step-back"
STEP_FORWARD = "step-forward"


def flow_buttons(snap: sessions.Snapshot, module: Module) -> None:
    """One row at one place on every step: back, the question's three moves, forward. The
    flow's next move is the primary button, so the easy press never skips a question. Each
    does what it says for the state drawn: a second press before the page caught up is no
    second move."""
    step = module.steps[snap.current_step]
    move = move_of(snap, module)
    needed = answers_needed(snap.answers_in, snap.min_group_size)
    last = len(module.steps) - 1
    back, opened, closed, shown, forward = st.columns([1, 1, 1, 1.3, 1.2])

    def kind(wanted: Move) -> Literal["primary", "secondary"]:
        return "primary" if move is wanted else "secondary"

    press_button(
        back.button,
        "◀ Vorige",
        key=STEP_BACK,
        does=step_deed(snap.session_id, module, snap.current_step - 1),
        disabled=snap.current_step == 0,
        width="stretch",
    )
    if step.is_question:
        press_button(
            opened.button,
            "Openen",
            key="question-open",
            does=deed(sessions.open_question, session_id=snap.session_id, module=module),
            type=kind(Move.OPEN),
            disabled=snap.phase in (PHASE_OPEN, PHASE_REVEALED),
            width="stretch",
        )
        press_button(
            closed.button,
            "Sluiten",
            key="question-close",
            does=deed(sessions.close_question, session_id=snap.session_id, module=module),
            type=kind(Move.CLOSE),
            disabled=snap.phase != PHASE_OPEN,
            width="stretch",
        )
        # Pressed while the warning shows: the facilitator has seen it and shows anyway.
        warned = snap.phase == PHASE_CLOSED and not needed and unanimous(snap, module)
        press_button(
            shown.button,
            "Tonen op scherm",
            key="question-reveal",
            does=deed(
                sessions.reveal, session_id=snap.session_id, module=module, unanimous_seen=warned
            ),
            type=kind(Move.REVEAL),
            disabled=snap.phase in (None, PHASE_REVEALED) or bool(needed),
            width="stretch",
        )
    press_button(
        forward.button,
        "Volgende ▶",
        key=STEP_FORWARD,
        does=step_deed(snap.session_id, module, snap.current_step + 1),
        type=kind(Move.NEXT),
        disabled=snap.current_step == last,
        width="stretch",
    )


def step_picker(group: GroupSession, module: Module) -> None:
    index = group.current_step
    pick(
        "Ga naar stap",
        key=f"jump-{index}",
        current=index,
        does=lambda target: go_to(group.id, module, target),
        options=range(len(module.steps)),
        index=index,
        format_func=lambda i: (
            f"{i + 1}. {module.steps[i].title}{KIND_MARKS[module.steps[i].kind]}"
            f" · {module.steps[i].minutes:g} min"
        ),
        label_visibility="collapsed",
    )


def minutes_seconds(since: datetime, now: datetime) -> str:
    seconds = max(0, int((now - since).total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


@watchdog.polling(while_pushed=1)  # its clocks tick with the polls
@outage.tolerant
def live_panel(
    group_id: int,
    module: Module,
    phone_address: str | None,
    enough_drawn: bool,
    pause_drawn: bool,
    box_drawn: int,
) -> None:
    """Timers and counts refresh live; the page redraws when the session moved on, when an
    open question reached k answers (the buttons drawn with the page then change), when a
    pause was asked for or acknowledged (its button), when the question box passed on a
    batch (its due ones are passed on here: nobody else looks), or when the address phones reach the
    laptop at changed (it joined or left a network). The buttons are drawn with the page,
    not here: a press on a fragment's button is lost when the server restarted under it,
    and an outage would take the buttons away."""
    db = runtime.database()
    with db.read() as s:
        snap = sessions.snapshot(s, session_id=group_id)
        connected = sessions.count_connected(s, session_id=group_id, now=utcnow())
        in_box = question_box.passed_count(s, session_id=group_id)
    if snap is None:
        return
    if question_box.due(snap.box_waiting_since, utcnow()):
        with db.write() as s:
            question_box.pass_on_due(s, session_id=group_id, now=utcnow())
        in_box = -1  # a batch came: drawn anew below
    if roles.idle_too_long(runtime.settings().idle_sign_out_minutes):
        st.session_state[roles.AUTO_RERUN] = True
        st.rerun(scope="app")  # app.py signs the unattended console out
    moved = runtime.phone_address(phone_address).base_url != st.session_state.get(PHONE_BASE)
    enough = not answers_needed(snap.answers_in, snap.min_group_size)
    pause = snap.pause_asks > 0
    redraw = moved or enough != enough_drawn or pause != pause_drawn or in_box != box_drawn
    if redraw or snap.version != st.session_state.get("console-version"):
        st.session_state["console-version"] = snap.version
        st.session_state[roles.AUTO_RERUN] = True
        st.rerun(scope="app")
    step = module.steps[snap.current_step]
    now = utcnow()
    over = (now - snap.step_started_at).total_seconds() > step.minutes * 60
    st.markdown(
        f"**Tijd:** stap {minutes_seconds(snap.step_started_at, now)}"
        f" van ±{step.minutes:g} min{' · :orange[over de tijd]' if over else ''}"
        f" · sessie {minutes_seconds(snap.started_at, now)}"
        f" · {plural(connected, 'telefoon', 'telefoons')} verbonden"
        + (" · groep gesloten voor nieuwe telefoons" if snap.locked else "")
    )
    if step.is_question:
        question_status(snap)
    pause_status(snap, now)
    watchdog.heartbeat(snap.version)


def pause_status(snap: sessions.Snapshot, now: datetime) -> None:
    """That someone asked for a pause, how often and since when; never who (nobody can
    know: facilitator/pauses.py). Calm, in the console only: the room is not told."""
    if not snap.pause_asks or snap.pause_asked_at is None:
        return
    since = minutes_seconds(snap.pause_asked_at, now)
    how_often = "" if snap.pause_asks == 1 else f" ({snap.pause_asks} keer)"
    st.markdown(
        f":blue-background[:material/self_improvement: **Pauze gevraagd**{how_often}, "
        f"sinds {since} min]"
    )


def pause_control(group: GroupSession) -> None:
    """Under the pause status: the facilitator says they saw it, and it is cleared."""
    press_button(
        st.button,
        "Pauzeverzoek gezien",
        key="pause-seen",
        does=deed(pauses.acknowledge, session_id=group.id),
        icon=":material/check:",
        help="Wist het verzoek. Niemand kan zien wie het vroeg, ook jij niet; de groep ziet "
        "er niets van.",
    )


def question_status(snap: sessions.Snapshot) -> None:
    needed = answers_needed(snap.answers_in, snap.min_group_size)
    st.markdown(
        f"**Vragen:** {PHASE_NAMES[snap.phase]} · "
        f"**{plural(snap.answers_in, 'antwoord', 'antwoorden')}**"
        f" · minimum {snap.min_group_size}" + (f" (nog {needed} nodig)" if needed else " (genoeg)")
    )


def unanimity_warning(snap: sessions.Snapshot, module: Module) -> None:
    """On a closed question whose result would show that everyone answered alike."""
    needed = answers_needed(snap.answers_in, snap.min_group_size)
    if snap.phase == PHASE_CLOSED and not needed and unanimous(snap, module):
        st.warning(
            "Bij minstens één vraag gaf iedereen hetzelfde antwoord. Tonen laat "
            "ieders antwoord op die vraag zien. Overweeg niet te tonen.",
            icon=":material/visibility:",
        )


def unanimous(snap: sessions.Snapshot, module: Module) -> bool:
    """Whether the closed question's result would show that everyone gave one answer.
    Its answers no longer change, so it is worked out once per question."""
    checked_for = (snap.session_id, snap.current_step, snap.answers_in)
    if st.session_state.get("unanimity-for") != checked_for:
        with runtime.database().read() as s:
            st.session_state["unanimity"] = sessions.needs_unanimity_warning(
                s, session_id=snap.session_id, step_index=snap.current_step, module=module
            )
        st.session_state["unanimity-for"] = checked_for
    return bool(st.session_state["unanimity"])


def room_panel(group: GroupSession, module: Module) -> None:
    """What the room has in front of it now, at one place and one size on every step, so the
    facilitator need not turn round: the step's text as the projector shows it; on a
    question, the questions as the phones get them (to read them out); once revealed, a
    small copy of the projector's charts (the same rule decides both: results.on_screen)."""
    step = module.steps[group.current_step]
    with runtime.database().read() as s:
        shown = results.on_screen(s, group=group, module=module)
    with st.container(height=PANEL_HEIGHT, key="console-room"):
        if group.curtain:
            st.markdown("**Het projectorscherm is nu leeg** (privacygordijn). Daarachter staat:")
        if shown is not None:
            st.caption("Op het scherm")
            show_result(
                shown.result,
                group.language,
                key=f"copy-{group.id}-{group.current_step}",
                shown_before=shown.shown_before,
                font=THUMBNAIL_FONT,
                room=PANEL_HEIGHT - (90 if group.curtain else 50),  # less its captions
            )
        elif isinstance(step, QuestionStep):
            answers = {" · ".join(answer_labels(question)) for question in step.questions}
            shared = len(step.questions) > 1 and len(answers) == 1  # the self-test's six
            st.caption(
                "Op de telefoons" + (f" · bij elke vraag: {answers.pop()}" if shared else "")
            )
            lines = []
            for number, question in enumerate(step.questions, start=1):
                lead = f"{number}. " if len(step.questions) > 1 else ""
                own = "" if shared else f"  \n:small[:gray[{' · '.join(answer_labels(question))}]]"
                lines.append(f"{lead}{question.text}{own}")
            st.markdown("\n\n".join(lines))
        else:
            st.caption("Op het scherm")
            st.markdown(step.body)


def answer_labels(question: Question) -> list[str]:
    """The answers as a phone offers them; a scale's ends with their words."""
    labels = [option.label for option in question.options]
    ends = [i for i, option in enumerate(question.options) if option.id != PASS]
    if question.spec.scale and ends:
        labels[ends[0]] += f" ({question.low_label})"
        labels[ends[-1]] += f" ({question.high_label})"
    return labels


def show_notes(notes: Notes) -> None:
    if notes.caution:  # first: what the facilitator must not miss
        st.warning(notes.caution, icon=":material/front_hand:")
    st.markdown(f"**Doel:** {notes.aim}")
    if notes.points:
        st.markdown("\n".join(f"- {point}" for point in notes.points))
    st.markdown("**Gespreksvragen:**\n" + "\n".join(f"- {question}" for question in notes.discuss))


def coming_next(module: Module, index: int) -> None:
    if index + 1 < len(module.steps):
        following = module.steps[index + 1]
        st.markdown(f"**Hierna:** {following.title} · ±{following.minutes:g} min")
    else:
        st.markdown("**Hierna:** niets meer; dit is de laatste stap. Sluit de sessie af.")


def facilitator_guide(module: Module | None) -> None:
    """The module's safety protocol and agreements, one click away at every step: when
    someone is overwhelmed there is no time to look for the step that had the note."""
    if module is None or not module.facilitator_guide:
        return
    with st.expander(
        "Voor de begeleider: veiligheid en afspraken", icon=":material/health_and_safety:"
    ):
        st.markdown(module.facilitator_guide)


def running_view(group: GroupSession, module: Module | None) -> None:
    """One view at 1366×768: the bar with the room's controls, then the step as the group
    meets it (left) and the facilitator's notes and what comes next (right)."""
    key_control(group, module)
    session_bar(group)
    for error in runtime.library().errors:
        st.warning(
            f"Module niet geladen: {error}. Deze sessie loopt gewoon door met de module "
            "zoals die bij de start was; herstel het bestand voor een volgende sessie.",
            icon=":material/warning:",
        )
    if module is None:
        st.error(
            "De module van deze sessie kan niet meer worden geladen. Je kunt de sessie "
            "wel afsluiten."
        )
        end_controls(group, module)
        return
    index = group.current_step
    step = module.steps[index]
    with runtime.database().read() as s:
        snap = sessions.snapshot(s, session_id=group.id)
        in_box = question_box.passed_on(s, group=group)
    if snap is None:
        return
    st.session_state["console-version"] = group.version
    watchdog.install(
        runtime.settings().poll_seconds,
        drawn_version=group.version,
        must_show=(STEP_BACK, STEP_FORWARD),
        polls_while_pushed=True,
    )
    # News of an answer, a join or a move (the push channel) reruns the whole console:
    # never from inside live_panel, its polling fragment. A fragment's rerun asked for
    # while the page ran in full left the console without the buttons drawn after it, and
    # push.js asks only when no run is going and no press was just made.
    push.follow("console", version=group.version, answers_in=snap.answers_in)
    now, aside = st.columns([3, 2], gap="large")
    with now:
        st.subheader(f"{index + 1}/{len(module.steps)} · {step.title}", anchor=False)
        randomized = " · gerandomiseerde antwoorden: schattingen met marge"
        st.caption(
            f"{group.module_title} · stap {index + 1} van {len(module.steps)}"
            f"{KIND_MARKS[step.kind]}"
            f" · ±{step.minutes:g} min{randomized if group.randomized_response else ''}"
        )
        enough = not answers_needed(snap.answers_in, snap.min_group_size)
        pause = snap.pause_asks > 0
        live_panel(group.id, module, group.phone_address, enough, pause, len(in_box))
        if pause:
            pause_control(group)
        unanimity_warning(snap, module)
        flow_buttons(snap, module)
        st.caption(keys.HINT)
        room_panel(group, module)
    with aside:
        coming_next(module, index)
        step_picker(group, module)
        with st.container(height=NOTES_HEIGHT, key="console-notes"):
            show_notes(step.notes)
        facilitator_guide(module)
        question_box_panel(group, in_box)
        end_controls(group, module)


def question_box_panel(group: GroupSession, in_box: list[question_box.Passed]) -> None:
    """The group's questions, as the box passed them on: in batches, each in random order,
    so that when someone typed says nothing of what. Shown as typed, never as markdown or
    HTML. One at a time may go on the projector; a dismissed one is deleted."""
    if not in_box:
        return
    with st.popover(
        f"Vragen uit de groep ({len(in_box)})", icon=":material/forum:", width="stretch"
    ):
        st.caption(
            "Ze komen per drie, of na drie minuten, in willekeurige volgorde: zo is niet te "
            "zien wie wat typte. Bij het einde van de sessie worden ze gewist."
        )
        for question in in_box:
            st.html(f'<p class="gs-box-text">{html.escape(question.text)}</p>')
            show, dismiss = st.columns(2)
            with show:
                press_button(
                    st.button,
                    "Van het scherm" if question.on_screen else "Op het scherm",
                    key=f"box-show-{question.id}",
                    does=deed(
                        question_box.show,
                        session_id=group.id,
                        question_id=None if question.on_screen else question.id,
                    ),
                    type="primary" if question.on_screen else "secondary",
                    width="stretch",
                )
            with dismiss:
                press_button(
                    st.button,
                    "Weg",
                    key=f"box-dismiss-{question.id}",
                    does=deed(question_box.dismiss, session_id=group.id, question_id=question.id),
                    width="stretch",
                )


def end_controls(group: GroupSession, module: Module | None) -> None:
    """Two plain clicks, the second naming what happens: ending cannot be undone. The first
    opens the question in the browser itself, so it has no way to the server to be lost
    on."""
    with st.popover("Sessie afsluiten…", key="end-session"):
        st.warning(
            "Afsluiten wist alle losse antwoorden. Alleen groepstotalen (vanaf de minimale "
            "groepsgrootte) blijven bewaard. Telefoons zien dat de sessie is afgelopen.",
            icon=":material/delete:",
        )
        press_button(
            st.button,
            "Ja, afsluiten en antwoorden wissen",
            key="end-confirmed",
            does=deed(sessions.end_session, timed=True, session_id=group.id, module=module),
            type="primary",
        )
        st.caption("Niet afsluiten? Klik buiten dit vak of druk op Esc.")


def just_ended_view(facilitator_id: int, session_id: int) -> None:
    """Right after the end: what was kept of the session, with its exports, before the
    next session's form."""
    with runtime.database().read() as s:
        item = summaries.past_session(s, facilitator_id=facilitator_id, session_id=session_id)
    if item is None:
        st.session_state.pop(LAST_RUNNING, None)
        start_form()
        return
    st.title("Sessie afgesloten")
    st.success(
        "De losse antwoorden zijn gewist. Dit is wat er bewaard is: alleen de groepstotalen "
        "die de groep op het scherm zag. Je vindt het later terug onder Eerdere sessies.",
        icon=":material/task_alt:",
    )
    if st.button("Nieuwe groepssessie voorbereiden", type="primary", key="after-end-new"):
        st.session_state.pop(LAST_RUNNING, None)
        st.rerun()
    show_past(item)


# The console's buttons that change the session. A press that meets the database away is
# not carried out: the facilitator is told so, above the outage notice (by the refusal of
# the press's callback, or here, when the run itself had the press: press_button).
ACTIONS = (
    "start-session",
    STEP_BACK,
    STEP_FORWARD,
    "curtain-up",
    "curtain-down",
    "door-open",
    "door-close",
    "qr-large",
    "qr-small",
    "question-open",
    "question-close",
    "question-reveal",
    "end-confirmed",
)


@navigation.page(navigation.CONSOLE, "Console")
def page() -> None:
    st.set_page_config(page_title="Console · Groepssessie")
    style.apply(style.CONSOLE_CSS)
    outage.remember_language("nl")  # the console speaks Dutch, whatever the browser's locale
    facilitator_id = roles.facilitator_id()
    if facilitator_id is None:
        navigation.go_to(navigation.SIGN_IN)
    error = st.session_state.pop("console-error", None)
    if error:
        st.error(error, icon=":material/block:")
    try:
        with runtime.database().read() as s:
            group = sessions.running_session_of(s, facilitator_id=facilitator_id)
    except DatabaseUnavailable:
        # A press whose callback was refused so has said it already (error).
        if error is None and any(st.session_state.get(key) is True for key in ACTIONS):
            st.error(console_message("db_unavailable"), icon=":material/block:")
        raise  # app.py draws the outage notice and retries
    ended = st.session_state.get(LAST_RUNNING)
    if group is not None:
        st.session_state[LAST_RUNNING] = group.id
        running_view(group, runtime.session_module(group))
    elif isinstance(ended, int):
        just_ended_view(facilitator_id, ended)
    else:
        start_form()
