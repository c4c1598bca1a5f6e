"""Screenshot of an issued anuencia: page 1 of the PDF rasterised with pdftoppm at 150 dpi.

Called from tools/screenshots.py; runs alone too: ``python tools/screenshots_anuencia.py [OUT]``.
The case, business, signer and dates are fixed so the picture only changes with the layout.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from desktop.core import anuencias, permits, signing, trust, users  # noqa: E402
from desktop.print.anuencia import render_anuencia  # noqa: E402
from desktop.store import open_store  # noqa: E402

FOLIO = "PC-2026-00042"
ISSUED = dt.datetime(2026, 3, 1, 17, 5, tzinfo=dt.UTC)


def shoot_anuencia(out: Path) -> Path:
    """Issue a sample anuencia in a throw-away folder and write ``out/anuencia.png``."""
    with tempfile.TemporaryDirectory(prefix="verifica-anuencia-") as tmp:
        store = open_store(Path(tmp) / "data")
        try:
            admin = users.create_first_admin(
                store, username="admin", display_name="Admin", password="demo1234"
            )
            actor = store.actor(admin.id)
            dept = permits.create_department(store, actor, code="PC", name="Protección Civil")
            biz = permits.create_business(
                store,
                actor,
                name="Abarrotes y Cremería «La Güera»",
                owner_name="María Guadalupe Hernández Núñez",
                address="Av. Tulum Mz. 12 Lt. 4, Local 3",
                colonia="Supermanzana 22",
                scian_code="461110",
                scian_description="Comercio al por menor en tiendas de abarrotes, ultramarinos y "
                "misceláneas",
            )
            case = permits.create_case(
                store, actor, folio=FOLIO, business_id=biz, received_date=dt.date(2026, 1, 15),
                department_id=dept,
            )  # fmt: skip
            for status in ("en_revision", "inspeccion_programada", "inspeccionado", "aprobado"):
                permits.change_status(store, actor, case, status)
            # A fixed demo key (never a real one), so the printed key id stays the same.
            key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
            trust.enrol_key(
                store, admin, signing.public_key_raw(key), source="local",
                valid_from=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            )  # fmt: skip
            _issued, pdf = anuencias.issue_anuencia(
                store, admin, FOLIO, key, render=render_anuencia,
                signer_name="Ing. Roberto Carlos Pech Canché", now=ISSUED,
            )  # fmt: skip
        finally:
            store.close()
        pdf_path = Path(tmp) / "anuencia.pdf"
        pdf_path.write_bytes(pdf)
        out.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile",
             str(pdf_path), str(out / "anuencia")],
            check=True, timeout=120,
        )  # fmt: skip
    return out / "anuencia.png"


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    print(shoot_anuencia(target.resolve()))
