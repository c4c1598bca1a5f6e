"""The Tablero screen (pytest-qt): it shows metrics' numbers for the chosen departments and
weeks in its table and charts, refreshes itself after a write, hides complaint counts from roles
that may not see complaints, explains its definitions and writes the report's CSV."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pyqtgraph as pg
from pytestqt.qtbot import QtBot

from desktop.core import metrics, permits, users, workflow
from desktop.core.forecast import IsoWeek
from desktop.store import Actor, Store
from desktop.ui.dashboard_view import DashboardView
from desktop.ui.tasks import TaskRunner

ZONE = metrics.local_zone()
TODAY = dt.datetime.now(ZONE).date()
THIS_WEEK = IsoWeek.of(TODAY)


def _cases(store: Store, actor: Actor) -> dict[str, str]:
    """PC: two received this week, one of them cancelled; DU: one received this week."""
    pc = permits.create_department(store, actor, code="PC", name="Protección Civil")
    du = permits.create_department(store, actor, code="DU", name="Desarrollo Urbano")
    business = permits.create_business(store, actor, name="Tienda")
    ids = {}
    for folio, dept in (("PC-1", pc), ("PC-2", pc), ("DU-1", du)):
        ids[folio] = permits.create_case(
            store, actor, folio=folio, business_id=business, received_date=TODAY, department_id=dept
        )
    permits.change_status(store, actor, ids["PC-2"], workflow.CANCELADO, "Desistió")
    return ids


def _view(qtbot: QtBot, store: Store, user: users.User) -> tuple[DashboardView, TaskRunner]:
    runner = TaskRunner("es")
    view = DashboardView(store, runner, user, today=TODAY)
    qtbot.addWidget(view)
    view.resize(1280, 860)
    view.show()
    qtbot.waitUntil(lambda: view.data is not None, timeout=5000)
    return view, runner


def _row(view: DashboardView, week: IsoWeek) -> dict[str, str]:
    titles = view.column_titles()
    for row in range(view.table.rowCount()):
        item = view.table.item(row, 0)
        if item is not None and item.text() == str(week):
            cells = [view.table.item(row, c) for c in range(view.table.columnCount())]
            return {
                t: (c.text() if c is not None else "") for t, c in zip(titles, cells, strict=True)
            }
    raise AssertionError(f"{week} not in the table")


def _bars(view: DashboardView) -> list[list[float]]:
    items = [i for i in view.flow_plot.plotItem.items if isinstance(i, pg.BarGraphItem)]
    return [list(i.opts["height"]) for i in items]


def test_the_table_and_charts_show_metrics_numbers_and_follow_writes(
    qtbot: QtBot, store: Store, admin: users.User, actor: Actor
) -> None:
    ids = _cases(store, actor)
    view, runner = _view(qtbot, store, admin)
    try:
        first, last = view.weeks()
        assert last == THIS_WEEK and view.table.rowCount() == len(
            metrics.weeks_between(first, last)
        )
        expected = metrics.weekly_figures(store.db, first, last, tz=ZONE).total.weeks
        row = _row(view, THIS_WEEK)
        assert (row["Recibidos"], row["Resueltos"], row["Cancelados"], row["Rezago"]) == (
            "3",
            "1",
            "1",
            "2",
        )
        assert _bars(view) == [
            [float(f.received) for f in expected],
            [float(f.resolved) for f in expected],
        ]
        assert _row(view, THIS_WEEK)["Denuncias\nrecib. / resuel."] == "0 / 0"  # admins see them
        assert "nunca se ha sincronizado" in view.scope_label.text()

        # A write announced through the runner refreshes the screen by itself.
        with qtbot.waitSignal(view.loaded, timeout=5000):
            runner.run_db(
                lambda: permits.change_status(
                    store, actor, ids["DU-1"], workflow.CANCELADO, "Duplicado"
                ),
                changes={"permit_cases"},
            )
        assert (_row(view, THIS_WEEK)["Resueltos"], _row(view, THIS_WEEK)["Rezago"]) == ("2", "1")

        # Picking a department shows only its figures.
        with qtbot.waitSignal(view.loaded, timeout=5000):
            view.set_picked(["PC"])
        assert (_row(view, THIS_WEEK)["Recibidos"], _row(view, THIS_WEEK)["Resueltos"]) == (
            "2",
            "1",
        )
    finally:
        runner.shutdown()


def test_a_supervisor_sees_no_complaint_counts(
    qtbot: QtBot, store: Store, admin: users.User, actor: Actor
) -> None:
    _cases(store, actor)
    boss = users.create_user(
        store,
        actor,
        username="jefa",
        display_name="Jefa",
        password="contraseña-segura",
        role="supervisor",
    )
    view, runner = _view(qtbot, store, boss)
    try:
        assert not any("Denuncias" in t for t in view.column_titles())
        assert view.table.columnCount() == len(view.column_titles())
        assert view.data is not None
        assert view.data.report.total.weeks[-1].complaints_received is None
    finally:
        runner.shutdown()


def test_the_help_explains_the_definitions_and_the_csv_has_the_screen_numbers(
    qtbot: QtBot, store: Store, admin: users.User, actor: Actor, tmp_path: Path
) -> None:
    _cases(store, actor)
    view, runner = _view(qtbot, store, admin)
    try:
        box = view.show_definitions()
        assert "Resueltos" in box.text() and "America/Cancun" in box.text()
        box.close()
        out = tmp_path / "semana.csv"
        with qtbot.waitSignal(view.report_written, timeout=10000) as written:
            view.write_report(out, "csv")
        assert written.args == [str(out)]
        with out.open(encoding="utf-8-sig", newline="") as fh:
            rows = {r[0]: r for r in csv.reader(fh)}
        row = _row(view, THIS_WEEK)
        assert (rows["TOTAL"][3], rows["TOTAL"][4], rows["TOTAL"][6]) == (
            row["Recibidos"],
            row["Resueltos"],
            row["Rezago"],
        )
        assert rows["PC"][3] == "2" and rows["DU"][3] == "1"
    finally:
        runner.shutdown()
