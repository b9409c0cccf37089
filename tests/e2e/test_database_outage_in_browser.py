"""PostgreSQL stopped under a running session, with phones sending: every screen says so
calmly and heals by itself when the server is back; a send during the outage is never lost
unseen and never counted twice; a facilitator's press is refused and can be repeated; a
phone that joins meanwhile keeps its quick exit, and is in the group once the server is
back (a join link by itself, a typed code at the next press); the log says it once each
way."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from facilitator import sessions
from facilitator.db import Database, create_empty_database
from facilitator.models import GroupSession
from tests.e2e import axe
from tests.e2e.conftest import Postgres, _server
from tests.e2e.test_phone_in_browser import new_phone
from tests.e2e.test_session_in_browser import (
    PHONE,
    TIMEOUT,
    go_to_step,
    past_content_note,
    start_group,
)

pytestmark = pytest.mark.e2e

CALM = "Even geen verbinding met de groepssessie"
STREAMLIT_ERROR = "This app has encountered an error"
OUTAGE_SECONDS = 12


def answer_check_in(phone: Page, choice: str) -> None:
    phone.get_by_text(choice, exact=True).click()
    phone.get_by_role("button", name="Versturen").click()


def test_postgresql_stopped_and_started_under_a_session_with_phones_sending(
    postgres: Postgres, tmp_path: Path, neutral_site: str, browser: Browser
):
    server = _server(tmp_path, neutral_site, create_empty_database(postgres.url, "outage"))
    server.start()
    try:
        console, projector, code = start_group(server, browser)
        phones = [new_phone(browser, PHONE) for _ in range(3)]
        for phone in phones:
            phone.goto(f"{server.url}/?code={code}")
            past_content_note(phone)
        go_to_step(console, "Check-in: hoe kom je binnen?")
        console.get_by_role("button", name="Openen").click()
        answer_check_in(phones[0], "3")
        expect(
            phones[0].get_by_test_id("stMain").get_by_text("Je antwoord is anoniem ontvangen")
        ).to_be_visible(timeout=TIMEOUT)
        expect(phones[1].get_by_role("button", name="Versturen")).to_be_visible(timeout=TIMEOUT)
        typing = new_phone(browser, PHONE)  # at the join form when the server goes
        typing.goto(server.url)
        expect(typing.get_by_text("Meedoen met de groep")).to_be_visible(timeout=TIMEOUT)

        postgres.stop()
        stopped = time.monotonic()
        for screen in (*phones, projector, console):
            expect(screen.get_by_text(CALM).first).to_be_visible(timeout=TIMEOUT)
        # A phone sends during the outage, and the facilitator moves on.
        answer_check_in(phones[1], "4")
        expect(phones[1].get_by_text("Je antwoord is nog niet verstuurd")).to_be_visible(
            timeout=30_000
        )
        console.get_by_role("button", name="Volgende ▶").click()
        expect(console.get_by_text("er is niets veranderd")).to_be_visible(timeout=30_000)
        # Two phones join during the outage: one types the code, one opens the join link.
        typing.get_by_label("Code (6 tekens)").fill(code)
        typing.get_by_role("button", name="Meedoen", exact=True).click()
        expect(typing.get_by_text("Meedoen lukte nu even niet")).to_be_visible(timeout=30_000)
        expect(typing.get_by_label("Code (6 tekens)")).to_have_value(code)
        linked = new_phone(browser, PHONE)
        linked.goto(f"{server.url}/?code={code}")
        expect(linked.get_by_text(CALM)).to_be_visible(timeout=30_000)
        expect(linked.locator("#gs-quick-exit")).to_be_visible()
        # The outage's phone screens pass axe-core as every other phone screen does.
        for name, page in (
            ("the outage notice", linked),
            ("a send during the outage", phones[1]),
            ("a join during the outage", typing),
        ):
            blocking = axe.violations(page)
            assert not blocking, f"{name}: axe-core, serious or critical: {blocking}"
            print(f"{name}: axe-core, no serious or critical violation")
        time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - stopped)))
        for screen in (*phones, typing, linked, projector, console):
            assert screen.get_by_text(STREAMLIT_ERROR).count() == 0

        postgres.start()
        # Back by themselves: nobody reloads.
        for screen in (*phones, linked, projector, console):
            expect(screen.get_by_text(CALM)).to_have_count(0, timeout=30_000)
        expect(
            console.get_by_role("heading", name=re.compile(r"^2\/17 · Check-in"))
        ).to_be_visible()
        past_content_note(linked)  # joined by itself, with the link's code
        typing.get_by_role("button", name="Meedoen", exact=True).click()
        past_content_note(typing)
        for phone, choice in ((phones[1], "4"), (phones[2], "2")):
            answer_check_in(phone, choice)
            expect(
                phone.get_by_test_id("stMain").get_by_text("Je antwoord is anoniem ontvangen")
            ).to_be_visible(timeout=TIMEOUT)
        expect(projector.get_by_text("3 antwoorden binnen")).to_be_visible(timeout=TIMEOUT)
        console.get_by_role("button", name="Volgende ▶").click()  # the same press, again
        expect(console.get_by_role("heading", name=re.compile(r"^3\/17 "))).to_be_visible(
            timeout=TIMEOUT
        )

        db = Database(server.database_url)
        with db.read() as s:
            group = s.query(GroupSession).one()
            assert sessions.count_answers(s, session_id=group.id, step_index=1) == 3
        db.dispose()
        log = server.output()
        assert log.count("Database unreachable") == 1, log
        assert log.count("reachable again") == 1, log
        assert "Traceback" not in log
    finally:
        server.stop()
