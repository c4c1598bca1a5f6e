"""The anuencia subcommands of ``verifica``: ``anuencia issue``, ``anuencia print`` and
``anuencia cancel``.

Registered by :mod:`desktop.cli`. Issuing and cancelling sign in with ``--user`` (password from
``VERIFICA_PASSWORD`` or a prompt). The signing key comes from ``--key-file`` (a 0600 PEM outside
the data folder) or ``--key-id`` (the OS keyring), the same rules as badge registries
(:mod:`sync.signing`); it must be a key this device publishes (``verifica badge keygen``).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.cli_badges import _open, _say, _sign_in

Common = Callable[..., None]


def add_parsers(sub: Any, common: Common) -> None:
    """Register ``anuencia`` and its actions on the top-level subparsers."""
    anuencia = sub.add_parser("anuencia", help="issue, reprint or cancel anuencia documents")
    common(anuencia, top=False)
    asub = anuencia.add_subparsers(dest="anuencia_command", metavar="ACTION", required=True)

    issue = asub.add_parser("issue", help="issue an approved case's anuencia, write its PDF")
    common(issue, top=False)
    issue.add_argument("folio", metavar="FOLIO")
    issue.add_argument("--out", type=Path, required=True, metavar="PDF", help="PDF to write")
    issue.add_argument("--user", required=True, help="administrator or supervisor signing in")
    keys = issue.add_mutually_exclusive_group(required=True)
    keys.add_argument("--key-file", type=Path, help="private key file (outside the data folder)")
    keys.add_argument("--key-id", help="key id of a private key kept in the OS keyring")
    issue.add_argument("--signer", help="name printed as signer (default: setting)")
    issue.add_argument("--position", help="signer's position (default: setting)")
    issue.add_argument("--days", type=int, default=365, help="validity in days (default 365)")

    print_ = asub.add_parser("print", help="reprint an issued anuencia, byte-identical")
    common(print_, top=False)
    print_.add_argument("folio", metavar="FOLIO")
    print_.add_argument("--out", type=Path, required=True, metavar="PDF", help="PDF to write")

    cancel = asub.add_parser("cancel", help="cancel an issued anuencia (the case is cancelled)")
    common(cancel, top=False)
    cancel.add_argument("folio", metavar="FOLIO")
    cancel.add_argument("--reason", required=True, help="why it is cancelled (kept in history)")
    cancel.add_argument("--user", required=True, help="administrator or supervisor signing in")


def _check_out(out: Path) -> None:
    from desktop.errors import InvalidInput

    if out.is_dir() or not out.parent.is_dir() or not os.access(out.parent, os.W_OK):
        raise InvalidInput(
            f"No se puede escribir {out}.", f"Cannot write {out}.",
            hint_es="Revise la carpeta y sus permisos. No se emitió nada.",
            hint_en="Check the folder and its permissions. Nothing was issued.",
        )  # fmt: skip


def _write(out: Path, pdf: bytes) -> None:
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(pdf)
    tmp.replace(out)


def cmd_anuencia(args: argparse.Namespace) -> int:
    """Dispatch ``verifica anuencia ACTION``."""
    from desktop.core import anuencias, signing
    from desktop.print.anuencia import render_anuencia

    store = _open(args)
    try:
        if args.anuencia_command == "issue":
            _check_out(args.out)
            key = (
                signing.load_private_key(args.key_file)
                if args.key_file is not None
                else signing.load_private_key_from_keyring(args.key_id)
            )
            user = _sign_in(store, args.user)
            issued, pdf = anuencias.issue_anuencia(
                store,
                user,
                args.folio,
                key,
                render=render_anuencia,
                signer_name=args.signer,
                signer_position=args.position,
                validity_days=args.days,
            )
            _write(args.out, pdf)
            _say(
                args,
                f"Anuencia {issued.folio} emitida, vigente hasta {issued.valid_until}. "
                f"PDF: {args.out} (SHA-256 {issued.pdf_sha256})",
                f"Anuencia {issued.folio} issued, valid until {issued.valid_until}. "
                f"PDF: {args.out} (SHA-256 {issued.pdf_sha256})",
            )
        elif args.anuencia_command == "print":
            _check_out(args.out)
            _write(args.out, anuencias.reprint(store, args.folio, render=render_anuencia))
            _say(args, f"Reimpresión: {args.out}", f"Reprint: {args.out}")
        else:
            user = _sign_in(store, args.user)
            done = anuencias.cancel_anuencia(store, user, args.folio, args.reason)
            _say(
                args,
                f"Anuencia {done.folio} cancelada ({done.cancelled_at}).",
                f"Anuencia {done.folio} cancelled ({done.cancelled_at}).",
            )
    finally:
        store.close()
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"anuencia": cmd_anuencia}
