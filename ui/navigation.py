"""The app's pages: each is a function that a page module registers here with its address
and title, so page code is imported like any other (a test or the benchmark can use it)
and app.py decides per role which of them a browser gets.

One table, one home per page: app.py builds its navigation from it, and a page that sends
the browser to another asks for it by address. A page object re-created with the same
address and function is the registered one (Streamlit hashes the address), which is what
``st.switch_page`` needs.

The page modules live in views/, not pages/. With a folder named pages/ beside the main
script, Streamlit 1.67 runs a process's first script run in its old multipage mode, in
which /console runs pages/console.py by itself instead of app.py (PagesManager's
uses_pages_directory; the weirdness is noted in streamlit/streamlit#10276). Seen: after a
server restart, a reloaded console drew nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, NoReturn

import streamlit as st
from streamlit.navigation.page import StreamlitPage

# The addresses (URL paths) of the pages.
CONSOLE = "console"
HISTORY = "eerder"
ACCOUNT = "account"
HELP = "hulp"
SIGN_IN = "begeleider"
PROJECTOR = "scherm"  # served at the root with its token: /?t=<projector token>
PARTICIPANT = "meedoen"  # served at the root: a phone's only page


@dataclass(frozen=True)
class PageSpec:
    title: str
    run: Callable[[], None]


_PAGES: dict[str, PageSpec] = {}


def page(address: str, title: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """Register the decorated function as the page at ``address``."""

    def register(run: Callable[[], None]) -> Callable[[], None]:
        if address in _PAGES and _PAGES[address].run.__qualname__ != run.__qualname__:
            raise ValueError(f"two pages at /{address}")
        _PAGES[address] = PageSpec(title, run)
        return run

    return register


def st_page(
    address: str, *, default: bool = False, visibility: Literal["visible", "hidden"] = "visible"
) -> StreamlitPage:
    spec = _PAGES[address]
    return st.Page(
        spec.run, title=spec.title, url_path=address, default=default, visibility=visibility
    )


def go_to(address: str) -> NoReturn:
    """Send this browser to the page at ``address`` (registered in this run's navigation)."""
    st.switch_page(st_page(address))
