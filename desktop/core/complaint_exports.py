"""Export of complaints for the Contraloría (CSV or XLSX), with or without personal data.

Only comptrollers and administrators may export (the same rule as reading); the export itself is
written to the audit chain. Contact data follows the reading rule too: it is filled in only for
complaints assigned to the person exporting. Without personal data there are no contact columns
at all, and phone numbers, e-mail addresses and the complainant's name are blanked out of the
free text, where people often type them.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.complaints import (
    FLAG_NAMES,
    KINDS,
    REDACTED,
    SOURCES,
    STATUS_NAMES,
    list_complaints,
    require_reader,
)
from desktop.core.users import User
from desktop.errors import InvalidInput
from desktop.store.changes import append_audit
from desktop.store.db import Store

HEADERS = [
    "Folio",
    "Fecha de recepción",
    "Tipo",
    "Estado",
    "Origen",
    "Fecha de los hechos",
    "Lugar",
    "Inspector",
    "Establecimiento",
    "Investiga",
    "Fecha límite",
    "Señales",
    "Descripción",
    "Respuesta pública",
]
CONTACT_HEADERS = ["Anónima", "Nombre de contacto", "Teléfono", "Correo"]
OMITTED = "[dato omitido]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Seven or more digits, possibly split by spaces, dots, dashes or parentheses.
_PHONE = re.compile(r"\+?\(?\d(?:[\s().-]*\d){6,}")


@dataclass(frozen=True)
class ComplaintExport:
    path: Path
    rows: int
    personal_data: bool


def scrub(text: str, names: list[str]) -> str:
    """``text`` without e-mail addresses, phone numbers or any of ``names``."""
    text = _EMAIL.sub(OMITTED, text)
    text = _PHONE.sub(OMITTED, text)
    for name in names:
        if name.strip():
            text = re.sub(re.escape(name.strip()), OMITTED, text, flags=re.IGNORECASE)
    return text


def _safe(value: Any) -> Any:
    # A cell starting with = + - @ is a formula in a spreadsheet: neutralise it.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def export_complaints(
    store: Store,
    user: User,
    path: Path,
    *,
    since: dt.date | None = None,
    personal_data: bool = True,
) -> ComplaintExport:
    """Write complaints received on or after ``since`` to ``path`` (``.csv`` or ``.xlsx``).

    Raises:
        NotAllowed: not Contraloría or administrator.
        InvalidInput: another file extension.
    """
    require_reader(user)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidInput(
            "El archivo de salida debe terminar en .csv o .xlsx.",
            "The output file must end in .csv or .xlsx.",
        )
    summaries = [
        s
        for s in list_complaints(store, user)
        if since is None or s.created_at[:10] >= since.isoformat()
    ]
    summaries.reverse()  # oldest first, as a register reads
    headers = HEADERS + (CONTACT_HEADERS if personal_data else [])
    investigators = {
        str(r[0]): str(r[1]) for r in store.db.execute("SELECT id, display_name FROM users")
    }
    rows: list[list[Any]] = []
    for s in summaries:
        full = store.db.execute(
            "SELECT occurred_at, location, description, public_response, anonymous, "
            "contact_name, contact_phone, contact_email FROM complaints WHERE id = ?",
            [s.id],
        ).fetchone()
        occurred, location, description, response, anonymous, name, phone, email = full
        if not personal_data:
            description = scrub(description, [name])
            response = scrub(response, [name])
            location = scrub(location, [name])
        row: list[Any] = [
            s.folio,
            s.created_at[:10],
            KINDS.get(s.kind, (s.kind,))[0],
            STATUS_NAMES.get(s.status, (s.status,))[0],
            SOURCES.get(s.source, (s.source,))[0],
            occurred or "",
            location,
            s.inspector_name,
            s.business_name,
            investigators.get(s.investigator_id or "", ""),
            s.due_date or "",
            "; ".join(FLAG_NAMES[f][0] for f in s.flags),
            description,
            response,
        ]
        if personal_data:
            mine = s.investigator_id == user.id

            def shown(value: str, mine: bool = mine) -> str:
                return value if mine or not value else REDACTED

            row += ["sí" if anonymous else "no", shown(name), shown(phone), shown(email)]
        rows.append([_safe(v) for v in row])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    try:
        if suffix == ".csv":
            with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
                writer = csv.writer(f)
                writer.writerow(headers)
                writer.writerows(rows)
        else:
            _write_xlsx(tmp, headers, rows)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    with store.write() as db:
        append_audit(
            db,
            store.actor(user.id),
            "complaints.export",
            "complaints",
            "",
            {
                "rows": len(rows),
                "personal_data": personal_data,
                "since": since.isoformat() if since else None,
            },
        )
    return ComplaintExport(path, len(rows), personal_data)


def _write_xlsx(path: Path, headers: list[str], rows: list[list[Any]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Denuncias")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for h in headers:
        cell = WriteOnlyCell(sheet, value=h)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for r in rows:
        cells = []
        for value in r:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula
            cells.append(cell)
        sheet.append(cells)
    workbook.save(path)
