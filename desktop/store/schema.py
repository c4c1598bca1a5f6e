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
            -- No foreign keys to inspectors/businesses: a kiosk files complaints about inspectors
            -- it knows only from its signed registry, and synced rows may arrive in any order.
            inspector_id TEXT,
            business_id TEXT,
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
            -- Soft references, as for complaints: kiosks have no inspector or department rows.
            inspector_id TEXT,
            department_id TEXT,
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


# Required-document codes seeded per procedure type: (code, name, mandatory, note).
_SEED_DOCUMENTS_BASE = (
    ("solicitud", "Solicitud firmada por el titular o su representante legal", 1, ""),
    ("identificacion", "Identificación oficial vigente del titular", 1, ""),
    ("comprobante_domicilio", "Comprobante de domicilio del establecimiento", 1, ""),
    ("uso_suelo", "Licencia o constancia de uso de suelo", 1, ""),
    ("croquis", "Croquis de ubicación y distribución del local", 1, ""),
    ("constancia_fiscal", "Constancia de situación fiscal", 1, ""),
    ("fotografias", "Fotografías de la fachada y del interior", 1, ""),
    ("pago_derechos", "Comprobante de pago de derechos", 1, ""),
    ("poliza_seguro", "Póliza de seguro de responsabilidad civil", 0, "cuando aplique"),
    ("carta_gas", "Carta responsiva de la instalación de gas LP", 0, "si usa gas LP"),
)
_SEED_DOCUMENTS = {
    "anuencia_bajo_riesgo": _SEED_DOCUMENTS_BASE,
    "anuencia_riesgo_medio": (
        *_SEED_DOCUMENTS_BASE,
        ("programa_interno", "Programa interno de protección civil", 1, ""),
        ("dictamen_electrico", "Dictamen de la instalación eléctrica", 1, ""),
    ),
    "revalidacion_anuencia": (
        ("solicitud", "Solicitud firmada por el titular o su representante legal", 1, ""),
        ("identificacion", "Identificación oficial vigente del titular", 1, ""),
        ("anuencia_anterior", "Copia de la anuencia anterior", 1, ""),
        ("pago_derechos", "Comprobante de pago de derechos", 1, ""),
    ),
}
# (code, name, term in business days)
_SEED_PROCEDURE_TYPES = (
    ("anuencia_bajo_riesgo", "Anuencia de Protección Civil — bajo riesgo", 15),
    ("anuencia_riesgo_medio", "Anuencia de Protección Civil — riesgo medio", 20),
    ("revalidacion_anuencia", "Revalidación de anuencia de Protección Civil", 10),
)
# Ley Federal del Trabajo art. 74 rest days, 2025-2027 (later years: desktop.core.deadlines).
_SEED_HOLIDAYS = (
    ("2025-01-01", "Año Nuevo"),
    ("2025-02-03", "Día de la Constitución"),
    ("2025-03-17", "Natalicio de Benito Juárez"),
    ("2025-05-01", "Día del Trabajo"),
    ("2025-09-16", "Día de la Independencia"),
    ("2025-11-17", "Día de la Revolución"),
    ("2025-12-25", "Navidad"),
    ("2026-01-01", "Año Nuevo"),
    ("2026-02-02", "Día de la Constitución"),
    ("2026-03-16", "Natalicio de Benito Juárez"),
    ("2026-05-01", "Día del Trabajo"),
    ("2026-09-16", "Día de la Independencia"),
    ("2026-11-16", "Día de la Revolución"),
    ("2026-12-25", "Navidad"),
    ("2027-01-01", "Año Nuevo"),
    ("2027-02-01", "Día de la Constitución"),
    ("2027-03-15", "Natalicio de Benito Juárez"),
    ("2027-05-01", "Día del Trabajo"),
    ("2027-09-16", "Día de la Independencia"),
    ("2027-11-15", "Día de la Revolución"),
    ("2027-12-25", "Navidad"),
)


def _missing_documents_sql(case_id: str, procedure_type: str) -> str:
    """How many mandatory documents a case has not delivered (kept in a column by triggers)."""
    return (
        "(SELECT count(*) FROM required_documents r "
        f"WHERE r.procedure_type = {procedure_type} AND r.active = 1 AND r.mandatory = 1 "
        "AND NOT EXISTS (SELECT 1 FROM case_documents d "
        f"WHERE d.case_id = {case_id} AND d.document_code = r.code AND d.received = 1))"
    )


