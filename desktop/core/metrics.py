"""Weekly response-capacity figures per department (the Tablero), defined once, here.

These definitions are the ones the Tablero screen, its help, the weekly report (PDF, CSV, XLSX)
and the benchmark use; nothing else computes them.

**Week.** An ISO week, Monday 00:00 to Sunday 24:00 in the municipality's *local* time
(:data:`LOCAL_ZONE`, America/Cancun: UTC-5 all year, no daylight saving; every function takes
the zone as a parameter). Status-history timestamps are stored in UTC and converted to the local
calendar day before they are placed in a week: an event at 04:59Z on a Monday is still Sunday
23:59 local and belongs to the week before. ``received_date`` is already a local calendar day.

For a department (``permit_cases.department_id``) and a week:

* **Received** (*recibidos*): cases whose ``received_date`` falls in the week.
* **Resolved** (*resueltos*): cases whose **last** entry into a final state
  (``workflow.FINAL``: entregado, rechazado, cancelado) falls in the week and which are still in
  a final state now. A case that was reopened and resolved again counts once, in the week of its
  last resolution; a reopened case that is open now is not resolved in any week. Cancelled cases
  are resolved (the file is closed) and are also shown apart as *of which cancelled*.
* **Backlog at week end** (*rezago*): cases received on or before Sunday that were not in a final
  state at Sunday 24:00 local (their latest status-history entry up to then).
* **Turnaround** (*tiempo de respuesta*) of each resolved case: calendar days from
  ``received_date`` to the local day of its resolution, and business days in
  (received, resolved] — Monday to Friday minus the holidays table, as in
  :mod:`desktop.core.deadlines`. **Median**: the middle value (the mean of the two middle values
  for an even count). **P90**: nearest rank — the ⌈0.9·n⌉-th smallest value. Both are empty when
  nothing was resolved.
* **Within term** (*en plazo*): the share of resolved cases whose resolution day is on or before
  their due date (``permit_cases.due_date``; when empty, ``received_date`` plus the procedure
  type's term in business days). Cases with neither are left out of the share.
* **Overdue at week end** (*vencidos*): cases in the backlog at week end whose service clock is
  running (status not in ``deadlines.CLOCK_STOPPED``, so an issued-but-not-delivered anuencia is
  not overdue) and whose due date is before that Sunday — the same rule as the case list.
* **Complaints** (*denuncias*), counted only when the caller may see them: received = created in
  the week (local day of ``created_at``); resolved = now in a final state of the investigation
  (:data:`COMPLAINT_CLOSED`: procedente, improcedente, turnada), in the week of its last entry
  into one (``complaint_status_history``; its ``updated_at`` when it has no such entry). A
  complaint belongs to the department of the inspector it names; one naming no inspector counts
  in the total only.

Cases with no department count in the total (all departments) only. Figures describe the data
on this device: what other devices have not synced yet is not in them (see :func:`data_scope`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlite_utils import Database

from desktop.core import complaints, workflow
from desktop.core.deadlines import CLOCK_STOPPED, BusinessCalendar, load_calendar
from desktop.core.forecast import IsoWeek
from desktop.errors import InvalidInput
from desktop.store import sync_state

LOCAL_ZONE = "America/Cancun"
#: Complaint statuses that close a complaint: the investigation workflow's final states.
COMPLAINT_CLOSED: frozenset[str] = complaints.FINAL
#: The key of the all-departments group.
ALL = ""
MAX_WEEKS = 260

_FINAL = tuple(sorted(workflow.FINAL))
_STOPPED = tuple(sorted(CLOCK_STOPPED))


def local_zone(name: str = LOCAL_ZONE) -> dt.tzinfo:
    """The municipality's zone; a fixed UTC-5 when the system has no time-zone database."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        if name != LOCAL_ZONE:
            raise
        return dt.timezone(dt.timedelta(hours=-5), "UTC-05")


def parse_week(text: str) -> IsoWeek:
    """``2026-W47`` (or ``2026W47``) as an :class:`IsoWeek`.

    Raises:
        InvalidInput: not an ISO week, or a week the year does not have.
    """
    cleaned = text.strip().upper().replace("W", "-W").replace("--", "-")
    try:
        year_text, week_text = cleaned.split("-W")
        week = IsoWeek(int(year_text), int(week_text))
        dt.date.fromisocalendar(week.year, week.week, 1)
    except ValueError:
        raise InvalidInput(
            f"Semana no válida: {text!r}. Escríbala como 2026-W47.",
            f"Not a valid week: {text!r}. Write it as 2026-W47.",
        ) from None
    return week


