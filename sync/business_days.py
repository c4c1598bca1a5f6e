"""Business days under Mexican labour law: official rest days and a Monday-to-Friday calendar.

Pure functions shared by the desktop (:mod:`desktop.core.deadlines`, which adds the holidays
table and the terms) and the server (the transparency figures, which have only the official
days): the rules are written once, here.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The ``n``-th ``weekday`` (0 = Monday) of a month."""
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def official_holidays(year: int) -> dict[dt.date, str]:
    """Mexico's mandatory rest days of ``year`` under Ley Federal del Trabajo, art. 74.

    Election days (fraction IX) fall on Sundays and are left out; 1 October counts only in the
    years the federal executive changes hands (2024, 2030, …).
    """
    days = {
        dt.date(year, 1, 1): "Año Nuevo",
        _nth_weekday(year, 2, 0, 1): "Día de la Constitución",
        _nth_weekday(year, 3, 0, 3): "Natalicio de Benito Juárez",
        dt.date(year, 5, 1): "Día del Trabajo",
        dt.date(year, 9, 16): "Día de la Independencia",
        _nth_weekday(year, 11, 0, 3): "Día de la Revolución",
        dt.date(year, 12, 25): "Navidad",
    }
    if year >= 2024 and (year - 2024) % 6 == 0:
        days[dt.date(year, 10, 1)] = "Transmisión del Poder Ejecutivo Federal"
    return days


@functools.lru_cache(maxsize=64)
def _official_days(year: int) -> frozenset[dt.date]:
    return frozenset(official_holidays(year))


@dataclass(frozen=True)
class BusinessCalendar:
    """Which days count: Monday to Friday minus ``holidays``.

    ``official_years`` are the years whose official days come from the table; for any other year
    :func:`official_holidays` is used as well.
    """

    holidays: frozenset[dt.date] = frozenset()
    official_years: frozenset[int] = frozenset()

    def is_holiday(self, day: dt.date) -> bool:
        if day in self.holidays:
            return True
        return day.year not in self.official_years and day in _official_days(day.year)

    def is_business_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and not self.is_holiday(day)

    def add_business_days(self, start: dt.date, days: int) -> dt.date:
        """The ``days``-th business day after ``start`` (``start`` itself when ``days`` is 0)."""
        if days < 0:
            raise ValueError("days must be >= 0")
        day = start
        while days > 0:
            day += dt.timedelta(days=1)
            if self.is_business_day(day):
                days -= 1
        return day

    def business_days_between(self, start: dt.date, end: dt.date) -> int:
        """Business days in ``(start, end]``; negative (the same count) when ``end < start``."""
        if end < start:
            return -self.business_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_business_day(day):
                count += 1
        return count

    def business_days(self, start: dt.date, end: dt.date) -> Iterable[dt.date]:
        """The business days in ``[start, end]``, in order."""
        day = start
        while day <= end:
            if self.is_business_day(day):
                yield day
            day += dt.timedelta(days=1)
