"""The participant's side in a real browser, at 360x740 and 390x844: joining by link and by
code, every question type, reloads and a lost connection that never count anyone twice,
nothing of an answer left on the phone, and a quick exit that leaves no way back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    WebSocket,
    WebSocketRoute,
    expect,
)
from sqlalchemy import select

from facilitator import sessions
from facilitator.content import load_library
from facilitator.db import Database
from facilitator.models import GroupSession
from facilitator.timeutil import utcnow
from tests.conftest import CONTENT
from tests.e2e.conftest import Server
from tests.e2e.test_session_in_browser import (
    PHONE,
    SMALL_PHONE,
    TIMEOUT,
    end_session,
    fill_self_test,
    go_to_step,
    past_content_note,
    shot,
    start_group,
    start_session,
)
from tests.helpers import step_index
from ui.answering import DRAFT_STORE

pytestmark = pytest.mark.e2e

MODULE = load_library(CONTENT).get("traumabinding", "nl")
PART_TWO = load_library(CONTENT).get("traumabinding-loskomen", "nl")

RECEIVED = "Je antwoord is anoniem ontvangen"
CONTROLS = "button|radio|textbox|checkbox|combobox|link"


def fits_the_screen(page: Page) -> None:
    """No sideways scrolling, and every control at least 44 px in both directions."""
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    too_small = page.evaluate(
        """() => Array.from(document.querySelectorAll(
            '#gs-quick-exit, [data-testid="stMain"] button, '
            + '[data-testid="stMain"] [data-testid="stRadio"] label, '
            + '[data-testid="stMain"] input:not([type=radio]):not([type=checkbox]), '
            + '[data-testid="stMain"] textarea'))
          .filter(e => e.offsetParent !== null)
          .map(e => [e.innerText || e.getAttribute('aria-label') || e.tagName,
                     e.getBoundingClientRect().height, e.getBoundingClientRect().width])
          .filter(([, h, w]) => h < 44 || w < 44)"""
    )
    assert not too_small, too_small


def unnamed_controls(page: Page) -> list[str]:
    """Controls a screen reader would announce without a name."""
    snapshot = page.locator("body").aria_snapshot()
    return [
        line for line in snapshot.splitlines() if re.match(rf'^\s*- ({CONTROLS})\b(?! ")', line)
    ]


def quick_exit_clear_of_the_content(page: Page) -> None:
    """The quick exit floats above the page; at the top it must not hide the heading."""
    clear = page.evaluate(
        """() => {
          // Streamlit scrolls an inner container, not the window.
          for (const element of document.querySelectorAll('*')) element.scrollTop = 0;
          const heading = document.querySelector(
            '[data-testid="stMain"] h1, [data-testid="stMain"] h3');
          const range = document.createRange();
          range.selectNodeContents(heading.firstChild);
          const t = range.getBoundingClientRect();
          const e = document.getElementById('gs-quick-exit').getBoundingClientRect();
          return !(e.left < t.right && e.right > t.left && e.top < t.bottom && e.bottom > t.top);
        }"""
    )
    assert clear, "the quick exit covers the heading"


class Line:
    """A phone's websocket to the server through a switch that can lose what the phone
    sends, as a dying Wi-Fi connection does, and then drop the connection."""

    def __init__(self, page: Page) -> None:
        self.losing = False
        self.routes: list[WebSocketRoute] = []
        page.route_web_socket(re.compile(r".*/_stcore/stream"), self._route)

    def _route(self, route: WebSocketRoute) -> None:
        server = route.connect_to_server()
        self.routes.append(route)
        route.on_message(lambda message: None if self.losing else server.send(message))

    def reconnect(self) -> None:
        self.losing = False
        self.routes[-1].close()  # Streamlit reconnects by itself


# Every message each phone sent to the server over Streamlit's websocket, as text.
sent_frames: dict[Page, list[str]] = {}


def new_phone(browser: Browser, options: dict, *, large_text: bool = False) -> Page:
    context: BrowserContext = browser.new_context(**options)
    page = context.new_page()
    frames = sent_frames.setdefault(page, [])

    def capture(socket: WebSocket) -> None:
        def keep(payload: str | bytes) -> None:
            if isinstance(payload, bytes):
                payload = payload.decode("utf-8", errors="replace")
            frames.append(payload)

        socket.on("framesent", keep)

    page.on("websocket", capture)
    if large_text:
        # What a phone's "larger text" setting does to a page: a larger default font size.
        cdp = context.new_cdp_session(page)
        cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 24, "fixed": 20}})
    page.goto("about:blank")  # something to go back to, as a phone's browser has
    return page


def answers_in(server: Server, code: str, step_index: int) -> int:
    db = Database(server.database_url)
    try:
        with db.read() as s:
            session_id = s.scalar(select(GroupSession.id).where(GroupSession.join_code == code))
            assert session_id is not None
            return sessions.count_answers(s, session_id=session_id, step_index=step_index)
    finally:
        db.dispose()


def move_on(server: Server, code: str, step_id: str, module=MODULE) -> None:
    """What the console's "next" does, straight through the domain."""
    db = Database(server.database_url)
    try:
        with db.write() as s:
            group = s.scalar(select(GroupSession).where(GroupSession.join_code == code))
            assert group is not None
            sessions.go_to_step(
                s,
                facilitator_id=group.facilitator_id,
                session_id=group.id,
                step_index=step_index(module, step_id),
                module=module,
                now=utcnow(),
            )
    finally:
        db.dispose()


