"""The ``verifica`` command: the app by default, plus headless subcommands.

``verifica`` opens the window; ``verifica demo``, ``verifica check`` and ``verifica backup DEST``
work without a display. ``--data-dir`` and ``--lang`` are accepted before or after the
subcommand. Expected problems print a plain message and exit 2; a failed check exits 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import (
    __version__,
    cli_anuencias,
    cli_backlog,
    cli_badges,
    cli_complaints,
    cli_inspections,
    cli_kiosk,
    cli_report,
    cli_sync,
)
from desktop.errors import Problem
from desktop.paths import default_data_dir
from desktop.store.schema import SCHEMA_VERSION

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_PROBLEM = 2


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # Subparsers use SUPPRESS so an option given before the subcommand is not reset by it.
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=default,
        metavar="DIR",
        help="data folder (default: the platform's user data folder)",
    )
    parser.add_argument(
        "--lang",
        choices=("es", "en"),
        default="es" if top else argparse.SUPPRESS,
        help="language of messages and of the app (default: es = es-MX)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="verifica",
        description="Verifica — expedientes, inspecciones y verificación de credenciales. "
        "Without a subcommand, opens the app.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"verifica {__version__} (schema {SCHEMA_VERSION})",
    )
    _common(parser, top=True)
    parser.add_argument(
        "--camera",
        default="camera:0",
        metavar="SPEC",
        help="camera for inspection photos (and a kiosk sign-in): camera:N, a video, an image or "
        "a folder of images (default: camera:0)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="create or refill a demo data folder")
    _common(demo, top=False)
    demo.add_argument("--seed", type=int, default=2026, help="random seed (default: 2026)")
    demo.add_argument(
        "--cases", type=int, default=2000, help="number of permit cases (default: 2000)"
    )

    check = sub.add_parser(
        "check", help="integrity check plus audit-chain verification (exit 1 if anything is wrong)"
    )
    _common(check, top=False)

    backup = sub.add_parser("backup", help="copy the database with SQLite's online backup")
    _common(backup, top=False)
    backup.add_argument("dest", type=Path, metavar="DEST", help="backup file or folder")

    selftest = sub.add_parser(
        "selftest", help="check that this installation has every piece it needs (exit 1 if not)"
    )
    _common(selftest, top=False)
    selftest.add_argument(
        "--qt-only", action="store_true", help="only the Qt check (selftest runs it in a child)"
    )

    cli_backlog.add_parsers(sub, _common)  # verifica import cases / export cases
    cli_badges.add_parsers(sub, _common)  # verifica scan / badge … / inspector list
    cli_sync.add_parsers(sub, _common)  # verifica sync
    cli_anuencias.add_parsers(sub, _common)  # verifica anuencia issue / print / cancel
    cli_kiosk.add_parsers(sub, _common)  # verifica kiosk / kiosk set-pin
    cli_report.add_parsers(sub, _common)  # verifica report weekly
    cli_complaints.add_parsers(sub, _common)  # verifica complaints export
    cli_inspections.add_parsers(sub, _common)  # verifica inspection acta
    return parser


def _data_dir(args: argparse.Namespace) -> Path:
    # Absolute, so messages and the status bar name the folder unambiguously.
    chosen = args.data_dir if args.data_dir is not None else default_data_dir()
    return Path(chosen).expanduser().resolve()


def _cmd_demo(args: argparse.Namespace) -> int:
    from desktop.demo import create_demo

    summary = create_demo(_data_dir(args), seed=args.seed, cases=args.cases)
    print(summary.text(args.lang))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from desktop.store import open_store
    from desktop.store.maintenance import check_store

    data_dir = _data_dir(args)
    if not (data_dir / "verifica.db").exists():
        print(
            f"No hay base de datos en {data_dir}."
            if args.lang == "es"
            else f"There is no database in {data_dir}.",
            file=sys.stderr,
        )
        return EXIT_PROBLEM
    store = open_store(data_dir, migrate=False)
    try:
        report = check_store(store)
    finally:
        store.close()
    for line in report.lines:
        print(line)
    for problem in report.problems:
        print(f"ERROR: {problem}")
    if report.ok:
        print(
            "OK: la base de datos está íntegra." if args.lang == "es" else "OK: database is sound."
        )
        return EXIT_OK
    print(
        "La base de datos tiene problemas. Restaure el último respaldo y avise a soporte."
        if args.lang == "es"
        else "The database has problems. Restore the latest backup and contact support.",
        file=sys.stderr,
    )
    return EXIT_CHECK_FAILED


def _cmd_backup(args: argparse.Namespace) -> int:
    from desktop.store import open_store
    from desktop.store.maintenance import backup_store

    store = open_store(_data_dir(args), migrate=False)
    try:
        written = backup_store(store, args.dest)
    finally:
        store.close()
    print(f"Respaldo escrito en {written}" if args.lang == "es" else f"Backup written to {written}")
    return EXIT_OK


def _cmd_selftest(args: argparse.Namespace) -> int:
    from desktop import selftest

    if args.qt_only:  # the child process of the "Qt" check; Qt stays out of desktop.selftest
        from desktop.ui.selftest_qt import qt_check

        print(qt_check(selftest.resources_dir()))
        return EXIT_OK
    results = selftest.run_checks(args.lang)
    for result in results:
        print(result.line(args.lang), flush=True)
    failed = sum(not r.ok for r in results)
    print(f"verifica {__version__}: {len(results) - failed}/{len(results)} OK")
    return EXIT_CHECK_FAILED if failed else EXIT_OK


def _cmd_app(args: argparse.Namespace) -> int:
    from desktop.app import run_app

    return int(run_app(_data_dir(args), lang=args.lang, kiosk_source=args.camera))


def _launch_kiosk(data_dir: Path, source: str, location: str, lang: str, full: bool) -> int:
    from desktop.app import run_kiosk

    return int(run_kiosk(data_dir, source=source, location=location, lang=lang, full_screen=full))


COMMANDS = {
    "demo": _cmd_demo,
    "check": _cmd_check,
    "backup": _cmd_backup,
    "selftest": _cmd_selftest,
    **cli_backlog.COMMANDS,
    **cli_badges.COMMANDS,
    **cli_sync.COMMANDS,
    **cli_anuencias.COMMANDS,
    **cli_kiosk.commands(_launch_kiosk),
    **cli_report.COMMANDS,
    **cli_complaints.COMMANDS,
    **cli_inspections.COMMANDS,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = COMMANDS.get(args.command or "", _cmd_app)
    try:
        return int(handler(args))
    except Problem as problem:
        print(problem.text(args.lang), file=sys.stderr)
        return EXIT_PROBLEM
