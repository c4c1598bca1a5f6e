"""Local SQLite store (sqlite-utils): migrations, the write path, change log and audit chain."""

from desktop.store.db import DB_FILENAME, Actor, Store, open_store

__all__ = ["DB_FILENAME", "Actor", "Store", "open_store"]
