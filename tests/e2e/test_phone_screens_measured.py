"""Every control a participant can tap, measured in a real browser on 360×740 and 390×844
phones: at least 44×44 px (WCAG 2.5.5, Apple's guideline); a question's text at least as
large as its answers (before: 15.4 px against 19.4 px); and with the phone set to reduce
motion, nothing on the page transitions or animates; and axe-core finds no serious or
critical violation. Screens: the join form, the content note, a slide, the check-in, the
six-question self-test, help and the goodbye, in Dutch on a small phone and in English on a
larger one and on a laptop."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from facilitator import sessions
from facilitator.content import Module, load_library
from facilitator.db import Database
from facilitator.i18n import text
from facilitator.timeutil import utcnow
from tests.conftest import CONTENT, create_account
from tests.e2e import axe
from tests.e2e.conftest import Server
from tests.e2e.test_session_in_browser import PHONE, SMALL_PHONE, TIMEOUT
from tests.helpers import step_index

pytestmark = pytest.mark.e2e

LIBRARY = load_library(CONTENT)
SMALLEST_TARGET = 44
LAPTOP = {"viewport": {"width": 1366, "height": 768}}

MEASURE = (Path(__file__).parent / "phone_measure.js").read_text(encoding="utf-8")


def measure(page: Page, screen: str, seen: list[str]) -> None:
    page.wait_for_timeout(300)  # the page's last redraw
    found = page.evaluate(MEASURE, SMALLEST_TARGET)
    where = f"{screen} at {page.viewport_size}"
    assert found["controls"] > 0, where
    assert not found["small"], f"{where}: tap targets under {SMALLEST_TARGET} px: {found['small']}"
    assert not found["smallerQuestions"], f"{where}: {found['smallerQuestions']}"
    assert not found["moving"], f"{where}: moves with reduced motion: {found['moving']}"
    blocking = axe.violations(page)
    assert not blocking, f"{where}: axe-core, serious or critical: {blocking}"
    seen.append(
        f"{where}: {found['controls']} controls, {found['questions']} questions, "
        "axe-core: no serious or critical violation"
    )


def open_step(
    db: Database, facilitator: int, session_id: int, module: Module, step_id: str
) -> None:
    """The facilitator goes to a question step and opens it."""
    with db.write() as s:
        sessions.go_to_step(
            s,
            facilitator_id=facilitator,
            session_id=session_id,
            step_index=step_index(module, step_id),
            module=module,
            now=utcnow(),
        )
        sessions.open_question(s, facilitator_id=facilitator, session_id=session_id, module=module)


@pytest.mark.parametrize(
    ("options", "language"),
    [(SMALL_PHONE, "nl"), (PHONE, "en"), (LAPTOP, "en")],
    ids=["360x740-nl", "390x844-en", "1366x768-en"],
)
def test_every_phone_control_is_big_enough_still_and_accessible(
    server: Server, browser: Browser, options: dict, language: str
):
    module = LIBRARY.get("traumabinding", language)
    assert module is not None
    db = Database(server.database_url)
    facilitator = create_account(db, username=f"measure-{options['viewport']['width']}")
    with db.write() as s:
        group = sessions.start_session(
            s, facilitator_id=facilitator, module=module, min_group_size=3, now=utcnow()
        )
        session_id, code = group.id, group.join_code
    locale = "nl-NL" if language == "nl" else "en-GB"
    context = browser.new_context(**{**options, "locale": locale}, reduced_motion="reduce")
    phone = context.new_page()
    seen: list[str] = []

    def say(key: str) -> str:
        return text(language, key)

    phone.goto(server.url)
    expect(phone.get_by_role("button", name=say("join_button"))).to_be_visible(timeout=TIMEOUT)
    measure(phone, "the join form", seen)
    phone.goto(f"{server.url}/?code={code}")
    expect(phone.get_by_text(say("content_note_title"))).to_be_visible(timeout=TIMEOUT)
    measure(phone, "the content note", seen)
    phone.get_by_role("button", name=say("content_note_continue")).click()
    expect(phone.get_by_role("heading", name=module.steps[0].title)).to_be_visible(timeout=TIMEOUT)
    measure(phone, "the first slide", seen)
    for step_id, radios in (("check-in", 1), ("zelftest", 6)):
        open_step(db, facilitator, session_id, module, step_id)
        expect(phone.locator('[data-testid="stRadio"]')).to_have_count(radios, timeout=TIMEOUT)
        measure(phone, step_id, seen)
    phone.get_by_role("button", name=say("help_link")).click()
    expect(phone.get_by_role("button", name=say("help_back"))).to_be_visible(timeout=TIMEOUT)
    measure(phone, "help", seen)
    phone.get_by_role("button", name=say("help_back")).click()
    with db.write() as s:
        sessions.end_session(
            s, facilitator_id=facilitator, session_id=session_id, module=module, now=utcnow()
        )
    expect(phone.get_by_role("heading", name=say("goodbye_title"))).to_be_visible(timeout=TIMEOUT)
    measure(phone, "the goodbye", seen)
    print("\n".join(seen))  # what was checked, for the record (pytest -s)
