"""``verifica selftest``: proves an installed (or frozen) Verifica has every piece it needs.

Each check exercises the real code path with the real native libraries, on throw-away data in a
temporary folder (the user's data folder is never touched), and needs no network:

``base de datos``
    a new store, every migration, the first administrator (argon2) and ``verifica check``.
``decodificación``
    a badge QR drawn by :mod:`desktop.core.badges`, written as PNG and read back through
    :mod:`desktop.scan` (OpenCV) and decoded by zxing-cpp, and by pyzbar where libzbar is present.
    A frozen build on Linux or Windows ships libzbar, so there pyzbar is required.
``PDF``
    a badge card sheet rendered by :mod:`desktop.print.badge_card` (reportlab and its fonts).
``TLS``
    certifi's CA bundle is present and an ``ssl`` context loads it.
``recursos``
    ``resources/translations/verifica_en.qm`` and the style sheet are present and well formed,
    and the shipped inspection checklist (``resources/forms``) loads.
``Qt``
    the Qt platform starts offscreen, loads our translation and styles a widget. This module
    stays Qt-free (the layering rule), so the Qt check runs in a child process,
    ``verifica selftest --qt-only``, whose one line of output is relayed; a Qt crash there (a
    missing platform plugin aborts the process) is reported as a failed check, not a crash here.

Set ``VERIFICA_RESOURCES`` to test another resources folder (the selftest's own tests use it to
prove a missing piece fails).
"""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.paths import RESOURCES_ENV as RESOURCES_ENV
from desktop.paths import resources_dir as resources_dir

QT_CHECK_TIMEOUT_S = 60
# Qt's .qm files start with this 16-byte magic number.
QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")


@dataclass(frozen=True)
class CheckResult:
    """One check: its name, whether it passed, and what was found (or what went wrong)."""

    name: str
    ok: bool
    detail: str

    def line(self, lang: str = "es") -> str:
        """``OK    name: detail`` or ``FALLO name: detail`` (``FAILED`` in English)."""
        status = "OK" if self.ok else ("FALLO" if lang == "es" else "FAILED")
        return f"{status:<6} {self.name}: {self.detail}"


def is_frozen() -> bool:
    """True when running from the PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False))


# -- the checks -----------------------------------------------------------------------------------


def check_store(work: Path) -> str:
    """Create a store, migrate it, add the first administrator and verify it."""
    from desktop.core.users import create_first_admin
    from desktop.store import open_store
    from desktop.store.maintenance import check_store as verify
    from desktop.store.schema import SCHEMA_VERSION

    store = open_store(work / "data")
    try:
        if store.schema_version != SCHEMA_VERSION:
            raise AssertionError(f"schema {store.schema_version}, expected {SCHEMA_VERSION}")
        create_first_admin(
            store, username="selftest", display_name="Prueba", password="prueba-de-arranque"
        )
        report = verify(store)
    finally:
        store.close()
    if not report.ok:
        raise AssertionError("; ".join(report.problems))
    return f"esquema {SCHEMA_VERSION}, migraciones, argon2 y bitácora correctos"


def check_decoding(work: Path) -> str:
    """Draw a badge QR, save it as PNG, load it through the scan sources and decode it."""
    import cv2
    import numpy as np

    from desktop.core.badges import qr_matrix
    from desktop.core.tokens import badge_url, new_token
    from desktop.scan.decode import PYZBAR, available_decoders, decode
    from desktop.scan.sources import open_source

    text = badge_url(new_token())
    dark = np.array(qr_matrix(text), dtype=bool)
    image = np.where(np.kron(dark, np.ones((6, 6), dtype=bool)), 0, 255).astype(np.uint8)
    png = work / "badge.png"
    if not cv2.imwrite(str(png), image):
        raise AssertionError("OpenCV could not write a PNG")
    with open_source(png) as source:
        frame = source.read()
    if frame is None:
        raise AssertionError("the PNG gave no frame")
    steps = ["frame"]
    decoders = available_decoders()
    if PYZBAR in decoders:
        steps.append("frame-pyzbar")
    elif is_frozen() and sys.platform != "darwin":
        raise AssertionError("pyzbar cannot load the bundled libzbar")
    for step in steps:
        found = [d.text for d in decode(frame, steps=[step])]
        if found != [text]:
            raise AssertionError(f"step {step} read {found!r}")
    detail = "credencial leída con " + " y ".join(decoders)
    if PYZBAR in decoders:
        from pyzbar import wrapper

        detail += f" ({getattr(wrapper.LIBZBAR, '_name', None) or 'libzbar'})"
    return detail


def check_pdf(work: Path) -> str:
    """Render one badge card to a PDF."""
    import datetime as dt

    from desktop.core.tokens import badge_url, new_token
    from desktop.print.badge_card import BadgeCard, render_badge_cards
    from desktop.print.common import fonts

    url = badge_url(new_token())
    card = BadgeCard(
        qr_text=url,
        full_name="María Guadalupe Ñúñez Peña",
        department="Protección Civil",
        position="Inspectora",
        valid_until=dt.date(2030, 12, 31),
        verify_at=url.split("/C/", 1)[0],
    )
    pdf = render_badge_cards([card], work / "credencial.pdf")
    data = pdf.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
        raise AssertionError("the file is not a complete PDF")
    return f"credencial de {len(data) // 1024} KiB, fuente {fonts().regular}"


def check_tls(work: Path) -> str:
    """certifi's CA bundle exists and an SSL context verifies with it (no connection made)."""
    import certifi

    bundle = Path(certifi.where())
    if not bundle.is_file():
        raise AssertionError(f"no CA bundle at {bundle}")
    context = ssl.create_default_context(cafile=str(bundle))
    authorities = context.cert_store_stats()["x509_ca"]
    if authorities < 10 or context.verify_mode != ssl.CERT_REQUIRED:
        raise AssertionError(f"only {authorities} authorities loaded")
    return f"{authorities} autoridades de certificación ({ssl.OPENSSL_VERSION})"


