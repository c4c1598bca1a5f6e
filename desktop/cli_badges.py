"""The badge subcommands of ``verifica``: ``scan``, ``badge …`` and ``inspector list``.

Registered by :mod:`desktop.cli`. Heavy imports (store, crypto, PDF, decoders) happen inside the
handlers so ``verifica --help`` stays fast. Commands that change the registry or trust sign in
with ``--user`` (password from ``VERIFICA_PASSWORD`` or a prompt): the audit trail names them.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.paths import default_data_dir

if TYPE_CHECKING:
    from desktop.core.users import User
    from desktop.store.db import Store

EXIT_OK = 0
EXIT_PROBLEM = 2
PASSWORD_ENV = "VERIFICA_PASSWORD"
VIDEO_SUFFIXES = (".mp4", ".avi", ".mov", ".mkv", ".webm", ".m4v", ".mjpeg", ".mjpg")
MAX_VIDEO_FRAMES = 900  # 30 s at 30 fps: a presentation that has not decoded by then never will

Common = Callable[..., None]


def add_parsers(sub: Any, common: Common) -> None:
    """Register ``scan``, ``badge`` and ``inspector`` on the top-level subparsers."""
    scan = sub.add_parser(
        "scan", help="read the badge QR in an image or video and print the verdict"
    )
    common(scan, top=False)
    scan.add_argument("file", type=Path, metavar="FILE", help="image or video file")
    scan.add_argument("--json", action="store_true", help="one JSON line per code read")
    scan.add_argument("--location", default="", help="where the scan happened (stored with it)")

    badge = sub.add_parser("badge", help="issue badges, print cards, manage signing keys")
    common(badge, top=False)
    bsub = badge.add_subparsers(dest="badge_command", metavar="ACTION", required=True)

    print_ = bsub.add_parser(
        "print", help="issue a NEW badge (revoking the previous one) and write its card PDF"
    )
    common(print_, top=False)
    print_.add_argument("inspector_id", metavar="INSPECTOR_ID")
    print_.add_argument("--out", type=Path, required=True, metavar="PDF", help="card PDF to write")
    print_.add_argument("--user", required=True, help="administrator or supervisor signing in")

    keygen = bsub.add_parser("keygen", help="create a signing key (issuing side) and publish it")
    common(keygen, top=False)
    keygen.add_argument(
        "--key-file", type=Path, required=True, help="new private key file, outside the data folder"
    )
    keygen.add_argument("--user", required=True, help="administrator signing in")

    export = bsub.add_parser("export-registry", help="write the signed registry for kiosks")
    common(export, top=False)
    export.add_argument("--key-file", type=Path, required=True, help="private key to sign with")
    export.add_argument("--out", type=Path, required=True, metavar="JSON", help="file to write")

    imp = bsub.add_parser("import-registry", help="kiosk: accept a signed registry file")
    common(imp, top=False)
    imp.add_argument("file", type=Path, metavar="FILE", help="signed registry (JSON)")
    imp.add_argument(
        "--trust-key", metavar="PUBLIC_KEY", help="enrolment: pin this public key first (base64)"
    )
    imp.add_argument("--user", help="administrator signing in (needed with --trust-key)")

    inspector = sub.add_parser("inspector", help="the inspector registry")
    common(inspector, top=False)
    isub = inspector.add_subparsers(dest="inspector_command", metavar="ACTION", required=True)
    listing = isub.add_parser("list", help="inspectors with id, status, validity and badge")
    common(listing, top=False)
    listing.add_argument("--status", choices=("activo", "suspendido", "baja"))


def _data_dir(args: argparse.Namespace) -> Path:
    return Path(args.data_dir) if args.data_dir is not None else default_data_dir()


def _say(args: argparse.Namespace, es: str, en: str, *, err: bool = False) -> None:
    print(en if args.lang == "en" else es, file=sys.stderr if err else sys.stdout)


def _open(args: argparse.Namespace) -> Store:
    from desktop.errors import InvalidInput
    from desktop.store import DB_FILENAME, open_store

    data_dir = _data_dir(args)
    if not (data_dir / DB_FILENAME).exists():
        raise InvalidInput(f"No hay base de datos en {data_dir}.", f"No database in {data_dir}.")
    return open_store(data_dir)


def _sign_in(store: Store, username: str | None) -> User:
    from desktop.core.users import authenticate
    from desktop.errors import InvalidInput

    if not username:
        raise InvalidInput(
            "Indique con --user quién realiza la operación.",
            "Say who performs the operation with --user.",
        )
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = getpass.getpass(f"Contraseña de {username}: ")
    return authenticate(store, username, password)


# -- scan ------------------------------------------------------------------------------------


def _frames(path: Path) -> Iterator[Any]:
    """Grey frames of an image or a video file (OpenCV), at most :data:`MAX_VIDEO_FRAMES`."""
    import cv2
    import numpy as np

    if path.suffix.lower() not in VIDEO_SUFFIXES:
        data = np.fromfile(str(path), dtype=np.uint8)
        image = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE) if data.size else None
        if image is not None:
            yield image
            return
    capture = cv2.VideoCapture(str(path))
    try:
        for _ in range(MAX_VIDEO_FRAMES):
            ok, frame = capture.read()
            if not ok:
                break
            yield cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    finally:
        capture.release()


def _decode_texts(path: Path) -> list[str]:
    """Distinct QR texts in the file, in reading order (the first frames that hold any).

    Frames come from :func:`_frames`; each goes through the scanner's pipeline,
    :func:`desktop.scan.decode.decode`.
    """
    from desktop.scan.decode import decode

    texts: list[str] = []
    for frame in _frames(path):
        for detection in decode(frame):
            if detection.text not in texts:
                texts.append(detection.text)
        if texts:
            break
    return texts


def cmd_scan(args: argparse.Namespace) -> int:
    import datetime as dt

    from desktop.core import trust
    from desktop.core.verification import (
        record_verification,
        registry_view_for_scans,
        verify_scan,
    )
    from desktop.errors import InvalidInput

    if not args.file.is_file():
        raise InvalidInput(f"No existe el archivo {args.file}.", f"No such file: {args.file}.")
    texts = _decode_texts(args.file)
    if not texts:
        raise InvalidInput(
            f"No se encontró ningún código QR legible en {args.file}.",
            f"No readable QR code found in {args.file}.",
            hint_es="Acerque la credencial, evite reflejos y mejore la luz.",
            hint_en="Hold the badge closer, avoid glare and improve the light.",
        )
    store = _open(args)
    try:
        view = registry_view_for_scans(store)
        limit = trust.max_registry_age(store)
        for text in texts:
            verdict = verify_scan(text, view, now=dt.datetime.now(dt.UTC), max_registry_age=limit)
            record_verification(store, store.actor(None), text, verdict, args.location or "cli")
            if args.json:
                print(json.dumps(verdict.to_json(args.lang), ensure_ascii=False))
                continue
            print(f"{verdict.headline(args.lang).upper()} ({verdict.kind})")
            print(verdict.reason(args.lang))
            if verdict.inspector is not None:
                i = verdict.inspector
                print(f"{i.full_name} · {i.department} · {i.position}")
            if verdict.registry_age is not None:
                hours = verdict.registry_age.total_seconds() / 3600
                _say(args, f"Antigüedad del padrón: {hours:.1f} h", f"Registry age: {hours:.1f} h")
    finally:
        store.close()
    return EXIT_OK


# -- badge -----------------------------------------------------------------------------------


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def cmd_badge_print(args: argparse.Namespace) -> int:
    from desktop.core.badges import issue_badge
    from desktop.core.dates import format_date
    from desktop.errors import InvalidInput
    from desktop.print.badge_card import card_for, render_badge_cards

    out: Path = args.out
    if _inside(out, _data_dir(args)):
        raise InvalidInput(
            "El PDF de la credencial contiene el código: guárdelo fuera de la carpeta de datos.",
            "The card PDF holds the badge code: write it outside the data folder.",
        )
    if out.is_dir() or not out.parent.is_dir() or not os.access(out.parent, os.W_OK):
        raise InvalidInput(
            f"No se puede escribir {out}.", f"Cannot write {out}.",
            hint_es="Revise la carpeta y sus permisos. No se emitió ninguna credencial.",
            hint_en="Check the folder and its permissions. No badge was issued.",
        )  # fmt: skip
    store = _open(args)
    try:
        user = _sign_in(store, args.user)
        issued = issue_badge(store, user, args.inspector_id)
        card = card_for(store, issued)
        render_badge_cards([card], out)
    finally:
        store.close()
    _say(
        args,
        f"Credencial emitida para {card.full_name}, vigente hasta "
        f"{format_date(issued.expires_at)}. Tarjeta: {out}",
        f"Badge issued to {card.full_name}, valid until {issued.expires_at.isoformat()}. "
        f"Card: {out}",
    )
    if issued.revoked_badge_ids:
        _say(
            args,
            f"Se revocó la credencial anterior ({len(issued.revoked_badge_ids)}): ya no es "
            "válida en ningún módulo después de su próxima sincronización.",
            f"The previous badge ({len(issued.revoked_badge_ids)}) was revoked: no kiosk accepts "
            "it after its next sync.",
        )
    _say(
        args,
        "Imprima la tarjeta ahora: el código no se guarda y reimprimir requiere emitir otra.",
        "Print the card now: the code is not stored, and reprinting means issuing again.",
    )
    return EXIT_OK


def cmd_badge_keygen(args: argparse.Namespace) -> int:
    import datetime as dt

    from desktop.core import signing, trust

    store = _open(args)
    try:
        user = _sign_in(store, args.user)
        if user.role != "admin":  # checked before a key file is written
            from desktop.errors import NotAllowed

            raise NotAllowed(
                "Sólo un administrador puede crear claves de firma.",
                "Only an administrator may create signing keys.",
            )
        key = signing.generate_private_key()
        signing.save_private_key(key, args.key_file, forbidden_dirs=[store.data_dir])
        trust.enrol_key(
            store,
            user,
            signing.public_key_raw(key),
            # Whole seconds: signing checks the window at a whole-second moment, so a key used
            # within the second it was made would otherwise read as not yet valid.
            valid_from=dt.datetime.now(dt.UTC).replace(microsecond=0),
            source="local",
        )
    finally:
        store.close()
    _say(args, "Clave de firma creada.", "Signing key created.")
    print(f"key_id: {signing.key_id(key)}")
    print(f"public_key: {signing.encode_public_key(key)}")
    _say(
        args,
        f"Clave privada: {args.key_file} (guárdela fuera de este equipo y haga una copia segura).",
        f"Private key: {args.key_file} (keep it off this machine and back it up safely).",
    )
    return EXIT_OK


def cmd_badge_export(args: argparse.Namespace) -> int:
    from desktop.core import signing
    from desktop.core.badges import signed_registry

    key = signing.load_private_key(args.key_file)
    store = _open(args)
    try:
        signed = signed_registry(store, key)
    finally:
        store.close()
    args.out.write_text(json.dumps(signed, ensure_ascii=False, indent=1), encoding="utf-8")
    _say(
        args,
        f"Padrón firmado ({len(signed['badges'])} credenciales, clave {signed['key_id']}): "
        f"{args.out}",
        f"Signed registry ({len(signed['badges'])} badges, key {signed['key_id']}): {args.out}",
    )
    return EXIT_OK


def cmd_badge_import(args: argparse.Namespace) -> int:
    from desktop.core import trust
    from desktop.errors import InvalidInput

    try:
        signed = json.loads(args.file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInput(
            f"No se pudo leer el padrón {args.file}: {exc}",
            f"Could not read the registry {args.file}: {exc}",
        ) from exc
    store = _open(args)
    try:
        if args.trust_key:
            user = _sign_in(store, args.user)
            key = trust.enrol_key(store, user, args.trust_key)
            _say(args, f"Clave de confianza: {key.key_id}", f"Trusted key: {key.key_id}")
        view = trust.accept_registry(store, store.actor(None), signed)
    finally:
        store.close()
    _say(
        args,
        f"Padrón aceptado: {len(view.badges)} credenciales, fecha {signed['generated_at']}.",
        f"Registry accepted: {len(view.badges)} badges, dated {signed['generated_at']}.",
    )
    return EXIT_OK


def cmd_badge(args: argparse.Namespace) -> int:
    handlers = {
        "print": cmd_badge_print,
        "keygen": cmd_badge_keygen,
        "export-registry": cmd_badge_export,
        "import-registry": cmd_badge_import,
    }
    return handlers[args.badge_command](args)


# -- inspector -------------------------------------------------------------------------------


def cmd_inspector(args: argparse.Namespace) -> int:
    from desktop.core.badges import badges_of
    from desktop.core.inspectors import list_inspectors

    store = _open(args)
    try:
        rows = []
        for i in list_inspectors(store, status=args.status):
            current = next((b for b in badges_of(store, i.id) if b["revoked_at"] is None), None)
            badge = current["issued_at"][:10] if current else "-"
            rows.append(
                (i.id, i.status, i.valid_until.isoformat(), badge, i.full_name, i.department_name)
            )
    finally:
        store.close()
    header = (
        ("id", "status", "valid_until", "badge", "name", "department")
        if args.lang == "en"
        else ("id", "estado", "vigencia", "credencial", "nombre", "dependencia")
    )
    for row in (header, *rows):
        print("\t".join(row))
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "scan": cmd_scan,
    "badge": cmd_badge,
    "inspector": cmd_inspector,
}
