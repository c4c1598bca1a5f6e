"""``verifica sync``: sign in to the server once, then sync this data folder headless.

``verifica sync --server URL --user U`` asks for the password once (or reads it from stdin with
``--password-stdin``), keeps the device token in the OS keyring and syncs. Later runs need no
option: the server and user are remembered in the data folder's settings, the token in the
keyring. Exit 0 on success, 2 when the sync stopped (offline, token revoked, refused pull);
pending changes are always kept.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import Any

from desktop.errors import Problem

Common = Callable[..., None]


def add_parsers(sub: Any, common: Common) -> None:
    """Register ``sync`` on the top-level subparsers."""
    sync = sub.add_parser("sync", help="sync this device with the central server")
    common(sync, top=False)
    sync.add_argument("--server", metavar="URL", help="server URL (first time, or to change it)")
    sync.add_argument("--user", metavar="USER", help="sign in as USER (asks for the password)")
    sync.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    sync.add_argument(
        "--force", action="store_true", help="apply a pull even if it deletes most local data"
    )


def cmd_sync(args: argparse.Namespace) -> int:
    from desktop.cli import _data_dir
    from desktop.core import sync_service
    from desktop.store import open_store
    from sync.client import HttpRemote

    es = args.lang == "es"
    store = open_store(_data_dir(args))
    try:
        url = args.server or store.get_setting(sync_service.SETTING_URL)
        if not url:
            raise Problem(
                "Indique el servidor la primera vez: verifica sync --server URL --user USUARIO",
                "Name the server the first time: verifica sync --server URL --user USER",
            )
        remote = HttpRemote(url)
        try:
            token = None if args.user else sync_service.load_token(url, store.device_id)
            if token is None:
                user = args.user or store.get_setting(sync_service.SETTING_USER)
                if not user:
                    raise Problem(
                        "Inicie sesión una vez: verifica sync --user USUARIO",
                        "Sign in once: verifica sync --user USER",
                    )
                if args.password_stdin:
                    password = sys.stdin.readline().rstrip("\n")
                else:
                    password = getpass.getpass("Contraseña: " if es else "Password: ")
                sync_service.sign_in(store, remote, url, user, password)
            else:
                remote.set_token(token)
            report = sync_service.sync_now(store, remote, force=args.force, lang=args.lang)
        finally:
            remote.close()
        print(report.text(args.lang))
        return 0
    finally:
        store.close()


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"sync": cmd_sync}
