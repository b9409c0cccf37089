"""A phone that is offline while the facilitator moves on shows the new step as soon as it
is back: seen in a room, one phone in four stayed on the old step for more than 45 s. Its
"no connection" notice goes as soon as it is back, too (it once waited up to 3 s for the
next health check, and held the catching up back with it)."""

from __future__ import annotations

import statistics
import time

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import Server
from tests.e2e.test_phone_in_browser import MODULE, move_on, new_phone
from tests.e2e.test_session_in_browser import PHONE, TIMEOUT, past_content_note, start_group

pytestmark = pytest.mark.e2e

POLL_SECONDS = 1.0  # the e2e servers' POLL_SECONDS
TRIES = 20


def test_a_phone_offline_during_a_step_change_catches_up_when_it_is_back(
    server: Server, browser: Browser
):
    _console, _projector, code = start_group(server, browser)
    phone = new_phone(browser, PHONE)
    phone.goto(f"{server.url}/?code={code}")
    past_content_note(phone)
    expect(phone.get_by_text("Welkom", exact=True)).to_be_visible(timeout=TIMEOUT)

    caught_up: list[float] = []
    notice_gone: list[float] = []
    for attempt in range(TRIES):
        step = MODULE.steps[1 + attempt % (len(MODULE.steps) - 1)]
        phone.context.set_offline(True)
        time.sleep(0.5 + (attempt % 4) * 0.7)  # offline for 0.5 to 2.6 s before the change
        move_on(server, code, step.id)
        time.sleep(1.0 + (attempt % 3) * 1.5)  # and 1 to 4 s after it
        phone.context.set_offline(False)
        back = time.monotonic()
        expect(phone.locator("#gs-offline")).to_be_hidden(timeout=30_000)
        notice_gone.append(round(time.monotonic() - back, 2))
        heading = phone.get_by_role("heading", name=step.title, exact=True)
        try:
            expect(heading).to_be_visible(timeout=30_000)
        finally:
            caught_up.append(round(time.monotonic() - back, 2))
    print(f"\nseconds from back online to the new step, {TRIES} tries: {caught_up}")
    print(f"seconds from back online to the notice gone: {notice_gone}")
    # Waiting for the next health check (every 3 s) gave 0 to 3 s at random, most often
    # over 1 s. Asked at once, the median is tens of ms; the worst of 20 was 1.14 s once,
    # with the other test suites running beside the browser tests (scripts/test).
    assert statistics.median(notice_gone) < 0.5, f"the notice stayed up: {notice_gone}"
    assert max(notice_gone) < 2.0, f"the notice stayed up: {notice_gone}"
    # Seen in a room: stuck for more than 45 s. Now within a poll and a second, but for at
    # most one try in 20 within twice that: in CI, with the other suites running beside the
    # browser tests, one first try took 3.18 s and the other 19 at most 1.15 s.
    late = [seconds for seconds in caught_up if seconds > POLL_SECONDS + 1]
    assert len(late) <= 1, f"{len(late)} of {TRIES} late: {caught_up}"
    assert max(caught_up) <= 2 * (POLL_SECONDS + 1) + 0.5, f"too late: {caught_up}"
