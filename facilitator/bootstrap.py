"""Prepare the database before the server takes its first visitor.

``scripts/run`` calls ``python -m facilitator.bootstrap`` before starting Streamlit: the
schema exists from the start and, while no facilitator account exists, a one-time setup
code appears in the server's own output right away (Streamlit itself runs no code until a
browser connects).
"""

from __future__ import annotations

import sys
from datetime import datetime

from facilitator import auth
from facilitator.config import SettingsError, load_settings
from facilitator.db import Database
from facilitator.timeutil import utcnow


def prepare_database(url: str, *, fresh_code: bool, now: datetime) -> Database:
    """Create the schema; print a setup code while no account exists. ``fresh_code``
    issues a new code even when an earlier one is still valid (a deliberate start)."""
    db = Database(url)
    db.create_schema()
    with db.write() as s:
        code = auth.issue_setup_code(s, keep_valid=not fresh_code, now=now)
    if code is not None:
        # The only place the code appears: the terminal of whoever started the server.
        # Someone on the room's network who opens the console first cannot see it.
        banner = "=" * 64
        print(
            f"\n{banner}\nNo facilitator account yet. One-time setup code: {code}\n"
            f"Open the console (/begeleider) and enter this code to set a password.\n{banner}\n",
            file=sys.stderr,
            flush=True,
        )
    return db


def main() -> int:
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"Settings error: {error}", file=sys.stderr)
        return 2
    prepare_database(settings.database_url, fresh_code=True, now=utcnow()).dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
