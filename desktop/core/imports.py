"""Importing the permit backlog from CSV and XLSX spreadsheets, all or nothing.

The import is three steps, so the dialog can show each one and the CLI can run them in a row:

1. :func:`read_sheet` reads a CSV or XLSX file (:mod:`desktop.core.sheets`) into a
   :class:`~desktop.core.sheets.Sheet`: headers plus non-blank rows, each with its row number in
   the file (what Excel shows beside it).
2. A :class:`ColumnMapping` says which file column feeds each of our fields (:data:`FIELDS`);
   :func:`guess_mapping` proposes one from the headers, ignoring accents, case, spaces and
   underscores ("Fecha de recepción", "FECHA_RECEPCION"). Mappings are JSON and round-trip;
   the dialog remembers the last one (:func:`remember_mapping`) and can save named ones.
3. :func:`validate` checks every row and returns an :class:`ImportPlan`: the clean records, and
   one :class:`RowError` per refused value (file row, column, reason) — missing required value,
   unreadable/impossible/ambiguous/future date, duplicate folio in the file or already in the
   database, unknown risk level, procedure type or assignee — plus file-level errors (a required
   column that is missing). :func:`apply_import` then writes **all or nothing**: it refuses a
   plan with any error, and otherwise creates every business and case (through the use-cases
   in :mod:`desktop.core.permits`, each a savepoint) in one transaction, reporting progress and
   rolling everything back if cancelled.

Exporting a view lives in :mod:`desktop.core.exports`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop.core import deadlines, notes, permits, sheets
from desktop.core.dates import (
    DateRefused,
    format_date,
    is_day_month_ambiguous,
    looks_month_first,
    parse_date,
)
from desktop.core.ids import utc_now, uuid7
from desktop.core.sheets import Sheet, SheetRow, normalise_header
from desktop.errors import InvalidInput, Problem
from desktop.store.changes import append_audit, record_change
from desktop.store.db import Actor, Store

ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]

MAX_TEXT = 500
EARLIEST_RECEIVED = dt.date(1990, 1, 1)
LAST_MAPPING_SETTING = "imports.last_mapping"


# -- our fields -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A field a file column can feed; ``aliases`` are header spellings we recognise."""

    key: str
    label_es: str
    label_en: str
    required: bool = False
    aliases: tuple[str, ...] = ()

    def label(self, lang: str = "es") -> str:
        return self.label_en if lang.startswith("en") else self.label_es


FIELDS: tuple[Field, ...] = (
    Field("folio", "Folio", "Folio", True, (
        "folio", "no folio", "num folio", "numero folio", "folio expediente", "expediente",
        "no expediente", "num expediente", "numero expediente", "clave expediente",
        "case number", "file number",
    )),
    Field("received_date", "Fecha de recepción", "Received date", True, (
        "fecha recepcion", "fecha recibido", "recibido", "fecha ingreso", "ingreso",
        "fecha solicitud", "fecha entrada", "fecha expediente", "fecha", "received date",
        "received", "date",
    )),
    Field("business_name", "Establecimiento", "Business", True, (
        "establecimiento", "nombre establecimiento", "nombre comercial", "negocio",
        "nombre negocio", "razon social", "denominacion", "denominacion razon social",
        "business", "business name",
    )),
    Field("owner_name", "Titular", "Owner", False, (
        "titular", "propietario", "nombre propietario", "nombre titular", "solicitante",
        "representante legal", "contribuyente", "owner", "owner name",
    )),
    Field("address", "Domicilio", "Address", False, (
        "domicilio", "direccion", "domicilio establecimiento", "calle", "ubicacion", "address",
    )),
    Field("colonia", "Colonia", "Colonia", False, (
        "colonia", "col", "fraccionamiento", "supermanzana", "sm", "colonia sm",
        "neighborhood", "neighbourhood",
    )),
    Field("scian_code", "Código SCIAN", "SCIAN code", False, (
        "codigo scian", "clave scian", "scian", "clase scian", "scian code",
    )),
    Field("scian_description", "Giro", "Activity", False, (
        "giro", "giro comercial", "actividad", "actividad economica", "descripcion scian",
        "descripcion giro", "activity",
    )),
    Field("risk_level", "Nivel de riesgo", "Risk level", False, (
        "nivel riesgo", "riesgo", "grado riesgo", "clasificacion riesgo", "risk level", "risk",
    )),
    Field("phone", "Teléfono", "Phone", False, (
        "telefono", "tel", "celular", "telefono contacto", "numero telefono", "phone",
    )),
    Field("procedure_type", "Tipo de trámite", "Procedure type", False, (
        "tipo tramite", "tramite", "procedimiento", "tipo procedimiento", "procedure type",
    )),
    Field("assignee", "Asignado a", "Assigned to", False, (
        "asignado a", "asignado", "responsable", "usuario asignado", "usuario",
        "assigned to", "assignee",
    )),
    Field("notes", "Observaciones", "Notes", False, (
        "observaciones", "notas", "comentarios", "nota", "notes", "remarks",
    )),
)  # fmt: skip
FIELD_BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}
REQUIRED_FIELDS = tuple(f.key for f in FIELDS if f.required)

