"""Exporting a list of cases (the backlog's current view) to CSV or XLSX, or printing it (PDF).

:func:`export_cases` takes a :class:`~desktop.store.cases.CaseQuery` (the view), or rowids or
ids (a selection), and writes the cases in that order: CSV as UTF-8 with a BOM and commas, so
Excel in es-MX opens accents and columns right; XLSX with real date cells. The headers are ones
:mod:`desktop.core.imports` recognises, so an export imports again. Text that a spreadsheet
would run as a formula is neutralised (CSV injection).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop.core.dates import format_date
from desktop.core.ids import uuid7
from desktop.core.sheets import column_letter
from desktop.errors import InvalidInput
from desktop.store.cases import CaseQuery, case_rowids

ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]


# (field key, Spanish header, English header): the headers are aliases the importer knows.
EXPORT_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("folio", "Folio", "Folio"),
    ("status", "Estado", "Status"),
    ("received_date", "Fecha de recepción", "Received date"),
    ("due_date", "Fecha límite", "Due date"),
    ("business_name", "Establecimiento", "Business"),
    ("owner_name", "Titular", "Owner"),
    ("address", "Domicilio", "Address"),
    ("colonia", "Colonia", "Neighborhood"),
    ("scian_code", "Código SCIAN", "SCIAN code"),
    ("scian_description", "Giro", "Activity"),
    ("risk_level", "Nivel de riesgo", "Risk level"),
    ("phone", "Teléfono", "Phone"),
    ("procedure_type", "Tipo de trámite", "Procedure type"),
    ("assignee", "Asignado a", "Assigned to"),
    ("missing_documents", "Documentos faltantes", "Missing documents"),
)
_EXPORT_SQL = (
    "SELECT c.{key}, c.folio, c.status, c.received_date, c.due_date, b.name, b.owner_name, "
    "b.address, b.colonia, b.scian_code, b.scian_description, b.risk_level, b.phone, "
    "c.procedure_type, coalesce(u.username, ''), c.missing_documents "
    "FROM permit_cases c JOIN businesses b ON b.id = c.business_id "
    "LEFT JOIN users u ON u.id = c.assignee_id WHERE c.{key} IN ({marks})"
)
_FORMULA_START = ("=", "+", "@", "-")


@dataclass(frozen=True)
class ExportReport:
    """Where the export went and how many cases it holds (0 and ``cancelled`` if cancelled)."""

    path: Path
    rows: int
    cancelled: bool = False


def _export_rows(
    db: Database, selection: CaseQuery | Sequence[int] | Sequence[str]
) -> tuple[str, list[Any]]:
    if isinstance(selection, CaseQuery):
        return "rowid", list(case_rowids(db, selection))
    keys = list(selection)
    if keys and isinstance(keys[0], str):
        return "id", keys
    return "rowid", keys


def _iter_export(
    db: Database, key: str, keys: list[Any], step: int = 500
) -> Iterator[tuple[Any, ...]]:
    """The export rows of ``keys`` (rowids or ids), in their order; unknown keys are skipped."""
    for start in range(0, len(keys), step):
        chunk = keys[start : start + step]
        sql = _EXPORT_SQL.format(key=key, marks=",".join("?" * len(chunk)))
        rows = {r[0]: r[1:] for r in db.execute(sql, chunk)}
        for k in chunk:
            if k in rows:
                yield rows[k]


def _safe_text(value: str) -> str:
    """Text that a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) and not value[1:2].isdigit() else value


