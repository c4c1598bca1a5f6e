"""The printed badge card: our own PDF, rasterised by pdftoppm and read back by zxing-cpp,
verifies as it should; layout and fonts; and the ``verifica badge``/``scan`` commands on a
photo-like picture of a printed card."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import math
import re
import subprocess
from pathlib import Path

import cv2
import numpy as np
import zxingcpp
from desktop_cli import run_verifica
from PIL import Image

from desktop.core import badges, inspectors, permits, signing, tokens, trust, users
from desktop.core.verification import (
    EXPIRED,
    SUSPENDED_OR_REVOKED,
    VALID,
    verify_scan,
)
from desktop.print.badge_card import (
    CARD_HEIGHT_MM,
    CARD_WIDTH_MM,
    BadgeCard,
    card_for,
    card_positions,
    render_badge_cards,
)
from desktop.store import Store, open_store

DPI = 200
PASSWORD = "contraseña-segura"
TODAY = dt.date.today()

# pdftoppm, pdfinfo, pdftotext and pdffonts come from poppler-utils (.ci/run installs it).


def _rasterise(pdf: Path, page: int = 1) -> np.ndarray:
    prefix = pdf.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-png", "-f", str(page), "-l", str(page), "-singlefile",
         str(pdf), str(prefix)],
        check=True, timeout=60,
    )  # fmt: skip
    image = cv2.imread(str(prefix.with_suffix(".png")))
    assert image is not None
    return image


def _photo_bytes() -> bytes:
    image = Image.new("RGB", (300, 400), (200, 170, 140))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return buffer.getvalue()


def _new_folder(folder: Path) -> tuple[Store, users.User, str]:
    store = open_store(folder)
    admin = users.create_first_admin(
        store, username="admin", display_name="Administradora", password=PASSWORD
    )
    department = permits.create_department(
        store, store.actor(admin.id), code="PC", name="Protección Civil"
    )
    return store, admin, department


def _add(store: Store, admin: users.User, department: str, name: str, days: int = 365) -> str:
    return inspectors.add_inspector(
        store,
        admin,
        full_name=name,
        department_id=department,
        position="Inspector de Protección Civil",
        valid_from=TODAY - dt.timedelta(days=30),
        valid_until=TODAY + dt.timedelta(days=days),
        photo=_photo_bytes(),
    )


def test_a_sheet_of_our_cards_read_back_from_paper_gives_each_badge_its_verdict(
    tmp_path: Path,
) -> None:
    store, admin, department = _new_folder(tmp_path / "emisor")
    key = signing.generate_private_key()
    trust.enrol_key(store, admin, signing.public_key_raw(key), source="local")
    people = {
        name: _add(store, admin, department, name, days)
        for name, days in (
            ("Ana Ñúñez Pérez", 365),
            ("Rosa María Chi", 365),
            ("Juan José May", 365),
            ("Eva Can Uc", 1),
            ("Luis Enrique Pech Dzul", 365),
        )
    }
    issued = {name: badges.issue_badge(store, admin, iid) for name, iid in people.items()}
    reissued = badges.issue_badge(store, admin, people["Luis Enrique Pech Dzul"])
    inspectors.suspend_inspector(store, admin, people["Rosa María Chi"], reason="Denuncia")
    inspectors.retire_inspector(store, admin, people["Juan José May"], reason="Renuncia")
    cards = [card_for(store, b) for b in (*issued.values(), reissued)]
    pdf = render_badge_cards(cards, tmp_path / "credenciales.pdf")

    page = _rasterise(pdf)
    results = zxingcpp.read_barcodes(cv2.cvtColor(page, cv2.COLOR_BGR2GRAY))
    assert sorted(r.text for r in results) == sorted(c.qr_text for c in cards)
    for result in results:
        assert result.extra["ECLevel"] == "Q" and int(result.extra["Version"]) <= 4
        # The printed module: symbol width / (17 + 4·version) modules, in millimetres.
        corners = result.position
        width_px = math.dist(
            (corners.top_left.x, corners.top_left.y), (corners.top_right.x, corners.top_right.y)
        )
        modules = 17 + 4 * int(result.extra["Version"])
        assert width_px / modules / DPI * 25.4 >= 0.6

    # A kiosk three days later, with a registry signed that morning.
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    kiosk = open_store(tmp_path / "kiosco")
    kiosk_admin = users.create_first_admin(
        kiosk, username="admin", display_name="Admin", password=PASSWORD
    )
    trust.enrol_key(kiosk, kiosk_admin, signing.public_key_raw(key))
    signed = badges.signed_registry(store, key, now=later - dt.timedelta(hours=2))
    view = trust.accept_registry(kiosk, kiosk.actor(None), signed, now=later)
    expected = {
        issued["Ana Ñúñez Pérez"].url: VALID,
        issued["Rosa María Chi"].url: SUSPENDED_OR_REVOKED,
        issued["Juan José May"].url: SUSPENDED_OR_REVOKED,
        issued["Eva Can Uc"].url: EXPIRED,
        issued["Luis Enrique Pech Dzul"].url: SUSPENDED_OR_REVOKED,  # the reissued-old badge
        reissued.url: VALID,
    }
    limit = dt.timedelta(days=7)
    verdicts = {
        r.text: verify_scan(r.text, view, now=later, max_registry_age=limit) for r in results
    }
    assert {text: v.kind for text, v in verdicts.items()} == expected
    assert verdicts[reissued.url].inspector is not None
    assert verdicts[reissued.url].inspector.full_name == "Luis Enrique Pech Dzul"
    assert verdicts[reissued.url].photo_sha256 is not None
    kiosk.close()
    store.close()


def _card(name: str) -> BadgeCard:
    return BadgeCard(
        qr_text=tokens.badge_url(tokens.new_token()),
        full_name=name,
        department="Protección Civil",
        position="Inspectora de Protección Civil",
        valid_until=dt.date(2026, 12, 31),
        verify_at="HTTPS://VRF.MX",
        municipality="H. Ayuntamiento de Mérida",
    )


def test_cards_are_cr80_eight_to_a_letter_page_with_spanish_text_in_dejavu(tmp_path: Path) -> None:
    cards = [_card(f"María José Núñez {i}") for i in range(9)]
    pdf = render_badge_cards(cards, tmp_path / "hoja.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+2$", info.stdout, re.M)
    assert "612 x 792 pts (letter)" in info.stdout
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for words in ("H. Ayuntamiento de Mérida", "María José", "Núñez", "Protección Civil",
                  "Vigente hasta", "31/12/2026", "Verifique en HTTPS://VRF.MX"):  # fmt: skip
        assert words in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    if Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").is_file():
        assert "DejaVuSans" in fonts.stdout
    page = _rasterise(pdf, 2)
    assert len(zxingcpp.read_barcodes(cv2.cvtColor(page, cv2.COLOR_BGR2GRAY))) == 1
    # Slots: 2 columns x 4 rows of 85.60 x 53.98 mm, inside the page.
    slots = card_positions()
    assert len(slots) == 8
    mm = 72 / 25.4
    for x, y in slots:
        assert x >= 10 * mm and x + CARD_WIDTH_MM * mm <= 612 - 10 * mm
        assert y >= 10 * mm and y + CARD_HEIGHT_MM * mm <= 792 - 10 * mm


# -- the command line ------------------------------------------------------------------------


verifica = functools.partial(run_verifica, password=PASSWORD)


def _photo_of_first_card(pdf: Path, out: Path, seed: int) -> Path:
    """A webcam-like photo of the printed card: tilted, blurred, dim, noisy, JPEG."""
    rng = np.random.default_rng(seed)
    page = _rasterise(pdf)
    scale = DPI / 72
    x, y = card_positions()[0]
    w, h = CARD_WIDTH_MM * 72 / 25.4, CARD_HEIGHT_MM * 72 / 25.4
    left, top = x * scale, (792 - y - h) * scale
    src = np.float32(
        [[left, top], [left + w * scale, top], [left + w * scale, top + h * scale],
         [left, top + h * scale]]
    )  # fmt: skip
    dst = np.float32([[330, 170], [930, 215], [905, 590], [300, 540]])  # tilted, in perspective
    frame = cv2.warpPerspective(
        page, cv2.getPerspectiveTransform(src, dst), (1280, 720), borderValue=(90, 110, 70)
    )
    frame = cv2.GaussianBlur(frame, (0, 0), 1.6)
    dim = frame.astype(np.float32) * 0.42 + 12 + rng.normal(0, 5, frame.shape)
    ok, jpeg = cv2.imencode(
        ".jpg", np.clip(dim, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 65]
    )
    assert ok
    out.write_bytes(jpeg.tobytes())
    return out


def _scan_json(path: Path, data: Path) -> dict[str, object]:
    result = verifica("scan", path, "--json", "--data-dir", data)
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.splitlines()
    return json.loads(line)  # type: ignore[no-any-return]


def test_badge_print_then_scan_a_photo_of_the_printed_card(tmp_path: Path) -> None:
    data = tmp_path / "datos"
    store, admin, department = _new_folder(data)
    inspector_id = _add(store, admin, department, "Ana Ñúñez Pérez")
    store.close()

    inside = verifica("badge", "print", inspector_id, "--out", data / "c.pdf", "--user", "admin",
                      "--data-dir", data)  # fmt: skip
    assert inside.returncode == 2 and "carpeta de datos" in inside.stderr
    listed = verifica("inspector", "list", "--data-dir", data)
    assert inspector_id in listed.stdout and "\t-\t" in listed.stdout  # no badge was issued

    first = verifica("badge", "print", inspector_id, "--out", tmp_path / "uno.pdf", "--user",
                     "admin", "--data-dir", data)  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert "Credencial emitida para Ana Ñúñez Pérez" in first.stdout
    photo_one = _photo_of_first_card(tmp_path / "uno.pdf", tmp_path / "foto-uno.jpg", seed=1)
    verdict = _scan_json(photo_one, data)
    assert verdict["verdict"] == VALID
    assert verdict["inspector"]["full_name"] == "Ana Ñúñez Pérez"  # type: ignore[index]

    second = verifica("badge", "print", inspector_id, "--out", tmp_path / "dos.pdf", "--user",
                      "admin", "--data-dir", data, "--lang", "en")  # fmt: skip
    assert second.returncode == 0, second.stderr
    assert "previous badge (1) was revoked" in second.stdout
    assert _scan_json(photo_one, data)["verdict"] == SUSPENDED_OR_REVOKED
    photo_two = _photo_of_first_card(tmp_path / "dos.pdf", tmp_path / "foto-dos.jpg", seed=2)
    human = verifica("scan", photo_two, "--data-dir", data)
    assert human.returncode == 0 and "INSPECTOR ACTIVO (valid)" in human.stdout

    wrong = verifica("badge", "print", inspector_id, "--out", tmp_path / "tres.pdf", "--user",
                     "admin", "--data-dir", data)  # fmt: skip
    assert wrong.returncode == 0
    nothing = verifica("scan", tmp_path / "uno.pdf", "--data-dir", data)  # not an image
    assert nothing.returncode == 2 and "código QR" in nothing.stderr
    store = open_store(data)
    stored = store.db.execute("SELECT verdict FROM verifications ORDER BY at").fetchall()
    store.close()
    assert [r[0] for r in stored] == [VALID, SUSPENDED_OR_REVOKED, VALID]


def test_keygen_export_and_a_kiosk_enrolled_by_import_verify_a_printed_card(
    tmp_path: Path,
) -> None:
    issuer, kiosk = tmp_path / "emisor", tmp_path / "kiosco"
    store, admin, department = _new_folder(issuer)
    inspector_id = _add(store, admin, department, "Luis Enrique Pech Dzul")
    store.close()
    kiosk_store = open_store(kiosk)
    users.create_first_admin(kiosk_store, username="admin", display_name="A", password=PASSWORD)
    kiosk_store.close()

    refused = verifica("badge", "keygen", "--key-file", issuer / "firma.pem", "--user", "admin",
                       "--data-dir", issuer)  # fmt: skip
    assert refused.returncode == 2 and not (issuer / "firma.pem").exists()
    made = verifica("badge", "keygen", "--key-file", tmp_path / "firma.pem", "--user", "admin",
                    "--data-dir", issuer)  # fmt: skip
    assert made.returncode == 0, made.stderr
    public = next(
        line.split()[1] for line in made.stdout.splitlines() if line.startswith("public_key:")
    )
    assert verifica("badge", "print", inspector_id, "--out", tmp_path / "c.pdf", "--user", "admin",
                    "--data-dir", issuer).returncode == 0  # fmt: skip
    exported = verifica("badge", "export-registry", "--key-file", tmp_path / "firma.pem", "--out",
                        tmp_path / "padron.json", "--data-dir", issuer)  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    photo = _photo_of_first_card(tmp_path / "c.pdf", tmp_path / "foto.jpg", seed=3)

    before = _scan_json(photo, kiosk)
    assert before["verdict"] == "cannot_confirm"  # no registry yet on the kiosk
    unenrolled = verifica("badge", "import-registry", tmp_path / "padron.json", "--data-dir", kiosk)
    assert unenrolled.returncode == 2
    imported = verifica("badge", "import-registry", tmp_path / "padron.json", "--trust-key",
                        public, "--user", "admin", "--data-dir", kiosk)  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    assert _scan_json(photo, kiosk)["verdict"] == VALID
