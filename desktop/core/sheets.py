"""Reading spreadsheets: CSV and XLSX files as headers plus rows, with their row numbers.

CSV: the delimiter (``;``, ``,``, tab or ``|``, or Excel's ``sep=`` first line) is sniffed and
the encoding tried in order (UTF-16 by its BOM, UTF-8 with or without BOM, Windows-1252,
Latin-1). XLSX: the first sheet, through openpyxl in read-only mode, values as stored (dates as
``datetime``, numbers as numbers). Blank rows are skipped but counted, so each row keeps the
number Excel shows beside it.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.errors import InvalidInput

CSV_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
CSV_DELIMITERS = ";,\t|"
MAX_ROWS = 200_000
HEADER_SCAN_ROWS = 10

_STOPWORDS = frozenset({"de", "del", "la", "el", "los", "las", "y", "o", "a", "en", "por"})


def normalise_header(text: object) -> str:
    """Lower case, no accents, words only, without Spanish filler words: "FECHA_DE_RECEPCIÓN"
    and "Fecha de recepción" both become "fecha recepcion"."""
    decomposed = unicodedata.normalize("NFKD", str(text).lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", plain)
    kept = [w for w in words if w not in _STOPWORDS]
    return " ".join(kept or words)


@dataclass(frozen=True)
class SheetRow:
    """One non-blank row; ``number`` is its row in the file (the header row is usually 1)."""

    number: int
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Sheet:
    """A spreadsheet as read: headers (made unique) and its non-blank data rows."""

    name: str
    headers: tuple[str, ...]
    header_row: int
    rows: tuple[SheetRow, ...]
    encoding: str | None = None
    delimiter: str | None = None

    def preview(self, count: int = 20) -> list[SheetRow]:
        return list(self.rows[:count])


def _unreadable(path: Path, es: str, en: str) -> InvalidInput:
    return InvalidInput(
        f"No se puede leer {path.name}: {es}",
        f"Cannot read {path.name}: {en}",
        hint_es="Guarde la hoja como .xlsx o como CSV (separado por comas o punto y coma).",
        hint_en="Save the sheet as .xlsx or as CSV (comma or semicolon separated).",
    )


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise _unreadable(path, "codificación desconocida", "unknown encoding")  # pragma: no cover


def _sniff_delimiter(text: str) -> str:
    sample_lines = [line for line in text.splitlines()[:50] if line.strip()]
    sample = "\n".join(sample_lines)
    try:
        return csv.Sniffer().sniff(sample, delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:
        first = sample_lines[0] if sample_lines else ""
        counts = {d: first.count(d) for d in CSV_DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _csv_records(path: Path) -> tuple[list[list[Any]], str, str]:
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        raise _unreadable(path, "es un libro de Excel, no un CSV", "it is an Excel workbook")
    text, encoding = _decode(path, data)
    lines = text.splitlines(keepends=True)
    delimiter = ""
    skip = 0
    if lines and re.fullmatch(r"sep=(.)\r?\n?", lines[0].strip("\ufeff")):
        delimiter = lines[0].strip("\ufeff")[4]  # Excel's "sep=;" first line
        skip = 1
    body = "".join(lines[skip:])
    delimiter = delimiter or _sniff_delimiter(body)
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    try:
        records: list[list[Any]] = [[""]] * skip + [list(r) for r in reader]
    except csv.Error as exc:
        raise _unreadable(path, f"CSV mal formado ({exc})", f"malformed CSV ({exc})") from None
    return records, encoding, delimiter


def _xlsx_records(path: Path, sheet_name: str | None) -> tuple[list[list[Any]], str]:
    import openpyxl  # deferred: only imports need it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise _unreadable(
            path, f"no es un .xlsx válido ({exc})", f"not a valid .xlsx ({exc})"
        ) from None
    try:
        if sheet_name is not None:
            if sheet_name not in workbook.sheetnames:
                raise _unreadable(
                    path, f"no tiene la hoja «{sheet_name}»", f"it has no sheet '{sheet_name}'"
                )
            sheet = workbook[sheet_name]
        else:
            sheet = workbook.worksheets[0]
        title = str(sheet.title)
        sheet.reset_dimensions()  # some generators write a wrong <dimension>
        records = []
        for values in sheet.iter_rows(values_only=True):
            records.append(list(values))
            if len(records) > MAX_ROWS + HEADER_SCAN_ROWS:
                break
    finally:
        workbook.close()
    return records, title


def _clean(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return value


def _blank(values: Sequence[Any]) -> bool:
    return all(v == "" for v in values)


def _header_index(records: list[list[Any]], known: frozenset[str]) -> int:
    """The header row: the first of the first rows with at least two ``known`` headers."""
    first = None
    seen = 0
    for index, values in enumerate(records):
        if _blank(values):
            continue
        first = index if first is None else first
        if sum(normalise_header(v) in known for v in values if v != "") >= 2:
            return index
        seen += 1
        if seen >= HEADER_SCAN_ROWS:
            break
    return first if first is not None else 0


def _unique_headers(values: Sequence[Any], width: int) -> tuple[str, ...]:
    headers: list[str] = []
    for i in range(width):
        raw = values[i] if i < len(values) else ""
        name = str(raw).strip() if raw != "" else f"Columna {column_letter(i)}"
        base, n = name, 2
        while name in headers:
            name = f"{base} ({n})"
            n += 1
        headers.append(name)
    return tuple(headers)


def column_letter(index: int) -> str:
    """Excel's name of the 0-based column ``index``: A, B, …, Z, AA, …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_sheet(
    path: Path | str,
    *,
    sheet_name: str | None = None,
    known_headers: frozenset[str] = frozenset(),
) -> Sheet:
    """Read a CSV or XLSX file into a :class:`Sheet` (blank rows are dropped, numbers kept).

    Args:
        sheet_name: the XLSX sheet to read (default: the first).
        known_headers: normalised header names (:func:`normalise_header`); the header row is
            the first of the first rows holding two of them (a title row above is skipped),
            else the first non-blank row.

    Raises:
        InvalidInput: the file is missing, empty, of another kind (.xls, .ods…), malformed, or
            has more than :data:`MAX_ROWS` rows.
    """
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"No existe el archivo {path}.", f"There is no file {path}.")
    suffix = path.suffix.lower()
    encoding = delimiter = None
    try:
        if suffix in (".xlsx", ".xlsm"):
            records, name = _xlsx_records(path, sheet_name)
        elif suffix in (".csv", ".txt", ".tsv"):
            records, encoding, delimiter = _csv_records(path)
            name = path.name
        else:
            raise _unreadable(
                path,
                f"el formato {suffix or '(sin extensión)'} no es compatible",
                f"the format {suffix or '(no extension)'} is not supported",
            )
    except OSError as exc:
        raise _unreadable(path, str(exc), str(exc)) from None
    records = [[_clean(v) for v in r] for r in records]
    header_at = _header_index(records, known_headers)
    if header_at >= len(records) or _blank(records[header_at]):
        raise _unreadable(path, "el archivo está vacío", "the file is empty")
    width = max(len(r) for r in records)
    # Trailing columns that are empty everywhere (Excel pads rows) are not columns.
    while width > 0 and all(len(r) < width or r[width - 1] == "" for r in records):
        width -= 1
    headers = _unique_headers(records[header_at], width)
    rows = []
    for index in range(header_at + 1, len(records)):
        values = records[index][:width]
        if _blank(values):
            continue
        rows.append(SheetRow(index + 1, tuple(values) + ("",) * (width - len(values))))
    if len(rows) > MAX_ROWS:
        raise _unreadable(
            path,
            f"tiene más de {MAX_ROWS:,} filas; divídalo en varios archivos",
            f"it has more than {MAX_ROWS:,} rows; split it into several files",
        )
    return Sheet(name, headers, header_at + 1, tuple(rows), encoding, delimiter)