@_migration
def m002_backlog(db: Database) -> None:
    """Permit backlog (issue 3): terms, holidays, required documents, notes, saved filters,
    import mappings, scheduled inspections, and a trigger-kept count of missing documents."""
    seeded_at = "2025-01-01T00:00:00.000000Z"
    _run_script(
        db,
        """
        CREATE TABLE procedure_types (
            code TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            term_days INTEGER NOT NULL CHECK (term_days BETWEEN 1 AND 365),
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE holidays (
            date TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'oficial' CHECK (kind IN ('oficial', 'municipal')),
            created_at TEXT NOT NULL
        );

        CREATE TABLE required_documents (
            procedure_type TEXT NOT NULL REFERENCES procedure_types(code),
            code TEXT NOT NULL,
            name TEXT NOT NULL,
            mandatory INTEGER NOT NULL DEFAULT 1 CHECK (mandatory IN (0, 1)),
            note TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0,
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (procedure_type, code)
        );

        CREATE TABLE case_documents (
            id TEXT PRIMARY KEY NOT NULL,
            case_id TEXT NOT NULL REFERENCES permit_cases(id),
            document_code TEXT NOT NULL,
            received INTEGER NOT NULL DEFAULT 0 CHECK (received IN (0, 1)),
            note TEXT NOT NULL DEFAULT '',
            received_at TEXT,
            user_id TEXT,
            updated_at TEXT NOT NULL,
            UNIQUE (case_id, document_code)
        );

        CREATE TABLE case_notes (
            id TEXT PRIMARY KEY NOT NULL,
            case_id TEXT NOT NULL REFERENCES permit_cases(id),
            text TEXT NOT NULL,
            user_id TEXT,
            device_id TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX idx_case_notes_case ON case_notes(case_id, at);

        CREATE TABLE saved_filters (
            id TEXT PRIMARY KEY NOT NULL,
            user_id TEXT REFERENCES users(id),
            name TEXT NOT NULL,
            query TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (user_id, name)
        );

        CREATE TABLE import_mappings (
            name TEXT PRIMARY KEY NOT NULL,
            mapping TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        -- A scheduled visit is an inspection in 'borrador' with the day it is planned for.
        ALTER TABLE inspections ADD COLUMN scheduled_for TEXT;
        CREATE INDEX idx_inspections_schedule ON inspections(inspector_id, scheduled_for);

        -- Derived, kept by the triggers below: the backlog filters on it at 100,000 cases.
        ALTER TABLE permit_cases ADD COLUMN missing_documents INTEGER NOT NULL DEFAULT 0;

        -- Backlog filters (desktop/store/cases.py) list ids in received order. These indexes
        -- let each filter read only its own rows, already in that order or covered
        -- (bench/backlog.py); the two single-column ones they extend are dropped.
        DROP INDEX idx_permit_cases_assignee;
        DROP INDEX idx_permit_cases_business;
        DROP INDEX idx_businesses_colonia;
        CREATE INDEX idx_permit_cases_assignee_received ON permit_cases(assignee_id, received_date);
        CREATE INDEX idx_permit_cases_business_received ON permit_cases(business_id, received_date);
        CREATE INDEX idx_permit_cases_missing ON permit_cases(received_date) WHERE missing_documents > 0;
        CREATE INDEX idx_permit_cases_open ON permit_cases(received_date)
            WHERE status NOT IN ('cancelado', 'emitido', 'entregado', 'rechazado');
        CREATE INDEX idx_businesses_colonia_id ON businesses(colonia, id);
        CREATE INDEX idx_businesses_scian_id ON businesses(scian_code, id);
        CREATE INDEX idx_businesses_risk_id ON businesses(risk_level, id);
        CREATE INDEX idx_case_status_history_to ON case_status_history(to_status, case_id, at);
        """,
    )
    for code, name, days in _SEED_PROCEDURE_TYPES:
        db.execute(
            "INSERT INTO procedure_types (code, name, term_days, active, created_at, updated_at) "
            "VALUES (?, ?, ?, 1, ?, ?)",
            [code, name, days, seeded_at, seeded_at],
        )
    for procedure_type, documents in _SEED_DOCUMENTS.items():
        for position, (code, name, mandatory, note) in enumerate(documents, start=1):
            db.execute(
                "INSERT INTO required_documents (procedure_type, code, name, mandatory, note, "
                "position, active, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
                [procedure_type, code, name, mandatory, note, position, seeded_at],
            )
    for day, name in _SEED_HOLIDAYS:
        db.execute(
            "INSERT INTO holidays (date, name, kind, created_at) VALUES (?, ?, 'oficial', ?)",
            [day, name, seeded_at],
        )
    case_missing = _missing_documents_sql("permit_cases.id", "permit_cases.procedure_type")
    new_missing = _missing_documents_sql("new.id", "new.procedure_type")
    # Triggers after the seed: each required-document insert would otherwise recount every case.
    _run_script(
        db,
        f"""
        CREATE TRIGGER permit_cases_docs_ai AFTER INSERT ON permit_cases BEGIN
            UPDATE permit_cases SET missing_documents = {new_missing} WHERE rowid = new.rowid;
        END;
        CREATE TRIGGER permit_cases_docs_au AFTER UPDATE OF procedure_type ON permit_cases BEGIN
            UPDATE permit_cases SET missing_documents = {new_missing} WHERE rowid = new.rowid;
        END;
        CREATE TRIGGER case_documents_ai AFTER INSERT ON case_documents BEGIN
            UPDATE permit_cases SET missing_documents = {case_missing} WHERE id = new.case_id;
        END;
        CREATE TRIGGER case_documents_au AFTER UPDATE ON case_documents BEGIN
            UPDATE permit_cases SET missing_documents = {case_missing}
            WHERE id IN (new.case_id, old.case_id);
        END;
        CREATE TRIGGER case_documents_ad AFTER DELETE ON case_documents BEGIN
            UPDATE permit_cases SET missing_documents = {case_missing} WHERE id = old.case_id;
        END;
        CREATE TRIGGER required_documents_ai AFTER INSERT ON required_documents BEGIN
            UPDATE permit_cases SET missing_documents = {case_missing}
            WHERE procedure_type = new.procedure_type;
        END;
        CREATE TRIGGER required_documents_au AFTER UPDATE ON required_documents BEGIN
            UPDATE permit_cases SET missing_documents = {case_missing}
            WHERE procedure_type IN (new.procedure_type, old.procedure_type);
        END;
        CREATE TRIGGER required_documents_ad AFTER DELETE ON required_documents BEGIN
            UPDATE permit_cases SET missing_documents = {case_missing}
            WHERE procedure_type = old.procedure_type;
        END;
        UPDATE permit_cases SET missing_documents = {case_missing};
        """,
    )


