"""The backlog forecast: cases received and cleared per ISO week, and when the backlog ends.

Definitions (the supervisor's weekly questions, DESIGN.md §1.1):

* A case is **cleared** when the office has answered it: it reached ``emitido`` (the anuencia
  was issued; ``entregado`` follows), or a final state without one (``rechazado``,
  ``cancelado``) — :data:`CLEARED`, the same set that stops the service clock. A case counts
  once, in the week of the *first* time it entered one of those states (emitido → entregado is
  not counted twice). Weeks are ISO weeks (Monday to Sunday) of the local date of that
  status-history entry.
* The **backlog** is every case not cleared now.
* The **rate** is the cases cleared in the last :data:`WEEKS` complete ISO weeks (the current,
  partial week is shown but not counted) divided by :data:`WEEKS`.
* The backlog **reaches zero** in the ISO week ``current + ceil(backlog / rate)``: whole weeks
  counted from the next one. With a rate of 0 it cannot be estimated (``zero_week`` is ``None``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass

from sqlite_utils import Database

from desktop.core.dates import MONTH_NAMES_EN, MONTH_NAMES_ES
from desktop.core.deadlines import CLOCK_STOPPED

CLEARED: frozenset[str] = CLOCK_STOPPED
WEEKS = 8


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO 8601 week: ``year`` is the ISO year (2026-W01 can start in December 2025)."""

    year: int
    week: int

    @classmethod
    def of(cls, day: dt.date) -> IsoWeek:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @property
    def monday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    def plus(self, weeks: int) -> IsoWeek:
        return IsoWeek.of(self.monday + dt.timedelta(weeks=weeks))

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"


@dataclass(frozen=True)
class WeekCount:
    """How many cases came in and how many were cleared in one ISO week."""

    week: IsoWeek
    received: int
    cleared: int


@dataclass(frozen=True)
class Forecast:
    """The forecast as of ``today`` (see the module docstring for the definitions)."""

    today: dt.date
    weeks: tuple[WeekCount, ...]  # the complete weeks counted, oldest first
    current: WeekCount  # this week so far (not in the rate)
    backlog: int
    rate: float
    weeks_to_zero: int | None
    zero_week: IsoWeek | None

    @property
    def can_estimate(self) -> bool:
        return self.zero_week is not None

    def text(self, lang: str = "es") -> str:
        """One or two sentences for the list's footer or the weekly report."""
        en = lang.startswith("en")
        n = len(self.weeks)
        rate = f"{self.rate:.1f}"
        if self.backlog == 0:
            return "No cases are pending." if en else "No hay expedientes pendientes."
        if self.zero_week is None:
            return (
                f"Pending: {self.backlog}. It cannot be estimated: no case was cleared in the "
                f"last {n} weeks."
                if en
                else f"Pendientes: {self.backlog}. No se puede estimar: no se resolvió ningún "
                f"expediente en las últimas {n} semanas."
            )
        monday, sunday = self.zero_week.monday, self.zero_week.sunday
        if en:
            span = (
                f"{MONTH_NAMES_EN[monday.month - 1]} {monday.day} to "
                f"{MONTH_NAMES_EN[sunday.month - 1]} {sunday.day}, {sunday.year}"
            )
            return (
                f"Pending: {self.backlog}. Rate: {rate} cases cleared per week (last {n} "
                f"weeks). At this rate the backlog reaches zero in week {self.zero_week} "
                f"({span})."
            )
        span = (
            f"del {monday.day} de {MONTH_NAMES_ES[monday.month - 1]} al {sunday.day} de "
            f"{MONTH_NAMES_ES[sunday.month - 1]} de {sunday.year}"
        )
        return (
            f"Pendientes: {self.backlog}. Ritmo: {rate} expedientes resueltos por semana "
            f"(últimas {n} semanas). A este ritmo el rezago termina la semana {self.zero_week} "
            f"({span})."
        )


def _local_date(utc_text: str, tz: dt.tzinfo | None) -> dt.date:
    moment = dt.datetime.fromisoformat(utc_text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(tz).date()


def backlog_forecast(
    db: Database,
    *,
    today: dt.date | None = None,
    weeks: int = WEEKS,
    tz: dt.tzinfo | None = None,
) -> Forecast:
    """Received and cleared cases per ISO week over the last ``weeks`` weeks, and the forecast.

    Args:
        today: the day the forecast is made (default: the machine's date).
        tz: the time zone whose calendar the weeks follow (default: the machine's).
    """
    today = today or dt.date.today()
    current = IsoWeek.of(today)
    first = current.plus(-weeks)
    since = first.monday
    cleared_marks = ",".join("?" * len(CLEARED))
    cleared_states = sorted(CLEARED)

    cleared: Counter[IsoWeek] = Counter()
    # Two days of margin before the first Monday: a UTC timestamp can be a local day earlier.
    margin = (since - dt.timedelta(days=2)).isoformat()
    for (first_at,) in db.execute(
        "SELECT min(at) FROM case_status_history "
        f"WHERE to_status IN ({cleared_marks}) GROUP BY case_id HAVING min(at) >= ?",
        [*cleared_states, margin],
    ):
        day = _local_date(first_at, tz)
        if since <= day <= today:
            cleared[IsoWeek.of(day)] += 1

    received: Counter[IsoWeek] = Counter()
    for (day_text,) in db.execute(
        "SELECT received_date FROM permit_cases WHERE received_date >= ? AND received_date <= ?",
        [since.isoformat(), today.isoformat()],
    ):
        received[IsoWeek.of(dt.date.fromisoformat(day_text))] += 1

    backlog = int(
        db.execute(
            f"SELECT count(*) FROM permit_cases WHERE status NOT IN ({cleared_marks})",
            cleared_states,
        ).fetchone()[0]
    )
    counted = tuple(
        WeekCount(w, received[w], cleared[w]) for w in (first.plus(i) for i in range(weeks))
    )
    rate = sum(w.cleared for w in counted) / weeks if weeks else 0.0
    if backlog == 0:
        weeks_to_zero: int | None = 0
    elif rate > 0:
        weeks_to_zero = math.ceil(backlog / rate)
    else:
        weeks_to_zero = None
    return Forecast(
        today=today,
        weeks=counted,
        current=WeekCount(current, received[current], cleared[current]),
        backlog=backlog,
        rate=rate,
        weeks_to_zero=weeks_to_zero,
        zero_week=None if weeks_to_zero is None else current.plus(weeks_to_zero),
    )
