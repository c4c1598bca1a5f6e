"""The weekly transparency figures the server publishes: ``/transparencia`` and its CSV.

The same figures as the desktop's Tablero (definitions in :mod:`desktop.core.metrics`, computed
by :func:`sync.metrics.case_weeks`), over every case devices have pushed: received, resolved,
backlog, median turnaround, within term and overdue, per department and in total. Only counts
and department names leave the server: no names, folios, phone numbers or ids.

Differences from a desktop's copy, by design: business days skip the official rest days (LFT
art. 74, :mod:`sync.business_days`) but not the municipal extra days (they are not synced), and
a case without a stored due date has no term here; complaints are not published.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select

from sync import metrics
from sync.business_days import BusinessCalendar
from sync.server import db, models

DEFAULT_WEEKS = 12
MAX_WEEKS = 52

CSV_COLUMNS = (
    "semana",
    "inicio",
    "fin",
    "dependencia_clave",
    "dependencia",
    "recibidos",
    "resueltos",
    "cancelados",
    "rezago",
    "vencidos",
    "mediana_dias",
    "p90_dias",
    "mediana_dias_habiles",
    "p90_dias_habiles",
    "en_plazo",
    "con_plazo",
)


@dataclass(frozen=True)
class DepartmentFigures:
    """One department's weeks (``code`` is ``TOTAL`` for all departments together)."""

    code: str
    name: str
    weeks: tuple[metrics.WeekCounts, ...]  # newest first


@dataclass(frozen=True)
class Transparency:
    """The published figures for a span of weeks."""

    first: dt.date  # Monday of the first week
    last: dt.date  # Monday of the last week
    groups: tuple[DepartmentFigures, ...]  # the total first, then departments by code
    computed_at: str


