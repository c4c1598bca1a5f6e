"""Kiosk mode end to end (pytest-qt, offscreen): a genuine badge scanned by the camera worker
(a real video of a card from ``desktop.scan.synth``) and by a keyboard-wedge reader
(Caps Lock too) →
verdict → rating → complaint with receipt → back to idle after inactivity; suspended and forged
badges; the PIN that leaves kiosk mode; the camera worker's clean stop and its recovery from a
source that fails mid-stream; the kiosk's intake use-cases."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from desktop.core import (
    badges,
    inspectors,
    kiosk_intake,
    kiosk_lock,
    permits,
    signing,
    trust,
    users,
)
from desktop.core.ids import uuid7
from desktop.core.verification import NOT_ISSUED, SUSPENDED_OR_REVOKED, VALID
from desktop.errors import InvalidInput, NotAllowed
from desktop.scan import synth
from desktop.scan.sources import FolderSource, Frame, SourceFailed, VideoFileSource
from desktop.store import Store, open_store
from desktop.store.changes import verify_audit_chain
from desktop.ui.camera import DISCONNECTED, RUNNING, CameraWorker
from desktop.ui.kiosk import KioskWindow
from desktop.ui.tasks import TaskRunner

PIN = "482915"
FAST_CAMERA: dict[str, Any] = {
    "retry_interval": 0.05,
    "max_fps": 0.0,
    "decode_fps": 0.0,
    "hold_off": 30.0,
}


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (190, 160, 130)).save(buffer, "JPEG")
    return buffer.getvalue()


@dataclass
class Badges:
    """An issuing folder with two inspectors, and a kiosk folder holding its signed registry."""

    issuer: Store
    admin: users.User
    kiosk: Store
    valid_url: str
    suspended_url: str
    valid_id: str
    suspended_id: str


@pytest.fixture
def world(tmp_path: Path) -> Iterator[Badges]:
    issuer = open_store(tmp_path / "emisor")
    admin = users.create_first_admin(
        issuer, username="admin", display_name="Admin", password="contraseña-segura"
    )
    department = permits.create_department(
        issuer, issuer.actor(admin.id), code="PC", name="Protección Civil"
    )
    key = signing.generate_private_key()
    trust.enrol_key(issuer, admin, signing.public_key_raw(key), source="local")
    today = dt.date.today()

    def add(name: str) -> str:
        return inspectors.add_inspector(
            issuer, admin, full_name=name, department_id=department,
            position="Inspector de Protección Civil", valid_from=today - dt.timedelta(days=30),
            valid_until=today + dt.timedelta(days=365), photo=_photo(), photo_name="foto.jpg",
        )  # fmt: skip

    ana, rosa = add("Ana Ñúñez Pérez"), add("Rosa María Chi")
    valid = badges.issue_badge(issuer, admin, ana)
    suspended = badges.issue_badge(issuer, admin, rosa)
    inspectors.suspend_inspector(issuer, admin, rosa, reason="Denuncia en curso")

    kiosk = open_store(tmp_path / "kiosco")
    kiosk_admin = users.create_first_admin(
        kiosk, username="admin", display_name="Admin", password="contraseña-segura"
    )
    trust.enrol_key(kiosk, kiosk_admin, signing.public_key_raw(key))
    now = dt.datetime.now(dt.UTC)
    signed = badges.signed_registry(issuer, key, now=now - dt.timedelta(days=2, minutes=5))
    trust.accept_registry(kiosk, kiosk.actor(None), signed, now=now)
    kiosk_lock.set_kiosk_pin(kiosk, kiosk_admin, PIN)
    yield Badges(issuer, admin, kiosk, valid.url, suspended.url, ana, rosa)
    kiosk.close()
    issuer.close()


def _count(store: Store, table: str) -> int:
    return int(store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _badge_frames(url: str, count: int) -> list[Frame]:
    """Webcam-like pictures of a printed badge that our decoder reads."""
    qr = synth.badge_qr_image(url, module_px=4)
    frames = []
    for seed in range(count):
        frame = synth.badge_photo(
            qr, seed, text=url, tilt_deg=12, blur_px=1.0, light=0.7, size=(1280, 720)
        )
        frames.append(frame.image)
    return frames


def _write_video(path: Path, frames: list[Frame]) -> Path:
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 15, (width, height))
    assert writer.isOpened()
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


def _kiosk(
    qtbot: QtBot, world: Badges, runner: TaskRunner, *, source: object = None, idle: float = 60
) -> KioskWindow:
    window = KioskWindow(
        world.kiosk,
        runner,
        world.kiosk.actor(None),
        open_source=source,  # type: ignore[arg-type]
        location="Palacio Municipal, planta baja",
        idle_seconds=idle,
        camera_options=FAST_CAMERA,
    )
    qtbot.addWidget(window, before_close_func=lambda w: w.shut_down())
    window.start(full_screen=False)
    qtbot.waitUntil(lambda: window.idle.age.text() != "")
    return window


def _leave(qtbot: QtBot, window: KioskWindow) -> None:
    window.unlock.unlock.emit(PIN)
    qtbot.waitUntil(lambda: window.unlocked)


def _wedge(qtbot: QtBot, window: KioskWindow, text: str) -> None:
    qtbot.keyClicks(window.stack.currentWidget(), text)  # type: ignore[no-untyped-call]
    qtbot.keyClick(window.stack.currentWidget(), "\r")  # type: ignore[no-untyped-call]


# -- the flow --------------------------------------------------------------------------------


def test_camera_scan_of_a_genuine_badge_then_rating_complaint_receipt_and_auto_reset(
    qtbot: QtBot, world: Badges, runner: TaskRunner, tmp_path: Path
) -> None:
    video = _write_video(tmp_path / "credencial.avi", _badge_frames(world.valid_url, 6))
    window = _kiosk(qtbot, world, runner, source=lambda: VideoFileSource(video), idle=0.4)
    assert "Padrón actualizado hace 2 días" in window.idle.age.text()
    with qtbot.waitSignal(window.verdict_shown, timeout=20000) as shown:
        pass
    assert shown.args == [VALID]
    assert window.current_screen() is window.verdict
    assert window.verdict.headline.text() == "VÁLIDA"
    assert window.verdict.name.text() == "Ana Ñúñez Pérez"
    assert window.verdict.department.text() == "Protección Civil"
    # The kiosk has the registry but not the photo file: a placeholder says so.
    assert "Fotografía no disponible" in window.verdict.photo.text()
    assert window.idle.preview.outlined or (window.camera and window.camera.frames_read > 0)
    # The badge stays in front of the camera (the video loops): still one verification.
    qtbot.waitUntil(lambda: window.camera is not None and window.camera.frames_read > 12)
    assert _count(world.kiosk, "verifications") == 1
    (location, inspector) = world.kiosk.db.execute(
        "SELECT location, inspector_id FROM verifications"
    ).fetchone()
    assert (location, inspector) == ("Palacio Municipal, planta baja", world.valid_id)

    window.verdict.rate_button.click()
    for row, stars in ((window.rating.speed, 4), (window.rating.attention, 5),
                       (window.rating.service, 3)):  # fmt: skip
        assert not window.rating.send_button.isEnabled()
        row.buttons[stars - 1].click()
    window.rating.comment.setText("Muy amable")
    with qtbot.waitSignal(window.rating_saved, timeout=5000):
        window.rating.send_button.click()
    rating = world.kiosk.db.execute(
        "SELECT speed, attention, service, comment, inspector_id FROM ratings"
    ).fetchone()
    assert tuple(rating) == (4, 5, 3, "Muy amable", world.valid_id)

    # Nothing touched on the thanks screen: back to idle on its own.
    with qtbot.waitSignal(window.returned_to_idle, timeout=5000):
        pass
    assert window.current_screen() is window.idle

    # The same person presents the badge again (a new presentation) and files a complaint.
    _wedge(qtbot, window, world.valid_url)
    qtbot.waitUntil(lambda: window.current_screen() is window.verdict, timeout=5000)
    window.verdict.complain_button.click()
    window.complaint.send_button.click()  # no kind chosen yet: refused on screen
    assert "tipo de denuncia" in window.complaint.error.text()
    window.complaint.kind_buttons["corrupcion"].click()
    window.complaint.description.setPlainText("Me pidió dinero para no clausurar.")
    with qtbot.waitSignal(window.complaint_saved, timeout=5000) as saved:
        window.complaint.send_button.click()
    folio = saved.args[0]
    code_part = kiosk_intake.device_code(world.kiosk.device_id)
    assert re.fullmatch(rf"DEN-\d{{4}}-{code_part}-0001", folio)
    assert window.current_screen() is window.receipt
    assert window.receipt.folio.text() == folio
    code = window.receipt.code.text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    row = world.kiosk.db.execute(
        "SELECT kind, anonymous, source, inspector_id, followup_code_hash, verification_id "
        "FROM complaints WHERE folio = ?",
        [folio],
    ).fetchone()
    assert tuple(row[:4]) == ("corrupcion", 1, "quiosco", world.valid_id)
    assert row[4] == kiosk_intake.followup_code_hash(code)
    assert code not in str(world.kiosk.db.execute("SELECT * FROM change_log").fetchall())
    assert row[5] is not None

    with qtbot.waitSignal(window.returned_to_idle, timeout=5000):
        pass
    assert window.receipt.code.text() == ""  # the secret does not stay on screen
    assert _count(world.kiosk, "verifications") == 2
    verify_audit_chain(world.kiosk.db)
    _leave(qtbot, window)
    assert window.camera is not None and window.camera.isFinished()


def test_suspended_and_forged_badges_show_their_verdicts(
    qtbot: QtBot, world: Badges, runner: TaskRunner
) -> None:
    window = _kiosk(qtbot, world, runner)
    with qtbot.waitSignal(window.verdict_shown, timeout=5000) as shown:
        _wedge(qtbot, window, world.suspended_url)
    assert shown.args == [SUSPENDED_OR_REVOKED]
    assert window.verdict.headline.text() == "SUSPENDIDA O REVOCADA"
    assert window.verdict.name.text() == "Rosa María Chi"
    assert "suspendido" in window.verdict.reason.text()

    # A look-alike: the right URL shape with a token the municipality never issued.
    forged = world.valid_url[:-4] + ("AAAA" if not world.valid_url.endswith("AAAA") else "BBBB")
    with qtbot.waitSignal(window.verdict_shown, timeout=5000) as shown:
        _wedge(qtbot, window, forged)  # the verdict screen takes scans too
    assert shown.args == [NOT_ISSUED]
    assert window.verdict.headline.text() == "NO ES UNA CREDENCIAL DEL MUNICIPIO"
    assert not window.verdict.rate_button.isVisible()
    assert window.verdict.complain_button.isVisible()
    _leave(qtbot, window)


def test_a_wedge_reader_with_caps_lock_on_still_verifies(
    qtbot: QtBot, world: Badges, runner: TaskRunner
) -> None:
    window = _kiosk(qtbot, world, runner)
    with qtbot.waitSignal(window.verdict_shown, timeout=5000) as shown:
        _wedge(qtbot, window, world.valid_url.swapcase())
    assert shown.args == [VALID]
    _leave(qtbot, window)


def test_leaving_kiosk_mode_needs_the_administrator_pin(
    qtbot: QtBot, world: Badges, runner: TaskRunner
) -> None:
    window = _kiosk(qtbot, world, runner)
    assert window.close() is False  # Alt+F4 / the window manager
    qtbot.keyClick(window, "\x1b")  # type: ignore[no-untyped-call]  # Esc
    assert window.isVisible() and not window.unlocked
    window.idle.admin_button.click()
    assert window.current_screen() is window.unlock
    window.unlock.pin.setText("000000")
    window.unlock.unlock_button.click()
    qtbot.waitUntil(lambda: window.unlock.error.text() == "NIP incorrecto.")
    assert window.isVisible() and not window.unlocked
    for digit in PIN:
        window.unlock.pin.insert(digit)
    with qtbot.waitSignal(window.exited, timeout=5000):
        window.unlock.unlock_button.click()
    assert window.unlocked and not window.isVisible()


# -- the camera worker -----------------------------------------------------------------------


class UnpluggableSource:
    """A camera on a USB cable, played from a folder of frames: while unplugged, opening and
    reading fail as a real camera's do; plugged back in, it delivers again."""

    description = "usb-camera"

    def __init__(self, folder: Path, plugged: threading.Event) -> None:
        self._folder = FolderSource(folder)
        self._plugged = plugged

    def _check(self) -> None:
        if not self._plugged.is_set():
            raise SourceFailed("La cámara dejó de enviar imágenes.", "The camera stopped.")

    def open(self) -> None:
        self._check()
        self._folder.open()

    def read(self) -> Frame | None:
        self._check()
        return self._folder.read()

    def close(self) -> None:
        self._folder.close()

    def __enter__(self) -> UnpluggableSource:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __iter__(self) -> Iterator[Frame]:
        while (frame := self.read()) is not None:
            yield frame