RISK_WORDS: dict[str, str] = {
    "bajo": "bajo", "baja": "bajo", "bajo riesgo": "bajo", "riesgo bajo": "bajo", "b": "bajo",
    "low": "bajo", "medio": "medio", "media": "medio", "mediano": "medio", "moderado": "medio",
    "medio riesgo": "medio", "riesgo medio": "medio", "mediano riesgo": "medio", "m": "medio",
    "medium": "medio", "alto": "alto", "alta": "alto", "alto riesgo": "alto",
    "riesgo alto": "alto", "a": "alto", "high": "alto",
}  # fmt: skip

# Aliases too generic to match inside a longer header ("Fecha límite" is not the received date).
_EXACT_ONLY = frozenset({"fecha", "date", "nombre", "tramite", "usuario", "numero", "recibido"})
_KNOWN_HEADERS = frozenset(normalise_header(a) for f in FIELDS for a in f.aliases)


def read_sheet(path: Path | str, *, sheet_name: str | None = None) -> Sheet:
    """Read a CSV or XLSX file (see :mod:`desktop.core.sheets`), finding the header row by our
    fields' header names.

    Raises:
        InvalidInput: the file is missing, empty, of another kind, malformed or too big.
    """
    return sheets.read_sheet(path, sheet_name=sheet_name, known_headers=_KNOWN_HEADERS)


