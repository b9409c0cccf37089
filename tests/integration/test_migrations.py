"""The schema comes from migrations: from an empty database, from the previous revision with
data in it, and from a database made before migrations existed; and the result is exactly
what the models describe."""

from __future__ import annotations

from datetime import datetime

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from facilitator import schema
from facilitator.db import Database, make_engine
from facilitator.models import Base
from tests.conftest import database_url


def fresh(tmp_path) -> Database:
    return Database(database_url(tmp_path))


def differences(db: Database) -> list:
    with db.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)


def test_an_empty_database_is_migrated_to_exactly_the_models(tmp_path):
    db = fresh(tmp_path)
    db.create_schema()
    assert differences(db) == []
    with db.engine.connect() as connection:
        assert schema.current_revision(connection) == schema.head_revision()
    db.create_schema()  # a second start changes nothing
    assert differences(db) == []
    db.dispose()


def seed_previous_schema(db: Database) -> None:
    """A facilitator, an ended session with its summary, as the 0001 schema holds them."""
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO facilitator_account (id, username, password_hash, created_at) "
                "VALUES (1, 'therapeut', 'x', :now)"
            ),
            {"now": datetime(2026, 11, 1)},
        )
        connection.execute(
            text(
                "INSERT INTO group_session (id, facilitator_id, module_id, language, "
                "module_title, join_code, projector_token, status, current_step, version, "
                "min_group_size, curtain, started_at, step_started_at, ended_at) VALUES "
                "(1, 1, 'traumabinding', 'nl', 'Traumabinding', 'ABCDEF', 'tok', 'ended', "
                "3, 9, 5, :no, :now, :now, :now)"
            ),
            {"now": datetime(2026, 11, 1), "no": False},
        )
        connection.execute(
            text(
                "INSERT INTO session_summary (session_id, participants, payload) "
                "VALUES (1, 7, '[]')"
            )
        )


def check_upgraded(db: Database) -> None:
    assert differences(db) == []
    with db.engine.connect() as connection:
        account = connection.execute(text("SELECT username FROM facilitator_account")).one()
        group = connection.execute(
            text("SELECT join_code, randomized_response FROM group_session")
        ).one()
        summary = connection.execute(text("SELECT participants FROM session_summary")).one()
    assert tuple(account) == ("therapeut",)
    assert group[0] == "ABCDEF" and not group[1]
    assert summary[0] == 7


def test_the_previous_revision_with_data_is_upgraded_keeping_it(tmp_path):
    db = fresh(tmp_path)
    schema.migrate(db.engine, to="0001")
    seed_previous_schema(db)
    db.create_schema()
    check_upgraded(db)
    db.dispose()


def test_a_database_made_before_migrations_existed_is_recognised_and_upgraded(tmp_path):
    db = fresh(tmp_path)
    schema.migrate(db.engine, to="0001")
    seed_previous_schema(db)
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))  # as create_all left it
    db.create_schema()
    check_upgraded(db)
    db.dispose()


def test_the_answer_tables_stay_without_rowid_on_sqlite(tmp_path):
    engine = make_engine(database_url(tmp_path))
    if engine.dialect.name != "sqlite":
        return
    schema.migrate(engine)
    with engine.connect() as connection:
        for table in ("ballot", "roll_entry", "participant"):
            sql = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table}
            ).scalar_one()
            assert "WITHOUT ROWID" in sql.upper(), table
        assert "invitation" in inspect(connection).get_table_names()
    engine.dispose()


def test_old_summaries_keep_only_what_the_room_saw_after_the_upgrade(tmp_path):
    import json

    db = fresh(tmp_path)
    schema.migrate(db.engine, to="0007")
    seed_previous_schema(db)
    shown = {"step_index": 11, "step_id": "zelftest", "title": "Zelftest", "total": 5}
    old_payload = [
        {**shown, "questions": [], "yes_histogram": [0, 1, 1, 1, 1, 1, 0], "revealed": True},
        {
            "step_index": 1,
            "step_id": "check-in",
            "title": "Check-in",
            "total": 5,
            "questions": [{"id": "gevoel", "counts": [0, 0, 0, 5, 0, 0]}],
            "yes_histogram": None,
            "revealed": False,
        },
        {"step_index": 15, "step_id": "scannen", "title": "S", "total": 2, "suppressed": True},
    ]
    with db.engine.begin() as connection:
        connection.execute(
            text("UPDATE session_summary SET payload = :p"), {"p": json.dumps(old_payload)}
        )
    db.create_schema()
    with db.engine.connect() as connection:
        payload = connection.execute(text("SELECT payload FROM session_summary")).scalar_one()
    revealed, not_shown, too_few = json.loads(payload)
    assert revealed == {**shown, "questions": [], "revealed": True}
    assert not_shown == {
        "step_index": 1,
        "step_id": "check-in",
        "title": "Check-in",
        "total": 5,
        "suppressed": True,
        "reason": "not_shown",
    }
    assert too_few["reason"] == "too_few"
    db.dispose()
