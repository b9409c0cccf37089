"""axe-core on the console and the projector with the English version of a module, at a
phone's size and a laptop's: no serious or critical violation on any screen a facilitator
meets, from signing in to the summary after the end.

The Dutch console at 1366×768 (`test_console_in_one_view`) and the projector on every step
of both languages at 1920×1080 (`test_projector_on_every_screen`) are checked elsewhere;
this adds the other language and a small screen, where a facilitator may pick up the console
on a phone and where wrapped buttons and stacked columns are a layout of their own. The
console's own words are Dutch whatever the module's language; the module's text is English
here. The test prints what it checked (pytest -s)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from facilitator import ballots, sessions
from facilitator.content import QuestionStep, load_library
from facilitator.db import Database
from facilitator.timeutil import utcnow
from tests.conftest import CONTENT, PASSWORD, create_account
from tests.e2e import axe
from tests.e2e.conftest import Server
from tests.e2e.test_session_in_browser import PHONE, TIMEOUT
from tests.helpers import go_to, self_test_answers

pytestmark = pytest.mark.e2e

LIBRARY = load_library(CONTENT)
MODULE = LIBRARY.get("traumabinding", "en")
LISTED_AS = LIBRARY.get("traumabinding", "nl").title  # type: ignore[union-attr]  # as the picker names it
SIZES = {
    "phone": {**PHONE, "locale": "en-GB"},
    "laptop": {"viewport": {"width": 1366, "height": 768}, "locale": "en-GB"},
}
PHONES = 3  # k is 3: the results can be shown


def no_blocking_violation(page: Page, where: str, seen: list[str]) -> None:
    page.wait_for_timeout(300)  # the page's last redraw
    blocking = axe.violations(page)
    assert not blocking, f"{where}: axe-core, serious or critical: {blocking}"
    seen.append(f"{where}: axe-core, no serious or critical violation")


def press(console: Page, name: str) -> None:
    console.get_by_role("button", name=name, exact=True).click()


@pytest.mark.parametrize("size", sorted(SIZES))
def test_console_and_projector_in_english_pass_axe_core(
    quick_server: Server, browser: Browser, size: str
):
    assert MODULE is not None
    server = quick_server
    db = Database(server.database_url)
    create_account(db, username="therapist")
    context = browser.new_context(**SIZES[size])
    console = context.new_page()
    seen: list[str] = []

    def look(page: Page, screen: str) -> None:
        no_blocking_violation(page, f"{screen} ({MODULE.language}, {size})", seen)

    console.goto(f"{server.url}/begeleider")
    expect(console.get_by_role("button", name="Aanmelden")).to_be_visible(timeout=TIMEOUT)
    look(console, "the console's sign-in")
    # The sign-in form comes first; the form below it (in a closed expander) makes an account.
    console.get_by_label("Gebruikersnaam").first.fill("therapist")
    console.get_by_label("Wachtwoord", exact=True).first.fill(PASSWORD)
    console.get_by_role("button", name="Aanmelden").click()

    expect(console.get_by_role("button", name="Sessie starten")).to_be_visible(timeout=TIMEOUT)
    console.get_by_test_id("stSelectbox").filter(has_text="Module").click()
    console.get_by_role("option", name=LISTED_AS).click()
    console.get_by_text("English", exact=True).click()
    console.get_by_role("spinbutton", name="Minimale groepsgrootte voor een uitkomst (k)").fill("3")
    look(console, "the console's start form")
    press(console, "Sessie starten")
    code_box = console.locator(".st-key-console-code strong")
    expect(code_box).to_have_text(re.compile(r"^[A-Z2-9]{6}$"), timeout=TIMEOUT)
    first = MODULE.steps[0].title
    expect(console.get_by_role("heading", name=re.compile(re.escape(first)))).to_be_visible()
    look(console, "the console, first step")

    with context.expect_page() as opened:
        console.get_by_role("link", name=re.compile("Projectorscherm")).click()
    projector = opened.value
    expect(projector.get_by_text(code_box.inner_text().strip(), exact=True)).to_be_visible(
        timeout=TIMEOUT
    )
    look(projector, "the projector, join screen")

    tokens = []
    for _ in range(PHONES):
        with db.write() as s:
            group, token = sessions.join(s, raw_code=code_box.inner_text().strip(), now=utcnow())
            group_id, facilitator_id = group.id, group.facilitator_id
        tokens.append(token)

    # To the self-test by the console's own step picker would be one more widget; the domain
    # moves the step, as the console's buttons do, and the console follows.
    index = go_to(db, facilitator_id, group_id, MODULE, "zelftest", now=utcnow())
    step = MODULE.steps[index]
    assert isinstance(step, QuestionStep)
    heading = re.compile(re.escape(step.title))
    expect(console.get_by_role("heading", name=heading)).to_be_visible(timeout=TIMEOUT)
    press(console, "Openen")
    expect(console.get_by_text("Vragen: open ·")).to_be_visible(timeout=TIMEOUT)
    for n, token in enumerate(tokens):
        with db.write() as s:
            ballots.submit(
                s, token=token, step_index=index, answers=self_test_answers(n + 1), module=MODULE
            )
    expect(console.get_by_text(f"{PHONES} antwoorden")).to_be_visible(timeout=TIMEOUT)
    look(console, "the console, self-test open with answers")
    look(projector, "the projector, self-test open")

    press(console, "Sluiten")
    expect(console.get_by_text("Vragen: gesloten")).to_be_visible(timeout=TIMEOUT)
    press(console, "Tonen op scherm")
    expect(console.get_by_text("Vragen: getoond")).to_be_visible(timeout=TIMEOUT)
    expect(console.locator(".main-svg").first).to_be_visible(timeout=TIMEOUT)
    look(console, "the console, self-test shown")
    expect(projector.locator(".main-svg").first).to_be_visible(timeout=TIMEOUT)
    look(projector, "the projector, self-test shown")

    press(console, "Sessie afsluiten…")
    expect(console.get_by_role("button", name="Ja, afsluiten en antwoorden wissen")).to_be_visible()
    look(console, "the console, ending asks to confirm")
    press(console, "Ja, afsluiten en antwoorden wissen")
    expect(console.get_by_role("heading", name="Sessie afgesloten")).to_be_visible(timeout=TIMEOUT)
    expect(console.locator(".main-svg").first).to_be_visible(timeout=TIMEOUT)
    look(console, "the console, summary after the end")
    look(projector, "the projector after the end")
    print("\n".join(seen))
