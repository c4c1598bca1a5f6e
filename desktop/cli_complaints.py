"""The complaint subcommands of ``verifica``: ``complaints export``.

Registered by :mod:`desktop.cli`. Only the Contraloría and administrators may export; the user
signs in with ``--user`` (password from ``VERIFICA_PASSWORD`` or a prompt) and the export is
written to the audit chain under their name.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from desktop.cli_badges import EXIT_OK, Common, _open, _say, _sign_in


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"fecha inválida (AAAA-MM-DD): {text!r}") from exc


def add_parsers(sub: Any, common: Common) -> None:
    """Register ``complaints`` on the top-level subparsers."""
    complaints = sub.add_parser("complaints", help="Contraloría: complaints")
    common(complaints, top=False)
    csub = complaints.add_subparsers(dest="complaints_command", metavar="ACTION", required=True)
    export = csub.add_parser("export", help="write complaints to CSV or XLSX (audited)")
    common(export, top=False)
    export.add_argument("--since", type=_date, metavar="DATE", help="received on or after (ISO)")
    export.add_argument("--out", type=Path, required=True, metavar="FILE", help=".csv or .xlsx")
    export.add_argument("--user", required=True, help="comptroller or administrator signing in")
    export.add_argument(
        "--no-personal-data",
        action="store_true",
        help="leave out contact data and blank names, phones and e-mails in the text",
    )


def cmd_complaints(args: argparse.Namespace) -> int:
    from desktop.core.complaint_exports import export_complaints

    store = _open(args)
    try:
        user = _sign_in(store, args.user)
        report = export_complaints(
            store,
            user,
            args.out.resolve(),
            since=args.since,
            personal_data=not args.no_personal_data,
        )
    finally:
        store.close()
    what_es = "sin datos personales" if not report.personal_data else "con datos de contacto"
    what_en = "without personal data" if not report.personal_data else "with contact data"
    _say(
        args,
        f"{report.rows} denuncias exportadas ({what_es}): {report.path}",
        f"{report.rows} complaints exported ({what_en}): {report.path}",
    )
    return EXIT_OK


COMMANDS = {"complaints": cmd_complaints}
