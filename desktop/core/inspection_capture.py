"""Capturing an inspection: every answer is saved the moment it is entered.

There is no "save" button. :func:`save_answer` is one write transaction per answer (the
inspection row, its change-log row and its audit event), so an answer acknowledged to the
inspector survives a crash or a flat battery (``synchronous=FULL``, DESIGN.md §4).

An inspection keeps the template version it was started with: the template's canonical JSON is
stored once in ``form_templates`` per (code, version), and the inspection points at that row, so
publishing version 2 never changes an inspection started on version 1.

Findings (:class:`Finding`) say what the business must correct and by when: one per failed item
(:func:`suggest_findings` drafts them with a default term in business days) plus any the inspector
adds. They are saved as a whole list, as edited, like an answer.

Closing validates the answers, requires a finding with a deadline for every failed item, locks
the inspection and moves its case along the workflow (:data:`DECISION_BY_RESULT`: the visit makes
the case ``inspeccionado``, the result decides where it goes next). Corrections after closing are
amendments (``inspection_amendments``): new audited rows, the closed answers stay as they were.
:func:`effective_answers` applies them in order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from desktop.core import forms, permits, workflow
from desktop.core.dates import format_date
from desktop.core.deadlines import load_calendar
from desktop.core.ids import utc_now, uuid7
from desktop.errors import InvalidInput
from desktop.store.attachments import link_attachment, store_bytes
from desktop.store.changes import record_change
from desktop.store.db import Actor, Store
from sync import protocol

RESULTS = ("cumple", "cumple_con_observaciones", "no_cumple")
ATTACHMENT_TYPES = ("image", "signature")
#: Where a closed inspection's result takes a case that was waiting for the visit (the server
#: holds an inspector's case moves to the same table).
DECISION_BY_RESULT = protocol.DECISION_BY_RESULT
RESULT_LABELS = {
    "cumple": ("Cumple", "Complies"),
    "cumple_con_observaciones": ("Cumple con observaciones", "Complies with observations"),
    "no_cumple": ("No cumple", "Does not comply"),
}
#: Namespace of :func:`template_id` (a fixed random UUID; never change it).
TEMPLATE_NAMESPACE = uuid.UUID("6f1c2a8e-4d0b-4c55-9a39-2f7e0c1b5d43")
#: Default term, in business days, that a drafted finding gives the business to correct.
DEFAULT_FINDING_DAYS = 10
MAX_FINDING_TEXT = 2000


@dataclass(frozen=True)
class Finding:
    """Something the business must correct, and by when.

    Attributes:
        field: the failed item it answers (a field name), or ``""`` for one the inspector added.
        description: what was found and what must be done (es-MX, as the inspector wrote it).
        deadline: ``YYYY-MM-DD``, the day it must be corrected by.
    """

    field: str
    description: str
    deadline: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "description": self.description, "deadline": self.deadline}


@dataclass(frozen=True)
class Amendment:
    """A correction made after closing."""

    id: str
    field: str
    old_value: Any
    new_value: Any
    reason: str
    user_id: str | None
    at: str


@dataclass(frozen=True)
class Inspection:
    """An inspection with the form it was started on and its answers as saved."""

    id: str
    case_id: str | None
    template_id: str
    form: forms.Form
    status: str
    answers: dict[str, Any]
    result: str | None
    started_at: str
    closed_at: str | None
    amendments: tuple[Amendment, ...]
    findings: tuple[Finding, ...] = ()
    inspector_id: str | None = None
    scheduled_for: str | None = None

    @property
    def is_closed(self) -> bool:
        return self.status == protocol.CLOSED_INSPECTION


def template_id(definition: str) -> str:
    """The id a template definition is stored under: derived from its content, so every device
    that registers the same shipped form (offline, before it ever syncs) writes the same record,
    and the server sees one template instead of several with the same code and version."""
    return str(uuid.uuid5(TEMPLATE_NAMESPACE, hashlib.sha256(definition.encode()).hexdigest()))


def register_template(store: Store, actor: Actor, form: forms.Form) -> str:
    """Store ``form`` as (code, version) in ``form_templates`` once; return its id.

    The id is :func:`template_id` of the canonical definition.

    Raises:
        InvalidInput: a different definition is already stored under the same code and version
            (a changed template must raise its ``version`` in the settings sheet).
    """
    definition = forms.to_definition(form)
    with store.write() as db:
        row = db.execute(
            "SELECT id, definition FROM form_templates WHERE code = ? AND version = ?",
            [form.code, form.version],
        ).fetchone()
        if row:
            if row[1] != definition:
                raise InvalidInput(
                    f"El formato {form.code} versión {form.version} ya existe con otro contenido.",
                    f"Form {form.code} version {form.version} already exists with other content.",
                    hint_es="Suba el número de versión en la hoja settings.",
                    hint_en="Raise the version number in the settings sheet.",
                )
            return str(row[0])
        record: dict[str, Any] = {
            "id": template_id(definition),
            "code": form.code,
            "version": form.version,
            "title": form.title,
            "definition": definition,
            "created_at": utc_now(),
        }
        db.table("form_templates").insert(record)
        record_change(db, actor, "form_templates", record["id"], "insert", record)
    return str(record["id"])


def start_inspection(
    store: Store,
    actor: Actor,
    case_id: str,
    template: forms.Form,
    *,
    inspector_id: str | None = None,
) -> str:
    """Open a new inspection (``borrador``) of ``case_id`` on ``template``'s current version.

    Raises:
        InvalidInput: unknown case, or a conflicting template version (see
            :func:`register_template`).
    """
    with store.write() as db:
        if not db.execute("SELECT 1 FROM permit_cases WHERE id = ?", [case_id]).fetchone():
            raise InvalidInput(f"No existe el expediente {case_id}.", f"No case {case_id}.")
        template_id = register_template(store, actor, template)
        now = utc_now()
        row: dict[str, Any] = {
            "id": uuid7(),
            "case_id": case_id,
            "template_id": template_id,
            "inspector_id": inspector_id,
            "status": "borrador",
            "answers": "{}",
            "started_at": now,
            "created_at": now,
            "updated_at": now,
        }
        db.table("inspections").insert(row)
        record_change(db, actor, "inspections", row["id"], "insert", row)
    return str(row["id"])


def open_for_capture(
    store: Store, actor: Actor, inspection_id: str, template: forms.Form
) -> Inspection:
    """Load an inspection for the capture screen, putting a scheduled visit on ``template`` first.

    A visit scheduled from the backlog (:mod:`desktop.core.bulk`) has no form yet; the first time
    it is opened it gets ``template`` (normally :func:`desktop.core.form_library.current_form`)
    and its ``started_at`` becomes now. An inspection that already has a form keeps it.

    Raises:
        InvalidInput: no such inspection, or a conflicting template version.
    """
    with store.write() as db:
        row = db.execute(
            "SELECT template_id FROM inspections WHERE id = ?", [inspection_id]
        ).fetchone()
        if row is None:
            raise InvalidInput(
                f"No existe la inspección {inspection_id}.", f"No inspection {inspection_id}."
            )
        if row[0] is None:
            template_id = register_template(store, actor, template)
            now = utc_now()
            _update(
                db,
                actor,
                inspection_id,
                {"template_id": template_id, "started_at": now},
                now=now,
                action="inspections.start",
            )
    return load_inspection(store, inspection_id)


def _update(
    db: Any,
    actor: Actor,
    inspection_id: str,
    changes: dict[str, Any],
    *,
    action: str,
    now: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Write ``changes`` (and ``updated_at``) to one inspection and log them, inside ``write()``.

    Lists and dicts are stored as JSON text (``answers``, ``finding_items``) and travel in the
    change log as the values themselves.
    """
    row = {**changes, "updated_at": now or utc_now()}
    stored = [
        json.dumps(v, sort_keys=True, ensure_ascii=False) if isinstance(v, dict | list) else v
        for v in row.values()
    ]
    columns = ", ".join(f"{name} = ?" for name in row)  # names from this module, never input
    db.execute(f"UPDATE inspections SET {columns} WHERE id = ?", [*stored, inspection_id])
    record_change(
        db,
        actor,
        "inspections",
        inspection_id,
        "update",
        {"id": inspection_id, **row},
        action=action,
        details=details,
    )


