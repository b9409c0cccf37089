"""The console on a laptop's 1366×768, run through a whole module with the keyboard alone,
as presentation software is: → makes the flow's next move (the primary button), ← goes
back a step, B blanks the projector. At every step and in every state of a question, what
the facilitator needs at a glance is on screen without scrolling; the curtain moves
nothing on the page; two presses in a hurry are one move. After the end, the console
shows the summary just made, with its exports.

The phones' answers go straight to the domain on the server's own database: the console is
what is under test here (phones are tested in test_phone_in_browser.py)."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from facilitator import ballots, sessions
from facilitator.content import Module, QuestionStep, load_library
from facilitator.db import Database
from facilitator.kinds import NONE_OF_THESE, PASS
from facilitator.timeutil import utcnow
from tests.conftest import CONTENT
from tests.e2e import axe
from tests.e2e.conftest import ARTIFACTS, Server
from tests.e2e.test_session_in_browser import TIMEOUT, sign_up, start_session
from ui import keys

pytestmark = pytest.mark.e2e

MODULE = load_library(CONTENT).get("traumabinding", "nl")
PHONES = 4  # k is 3
WIDTH, HEIGHT = 1366, 768
FIT_PROBLEMS = (Path(__file__).parent / "projector_fit.js").read_text(encoding="utf-8")

# Where the things a facilitator's hand and eye go to are; the curtain may move none.
LAYOUT = """
() => Object.fromEntries(['.stMainBlockContainer', '.st-key-console-code', '.st-key-step-back',
  '.st-key-step-forward', '.st-key-console-notes', '.st-key-console-room', 'h3']
  .map((selector) => {
    const r = document.querySelector(selector).getBoundingClientRect();
    return [selector, [r.left, r.top, r.width, r.height].map(Math.round).join(',')];
  }))
"""
# The layouts a page went through while a press was handled, frame by frame.
SAMPLE = (
    "(layout) => { window.gsLayouts = new Set(); const f = new Function(`return (${layout})()`);"
    " const tick = () => { window.gsLayouts.add(JSON.stringify(f()));"
    " if (window.gsLayouts) requestAnimationFrame(tick); }; tick(); }"
)


def answers_for(step: QuestionStep, phone: int) -> dict[str, object]:
    """Phone n's answers: different on every phone, so no result shows a unanimous group."""
    chosen: dict[str, object] = {}
    for question in step.questions:
        ids = [o.id for o in question.options]
        if question.spec.multiple:
            real = [i for i in ids if i not in (PASS, NONE_OF_THESE)]
            chosen[question.id] = [real[phone % len(real)], real[(phone + 1) % len(real)]]
        else:
            chosen[question.id] = ids[phone % len(ids)]
    return chosen


def primary_is(console: Page, labels: list[str]) -> None:
    """The flow's primary button in the row says this, once the page
    has drawn all of its new state: a heading may come a moment before the buttons."""
    row = ", ".join(
        f".st-key-{key}"
        for key in ("step-back", "question-open", "question-close", "question-reveal")
    )
    buttons = console.locator(f"{row}, .st-key-step-forward").locator(
        '[data-testid="stBaseButton-primary"]'
    )
    expect(buttons).to_have_text(labels, timeout=TIMEOUT)


def on_screen(console: Page, what: str, locator) -> None:
    expect(locator.first).to_be_visible(timeout=TIMEOUT)
    box = locator.first.bounding_box()
    assert box is not None, what
    right, bottom = box["x"] + box["width"], box["y"] + box["height"]
    inside = box["x"] >= 0 and box["y"] >= 0 and right <= WIDTH + 1 and bottom <= HEIGHT + 1
    assert inside, f"{what} is not in view at {WIDTH}x{HEIGHT}: {box}"


