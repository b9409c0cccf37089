"""Process-wide resources. ``st.cache_resource`` holds only the database handle and the
parsed content: all state of a group lives in the database, never in this process."""

from __future__ import annotations

import os
import sys

import streamlit as st

from facilitator import auth
from facilitator.config import Settings, load_settings
from facilitator.content import Library, Module, load_library
from facilitator.db import Database


def _secrets() -> dict[str, str]:
    """Top-level values of .streamlit/secrets.toml (git ignores it); none when absent."""
    try:
        found = st.secrets.to_dict()
    except FileNotFoundError:  # also Streamlit's own "no secrets file" error
        return {}
    return {key: str(value) for key, value in found.items() if not isinstance(value, dict)}


@st.cache_resource
def settings() -> Settings:
    """Read once per process; the environment wins over secrets.toml."""
    return load_settings({**_secrets(), **os.environ})


@st.cache_resource
def _database(url: str) -> Database:
    db = Database(url)
    db.create_schema()
    with db.write() as s:
        code = auth.issue_setup_code(s)
    if code is not None:
        # The only place the setup code appears: the terminal of whoever started the
        # server. Someone on the room's network who opens the console first cannot see it.
        banner = "=" * 64
        print(
            f"\n{banner}\nNo facilitator account yet. One-time setup code: {code}\n"
            f"Open the console (/begeleider) and enter this code to set a password.\n{banner}\n",
            file=sys.stderr,
            flush=True,
        )
    return db


def database() -> Database:
    return _database(settings().database_url)


@st.cache_resource(ttl=30)
def _library(content_dir: str) -> Library:
    return load_library(content_dir)  # type: ignore[arg-type]


def library() -> Library:
    """Modules are re-read every 30 s, so a facilitator's new folder shows up unrestarted."""
    return _library(str(settings().content_dir))


def module(module_id: str, language: str) -> Module | None:
    return library().get(module_id, language)
