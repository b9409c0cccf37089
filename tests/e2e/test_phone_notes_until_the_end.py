"""The private facts list stays on the phone until the session ends: the facilitator
moving on no longer takes it away mid-sentence (before, it vanished with *Volgende* and came
back only if the facilitator returned to that step). It sits in a "Mijn notities" view
beside help and privacy, is still never sent to the server, and is wiped from the tab
when the session ends, as the session's answers are from the server. The exercise and the
notes view are measured as every other phone screen (test_phone_screens_measured)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from facilitator import sessions
from facilitator.content import load_library
from facilitator.db import Database
from facilitator.i18n import text
from facilitator.timeutil import utcnow
from tests import helpers
from tests.conftest import CONTENT, create_account
from tests.e2e.conftest import Server
from tests.e2e.test_phone_in_browser import new_phone, sent_frames
from tests.e2e.test_phone_screens_measured import measure
from tests.e2e.test_session_in_browser import PHONE, SMALL_PHONE, TIMEOUT
from tests.helpers import join_code_of, start, step_index

pytestmark = pytest.mark.e2e

LIBRARY = load_library(CONTENT)
FACT = "Hij nam mijn sleutels af, 51c0de"


@pytest.mark.parametrize(
    ("options", "language"), [(SMALL_PHONE, "nl"), (PHONE, "en")], ids=["360x740-nl", "390x844-en"]
)
def test_the_facts_list_stays_reachable_until_the_session_ends_and_then_is_wiped(
    quick_server: Server, browser: Browser, options: dict, language: str
):
    part_two = LIBRARY.get("traumabinding-loskomen", language)
    assert part_two is not None

    def say(key: str) -> str:
        return text(language, key)

    def title(step_id: str) -> str:
        return part_two.steps[step_index(part_two, step_id)].title

    notes = say("notes_link")
    pad = say("exercise_label")
    db = Database(quick_server.database_url)
    facilitator = create_account(db, username=f"notes-{language}")
    session_id = start(db, facilitator, part_two, k=3, now=utcnow())
    code = join_code_of(db, session_id)

    def go_to(step_id: str) -> None:  # the facilitator moves the group on
        helpers.go_to(db, facilitator, session_id, part_two, step_id, now=utcnow())

    phone = new_phone(browser, {**options, "locale": "nl-NL" if language == "nl" else "en-GB"})
    seen: list[str] = []
    phone.goto(f"{quick_server.url}/?code={code}")
    phone.get_by_role("button", name=say("content_note_continue")).click()
    expect(phone.get_by_role("heading", name=part_two.steps[0].title)).to_be_visible(
        timeout=TIMEOUT
    )
    # Before the exercise there is nothing to keep, so no such view.
    assert phone.get_by_role("button", name=notes).count() == 0

    go_to("feitenlijst")
    area = phone.get_by_role("textbox", name=pad)
    expect(area).to_be_visible(timeout=TIMEOUT)
    area.press_sequentially(FACT)
    measure(phone, f"the private exercise ({language})", seen)
    go_to("rust")  # the facilitator moves on while the participant writes
    expect(phone.get_by_role("heading", name=title("rust"))).to_be_visible(timeout=TIMEOUT)
    phone.get_by_role("button", name=notes).click()
    expect(phone.get_by_role("heading", name=say("notes_title"))).to_be_visible(timeout=TIMEOUT)
    area = phone.get_by_role("textbox", name=pad)
    expect(area).to_have_value(FACT, timeout=TIMEOUT)
    area.press_sequentially(". En nog een.")
    measure(phone, f"my notes ({language})", seen)

    # The group goes on while the notes are open: they stay, and a reload keeps them.
    go_to("rustbron")
    phone.wait_for_timeout(1_500)  # a few polls of 0.5 s
    expect(phone.get_by_role("heading", name=say("notes_title"))).to_be_visible()
    phone.reload()  # back on the group's step, the notes one tap away, as they were
    phone.get_by_role("button", name=notes).click()
    expect(phone.get_by_role("textbox", name=pad)).to_have_value(
        f"{FACT}. En nog een.", timeout=TIMEOUT
    )
    phone.get_by_role("button", name=say("help_back")).first.click()
    expect(phone.get_by_role("heading", name=title("rustbron"))).to_be_visible(timeout=TIMEOUT)
    assert sent_frames[phone], "the phone's messages to the server were not captured"
    assert not [f for f in sent_frames[phone] if "51c0de" in f], "the notes reached the server"

    # The session ends: the goodbye, and the notes are gone from the tab.
    phone.get_by_role("button", name=notes).click()
    expect(phone.get_by_role("textbox", name=pad)).to_have_value(
        f"{FACT}. En nog een.", timeout=TIMEOUT
    )
    with db.write() as s:
        sessions.end_session(
            s, facilitator_id=facilitator, session_id=session_id, module=part_two, now=utcnow()
        )
    expect(phone.get_by_role("heading", name=say("goodbye_title"))).to_be_visible(timeout=TIMEOUT)
    expect(phone.get_by_role("button", name=notes)).to_have_count(0)
    stored = phone.evaluate(
        "() => Object.keys(sessionStorage).filter(k => k.startsWith('gs-notes-'))"
    )
    assert stored == [], stored
    phone.reload()
    expect(phone.get_by_role("button", name=say("join_button"), exact=True)).to_be_visible(
        timeout=TIMEOUT
    )
    assert "51c0de" not in phone.content()
    print("\n".join(seen))  # what was checked, for the record (pytest -s)
