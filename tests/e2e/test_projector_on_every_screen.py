"""The projector on every screen a room may have, in a real browser: every step of every
shipped module, in both languages, open and revealed, at 1024×768, 1280×720, 1366×768,
1920×1080 and 3840×2160. Nothing may scroll, overflow its box or fall off the screen, and
chart text must be at least 28 px at 1080p, scaled with the screen.

The group's moves are made in the domain, against the server's own database (the console is
tested elsewhere): the pages under test are the five projector tabs, each at its own size."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from facilitator import ballots, sessions
from facilitator.charts import SMALLEST
from facilitator.content import Module, QuestionStep, load_library
from facilitator.db import Database
from facilitator.i18n import text
from facilitator.kinds import NONE_OF_THESE, PASS
from facilitator.timeutil import utcnow
from tests.conftest import CONTENT, create_account
from tests.e2e import axe
from tests.e2e.conftest import ARTIFACTS, Server
from tests.e2e.test_session_in_browser import TIMEOUT

pytestmark = pytest.mark.e2e

LIBRARY = load_library(CONTENT)
SIZES = [(1024, 768), (1280, 720), (1366, 768), (1920, 1080), (3840, 2160)]
K = 5
PHONES = 6
# Screenshots for the record: (module, step id, phase) at these sizes.
SCREENSHOTS = {("traumabinding", "welkom", "shown"), ("traumabinding", "zelftest", "revealed")}
SCREENSHOT_SIZES = {(1280, 720), (1920, 1080)}

# Everything that can go wrong with a projector page, measured in the page: its problems
# (none when the step fits), the fit its type shrank to, and its smallest chart text.
FIT_PROBLEMS = (Path(__file__).parent / "projector_fit.js").read_text(encoding="utf-8")

# Streamlit's chart script, fetched by the projector before its first chart (projector.js):
# fetched at the first reveal, the five tabs' first chart took 4.8 s here, later ones 0.85.
CHART_SCRIPT_LOADED = r"""
() => performance.getEntriesByType("resource").some(
  (entry) => /\/static\/js\/PlotlyChart\.[^/]*\.js$/.test(new URL(entry.name).pathname)
    && entry.responseStatus === 200)
