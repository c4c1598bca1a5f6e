"""Screenshots of kiosk mode and of a page of printed badge cards.

Called from tools/screenshots.py (the QApplication and style already exist). Builds, in a
temporary folder, an issuing office with six inspectors (one suspended) and their badges, and a
kiosk holding the signed registry and the photos; then drives the real :class:`KioskWindow` at
1366x768 (a common kiosk screen) through a genuine, a suspended and a forged badge, the rating and
complaint screens and a receipt. Writes ``kiosk-idle.png``, ``kiosk-valid.png``,
``kiosk-suspended.png``, ``kiosk-not-genuine.png``, ``kiosk-rating.png``, ``kiosk-complaint.png``,
``kiosk-receipt.png``, and ``badge-cards.png`` (the card PDF through ``pdftoppm -r 100``).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw
from PySide6.QtWidgets import QApplication, QWidget

from desktop.core import badges, inspectors, kiosk_lock, permits, signing, trust, users
from desktop.core.badges import IssuedBadge
from desktop.print.badge_card import card_for, render_badge_cards
from desktop.scan import synth
from desktop.store import Store, open_store
from desktop.store.attachments import attachment_path
from desktop.ui.camera import Seen, to_qimage
from desktop.ui.kiosk import KioskWindow
from desktop.ui.tasks import TaskRunner

KIOSK_SIZE = (1366, 768)
PASSWORD = "contraseña-segura"
PEOPLE = (
    ("Ana Ñúñez Pérez", "PC", (196, 160, 128), (70, 110, 160)),
    ("Rosa María Chi Canul", "PC", (160, 118, 90), (150, 70, 90)),
    ("José Luis Pech Uc", "CM", (150, 110, 80), (60, 120, 90)),
    ("María Guadalupe Hernández Domínguez", "PC", (205, 170, 140), (110, 80, 150)),
    ("Carlos Ek Balam", "CM", (140, 100, 75), (160, 120, 60)),
    ("Leticia Poot May", "PC", (180, 140, 110), (70, 130, 140)),
)

WaitUntil = Callable[[Callable[[], bool], str], None]
Save = Callable[[QWidget, Path], None]


def portrait(skin: tuple[int, int, int], shirt: tuple[int, int, int]) -> bytes:
    """A plain ID-style portrait (a drawn head and shoulders), JPEG."""
    image = Image.new("RGB", (300, 400), (226, 232, 240))
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 250, 260, 520), fill=shirt)
    draw.rectangle((125, 220, 175, 280), fill=skin)
    draw.ellipse((85, 80, 215, 240), fill=skin)
    draw.chord((80, 60, 220, 170), 180, 360, fill=(45, 35, 30))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _world(tmp: Path) -> tuple[Store, Store, dict[str, str], list[IssuedBadge]]:
    """Issuer and kiosk stores; badge URLs by role; the issued badges (for the card page)."""
    issuer = open_store(tmp / "emisor")
    admin = users.create_first_admin(
        issuer, username="admin", display_name="Admin", password=PASSWORD
    )
    actor = issuer.actor(admin.id)
    departments = {
        "PC": permits.create_department(issuer, actor, code="PC", name="Protección Civil"),
        "CM": permits.create_department(issuer, actor, code="CM", name="Contraloría Municipal"),
    }
    key = signing.generate_private_key()
    trust.enrol_key(issuer, admin, signing.public_key_raw(key), source="local")
    today = dt.date.today()
    issued = []
    ids = []
    for name, dept, skin, shirt in PEOPLE:
        inspector_id = inspectors.add_inspector(
            issuer, admin, full_name=name, department_id=departments[dept],
            position="Inspector de Protección Civil" if dept == "PC" else "Auditor de obra",
            valid_from=today - dt.timedelta(days=30), valid_until=today + dt.timedelta(days=365),
            photo=portrait(skin, shirt), photo_name="foto.jpg",
        )  # fmt: skip
        ids.append(inspector_id)
        issued.append(badges.issue_badge(issuer, admin, inspector_id))
    inspectors.suspend_inspector(issuer, admin, ids[1], reason="Denuncia en curso")

    kiosk = open_store(tmp / "kiosco")
    kiosk_admin = users.create_first_admin(
        kiosk, username="admin", display_name="Admin", password=PASSWORD
    )
    trust.enrol_key(kiosk, kiosk_admin, signing.public_key_raw(key))
    now = dt.datetime.now(dt.UTC)
    signed = badges.signed_registry(issuer, key, now=now - dt.timedelta(hours=5))
    trust.accept_registry(kiosk, kiosk.actor(None), signed, now=now)
    kiosk_lock.set_kiosk_pin(kiosk, kiosk_admin, "482915")
    for inspector_id in ids:  # the kiosk's copy of the photos (a sync brings them)
        sha = inspectors.get_inspector(issuer, inspector_id).photo_sha256
        if sha:
            target = attachment_path(kiosk.attachments_dir, sha)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(attachment_path(issuer.attachments_dir, sha), target)
    valid = issued[0].url
    forged = valid[:-4] + ("AAAA" if not valid.endswith("AAAA") else "BBBB")
    urls = {"valid": valid, "suspended": issued[1].url, "forged": forged}
    return issuer, kiosk, urls, issued


def shoot_badge_cards(issuer: Store, issued: list[IssuedBadge], out: Path, tmp: Path) -> None:
    """A letter page of printed cards, rasterised like a print preview."""
    pdf = render_badge_cards([card_for(issuer, b) for b in issued], tmp / "credenciales.pdf")
    subprocess.run(
        ["pdftoppm", "-r", "100", "-png", "-singlefile", str(pdf), str(tmp / "badge-cards")],
        check=True,
    )
    shutil.copyfile(tmp / "badge-cards.png", out / "badge-cards.png")
    print(f"wrote {out.name}/badge-cards.png")


def _idle_preview(window: KioskWindow) -> None:
    """Put a webcam-like picture of a badge in the idle preview, its code outlined."""
    qr = synth.badge_qr_image("https://verifica.example/c/0", module_px=4)
    frame = synth.badge_photo(qr, 3, tilt_deg=8, blur_px=0.5, light=0.9, size=(1280, 720))
    image, scale = to_qimage(frame.image)
    corners = tuple((x * scale, y * scale) for x, y in frame.corners)
    window.idle.preview.show_frame(image, [Seen("", corners)])


def shoot_kiosk(out: Path, *, wait_until: WaitUntil, save: Save) -> None:
    """Write the kiosk screenshots and the badge-card page."""
    with tempfile.TemporaryDirectory(prefix="verifica-kiosk-shots-") as name:
        tmp = Path(name)
        issuer, kiosk, urls, issued = _world(tmp)
        runner = TaskRunner("es")
        window = KioskWindow(
            kiosk, runner, kiosk.actor(None), location="Palacio Municipal, planta baja",
            idle_seconds=3600,
        )  # fmt: skip
        try:
            shoot_badge_cards(issuer, issued, out, tmp)
            window.resize(*KIOSK_SIZE)
            window.start(full_screen=False)
            window.resize(*KIOSK_SIZE)
            wait_until(lambda: window.idle.age.text() != "", "the kiosk's registry age")
            _idle_preview(window)
            save(window, out / "kiosk-idle.png")

            def scan(url: str, shot: str) -> None:
                window.go_idle()
                shown: list[str] = []
                window.verdict_shown.connect(shown.append)
                window.submit_scan(url, from_wedge=False)
                wait_until(lambda: bool(shown), f"the verdict for {shot}")
                window.verdict_shown.disconnect(shown.append)
                save(window, out / shot)

            scan(urls["suspended"], "kiosk-suspended.png")
            scan(urls["forged"], "kiosk-not-genuine.png")
            scan(urls["valid"], "kiosk-valid.png")

            window.verdict.rate_button.click()
            window.rating.speed.buttons[3].click()
            window.rating.attention.buttons[4].click()
            window.rating.comment.setText("Muy amable y puntual")
            save(window, out / "kiosk-rating.png")
            window.rating.cancel_button.click()

            window.verdict.complain_button.click()
            window.complaint.kind_buttons["corrupcion"].click()
            window.complaint.description.setPlainText(
                "Me pidió dinero para no clausurar el negocio."
            )
            save(window, out / "kiosk-complaint.png")
            saved: list[str] = []
            window.complaint_saved.connect(saved.append)
            window.complaint.send_button.click()
            wait_until(lambda: bool(saved), "the complaint receipt")
            save(window, out / "kiosk-receipt.png")
        finally:
            window.unlock.unlock.emit("482915")
            wait_until(lambda: window.unlocked, "the kiosk to close")
            window.deleteLater()
            QApplication.processEvents()
            runner.shutdown()
            kiosk.close()
            issuer.close()
