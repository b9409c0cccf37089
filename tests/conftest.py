"""Fixtures shared by all test layers: a real database file, the shipped module, accounts."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator import auth
from facilitator.content import Module, load_library
from facilitator.db import Database, create_empty_database
from tests.helpers import NOW

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
PASSWORD = "correct horse battery"


def database_url(tmp_path: Path) -> str:
    """SQLite in the test's folder, unless TEST_DATABASE_URL points at a PostgreSQL server:
    then a new, empty database on it for this test alone."""
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    return create_empty_database(server, "test")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(database_url(tmp_path))
    database.create_schema()
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def module() -> Module:
    found = load_library(CONTENT).get("traumabinding", "nl")
    assert found is not None
    return found


@pytest.fixture(scope="session")
def loskomen() -> Module:
    """Part 2 of the shipped material: breaking free (the facts list is here)."""
    found = load_library(CONTENT).get("traumabinding-loskomen", "nl")
    assert found is not None
    return found


def create_account(db: Database, username: str = "therapeut") -> int:
    with db.write() as s:
        code = auth.issue_setup_code(s, now=NOW)
    if code is None:  # an account exists: add this one directly
        from argon2 import PasswordHasher

        from facilitator.models import FacilitatorAccount

        with db.write() as s:
            account = FacilitatorAccount(
                username=username,
                password_hash=PasswordHasher().hash(PASSWORD),
                created_at=NOW,
            )
            s.add(account)
            s.flush()
            return account.id
    with db.write() as s:
        return auth.create_first_account(
            s, setup_code=code, username=username, password=PASSWORD, now=NOW
        )


@pytest.fixture
def facilitator_id(db: Database) -> int:
    return create_account(db)


# AppTest runs pages outside a server; Streamlit then warns on every cache access that it
# has no ScriptRunContext. The warning says nothing about the app, so keep it out of reports.
logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
