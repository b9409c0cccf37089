"""Alembic's environment: migrations run on the connection the app hands over
(facilitator.schema.migrate), inside the app's own transaction."""

from __future__ import annotations

from alembic import context

from facilitator.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata)
with context.begin_transaction():
    context.run_migrations()
