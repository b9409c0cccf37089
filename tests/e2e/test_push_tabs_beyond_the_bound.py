"""More tabs of one token than the push channel takes (three per token): a projector link
opened on five screens, a phone with a tab too many. The newest tabs hold the streams; the
others are told so and poll, and nobody takes turns.

Seen before: the tab whose stream was closed opened a new one 3 s later, which closed the
next oldest, and so on round the five tabs for as long as they stayed open; each turn made a
tab redraw twice (its stream down, then up), and in CI one of five projectors went 15 s
without the chart of a reveal."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, Page, expect

from facilitator.db import Database
from facilitator.models import GroupSession
from facilitator.timeutil import utcnow
from tests.conftest import create_account
from tests.e2e.conftest import Server
from tests.e2e.test_phone_in_browser import MODULE
from tests.e2e.test_session_in_browser import TIMEOUT
from tests.helpers import go_to, start

pytestmark = pytest.mark.e2e

TABS = 5
BOUND = 3  # facilitator.feed.STREAMS_PER_HOLDER
QUIET_SECONDS = 20

# Counts the stream's messages and the page's runs from now on, in the page.
COUNT = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  window.gsRuns = 0;
  new MutationObserver(() => {
    if (app.getAttribute("data-test-script-state") === "running") window.gsRuns += 1;
  }).observe(app, { attributes: true, attributeFilter: ["data-test-script-state"] });
  const mark = document.getElementById("gs-push");
  window.gsBeatsFrom = mark ? Number(mark.dataset.beat) : 0;
}"""
COUNTED = """() => {
  const mark = document.getElementById("gs-push");
  return { runs: window.gsRuns, heard: (mark ? Number(mark.dataset.beat) : 0) - window.gsBeatsFrom,
           live: Boolean(mark && mark.dataset.live === "1") };
}"""


def live_count(pages: list[Page]) -> int:
    return sum(1 for page in pages if page.locator("#gs-push[data-live='1']").count())


def test_tabs_beyond_the_bound_poll_quietly_and_still_follow(server: Server, browser: Browser):
    db = Database(server.database_url)
    facilitator = create_account(db)
    session_id = start(db, facilitator, MODULE, now=utcnow())
    with db.read() as s:
        group = s.get(GroupSession, session_id)
        assert group is not None
        token = group.projector_token
    contexts = [browser.new_context(viewport={"width": 1280, "height": 720}) for _ in range(TABS)]
    try:
        pages = []
        for context in contexts:
            page = context.new_page()
            page.goto(f"{server.url}/?t={token}")
            expect(page.locator("h1").first).to_be_visible(timeout=TIMEOUT)
            pages.append(page)
        # Every tab has had its turn at a stream; the last three opened hold them.
        deadline = time.monotonic() + TIMEOUT / 1000
        while live_count(pages) != BOUND and time.monotonic() < deadline:
            time.sleep(0.5)
        assert live_count(pages) == BOUND
        time.sleep(5)  # the displaced tabs' pages have drawn themselves as polling

        for page in pages:
            page.evaluate(COUNT)
        time.sleep(QUIET_SECONDS)
        counted = [page.evaluate(COUNTED) for page in pages]
        print(f"\nin {QUIET_SECONDS} s of quiet, per tab: {counted}")
        assert sum(tab["live"] for tab in counted) == BOUND, counted
        # Nothing happened: no stream opened again (each new one says the state at once),
        # and no page drew itself anew for its stream's sake. The displaced ones poll, in
        # their fragment (a run each poll): that is their lot, not a turn.
        # A stream beats every 30 s (feed.BEAT_SECONDS): one may fall in these 20 s.
        # Taking turns, each tab heard 2-3 in 20 s.
        assert all(tab["heard"] <= 1 for tab in counted), counted
        live_runs = [tab["runs"] for tab in counted if tab["live"]]
        # At most the projector's slow poll (every 15 polls of 1 s while pushed): two in 20 s.
        # Taking turns, each tab ran 10-13 times.
        assert max(live_runs) <= 2, counted

        # Each tab follows the facilitator: the live ones by push, the others by their poll.
        step = MODULE.steps[1]
        go_to(db, facilitator, session_id, MODULE, step.id, now=utcnow())
        for page in pages:
            expect(page.locator("h1").first).to_have_text(step.title, timeout=TIMEOUT)
    finally:
        for context in contexts:
            context.close()
        db.dispose()