def _week_index(day: dt.date) -> int:
    """Monday-based week number since 0001-01-01 (a Monday): consecutive weeks differ by 1."""
    return (day.toordinal() - 1) // 7


def _week_of_index(index: int) -> IsoWeek:
    return IsoWeek.of(dt.date.fromordinal(index * 7 + 1))


def _utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def local_day(utc_text: str, tz: dt.tzinfo) -> dt.date:
    """The local calendar day of a stored UTC ISO-8601 timestamp."""
    moment = dt.datetime.fromisoformat(utc_text.replace("Z", "+00:00"))
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
class Department:
    """A department as the Tablero names it (``id`` is :data:`ALL` for the total)."""

    id: str
    code: str
    name: str


TOTAL = Department(ALL, "TOTAL", "Todas las dependencias")
TOTAL_PICKED = Department(ALL, "TOTAL", "Dependencias elegidas")
_TOTAL_NAMES_EN = {TOTAL.name: "All departments", TOTAL_PICKED.name: "Chosen departments"}


def department_name(department: Department, lang: str = "es") -> str:
    """The name to print: the total's name in ``lang``; a department's as it is stored."""
    if department.id == ALL and lang.startswith("en"):
        return _TOTAL_NAMES_EN.get(department.name, department.name)
    return department.name


@dataclass(frozen=True)
class WeekFigures:
    """One department's figures for one ISO week (definitions in the module docstring)."""

    week: IsoWeek
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

    @property
    def within_term_share(self) -> float | None:
        """Within term ÷ resolved cases that have a term; ``None`` when there are none."""
        return self.within_term / self.with_term if self.with_term else None


@dataclass(frozen=True)
class DepartmentWeeks:
    """A department's figures, one row per week, oldest first."""

    department: Department
    weeks: tuple[WeekFigures, ...]


@dataclass(frozen=True)
class WeeklyReport:
    """Figures for every requested department plus the total (first), for a range of weeks."""

    first: IsoWeek
    last: IsoWeek
    zone: str
    groups: tuple[DepartmentWeeks, ...]  # the total first, then departments by code

    @property
    def total(self) -> DepartmentWeeks:
        return self.groups[0]

    @property
    def departments(self) -> tuple[DepartmentWeeks, ...]:
        return self.groups[1:]


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

    def __init__(self, zone: dt.tzinfo, first: IsoWeek, last: IsoWeek) -> None:
        self.lo = _week_index(first.monday)
        self.first_day = first.monday
        days = (last.sunday - first.monday).days + 2
        self.day_bounds = [
            _utc_text(dt.datetime.combine(first.monday + dt.timedelta(days=d), dt.time(), zone))
            for d in range(days)
        ]
        self.week_bounds = self.day_bounds[::7]

    @staticmethod
    def canonical(at: str) -> str:
        if len(at) == 27 and at[10] == "T" and at[-1] == "Z":
            return at
        moment = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
        return _utc_text(moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC))

    def week(self, at: str) -> int:
        """The week index, ``lo - 1`` for anything before the range and ``hi + 1`` after it."""
        return self.lo - 1 + bisect.bisect_right(self.week_bounds, self.canonical(at))

    def day(self, at: str) -> dt.date:
        """The local day of a timestamp inside the range."""
        index = bisect.bisect_right(self.day_bounds, self.canonical(at)) - 1
        return self.first_day + dt.timedelta(days=index)


class _BusinessDays:
    """Business days in (a, b] by prefix sums over a span of days (fast for 100,000 cases)."""

    def __init__(self, calendar: BusinessCalendar, start: dt.date, end: dt.date) -> None:
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


def list_departments(db: Database) -> list[Department]:
    """Every department, by code."""
    rows = db.execute("SELECT id, code, name FROM departments ORDER BY code").fetchall()
    return [Department(r[0], r[1], r[2]) for r in rows]


def _pick_departments(db: Database, codes: Sequence[str] | None) -> list[Department]:
    known = list_departments(db)
    if not codes:
        return known
    by_code = {d.code.upper(): d for d in known}
    picked = []
    for code in codes:
        dep = by_code.get(code.strip().upper())
        if dep is None:
            names = ", ".join(d.code for d in known) or "—"
            raise InvalidInput(
                f"Dependencia desconocida: {code}. Las hay: {names}.",
                f"Unknown department: {code}. Known: {names}.",
            )
        if dep not in picked:
            picked.append(dep)
    return picked


