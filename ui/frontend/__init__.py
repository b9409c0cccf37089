"""The browser side of the app: JavaScript and CSS files in this folder, loaded by
``script`` and ``style``. The test command lints the JavaScript (ESLint, eslint.config.mjs).

A script file is the body of a function that has ``cfg``, its configuration, in scope:
``script`` wraps it as ``(() => { const cfg = {...}; <file> })();``. Values in ``cfg`` are
JSON with "</" escaped, so no configuration value can close the script tag.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.components.v2 import component

FOLDER = Path(__file__).parent


@cache
def source(name: str) -> str:
    """A file of this folder, read once per process."""
    text = (FOLDER / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"{name} may not close its own tag")
    return text


@dataclass(frozen=True)
class Markup:
    """HTML built by this app, for st.html to take as it is. Given a string, st.html first
    dedents and cleans it (textwrap.dedent over the whole body): for the script and style
    files every page carries on every run, that was a fifth of a phone's redraw. An
    object's ``_repr_html_`` is taken unchanged (st.html's documented protocol)."""

    body: str

    def _repr_html_(self) -> str:
        return self.body


def html(body: str, *, javascript: bool = False) -> None:
    """Put HTML built by this app (escaped where it holds text) in the page."""
    st.html(Markup(body), unsafe_allow_javascript=javascript)


def script(name: str, config: Mapping[str, object], *, markup: str = "") -> None:
    """Run a script file in the page, with ``cfg`` set to ``config``; ``markup`` (HTML
    built by the caller, escaped) comes in the same element, so it exists when the script
    runs."""
    encoded = json.dumps(config).replace("</", "<\\/")
    html(
        f"{markup}<script>\n(() => {{\nconst cfg = {encoded};\n{source(name)}}})();\n</script>",
        javascript=True,
    )


def style(*names: str) -> str:
    """A <style> element with these CSS files, for st.html (which adds no visible element)."""
    return "<style>\n" + "".join(source(name) for name in names) + "</style>"


@cache
def streamlit_chart_module() -> str | None:
    """The address, relative to the page, of the script Streamlit loads for the first chart
    a page draws (ui/frontend/projector.js loads it ahead), or None when this Streamlit has
    no such single file: the page then loads it with its first chart, as before."""
    folder = Path(st.__file__).parent / "static" / "static" / "js"
    found = list(folder.glob("PlotlyChart.*.js"))
    return f"static/js/{found[0].name}" if len(found) == 1 else None


@cache
def component_of(name: str, file: str) -> Any:
    """A components-v2 component whose script is a file of this folder (an ES module),
    registered once per process: registering a name again logs a warning."""
    return component(name, js=source(file))


def component_value(key: str, name: str) -> object:
    """One value a component under ``key`` reported: its state, or a trigger of this run."""
    state = st.session_state.get(key)
    return state.get(name) if isinstance(state, dict) else getattr(state, name, None)
