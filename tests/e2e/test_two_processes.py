"""Two app processes on one PostgreSQL database, as in a clinic behind a proxy: phones join
through one process, the console and the projector run on the other, and every step,
answer and reveal shows up across them. Runs in the test command's PostgreSQL pass."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import ON_POSTGRESQL, Server
from tests.e2e.test_session_in_browser import (
    PHONE,
    TIMEOUT,
    answer_self_test,
    go_to_step,
    past_content_note,
    start_group,
)

pytestmark = [pytest.mark.e2e, ON_POSTGRESQL]


def test_phones_on_one_process_follow_a_console_on_another(
    two_servers: tuple[Server, Server], browser: Browser
):
    first, second = two_servers
    console, projector, code = start_group(first, browser)
    phones = [browser.new_context(**PHONE).new_page() for _ in range(3)]
    for phone in phones:
        phone.goto(f"{second.url}/?code={code}")
        past_content_note(phone)
        expect(phone.get_by_text("Welkom", exact=True)).to_be_visible(timeout=TIMEOUT)

    go_to_step(console, "De zelftest: een spiegel, geen diagnose")
    console.get_by_role("button", name="Openen").click()
    for phone in phones:
        expect(phone.get_by_text("Vraag 1 van 6")).to_be_visible(timeout=TIMEOUT)
    for phone, choices in zip(
        phones,
        (["Ja"] * 6, ["Nee"] * 6, ["Ja", "Nee", "Ja", "Nee", "Ja", "Nee"]),
        strict=True,
    ):
        answer_self_test(phone, choices)
    expect(projector.get_by_text("3 antwoorden binnen")).to_be_visible(timeout=TIMEOUT)
    expect(console.get_by_text("Vragen: open · 3 antwoorden")).to_be_visible(timeout=TIMEOUT)
    console.get_by_role("button", name="Tonen op scherm").click()
    expect(projector.locator('[data-testid="stPlotlyChart"]')).to_have_count(1, timeout=TIMEOUT)
    expect(projector.get_by_text("67% (2/3)").first).to_be_visible(timeout=TIMEOUT)

    go_to_step(console, "Wat de spiegel laat zien")
    for phone in phones:
        heading = phone.get_by_role("heading", name="Wat de spiegel laat zien")
        expect(heading).to_be_visible(timeout=TIMEOUT)
