"""``verifica import cases`` and ``verifica export cases``: the permit backlog, headless.

``verifica import cases FILE [--mapping M] [--dry-run]`` validates every row first and imports
all or nothing; it prints the rows read, the rows imported and one line per refused value
(``fila N, columna X: motivo``). Exit 0 when everything was imported (or, with ``--dry-run``,
would be), 1 when rows were refused (nothing was written), 2 when the file or the data folder
cannot be used. ``M`` is a mapping JSON file or the name of a mapping saved in the app; without
it the columns are guessed from the headers.

``verifica export cases OUT.csv|OUT.xlsx [--status S] [--search TEXT]`` writes the cases the
list would show with that filter.

Changes made from the command line are recorded as made by the system on this device (the
command has no sign-in).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core import workflow
from desktop.errors import InvalidInput
from desktop.paths import default_data_dir

if TYPE_CHECKING:
    from desktop.store import Store

EXIT_OK = 0
EXIT_REFUSED = 1


def add_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    common: Callable[..., None],
) -> None:
    """Register ``import`` and ``export`` on the top-level subparsers."""
    imp = sub.add_parser("import", help="import records from a spreadsheet (all or nothing)")
    common(imp, top=False)
    imp_sub = imp.add_subparsers(dest="what", metavar="WHAT", required=True)
    cases = imp_sub.add_parser(
        "cases", help="import permit cases from a CSV or XLSX file (all or nothing)"
    )
    common(cases, top=False)
    cases.add_argument("file", type=Path, metavar="FILE", help="a .csv or .xlsx file")
    cases.add_argument(
        "--mapping",
        metavar="M",
        help="column mapping: a JSON file, or the name of a mapping saved in the app "
        "(default: guessed from the headers)",
    )
    cases.add_argument(
        "--dry-run", action="store_true", help="validate and report only; write nothing"
    )

    exp = sub.add_parser("export", help="export records to CSV or XLSX")
    common(exp, top=False)
    exp_sub = exp.add_subparsers(dest="what", metavar="WHAT", required=True)
    out = exp_sub.add_parser("cases", help="export permit cases (the list's filter) to a file")
    common(out, top=False)
    out.add_argument("out", type=Path, metavar="OUT", help="a .csv or .xlsx file to write")
    out.add_argument("--status", choices=workflow.STATUSES, help="only cases in this status")
    out.add_argument("--search", default="", metavar="TEXT", help="full-text search, as typed")


def _open(args: argparse.Namespace) -> Store:
    from desktop.store import DB_FILENAME, open_store  # deferred: `verifica --version` stays quick

    data_dir = args.data_dir if args.data_dir is not None else default_data_dir()
    if not (data_dir / DB_FILENAME).exists():
        raise InvalidInput(
            f"No hay base de datos en {data_dir}.",
            f"There is no database in {data_dir}.",
            hint_es="Abra Verifica una vez en esa carpeta o indique otra con --data-dir.",
            hint_en="Open Verifica once in that folder or choose another with --data-dir.",
        )
    return open_store(data_dir)


def cmd_import(args: argparse.Namespace) -> int:
    from desktop.core import imports

    store = _open(args)
    try:
        mapping = None
        if args.mapping:
            candidate = Path(args.mapping)
            if candidate.is_file():
                mapping = imports.ColumnMapping.load(candidate)
            else:
                mapping = imports.load_mapping(store.db, args.mapping)
        report = imports.import_file(
            store, store.actor(None), args.file, mapping, dry_run=args.dry_run
        )
    finally:
        store.close()
    for line in report.lines(args.lang):
        print(line)
    return EXIT_OK if report.ok else EXIT_REFUSED


def cmd_export(args: argparse.Namespace) -> int:
    from desktop.core.exports import export_cases
    from desktop.store.cases import CaseQuery

    store = _open(args)
    try:
        query = CaseQuery(search=args.search, status=args.status)
        result = export_cases(store.db, args.out, query, lang=args.lang)
    finally:
        store.close()
    print(
        f"Exported {result.rows} cases to {result.path}"
        if args.lang == "en"
        else f"Exportados {result.rows} expedientes a {result.path}"
    )
    return EXIT_OK


COMMANDS = {"import": cmd_import, "export": cmd_export}
