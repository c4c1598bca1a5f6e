"""``verifica report weekly``: the council's weekly response-capacity report, headless.

``verifica report weekly --week 2026-W47 [--department CODE …] [--out report.pdf]
[--csv report.csv] [--xlsx report.xlsx]`` computes :mod:`desktop.core.metrics`'s figures on the
local data (offline) and writes at least one of the three files. It prints which data the
figures include (this device's copy: never synced, or last synced at … with N changes unsent).
Without ``--week`` it reports the last complete week.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from desktop.errors import InvalidInput

EXIT_OK = 0
TREND_WEEKS = 8  # the PDF shows the eight weeks up to the reported one


def add_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    common: Callable[..., None],
) -> None:
    """Register ``report weekly`` on the top-level subparsers."""
    rep = sub.add_parser("report", help="print reports (weekly response capacity)")
    common(rep, top=False)
    rep_sub = rep.add_subparsers(dest="what", metavar="WHAT", required=True)
    weekly = rep_sub.add_parser(
        "weekly", help="weekly figures per department as PDF (letter), CSV and/or XLSX"
    )
    common(weekly, top=False)
    weekly.add_argument(
        "--week", metavar="YYYY-Www", help="ISO week, e.g. 2026-W47 (default: last complete week)"
    )
    weekly.add_argument(
        "--department",
        action="append",
        metavar="CODE",
        help="department code (repeatable; default: every department)",
    )
    weekly.add_argument("--out", type=Path, metavar="PDF", help="write the PDF report here")
    weekly.add_argument("--csv", type=Path, metavar="FILE", help="write the week's rows as CSV")
    weekly.add_argument("--xlsx", type=Path, metavar="FILE", help="write the week's rows as XLSX")


def cmd_report(args: argparse.Namespace) -> int:
    from desktop.cli_backlog import _open
    from desktop.core import metrics
    from desktop.core.forecast import IsoWeek, backlog_forecast
    from desktop.print import weekly_report
    from desktop.print.common import DEFAULT_MUNICIPALITY, MUNICIPALITY_SETTING

    if not (args.out or args.csv or args.xlsx):
        raise InvalidInput(
            "Indique al menos un archivo de salida: --out (PDF), --csv o --xlsx.",
            "Give at least one output file: --out (PDF), --csv or --xlsx.",
        )
    zone = metrics.local_zone()
    today = dt.datetime.now(zone).date()
    week = metrics.parse_week(args.week) if args.week else IsoWeek.of(today - dt.timedelta(days=7))
    store = _open(args)
    try:
        db = store.db
        report = metrics.weekly_figures(
            db, week.plus(-(TREND_WEEKS - 1)), week, departments=args.department, tz=zone
        )
        scope = metrics.data_scope(db)
        written = []
        if args.out:
            ctx = weekly_report.PdfContext(
                municipality=store.get_setting(MUNICIPALITY_SETTING) or DEFAULT_MUNICIPALITY,
                scope=scope,
                forecast=backlog_forecast(db, today=min(today, week.sunday), tz=zone),
                ratings=metrics.ratings_by_department(
                    db, report.first, week, departments=args.department, tz=zone
                ),
                generated=dt.datetime.now(zone),
            )
            pages = weekly_report.write_pdf(report, args.out, ctx, lang=args.lang)
            written.append(f"{args.out} ({pages} p.)")
        if args.csv:
            weekly_report.write_csv(report, args.csv, lang=args.lang)
            written.append(str(args.csv))
        if args.xlsx:
            weekly_report.write_xlsx(report, args.xlsx, lang=args.lang)
            written.append(str(args.xlsx))
    except OSError as exc:
        raise InvalidInput(
            f"No se pudo escribir el informe: {exc}", f"Could not write the report: {exc}"
        ) from exc
    finally:
        store.close()
    en = args.lang == "en"
    print(scope.text(args.lang))
    print((f"Week {week}: wrote " if en else f"Semana {week}: se escribió ") + ", ".join(written))
    return EXIT_OK


COMMANDS = {"report": cmd_report}
