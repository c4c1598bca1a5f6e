"""Alembic environment: migrations run on the connection ``verifica-server migrate`` passes in."""

from __future__ import annotations

from alembic import context

from sync.server.models import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only `verifica-server migrate` runs migrations
    raise RuntimeError("run migrations with `verifica-server migrate`, not the alembic command")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
