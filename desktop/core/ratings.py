"""Citizens' ratings of inspectors and departments: averages, weekly trend and low-rating alerts.

Ratings are stored by the kiosk (:func:`desktop.core.kiosk_intake.record_rating`): speed,
attention and service from 1 to 5. A rating counts for the inspector it names and for the
department — its own ``department_id`` (an office visit) or else the inspector's department.

Who may read: the Contraloría and administrators see everything; a supervisor sees the ratings
of their own department (to watch its response capacity); nobody else.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.core.users import User
from desktop.errors import NotAllowed
from desktop.store.db import Store

ALL_READERS = frozenset({"comptroller", "admin"})
ALERT_WINDOW = dt.timedelta(weeks=4)
ALERT_BELOW = 3.0
ALERT_MIN_COUNT = 3
INSPECTOR = "inspector"
DEPARTMENT = "department"


@dataclass(frozen=True)
class Rated:
    """One rating as the aggregates see it."""

    inspector_id: str | None
    department_id: str | None
    speed: int
    attention: int
    service: int
    at: dt.datetime


@dataclass(frozen=True)
class RatingStats:
    """Averages for one inspector, department or week."""

    key: str
    name: str
    count: int
    speed: float
    attention: float
    service: float

    @property
    def overall(self) -> float:
        """The mean of the three averages."""
        return (self.speed + self.attention + self.service) / 3


@dataclass(frozen=True)
class WeekStats:
    """Averages for one ISO week (``year``-W``week``)."""

    year: int
    week: int
    stats: RatingStats

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.week:02d}"


@dataclass(frozen=True)
class LowRatingAlert:
    """An inspector or department whose recent ratings average below :data:`ALERT_BELOW`."""

    scope: str  # INSPECTOR or DEPARTMENT
    key: str
    name: str
    count: int
    average: float


def _scope_department(user: User) -> str | None:
    """``None`` for readers of everything; the department id a supervisor is limited to."""
    if user.role in ALL_READERS:
        return None
    if user.role == "supervisor" and user.department_id:
        return user.department_id
    raise NotAllowed(
        "Su cuenta no puede consultar calificaciones.", "Your account cannot see ratings."
    )


def _parse(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _load(
    store: Store,
    user: User,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> list[Rated]:
    limit = _scope_department(user)
    rows = store.db.execute(
        "SELECT r.inspector_id, coalesce(r.department_id, i.department_id), r.speed, "
        "r.attention, r.service, r.at FROM ratings r "
        "LEFT JOIN inspectors i ON i.id = r.inspector_id"
    ).fetchall()
    result = []
    for inspector_id, department_id, speed, attention, service, at in rows:
        moment = _parse(at)
        if since is not None and moment < since:
            continue
        if until is not None and moment >= until:
            continue
        if limit is not None and department_id != limit:
            continue
        result.append(Rated(inspector_id, department_id, speed, attention, service, moment))
    return result


def _stats(key: str, name: str, items: list[Rated]) -> RatingStats:
    n = len(items)
    return RatingStats(
        key,
        name,
        n,
        sum(r.speed for r in items) / n,
        sum(r.attention for r in items) / n,
        sum(r.service for r in items) / n,
    )


def _names(store: Store, table: str, column: str) -> dict[str, str]:
    return {str(r[0]): str(r[1]) for r in store.db.execute(f"SELECT id, {column} FROM {table}")}


def _group(items: Iterable[Rated], scope: str) -> dict[str, list[Rated]]:
    groups: dict[str, list[Rated]] = defaultdict(list)
    for r in items:
        key = r.inspector_id if scope == INSPECTOR else r.department_id
        if key:
            groups[key].append(r)
    return groups


def summary(
    store: Store,
    user: User,
    *,
    scope: str = INSPECTOR,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> list[RatingStats]:
    """Averages and count per inspector or per department, best known name first by average.

    Args:
        scope: :data:`INSPECTOR` or :data:`DEPARTMENT`.
        since, until: only ratings in ``[since, until)`` (aware datetimes).

    Raises:
        NotAllowed: not Contraloría, administrator or a supervisor with a department.
    """
    names = (
        _names(store, "inspectors", "full_name")
        if scope == INSPECTOR
        else _names(store, "departments", "name")
    )
    groups = _group(_load(store, user, since=since, until=until), scope)
    stats = [_stats(key, names.get(key, key), items) for key, items in groups.items()]
    return sorted(stats, key=lambda s: (s.overall, s.name))


def weekly_trend(
    store: Store,
    user: User,
    *,
    inspector_id: str | None = None,
    department_id: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    tz: dt.tzinfo | None = None,
) -> list[WeekStats]:
    """Averages per ISO week (in ``tz``, default the machine's zone), oldest first.

    Weeks without ratings are left out. Filter by one inspector or one department, or neither.
    """
    items = [
        r
        for r in _load(store, user, since=since, until=until)
        if (inspector_id is None or r.inspector_id == inspector_id)
        and (department_id is None or r.department_id == department_id)
    ]
    weeks: dict[tuple[int, int], list[Rated]] = defaultdict(list)
    for r in items:
        iso = r.at.astimezone(tz).isocalendar()
        weeks[(iso.year, iso.week)].append(r)
    return [
        WeekStats(year, week, _stats(f"{year}-W{week:02d}", "", weeks[(year, week)]))
        for year, week in sorted(weeks)
    ]


def low_rating_alerts(
    store: Store, user: User, *, now: dt.datetime | None = None
) -> list[LowRatingAlert]:
    """Inspectors and departments averaging below 3 over the last 4 weeks (with ≥ 3 ratings)."""
    moment = now or dt.datetime.now(dt.UTC)
    alerts: list[LowRatingAlert] = []
    for scope in (INSPECTOR, DEPARTMENT):
        for s in summary(store, user, scope=scope, since=moment - ALERT_WINDOW, until=moment):
            if s.count >= ALERT_MIN_COUNT and s.overall < ALERT_BELOW:
                alerts.append(LowRatingAlert(scope, s.key, s.name, s.count, round(s.overall, 2)))
    return alerts
