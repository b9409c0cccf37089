"""Open files: a server started with a low soft limit raises it to the hard limit, so that
many phones connect without breaking those already connected, and says in the log when
the files in use come near the limit."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from bench.tabs import Tab
from facilitator import sessions
from facilitator.db import Database
from facilitator.models import FacilitatorAccount
from facilitator.timeutil import utcnow
from tests.e2e.conftest import Server, _server
from tests.e2e.test_phone_in_browser import MODULE, new_phone
from tests.e2e.test_session_in_browser import PHONE, TIMEOUT, past_content_note, start_group

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("prlimit") is None, reason="needs util-linux's prlimit"),
]

SOFT, HARD = 256, 640  # macOS's default soft limit; a hard limit the test can fill
PHONES = 130  # about four files each: past the old soft limit, and past 80% of the hard


def open_file_limits(pid: int) -> tuple[int, int]:
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max open files"):
            soft, hard = line.split()[3:5]
            return int(soft), int(hard)
    raise AssertionError("no open-files line")


def test_a_low_soft_limit_is_raised_and_a_near_limit_is_said_in_the_log(
    tmp_path: Path, neutral_site: str
):
    database_url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    server = _server(tmp_path, neutral_site, database_url)
    server.prefix = ("prlimit", f"--nofile={SOFT}:{HARD}", "--")
    server.start()
    tabs: list[Tab] = []
    try:
        assert server.process is not None
        assert open_file_limits(server.process.pid) == (HARD, HARD)
        assert f"Open files: limit raised from {SOFT} to {HARD}." in server.output()

        db = Database(database_url)
        with db.write() as s:
            account = FacilitatorAccount(username="t", password_hash="x", created_at=utcnow())
            s.add(account)
            s.flush()
            code = sessions.start_session(
                s, facilitator_id=account.id, module=MODULE, min_group_size=3, now=utcnow()
            ).join_code
        db.dispose()
        for _ in range(PHONES):
            tab = Tab(server, f"code={code}")
            tab.load()
            tabs.append(tab)
        late = Tab(server, f"code={code}")  # one more still gets its page
        late.load()
        assert "Voordat we beginnen" in late.text()
        tabs.append(late)
        deadline = time.monotonic() + 30
        while "Open files:" not in server.output().split("raised", 1)[-1]:
            assert time.monotonic() < deadline, server.output()
            time.sleep(0.5)
        assert f"of the limit of {HARD} are in use" in server.output()
        assert "Too many open files" not in server.output()
    finally:
        for tab in tabs:
            tab.close()
        server.stop()


def test_phones_that_leave_by_the_quick_exit_leave_no_open_files_behind(
    server: Server, browser: Browser, neutral_site: str
):
    _console, _projector, code = start_group(server, browser)
    assert server.process is not None
    pid = server.process.pid

    # The database's own files are left out: its connection pool keeps as many connections
    # open as were busy at once (up to its size), a number that depends on how the tabs'
    # runs overlapped, not on phones left behind. Seen: one CI run kept one more than the
    # allowance below (24 against 20 + 3), while locally 20 to 22.
    database = server.database_url.removeprefix("sqlite:///")

    def open_files() -> int:
        count = 0
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:  # closed meanwhile
                continue
            count += not (database.startswith("/") and target.startswith(database))
        return count

    time.sleep(6)  # the console's and projector's page loads settle (keep-alive: 5 s)
    before = open_files()
    phones = [new_phone(browser, PHONE) for _ in range(4)]
    for phone in phones:
        phone.goto(f"{server.url}/?code={code}")
        past_content_note(phone)
        expect(phone.get_by_text("Welkom", exact=True)).to_be_visible(timeout=TIMEOUT)
    joined = open_files()
    for phone in phones:
        phone.get_by_role("button", name=re.compile("^Snel weg")).tap()
        phone.wait_for_url(neutral_site, timeout=TIMEOUT)
    deadline = time.monotonic() + 20
    # A kept session holds three (12 for these four); a keep-alive socket or two may stay.
    while open_files() > before + 3 and time.monotonic() < deadline:
        time.sleep(0.5)
    print(f"\nopen files: {before} before, {joined} with 4 phones, {open_files()} after they left")
    assert open_files() <= before + 3