def test_the_camera_worker_survives_an_unplugged_camera_and_stops_cleanly(
    qtbot: QtBot, world: Badges, tmp_path: Path
) -> None:
    folder = tmp_path / "cuadros"
    folder.mkdir()
    for i, frame in enumerate(_badge_frames(world.valid_url, 3)):
        assert cv2.imwrite(str(folder / f"cuadro{i}.png"), frame)
    plugged = threading.Event()
    plugged.set()
    worker = CameraWorker(lambda: UnpluggableSource(folder, plugged), **FAST_CAMERA)
    statuses: list[tuple[str, str]] = []
    scans: list[str] = []
    worker.status_changed.connect(lambda s, m: statuses.append((s, m)))
    worker.scanned.connect(scans.append)
    with qtbot.waitSignal(worker.scanned, timeout=20000):
        worker.start()
    assert scans == [world.valid_url]

    plugged.clear()  # the cable is pulled mid-stream
    qtbot.waitUntil(lambda: statuses[-1][0] == DISCONNECTED, timeout=5000)
    assert "dejó de enviar" in statuses[-1][1]
    assert worker.isRunning()
    plugged.set()  # and plugged back in
    qtbot.waitUntil(lambda: statuses[-1][0] == RUNNING, timeout=5000)
    read_before = worker.frames_read
    qtbot.waitUntil(lambda: worker.frames_read > read_before + 3, timeout=10000)
    assert scans == [world.valid_url]  # the same presentation: no second verdict

    worker.stop()
    assert worker.isFinished()


