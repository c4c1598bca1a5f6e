"""Dates as Mexican offices write them in spreadsheets, normalised to ``datetime.date``.

Accepted (day before month, always — the Mexican convention):

* ``05/01/2025``, ``5/1/25``, ``05-01-2025``, ``5.1.2025`` (two-digit years are 20aa);
* ``2025-01-05`` and ``2025/01/05`` (year first, four digits), ``20250105``;
* ``5-ene-2025``, ``05 ene 2025``, ``05 de enero de 2025``, ``lunes, 5 de enero del 2025``,
  ``ene 5 2025``, ``enero 5, 2025`` (Spanish month names or abbreviations; English
  abbreviations such as ``Jan`` as Excel writes them in an English locale);
* Excel serial dates (``45662`` or ``45662.0``, the 1900 date system) and the ``date`` /
  ``datetime`` values openpyxl returns for date-formatted cells.

A trailing time (``10:30``, ``T10:30:00``) is ignored. Anything else is refused with
:class:`DateRefused`, whose message says why in es-MX and English: an impossible date
(31/02/2025, month 13), a value that is not a date, or a serial number out of range.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from desktop.errors import InvalidInput

# Excel's 1900 date system counts from 1899-12-30 (it believes 1900 was a leap year, so serials
# from 61 on are right with this epoch; nobody's permit file predates March 1900).
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_MAX_SERIAL = 2_958_465  # 9999-12-31

MONTHS: dict[str, int] = {
    "enero": 1, "ene": 1, "jan": 1, "january": 1,
    "febrero": 2, "feb": 2, "february": 2,
    "marzo": 3, "mar": 3, "march": 3,
    "abril": 4, "abr": 4, "apr": 4, "april": 4,
    "mayo": 5, "may": 5,
    "junio": 6, "jun": 6, "june": 6,
    "julio": 7, "jul": 7, "july": 7,
    "agosto": 8, "ago": 8, "aug": 8, "august": 8,
    "septiembre": 9, "setiembre": 9, "sep": 9, "sept": 9, "set": 9, "september": 9,
    "octubre": 10, "oct": 10, "october": 10,
    "noviembre": 11, "nov": 11, "november": 11,
    "diciembre": 12, "dic": 12, "dec": 12, "december": 12,
}  # fmt: skip

MONTH_NAMES_ES = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre",
)  # fmt: skip
MONTH_NAMES_EN = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip

_FILLER = frozenset(
    {"de", "del", "lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"}
    | {"lun", "mie", "jue", "vie", "sab", "dom", "monday", "tuesday", "wednesday", "thursday"}
    | {"friday", "saturday", "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun"}
)
_TIME = re.compile(r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:am|pm|a\.?\s?m\.?|p\.?\s?m\.?)?"
                   r"(?:z|[+-]\d{2}:?\d{2})?)$")  # fmt: skip
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")


class DateRefused(InvalidInput):
    """A value that is not a date we can trust; the message says why."""


def _plain(text: str) -> str:
    """Lower case, no accents, surrounding blanks removed."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def from_excel_serial(serial: float) -> dt.date:
    """The date of an Excel (1900 system) serial number; the fraction (time of day) is dropped.

    Raises:
        DateRefused: the number is not a day Excel can represent.
    """
    if not 1 <= serial <= EXCEL_MAX_SERIAL:
        shown = str(int(serial)) if serial.is_integer() else str(serial)
        raise DateRefused(
            f"el número {shown} no es una fecha de Excel",
            f"the number {shown} is not an Excel date",
        )
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _build(year: int, month: int, day: int, original: str) -> dt.date:
    if not 1 <= month <= 12:
        raise DateRefused(
            f"fecha imposible «{original}»: no existe el mes {month} (se espera día/mes/año)",
            f"impossible date '{original}': there is no month {month} (day/month/year expected)",
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateRefused(
            f"fecha imposible «{original}»: {MONTH_NAMES_ES[month - 1]} de {year} "
            f"no tiene día {day}",
            f"impossible date '{original}': {MONTH_NAMES_EN[month - 1]} {year} has no day {day}",
        ) from None


def _year(token: str, original: str) -> int:
    if len(token) == 4:
        return int(token)
    if len(token) == 2:
        return 2000 + int(token)
    raise DateRefused(
        f"año no válido en «{original}»: escriba el año con 4 dígitos",
        f"bad year in '{original}': write the year with 4 digits",
    )


def parse_date(value: object) -> dt.date:
    """Normalise one spreadsheet value to a date (see the module docstring for the formats).

    Args:
        value: a ``str``, an ``int``/``float`` (Excel serial), or a ``date``/``datetime``.

    Raises:
        DateRefused: empty, impossible, ambiguous or unrecognised; the message says which.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise DateRefused("no es una fecha", "not a date")
    if isinstance(value, int | float):
        return from_excel_serial(float(value))
    original = str(value).strip()
    if not original:
        raise DateRefused("fecha vacía", "empty date")
    text = _TIME.sub("", _plain(original)).strip()
    if _NUMBER.match(text):
        if len(text) == 8 and text.isdigit() and text[:2] in ("19", "20"):
            return _build(int(text[:4]), int(text[4:6]), int(text[6:]), original)
        return from_excel_serial(float(text.replace(",", ".")))
    tokens = [t for t in re.split(r"[\s/\-.,]+", text) if t and t not in _FILLER]
    if len(tokens) == 3:
        numeric = [t.isdigit() for t in tokens]
        if all(numeric):
            if len(tokens[0]) == 4:
                return _build(int(tokens[0]), int(tokens[1]), int(tokens[2]), original)
            if len(tokens[0]) <= 2 and len(tokens[1]) <= 2:
                return _build(_year(tokens[2], original), int(tokens[1]), int(tokens[0]), original)
        elif numeric == [True, False, True] and tokens[1] in MONTHS:
            return _build(_year(tokens[2], original), MONTHS[tokens[1]], int(tokens[0]), original)
        elif numeric == [False, True, True] and tokens[0] in MONTHS and len(tokens[1]) <= 2:
            return _build(_year(tokens[2], original), MONTHS[tokens[0]], int(tokens[1]), original)
        elif numeric == [True, False, True] or numeric == [False, True, True]:
            word = tokens[1] if numeric[0] else tokens[0]
            raise DateRefused(
                f"mes desconocido «{word}» en «{original}»",
                f"unknown month '{word}' in '{original}'",
            )
    raise DateRefused(
        f"«{original}» no es una fecha reconocible (use dd/mm/aaaa)",
        f"'{original}' is not a recognisable date (use dd/mm/yyyy)",
    )


def looks_month_first(value: object) -> bool:
    """True for text such as ``12/13/2025``: not a valid day/month/year, but a month/day one.

    An import uses this to notice a column written month-first (US style): in such a column a
    value like ``03/04/2025`` is ambiguous and must be refused rather than guessed.
    """
    if not isinstance(value, str):
        return False
    text = _TIME.sub("", _plain(value)).strip()
    parts = re.split(r"[/\-.]", text)
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[0]) > 2:
        return False
    first, second = int(parts[0]), int(parts[1])
    return 1 <= first <= 12 and 12 < second <= 31


def is_day_month_ambiguous(value: object) -> bool:
    """True for numeric text like ``03/04/2025`` whose first two parts could both be the month."""
    if not isinstance(value, str):
        return False
    text = _TIME.sub("", _plain(value)).strip()
    parts = re.split(r"[/\-.]", text)
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[0]) > 2:
        return False
    first, second = int(parts[0]), int(parts[1])
    return 1 <= first <= 12 and 1 <= second <= 12 and first != second


def format_date(day: dt.date) -> str:
    """``dd/mm/aaaa``, the way the office writes dates."""
    return day.strftime("%d/%m/%Y")