# -- the column mapping ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnMapping:
    """Which file column (by header) feeds each field (by :attr:`Field.key`)."""

    columns: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {"version": 1, "columns": dict(sorted(self.columns.items()))},
            ensure_ascii=False,
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> ColumnMapping:
        """Parse a mapping written by :meth:`to_json` (or by hand: ``{"columns": {...}}``).

        Raises:
            InvalidInput: not JSON, or unknown fields / non-text headers in it.
        """
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise _bad_mapping(f"no es JSON ({exc})", f"not JSON ({exc})") from None
        columns = data.get("columns") if isinstance(data, dict) else None
        if not isinstance(columns, dict):
            raise _bad_mapping("falta el objeto «columns»", "the 'columns' object is missing")
        unknown = sorted(k for k in columns if k not in FIELD_BY_KEY)
        if unknown:
            raise _bad_mapping(
                f"campos desconocidos: {', '.join(unknown)}",
                f"unknown fields: {', '.join(unknown)}",
            )
        if not all(isinstance(v, str) and v.strip() for v in columns.values()):
            raise _bad_mapping(
                "cada campo debe apuntar al nombre de una columna",
                "each field must name a column",
            )
        return cls({k: v.strip() for k, v in columns.items()})

    @classmethod
    def load(cls, path: Path | str) -> ColumnMapping:
        """Read a mapping JSON file."""
        path = Path(path)
        try:
            return cls.from_json(path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise _bad_mapping(str(exc), str(exc)) from None

    def save(self, path: Path | str) -> None:
        Path(path).write_text(self.to_json() + "\n", encoding="utf-8")


def _bad_mapping(es: str, en: str) -> InvalidInput:
    return InvalidInput(f"Mapeo de columnas no válido: {es}", f"Invalid column mapping: {en}")


def guess_mapping(headers: Sequence[str]) -> ColumnMapping:
    """Propose a mapping from header names (accents, case, spaces and ``_`` ignored).

    Exact alias matches win over "header contains the alias" matches; earlier aliases win over
    later ones; each header feeds at most one field.
    """
    normalised = [normalise_header(h) for h in headers]
    candidates: list[tuple[int, int, int, str, str]] = []
    for f_index, f in enumerate(FIELDS):
        for a_index, raw_alias in enumerate(f.aliases):
            alias = normalise_header(raw_alias)
            inside = len(alias) >= 5 and alias not in _EXACT_ONLY
            for h_index, norm in enumerate(normalised):
                if norm == alias:
                    candidates.append((0, a_index, f_index, f.key, headers[h_index]))
                elif inside and re.search(rf"\b{re.escape(alias)}\b", norm):
                    candidates.append((1, a_index, f_index, f.key, headers[h_index]))
    columns: dict[str, str] = {}
    used: set[str] = set()
    for _, _, _, key, header in sorted(candidates):
        if key in columns or header in used:
            continue
        columns[key] = header
        used.add(header)
    return ColumnMapping({k: columns[k] for k in FIELD_BY_KEY if k in columns})


def remember_mapping(store: Store, mapping: ColumnMapping) -> None:
    """Keep ``mapping`` as this device's last used one (a setting; not synced)."""
    store.set_setting(LAST_MAPPING_SETTING, mapping.to_json())


def remembered_mapping(store: Store) -> ColumnMapping | None:
    """The last mapping used on this device, if any."""
    text = store.get_setting(LAST_MAPPING_SETTING)
    if not text:
        return None
    try:
        return ColumnMapping.from_json(text)
    except InvalidInput:
        return None


def save_mapping(store: Store, actor: Actor, name: str, mapping: ColumnMapping) -> None:
    """Save ``mapping`` under ``name`` (replacing one of the same name)."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("El mapeo necesita un nombre.", "The mapping needs a name.")
    now = utc_now()
    with store.write() as db:
        old = db.execute("SELECT created_at FROM import_mappings WHERE name = ?", [name]).fetchone()
        row = {
            "name": name,
            "mapping": mapping.to_json(),
            "created_at": old[0] if old else now,
            "updated_at": now,
        }
        db.table("import_mappings").upsert(row, pk="name")
        record_change(db, actor, "import_mappings", name, "update" if old else "insert", row)


def load_mapping(db: Database, name: str) -> ColumnMapping:
    """A mapping saved with :func:`save_mapping`.

    Raises:
        InvalidInput: no mapping with that name.
    """
    row = db.execute("SELECT mapping FROM import_mappings WHERE name = ?", [name]).fetchone()
    if row is None:
        raise InvalidInput(f"No hay un mapeo llamado «{name}».", f"No mapping named '{name}'.")
    return ColumnMapping.from_json(row[0])


def mapping_names(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT name FROM import_mappings ORDER BY name")]


# -- validation -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """A refused value: ``row`` is the file row (``None`` for the file as a whole)."""

    row: int | None
    column: str
    es: str
    en: str

    def text(self, lang: str = "es") -> str:
        english = lang.startswith("en")
        reason = self.en if english else self.es
        if self.row is None:
            where = "file" if english else "archivo"
            return f"{where}, {'column' if english else 'columna'} {self.column}: {reason}"
        if english:
            return f"row {self.row}, column {self.column}: {reason}"
        return f"fila {self.row}, columna {self.column}: {reason}"


@dataclass(frozen=True)
class CaseRecord:
    """One valid row, ready to become a business and a case."""

    row: int
    folio: str
    received_date: dt.date
    business_name: str
    owner_name: str = ""
    address: str = ""
    colonia: str = ""
    scian_code: str = ""
    scian_description: str = ""
    risk_level: str = "bajo"
    phone: str = ""
    procedure_type: str = deadlines.DEFAULT_PROCEDURE_TYPE
    assignee_id: str | None = None
    notes: str = ""


@dataclass(frozen=True)
class ImportPlan:
    """The outcome of :func:`validate`: records to write, or the errors that forbid it."""

    sheet: str
    mapping: ColumnMapping
    rows_read: int
    records: tuple[CaseRecord, ...]
    errors: tuple[RowError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def refused_rows(self) -> int:
        return len({e.row for e in self.errors if e.row is not None})

    def error_lines(self, lang: str = "es") -> list[str]:
        return [e.text(lang) for e in self.errors]


def _text(value: Any) -> str:
    """A cell as text; whole numbers lose their ``.0`` (Excel stores 123 as 123.0)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


class _RowCheck:
    """Collects one row's values and errors."""

    def __init__(self, row: SheetRow, index: dict[str, int], headers: Sequence[str]) -> None:
        self.row = row
        self.index = index
        self.headers = headers
        self.errors: list[RowError] = []

    def raw(self, key: str) -> Any:
        i = self.index.get(key)
        return "" if i is None else self.row.values[i]

    def text(self, key: str) -> str:
        value = _text(self.raw(key))
        if len(value) > MAX_TEXT:
            self.fail(
                key,
                f"texto demasiado largo ({len(value)} caracteres; máximo {MAX_TEXT})",
                f"text too long ({len(value)} characters; at most {MAX_TEXT})",
            )
            return value[:MAX_TEXT]
        return value

    def fail(self, key: str, es: str, en: str) -> None:
        self.errors.append(RowError(self.row.number, self.headers[self.index[key]], es, en))

    def required(self, key: str) -> str:
        value = self.text(key)
        if key in self.index and not value:
            label = FIELD_BY_KEY[key]
            self.fail(
                key,
                f"falta {label.label_es.lower()} (obligatorio)",
                f"{label.label_en.lower()} is missing (required)",
            )
        return value


@dataclass
class _Lookups:
    """What validation needs from the database, read once."""

    procedure_types: dict[str, str]  # normalised code or name -> code
    # user name (lower case) or normalised display name -> (id, active, role)
    users: dict[str, tuple[str, bool, str]]
    ambiguous_users: set[str]


def _lookups(db: Database) -> _Lookups:
    types: dict[str, str] = {}
    for code, name in db.execute("SELECT code, name FROM procedure_types WHERE active = 1"):
        types[normalise_header(code)] = code
        types[normalise_header(name)] = code
    users: dict[str, tuple[str, bool, str]] = {}
    ambiguous: set[str] = set()
    for uid, username, display, active, role in db.execute(
        "SELECT id, username, display_name, active, role FROM users"
    ):
        users[username.lower()] = (uid, bool(active), role)
        key = normalise_header(display)
        if key in users and users[key][0] != uid:
            ambiguous.add(key)
        users.setdefault(key, (uid, bool(active), role))
    return _Lookups(types, users, ambiguous)


def _existing_folios(db: Database, folios: Sequence[str]) -> set[str]:
    found: set[str] = set()
    unique = sorted(set(folios))
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found |= {
            r[0]
            for r in db.execute(f"SELECT folio FROM permit_cases WHERE folio IN ({marks})", chunk)
        }
    return found


def _file_errors(sheet: Sheet, mapping: ColumnMapping) -> tuple[list[RowError], dict[str, int]]:
    errors: list[RowError] = []
    index: dict[str, int] = {}
    position = {h: i for i, h in enumerate(sheet.headers)}
    by_header: dict[str, str] = {}
    for key, header in mapping.columns.items():
        f = FIELD_BY_KEY[key]
        if header not in position:
            errors.append(
                RowError(
                    None,
                    header,
                    f"la columna del mapeo para «{f.label_es}» no está en el archivo",
                    f"the mapping's column for '{f.label_en}' is not in the file",
                )
            )
        elif header in by_header:
            other = FIELD_BY_KEY[by_header[header]]
            errors.append(
                RowError(
                    None,
                    header,
                    f"la misma columna no puede alimentar «{other.label_es}» y «{f.label_es}»",
                    f"one column cannot feed both '{other.label_en}' and '{f.label_en}'",
                )
            )
        else:
            by_header[header] = key
            index[key] = position[header]
    for key in REQUIRED_FIELDS:
        if key not in mapping.columns:
            f = FIELD_BY_KEY[key]
            errors.append(
                RowError(
                    None,
                    f.label_es,
                    "falta la columna obligatoria; agréguela al archivo o asígnela en el mapeo",
                    "the required column is missing; add it to the file or map it",
                )
            )
    return errors, index


def validate(
    db: Database,
    sheet: Sheet,
    mapping: ColumnMapping | None = None,
    *,
    today: dt.date | None = None,
) -> ImportPlan:
    """Check every row of ``sheet`` against ``mapping`` (default: :func:`guess_mapping`).

    Nothing is written. Every problem is reported, not just the first.
    """
    mapping = mapping if mapping is not None else guess_mapping(sheet.headers)
    today = today or dt.date.today()
    errors, index = _file_errors(sheet, mapping)
    file_ok = not errors  # rows are still checked, but no record is built without every column
    lookups = _lookups(db)
    checks: list[tuple[_RowCheck, dict[str, Any]]] = []

    date_col = index.get("received_date")
    month_first_row = None
    if date_col is not None:
        month_first_row = next(
            (r.number for r in sheet.rows if looks_month_first(r.values[date_col])), None
        )

    first_row_of: dict[str, int] = {}
    for sheet_row in sheet.rows:
        check = _RowCheck(sheet_row, index, sheet.headers)
        values: dict[str, Any] = {}
        folio = check.required("folio")
        if folio:
            if folio in first_row_of:
                check.fail(
                    "folio",
                    f"folio repetido «{folio}» (ya está en la fila {first_row_of[folio]})",
                    f"duplicate folio '{folio}' (already in row {first_row_of[folio]})",
                )
            else:
                first_row_of[folio] = sheet_row.number
        values["folio"] = folio
        values["received_date"] = _check_date(check, today, month_first_row)
        values["business_name"] = check.required("business_name")
        for key in ("owner_name", "address", "colonia", "scian_description", "notes"):
            values[key] = check.text(key)
        values["phone"] = check.text("phone")
        values["scian_code"] = _check_scian(check)
        values["risk_level"] = _check_risk(check)
        values["procedure_type"] = _check_procedure(check, lookups)
        values["assignee_id"] = _check_assignee(check, lookups)
        checks.append((check, values))

    existing = _existing_folios(db, list(first_row_of))
    records: list[CaseRecord] = []
    for check, values in checks:
        folio = values["folio"]
        if folio in existing and first_row_of.get(folio) == check.row.number:
            check.fail(
                "folio",
                f"el folio «{folio}» ya existe en la base de datos",
                f"folio '{folio}' already exists in the database",
            )
        if check.errors:
            errors.extend(check.errors)
        elif file_ok:
            records.append(CaseRecord(row=check.row.number, **values))
    ordered = sorted(errors, key=lambda e: (e.row is not None, e.row or 0))
    return ImportPlan(sheet.name, mapping, len(sheet.rows), tuple(records), tuple(ordered))


def _check_date(check: _RowCheck, today: dt.date, month_first_row: int | None) -> dt.date | None:
    key = "received_date"
    raw = check.raw(key)
    if key not in check.index:
        return None
    if raw == "":
        check.required(key)
        return None
    if month_first_row is not None and is_day_month_ambiguous(raw):
        check.fail(
            key,
            f"fecha ambigua «{raw}»: el archivo también tiene fechas mes/día (fila "
            f"{month_first_row}); escríbala como dd/mm/aaaa o aaaa-mm-dd",
            f"ambiguous date '{raw}': the file also has month/day dates (row "
            f"{month_first_row}); write it as dd/mm/yyyy or yyyy-mm-dd",
        )
        return None
    try:
        day = parse_date(raw)
    except DateRefused as exc:
        check.fail(key, exc.es, exc.en)
        return None
    if day > today:
        check.fail(
            key,
            f"fecha futura {format_date(day)} (hoy es {format_date(today)})",
            f"future date {day.isoformat()} (today is {today.isoformat()})",
        )
        return None
    if day < EARLIEST_RECEIVED:
        check.fail(
            key,
            f"fecha improbable {format_date(day)} (anterior a {EARLIEST_RECEIVED.year})",
            f"implausible date {day.isoformat()} (before {EARLIEST_RECEIVED.year})",
        )
        return None
    return day


def _check_scian(check: _RowCheck) -> str:
    code = check.text("scian_code")
    if code and not re.fullmatch(r"\d{2,6}", code):
        check.fail(
            "scian_code",
            f"código SCIAN no válido «{code}» (de 2 a 6 dígitos)",
            f"invalid SCIAN code '{code}' (2 to 6 digits)",
        )
    return code


def _check_risk(check: _RowCheck) -> str:
    raw = check.text("risk_level")
    if not raw:
        return "bajo"
    risk = RISK_WORDS.get(normalise_header(raw))
    if risk is None:
        check.fail(
            "risk_level",
            f"nivel de riesgo desconocido «{raw}» (bajo, medio o alto)",
            f"unknown risk level '{raw}' (bajo, medio or alto)",
        )
        return "bajo"
    return risk


def _check_procedure(check: _RowCheck, lookups: _Lookups) -> str:
    raw = check.text("procedure_type")
    if not raw:
        return deadlines.DEFAULT_PROCEDURE_TYPE
    code = lookups.procedure_types.get(normalise_header(raw))
    if code is None:
        known = ", ".join(sorted(set(lookups.procedure_types.values())))
        check.fail(
            "procedure_type",
            f"tipo de trámite desconocido «{raw}» (use: {known})",
            f"unknown procedure type '{raw}' (use: {known})",
        )
        return deadlines.DEFAULT_PROCEDURE_TYPE
    return code


def _check_assignee(check: _RowCheck, lookups: _Lookups) -> str | None:
    raw = check.text("assignee")
    if not raw:
        return None
    key = raw.lower() if raw.lower() in lookups.users else normalise_header(raw)
    found = lookups.users.get(key)
    if found is None or key in lookups.ambiguous_users:
        check.fail(
            "assignee",
            f"usuario desconocido «{raw}» (escriba su nombre de usuario)",
            f"unknown user '{raw}' (write their user name)",
        )
        return None
    uid, active, role = found
    if not active:
        check.fail("assignee", f"el usuario «{raw}» está inactivo", f"user '{raw}' is inactive")
    elif role == "kiosk":
        check.fail(
            "assignee",
            f"«{raw}» es una cuenta de quiosco; no puede tener expedientes",
            f"'{raw}' is a kiosk account; it cannot be assigned cases",
        )
    return uid


# -- writing --------------------------------------------------------------------------------------


class _Cancelled(Exception):
    """Raised inside the write transaction to roll it back."""


@dataclass(frozen=True)
class ImportReport:
    """What an import did: ``imported`` is 0 unless every row was valid and it was not
    cancelled or a dry run."""

    file: str
    rows_read: int
    imported: int
    errors: tuple[RowError, ...]
    mapping: ColumnMapping
    dry_run: bool = False
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not self.cancelled

    @property
    def refused_rows(self) -> int:
        return len({e.row for e in self.errors if e.row is not None})

    def lines(self, lang: str = "es") -> list[str]:
        """A report for people: counts, then one line per refused value."""
        en = lang.startswith("en")
        out = [
            f"{'File' if en else 'Archivo'}: {self.file}",
            f"{'Rows read' if en else 'Filas leídas'}: {self.rows_read}",
        ]
        if self.dry_run and not self.errors:
            out.append(
                f"Dry run: {self.rows_read} rows would be imported; nothing was written."
                if en
                else f"Prueba: se importarían {self.rows_read} filas; no se escribió nada."
            )
        elif self.cancelled:
            out.append(
                "Cancelled: nothing was written." if en else "Cancelado: no se escribió nada."
            )
        else:
            out.append(f"{'Imported' if en else 'Importadas'}: {self.imported}")
        if self.errors:
            rows, problems = self.refused_rows, len(self.errors)
            out.append(
                f"Rows refused: {rows}; problems: {problems}. Nothing was imported; fix them "
                "and import the file again."
                if en
                else f"Filas rechazadas: {rows}; problemas: {problems}. No se importó nada; "
                "corríjalos y vuelva a importar el archivo."
            )
            out += [e.text(lang) for e in self.errors]
        return out


def apply_import(
    store: Store,
    actor: Actor,
    plan: ImportPlan,
    *,
    on_progress: ProgressCallback | None = None,
    is_cancelled: CancelCheck | None = None,
) -> ImportReport:
    """Write a valid plan: every business and case, in one transaction.

    ``on_progress(done, total)`` is called about every 1% of the rows and at the end;
    ``is_cancelled()`` is checked before each row — when it returns true everything written so
    far is rolled back and the report says ``cancelled``.

    Raises:
        InvalidInput: the plan has errors (nothing is written), or a row was refused while
            writing (e.g. another device imported the same folio meanwhile; nothing is written).
    """
    if not plan.ok:
        raise InvalidInput(
            f"El archivo tiene {len(plan.errors)} problemas; no se importó nada.",
            f"The file has {len(plan.errors)} problems; nothing was imported.",
        )
    total = len(plan.records)
    step = max(1, total // 100)
    try:
        with store.write() as db:
            for done, record in enumerate(plan.records, start=1):
                if is_cancelled is not None and is_cancelled():
                    raise _Cancelled
                try:
                    _write_record(store, actor, record)
                except Problem as exc:
                    raise InvalidInput(
                        f"fila {record.row}: {exc.es} No se importó nada.",
                        f"row {record.row}: {exc.en} Nothing was imported.",
                    ) from exc
                if on_progress is not None and (done % step == 0 or done == total):
                    on_progress(done, total)
            append_audit(
                db,
                actor,
                "import.cases",
                "permit_cases",
                uuid7(),
                {"file": plan.sheet, "rows": total, "mapping": plan.mapping.columns},
            )
    except _Cancelled:
        return ImportReport(plan.sheet, plan.rows_read, 0, (), plan.mapping, cancelled=True)
    return ImportReport(plan.sheet, plan.rows_read, total, (), plan.mapping)


def _write_record(store: Store, actor: Actor, record: CaseRecord) -> None:
    business_id = permits.create_business(
        store,
        actor,
        name=record.business_name,
        owner_name=record.owner_name,
        address=record.address,
        colonia=record.colonia,
        scian_code=record.scian_code,
        scian_description=record.scian_description,
        risk_level=record.risk_level,
        phone=record.phone,
    )
    case_id = permits.create_case(
        store,
        actor,
        folio=record.folio,
        business_id=business_id,
        received_date=record.received_date,
        procedure_type=record.procedure_type,
        assignee_id=record.assignee_id,
    )
    if record.notes:
        notes.add_note(store, actor, case_id, record.notes)


def import_file(
    store: Store,
    actor: Actor,
    path: Path | str,
    mapping: ColumnMapping | None = None,
    *,
    dry_run: bool = False,
    today: dt.date | None = None,
    on_progress: ProgressCallback | None = None,
    is_cancelled: CancelCheck | None = None,
) -> ImportReport:
    """Read, validate and (unless ``dry_run`` or refused) import a file: the headless path.

    Raises:
        InvalidInput: the file cannot be read at all.
    """
    sheet = read_sheet(path)
    plan = validate(store.db, sheet, mapping, today=today)
    name = Path(path).name
    if not plan.ok or dry_run:
        return ImportReport(name, plan.rows_read, 0, plan.errors, plan.mapping, dry_run=dry_run)
    report = apply_import(store, actor, plan, on_progress=on_progress, is_cancelled=is_cancelled)
    return ImportReport(
        name, report.rows_read, report.imported, (), plan.mapping, cancelled=report.cancelled
    )
