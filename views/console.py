"""The facilitator's console: a presenter view that leads the group through a module.

Every button is one unit of work in the domain; the page itself only shows state and
turns refusals into messages. Nothing a participant answered is shown here: only counts,
a private warning when a reveal would show that everyone answered alike, and, after the
end, the aggregate summary.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import streamlit as st

from facilitator import sessions
from facilitator.config import MAX_MIN_GROUP_SIZE, MIN_GROUP_SIZE_FLOOR
from facilitator.content import Module, Notes, Step
from facilitator.errors import DatabaseUnavailable
from facilitator.i18n import plural
from facilitator.joinlink import NetworkAddress, join_url
from facilitator.models import PHASE_CLOSED, PHASE_OPEN, PHASE_REVEALED, GroupSession
from facilitator.privacy import answers_needed
from facilitator.randomized import (
    REPLACED_ONE_IN,
    USEFUL_WIDTH,
    expected_interval,
    smallest_useful_group,
)
from facilitator.timeutil import utcnow
from ui import navigation, outage, roles, runtime, watchdog
from ui.actions import Refused, attempt
from ui.messages import console_message

PHASE_NAMES = {
    None: "nog niet geopend",
    PHASE_OPEN: "open",
    PHASE_CLOSED: "gesloten",
    PHASE_REVEALED: "getoond (gesloten)",
}
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}
KIND_MARKS = {"slide": "", "question": " · vragen", "exercise": " · eigen oefening"}


def act(action: Callable[..., object], **arguments: object) -> None:
    """Run one facilitator action as one transaction; show a refusal, else redraw."""
    outcome = attempt(lambda s: action(s, facilitator_id=roles.facilitator_id(), **arguments))
    if isinstance(outcome, Refused):
        st.session_state["console-error"] = console_message(outcome.code)
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
        act(
            sessions.start_session,
            module=chosen,
            min_group_size=int(k),
            randomized_response=randomized,
            now=utcnow(),
        )


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


def join_panel(group: GroupSession) -> None:
    where = runtime.phone_address(group.phone_address)
    st.session_state[PHONE_BASE] = where.base_url
    col_code, col_links = st.columns([1, 2])
    col_code.metric("Deelnamecode", group.join_code)
    with col_links:
        st.link_button(
            "Projectorscherm openen (nieuw tabblad)",
            # The projector's only page is its default, served at the app's root: "./"
            # from /console (or from the root itself) is that root, behind a proxy too.
            f"./?{roles.PROJECTOR_PARAM}={group.projector_token}",
            icon=":material/present_to_all:",
        )
        if where.choices and where.chosen is not None:
            choose_network(group, where.choices, where.chosen)
        if where.base_url:
            st.caption(f"Deelnamelink voor telefoons: {join_url(where.base_url, group.join_code)}")
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
    picked = st.selectbox(
        "Netwerk voor telefoons",
        options=addresses,
        index=addresses.index(chosen.address),
        format_func=lambda a: (
            f"{a} ({by_address[a].interface}"
            f"{', standaardroute' if by_address[a].default_route else ''})"
        ),
        key=f"phone-address-{'-'.join(addresses)}",
        help="Deze laptop zit op meer dan één netwerk. Kies het netwerk waarop de telefoons "
        "van de groep zitten, meestal de wifi. De QR-code op het scherm volgt je keuze.",
    )
    if picked != chosen.address:
        act(sessions.choose_phone_address, session_id=group.id, address=picked)


def curtain_control(group: GroupSession) -> None:
    if group.curtain:
        st.error("Het projectorscherm is nu leeg (privacygordijn).", icon=":material/block:")
        if st.button("Scherm terugzetten", type="primary", key="curtain-up"):
            act(sessions.set_curtain, session_id=group.id, down=False)
    elif st.button(
        "Scherm leegmaken",
        icon=":material/visibility_off:",
        key="curtain-down",
        help="Maakt het projectorscherm direct leeg, bijvoorbeeld als iemand overstuur raakt.",
    ):
        act(sessions.set_curtain, session_id=group.id, down=True)


def join_qr_control(group: GroupSession) -> None:
    """The projector shows the join QR code large on the first step, later a slim strip with
    the code; someone who comes in late can have the large code back."""
    if group.join_qr:
        if st.button("QR-code klein op scherm", icon=":material/qr_code:", key="qr-small"):
            act(sessions.show_join_qr, session_id=group.id, shown=False)
    elif st.button(
        "QR-code groot op scherm",
        icon=":material/qr_code_2:",
        key="qr-large",
        help="Voor wie later binnenkomt. Bij de volgende stap wordt de code weer een smalle balk.",
    ):
        act(sessions.show_join_qr, session_id=group.id, shown=True)


def door_control(group: GroupSession) -> None:
    """Close the group to new phones once everyone is in; the projector then says so, and
    the room can check the number of phones against the people present."""
    if group.locked:
        st.info(
            "De groep is gesloten: er kunnen geen nieuwe telefoons bij. Het scherm zegt dat ook.",
            icon=":material/lock:",
        )
        if st.button("Groep weer openen", icon=":material/lock_open:", key="door-open"):
            act(sessions.set_door, session_id=group.id, locked=False)
    elif st.button(
        "Groep sluiten voor nieuwe telefoons",
        icon=":material/lock:",
        key="door-close",
        help="Als iedereen binnen is: geen nieuwe telefoons meer. Zo kan niemand met extra "
        "telefoons de groep groter laten lijken dan hij is.",
    ):
        act(sessions.set_door, session_id=group.id, locked=True)


def step_controls(group: GroupSession, module: Module) -> None:
    index = group.current_step
    last = len(module.steps) - 1
    back, forward, jump = st.columns([1, 1, 3])
    if back.button("◀ Vorige", disabled=index == 0, width="stretch", key="step-back"):
        act(
            sessions.go_to_step,
            session_id=group.id,
            step_index=index - 1,
            module=module,
            now=utcnow(),
        )
    if forward.button(
        "Volgende ▶",
        disabled=index == last,
        width="stretch",
        type="primary",
        key="step-forward",
    ):
        act(
            sessions.go_to_step,
            session_id=group.id,
            step_index=index + 1,
            module=module,
            now=utcnow(),
        )
    target = jump.selectbox(
        "Ga naar stap",
        options=range(len(module.steps)),
        index=index,
        key=f"jump-{index}",
        format_func=lambda i: (
            f"{i + 1}. {module.steps[i].title}{KIND_MARKS[module.steps[i].kind]}"
            f" · {module.steps[i].minutes:g} min"
        ),
        label_visibility="collapsed",
    )
    if target != index:
        act(
            sessions.go_to_step,
            session_id=group.id,
            step_index=target,
            module=module,
            now=utcnow(),
        )


def minutes_seconds(since: datetime, now: datetime) -> str:
    seconds = max(0, int((now - since).total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


@watchdog.polling()
@outage.tolerant
def live_panel(group_id: int, module: Module, phone_address: str | None) -> None:
    """Timers and counts refresh live; the page redraws when the session moved on, or
    when the address phones reach the laptop at changed (it joined or left a network)."""
    db = runtime.database()
    with db.read() as s:
        snap = sessions.snapshot(s, session_id=group_id)
        connected = sessions.count_connected(s, session_id=group_id, now=utcnow())
    if snap is None:
        return
    if roles.idle_too_long(runtime.settings().idle_sign_out_minutes):
        st.session_state[roles.AUTO_RERUN] = True
        st.rerun(scope="app")  # app.py signs the unattended console out
    moved = runtime.phone_address(phone_address).base_url != st.session_state.get(PHONE_BASE)
    if moved or snap.version != st.session_state.get("console-version"):
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
    )
    if step.is_question:
        question_controls(snap, step, module)
    watchdog.heartbeat(snap.version)


def question_controls(snap: sessions.Snapshot, step: Step, module: Module) -> None:
    needed = answers_needed(snap.answers_in, snap.min_group_size)
    st.markdown(
        f"**Vragen:** {PHASE_NAMES[snap.phase]} · "
        f"**{plural(snap.answers_in, 'antwoord', 'antwoorden')}**"
        f" · minimum {snap.min_group_size}" + (f" (nog {needed} nodig)" if needed else " (genoeg)")
    )
    warned = snap.phase == PHASE_CLOSED and not needed and unanimous(snap, module)
    if warned:
        st.warning(
            "Bij minstens één vraag gaf iedereen hetzelfde antwoord. Tonen laat "
            "ieders antwoord op die vraag zien. Overweeg niet te tonen.",
            icon=":material/visibility:",
        )
    open_col, close_col, reveal_col = st.columns(3)
    if open_col.button(
        "Openen",
        disabled=snap.phase in (PHASE_OPEN, PHASE_REVEALED),
        width="stretch",
        key="question-open",
    ):
        act(sessions.open_question, session_id=snap.session_id, module=module)
    if close_col.button(
        "Sluiten",
        disabled=snap.phase != PHASE_OPEN,
        width="stretch",
        key="question-close",
    ):
        act(sessions.close_question, session_id=snap.session_id, module=module)
    if reveal_col.button(
        "Tonen op scherm",
        type="primary",
        disabled=snap.phase in (None, PHASE_REVEALED) or bool(needed),
        width="stretch",
        key="question-reveal",
    ):
        # Pressed while the warning shows: the facilitator has seen it and shows anyway.
        act(sessions.reveal, session_id=snap.session_id, module=module, unanimous_seen=warned)


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


def show_notes(notes: Notes) -> None:
    st.markdown(f"**Doel:** {notes.aim}")
    if notes.points:
        st.markdown("\n".join(f"- {point}" for point in notes.points))
    st.markdown("**Gespreksvragen:**\n" + "\n".join(f"- {question}" for question in notes.discuss))
    if notes.caution:
        st.warning(notes.caution, icon=":material/front_hand:")


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
    st.title(group.module_title)
    facilitator_guide(module)
    if group.randomized_response:
        st.caption(
            ":material/shuffle: Gerandomiseerde antwoorden: ja/nee- en keuze-uitkomsten zijn "
            "schattingen met een marge, geen tellingen."
        )
    join_panel(group)
    door, join_qr, curtain = st.columns(3)
    with door:
        door_control(group)
    with join_qr:
        join_qr_control(group)
    with curtain:
        curtain_control(group)
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
    else:
        step = module.steps[group.current_step]
        st.divider()
        step_controls(group, module)
        st.subheader(f"{group.current_step + 1}/{len(module.steps)} · {step.title}")
        st.session_state["console-version"] = group.version
        live_panel(group.id, module, group.phone_address)
        watchdog.install(runtime.settings().poll_seconds, drawn_version=group.version)
        notes, upcoming = st.columns([2, 1])
        with notes:
            show_notes(step.notes)
        with upcoming:
            if group.current_step + 1 < len(module.steps):
                following = module.steps[group.current_step + 1]
                st.markdown(f"**Hierna:** {following.title} · ±{following.minutes:g} min")
                st.caption(following.phone)
    st.divider()
    end_controls(group, module)


def end_controls(group: GroupSession, module: Module | None) -> None:
    """Two plain clicks, the second naming what happens: ending cannot be undone."""
    if not st.session_state.get("confirm-end"):
        if st.button("Sessie afsluiten…", key="end-session"):
            st.session_state["confirm-end"] = True
            st.rerun()
        return
    st.warning(
        "Afsluiten wist alle losse antwoorden. Alleen groepstotalen (vanaf de minimale "
        "groepsgrootte) blijven bewaard. Telefoons zien dat de sessie is afgelopen.",
        icon=":material/delete:",
    )
    confirm, cancel = st.columns(2)
    if confirm.button("Ja, afsluiten en antwoorden wissen", type="primary", key="end-confirmed"):
        st.session_state.pop("confirm-end", None)
        act(sessions.end_session, session_id=group.id, module=module, now=utcnow())
    if cancel.button("Annuleren", key="end-cancel"):
        st.session_state.pop("confirm-end", None)
        st.rerun()


# The console's buttons that change the session. A press whose run cannot even read the
# session is not carried out: the facilitator is told so, above the outage notice.
ACTIONS = (
    "start-session",
    "step-back",
    "step-forward",
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
    st.set_page_config(page_title="Console · Groepssessie", layout="wide")
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
        if any(st.session_state.get(key) is True for key in ACTIONS):
            st.error(console_message("db_unavailable"), icon=":material/block:")
        raise  # app.py draws the outage notice and retries
    if group is None:
        start_form()
    else:
        running_view(group, runtime.session_module(group))
    with st.sidebar:
        if st.button("Afmelden", key="sign-out"):
            roles.sign_out()
            st.rerun()