def test_stop_wakes_a_worker_waiting_to_retry(qtbot: QtBot, tmp_path: Path) -> None:
    worker = CameraWorker(lambda: VideoFileSource(tmp_path / "no-hay.avi"), retry_interval=3600.0)
    with qtbot.waitSignal(worker.status_changed, timeout=5000,
                          check_params_cb=lambda s, m: s == DISCONNECTED):  # fmt: skip
        worker.start()
    worker.stop()  # does not wait an hour
    assert worker.isFinished()


# -- the intake use-cases --------------------------------------------------------------------


def test_ratings_and_complaints_refuse_bad_input_and_write_nothing(world: Badges) -> None:
    kiosk, actor = world.kiosk, world.kiosk.actor(None)
    outcome = kiosk_intake.scan_and_record(kiosk, actor, world.valid_url)
    before = _count(kiosk, "change_log")
    for bad in (0, 6, True):
        with pytest.raises(InvalidInput):
            kiosk_intake.record_rating(
                kiosk, actor, verification_id=outcome.verification_id, speed=bad,
                attention=3, service=3,
            )  # fmt: skip
    with pytest.raises(InvalidInput):
        kiosk_intake.file_complaint(
            kiosk, actor, verification_id=outcome.verification_id, kind="otro", description=" "
        )
    with pytest.raises(InvalidInput):
        kiosk_intake.file_complaint(
            kiosk, actor, verification_id=outcome.verification_id, kind="soborno",
            description="x",
        )  # fmt: skip
    with pytest.raises(InvalidInput):  # contact details asked for but not given
        kiosk_intake.file_complaint(
            kiosk, actor, verification_id=None, kind="otro", description="x", anonymous=False
        )
    assert _count(kiosk, "change_log") == before
    assert _count(kiosk, "ratings") == _count(kiosk, "complaints") == 0

    first = kiosk_intake.file_complaint(
        kiosk, actor, verification_id=None, kind="maltrato", description="Gritos",
        anonymous=False, contact_name="Luz", contact_phone="9991234567",
    )  # fmt: skip
    second = kiosk_intake.file_complaint(
        kiosk, actor, verification_id=None, kind="otro", description="x",
        contact_name="ignored because anonymous",
    )  # fmt: skip
    year, device = dt.datetime.now().year, kiosk_intake.device_code(kiosk.device_id)
    assert (first.folio, second.folio) == (f"DEN-{year}-{device}-0001", f"DEN-{year}-{device}-0002")
    assert first.followup_code != second.followup_code
    stored = kiosk.db.execute(
        "SELECT contact_name, followup_code_hash FROM complaints ORDER BY folio"
    ).fetchall()
    assert stored[0][0] == "Luz" and stored[1][0] == ""
    plain = first.followup_code.replace("-", "")
    assert stored[0][1] == hashlib.sha256(plain.encode()).hexdigest()