def check_resources(work: Path) -> str:
    """The compiled English translation, the style sheet and the inspection checklist load."""
    folder = resources_dir()
    qm = folder / "translations" / "verifica_en.qm"
    try:
        head = qm.read_bytes()[: len(QM_MAGIC)]
    except OSError as exc:
        raise AssertionError(f"cannot read {qm}: {exc.strerror or exc}") from exc
    if head != QM_MAGIC:
        raise AssertionError(f"{qm} is not a compiled Qt translation")
    qss = folder / "styles" / "verifica.qss"
    if not qss.is_file():
        raise AssertionError(f"no style sheet at {qss}")
    from desktop.core import form_library  # the checklist inspections are started on
    from desktop.errors import Problem

    try:
        form = form_library.shipped_form()
    except Problem as exc:
        raise AssertionError(exc.en) from exc
    return f"verifica_en.qm, verifica.qss y {form.code}.xlsx v{form.version} en {folder}"


def qt_command() -> list[str]:
    """The command line of the child process that runs the Qt check."""
    if is_frozen():
        return [sys.executable, "selftest", "--qt-only"]
    return [sys.executable, "-m", "desktop", "selftest", "--qt-only"]


def check_qt(work: Path) -> str:
    """Start Qt offscreen in a child process (see the module docstring)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    try:
        result = subprocess.run(
            qt_command(),
            env=env,
            cwd=work,
            capture_output=True,
            text=True,
            timeout=QT_CHECK_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"Qt did not start within {QT_CHECK_TIMEOUT_S} s") from exc
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        tail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise AssertionError(f"exit code {result.returncode}: {tail}")
    return lines[-1]


CHECKS: tuple[tuple[str, Callable[[Path], str]], ...] = (
    ("base de datos", check_store),
    ("decodificación", check_decoding),
    ("PDF", check_pdf),
    ("TLS", check_tls),
    ("recursos", check_resources),
    ("Qt", check_qt),
)


def run_checks(lang: str = "es") -> list[CheckResult]:
    """Run every check in its own temporary folder; a failing check never stops the others."""
    from desktop.errors import Problem

    results = []
    for name, check in CHECKS:
        with tempfile.TemporaryDirectory(prefix="verifica-selftest-") as tmp:
            try:
                detail = check(Path(tmp))
            except Exception as exc:  # any failure is the check's result, not a crash
                message = exc.text(lang) if isinstance(exc, Problem) else str(exc)
                results.append(CheckResult(name, False, f"{type(exc).__name__}: {message}"))
            else:
                results.append(CheckResult(name, True, detail))
    return results