def one_view(console: Page, index: int, state: str) -> str:
    """Everything the facilitator needs at a glance is in view at once, none of it scrolled
    to; the room's panel shows the questions the phones get, or the result once shown."""
    step = MODULE.steps[index]
    place = f"{index + 1}/{len(MODULE.steps)} · {step.title}"
    room = console.locator(".st-key-console-room")
    wanted = {
        "the join code": console.locator(".st-key-console-code"),
        "the curtain": console.locator(".st-key-curtain-down, .st-key-curtain-up"),
        "the step and its place": console.get_by_role("heading", name=place),
        "the step timer": console.locator("p", has_text="Tijd:"),
        "what comes next": console.locator("p", has_text="Hierna:"),
        "the notes": console.locator(".st-key-console-notes"),
        "the next button": console.locator(".st-key-step-forward"),
        "the keys": console.get_by_text(keys.HINT),
        "the room's panel": room,
    }
    if isinstance(step, QuestionStep):
        wanted["the answers against k"] = console.locator("p", has_text="Vragen:")
        if state == "revealed":
            wanted["the projector's result"] = room.locator(".main-svg")
        else:
            for question in step.questions:
                wanted[f"question {question.id}"] = room.get_by_text(question.text)
    for what, locator in wanted.items():
        on_screen(console, what, locator)
    main = console.locator('[data-testid="stMain"]')
    assert main.evaluate("m => m.scrollTop === 0 && m.scrollWidth <= m.clientWidth")
    if state == "revealed":
        measured = console.evaluate(FIT_PROBLEMS, [0, ".st-key-console-room"])
        assert not measured["problems"], f"{step.id}, the console's copy: {measured['problems']}"
    return f"{place} ({state}): {len(wanted)} things in view"


def press(console: Page, key: str, db: Database | None = None, session_id: int = 0) -> None:
    """A key, once the page's key listener answers for the session as it now is (the
    listener is mounted again a moment after the page has drawn; a press in between is
    made for the page before and is not a move)."""
    if db is not None:
        with db.read() as s:
            snap = sessions.snapshot(s, session_id=session_id)
        assert snap is not None
        console.wait_for_function(
            "v => document.documentElement.dataset.consoleKeys === v",
            arg=str(snap.version),
            timeout=TIMEOUT,
        )
    console.keyboard.press(key)


def shot(console: Page, name: str) -> None:
    """A screenshot for the record, and axe-core on the same screen."""
    ARTIFACTS.mkdir(exist_ok=True)
    console.screenshot(path=str(ARTIFACTS / f"console-{name}-{WIDTH}x{HEIGHT}.png"))
    blocking = axe.violations(console)
    assert not blocking, f"the console, {name}: axe-core, serious or critical: {blocking}"


def the_curtain_moves_nothing(console: Page, db: Database, session_id: int) -> None:
    before = console.evaluate(LAYOUT)
    console.evaluate(SAMPLE, LAYOUT)
    press(console, "b", db, session_id)
    expect(console.get_by_role("button", name="Scherm terugzetten")).to_be_visible(timeout=TIMEOUT)
    time.sleep(1)  # the page's later runs (the live panel's) too
    during = console.evaluate(
        "() => { const seen = [...window.gsLayouts]; window.gsLayouts = null; return seen; }"
    )
    with db.read() as s:
        snap = sessions.snapshot(s, session_id=session_id)
        assert snap is not None and snap.curtain
    moved = [json.loads(layout) for layout in during if json.loads(layout) != before]
    assert not moved, f"the page moved while the curtain went down: {before} then {moved[:3]}"
    expect(console.get_by_text("Het projectorscherm is nu leeg")).to_be_visible()
    shot(console, "curtain-down")
    press(console, "B", db, session_id)
    expect(console.get_by_role("button", name="Scherm leegmaken")).to_be_visible(timeout=TIMEOUT)
    assert console.evaluate(LAYOUT) == before


def end_with_the_keyboard(console: Page, label: str) -> None:
    """Tab to the button with this label, as someone without a mouse does, and press it."""
    for _ in range(80):
        press(console, "Tab")
        focused = console.evaluate("() => document.activeElement.innerText || ''")
        if focused.strip().split("\n")[0] == label:  # a popover's button: then its chevron
            press(console, "Enter")
            return
    raise AssertionError(f"Tab never reached {label!r}")


