"""Process-wide resources. ``st.cache_resource`` holds the database handle, the parsed
content and the guessing throttles: all state of a group lives in the database, never in
this process."""

from __future__ import annotations

import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import streamlit as st

from facilitator import joinlink, sessions
from facilitator.bootstrap import prepare_database
from facilitator.config import Settings, load_settings
from facilitator.content import ContentError, Library, Module, load_library, parse_module
from facilitator.db import Database
from facilitator.errors import DatabaseUnavailable
from facilitator.helpinfo import SHIPPED, HelpText, help_for, load_help
from facilitator.joinlink import NetworkAddress, PhoneAddress, network_addresses
from facilitator.models import GroupSession
from facilitator.retention import sweep
from facilitator.throttle import Guards
from facilitator.timeutil import utcnow

_said: set[str] = set()


def say_once(line: str) -> None:
    """A line in the server's log, once per process however many pages run into it."""
    if line not in _said:
        _said.add(line)
        print(line, file=sys.stderr, flush=True)


@st.cache_resource
def settings() -> Settings:
    """Read once per process; the environment wins over secrets.toml."""
    return load_settings()


@st.cache_resource
def guards() -> Guards:
    """This process's limits on guessing join codes and passwords, and on a phone's pause
    signal (memory only)."""
    return Guards()


def client_address() -> str | None:
    """The network address of this browser, for the guessing limits only (never stored);
    None for the laptop itself. Streamlit's server (uvicorn) takes it from X-Forwarded-For
    only on connections from a proxy it trusts: 127.0.0.1, or the addresses in
    FORWARDED_ALLOW_IPS. A phone on the room's network cannot make one up."""
    address = st.context.ip_address
    return address if isinstance(address, str) else None  # AppTest gives a stand-in


@st.cache_resource
def _database(url: str) -> Database:
    # scripts/run has already prepared the database and printed a setup code; a server
    # started some other way prints one here, at its first page view.
    return prepare_database(url, fresh_code=False, now=utcnow())


def database() -> Database:
    return _database(settings().database_url)


@st.cache_resource(ttl=30)
def _library(content_dir: str) -> Library:
    return load_library(Path(content_dir))


def library() -> Library:
    """Modules are re-read every 30 s, so a facilitator's new folder shows up unrestarted."""
    return _library(str(settings().content_dir))


def module(module_id: str, language: str) -> Module | None:
    return library().get(module_id, language)


@st.cache_resource(max_entries=256)
def _module_kept_by(session_id: int, projector_token: str) -> Module | None:
    """A session's own copy of its module, parsed once per process: it never changes. The
    session's random projector token is in the key because SQLite may give a new session
    the id of a deleted one."""
    with database().read() as s:
        kept = sessions.module_file_of(s, session_id=session_id)
    if kept is None:
        return None
    try:
        return parse_module(Path(f"session-{session_id}.yaml"), kept)
    except ContentError as error:  # a copy that once parsed: only a newer parser refuses it
        say_once(f"Kept module of session {session_id} not usable: {error}")
        return None


def session_module(group: GroupSession) -> Module | None:
    """The module a session runs: the copy it kept at its start, so a module file that
    is edited or broken meanwhile changes nothing for the group; the module folder's
    version for a session started before sessions kept one."""
    kept = _module_kept_by(group.id, group.projector_token)
    return kept or module(group.module_id, group.language)


@st.cache_resource(ttl=30)
def _help_texts(path: str) -> dict[str, HelpText]:
    try:
        return load_help(Path(path))
    except ContentError as error:
        # A broken organisation file must not leave participants without help.
        print(f"Help file not used: {error}", file=sys.stderr, flush=True)
        return load_help(SHIPPED)


def help_text(language: str) -> HelpText:
    return help_for(_help_texts(str(settings().help_file)), language)


@st.cache_resource(ttl=15)
def _network_addresses() -> list[NetworkAddress]:
    """Looked up every 15 s, not on every rerun: a laptop may join another network."""
    return network_addresses()


def phone_address(preferred: str | None) -> PhoneAddress:
    """Where phones reach the app, as seen from this browser's address; ``preferred`` is
    the session's chosen network address, if the facilitator picked one."""
    return joinlink.phone_address(
        configured=settings().public_base_url,
        page_url=st.context.url,
        candidates=_network_addresses(),
        preferred=preferred,
    )


_SWEEP_EVERY_SECONDS = 60.0
_sweep_lock = threading.Lock()
_last_sweep = [float("-inf")]


def sweep_now_and_then() -> None:
    """End sessions left running too long and drop expired summaries: at most once a
    minute per process, from whichever page runs first, so no scheduler is needed."""
    if time.monotonic() - _last_sweep[0] < _SWEEP_EVERY_SECONDS:
        return
    if not _sweep_lock.acquire(blocking=False):
        return  # another run is sweeping
    try:
        _last_sweep[0] = time.monotonic()
        config = settings()
        with database().write() as s:
            swept = sweep(
                s,
                max_running=timedelta(hours=config.session_max_hours),
                keep_summaries=timedelta(days=config.summary_retention_days),
                find_module=session_module,
                now=utcnow(),
            )
        if swept.ended or swept.deleted:
            print(
                f"Retention: ended {swept.ended} overdue session(s), "
                f"deleted {swept.deleted} expired summary(ies)",
                file=sys.stderr,
                flush=True,
            )
    except DatabaseUnavailable:
        pass  # the next sweep, a minute on, will do it; the page itself says the rest
    finally:
        _sweep_lock.release()
