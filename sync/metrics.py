"""The weekly response-capacity figures computed from plain rows (no database, no desktop).

The definitions are written out in :mod:`desktop.core.metrics`, which reads the desktop store
and calls :func:`case_weeks` here; the server's transparency page (:mod:`sync.server.
transparency`) calls the same function on the records devices pushed, so the numbers are
computed in one place.

Weeks are given as *week indexes* (:func:`week_index`: Monday-based weeks since 0001-01-01,
consecutive weeks differ by 1) and timestamps as the stored UTC ISO-8601 text.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import statistics
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Re-exported: one definition of the stored UTC text for the whole project.
from sync.ids import utc_text as utc_text

LOCAL_ZONE = "America/Cancun"
#: The key of the all-departments group.
ALL = ""
MAX_WEEKS = 260
#: Final case statuses (``desktop.core.workflow.FINAL``; a test keeps them equal).
FINAL: frozenset[str] = frozenset({"entregado", "rechazado", "cancelado"})
CANCELLED = "cancelado"
#: Statuses in which the service clock stops (``desktop.core.deadlines.CLOCK_STOPPED``).
CLOCK_STOPPED: frozenset[str] = frozenset({"emitido", "entregado", "rechazado", "cancelado"})


class Calendar(Protocol):
    """What the figures need of a business calendar (see :mod:`sync.business_days`)."""

    def is_business_day(self, day: dt.date) -> bool: ...

    def add_business_days(self, start: dt.date, days: int) -> dt.date: ...

    def business_days_between(self, start: dt.date, end: dt.date) -> int: ...


def local_zone(name: str = LOCAL_ZONE) -> dt.tzinfo:
    """The municipality's zone; a fixed UTC-5 when the system has no time-zone database."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        if name != LOCAL_ZONE:
            raise
        return dt.timezone(dt.timedelta(hours=-5), "UTC-05")


def week_index(day: dt.date) -> int:
    """Monday-based week number since 0001-01-01 (a Monday): consecutive weeks differ by 1."""
    return (day.toordinal() - 1) // 7


def week_monday(index: int) -> dt.date:
    """The Monday of a week index."""
    return dt.date.fromordinal(index * 7 + 1)


def local_day(utc: str, tz: dt.tzinfo) -> dt.date:
    """The local calendar day of a stored UTC ISO-8601 timestamp."""
    moment = dt.datetime.fromisoformat(utc.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(tz).date()


def median(values: Sequence[float]) -> float | None:
    """The median (mean of the two middle values for an even count); ``None`` when empty."""
    return float(statistics.median(values)) if values else None


def p90(values: Sequence[float]) -> float | None:
    """Nearest-rank 90th percentile: the ⌈0.9·n⌉-th smallest value; ``None`` when empty."""
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[math.ceil(0.9 * len(ordered)) - 1])


@dataclass(frozen=True)
class CaseRow:
    """One permit case as the figures need it (``department_id`` is ``""`` for none)."""

    id: str
    department_id: str
    received_date: dt.date
    due_date: dt.date | None
    procedure_type: str
    status: str


@dataclass(frozen=True)
class StatusChange:
    """One ``case_status_history`` row."""

    case_id: str
    from_status: str | None
    to_status: str
    at: str


@dataclass(frozen=True)
class ComplaintRow:
    """One complaint: created and (last) closed timestamps, status and department (or ``""``)."""

    created_at: str
    resolved_at: str | None
    status: str
    department_id: str


@dataclass(frozen=True)
class WeekCounts:
    """One group's figures for one week (the definitions are in :mod:`desktop.core.metrics`)."""

    monday: dt.date
    received: int
    resolved: int
    cancelled: int
    backlog: int
    overdue: int
    median_days: float | None
    p90_days: float | None
    median_business_days: float | None
    p90_business_days: float | None
    within_term: int
    with_term: int
    complaints_received: int | None
    complaints_resolved: int | None


@dataclass
class _Acc:
    """Running counts of one group, indexed by week index."""

    received: defaultdict[int, int] = field(default_factory=lambda: defaultdict(int))
    backlog_delta: defaultdict[int, int] = field(default_factory=lambda: defaultdict(int))
    overdue_delta: defaultdict[int, int] = field(default_factory=lambda: defaultdict(int))
    days: defaultdict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    bdays: defaultdict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    cancelled: defaultdict[int, int] = field(default_factory=lambda: defaultdict(int))
    within: defaultdict[int, int] = field(default_factory=lambda: defaultdict(int))
    with_term: defaultdict[int, int] = field(default_factory=lambda: defaultdict(int))
    c_received: defaultdict[int, int] = field(default_factory=lambda: defaultdict(int))
    c_resolved: defaultdict[int, int] = field(default_factory=lambda: defaultdict(int))