def test_two_offline_kiosks_never_issue_the_same_folio(tmp_path: Path) -> None:
    # Device ids are UUIDv7: two kiosks set up the same day share their first characters.
    ids = [uuid7(), uuid7()]
    assert ids[0][:4] == ids[1][:4]
    folios = []
    for name, device_id in zip(("norte", "sur"), ids, strict=True):
        store = open_store(tmp_path / name)
        store.db.execute("UPDATE settings SET value = ? WHERE key = 'device_id'", [device_id])
        store.db.commit()
        store.close()
        store = open_store(tmp_path / name)
        assert store.device_id == device_id
        receipts = [
            kiosk_intake.file_complaint(
                store, store.actor(None), verification_id=None, kind="otro", description="x"
            )
            for _ in range(2)
        ]
        folios.append([r.folio for r in receipts])
        store.close()
    codes = [kiosk_intake.device_code(i) for i in ids]
    assert codes[0] != codes[1]
    year = dt.datetime.now().year
    for code, pair in zip(codes, folios, strict=True):
        assert re.fullmatch(r"[A-Z2-9]{4}", code) and not set(code) & set("01OIL")
        assert pair == [f"DEN-{year}-{code}-0001", f"DEN-{year}-{code}-0002"]
    assert not set(folios[0]) & set(folios[1])
    assert kiosk_intake.device_code(ids[0]) == codes[0]  # stable for a device


def test_only_an_administrator_sets_the_pin_and_it_is_stored_hashed(world: Badges) -> None:
    clerk = users.create_user(
        world.kiosk, world.kiosk.actor(None), username="ventanilla", display_name="V",
        password="contraseña-segura", role="clerk",
    )  # fmt: skip
    with pytest.raises(NotAllowed):
        kiosk_lock.set_kiosk_pin(world.kiosk, clerk, "1234")
    admin = users.authenticate(world.kiosk, "admin", "contraseña-segura")
    for bad in ("12", "12ab", "1" * 13, "١٢٣٤"):
        with pytest.raises(InvalidInput):
            kiosk_lock.set_kiosk_pin(world.kiosk, admin, bad)
    stored = world.kiosk.get_setting(kiosk_lock.PIN_SETTING) or ""
    assert stored.startswith("$argon2id$") and PIN not in stored
    assert kiosk_lock.check_kiosk_pin(world.kiosk, PIN)
    assert not kiosk_lock.check_kiosk_pin(world.kiosk, "")
    assert not kiosk_lock.check_kiosk_pin(world.kiosk, PIN + "0")