def _amendment_value(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def load_inspection(store: Store, inspection_id: str) -> Inspection:
    """Read an inspection with its template (the version it was started on) and amendments.

    Raises:
        InvalidInput: no such inspection.
    """
    row = store.db.execute(
        "SELECT i.id, i.case_id, i.template_id, t.definition, i.status, i.answers, i.result, "
        "i.started_at, i.closed_at, i.finding_items, i.inspector_id, i.scheduled_for "
        "FROM inspections i "
        "JOIN form_templates t ON t.id = i.template_id WHERE i.id = ?",  # see open_for_capture
        [inspection_id],
    ).fetchone()
    if row is None:
        raise InvalidInput(
            f"No existe la inspección {inspection_id}.", f"No inspection {inspection_id}."
        )
    amendments = tuple(
        Amendment(a[0], a[1], _amendment_value(a[2]), _amendment_value(a[3]), a[4], a[5], a[6])
        for a in store.db.execute(
            "SELECT id, field, old_value, new_value, reason, user_id, at "
            "FROM inspection_amendments WHERE inspection_id = ? ORDER BY at, id",
            [inspection_id],
        )
    )
    return Inspection(
        id=row[0],
        case_id=row[1],
        template_id=row[2],
        form=forms.from_definition(row[3]),
        status=row[4],
        answers=json.loads(row[5]),
        result=row[6],
        started_at=row[7],
        closed_at=row[8],
        amendments=amendments,
        findings=tuple(
            Finding(str(f.get("field", "")), str(f["description"]), str(f["deadline"]))
            for f in json.loads(row[9] or "[]")
        ),
        inspector_id=row[10],
        scheduled_for=row[11],
    )


def effective_answers(inspection: Inspection) -> dict[str, Any]:
    """The answers with every amendment applied in order."""
    answers = dict(inspection.answers)
    for a in inspection.amendments:
        if a.new_value is None:
            answers.pop(a.field, None)
        else:
            answers[a.field] = a.new_value
    return answers


def _refuse_closed(inspection: Inspection) -> InvalidInput:
    return InvalidInput(
        "La inspección está cerrada; no se puede modificar.",
        "The inspection is closed; it cannot be changed.",
        hint_es="Registre una corrección (enmienda) con su motivo.",
        hint_en="Record a correction (amendment) with its reason.",
    )


def save_answer(store: Store, actor: Actor, inspection_id: str, field: str, value: Any) -> Any:
    """Save one answer now, in its own transaction; ``None`` or ``""`` clears it.

    Returns:
        The value as stored (normalised: ``"20.6, -103.3"`` becomes ``"20.6 -103.3"``).

    Raises:
        InvalidInput: closed inspection, unknown field, or a value that does not fit its type.
            Nothing is written.
    """
    with store.write() as db:
        inspection = load_inspection(store, inspection_id)
        if inspection.is_closed:
            raise _refuse_closed(inspection)
        spec = inspection.form.field(field)
        stored = forms.coerce_answer(spec, value)
        if spec.type in ATTACHMENT_TYPES and stored is not None:
            _require_attachment(db, stored)
        answers = dict(inspection.answers)
        if stored is None:
            answers.pop(field, None)
        else:
            answers[field] = stored
        _update(
            db,
            actor,
            inspection_id,
            {"answers": answers},
            action="inspections.answer",
            details={"field": field},
        )
    return stored


def _require_attachment(db: Any, sha256: str) -> None:
    if db.execute("SELECT 1 FROM attachments WHERE sha256 = ?", [sha256]).fetchone() is None:
        raise InvalidInput(
            f"El adjunto {sha256[:12]}… no está guardado en este equipo.",
            f"Attachment {sha256[:12]}… is not stored on this device.",
        )


def save_attachment_answer(
    store: Store,
    actor: Actor,
    inspection_id: str,
    field: str,
    content: bytes,
    *,
    mime: str,
    original_name: str = "",
) -> str:
    """Save a photo or signature as the answer to ``field``; return its SHA-256.

    The file is written durably first (:mod:`desktop.store.attachments`), then one transaction
    records the attachment, links it to the inspection and saves the answer. Downscaling a photo
    is the caller's job (the capture screen); this stores the bytes it is given.

    Raises:
        InvalidInput: the field is not an image or signature, the inspection is closed, or the
            content is empty. No row is written (an orphan file is harmless and re-used).
    """
    if not content:
        raise InvalidInput("El adjunto está vacío.", "The attachment is empty.")
    inspection = load_inspection(store, inspection_id)
    spec = inspection.form.field(field)
    if spec.type not in ATTACHMENT_TYPES:
        raise InvalidInput(
            f"«{spec.label_es or field}» no lleva foto ni firma.",
            f"“{spec.label_en or field}” takes no photo or signature.",
        )
    if inspection.is_closed:
        raise _refuse_closed(inspection)
    sha, _ = store_bytes(store.attachments_dir, content)
    with store.write() as db:
        link_attachment(
            db,
            actor,
            sha,
            size=len(content),
            mime=mime,
            original_name=original_name[:200],
            entity="inspections",
            entity_id=inspection_id,
            kind="signature" if spec.type == "signature" else "photo",
            at=utc_now(),
        )
        save_answer(store, actor, inspection_id, field, sha)
    return sha


def _clean_finding(form: forms.Form, finding: Finding, position: int) -> Finding:
    description = " ".join(finding.description.split())
    where_es, where_en = f"Hallazgo {position}", f"Finding {position}"
    if finding.field:
        form.field(finding.field)  # raises on an unknown field
    if not description:
        raise InvalidInput(
            f"{where_es}: escriba qué debe corregirse.", f"{where_en}: say what must be corrected."
        )
    if len(description) > MAX_FINDING_TEXT:
        raise InvalidInput(
            f"{where_es}: el texto pasa de {MAX_FINDING_TEXT} caracteres.",
            f"{where_en}: the text is longer than {MAX_FINDING_TEXT} characters.",
        )
    try:
        day = dt.date.fromisoformat(finding.deadline)
    except (TypeError, ValueError):
        raise InvalidInput(
            f"{where_es}: la fecha límite «{finding.deadline}» no es una fecha (AAAA-MM-DD).",
            f"{where_en}: the deadline “{finding.deadline}” is not a date (YYYY-MM-DD).",
        ) from None
    return Finding(finding.field, description, day.isoformat())


def save_findings(
    store: Store, actor: Actor, inspection_id: str, findings: list[Finding]
) -> tuple[Finding, ...]:
    """Replace the inspection's findings with ``findings`` (cleaned), in one transaction.

    Returns:
        The findings as stored (whitespace collapsed, dates normalised).

    Raises:
        InvalidInput: closed inspection, unknown field, empty or over-long description, or a
            deadline that is not a date. Nothing is written.
    """
    with store.write() as db:
        inspection = load_inspection(store, inspection_id)
        if inspection.is_closed:
            raise _refuse_closed(inspection)
        cleaned = tuple(
            _clean_finding(inspection.form, f, n) for n, f in enumerate(findings, start=1)
        )
        items = [f.as_dict() for f in cleaned]
        _update(db, actor, inspection_id, {"finding_items": items}, action="inspections.findings")
    return cleaned


def suggest_findings(
    store: Store, inspection: Inspection, *, today: dt.date | None = None
) -> tuple[Finding, ...]:
    """The findings with one drafted for every failed item that has none yet, in form order.

    A drafted finding names the item and gives :data:`DEFAULT_FINDING_DAYS` business days from
    ``today``; findings for items that no longer fail are kept (the inspector decides).
    """
    today = today or dt.date.today()
    failed = forms.score(inspection.form, inspection.answers).failed_items
    covered = {f.field for f in inspection.findings}
    due = load_calendar(store.db).add_business_days(today, DEFAULT_FINDING_DAYS).isoformat()
    drafted = tuple(
        Finding(
            name, f"Corregir el punto «{_as_statement(inspection.form.field(name).label_es)}».", due
        )
        for name in failed
        if name not in covered
    )
    return inspection.findings + drafted


def _as_statement(label: str) -> str:
    """A question's label without its question marks: "¿Botiquín de primeros auxilios?" →
    "Botiquín de primeros auxilios" (quoted in a drafted finding)."""
    return label.strip().strip("¿?").strip()


def missing_findings(inspection: Inspection) -> tuple[str, ...]:
    """Failed items (field names, in form order) that have no finding yet."""
    covered = {f.field for f in inspection.findings}
    failed = forms.score(inspection.form, inspection.answers).failed_items
    return tuple(name for name in failed if name not in covered)


def findings_summary(findings: tuple[Finding, ...]) -> str:
    """The findings as one plain-text paragraph per finding (the case history's reason)."""
    return "\n".join(
        f"{f.description} (corregir a más tardar el {_day_text(f.deadline)})" for f in findings
    )


def _day_text(iso: str) -> str:
    """``2026-11-30`` as es-MX ``30/11/2026`` (the case history is read by people)."""
    return format_date(dt.date.fromisoformat(iso))


@dataclass(frozen=True)
class Closed:
    """What closing did: the score, the result, and the case's status afterwards (``None`` when
    the inspection has no case or its case was not waiting for this visit)."""

    score: forms.Score
    result: str
    case_status: str | None

    @property
    def failed_items(self) -> tuple[str, ...]:
        return self.score.failed_items


def _move_case(store: Store, actor: Actor, inspection: Inspection, result: str) -> str | None:
    """Advance the case the visit was for; leave a case in any other state where it is."""
    if inspection.case_id is None:
        return None
    case = permits.get_case(store, inspection.case_id)
    status = case.status
    if status == workflow.INSPECCION_PROGRAMADA:
        label = RESULT_LABELS[result][0]
        case = permits.change_status(
            store, actor, case.id, workflow.INSPECCIONADO, f"Acta de inspección: {label}."
        )
        status = case.status
    if status != workflow.INSPECCIONADO:
        return status
    target = DECISION_BY_RESULT[result]
    reason = (
        findings_summary(inspection.findings) or f"Acta de inspección: {RESULT_LABELS[result][0]}."
    )
    return permits.change_status(store, actor, case.id, target, reason).status


def close_inspection(
    store: Store, actor: Actor, inspection_id: str, *, result: str | None = None
) -> Closed:
    """Validate the answers and findings, lock the inspection and move its case along.

    ``result`` defaults to ``cumple`` when no item failed and ``no_cumple`` otherwise; the
    inspector may choose ``cumple_con_observaciones`` explicitly. A case waiting for the visit
    (``inspeccion_programada``, or already ``inspeccionado``) goes to ``inspeccionado`` and then to
    :data:`DECISION_BY_RESULT`; the case history's reason is the findings.

    Raises:
        InvalidInput: already closed, an unknown result, answers that do not validate, or failed
            items without a finding (every problem is listed). Nothing is written.
    """
    with store.write() as db:
        inspection = load_inspection(store, inspection_id)
        if inspection.is_closed:
            raise _refuse_closed(inspection)
        problems = forms.validate_answers(inspection.form, inspection.answers)
        if problems:
            raise InvalidInput(
                "No se puede cerrar la inspección: "
                + "; ".join(f"{p.field}: {p.message_es}" for p in problems),
                "The inspection cannot be closed: "
                + "; ".join(f"{p.field}: {p.message_en}" for p in problems),
            )
        missing = missing_findings(inspection)
        if missing:
            labels = [inspection.form.field(name) for name in missing]
            raise InvalidInput(
                "Falta el hallazgo con fecha límite de: "
                + "; ".join(f.label_es or f.name for f in labels),
                "A finding with a deadline is missing for: "
                + "; ".join(f.label_en or f.name for f in labels),
                hint_es="Agregue un hallazgo por cada punto que no cumple.",
                hint_en="Add one finding for every item that failed.",
            )
        outcome = forms.score(inspection.form, inspection.answers)
        if result is None:
            result = "no_cumple" if outcome.failed_items else "cumple"
        if result not in RESULTS:
            raise InvalidInput(f"Resultado desconocido «{result}».", f"Unknown result “{result}”.")
        if result == "cumple" and outcome.failed_items:
            raise InvalidInput(
                "No puede cerrarse como «Cumple» con puntos que no cumplen.",
                "It cannot be closed as “Complies” with items that failed.",
                hint_es="Elija «Cumple con observaciones» o «No cumple».",
                hint_en="Choose “Complies with observations” or “Does not comply”.",
            )
        now = utc_now()
        summary = findings_summary(inspection.findings) or "Sin observaciones."
        closing = {
            "status": protocol.CLOSED_INSPECTION,
            "result": result,
            "findings": summary,
            "closed_at": now,
        }
        _update(db, actor, inspection_id, closing, now=now, action="inspections.close")
        case_status = _move_case(store, actor, inspection, result)
    return Closed(outcome, result, case_status)


def amend(
    store: Store,
    actor: Actor,
    inspection_id: str,
    field: str,
    value: Any,
    reason: str,
) -> str:
    """Record a correction to a closed inspection as a new audited amendment row.

    Raises:
        InvalidInput: the inspection is still open (edit it instead), no reason, unknown field,
            or a value that does not fit. Nothing is written.
    """
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Una corrección necesita su motivo.", "A correction needs its reason.")
    with store.write() as db:
        inspection = load_inspection(store, inspection_id)
        if not inspection.is_closed:
            raise InvalidInput(
                "La inspección sigue abierta: corrija la respuesta directamente.",
                "The inspection is still open: change the answer directly.",
            )
        spec = inspection.form.field(field)
        stored = forms.coerce_answer(spec, value)
        if spec.type in ATTACHMENT_TYPES and stored is not None:
            _require_attachment(db, stored)
        old = effective_answers(inspection).get(field)
        row: dict[str, Any] = {
            "id": uuid7(),
            "inspection_id": inspection_id,
            "field": field,
            "old_value": None if old is None else json.dumps(old, ensure_ascii=False),
            "new_value": None if stored is None else json.dumps(stored, ensure_ascii=False),
            "reason": reason,
            "user_id": actor.user_id,
            "device_id": actor.device_id,
            "at": utc_now(),
        }
        db.table("inspection_amendments").insert(row)
        record_change(db, actor, "inspection_amendments", row["id"], "insert", row)
    return str(row["id"])
