"""Weekly response-capacity figures per department (the Tablero), defined once, here.

These definitions are the ones the Tablero screen, its help, the weekly report (PDF, CSV, XLSX)
and the benchmark use; nothing else computes them. This module reads the store; the arithmetic
is :func:`sync.metrics.case_weeks`, which the server's transparency page runs on the synced
records, so both publish the same numbers.

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

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from desktop.core import complaints, workflow
from desktop.core.deadlines import CLOCK_STOPPED, load_calendar
from desktop.core.forecast import IsoWeek
from desktop.errors import InvalidInput
from desktop.store import sync_state
from sync import metrics as figures_core
from sync.metrics import ALL as ALL
from sync.metrics import LOCAL_ZONE as LOCAL_ZONE
from sync.metrics import MAX_WEEKS as MAX_WEEKS
from sync.metrics import local_day as local_day
from sync.metrics import local_zone as local_zone
from sync.metrics import median as median
from sync.metrics import p90 as p90

#: Complaint statuses that close a complaint: the investigation workflow's final states.
COMPLAINT_CLOSED: frozenset[str] = complaints.FINAL

_FINAL = tuple(sorted(workflow.FINAL))
_STOPPED = tuple(sorted(CLOCK_STOPPED))
_week_index = figures_core.week_index
_utc_text = figures_core.utc_text


def _week_of_index(index: int) -> IsoWeek:
    return IsoWeek.of(figures_core.week_monday(index))


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
    restrict = bool(departments)
    calendar = load_calendar(db)
    terms = {r[0]: int(r[1]) for r in db.execute("SELECT code, term_days FROM procedure_types")}
    cases = (
        figures_core.CaseRow(
            case_id, dept, dt.date.fromisoformat(received), _date(due), ptype, status
        )
        for case_id, dept, received, due, ptype, status in db.execute(
            "SELECT id, coalesce(department_id, ''), received_date, due_date, procedure_type, "
            "status FROM permit_cases WHERE received_date <= ?",
            [last.sunday.isoformat()],
        )
    )
    # Only the history rows that change a case's class (open / clock stopped / final) matter.
    marks_f = ",".join("?" * len(_FINAL))
    marks_s = ",".join("?" * len(_STOPPED))
    history = (
        figures_core.StatusChange(case_id, from_status, to_status, at)
        for case_id, from_status, to_status, at in db.execute(
            "SELECT case_id, from_status, to_status, at FROM case_status_history "
            f"WHERE (to_status IN ({marks_f})) != (coalesce(from_status, '') IN ({marks_f})) "
            f"OR (to_status IN ({marks_s})) != (coalesce(from_status, '') IN ({marks_s})) "
            "ORDER BY case_id, at",
            [*_FINAL, *_FINAL, *_STOPPED, *_STOPPED],
        )
    )
    counts = figures_core.case_weeks(
        cases,
        history,
        lo=lo,
        hi=hi,
        calendar=calendar,
        terms=terms,
        zone=zone,
        departments=[d.id for d in picked],
        restrict=restrict,
        complaints=_complaint_rows(db, first, last) if include_complaints else None,
        complaint_closed=COMPLAINT_CLOSED,
    )

    def figures(rows: tuple[figures_core.WeekCounts, ...]) -> tuple[WeekFigures, ...]:
        return tuple(
            WeekFigures(
                week=IsoWeek.of(row.monday),
                received=row.received,
                resolved=row.resolved,
                cancelled=row.cancelled,
                backlog=row.backlog,
                overdue=row.overdue,
                median_days=row.median_days,
                p90_days=row.p90_days,
                median_business_days=row.median_business_days,
                p90_business_days=row.p90_business_days,
                within_term=row.within_term,
                with_term=row.with_term,
                complaints_received=row.complaints_received,
                complaints_resolved=row.complaints_resolved,
            )
            for row in rows
        )

    total = TOTAL_PICKED if restrict else TOTAL
    result = [DepartmentWeeks(total, figures(counts[ALL]))]
    result += [DepartmentWeeks(d, figures(counts[d.id])) for d in picked]
    return WeeklyReport(first, last, str(zone), tuple(result))


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _complaint_rows(db: Database, first: IsoWeek, last: IsoWeek) -> list[figures_core.ComplaintRow]:
    """Complaints created or closed near the range, with the department of their inspector."""
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
    return [
        figures_core.ComplaintRow(created, resolved, status, dept)
        for created, resolved, status, dept in db.execute(
            f"SELECT created_at, resolved_at, status, dept FROM (SELECT c.created_at, "
            f"{resolved_at} AS resolved_at, c.status, coalesce(i.department_id, '') AS dept "
            "FROM complaints c LEFT JOIN inspectors i ON i.id = c.inspector_id) "
            "WHERE (created_at >= ? AND created_at <= ?) "
            "OR (resolved_at >= ? AND resolved_at <= ?)",
            [*params, since, until, since, until],
        )
    ]


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
