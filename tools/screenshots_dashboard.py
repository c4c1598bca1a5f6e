"""Screenshots of the Tablero (main window, demo data) and of the weekly report's first page.

Called from tools/screenshots.py with the demo folder it builds: ``tablero.png`` is the real main
window on the Tablero section, signed in as the demo administrator, showing the last 12 weeks;
``weekly-report.png`` is page 1 of the weekly PDF for the last complete week, rasterised with
pdftoppm at 110 dpi.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QWidget

from desktop.core import metrics, roles, users
from desktop.core.forecast import IsoWeek, backlog_forecast
from desktop.print import weekly_report
from desktop.print.common import DEFAULT_MUNICIPALITY, MUNICIPALITY_SETTING
from desktop.store import Store
from desktop.ui.dashboard_view import DashboardView
from desktop.ui.main_window import MainWindow
from desktop.ui.tasks import TaskRunner


def shoot_dashboard(
    store: Store,
    runner: TaskRunner,
    user: users.User,
    out: Path,
    *,
    size: tuple[int, int],
    locale: QLocale,
    wait_until: Callable[[Callable[[], bool], str], None],
    save: Callable[[QWidget, Path], None],
) -> None:
    """Write ``out/tablero.png`` (the window) and ``out/weekly-report.png`` (the PDF's page 1)."""
    reader = store.reader()
    window = MainWindow(store, runner, reader, user, lang="es", locale=locale)
    window.resize(size[0], max(size[1], 900))
    window.show()
    window.show_section(roles.DASHBOARD)
    view = window.findChild(DashboardView)
    assert view is not None
    wait_until(lambda: view.data is not None and runner.pending == 0, "the Tablero")
    QApplication.processEvents()
    save(window, out / "tablero.png")
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    reader.close()
    weekly_report_png(store, out / "weekly-report.png")


def weekly_report_png(store: Store, path: Path) -> None:
    """Page 1 of the weekly report of the last complete week, as a PNG."""
    zone = metrics.local_zone()
    today = dt.datetime.now(zone).date()
    week = IsoWeek.of(today - dt.timedelta(days=7))
    db = store.db
    report = metrics.weekly_figures(db, week.plus(-7), week, tz=zone)
    ctx = weekly_report.PdfContext(
        municipality=store.get_setting(MUNICIPALITY_SETTING) or DEFAULT_MUNICIPALITY,
        scope=metrics.data_scope(db),
        forecast=backlog_forecast(db, today=week.sunday, tz=zone),
        ratings=metrics.ratings_by_department(db, report.first, week, tz=zone),
        generated=dt.datetime.now(zone),
    )
    with tempfile.TemporaryDirectory(prefix="verifica-report-") as tmp:
        pdf = Path(tmp) / "informe.pdf"
        weekly_report.write_pdf(report, pdf, ctx)
        stem = Path(tmp) / "page"
        subprocess.run(
            ["pdftoppm", "-r", "110", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
             str(stem)],
            check=True,
        )  # fmt: skip
        path.write_bytes(stem.with_suffix(".png").read_bytes())
    print(f"wrote {path}")
