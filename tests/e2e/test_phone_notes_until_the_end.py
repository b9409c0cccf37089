"""The private facts list stays on the phone until the session ends: the facilitator
moving on no longer takes it away mid-sentence (before, it vanished with *Volgende* and came
back only if the facilitator returned to that step). It sits in a "Mijn notities" view
beside help and privacy, is still never sent to the server, and is wiped from the tab
when the session ends, as the session's answers are from the server. The exercise and the
notes view are measured as every other phone screen (test_phone_screens_measured)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from facilitator import sessions
from facilitator.content import load_library
from facilitator.db import Database
from facilitator.timeutil import utcnow
from tests.conftest import CONTENT, create_account
from tests.e2e.conftest import Server
from tests.e2e.test_phone_in_browser import new_phone, sent_frames
from tests.e2e.test_phone_screens_measured import measure
from tests.e2e.test_session_in_browser import SMALL_PHONE, TIMEOUT
from tests.helpers import step_index

pytestmark = pytest.mark.e2e

PART_TWO = load_library(CONTENT).get("traumabinding-loskomen", "nl")
NOTES = "Mijn notities"
FACT = "Hij nam mijn sleutels af, 51c0de"


def test_the_facts_list_stays_reachable_until_the_session_ends_and_then_is_wiped(
    quick_server: Server, browser: Browser
):
    assert PART_TWO is not None
    db = Database(quick_server.database_url)
    facilitator = create_account(db, username="notes")
    with db.write() as s:
        group = sessions.start_session(
            s, facilitator_id=facilitator, module=PART_TWO, min_group_size=3, now=utcnow()
        )
        session_id, code = group.id, group.join_code

    def go_to(step_id: str) -> None:
        with db.write() as s:
            sessions.go_to_step(
                s,
                facilitator_id=facilitator,
                session_id=session_id,
                step_index=step_index(PART_TWO, step_id),
                module=PART_TWO,
                now=utcnow(),
            )

    phone = new_phone(browser, SMALL_PHONE)
    seen: list[str] = []
    phone.goto(f"{quick_server.url}/?code={code}")
    phone.get_by_role("button", name="Ik begrijp het, verder").click()
    expect(phone.get_by_role("heading", name=PART_TWO.steps[0].title)).to_be_visible(
        timeout=TIMEOUT
    )
    # Before the exercise there is nothing to keep, so no such view.
    assert phone.get_by_role("button", name=NOTES).count() == 0

    go_to("feitenlijst")
    area = phone.get_by_role("textbox", name="Alleen voor jou")
    expect(area).to_be_visible(timeout=TIMEOUT)
    area.press_sequentially(FACT)
    measure(phone, "the private exercise", seen)
    go_to("rust")  # the facilitator moves on while the participant writes
    expect(phone.get_by_role("heading", name="Nieuwe plekken om tot rust te komen")).to_be_visible(
        timeout=TIMEOUT
    )
    phone.get_by_role("button", name=NOTES).click()
    expect(phone.get_by_role("heading", name=NOTES)).to_be_visible(timeout=TIMEOUT)
    area = phone.get_by_role("textbox", name="Alleen voor jou")
    expect(area).to_have_value(FACT, timeout=TIMEOUT)
    area.press_sequentially(". En nog een.")
    measure(phone, "my notes", seen)

    # The group goes on while the notes are open: they stay, and a reload keeps them.
    go_to("rustbron")
    phone.wait_for_timeout(1_500)  # a few polls of 0.5 s
    expect(phone.get_by_role("heading", name=NOTES)).to_be_visible()
    phone.reload()  # back on the group's step, the notes one tap away, as they were
    phone.get_by_role("button", name=NOTES).click()
    expect(phone.get_by_role("textbox", name="Alleen voor jou")).to_have_value(
        f"{FACT}. En nog een.", timeout=TIMEOUT
    )
    phone.get_by_role("button", name="Terug").first.click()
    expect(phone.get_by_text("Jouw bron van rust deze week")).to_be_visible(timeout=TIMEOUT)
    assert sent_frames[phone], "the phone's messages to the server were not captured"
    assert not [f for f in sent_frames[phone] if "51c0de" in f], "the notes reached the server"

    # The session ends: the goodbye, and the notes are gone from the tab.
    phone.get_by_role("button", name=NOTES).click()
    expect(phone.get_by_role("textbox", name="Alleen voor jou")).to_have_value(
        f"{FACT}. En nog een.", timeout=TIMEOUT
    )
    with db.write() as s:
        sessions.end_session(
            s, facilitator_id=facilitator, session_id=session_id, module=PART_TWO, now=utcnow()
        )
    expect(phone.get_by_role("heading", name="Dank je wel voor vandaag")).to_be_visible(
        timeout=TIMEOUT
    )
    expect(phone.get_by_role("button", name=NOTES)).to_have_count(0)
    stored = phone.evaluate(
        "() => Object.keys(sessionStorage).filter(k => k.startsWith('gs-notes-'))"
    )
    assert stored == [], stored
    phone.reload()
    expect(phone.get_by_role("button", name=re.compile("^Meedoen")).first).to_be_visible(
        timeout=TIMEOUT
    )
    assert "51c0de" not in phone.content()
    print("\n".join(seen))  # what was checked, for the record (pytest -s)