class _LocalClock:
    """Local week and day of stored UTC timestamps, by bisecting precomputed boundaries.

    Each local midnight of the range is converted to UTC text once; a timestamp's week or day is
    then a binary search over strings (the canonical ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` sorts in
    time order), exact for any zone and far cheaper than parsing 100,000 timestamps.
    """

    def __init__(self, zone: dt.tzinfo, lo: int, hi: int) -> None:
        self.lo = lo
        self.first_day = week_monday(lo)
        days = (week_monday(hi) - self.first_day).days + 8
        self.day_bounds = [
            utc_text(dt.datetime.combine(self.first_day + dt.timedelta(days=d), dt.time(), zone))
            for d in range(days)
        ]
        self.week_bounds = self.day_bounds[::7]

    @staticmethod
    def canonical(at: str) -> str:
        if len(at) == 27 and at[10] == "T" and at[-1] == "Z":
            return at
        moment = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
        return utc_text(moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC))

    def week(self, at: str) -> int:
        """The week index, ``lo - 1`` for anything before the range and ``hi + 1`` after it."""
        return self.lo - 1 + bisect.bisect_right(self.week_bounds, self.canonical(at))

    def day(self, at: str) -> dt.date:
        """The local day of a timestamp inside the range."""
        index = bisect.bisect_right(self.day_bounds, self.canonical(at)) - 1
        return self.first_day + dt.timedelta(days=index)


class _BusinessDays:
    """Business days in (a, b] by prefix sums over a span of days (fast for 100,000 cases)."""

    def __init__(self, calendar: Calendar, start: dt.date, end: dt.date) -> None:
        self.calendar = calendar
        self.start = start
        self.end = end
        self.cum = [0]
        day = start
        while day <= end:
            self.cum.append(self.cum[-1] + calendar.is_business_day(day))
            day += dt.timedelta(days=1)

    def between(self, a: dt.date, b: dt.date) -> int:
        if not (self.start <= a <= self.end and self.start <= b <= self.end):
            return self.calendar.business_days_between(a, b)
        return self.cum[(b - self.start).days + 1] - self.cum[(a - self.start).days + 1]


def _changes_class(change: StatusChange) -> bool:
    """Whether a status change moves a case between open / clock stopped / final."""
    before = change.from_status or ""
    return (change.to_status in FINAL) != (before in FINAL) or (
        change.to_status in CLOCK_STOPPED
    ) != (before in CLOCK_STOPPED)


def _overdue_span(start: int, end: int, overdue_week: int) -> Iterable[tuple[int, int]]:
    """+1/-1 marks for the weeks in [start, end) that are also ≥ ``overdue_week``."""
    begin = max(start, overdue_week)
    if begin < end:
        yield (begin, 1)
        yield (end, -1)