def weekly_figures(
    db: Database,
    first: IsoWeek,
    last: IsoWeek,
    *,
    departments: Sequence[str] | None = None,
    tz: dt.tzinfo | None = None,
    include_complaints: bool = True,
) -> WeeklyReport:
    """Figures for every week from ``first`` to ``last`` (inclusive), per department and total.

    Args:
        departments: department codes; ``None`` or empty for all of them. The total covers
            every case (with or without department) when no codes are given, else the picked
            departments together.
        tz: the local zone weeks follow (default :func:`local_zone`).
        include_complaints: count complaints (only for those allowed to see them); when
            ``False`` the complaint figures are ``None``.

    Raises:
        InvalidInput: ``last`` before ``first``, more than :data:`MAX_WEEKS` weeks, or an
            unknown department code.
    """
    zone = tz or local_zone()
    lo, hi = _week_index(first.monday), _week_index(last.monday)
    if hi < lo:
        raise InvalidInput(
            f"La semana final ({last}) es anterior a la inicial ({first}).",
            f"The last week ({last}) is before the first ({first}).",
        )
    if hi - lo + 1 > MAX_WEEKS:
        raise InvalidInput(
            f"Elija como máximo {MAX_WEEKS} semanas.", f"Pick at most {MAX_WEEKS} weeks."
        )
    picked = _pick_departments(db, departments)
    wanted = {d.id for d in picked}
    restrict = bool(departments)

    accs: dict[str, _Acc] = {ALL: _Acc(), **{d.id: _Acc() for d in picked}}
    calendar = load_calendar(db)
    terms = {r[0]: int(r[1]) for r in db.execute("SELECT code, term_days FROM procedure_types")}
    last_sunday = last.sunday

    # Cases: (dept, received_date, due_date, procedure_type, status).
    cases: dict[str, tuple[str, dt.date, dt.date | None, str]] = {}
    earliest = first.monday
    for case_id, dept, received_text, due_text, ptype, status in db.execute(
        "SELECT id, coalesce(department_id, ''), received_date, due_date, procedure_type, status "
        "FROM permit_cases WHERE received_date <= ?",
        [last_sunday.isoformat()],
    ):
        if restrict and dept not in wanted:
            continue
        received = dt.date.fromisoformat(received_text)
        due = dt.date.fromisoformat(due_text) if due_text else None
        if due is None and ptype in terms:
            due = calendar.add_business_days(received, terms[ptype])
        cases[case_id] = (dept, received, due, status)
        earliest = min(earliest, received)

    # Only the history rows that change a case's class (open / clock stopped / final) matter.
    marks_f = ",".join("?" * len(_FINAL))
    marks_s = ",".join("?" * len(_STOPPED))
    transitions: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
    for case_id, to_status, at in db.execute(
        "SELECT case_id, to_status, at FROM case_status_history "
        f"WHERE (to_status IN ({marks_f})) != (coalesce(from_status, '') IN ({marks_f})) "
        f"OR (to_status IN ({marks_s})) != (coalesce(from_status, '') IN ({marks_s})) "
        "ORDER BY case_id, at",
        [*_FINAL, *_FINAL, *_STOPPED, *_STOPPED],
    ):
        if case_id in cases:
            transitions[case_id].append((to_status, at))

    bdays = _BusinessDays(calendar, earliest, max(last_sunday, dt.date.today()))
    clock = _LocalClock(zone, first, last)
    never = hi + 1  # a week index past the range: "still so at the end"

    def clamp(week: int) -> int:
        return min(max(week, lo - 1), never)

    for case_id, (dept, received, due, status) in cases.items():
        groups = [accs[ALL], accs[dept]] if dept and dept in accs else [accs[ALL]]
        # Week indexes are clamped to [lo - 1, hi + 1]: all that matters outside the range is
        # "before" or "after" it, and clamping keeps every interval's weeks inside the range.
        received_week = clamp(_week_index(received))
        # Walk the class changes: open intervals add to the backlog, running ones may be overdue.
        closed_from: int | None = None  # week index from which the case is final
        running_from: int | None = received_week
        overdue_week = clamp(_week_index(due + dt.timedelta(days=1))) if due else never
        last_final: tuple[str, str] | None = None
        backlog_marks: list[tuple[int, int]] = [(received_week, 1)]
        overdue_marks: list[tuple[int, int]] = []
        for to_status, at in transitions.get(case_id, ()):
            week = clock.week(at)
            is_final = to_status in workflow.FINAL
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
        if status not in workflow.FINAL or last_final is None:
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
            acc.cancelled[week] += final_status == workflow.CANCELADO
            if due is not None:
                acc.with_term[week] += 1
                acc.within[week] += resolved_day <= due

    if include_complaints:
        _count_complaints(db, accs, zone, lo, hi, first, last, restrict=restrict)

    def figures(acc: _Acc) -> tuple[WeekFigures, ...]:
        rows = []
        backlog = sum(v for k, v in acc.backlog_delta.items() if k < lo)
        overdue = sum(v for k, v in acc.overdue_delta.items() if k < lo)
        for index in range(lo, hi + 1):
            backlog += acc.backlog_delta.get(index, 0)
            overdue += acc.overdue_delta.get(index, 0)
            days, business = acc.days.get(index, []), acc.bdays.get(index, [])
            rows.append(
                WeekFigures(
                    week=_week_of_index(index),
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
                    complaints_received=acc.c_received.get(index, 0)
                    if include_complaints
                    else None,
                    complaints_resolved=acc.c_resolved.get(index, 0)
                    if include_complaints
                    else None,
                )
            )
        return tuple(rows)

    total = TOTAL_PICKED if restrict else TOTAL
    result = [DepartmentWeeks(total, figures(accs[ALL]))]
    result += [DepartmentWeeks(d, figures(accs[d.id])) for d in picked]
    return WeeklyReport(first, last, str(zone), tuple(result))


