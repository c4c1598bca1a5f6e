"""Schema migrations, applied in order with sqlite-utils' ``Migrations``.

Rules: a migration, once released, never changes; a new need is a new function appended at the
end. ``SCHEMA_VERSION`` is the number of migrations this build knows; it is also written to
``PRAGMA user_version`` so a newer file is recognised before anything touches it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("verifica")
_names: list[str] = []


def _migration(fn: Callable[[Database], None]) -> Callable[[Database], None]:
    """Register ``fn`` as the next migration and remember its name for the version check."""
    _names.append(fn.__name__)
    return migrations()(fn)


def _run_script(db: Database, script: str) -> None:
    """Run SQL statements one by one inside the migration's transaction.

    ``sqlite3.executescript`` would COMMIT first and break the all-or-nothing migration, so the
    script is split on complete statements instead (triggers contain semicolons).
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement in migration: {statement[:80]!r}")


ROLES = ("admin", "supervisor", "clerk", "inspector", "comptroller", "kiosk")


@_migration
def m001_initial(db: Database) -> None:
    """Every record of DESIGN.md §2, the change log (sync outbox) and the audit chain."""
    roles = ", ".join(f"'{r}'" for r in ROLES)
    _run_script(
        db,
        f"""
        CREATE TABLE settings (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        );

        CREATE TABLE departments (
            id TEXT PRIMARY KEY NOT NULL,
            code TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE users (
            id TEXT PRIMARY KEY NOT NULL,
            username TEXT NOT NULL UNIQUE COLLATE NOCASE,
            display_name TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ({roles})),
            department_id TEXT REFERENCES departments(id),
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE businesses (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            owner_name TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            colonia TEXT NOT NULL DEFAULT '',
            scian_code TEXT NOT NULL DEFAULT '',
            scian_description TEXT NOT NULL DEFAULT '',
            risk_level TEXT NOT NULL DEFAULT 'bajo' CHECK (risk_level IN ('bajo', 'medio', 'alto')),
            phone TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX idx_businesses_colonia ON businesses(colonia);

        CREATE TABLE permit_cases (
            id TEXT PRIMARY KEY NOT NULL,
            folio TEXT NOT NULL UNIQUE,
            business_id TEXT NOT NULL REFERENCES businesses(id),
            department_id TEXT REFERENCES departments(id),
            procedure_type TEXT NOT NULL DEFAULT 'anuencia_bajo_riesgo',
            received_date TEXT NOT NULL,
            status TEXT NOT NULL,
            assignee_id TEXT REFERENCES users(id),
            due_date TEXT,
            version INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX idx_permit_cases_status ON permit_cases(status, received_date);
        CREATE INDEX idx_permit_cases_received ON permit_cases(received_date);
        CREATE INDEX idx_permit_cases_assignee ON permit_cases(assignee_id);
        CREATE INDEX idx_permit_cases_business ON permit_cases(business_id);

        CREATE TABLE case_status_history (
            id TEXT PRIMARY KEY NOT NULL,
            case_id TEXT NOT NULL REFERENCES permit_cases(id),
            from_status TEXT,
            to_status TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            user_id TEXT,
            device_id TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX idx_case_status_history_case ON case_status_history(case_id, at);

        CREATE TABLE form_templates (
            id TEXT PRIMARY KEY NOT NULL,
            code TEXT NOT NULL,
            version INTEGER NOT NULL,
            title TEXT NOT NULL,
            definition TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (code, version)
        );

        CREATE TABLE inspectors (
            id TEXT PRIMARY KEY NOT NULL,
            user_id TEXT REFERENCES users(id),
            full_name TEXT NOT NULL,
            department_id TEXT NOT NULL REFERENCES departments(id),
            position TEXT NOT NULL DEFAULT '',
            photo_sha256 TEXT,
            status TEXT NOT NULL DEFAULT 'activo' CHECK (status IN ('activo', 'suspendido', 'baja')),
            status_reason TEXT NOT NULL DEFAULT '',
            status_at TEXT NOT NULL,
            valid_from TEXT NOT NULL,
            valid_until TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE badges (
            id TEXT PRIMARY KEY NOT NULL,
            inspector_id TEXT NOT NULL REFERENCES inspectors(id),
            token_hash TEXT NOT NULL UNIQUE,
            issued_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            revoked_at TEXT,
            revoked_reason TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX idx_badges_inspector ON badges(inspector_id);

        CREATE TABLE inspections (
            id TEXT PRIMARY KEY NOT NULL,
            case_id TEXT REFERENCES permit_cases(id),
            complaint_id TEXT REFERENCES complaints(id),
            template_id TEXT REFERENCES form_templates(id),
            inspector_id TEXT REFERENCES inspectors(id),
            status TEXT NOT NULL DEFAULT 'borrador' CHECK (status IN ('borrador', 'cerrada')),
            answers TEXT NOT NULL DEFAULT '{{}}',
            findings TEXT NOT NULL DEFAULT '',
            result TEXT CHECK (result IN ('cumple', 'cumple_con_observaciones', 'no_cumple')),
            started_at TEXT NOT NULL,
            closed_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX idx_inspections_case ON inspections(case_id);

        CREATE TABLE verifications (
            id TEXT PRIMARY KEY NOT NULL,
            badge_id TEXT REFERENCES badges(id),
            scanned_text TEXT NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN
                ('valid', 'suspended_or_revoked', 'expired', 'not_issued', 'cannot_confirm')),
            device_id TEXT NOT NULL,
            location TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL
        );

        CREATE TABLE complaints (
            id TEXT PRIMARY KEY NOT NULL,
            folio TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN
                ('corrupcion', 'maltrato', 'inspeccion_irregular', 'riesgo', 'otro')),
            description TEXT NOT NULL,
            occurred_at TEXT,
            location TEXT NOT NULL DEFAULT '',
            inspector_id TEXT REFERENCES inspectors(id),
            business_id TEXT REFERENCES businesses(id),
            verification_id TEXT REFERENCES verifications(id),
            anonymous INTEGER NOT NULL DEFAULT 1 CHECK (anonymous IN (0, 1)),
            contact_name TEXT NOT NULL DEFAULT '',
            contact_phone TEXT NOT NULL DEFAULT '',
            contact_email TEXT NOT NULL DEFAULT '',
            followup_code_hash TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'recibida',
            source TEXT NOT NULL DEFAULT 'ventanilla',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE ratings (
            id TEXT PRIMARY KEY NOT NULL,
            verification_id TEXT REFERENCES verifications(id),
            inspector_id TEXT REFERENCES inspectors(id),
            department_id TEXT REFERENCES departments(id),
            speed INTEGER NOT NULL CHECK (speed BETWEEN 1 AND 5),
            attention INTEGER NOT NULL CHECK (attention BETWEEN 1 AND 5),
            service INTEGER NOT NULL CHECK (service BETWEEN 1 AND 5),
            comment TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL
        );

        CREATE TABLE attachments (
            sha256 TEXT PRIMARY KEY NOT NULL,
            size INTEGER NOT NULL,
            mime TEXT NOT NULL DEFAULT 'application/octet-stream',
            original_name TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE TABLE attachment_links (
            id TEXT PRIMARY KEY NOT NULL,
            sha256 TEXT NOT NULL REFERENCES attachments(sha256),
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'document' CHECK (kind IN ('photo', 'signature', 'document')),
            created_at TEXT NOT NULL
        );
        CREATE INDEX idx_attachment_links_entity ON attachment_links(entity, entity_id);

        -- The sync outbox: one row per user-visible change, written in the same transaction.
        CREATE TABLE change_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            at TEXT NOT NULL,
            device_id TEXT NOT NULL,
            user_id TEXT,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
            data TEXT NOT NULL,
            synced_at TEXT
        );
        CREATE INDEX idx_change_log_pending ON change_log(synced_at, seq);

        -- Hash-chained audit events: hash = sha256(prev_hash + canonical_event).
        CREATE TABLE audit_events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            at TEXT NOT NULL,
            user_id TEXT,
            device_id TEXT NOT NULL,
            action TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            details TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );

        -- Full-text search over a case's folio, business, owner and address, kept by triggers.
        CREATE VIRTUAL TABLE case_search USING fts5(
            folio, business, owner, address,
            tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER permit_cases_search_ai AFTER INSERT ON permit_cases BEGIN
            INSERT INTO case_search(rowid, folio, business, owner, address)
            SELECT new.rowid, new.folio, b.name, b.owner_name, b.address || ' ' || b.colonia
            FROM businesses b WHERE b.id = new.business_id;
        END;
        CREATE TRIGGER permit_cases_search_au AFTER UPDATE OF folio, business_id ON permit_cases BEGIN
            DELETE FROM case_search WHERE rowid = old.rowid;
            INSERT INTO case_search(rowid, folio, business, owner, address)
            SELECT new.rowid, new.folio, b.name, b.owner_name, b.address || ' ' || b.colonia
            FROM businesses b WHERE b.id = new.business_id;
        END;
        CREATE TRIGGER permit_cases_search_ad AFTER DELETE ON permit_cases BEGIN
            DELETE FROM case_search WHERE rowid = old.rowid;
        END;
        CREATE TRIGGER businesses_search_au AFTER UPDATE ON businesses BEGIN
            UPDATE case_search SET business = new.name, owner = new.owner_name,
                address = new.address || ' ' || new.colonia
            WHERE rowid IN (SELECT rowid FROM permit_cases WHERE business_id = new.id);
        END;
        """,
    )


KNOWN_MIGRATIONS = tuple(_names)
SCHEMA_VERSION = len(KNOWN_MIGRATIONS)