def participants(server: Server, code: str) -> int:
    db = Database(server.database_url)
    try:
        with db.read() as s:
            session_id = s.scalar(select(GroupSession.id).where(GroupSession.join_code == code))
            assert session_id is not None
            return sessions.count_participants(s, session_id=session_id)
    finally:
        db.dispose()


def nothing_of_an_answer_shown(phone: Page, labels: list[str]) -> None:
    expect(phone.get_by_test_id("stMain").get_by_text(RECEIVED)).to_be_visible(timeout=TIMEOUT)
    # Once the run that drew the confirmation has finished, no answer widget is left.
    widgets = phone.locator('[data-testid="stRadio"], [data-testid="stButtonGroup"]')
    expect(widgets).to_have_count(0, timeout=TIMEOUT)
    expect(phone.get_by_role("button", name="Hulp en steun")).to_be_visible(timeout=TIMEOUT)
    body = phone.locator("body").inner_text()
    for label in labels:
        assert label not in body, label
    assert phone.url.rstrip("/") == phone.url.split("?")[0].rstrip("/")  # no query at all
    # Nor in the tab's storage: the copy of the unsent answer (ui/answering.py) went.
    assert phone.evaluate(f"sessionStorage.getItem({DRAFT_STORE!r})") is None


@pytest.mark.parametrize("options", [SMALL_PHONE, PHONE], ids=["360x740", "390x844"])
def test_a_phone_joins_answers_every_kind_survives_reloads_and_exits_without_a_trace(
    server: Server, browser: Browser, neutral_site: str, options: dict
):
    console, _projector, code = start_group(server, browser)
    size = f"{options['viewport']['width']}"

    # Joining: by the QR code's link, and by typing the code sloppily after a wrong one.
    by_link = new_phone(browser, options)
    line = Line(by_link)
    by_link.goto(f"{server.url}/?code={code}")
    past_content_note(by_link)
    by_code = new_phone(browser, options, large_text=True)
    by_code.goto(server.url)
    by_code.get_by_label("Code (6 tekens)").fill("ZZZZZZ")
    by_code.get_by_role("button", name="Meedoen").click()
    expect(by_code.get_by_text("Er is geen groep met deze code")).to_be_visible(timeout=TIMEOUT)
    by_code.get_by_label("Code (6 tekens)").fill(f" {code[:3].lower()} {code[3:].lower()} ")
    by_code.get_by_role("button", name="Meedoen").click()
    past_content_note(by_code)
    for phone in (by_link, by_code):
        expect(phone.get_by_text("Welkom", exact=True)).to_be_visible(timeout=TIMEOUT)
        expect(phone.get_by_role("button", name="Ik begrijp het, verder")).to_have_count(0)
        assert phone.url == f"{server.url}/"  # neither the code nor any token in the URL
        assert phone.title() == "Groepssessie"
        cookie = next(c for c in phone.context.cookies() if c["name"] == "gs_p")
        assert cookie["sameSite"] == "Strict"
        fits_the_screen(phone)
        quick_exit_clear_of_the_content(phone)
        assert not unnamed_controls(phone), unnamed_controls(phone)
    assert by_link.evaluate("history.length") == 2  # about:blank and this one page
    assert participants(server, code) == 2

    # The check-in scale: one phone answers, the other reloads halfway and then answers.
    go_to_step(console, "Check-in: hoe kom je binnen?")
    console.get_by_role("button", name="Openen").click()
    for phone in (by_link, by_code):
        expect(phone.get_by_role("button", name="Versturen")).to_be_visible(timeout=TIMEOUT)
        assert not unnamed_controls(phone), unnamed_controls(phone)
        fits_the_screen(phone)
    shot(by_code, f"phone-{size}-scale-large-text")
    scale = by_link.locator('[data-testid="stRadio"]')
    expect(scale.get_by_role("radio")).to_have_count(6, timeout=TIMEOUT)
    labels = scale.get_by_role("radio").evaluate_all("rs => rs.map(r => r.labels[0].innerText)")
    assert labels[0].startswith("1 · ") and labels[4].startswith("5 · "), labels
    scale.get_by_text("3", exact=True).click()
    by_link.get_by_role("button", name="Versturen").click()
    nothing_of_an_answer_shown(by_link, [labels[0], labels[4], "Liever niet zeggen"])

    by_code.locator('[data-testid="stRadio"]').get_by_text("4", exact=True).click()
    by_code.reload()
    expect(by_code.get_by_role("button", name="Versturen")).to_be_visible(timeout=TIMEOUT)
    by_code.locator('[data-testid="stRadio"]').get_by_text("Liever niet zeggen").click()
    by_code.get_by_role("button", name="Versturen").click()
    nothing_of_an_answer_shown(by_code, ["Liever niet zeggen"])
    by_code.reload()
    expect(by_code.get_by_test_id("stMain").get_by_text(RECEIVED)).to_be_visible(timeout=TIMEOUT)
    assert answers_in(server, code, 1) == 2
    assert participants(server, code) == 2

    # Choose any: an empty send is explained, not counted; then several choices.
    go_to_step(console, "Waar let jij op?")
    console.get_by_role("button", name="Openen").click()
    for phone in (by_link, by_code):
        expect(phone.get_by_role("button", name="Versturen")).to_be_visible(timeout=TIMEOUT)
        fits_the_screen(phone)
    by_code.get_by_role("button", name="Versturen").click()
    expect(by_code.get_by_text("Deze vraag heeft nog geen antwoord")).to_be_visible(timeout=TIMEOUT)
    pills = by_link.locator('[data-testid="stButtonGroup"]').get_by_role("button")
    chosen = [pills.nth(0).inner_text(), pills.nth(2).inner_text()]
    pills.nth(0).click()
    pills.nth(2).click()
    by_link.get_by_role("button", name="Versturen").click()
    nothing_of_an_answer_shown(by_link, chosen)
    by_code.locator('[data-testid="stButtonGroup"]').get_by_role(
        "button", name="Liever niet zeggen"
    ).click()
    by_code.get_by_role("button", name="Versturen").click()
    nothing_of_an_answer_shown(by_code, ["Liever niet zeggen"])
    assert answers_in(server, code, 7) == 2

    # A lost connection shows on the phone and heals by itself.
    notice = by_link.locator("#gs-offline")
    by_link.context.set_offline(True)
    expect(notice).to_be_visible(timeout=TIMEOUT)
    expect(notice).to_contain_text("Geen verbinding")
    shot(by_link, f"phone-{size}-offline")
    by_link.context.set_offline(False)
    expect(notice).to_be_hidden(timeout=TIMEOUT)

    # Yes/no with "weet ik niet": a send lost on the way is never shown as sent; the
    # participant simply sends again once the line is back, and it counts once.
    go_to_step(console, "De zelftest: een spiegel, geen diagnose")
    console.get_by_role("button", name="Openen").click()
    fill_self_test(by_link, ["Ja", "Nee", "Weet ik niet", "Ja", "Nee", "Ja"])
    send = by_link.get_by_role("button", name="Versturen")
    line.losing = True
    send.click()
    by_link.wait_for_timeout(3_000)
    assert by_link.get_by_test_id("stMain").get_by_text(RECEIVED).count() == 0
    assert answers_in(server, code, 11) == 0
    line.reconnect()
    by_link.wait_for_timeout(3_000)  # a lost send is not replayed on its own
    assert answers_in(server, code, 11) == 0
    expect(send).to_be_visible()
    send.click()
    nothing_of_an_answer_shown(by_link, ["Weet ik niet"])
    assert answers_in(server, code, 11) == 1

    # A week later the two people join part 2, where the private facts list is, in a
    # fresh tab as one opens a new link.
    end_session(console)
    code = start_session(console, "Traumabinding 2: loskomen")
    by_link = new_phone(browser, options)
    by_code = new_phone(browser, options, large_text=True)
    for phone in (by_link, by_code):
        phone.goto(f"{server.url}/?code={code}")
        past_content_note(phone)
        expect(phone.get_by_text("Welkom terug", exact=True)).to_be_visible(timeout=TIMEOUT)

    # The private facts list: it never leaves the phone (in no message to the server),
    # survives a reload of the page, can be downloaded and is gone when cleared.
    go_to_step(console, "Een feitenlijst, alleen voor jou")
    area = by_code.get_by_role("textbox", name="Alleen voor jou")
    expect(area).to_be_visible(timeout=TIMEOUT)
    assert not unnamed_controls(by_code), unnamed_controls(by_code)
    fits_the_screen(by_code)
    secret = "Hij las mijn berichten, 7f3a9c"
    area.press_sequentially(secret)
    area.blur()
    by_code.wait_for_timeout(2_500)  # a few polls go by
    assert sent_frames[by_code], "the phone's messages to the server were not captured"
    assert not [f for f in sent_frames[by_code] if "7f3a9c" in f], "the notes reached the server"
    by_code.reload()
    area = by_code.get_by_role("textbox", name="Alleen voor jou")
    expect(area).to_have_value(secret, timeout=TIMEOUT)
    with by_code.expect_download() as download:
        by_code.get_by_role("button", name="Downloaden").click()
    assert download.value.suggested_filename == "notities.txt"
    assert download.value.path().read_text(encoding="utf-8") == secret
    by_code.get_by_role("button", name="Wissen").click()
    expect(area).to_have_value("")
    by_code.reload()
    expect(by_code.get_by_role("textbox", name="Alleen voor jou")).to_have_value(
        "", timeout=TIMEOUT
    )
    assert not [f for f in sent_frames[by_code] if "7f3a9c" in f]

    # The server goes down. Streamlit's own connection dialog stays hidden behind the
    # phone's notice, and the quick exit still works: a neutral site in place of this
    # page, no way back to it, nothing remembered (the notes written just before included).
    area.press_sequentially("nog een feit")
    server.stop()
    for phone in (by_link, by_code):
        expect(phone.locator("#gs-offline")).to_be_visible(timeout=TIMEOUT)
    expect(by_code.get_by_test_id("stDialog")).to_be_attached(timeout=30_000)
    expect(by_code.get_by_text("Connection error")).to_be_hidden()
    shot(by_code, f"phone-{size}-server-down")
    by_code.get_by_role("button", name=re.compile("^Snel weg")).tap()
    by_code.wait_for_url(neutral_site, timeout=TIMEOUT)
    assert by_code.title() == "Weerbericht"
    assert not [c for c in by_code.context.cookies() if c["name"] == "gs_p"]
    by_code.go_back()
    assert by_code.url == "about:blank"
    by_code.go_forward()
    assert by_code.url == neutral_site

    # Back up, as after a crash or when a phone slept past its Streamlit session: the
    # other phone reconnects by itself as the same participant, though its page still
    # holds the join link's code, and without the content note again.
    server.start()
    expect(by_link.locator("#gs-offline")).to_be_hidden(timeout=30_000)
    # The console's own session did not survive the restart.
    move_on(server, code, "hulp", PART_TWO)
    heading = by_link.get_by_role("heading", name="Hulp die dit begrijpt")
    expect(heading).to_be_visible(timeout=TIMEOUT)
    assert by_link.get_by_text("Voordat we beginnen").count() == 0
    assert participants(server, code) == 2

    # The phone that left opens the app again on purpose: a fresh start, not the group.
    by_code.goto(server.url)
    expect(by_code.get_by_text("Meedoen met de groep")).to_be_visible(timeout=TIMEOUT)
    # Nothing of the visit is left in the tab: only where this tab's history stands
    # (ui/frontend/history.js), which names nobody and no answer.
    kept = by_code.evaluate("() => Object.keys(sessionStorage)")
    assert kept == ["gs-history"], kept
    assert by_code.evaluate("() => JSON.parse(sessionStorage.getItem('gs-history'))").keys() == {
        "length",
        "depth",
    }
    assert participants(server, code) == 2


