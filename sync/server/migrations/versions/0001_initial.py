"""Initial server schema: accounts, devices, changes, records, audit chains, attachments.

Revision ID: 0001
Revises:
Create Date: 2025-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

KEY = 64


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("username", sa.String(KEY), nullable=False, unique=True),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("department_id", sa.String(KEY)),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "devices",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("account_id", sa.String(36), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("client_device_id", sa.String(KEY)),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("last_seen_at", sa.String(32)),
        sa.Column("revoked_at", sa.String(32)),
        sa.Column("revoked_by", sa.String(36)),
    )
    op.create_index("ix_devices_account", "devices", ["account_id"])
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(KEY), nullable=False),
        sa.Column("ip", sa.String(KEY), nullable=False),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_index("ix_login_failures_key", "login_failures", ["username", "ip", "at"])
    op.create_table(
        "changes",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("id", sa.String(KEY), nullable=False, unique=True),
        sa.Column("entity", sa.String(KEY), nullable=False),
        sa.Column("entity_id", sa.String(KEY), nullable=False),
        sa.Column("op", sa.String(8), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("device_id", sa.String(KEY), nullable=False),
        sa.Column("user_id", sa.String(KEY)),
        sa.Column("account_id", sa.String(36)),
        sa.Column("server_device_id", sa.String(36)),
        sa.Column("received_at", sa.String(32), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "records",
        sa.Column("entity", sa.String(KEY), nullable=False),
        sa.Column("entity_id", sa.String(KEY), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False, unique=True),
        sa.Column("change_id", sa.String(KEY), nullable=False),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("realm", sa.String(KEY), nullable=False),
        sa.Column("dept", sa.String(KEY)),
        sa.Column("owner", sa.String(KEY)),
        sa.Column("lookup", sa.String(128)),
        sa.PrimaryKeyConstraint("entity", "entity_id", name="pk_records"),
    )
    op.create_index("ix_records_lookup", "records", ["entity", "lookup"])
    op.create_table(
        "audit_events",
        sa.Column("chain", sa.String(KEY), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("id", sa.String(KEY), nullable=False),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("user_id", sa.String(KEY)),
        sa.Column("device_id", sa.String(KEY), nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("entity", sa.Text, nullable=False),
        sa.Column("entity_id", sa.Text, nullable=False),
        sa.Column("details", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("account_id", sa.String(36)),
        sa.Column("received_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("chain", "seq", name="pk_audit_events"),
    )
    op.create_table(
        "audit_chains",
        sa.Column("chain", sa.String(KEY), primary_key=True),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.Column("broken_at", sa.BigInteger),
        sa.Column("broken_reason", sa.Text),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "attachments",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("stored_at", sa.String(32), nullable=False),
        sa.Column("account_id", sa.String(36)),
    )
    op.create_table(
        "server_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("action", sa.String(KEY), nullable=False),
        sa.Column("account_id", sa.String(36)),
        sa.Column("device_id", sa.String(36)),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_server_events_at", "server_events", ["at"])


def downgrade() -> None:
    for table in (
        "server_events",
        "attachments",
        "audit_chains",
        "audit_events",
        "records",
        "changes",
        "login_failures",
        "devices",
        "accounts",
    ):
        op.drop_table(table)
