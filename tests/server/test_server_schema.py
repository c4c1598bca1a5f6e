"""The migrations build exactly the tables the code describes (sync/server/models.py)."""

from __future__ import annotations

from pathlib import Path

import server_helpers as h
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from server_helpers import Databases
from sqlalchemy import create_engine

from sync.server import models
from sync.server.db import normalize_url


def test_migrated_schema_matches_the_models(databases: Databases, tmp_path: Path) -> None:
    url = databases.new("schema")
    h.run_cli("migrate", "--database", url, "--data-dir", str(tmp_path))
    engine = create_engine(normalize_url(url))
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), models.metadata)
    finally:
        engine.dispose()
    assert diff == []