def _overdue_span(start: int, end: int, overdue_week: int) -> Iterable[tuple[int, int]]:
    """+1/-1 marks for the weeks in [start, end) that are also ≥ ``overdue_week``."""
    begin = max(start, overdue_week)
    if begin < end:
        yield (begin, 1)
        yield (end, -1)


def _count_complaints(
    db: Database,
    accs: dict[str, _Acc],
    zone: dt.tzinfo,
    lo: int,
    hi: int,
    first: IsoWeek,
    last: IsoWeek,
    *,
    restrict: bool,
) -> None:
    # Two days of margin each side: a UTC timestamp can be a different local day.
    since = (first.monday - dt.timedelta(days=2)).isoformat()
    until = (last.sunday + dt.timedelta(days=2)).isoformat()
    closed = sorted(COMPLAINT_CLOSED)
    marks = ",".join("?" * len(closed))
    has_history = bool(
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'complaint_status_history'"
        ).fetchone()
    )
    resolved_at = (
        "coalesce((SELECT max(h.at) FROM complaint_status_history h WHERE h.complaint_id = c.id "
        f"AND h.to_status IN ({marks})), c.updated_at)"
        if has_history
        else "c.updated_at"
    )
    params: list[str] = closed if has_history else []
    for created, resolved, status, dept in db.execute(
        f"SELECT created_at, resolved_at, status, dept FROM (SELECT c.created_at, {resolved_at} "
        "AS resolved_at, c.status, coalesce(i.department_id, '') AS dept "
        "FROM complaints c LEFT JOIN inspectors i ON i.id = c.inspector_id) "
        "WHERE (created_at >= ? AND created_at <= ?) OR (resolved_at >= ? AND resolved_at <= ?)",
        [*params, since, until, since, until],
    ):
        if restrict and dept not in accs:
            continue
        groups = [accs[ALL], accs[dept]] if dept and dept in accs else [accs[ALL]]
        week = _week_index(local_day(created, zone))
        if lo <= week <= hi:
            for acc in groups:
                acc.c_received[week] += 1
        if status in COMPLAINT_CLOSED:
            week = _week_index(local_day(resolved, zone))
            if lo <= week <= hi:
                for acc in groups:
                    acc.c_resolved[week] += 1


# -- ratings and the data scope ------------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentRatings:
    """Citizens' ratings (1-5) of one department over a span of weeks."""

    department: Department
    count: int
    speed: float
    attention: float
    service: float


def ratings_by_department(
    db: Database,
    first: IsoWeek,
    last: IsoWeek,
    *,
    departments: Sequence[str] | None = None,
    tz: dt.tzinfo | None = None,
) -> list[DepartmentRatings]:
    """Mean ratings per department for ratings given from ``first`` to ``last`` (local weeks).

    A rating belongs to its ``department_id``, else to its inspector's department; ratings with
    neither are left out. Departments with no ratings are not listed; with ``departments``
    (codes) only those are.
    """
    zone = tz or local_zone()
    start = dt.datetime.combine(first.monday, dt.time(), zone)
    end = dt.datetime.combine(last.sunday + dt.timedelta(days=1), dt.time(), zone)
    rows = db.execute(
        "SELECT d.id, d.code, d.name, count(*), avg(r.speed), avg(r.attention), avg(r.service) "
        "FROM ratings r LEFT JOIN inspectors i ON i.id = r.inspector_id "
        "JOIN departments d ON d.id = coalesce(r.department_id, i.department_id) "
        "WHERE r.at >= ? AND r.at < ? GROUP BY d.id ORDER BY d.code",
        [_utc_text(start), _utc_text(end)],
    ).fetchall()
    wanted = {c.strip().upper() for c in departments or ()}
    return [
        DepartmentRatings(Department(r[0], r[1], r[2]), int(r[3]), r[4], r[5], r[6])
        for r in rows
        if not wanted or str(r[1]).upper() in wanted
    ]