def test_a_whole_module_by_keyboard_in_one_view(quick_server: Server, browser: Browser):
    server = quick_server
    db = Database(server.database_url)
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="nl-NL")
    console = context.new_page()
    sign_up(console, server)
    code = start_session(console, MODULE.title)
    phones = []
    for _ in range(PHONES):
        with db.write() as s:
            group, token = sessions.join(s, raw_code=code, now=utcnow())
            group_id = group.id
        phones.append(token)
    seen: list[str] = []
    total = len(MODULE.steps)

    def key(name: str) -> None:
        press(console, name, db, group_id)

    def at(index: int) -> None:
        heading = f"{index + 1}/{total} · {MODULE.steps[index].title}"
        expect(console.get_by_role("heading", name=heading)).to_be_visible(timeout=TIMEOUT)

    at(0)
    seen.append(one_view(console, 0, "shown"))
    shot(console, "welkom")
    the_curtain_moves_nothing(console, db, group_id)

    # Two presses in a hurry: one move. The second was made for the page before the first
    # was carried out, so it does not open the check-in.
    key("ArrowRight")
    press(console, "ArrowRight")
    at(1)
    time.sleep(1.5)
    at(1)
    expect(console.get_by_text("Vragen: nog niet geopend")).to_be_visible()

    for index in range(1, total):
        step = MODULE.steps[index]
        at(index)
        if not isinstance(step, QuestionStep):
            seen.append(one_view(console, index, "shown"))
            primary_is(console, ([] if index == total - 1 else ["Volgende ▶"]))
            if index < total - 1:
                key("ArrowRight")
            continue
        primary_is(console, ["Openen"])
        seen.append(one_view(console, index, "not opened"))
        key("ArrowRight")
        expect(console.get_by_text("Vragen: open ·")).to_be_visible(timeout=TIMEOUT)
        for n, phone in enumerate(phones):
            with db.write() as s:
                ballots.submit(
                    s, token=phone, step_index=index, answers=answers_for(step, n), module=MODULE
                )
        expect(console.get_by_text(f"{PHONES} antwoorden")).to_be_visible(timeout=TIMEOUT)
        primary_is(console, ["Sluiten"])
        seen.append(one_view(console, index, "open"))
        if step.id == "zelftest":
            shot(console, "zelftest-open")
        key("ArrowRight")
        expect(console.get_by_text("Vragen: gesloten")).to_be_visible(timeout=TIMEOUT)
        primary_is(console, ["Tonen op scherm"])
        key("ArrowRight")
        expect(console.get_by_text("Vragen: getoond")).to_be_visible(timeout=TIMEOUT)
        expect(console.locator(".st-key-console-room .main-svg").first).to_be_visible(
            timeout=TIMEOUT
        )
        primary_is(console, ["Volgende ▶"])
        seen.append(one_view(console, index, "revealed"))
        if step.id in ("zelftest", "check-out"):
            shot(console, f"{step.id}-revealed")
        if step.id == "check-in":
            # ← goes back a step and → comes here again; the result stays shown.
            key("ArrowRight")
            at(index + 1)
            key("ArrowLeft")
            at(index)
            expect(console.get_by_text("Vragen: getoond")).to_be_visible(timeout=TIMEOUT)
        key("ArrowRight")

    key("ArrowRight")  # on the last step there is no next move
    time.sleep(1)
    at(total - 1)
    end_with_the_keyboard(console, "Sessie afsluiten…")
    end_with_the_keyboard(console, "Ja, afsluiten en antwoorden wissen")
    after_the_end(console, MODULE)
    print("\n".join(seen))  # what was checked, for the record (pytest -s)


def after_the_end(console: Page, module: Module) -> None:
    """The summary just made, with its exports; its check-in/check-out chart reads like the
    projector's: ticks to 100 %, labels level, 'liever niet zeggen' grey."""
    expect(console.get_by_role("heading", name="Sessie afgesloten")).to_be_visible(timeout=TIMEOUT)
    compare = console.locator('[data-testid="stPlotlyChart"]').first
    expect(compare.locator(".gtitle")).to_contain_text("Begin en einde van de sessie")
    ticks = compare.locator(".ytick text").all_text_contents()
    assert ticks[-1] == "100%", ticks
    rotated = compare.locator(".xtick text").evaluate_all(
        "ts => ts.filter(t => (t.getAttribute('transform') || '').includes('rotate')).length"
    )
    assert rotated == 0
    shot(console, "after-the-end")
    with console.expect_download() as download:
        console.get_by_role("button", name="Download Excel").click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    details = {row[0]: row[1] for row in book["Overzicht"].iter_rows(values_only=True) if row[0]}
    assert details["Module"] == module.title and details["Telefoons"] == str(PHONES)
    console.get_by_role("button", name="Nieuwe groepssessie voorbereiden").click()
    # The heading, not the button's text: the button may still be on screen during the rerun.
    expect(console.get_by_role("heading", name="Nieuwe groepssessie", exact=True)).to_be_visible(
        timeout=TIMEOUT
    )
    expect(console.get_by_role("button", name="Nieuwe groepssessie voorbereiden")).to_have_count(0)