@_migration
def m003_badge_trust(db: Database) -> None:
    """Badges (issue 4): public keys this device trusts, accepted signed registries, and what a
    verification needs to name without foreign keys (a kiosk knows inspectors only through its
    signed registry). No private key and no badge token is ever stored (desktop/core/signing.py)."""
    _run_script(
        db,
        """
        CREATE TABLE trusted_keys (
            key_id TEXT PRIMARY KEY NOT NULL,
            public_key TEXT NOT NULL,
            valid_from TEXT NOT NULL,
            valid_until TEXT,
            source TEXT NOT NULL CHECK (source IN ('enrolment', 'registry', 'local')),
            added_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE registry_snapshots (
            id TEXT PRIMARY KEY NOT NULL,
            issued_at TEXT NOT NULL,
            key_id TEXT NOT NULL,
            signature TEXT NOT NULL,
            document TEXT NOT NULL,
            received_at TEXT NOT NULL
        );
        CREATE INDEX idx_registry_snapshots_issued ON registry_snapshots(issued_at);

        ALTER TABLE verifications ADD COLUMN inspector_id TEXT;
        ALTER TABLE verifications ADD COLUMN token_hash TEXT;
        ALTER TABLE verifications ADD COLUMN reason TEXT NOT NULL DEFAULT '';
        ALTER TABLE verifications ADD COLUMN registry_issued_at TEXT;
        CREATE INDEX idx_verifications_at ON verifications(at);
        """,
    )


@_migration
def m004_sync(db: Database) -> None:
    """Sync (issue 8): server versions of records, what became of pushed changes that were not
    acknowledged (refused with the server's reason, or in conflict), and conflicts for a person
    to resolve with both sides kept."""
    _run_script(
        db,
        """
        CREATE TABLE sync_versions (
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (entity, entity_id)
        ) WITHOUT ROWID;

        CREATE TABLE sync_outcomes (
            change_id TEXT PRIMARY KEY NOT NULL REFERENCES change_log(id),
            status TEXT NOT NULL CHECK (status IN ('refused', 'conflict', 'superseded')),
            reason TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL
        );

        CREATE TABLE sync_conflicts (
            id TEXT PRIMARY KEY NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            local_data TEXT NOT NULL,
            local_deleted INTEGER NOT NULL DEFAULT 0 CHECK (local_deleted IN (0, 1)),
            remote_data TEXT NOT NULL,
            remote_version INTEGER NOT NULL,
            remote_deleted INTEGER NOT NULL DEFAULT 0 CHECK (remote_deleted IN (0, 1)),
            reason TEXT NOT NULL DEFAULT '',
            detected_at TEXT NOT NULL,
            resolved_at TEXT,
            resolution_change_id TEXT
        );
        CREATE UNIQUE INDEX idx_sync_conflicts_open ON sync_conflicts(entity, entity_id)
            WHERE resolved_at IS NULL;
        """,
    )