def iso_week(monday: dt.date) -> str:
    """``2026-W47`` for a Monday."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


#: What ``?hasta=`` accepts, declared in the OpenAPI description so a well-formed week is
#: never refused.
WEEK_PATTERN = r"^20[0-9]{2}-?[Ww](0[1-9]|[1-4][0-9]|5[0-3])$"


def parse_week(text: str) -> dt.date | None:
    """The Monday of ``2026-W47`` (or ``2026W47``); ``None`` when it is not a week.

    The API only lets through years 2000 to 2099 and weeks 01 to 53 (``WEEK_PATTERN``).
    """
    cleaned = text.strip().upper().replace("W", "-W").replace("--", "-")
    try:
        year_text, week_text = cleaned.split("-W")
        year, week = int(year_text), int(week_text)
        # "W53" of a year with 52 ISO weeks means its last week (28 December is always in it).
        week = min(week, dt.date(year, 12, 28).isocalendar().week)
        return dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        return None


def current_week(zone: dt.tzinfo | None = None) -> dt.date:
    """The Monday of this week, local time."""
    today = dt.datetime.now(zone or metrics.local_zone()).date()
    return today - dt.timedelta(days=today.weekday())


def _rows(engine: Engine, entity: str) -> Iterator[dict[str, object]]:
    r = models.records.c
    with db.read(engine) as conn:
        result = conn.execute(
            select(r.data).where(r.entity == entity, ~r.deleted).order_by(r.seq)
        ).all()
    for row in result:
        data = json.loads(row.data)
        if isinstance(data, dict):
            yield data


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _cases(engine: Engine) -> list[metrics.CaseRow]:
    cases = []
    for data in _rows(engine, "permit_cases"):
        received = _date(data.get("received_date"))
        if received is None:
            continue
        cases.append(
            metrics.CaseRow(
                id=_text(data.get("id")),
                department_id=_text(data.get("department_id")),
                received_date=received,
                due_date=_date(data.get("due_date")),
                procedure_type=_text(data.get("procedure_type")),
                status=_text(data.get("status")),
            )
        )
    return cases


def _history(engine: Engine) -> list[metrics.StatusChange]:
    rows = []
    for data in _rows(engine, "case_status_history"):
        at, to_status = data.get("at"), data.get("to_status")
        if not isinstance(at, str) or not isinstance(to_status, str):
            continue
        try:
            metrics.local_day(at, dt.UTC)
        except ValueError:
            continue
        from_status = data.get("from_status")
        rows.append(
            metrics.StatusChange(
                _text(data.get("case_id")),
                from_status if isinstance(from_status, str) else None,
                to_status,
                at,
            )
        )
    return rows


def compute(engine: Engine, last: dt.date, weeks: int) -> Transparency:
    """The figures of ``weeks`` weeks ending with the week of Monday ``last``."""
    weeks = max(1, min(weeks, MAX_WEEKS))
    hi = metrics.week_index(last)
    lo = hi - weeks + 1
    departments = sorted(
        (
            (_text(d.get("code")), _text(d.get("name")), _text(d.get("id")))
            for d in _rows(engine, "departments")
            if _text(d.get("id"))
        ),
        key=lambda d: d[0],
    )
    counts = metrics.case_weeks(
        _cases(engine),
        _history(engine),
        lo=lo,
        hi=hi,
        calendar=BusinessCalendar(),
        terms={},
        zone=metrics.local_zone(),
        departments=[d[2] for d in departments],
    )
    groups = [DepartmentFigures("TOTAL", "Todas las dependencias", counts[metrics.ALL][::-1])]
    groups += [DepartmentFigures(code, name, counts[i][::-1]) for code, name, i in departments]
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Transparency(metrics.week_monday(lo), last, tuple(groups), now)


class Cache:
    """The last computed figures per span, reused until a record changes (``max(seq)``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[tuple[dt.date, int], tuple[int, Transparency]] = {}

    def get(self, engine: Engine, last: dt.date, weeks: int) -> Transparency:
        with db.read(engine) as conn:
            seq = int(conn.execute(select(func.max(models.records.c.seq))).scalar() or 0)
        key = (last, weeks)
        with self._lock:
            hit = self._seen.get(key)
        if hit is not None and hit[0] == seq:
            return hit[1]
        figures = compute(engine, last, weeks)
        with self._lock:
            if len(self._seen) > 64:
                self._seen.clear()
            self._seen[key] = (seq, figures)
        return figures


def number(value: float | None) -> str:
    """A median or percentile as text: ``""`` when empty, no trailing ``.0``."""
    return "" if value is None else f"{value:g}"


def to_csv(figures: Transparency) -> str:
    """The figures as CSV (UTF-8, comma, one row per department and week, oldest week first)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for group in figures.groups:
        for w in reversed(group.weeks):
            writer.writerow(
                [
                    iso_week(w.monday),
                    w.monday.isoformat(),
                    (w.monday + dt.timedelta(days=6)).isoformat(),
                    group.code,
                    group.name,
                    w.received,
                    w.resolved,
                    w.cancelled,
                    w.backlog,
                    w.overdue,
                    number(w.median_days),
                    number(w.p90_days),
                    number(w.median_business_days),
                    number(w.p90_business_days),
                    w.within_term,
                    w.with_term,
                ]
            )
    return out.getvalue()


@dataclass(frozen=True)
class WeekRow:
    """One week as the page shows it."""

    label: str
    received: int
    resolved: int
    backlog: int
    median: str
    within: str
    overdue: int


@dataclass(frozen=True)
class GroupView:
    """One department's table on the page."""

    name: str
    weeks: tuple[WeekRow, ...]


def _week_label(monday: dt.date) -> str:
    sunday = monday + dt.timedelta(days=6)
    return f"{iso_week(monday)} ({monday:%d/%m} al {sunday:%d/%m/%Y})"


def page_context(figures: Transparency) -> dict[str, Any]:
    """What ``transparencia.html`` needs: the figures as display text (es-MX)."""

    def within(w: metrics.WeekCounts) -> str:
        if not w.with_term:
            return "—"
        return f"{w.within_term} de {w.with_term} ({round(100 * w.within_term / w.with_term)} %)"

    groups = tuple(
        GroupView(
            group.name,
            tuple(
                WeekRow(
                    _week_label(w.monday),
                    w.received,
                    w.resolved,
                    w.backlog,
                    "—" if w.median_days is None else number(w.median_days),
                    within(w),
                    w.overdue,
                )
                for w in group.weeks
            ),
        )
        for group in figures.groups
    )
    return {
        "groups": groups,
        "weeks": len(figures.groups[0].weeks),
        "first": figures.first.strftime("%d/%m/%Y"),
        "last": (figures.last + dt.timedelta(days=6)).strftime("%d/%m/%Y"),
        "last_week": iso_week(figures.last),
        "computed_at": figures.computed_at.replace("T", " ").rstrip("Z"),
    }