"""

CHARTS_DRAWN = """
() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every((chart) => {
  const svg = chart.querySelector('.main-svg');
  const drawn = svg && svg.getBoundingClientRect().height;
  return drawn && Math.abs(drawn - chart.getBoundingClientRect().height) < 3;
})
"""


def answers_for(step: QuestionStep, rng: random.Random) -> dict[str, object]:
    chosen: dict[str, object] = {}
    for question in step.questions:
        options = [o.id for o in question.options if o.id not in (PASS, NONE_OF_THESE)]
        if question.spec.multiple:
            chosen[question.id] = rng.sample(options, k=min(2, len(options)))
        else:
            chosen[question.id] = rng.choice([o.id for o in question.options])
    return chosen


@contextmanager
def projectors(browser: Browser, url: str) -> Iterator[list[tuple[tuple[int, int], Page]]]:
    contexts = [browser.new_context(viewport={"width": w, "height": h}) for w, h in SIZES]
    try:
        pages = []
        for size, context in zip(SIZES, contexts, strict=True):
            page = context.new_page()
            page.goto(url)
            pages.append((size, page))
        yield pages
    finally:
        for context in contexts:
            context.close()


def settle(pages: list[tuple[tuple[int, int], Page]], title: str, *, charts: bool) -> None:
    """Wait until every tab shows the step (and its charts, redrawn for its screen)."""
    for _size, page in pages:
        expect(page.locator("h1").first).to_have_text(title, timeout=TIMEOUT)
        if charts:
            expect(page.locator(".main-svg").first).to_be_visible(timeout=TIMEOUT)
            # Drawn for the height its box has, not a first guess.
            page.wait_for_function(CHARTS_DRAWN, timeout=TIMEOUT)
    time.sleep(0.3)  # the fit runs a frame after the redraw


def check(pages, module: Module, step_id: str, phase: str, seen: list[str]) -> None:
    for (width, height), page in pages:
        measured = page.evaluate(FIT_PROBLEMS, [SMALLEST, None])
        where = f"{module.id}/{module.language} {step_id} ({phase}) at {width}x{height}"
        assert not measured["problems"], f"{where}: {measured['problems']}"
        assert measured["fit"] >= 0.5, f"{where}: type shrunk to {measured['fit']:.2f}"
        seen.append(
            f"{where}: fit {measured['fit']:.2f}, chart text {measured['smallestChartText']}"
        )
        if (module.id, step_id, phase) in SCREENSHOTS and (width, height) in SCREENSHOT_SIZES:
            ARTIFACTS.mkdir(exist_ok=True)
            name = f"projector-{module.language}-{step_id}-{phase}-{width}x{height}.png"
            page.screenshot(path=str(ARTIFACTS / name))
        if phase != "open" and (width, height) == (1920, 1080):
            blocking = axe.violations(page)
            assert not blocking, f"{where}: axe-core, serious or critical: {blocking}"


def walk(db: Database, browser: Browser, server: Server, module: Module, seen: list[str]) -> None:
    facilitator = create_account(db, username=f"walk-{module.id}-{module.language}")
    with db.write() as s:
        group = sessions.start_session(
            s,
            facilitator_id=facilitator,
            module=module,
            min_group_size=K,
            randomized_response=False,
            now=utcnow(),
        )
        session_id, code, token = group.id, group.join_code, group.projector_token
    phones = []
    for _ in range(PHONES):
        with db.write() as s:
            phones.append(sessions.join(s, raw_code=code, now=utcnow())[1])
    rng = random.Random(f"{module.id}-{module.language}")
    with projectors(browser, f"{server.url}/?t={token}") as pages:
        for index, step in enumerate(module.steps):
            with db.write() as s:
                sessions.go_to_step(
                    s,
                    facilitator_id=facilitator,
                    session_id=session_id,
                    step_index=index,
                    module=module,
                    now=utcnow(),
                )
            settle(pages, step.title, charts=False)
            if index == 0:
                for _, page in pages:
                    page.wait_for_function(CHART_SCRIPT_LOADED, timeout=TIMEOUT)
            check(pages, module, step.id, "shown", seen)
            if not isinstance(step, QuestionStep):
                continue
            with db.write() as s:
                sessions.open_question(
                    s, facilitator_id=facilitator, session_id=session_id, module=module
                )
            for phone in phones:
                with db.write() as s:
                    ballots.submit(
                        s,
                        token=phone,
                        step_index=index,
                        answers=answers_for(step, rng),
                        module=module,
                    )
            for _, page in pages:
                expect(page.get_by_text(text(module.language, "projector_enough"))).to_be_visible(
                    timeout=TIMEOUT
                )
            check(pages, module, step.id, "open", seen)
            with db.write() as s:
                if not sessions.reveal(
                    s, facilitator_id=facilitator, session_id=session_id, module=module
                ):
                    sessions.reveal(
                        s,
                        facilitator_id=facilitator,
                        session_id=session_id,
                        module=module,
                        unanimous_seen=True,
                    )
            settle(pages, step.title, charts=True)
            check(pages, module, step.id, "revealed", seen)
            if step.id == "check-out":
                # The check-in was shown too: the check-out stands beside it.
                compare = text(module.language, "chart_compare", question="").strip()
                for _, page in pages:
                    expect(page.locator(".main-svg .gtitle").first).to_contain_text(compare)
        with db.write() as s:
            sessions.end_session(
                s,
                facilitator_id=facilitator,
                session_id=session_id,
                module=module,
                now=utcnow(),
            )


@pytest.mark.parametrize("module_id", sorted(LIBRARY.languages()))
def test_every_step_fits_every_projector(module_id: str, quick_server: Server, browser: Browser):
    server = quick_server
    db = Database(server.database_url)
    seen: list[str] = []
    for module in LIBRARY.languages()[module_id]:
        walk(db, browser, server, module, seen)
    print("\n".join(seen))  # what was checked, for the record (pytest -s)
    assert len(seen) > len(SIZES) * 2