@_migration
def m005_anuencias(db: Database) -> None:
    """Issued anuencias (issue 3, item 7): the signed QR payload, the exact document printed (so a
    reprint is byte-identical) and cancellation; the case carries its issue and validity dates
    (what the server's public page shows)."""
    _run_script(
        db,
        """
        ALTER TABLE permit_cases ADD COLUMN issued_at TEXT;
        ALTER TABLE permit_cases ADD COLUMN valid_until TEXT;

        CREATE TABLE anuencias (
            id TEXT PRIMARY KEY NOT NULL,
            case_id TEXT NOT NULL REFERENCES permit_cases(id),
            folio TEXT NOT NULL,
            payload TEXT NOT NULL,
            signature TEXT NOT NULL,
            key_id TEXT NOT NULL,
            document TEXT NOT NULL,
            pdf_sha256 TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            valid_until TEXT NOT NULL,
            cancelled_at TEXT,
            cancel_reason TEXT NOT NULL DEFAULT ''
        );
        CREATE UNIQUE INDEX idx_anuencias_case ON anuencias(case_id);
        CREATE INDEX idx_anuencias_folio ON anuencias(folio);
        """,
    )


@_migration
def m006_complaint_investigation(db: Database) -> None:
    """Complaint investigation (issue 5): the assigned investigator, the deadline, the public
    response, internal notes, the status history, and the follow-up attempt counter that slows
    down guessing of receipt codes (kept per folio, so an unknown folio is counted too)."""
    _run_script(
        db,
        """
        ALTER TABLE complaints ADD COLUMN investigator_id TEXT REFERENCES users(id);
        ALTER TABLE complaints ADD COLUMN due_date TEXT;
        ALTER TABLE complaints ADD COLUMN public_response TEXT NOT NULL DEFAULT '';
        CREATE INDEX idx_complaints_inspector ON complaints(inspector_id, created_at);
        CREATE INDEX idx_complaints_business ON complaints(business_id, created_at);

        CREATE TABLE complaint_notes (
            id TEXT PRIMARY KEY NOT NULL,
            complaint_id TEXT NOT NULL REFERENCES complaints(id),
            body TEXT NOT NULL,
            user_id TEXT,
            device_id TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX idx_complaint_notes_complaint ON complaint_notes(complaint_id, at);

        CREATE TABLE complaint_status_history (
            id TEXT PRIMARY KEY NOT NULL,
            complaint_id TEXT NOT NULL REFERENCES complaints(id),
            from_status TEXT,
            to_status TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            user_id TEXT,
            device_id TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX idx_complaint_status_history ON complaint_status_history(complaint_id, at);

        CREATE TABLE complaint_followup_attempts (
            folio TEXT PRIMARY KEY NOT NULL,
            failures INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            last_at TEXT NOT NULL
        );
        """,
    )


@_migration
def m007_inspection_amendments(db: Database) -> None:
    """Corrections to a closed inspection (issue 6): each is a new audited row; the closed
    answers themselves never change."""
    _run_script(
        db,
        """
        CREATE TABLE inspection_amendments (
            id TEXT PRIMARY KEY NOT NULL,
            inspection_id TEXT NOT NULL REFERENCES inspections(id),
            field TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT,
            reason TEXT NOT NULL,
            user_id TEXT,
            device_id TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX idx_inspection_amendments ON inspection_amendments(inspection_id, at);
        """,
    )


@_migration
def m008_inspection_findings(db: Database) -> None:
    """Findings with deadlines, one per failed item or added by the inspector (issue 6), kept as a
    JSON list on the inspection so they travel with it when it syncs."""
    _run_script(
        db,
        """
        ALTER TABLE inspections ADD COLUMN finding_items TEXT NOT NULL DEFAULT '[]';
        """,
    )


@_migration
def m009_day_plan_indexes(db: Database) -> None:
    """The inspector's day plan (issue 6, item 5): open visits by inspector and day, and "is this
    record still unsent?" as an index probe instead of a scan of every pending change."""
    _run_script(
        db,
        """
        CREATE INDEX idx_inspections_open ON inspections(inspector_id, scheduled_for)
            WHERE status = 'borrador';
        CREATE INDEX idx_inspections_closed ON inspections(closed_at, inspector_id)
            WHERE status = 'cerrada';
        CREATE INDEX idx_change_log_unsynced_entity ON change_log(entity, entity_id)
            WHERE synced_at IS NULL;
        """,
    )


KNOWN_MIGRATIONS = tuple(_names)
SCHEMA_VERSION = len(KNOWN_MIGRATIONS)
