"""The question box in real browsers. Three phones send, one of them markup meant to run
(a script tag, an image with an onerror); nothing reaches the console until the third, then
all three at once; the console and the projector show the markup as text and run none of
it. A phone that sends 100 questions gets five in and is told to wait. Nothing of the box
is in the server's log."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from facilitator.throttle import BOX_BY_PHONE
from tests.e2e.conftest import Server
from tests.e2e.test_pause_in_browser import joined_phone
from tests.e2e.test_session_in_browser import TIMEOUT, start_group

pytestmark = pytest.mark.e2e

MARKUP = '<script>window.gsRan = 1</script><img src="x" onerror="window.gsRan = 2"> **vet**'
RAN = "() => window.gsRan === undefined"
BOX = "Vraag of opmerking voor de begeleider"


def send(phone: Page, typed: str) -> None:
    box = phone.get_by_role("textbox", name="Je vraag of opmerking")
    # Opened by its own state, not by whether the field shows this instant: a click on an
    # open expander in the middle of a redraw closes it.
    expander = phone.locator("details").filter(has_text=BOX)
    if expander.get_attribute("open") is None:
        expander.locator("summary").click()
    expect(box).to_be_visible(timeout=TIMEOUT)
    box.fill(typed)
    phone.get_by_role("button", name="Naar de begeleider sturen").click()
    expect(box).to_have_value("", timeout=TIMEOUT)  # sent: the form clears


def test_questions_reach_the_console_in_a_batch_and_run_nowhere(server: Server, browser: Browser):
    console, projector, code = start_group(server, browser)
    phones = [joined_phone(browser, server, code) for _ in range(3)]
    in_box = console.get_by_role("button", name=re.compile(r"Vragen uit de groep"))

    send(phones[0], MARKUP)
    expect(phones[0].get_by_text(re.compile("^Ontvangen"))).to_be_visible(timeout=TIMEOUT)
    send(phones[1], "Mag ik iets later vertellen?")
    console.wait_for_timeout(2500)  # two ticks of the console: still nothing
    expect(in_box).to_have_count(0)
    send(phones[2], "Hoe lang duurt de pauze?")
    expect(in_box).to_have_text(re.compile(r"\(3\)"), timeout=TIMEOUT)

    in_box.click()
    for typed in (MARKUP, "Mag ik iets later vertellen?", "Hoe lang duurt de pauze?"):
        expect(console.get_by_text(typed, exact=True)).to_be_visible(timeout=TIMEOUT)
    assert console.evaluate(RAN), "the console ran the markup"
    place = console.locator(".gs-box-text").all_inner_texts().index(MARKUP)
    console.get_by_role("button", name="Op het scherm").nth(place).click()
    expect(projector.get_by_text("Vraag uit de groep")).to_be_visible(timeout=TIMEOUT)
    expect(projector.get_by_text(MARKUP, exact=True)).to_be_visible(timeout=TIMEOUT)
    assert projector.evaluate(RAN), "the projector ran the markup"
    for phone in phones:
        assert MARKUP not in phone.inner_text("body")  # not shown back, not to the others

    flooding = phones[1]
    for n in range(100):
        send(flooding, f"vraag {n}")
    expect(flooding.get_by_text(re.compile("^Je stuurde er net een paar"))).to_be_visible(
        timeout=TIMEOUT
    )
    # Its five (one before, four now) make seven in the box: two batches of three have
    # come, one question still waits.
    expect(in_box).to_have_text(re.compile(r"\(6\)"), timeout=TIMEOUT)
    assert BOX_BY_PHONE.allowed == 5
    output = server.output()
    for typed in (MARKUP, "Mag ik iets later", "vraag 7"):
        assert typed not in output
