"""`verifica report weekly` on demo data: the PDF renders, its text has the figures, and CSV and
XLSX hold exactly the numbers desktop.core.metrics computes."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from desktop_cli import run_verifica
from openpyxl import load_workbook

from desktop.core import metrics
from desktop.core.forecast import IsoWeek
from desktop.print import weekly_report
from desktop.store import open_store

ROOT = Path(__file__).resolve().parents[1]
POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    folder = tmp_path_factory.mktemp("report") / "demo"
    shutil.copytree(demo_template, folder)
    return folder


def last_week() -> IsoWeek:
    return IsoWeek.of(dt.datetime.now(metrics.local_zone()).date() - dt.timedelta(days=7))


def expected(demo: Path, week: IsoWeek) -> metrics.WeeklyReport:
    store = open_store(demo)
    try:
        return metrics.weekly_figures(store.db, week, week)
    finally:
        store.close()


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdftoppm) not installed")
def test_the_pdf_renders_one_page_per_department_plus_summary_with_the_numbers(
    demo: Path, tmp_path: Path
) -> None:
    week = last_week()
    pdf = tmp_path / "informe.pdf"
    done = run_verifica(
        "--data-dir", str(demo), "report", "weekly", "--week", str(week), "--out", str(pdf)
    )
    assert done.returncode == 0, done.stderr
    assert "nunca se ha sincronizado" in done.stdout  # the demo device never synced
    report = expected(demo, week)
    pages = subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "p")], check=True
    )
    assert pages.returncode == 0
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == 1 + len(report.departments)
    assert all(p.stat().st_size > 2000 for p in pngs)
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"semana {week}" in text
    assert "nunca se ha sincronizado" in text
    total = report.total.weeks[0]
    line = next(x for x in text.splitlines() if x.strip().startswith("Todas las dependencias"))
    figures = [
        str(total.received),
        str(total.resolved),
        str(total.backlog),
        str(total.overdue),
        weekly_report.number(total.median_business_days),
        weekly_report.number(total.p90_business_days),
    ]
    assert line.split()[3:9] == figures


def test_csv_and_xlsx_hold_the_same_numbers_as_metrics(demo: Path, tmp_path: Path) -> None:
    week = last_week()
    out_csv, out_xlsx = tmp_path / "s.csv", tmp_path / "s.xlsx"
    done = run_verifica(
        "--data-dir",
        str(demo),
        "report",
        "weekly",
        "--week",
        str(week),
        "--csv",
        str(out_csv),
        "--xlsx",
        str(out_xlsx),
    )
    assert done.returncode == 0, done.stderr
    report = expected(demo, week)
    with out_csv.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:4] == ["Clave", "Dependencia", "Semana", "Recibidos"]
    assert [r[0] for r in rows[1:]] == [g.department.code for g in report.groups]
    book = load_workbook(out_xlsx)
    sheet = book.active
    assert sheet is not None
    cells = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    book.close()
    for group, row, cell in zip(report.groups, rows[1:], cells, strict=True):
        f = group.weeks[0]
        numbers = [
            f.received,
            f.resolved,
            f.cancelled,
            f.backlog,
            f.overdue,
            f.median_days,
            f.p90_days,
            f.median_business_days,
            f.p90_business_days,
            f.within_term,
            f.with_term,
        ]
        assert [None if v == "" else float(v) for v in row[3:14]] == numbers
        assert cell[3:14] == numbers


def test_report_without_an_output_or_with_a_bad_week_is_refused(demo: Path) -> None:
    done = run_verifica("--data-dir", str(demo), "report", "weekly", "--week", "2026-W47")
    assert done.returncode == 2 and "--out" in done.stderr
    done = run_verifica(
        "--data-dir", str(demo), "report", "weekly", "--week", "2026-W60", "--csv", "x.csv"
    )
    assert done.returncode == 2 and "2026-W47" in done.stderr
    assert not (ROOT / "x.csv").exists()
