"""Process-wide resources. ``st.cache_resource`` holds only the database handle and the
parsed content: all state of a group lives in the database, never in this process."""

from __future__ import annotations

import streamlit as st

from facilitator.bootstrap import prepare_database
from facilitator.config import Settings, load_settings
from facilitator.content import Library, Module, load_library
from facilitator.db import Database


@st.cache_resource
def settings() -> Settings:
    """Read once per process; the environment wins over secrets.toml."""
    return load_settings()


@st.cache_resource
def _database(url: str) -> Database:
    # scripts/run has already prepared the database and printed a setup code; a server
    # started some other way prints one here, at its first page view.
    return prepare_database(url, fresh_code=False)


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
