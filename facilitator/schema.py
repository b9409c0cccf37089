"""The database schema is made and changed only by migrations (Alembic), applied on start.

``migrate`` brings any database to the newest revision in one transaction: an empty one,
one at an older revision, and one created before migrations existed (tables present, no
``alembic_version``), which is recognised as revision 0001 first. On PostgreSQL an advisory
lock makes several app processes starting at once migrate one after the other.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FIRST_REVISION = "0001"
_LOCK_KEY = 7_311_004  # any fixed number: one app's migrations at a time


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine, *, to: str = "head") -> None:
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        config = _config(connection)
        tables = set(inspect(connection).get_table_names())
        if "alembic_version" not in tables and "facilitator_account" in tables:
            command.stamp(config, FIRST_REVISION)  # made by create_all before migrations
        command.upgrade(config, to)
