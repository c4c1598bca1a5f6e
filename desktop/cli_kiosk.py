"""The kiosk subcommands of ``verifica``: ``kiosk`` (start kiosk mode) and ``kiosk set-pin``.

Registered by :mod:`desktop.cli`. ``verifica kiosk`` opens the full-screen kiosk on this data
folder with a frame source (``camera:N``, a video, an image or a folder of images, so a kiosk can
be demonstrated without a camera); scans, ratings and complaints are recorded as the device
itself. ``verifica kiosk set-pin --user ADMIN`` sets the PIN that leaves kiosk mode: the
administrator's password comes from ``VERIFICA_PASSWORD`` or a prompt, the PIN from a prompt
(typed twice) or, when stdin is not a terminal, from its first line.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_PROBLEM = 2
DEFAULT_SOURCE = "camera:0"

Common = Callable[..., None]
Launch = Callable[[Path, str, str, str, bool], int]


def add_parsers(sub: Any, common: Common) -> None:
    """Register ``kiosk`` (with its optional ``set-pin`` action) on the top-level subparsers."""
    kiosk = sub.add_parser(
        "kiosk", help="full-screen badge-verification kiosk (leaving it needs the kiosk PIN)"
    )
    common(kiosk, top=False)
    kiosk.add_argument(
        "--source",
        default=DEFAULT_SOURCE,
        metavar="SOURCE",
        help="camera:N, a video file, an image or a folder of images (default: camera:0)",
    )
    kiosk.add_argument(
        "--location", default="", help="where the kiosk stands (stored with every scan)"
    )
    kiosk.add_argument(
        "--window", action="store_true", help="a normal window instead of full screen (testing)"
    )
    ksub = kiosk.add_subparsers(dest="kiosk_command", metavar="ACTION")
    set_pin = ksub.add_parser("set-pin", help="set the PIN that leaves kiosk mode (admin)")
    common(set_pin, top=False)
    set_pin.add_argument("--user", required=True, help="administrator signing in")


def _say(args: argparse.Namespace, es: str, en: str) -> None:
    print(en if args.lang == "en" else es, file=sys.stderr)


def _read_pin(args: argparse.Namespace) -> str:
    from desktop.errors import InvalidInput

    if not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    es = args.lang != "en"
    first = getpass.getpass("NIP del quiosco: " if es else "Kiosk PIN: ")
    second = getpass.getpass("Repita el NIP: " if es else "Repeat the PIN: ")
    if first != second:
        raise InvalidInput("Los dos NIP no coinciden.", "The two PINs differ.")
    return first


def _cmd_set_pin(args: argparse.Namespace) -> int:
    from desktop.cli import _data_dir
    from desktop.cli_badges import _sign_in
    from desktop.core import kiosk_lock
    from desktop.errors import InvalidInput
    from desktop.store import DB_FILENAME, open_store

    data_dir = _data_dir(args)
    if not (data_dir / DB_FILENAME).exists():
        raise InvalidInput(f"No hay base de datos en {data_dir}.", f"No database in {data_dir}.")
    store = open_store(data_dir)
    try:
        user = _sign_in(store, args.user)
        kiosk_lock.set_kiosk_pin(store, user, _read_pin(args))
    finally:
        store.close()
    print("NIP del quiosco guardado." if args.lang != "en" else "Kiosk PIN saved.")
    return EXIT_OK


def _cmd_run(args: argparse.Namespace, launch: Launch) -> int:
    from desktop.cli import _data_dir
    from desktop.core import kiosk_lock
    from desktop.errors import InvalidInput
    from desktop.scan.sources import open_source
    from desktop.store import DB_FILENAME, open_store

    data_dir = _data_dir(args)
    if not (data_dir / DB_FILENAME).exists():
        raise InvalidInput(f"No hay base de datos en {data_dir}.", f"No database in {data_dir}.")
    open_source(args.source)  # a malformed spec or a missing file is refused before any window
    store = open_store(data_dir)
    try:
        has_pin = kiosk_lock.has_kiosk_pin(store)
    finally:
        store.close()
    if not has_pin:
        _say(
            args,
            "Aviso: este equipo no tiene NIP de quiosco; no se podrá salir del modo quiosco "
            "desde la pantalla. Fíjelo con: verifica kiosk set-pin --user ADMIN",
            "Warning: this device has no kiosk PIN; kiosk mode cannot be left from the screen. "
            "Set it with: verifica kiosk set-pin --user ADMIN",
        )
    return launch(data_dir, args.source, args.location, args.lang, not args.window)


def commands(launch: Launch) -> dict[str, Callable[[argparse.Namespace], int]]:
    """The handlers for :data:`desktop.cli.COMMANDS`.

    Args:
        launch: starts the Qt kiosk (data folder, source, location, language, full screen) and
            returns its exit code; only ``desktop.cli``, the entry point, may import the app.
    """

    def cmd_kiosk(args: argparse.Namespace) -> int:
        if getattr(args, "kiosk_command", None) == "set-pin":
            return _cmd_set_pin(args)
        return _cmd_run(args, launch)

    return {"kiosk": cmd_kiosk}
