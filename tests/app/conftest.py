"""AppTest fixtures: every AppTest is its own browser session on one shared database."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from facilitator.content import QuestionStep
from facilitator.db import Database
from tests.conftest import PASSWORD, ROOT, create_account, database_url
from ui.navigation import CONSOLE, SIGN_IN

APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def quick_sign_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every sign-in is padded to the same duration (a second); tests of other things need
    not wait for it. The timing test sets it back."""
    from facilitator import auth

    monkeypatch.setattr(auth, "SIGN_IN_SECONDS", 0.05)


@pytest.fixture
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    url = database_url(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    st.cache_resource.clear()  # settings and engine are cached per process
    database = Database(url)
    database.create_schema()
    yield database
    st.cache_resource.clear()
    database.dispose()


def addresses(at: AppTest) -> list[str]:
    """The addresses of the pages the last run registered (the default page's is "")."""
    return sorted(str(info.get("url_pathname")) for info in at._registered_pages.values())


def open_page(at: AppTest, address: str) -> AppTest:
    """Ask for the page at ``address`` (ui.navigation) in the next run, as a browser's
    address bar does. AppTest.switch_page finds only pages registered from files; the app's
    pages are functions, which Streamlit tells apart by a hash of their address (see
    streamlit/navigation/page.py): the hash a real browser's request resolves to."""
    page_hash = calc_hash(address)  # also for the default page, whose URL is the root
    if page_hash not in at._registered_pages:
        raise ValueError(f"no page at /{address} in this session's navigation: {addresses(at)}")
    at._page_hash = page_hash
    return at


@pytest.fixture
def new_browser(app_db: Database) -> Callable[..., AppTest]:
    def open_app(**query: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        for key, value in query.items():
            at.query_params[key] = value
        return at.run()

    return open_app


@pytest.fixture
def new_phone(new_browser: Callable[..., AppTest]) -> Callable[[str], AppTest]:
    """A phone that joined with the code and read the content note."""

    def join(code: str) -> AppTest:
        phone = new_browser(code=code)
        continue_button = [b for b in phone.button if b.key == "content-note-continue"]
        assert continue_button, "the content note comes before the material"
        return continue_button[0].click().run()

    return join


@pytest.fixture
def signed_in_console(app_db: Database, new_browser: Callable[..., AppTest]) -> AppTest:
    create_account(app_db, "therapeut")
    at = new_browser()
    open_page(at, SIGN_IN).run()
    at.text_input(key="sign-in-username").input("therapeut")
    at.text_input(key="sign-in-password").input(PASSWORD)
    button(at, "Aanmelden").click().run()
    # The browser lands on the console's URL after signing in; AppTest has to be told.
    return open_page(at, CONSOLE).run()


def button(at: AppTest, label: str):
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r} among {[b.label for b in at.button]}"
    return matches[0]


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


def all_text(at: AppTest, *, html: bool = True) -> str:
    """Every text element of the page; with ``html``, the raw bodies of st.html too (whose
    scripts hold random tokens, so a search for a short word there can hit by chance)."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "success",
        "info",
        "warning",
        "error",
    ):
        parts.extend(str(element.value) for element in at.get(kind))
    if html:
        parts.extend(element.proto.body for element in at.get("html"))
    return "\n".join(parts)


SEND_LABELS = ("Versturen", "Send")

# How a test answers each widget of ui/widgets.py (a new widget adds its line here).
ANSWER_WITH: dict[str, Callable[[AppTest, str, object], None]] = {
    "one_of": lambda phone, key, value: phone.radio(key=key).set_value(value),
    "any_of": lambda phone, key, value: next(
        group for group in phone.button_group if group.key == key
    ).set_value(value),
}


def answer_on_phone(
    phone: AppTest, step: QuestionStep, answers: Mapping[str, object], *, send: bool = True
) -> AppTest:
    """Answer the open question step as a participant does, and send: on its one form, or
    one question per screen (*Volgende*) and then the review's send. A question missing
    from ``answers`` is left open. Without ``send``, the phone stops with the send button
    on screen."""
    for _screen in range(2 * len(step.questions) + 2):
        on_screen = {w.key for w in phone.radio} | {w.key for w in phone.button_group}
        for question in step.questions:
            key = next((k for k in on_screen if k and k.endswith(f"-{question.id}")), None)
            if key is not None and question.id in answers:
                ANSWER_WITH[question.spec.widget](phone, key, answers[question.id])
        sending = [b for b in phone.button if b.label in SEND_LABELS]
        if sending:
            return sending[0].click().run() if send else phone
        forward = [b for b in phone.button if str(b.key).startswith("answer-next-")]
        assert forward, f"neither send nor next among {[b.label for b in phone.button]}"
        forward[0].click().run()
    raise AssertionError("the answer screens never came to a send")
