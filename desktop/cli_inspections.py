"""The inspection subcommands of ``verifica``: ``inspection acta``.

``verifica inspection acta INSPECTION_ID --out FILE`` writes the inspection's *acta de inspección*
(:mod:`desktop.print.acta`) offline from the local data; a draft prints marked "BORRADOR". The file
is written atomically: an existing file is replaced only by a complete PDF.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXIT_OK = 0


def add_parsers(sub: Any, common: Callable[..., None]) -> None:
    """Register ``inspection`` and its actions on the top-level subparsers."""
    inspection = sub.add_parser("inspection", help="inspection documents (the acta)")
    common(inspection, top=False)
    isub = inspection.add_subparsers(dest="inspection_command", metavar="ACTION", required=True)
    acta = isub.add_parser("acta", help="write an inspection's acta de inspección as PDF")
    common(acta, top=False)
    acta.add_argument("inspection_id", metavar="INSPECTION_ID", help="the inspection's id")
    acta.add_argument("--out", type=Path, required=True, metavar="PDF", help="PDF to write")


def cmd_inspection(args: argparse.Namespace) -> int:
    """Dispatch ``verifica inspection ACTION``."""
    from desktop.cli_backlog import _open
    from desktop.errors import InvalidInput
    from desktop.print.acta import write_acta

    out: Path = args.out
    if out.is_dir() or not out.parent.is_dir():
        raise InvalidInput(
            f"No se puede escribir {out}: la carpeta no existe o es una carpeta.",
            f"Cannot write {out}: the folder does not exist or it is a folder.",
        )
    store = _open(args)
    try:
        write_acta(store, args.inspection_id, out, lang=args.lang)
    finally:
        store.close()
    print(f"Record written: {out}" if args.lang == "en" else f"Acta escrita: {out}")
    return EXIT_OK


COMMANDS = {"inspection": cmd_inspection}
