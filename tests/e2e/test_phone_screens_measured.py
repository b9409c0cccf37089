"""Every participant screen, measured in a real browser on 360×740 and 390×844 phones, on
a laptop, and on a small phone with its text zoomed to 200 %:

- every control at least 44×44 px (WCAG 2.5.5, Apple's guideline);
- a question's text at least as large as its answers (before: 15.4 px against 19.4 px);
- with the phone set to reduce motion, nothing transitions or animates;
- axe-core finds no serious or critical violation;
- no text shown twice, no line that starts by repeating its title, no lone question "1.";
- each question heard by a screen reader as one group named by the question;
- nothing wider than the screen or cut off, at 200 % text too;
- the answer's buttons (send, or previous and next) on screen while a question is;
- after a send, the status is put in a live region that was there before.

Screens: the join form, the content note, a slide, privacy, the check-in (one question),
a choose-any question sent empty and marked, the self-test one question per screen, its
review, a missing answer marked at the question, the confirmation, the offline notice,
help and the goodbye. The test prints what it checked (pytest -s)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from facilitator import sessions
from facilitator.content import QuestionStep, load_library
from facilitator.db import Database
from facilitator.i18n import text
from facilitator.timeutil import utcnow
from tests.conftest import CONTENT, create_account
from tests.e2e import axe
from tests.e2e.conftest import Server
from tests.e2e.test_session_in_browser import PHONE, SMALL_PHONE, TIMEOUT, shot
from tests.helpers import go_and_open, join_code_of, start, step_index

pytestmark = pytest.mark.e2e

LIBRARY = load_library(CONTENT)
SMALLEST_TARGET = 44
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
BROWSER_FONT_PX = 16  # Chromium's default text size, which the phone's text zoom scales

MEASURE = (Path(__file__).parent / "phone_measure.js").read_text(encoding="utf-8")


def measure(page: Page, screen: str, seen: list[str], *, zoomed: bool = False) -> None:
    page.wait_for_timeout(300)  # the page's last redraw
    if zoomed:  # the question is what one scrolls to first: its buttons must be in reach
        asked = page.locator('[role="radiogroup"], [role="group"], [data-testid="stButtonGroup"]')
        if asked.count():
            asked.first.scroll_into_view_if_needed()
    found = page.evaluate(MEASURE, SMALLEST_TARGET)
    where = f"{screen} at {page.viewport_size}{' with 200 % text' if zoomed else ''}"
    assert found["controls"] > 0, where
    assert not found["small"], f"{where}: tap targets under {SMALLEST_TARGET} px: {found['small']}"
    assert not found["smallerQuestions"], f"{where}: {found['smallerQuestions']}"
    assert not found["moving"], f"{where}: moves with reduced motion: {found['moving']}"
    assert not found["repeats"], f"{where}: shown twice: {found['repeats']}"
    assert not found["ungrouped"], f"{where}: questions not one named group: {found['ungrouped']}"
    assert found["scrollWidth"] <= found["width"], f"{where}: scrolls sideways: {found}"
    assert found["mainScrollWidth"] <= found["width"], f"{where}: scrolls sideways: {found}"
    assert not found["cut"], f"{where}: wider than the screen or cut off: {found['cut']}"
    assert found["actions"] in (None, True), f"{where}: the answer's buttons are off screen"
    blocking = axe.violations(page)
    assert not blocking, f"{where}: axe-core, serious or critical: {blocking}"
    seen.append(
        f"{where}: {found['controls']} controls, {found['questions']} questions"
        + ("" if found["actions"] is None else ", answer buttons on screen")
        + ", axe-core: no serious or critical violation"
    )


def choose(radio: Locator) -> None:
    """By keyboard, as a screen reader user would (and so whatever sits over it)."""
    radio.focus()
    radio.press("Space")
    expect(radio).to_be_checked()


def announces(page: Page, words: str) -> None:
    """The phone's live region, there since the page loaded, says these words: what a
    screen reader reads out after a send."""
    region = page.locator("#gs-announce")
    assert region.get_attribute("role") == "status"
    expect(region).to_have_text(words, timeout=TIMEOUT)


@pytest.mark.parametrize(
    ("options", "language", "text_zoom"),
    [
        (SMALL_PHONE, "nl", 1),
        (PHONE, "en", 1),
        (LAPTOP, "en", 1),
        (SMALL_PHONE, "nl", 2),
        (PHONE, "en", 2),
    ],
    ids=["360x740-nl", "390x844-en", "1366x768-en", "360x740-nl-text-200%", "390x844-en-text-200%"],
)
def test_every_phone_screen_is_big_enough_still_readable_and_accessible(
    server: Server, browser: Browser, options: dict, language: str, text_zoom: int
):
    module = LIBRARY.get("traumabinding", language)
    assert module is not None
    db = Database(server.database_url)
    facilitator = create_account(db, username=f"measure-{options['viewport']['width']}-{text_zoom}")
    session_id = start(db, facilitator, module, k=3, now=utcnow())
    code = join_code_of(db, session_id)
    locale = "nl-NL" if language == "nl" else "en-GB"
    context = browser.new_context(**{**options, "locale": locale}, reduced_motion="reduce")
    phone = context.new_page()
    zoomed = text_zoom > 1
    if zoomed:  # what the phone's text size setting does: every text size scales
        context.new_cdp_session(phone).send(
            "Page.setFontSizes", {"fontSizes": {"standard": BROWSER_FONT_PX * text_zoom}}
        )
    seen: list[str] = []

    def say(key: str, **values: object) -> str:
        return text(language, key, **values)

    def look(screen: str, picture: str | None = None) -> None:
        measure(phone, screen, seen, zoomed=zoomed)
        if picture and options is not LAPTOP:  # test-artifacts/, described in the notes
            width = options["viewport"]["width"]
            phone.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTo(0, 0)")
            shot(phone, f"phone-{width}-{language}{'-text-200' if zoomed else ''}-{picture}")

    def send() -> None:
        phone.get_by_role("button", name=say("submit")).click()

    phone.goto(server.url)
    expect(phone.get_by_role("button", name=say("join_button"))).to_be_visible(timeout=TIMEOUT)
    if zoomed:  # the page's text at twice its size (17.6 px): the setting has taken hold
        phone.wait_for_function(
            """() => { const p = document.querySelector('[data-testid="stMarkdownContainer"] p');
              return p !== null && parseFloat(getComputedStyle(p).fontSize) >= 2 * 17.6 - 0.5; }""",
            timeout=TIMEOUT,
        )
    look("the join form")
    phone.goto(f"{server.url}/?code={code}")
    expect(phone.get_by_text(say("content_note_title"))).to_be_visible(timeout=TIMEOUT)
    look("the content note")
    phone.get_by_role("button", name=say("content_note_continue")).click()
    expect(phone.get_by_role("heading", name=module.steps[0].title)).to_be_visible(timeout=TIMEOUT)
    look("the first slide")
    phone.get_by_role("button", name=say("privacy_link")).click()
    expect(phone.get_by_role("heading", name=say("privacy_title"))).to_be_visible(timeout=TIMEOUT)
    look("privacy")
    phone.get_by_role("button", name=say("help_back")).click()

    # One question on one screen: the check-in.
    go_and_open(db, facilitator, session_id, module, now=utcnow(), step_id="check-in")
    expect(phone.locator('[data-testid="stRadio"]')).to_have_count(1, timeout=TIMEOUT)
    look("the check-in")
    phone.locator('[role="radiogroup"]').get_by_text("3", exact=True).click()
    send()
    expect(phone.get_by_test_id("stMain").get_by_text(say("answered"))).to_be_visible(
        timeout=TIMEOUT
    )
    announces(phone, say("answered"))
    look("the confirmation")

    # A choose-any question sent with nothing chosen: marked at the question.
    go_and_open(db, facilitator, session_id, module, now=utcnow(), step_id="scannen")
    expect(phone.locator('[data-testid="stButtonGroup"]')).to_have_count(1, timeout=TIMEOUT)
    send()
    expect(phone.get_by_text(say("answer_missing_here"))).to_be_visible(timeout=TIMEOUT)
    look("a choose-any question, sent empty")
    phone.locator('[role="group"]').get_by_role("button").first.click()
    send()
    expect(phone.get_by_test_id("stMain").get_by_text(say("answered"))).to_be_visible(
        timeout=TIMEOUT
    )

    # The six-question self-test: one question per screen, a review, one send.
    self_test = module.steps[step_index(module, "zelftest")]
    assert isinstance(self_test, QuestionStep)
    count = len(self_test.questions)
    go_and_open(db, facilitator, session_id, module, now=utcnow(), step_id="zelftest")
    for place, question in enumerate(self_test.questions):
        progress = say("question_of", number=place + 1, count=count)
        expect(phone.get_by_text(progress)).to_be_visible(timeout=TIMEOUT)
        group = phone.get_by_role("radiogroup", name=question.text)
        expect(group).to_have_count(1)
        look(f"the self-test, {progress}", "self-test-1-of-6" if place == 0 else None)
        if place != 2:  # the third is left open
            choose(group.get_by_role("radio").first)
        forward = "answer_next" if place < count - 1 else "answer_to_review"
        phone.get_by_role("button", name=say(forward)).click()
    expect(phone.get_by_text(say("review_title"))).to_be_visible(timeout=TIMEOUT)
    missing = say("review_row", number=3, answer=say("review_missing"))
    expect(phone.get_by_role("button", name=missing)).to_be_visible()
    look("the self-test's review", "self-test-review")
    send()
    third = say("question_of", number=3, count=count)
    expect(phone.get_by_text(third)).to_be_visible(timeout=TIMEOUT)
    expect(phone.get_by_text(say("answer_missing_here"))).to_be_visible()
    look("the self-test, a missing answer marked", "self-test-marked")
    choose(
        phone.get_by_role("radiogroup", name=self_test.questions[2].text).get_by_role("radio").last
    )
    for number in range(4, count + 1):  # each press waits for its screen: a slow machine
        phone.get_by_role("button", name=say("answer_next")).click()  # draws both a moment
        progress = say("question_of", number=number, count=count)
        expect(phone.get_by_text(progress)).to_be_visible(timeout=TIMEOUT)
        expect(phone.get_by_role("button", name=say("answer_next"))).to_have_count(
            1 if number < count else 0
        )
    phone.get_by_role("button", name=say("answer_to_review")).click()
    expect(phone.get_by_text(say("review_title"))).to_be_visible(timeout=TIMEOUT)
    send()
    expect(phone.get_by_test_id("stMain").get_by_text(say("answered"))).to_be_visible(
        timeout=TIMEOUT
    )
    announces(phone, say("answered"))
    look("the confirmation after the self-test", "self-test-sent")
    with db.read() as s:
        assert (
            sessions.count_answers(
                s, session_id=session_id, step_index=step_index(module, "zelftest")
            )
            == 1
        )

    # The phone loses its connection: the notice, over the page.
    context.set_offline(True)
    expect(phone.locator("#gs-offline")).to_be_visible(timeout=TIMEOUT)
    look("the offline notice")
    context.set_offline(False)
    expect(phone.locator("#gs-offline")).to_be_hidden(timeout=TIMEOUT)

    phone.get_by_role("button", name=say("help_link")).click()
    expect(phone.get_by_role("button", name=say("help_back"))).to_be_visible(timeout=TIMEOUT)
    look("help")
    # The session ends while the phone reads help: the goodbye comes by itself.
    with db.write() as s:
        sessions.end_session(
            s, facilitator_id=facilitator, session_id=session_id, module=module, now=utcnow()
        )
    expect(phone.get_by_role("heading", name=say("goodbye_title"))).to_be_visible(timeout=TIMEOUT)
    look("the goodbye", "goodbye")
    print("\n".join(seen))  # what was checked, for the record (pytest -s)