def case_weeks(
    cases: Iterable[CaseRow],
    history: Iterable[StatusChange],
    *,
    lo: int,
    hi: int,
    calendar: Calendar,
    terms: Mapping[str, int],
    zone: dt.tzinfo,
    departments: Collection[str],
    restrict: bool = False,
    complaints: Iterable[ComplaintRow] | None = None,
    complaint_closed: Collection[str] = frozenset(),
    today: dt.date | None = None,
) -> dict[str, tuple[WeekCounts, ...]]:
    """The figures of weeks ``lo``..``hi`` (week indexes) per department id and :data:`ALL`.

    Args:
        cases: every case (cases received after week ``hi`` are ignored).
        history: status-history rows, in the order they were written (ties keep that order).
        calendar: business days (due dates when a case has none, turnaround in business days).
        terms: business-day term per procedure type, for cases without a due date.
        departments: the department ids to report; cases of others count in the total only
            unless ``restrict``, when they are left out altogether.
        complaints: complaint rows, or ``None`` to leave the complaint figures empty.
        complaint_closed: the statuses that close a complaint.
        today: the end of the business-day table (default: today).
    """
    accs: dict[str, _Acc] = {ALL: _Acc(), **{d: _Acc() for d in departments}}
    last_sunday = week_monday(hi) + dt.timedelta(days=6)
    wanted = set(departments)
    kept: dict[str, tuple[str, dt.date, dt.date | None, str]] = {}
    earliest = week_monday(lo)
    for case in cases:
        if case.received_date > last_sunday or (restrict and case.department_id not in wanted):
            continue
        due = case.due_date
        if due is None and case.procedure_type in terms:
            due = calendar.add_business_days(case.received_date, terms[case.procedure_type])
        kept[case.id] = (case.department_id, case.received_date, due, case.status)
        earliest = min(earliest, case.received_date)

    transitions: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
    for change in history:
        if change.case_id in kept and _changes_class(change):
            transitions[change.case_id].append((change.to_status, change.at))
    for rows in transitions.values():
        rows.sort(key=lambda row: _LocalClock.canonical(row[1]))

    bdays = _BusinessDays(calendar, earliest, max(last_sunday, today or dt.date.today()))
    clock = _LocalClock(zone, lo, hi)
    never = hi + 1  # a week index past the range: "still so at the end"

    def clamp(week: int) -> int:
        return min(max(week, lo - 1), never)

    for case_id, (dept, received, due, status) in kept.items():
        groups = [accs[ALL], accs[dept]] if dept and dept in accs else [accs[ALL]]
        # Week indexes are clamped to [lo - 1, hi + 1]: all that matters outside the range is
        # "before" or "after" it, and clamping keeps every interval's weeks inside the range.
        received_week = clamp(week_index(received))
        # Walk the class changes: open intervals add to the backlog, running ones may be overdue.
        closed_from: int | None = None  # week index from which the case is final
        running_from: int | None = received_week
        overdue_week = clamp(week_index(due + dt.timedelta(days=1))) if due else never
        last_final: tuple[str, str] | None = None
        backlog_marks: list[tuple[int, int]] = [(received_week, 1)]
        overdue_marks: list[tuple[int, int]] = []
        for to_status, at in transitions.get(case_id, ()):
            week = clock.week(at)
            is_final = to_status in FINAL
            is_stopped = to_status in CLOCK_STOPPED
            if is_final and closed_from is None:
                closed_from = week
                backlog_marks.append((max(week, received_week), -1))
            elif not is_final and closed_from is not None:
                backlog_marks.append((max(week, received_week), 1))
                closed_from = None
            if is_final:
                last_final = (to_status, at)
            if is_stopped and running_from is not None:
                overdue_marks.extend(_overdue_span(running_from, week, overdue_week))
                running_from = None
            elif not is_stopped and running_from is None:
                running_from = week
        if running_from is not None:
            overdue_marks.extend(_overdue_span(running_from, never, overdue_week))
        for acc in groups:
            if lo <= received_week <= hi:
                acc.received[received_week] += 1
            for week, delta in backlog_marks:
                acc.backlog_delta[week] += delta
            for week, delta in overdue_marks:
                acc.overdue_delta[week] += delta
        if status not in FINAL or last_final is None:
            continue
        final_status, resolved_at = last_final
        week = clock.week(resolved_at)
        if not lo <= week <= hi:
            continue
        resolved_day = clock.day(resolved_at)
        days = (resolved_day - received).days
        business = bdays.between(received, resolved_day)
        for acc in groups:
            acc.days[week].append(days)
            acc.bdays[week].append(business)
            acc.cancelled[week] += final_status == CANCELLED
            if due is not None:
                acc.with_term[week] += 1
                acc.within[week] += resolved_day <= due

    with_complaints = complaints is not None
    for complaint in complaints or ():
        dept = complaint.department_id
        if restrict and dept not in accs:
            continue
        groups = [accs[ALL], accs[dept]] if dept and dept in accs else [accs[ALL]]
        week = week_index(local_day(complaint.created_at, zone))
        if lo <= week <= hi:
            for acc in groups:
                acc.c_received[week] += 1
        if complaint.status in complaint_closed and complaint.resolved_at:
            week = week_index(local_day(complaint.resolved_at, zone))
            if lo <= week <= hi:
                for acc in groups:
                    acc.c_resolved[week] += 1

    def figures(acc: _Acc) -> tuple[WeekCounts, ...]:
        rows = []
        backlog = sum(v for k, v in acc.backlog_delta.items() if k < lo)
        overdue = sum(v for k, v in acc.overdue_delta.items() if k < lo)
        for index in range(lo, hi + 1):
            backlog += acc.backlog_delta.get(index, 0)
            overdue += acc.overdue_delta.get(index, 0)
            days, business = acc.days.get(index, []), acc.bdays.get(index, [])
            rows.append(
                WeekCounts(
                    monday=week_monday(index),
                    received=acc.received.get(index, 0),
                    resolved=len(days),
                    cancelled=acc.cancelled.get(index, 0),
                    backlog=backlog,
                    overdue=overdue,
                    median_days=median(days),
                    p90_days=p90(days),
                    median_business_days=median(business),
                    p90_business_days=p90(business),
                    within_term=acc.within.get(index, 0),
                    with_term=acc.with_term.get(index, 0),
                    complaints_received=acc.c_received.get(index, 0) if with_complaints else None,
                    complaints_resolved=acc.c_resolved.get(index, 0) if with_complaints else None,
                )
            )
        return tuple(rows)

    return {key: figures(acc) for key, acc in accs.items()}