def export_cases(
    db: Database,
    path: Path | str,
    selection: CaseQuery | Sequence[int] | Sequence[str],
    *,
    lang: str = "es",
    on_progress: ProgressCallback | None = None,
    is_cancelled: CancelCheck | None = None,
) -> ExportReport:
    """Write the selected cases, in the given order, to ``path`` (``.csv`` or ``.xlsx``).

    Args:
        selection: a query (the current view), or the cases' rowids or ids.

    The file is written to a temporary name and renamed at the end: a failed or cancelled
    export leaves no half-written file.

    Raises:
        InvalidInput: the extension is neither .csv nor .xlsx, or the file cannot be written
            (missing or read-only folder, disk full); nothing is left behind.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".pdf"):
        raise InvalidInput(
            "Exporte a un archivo .csv o .xlsx, o imprima a .pdf.",
            "Export to a .csv or .xlsx file, or print to .pdf.",
        )
    key, keys = _export_rows(db, selection)
    headers = [es if not lang.startswith("en") else en for _, es, en in EXPORT_COLUMNS]
    total = len(keys)
    step = max(1, total // 100)
    # A hidden name beside the target (same file system, so the rename is atomic); created
    # with open() rather than mkstemp so the file gets the user's usual permissions.
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{uuid7()[-12:]}.part")
    try:
        tmp.touch(exist_ok=False)  # a missing or read-only folder fails here, before any work
    except OSError as exc:
        raise InvalidInput(
            f"No se puede escribir en {path.parent}: {exc}",
            f"Cannot write to {path.parent}: {exc}",
        ) from None
    done = 0

    cancelled = False

    def rows() -> Iterator[tuple[Any, ...]]:
        # Cancelling ends the rows early (the writer finishes normally), then the file goes.
        nonlocal done, cancelled
        for row in _iter_export(db, key, keys):
            if is_cancelled is not None and is_cancelled():
                cancelled = True
                return
            yield row
            done += 1
            if on_progress is not None and (done % step == 0 or done == total):
                on_progress(done, total)

    try:
        if suffix == ".csv":
            _write_csv(tmp, headers, rows())
        elif suffix == ".pdf":
            _write_pdf(tmp, headers, rows(), lang)
        else:
            _write_xlsx(tmp, headers, rows())
        if cancelled:
            tmp.unlink(missing_ok=True)
            return ExportReport(path, 0, cancelled=True)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InvalidInput(
            f"No se pudo escribir {path}: {exc}", f"Could not write {path}: {exc}"
        ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return ExportReport(path, done)


# Status names on the printed list (the CSV/XLSX keep the codes, which import again).
STATUS_NAMES: dict[str, tuple[str, str]] = {
    "recibido": ("Recibido", "Received"),
    "en_revision": ("En revisión", "In review"),
    "requiere_documentos": ("Requiere documentos", "Documents required"),
    "inspeccion_programada": ("Inspección programada", "Inspection scheduled"),
    "inspeccionado": ("Inspeccionado", "Inspected"),
    "con_observaciones": ("Con observaciones", "With observations"),
    "aprobado": ("Aprobado", "Approved"),
    "emitido": ("Emitido", "Issued"),
    "entregado": ("Entregado", "Delivered"),
    "rechazado": ("Rechazado", "Rejected"),
    "cancelado": ("Cancelado", "Cancelled"),
}


def _write_pdf(path: Path, headers: list[str], rows: Iterator[tuple[Any, ...]], lang: str) -> None:
    from desktop.print.case_list import render_case_list

    english = lang.startswith("en")

    def labelled() -> Iterator[tuple[Any, ...]]:
        for r in rows:
            names = STATUS_NAMES.get(r[1])
            yield (r[0], names[english] if names else r[1], *r[2:])

    today = format_date(dt.date.today())
    render_case_list(
        path,
        headers,
        labelled(),
        title="Expedientes" if not english else "Permit cases",
        subtitle="Protección Civil — lista para imprimir"
        if not english
        else "Protección Civil — printable list",
        footer=f"Verifica · {today}",
    )


def _write_csv(path: Path, headers: list[str], rows: Iterator[tuple[Any, ...]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(headers)
        for r in rows:
            values = list(r)
            for i in (2, 3):
                values[i] = format_date(dt.date.fromisoformat(values[i])) if values[i] else ""
            writer.writerow([_safe_text(v) if isinstance(v, str) else v for v in values])


def _write_xlsx(path: Path, headers: list[str], rows: Iterator[tuple[Any, ...]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Expedientes")
    sheet.freeze_panes = "A2"
    widths = (18, 22, 14, 14, 40, 32, 40, 22, 10, 40, 10, 14, 24, 16, 10)
    for i, width in enumerate(widths):
        sheet.column_dimensions[column_letter(i)].width = width
    bold = Font(bold=True)
    header_cells = []
    for h in headers:
        cell = WriteOnlyCell(sheet, value=h)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for r in rows:
        cells = []
        for i, value in enumerate(r):
            if i in (2, 3) and value:
                cell = WriteOnlyCell(sheet, value=dt.date.fromisoformat(value))
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # never a formula, whatever the text starts with
            else:
                cell = WriteOnlyCell(sheet, value=value)
            cells.append(cell)
        sheet.append(cells)
    workbook.save(path)
