"""The server's tables (SQLAlchemy Core), as the latest migration leaves them.

The schema is generic on purpose: what devices push is kept as change rows (``changes``) and as
the current state of each record (``records``, keyed by entity and id, JSON text plus a version),
so the server schema stays stable while the desktop's tables evolve. Columns the server needs
for authorisation and lookups (``realm``, ``dept``, ``owner``, ``lookup``) are derived from the
record when it is written (see :mod:`sync.server.scope`).

Migrations in ``migrations/versions`` create these tables; this module never creates anything.
A test checks that the two agree.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

metadata = MetaData()

# Ids and keys the server compares are bounded and validated before they reach the database.
KEY = 64

accounts = Table(
    "accounts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(KEY), nullable=False, unique=True),
    Column("display_name", Text, nullable=False),
    Column("role", String(20), nullable=False),
    Column("department_id", String(KEY)),
    Column("password_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
)

devices = Table(
    "devices",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("account_id", String(36), ForeignKey("accounts.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("client_device_id", String(KEY)),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", String(32), nullable=False),
    Column("last_seen_at", String(32)),
    Column("revoked_at", String(32)),
    Column("revoked_by", String(36)),
)
Index("ix_devices_account", devices.c.account_id)

login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(KEY), nullable=False),
    Column("ip", String(KEY), nullable=False),
    Column("at", Float, nullable=False),
)
Index("ix_login_failures_key", login_failures.c.username, login_failures.c.ip, login_failures.c.at)

# Every accepted change, in the order the server accepted it; ``seq`` is the pull cursor.
changes = Table(
    "changes",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("id", String(KEY), nullable=False, unique=True),
    Column("entity", String(KEY), nullable=False),
    Column("entity_id", String(KEY), nullable=False),
    Column("op", String(8), nullable=False),
    Column("data", Text, nullable=False),
    Column("at", Text, nullable=False),
    Column("device_id", String(KEY), nullable=False),
    Column("user_id", String(KEY)),
    Column("account_id", String(36)),
    Column("server_device_id", String(36)),
    Column("received_at", String(32), nullable=False),
    Column("version", Integer, nullable=False),
)

# The current state of every record; ``seq`` is the seq of its latest change.
records = Table(
    "records",
    metadata,
    Column("entity", String(KEY), nullable=False),
    Column("entity_id", String(KEY), nullable=False),
    Column("data", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("deleted", Boolean, nullable=False),
    Column("seq", BigInteger, nullable=False, unique=True),
    Column("change_id", String(KEY), nullable=False),
    Column("at", Text, nullable=False),
    Column("realm", String(KEY), nullable=False),
    Column("dept", String(KEY)),
    Column("owner", String(KEY)),
    Column("lookup", String(128)),
    PrimaryKeyConstraint("entity", "entity_id", name="pk_records"),
)
Index("ix_records_lookup", records.c.entity, records.c.lookup)

# Audit events as devices pushed them, one chain per device (``chain`` = the device's own id).
audit_events = Table(
    "audit_events",
    metadata,
    Column("chain", String(KEY), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("id", String(KEY), nullable=False),
    Column("at", Text, nullable=False),
    Column("user_id", String(KEY)),
    Column("device_id", String(KEY), nullable=False),
    Column("action", Text, nullable=False),
    Column("entity", Text, nullable=False),
    Column("entity_id", Text, nullable=False),
    Column("details", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("account_id", String(36)),
    Column("received_at", String(32), nullable=False),
    PrimaryKeyConstraint("chain", "seq", name="pk_audit_events"),
)

audit_chains = Table(
    "audit_chains",
    metadata,
    Column("chain", String(KEY), primary_key=True),
    Column("last_seq", BigInteger, nullable=False),
    Column("last_hash", String(64), nullable=False),
    Column("broken_at", BigInteger),
    Column("broken_reason", Text),
    Column("updated_at", String(32), nullable=False),
)

attachments = Table(
    "attachments",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("stored_at", String(32), nullable=False),
    Column("account_id", String(36)),
)

# Security-relevant events kept in the database (logins, refusals, revocations, sensitive reads).
server_events = Table(
    "server_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("action", String(KEY), nullable=False),
    Column("account_id", String(36)),
    Column("device_id", String(36)),
    Column("detail", Text, nullable=False),
)
Index("ix_server_events_at", server_events.c.at)