@dataclass(frozen=True)
class DataScope:
    """Which data the figures include: this device's copy, and how current it is."""

    device_id: str
    last_sync_at: str | None
    pending_changes: int
    devices: int  # devices whose status changes are in the local copy

    def text(self, lang: str = "es") -> str:
        """One plain sentence for the report and the screen."""
        en = lang.startswith("en")
        if self.last_sync_at is None:
            return (
                f"This device has never synced: the figures include only the data captured on "
                f"it (device {self.device_id[:8]})."
                if en
                else f"Este equipo nunca se ha sincronizado: las cifras incluyen solo los datos "
                f"capturados en él (equipo {self.device_id[:8]})."
            )
        stamp = self.last_sync_at[:16].replace("T", " ")
        if en:
            text = (
                f"Figures from this device's copy, last synced {stamp} UTC, with data from "
                f"{self.devices} device(s); changes made elsewhere since then are not included."
            )
            if self.pending_changes:
                text += f" {self.pending_changes} change(s) on this device are not synced yet."
            return text
        text = (
            f"Cifras de la copia de este equipo, sincronizada por última vez el {stamp} UTC, con "
            f"datos de {self.devices} equipo(s); no incluyen cambios hechos en otros equipos "
            f"desde entonces."
        )
        if self.pending_changes:
            text += f" Hay {self.pending_changes} cambio(s) de este equipo sin sincronizar."
        return text


def data_scope(db: Database) -> DataScope:
    """This device's id, its last sync, its unsynced changes and the devices seen in history."""

    def setting(key: str) -> str | None:
        row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    pending = sync_state.pending_count(db)
    devices = db.execute("SELECT count(DISTINCT device_id) FROM case_status_history").fetchone()
    return DataScope(
        device_id=setting("device_id") or "",
        last_sync_at=setting("last_sync_at"),
        pending_changes=int(pending),
        devices=int(devices[0]),
    )


def definitions_text(lang: str = "es") -> str:
    """The definitions above in a few plain sentences: the screen's help and the report."""
    if lang.startswith("en"):
        return (
            "Weeks run Monday to Sunday, local time (America/Cancun). Received: cases with a "
            "received date in the week. Resolved: cases whose last entry into a final state "
            "(delivered, rejected, cancelled) falls in the week; a reopened case counts once, at "
            "its last resolution. Backlog: cases received and not in a final state at Sunday "
            "24:00. Turnaround: days from receipt to resolution, calendar and business (Monday "
            "to Friday minus holidays); median = middle value, P90 = nearest rank. Within term: "
            "share of resolved cases resolved on or before their due date. Overdue: backlog "
            "cases whose clock runs and whose due date is before Sunday."
        )
    return (
        "Las semanas van de lunes a domingo, hora local (America/Cancun). Recibidos: expedientes "
        "con fecha de recepción en la semana. Resueltos: expedientes cuya última entrada a un "
        "estado final (entregado, rechazado, cancelado) cae en la semana; uno reabierto cuenta "
        "una vez, en su última resolución. Rezago: recibidos que no estaban en estado final el "
        "domingo a las 24:00. Tiempo de respuesta: días de la recepción a la resolución, "
        "naturales y hábiles (lunes a viernes sin días inhábiles); mediana = valor central, "
        "P90 = rango más cercano. En plazo: parte de los resueltos a más tardar en su fecha "
        "límite. Vencidos: del rezago, los que corren plazo y cuya fecha límite es anterior al "
        "domingo."
    )


def forecast_note(lang: str = "es") -> str:
    """Why the forecast's pending count differs from the backlog above it."""
    if lang.startswith("en"):
        return (
            "The forecast (from the case list) counts a case as answered once its anuencia is "
            "issued; the backlog here counts it until it reaches a final state (delivered, "
            "rejected or cancelled)."
        )
    return (
        "El pronóstico (el de la lista de expedientes) da por atendido un expediente desde que "
        "se emite su anuencia; el rezago de este tablero lo cuenta hasta que llega a un estado "
        "final (entregado, rechazado o cancelado)."
    )


def weeks_between(first: IsoWeek, last: IsoWeek) -> list[IsoWeek]:
    """Every ISO week from ``first`` to ``last`` inclusive."""
    lo, hi = _week_index(first.monday), _week_index(last.monday)
    return [_week_of_index(i) for i in range(lo, hi + 1)]