def test_a_phone_whose_polling_died_reloads_itself_as_the_same_participant(
    server: Server, browser: Browser
):
    """Now and then Streamlit stopped a phone's polling timer, leaving it on an old step.
    The phone's watchdog notices the heartbeat standing still and reloads the page."""
    _console, _projector, code = start_group(server, browser)
    phone = new_phone(browser, PHONE)
    phone.goto(f"{server.url}/?code={code}")
    past_content_note(phone)
    expect(phone.get_by_text("Welkom", exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(phone.locator(".gs-beat")).to_be_attached(timeout=TIMEOUT)
    # Stop every timer on the page except the watchdog's own: what a dead polling
    # timer in Streamlit looks like from the outside.
    phone.evaluate(
        """() => {
          const own = new Set(window.__groepssessieWatchdog.timers);
          const last = setTimeout(() => {}, 0);
          for (let id = 1; id <= last + 1000; id++) if (!own.has(id)) clearInterval(id);
        }"""
    )
    move_on(server, code, "het-patroon")
    heading = phone.get_by_role(
        "heading", name=MODULE.steps[step_index(MODULE, "het-patroon")].title
    )
    expect(heading).to_be_visible(timeout=25_000)
    assert phone.get_by_text("Voordat we beginnen").count() == 0
    assert participants(server, code) == 1


def test_the_help_page_lists_numbers_a_phone_calls_with_one_tap(server: Server, browser: Browser):
    phone = new_phone(browser, PHONE)
    phone.goto(server.url)
    phone.get_by_role("button", name="Hulp en steun").click()
    expect(phone.get_by_text("In Nederland kun je hier terecht")).to_be_visible(timeout=TIMEOUT)
    for number in ("112", "08002000", "08000188", "113"):
        expect(phone.locator(f'a[href="tel:{number}"]')).to_have_count(1)
