"""The server's transparency page and CSV publish the desktop Tablero's figures, without people.

A real desktop demo folder pushes its whole change log to a real server (SQLite and PostgreSQL);
the CSV the server serves must equal :func:`desktop.core.metrics.weekly_figures` computed on that
same desktop store for the same weeks, and neither the page nor the CSV may carry a name, phone
number or folio.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
import server_helpers as h
from server_helpers import ServerProcess
from sqlite_utils import Database

from desktop.core import deadlines, metrics, workflow
from desktop.core.forecast import IsoWeek
from desktop.demo import create_demo
from sync import metrics as figures_core

WEEKS = 26
FIGURE_ENTITIES = {"permit_cases", "case_status_history", "departments"}


@pytest.fixture(scope="module")
def synced(
    start_server: Callable[[str], ServerProcess], tmp_path_factory: pytest.TempPathFactory
) -> tuple[ServerProcess, Path]:
    """A server of its own holding everything a desktop demo folder pushed."""
    server = start_server("transparency")
    folder = tmp_path_factory.mktemp("transparency") / "laptop"
    create_demo(folder, cases=150)
    db = folder / "verifica.db"
    outbox = h.desktop_outbox(db)
    token, _ = server.login("admin", h.ADMIN_PASSWORD, device_id=outbox.device_id)
    laptop = server.api(token)
    chunks = zip(h.chunks(outbox.changes, 250), h.chunks(outbox.audit, 250), strict=False)
    for part, events in chunks:
        reply = laptop.push(part, events)
        for change, result in zip(part, reply["results"], strict=True):
            # Entities the server does not know yet (new desktop tables) may be refused; what
            # the figures are made of may not.
            if change["entity"] in FIGURE_ENTITIES:
                assert result["status"] == "accepted", result
    return server, db


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def test_the_status_sets_are_the_desktop_ones() -> None:
    assert figures_core.FINAL == workflow.FINAL
    assert figures_core.CLOCK_STOPPED == deadlines.CLOCK_STOPPED
    assert figures_core.CANCELLED == workflow.CANCELADO


def test_the_csv_equals_the_desktop_figures_for_the_same_weeks(
    synced: tuple[ServerProcess, Path],
) -> None:
    server, db = synced
    last = IsoWeek.of(metrics.local_day(h.now_iso(), metrics.local_zone()))
    first = last.plus(-(WEEKS - 1))
    reply = server.api().http.get(
        "/transparencia.csv", params={"semanas": WEEKS, "hasta": str(last)}
    )
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"].startswith("text/csv")
    published = list(csv.DictReader(io.StringIO(reply.text)))

    store = Database(db)
    try:
        report = metrics.weekly_figures(store, first, last, include_complaints=False)
    finally:
        store.close()
    expected = [
        {
            "semana": str(w.week),
            "dependencia_clave": group.department.code,
            "dependencia": group.department.name,
            "recibidos": str(w.received),
            "resueltos": str(w.resolved),
            "cancelados": str(w.cancelled),
            "rezago": str(w.backlog),
            "vencidos": str(w.overdue),
            "mediana_dias": _number(w.median_days),
            "p90_dias": _number(w.p90_days),
            "mediana_dias_habiles": _number(w.median_business_days),
            "p90_dias_habiles": _number(w.p90_business_days),
            "en_plazo": str(w.within_term),
            "con_plazo": str(w.with_term),
        }
        for group in report.groups
        for w in group.weeks
    ]
    got = [{k: row[k] for k in expected[0]} for row in published]
    assert got == expected
    # The comparison means something: the demo's weeks have cases in every column.
    total = [row for row in got if row["dependencia_clave"] == "TOTAL"]
    assert len(total) == WEEKS
    assert sum(int(r["recibidos"]) for r in total) > 0
    assert sum(int(r["resueltos"]) for r in total) > 0
    assert any(int(r["rezago"]) > 0 for r in total)
    assert any(r["mediana_dias"] for r in total)
    assert len(report.departments) >= 1


def test_the_page_shows_each_department_and_no_personal_data(
    synced: tuple[ServerProcess, Path],
) -> None:
    server, db = synced
    client = server.api().http
    page = client.get("/transparencia")
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<html lang="es-MX">' in html
    assert 'name="viewport"' in html
    assert "Atención de trámites por dependencia" in html
    for dept in h.sqlite_rows(db, "SELECT name FROM departments"):
        assert dept["name"] in html
    assert html.count("<tr>") >= h_rows(len(h.sqlite_rows(db, "SELECT id FROM departments")))

    text = html + client.get("/transparencia.csv").text
    secrets: set[str] = set()
    for b in h.sqlite_rows(db, "SELECT owner_name, phone, name FROM businesses"):
        secrets |= {b["owner_name"], b["phone"], b["name"]}
    for c in h.sqlite_rows(db, "SELECT folio, id FROM permit_cases"):
        secrets |= {c["folio"], c["id"]}
    for u in h.sqlite_rows(db, "SELECT full_name FROM inspectors"):
        secrets.add(u["full_name"])
    secrets.discard(None)
    secrets.discard("")
    assert secrets
    leaked = sorted(s for s in secrets if s in text)
    assert leaked == []


def h_rows(departments: int) -> int:
    """Table rows on the default page: a header and 12 weeks per table, total included."""
    return (departments + 1) * 13


def test_a_bad_week_is_refused_with_a_clear_message(synced: tuple[ServerProcess, Path]) -> None:
    server, _ = synced
    client = server.api().http
    for bad in ("2026-W99", "2026-W00", "1999-W10", "semana 47"):
        reply = client.get("/transparencia.csv", params={"hasta": bad})
        assert reply.status_code == 422, bad
        assert [e["loc"] for e in reply.json()["errors"]] == [["query", "hasta"]]
    # 2025 has 52 ISO weeks: "2025-W53" is read as its last week, not refused.
    last = client.get("/transparencia.csv", params={"hasta": "2025-W53", "semanas": 1})
    assert last.status_code == 200 and "2025-W52" in last.text
    assert client.get("/transparencia", params={"semanas": 0}).status_code == 422
    assert client.get("/transparencia", params={"semanas": 53}).status_code == 422
