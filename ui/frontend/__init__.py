"""The browser side of the app: JavaScript and CSS files in this folder, loaded by
``script`` and ``style``. The test command lints the JavaScript (ESLint, eslint.config.mjs).

A script file is the body of a function that has ``cfg``, its configuration, in scope:
``script`` wraps it as ``(() => { const cfg = {...}; <file> })();``. Values in ``cfg`` are
JSON with "</" escaped, so no configuration value can close the script tag.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import streamlit as st

FOLDER = Path(__file__).parent


@cache
def source(name: str) -> str:
    """A file of this folder, read once per process."""
    text = (FOLDER / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"{name} may not close its own tag")
    return text


def script(name: str, config: Mapping[str, object], *, markup: str = "") -> None:
    """Run a script file in the page, with ``cfg`` set to ``config``; ``markup`` (HTML
    built by the caller, escaped) comes in the same element, so it exists when the script
    runs."""
    encoded = json.dumps(config).replace("</", "<\\/")
    st.html(
        f"{markup}<script>\n(() => {{\nconst cfg = {encoded};\n{source(name)}}})();\n</script>",
        unsafe_allow_javascript=True,
    )


def style(*names: str) -> str:
    """A <style> element with these CSS files, for st.html (which adds no visible element)."""
    return "<style>\n" + "".join(source(name) for name in names) + "</style>"
