"""The acta de inspección PDF: rendered by poppler, its text read back and its pages rasterised.

Each test builds a real inspection through the core (real SQLite store, the shipped form, real
JPEG photos and PNG signatures drawn with OpenCV), renders the acta and checks what a reader of the
printed page would see: text through ``pdftotext``, pictures by their colours in ``pdftoppm``
rasters.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytest
from inspection_samples import COMPLETE

from desktop.core import badges, form_library, forms, inspection_capture, inspectors, permits, users
from desktop.core.acta_data import badge_number
from desktop.errors import EnvironmentProblem, InvalidInput
from desktop.print.acta import acta_pdf, write_acta
from desktop.store import Actor, Store
from desktop.store.attachments import attachment_path

ROOT = Path(__file__).resolve().parents[1]
FOLIO = "PC-2025-017"
INSPECTOR = "Mario Hernández Ruiz"
# Distinctive colours (RGB) that nothing else on an acta uses, so finding them proves the picture.
PHOTO_CYAN = (0, 190, 190)
PHOTO_MAGENTA = (210, 0, 210)
INK_VIOLET = (70, 0, 150)  # the inspector's signature
INK_GREEN = (0, 100, 30)  # the signature of the person attending
ANSWERS = {  # the shared visit with a "no aplica" and a select_multiple of two choices
    **COMPLETE,
    "salidas_senaladas": "na",
    "inflamables_tipos": ["solventes", "papel_carton"],
    "inflamables_almacen": "si",
}
FINDING = "Recargar los extintores con la carga vencida y colocar la etiqueta nueva"


def _photo(colour: tuple[int, int, int]) -> bytes:
    """A 1600 x 1200 camera-like JPEG: grey noise with a big solid block of ``colour``."""
    rng = np.random.default_rng(7)
    image = rng.integers(90, 160, size=(1200, 1600, 3), dtype=np.uint8)
    image[250:950, 350:1250] = colour[::-1]  # OpenCV is BGR
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    return data.tobytes()


def _signature(ink: tuple[int, int, int]) -> bytes:
    """A PNG signature: a thick pen stroke on white, like the signature pad saves."""
    image = np.full((200, 600, 3), 255, dtype=np.uint8)
    points = np.array([[40, 150], [160, 60], [260, 140], [380, 50], [560, 120]], np.int32)
    cv2.polylines(image, [points], False, ink[::-1], thickness=22, lineType=cv2.LINE_AA)
    ok, data = cv2.imencode(".png", image)
    assert ok
    return data.tobytes()


@dataclass
class World:
    store: Store
    actor: Actor
    inspection_id: str
    badge_id: str
    deadline: str


def _inspection(store: Store, admin: users.User, *, close: bool = True) -> World:
    actor = store.actor(admin.id)
    department = permits.create_department(store, actor, code="PC", name="Protección Civil")
    inspector = inspectors.add_inspector(
        store,
        admin,
        full_name=INSPECTOR,
        department_id=department,
        position="Inspector de Protección Civil",
        valid_from=dt.date(2025, 1, 1),
        valid_until=dt.date.today() + dt.timedelta(days=365),
    )
    badge = badges.issue_badge(store, admin, inspector)
    business = permits.create_business(
        store,
        actor,
        name="Papelería El Lápiz",
        owner_name="Rosa Martínez Soto",
        address="Av. Juárez 123",
        colonia="Centro",
        scian_code="465311",
        scian_description="Comercio al por menor de artículos de papelería",
    )
    case = permits.create_case(
        store, actor, folio=FOLIO, business_id=business, received_date=dt.date(2025, 2, 3)
    )
    insp = inspection_capture.start_inspection(
        store, actor, case, form_library.shipped_form(), inspector_id=inspector
    )
    for field, value in ANSWERS.items():
        inspection_capture.save_answer(store, actor, insp, field, value)
    for field, content, mime in (
        ("ext_foto", _photo(PHOTO_CYAN), "image/jpeg"),
        ("salidas_foto", _photo(PHOTO_MAGENTA), "image/jpeg"),
        ("firma_inspector", _signature(INK_VIOLET), "image/png"),
        ("firma_atiende", _signature(INK_GREEN), "image/png"),
    ):
        inspection_capture.save_attachment_answer(store, actor, insp, field, content, mime=mime)
    drafted = inspection_capture.suggest_findings(
        store, inspection_capture.load_inspection(store, insp), today=dt.date(2025, 3, 4)
    )
    assert [f.field for f in drafted] == ["ext_vigentes"]
    findings = [inspection_capture.Finding("ext_vigentes", FINDING, drafted[0].deadline)]
    inspection_capture.save_findings(store, actor, insp, findings)
    if close:
        inspection_capture.close_inspection(store, actor, insp)
    return World(store, actor, insp, badge.badge_id, drafted[0].deadline)


@pytest.fixture
def closed(store: Store, admin: users.User) -> World:
    return _inspection(store, admin)


def _render(world: World, tmp_path: Path, name: str = "acta.pdf", lang: str = "es") -> Path:
    return write_acta(world.store, world.inspection_id, tmp_path / name, lang=lang)


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def _info(pdf: Path) -> tuple[int, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)", out, flags=re.M)
    size = re.search(r"^Page size:\s+(.+)$", out, flags=re.M)
    assert pages and size, out
    return int(pages.group(1)), size.group(1)


def _pages(pdf: Path) -> list[np.ndarray]:
    """Every page rasterised at 60 dpi by poppler, as RGB arrays."""
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(prefix)], check=True)
    files = sorted(
        pdf.parent.glob(f"{prefix.name}-*.png"), key=lambda p: int(p.stem.split("-")[-1])
    )
    return [cv2.cvtColor(cv2.imread(str(f)), cv2.COLOR_BGR2RGB) for f in files]


def _pixels(page: np.ndarray, colour: tuple[int, int, int], tolerance: int = 40) -> int:
    distance = np.abs(page.astype(np.int16) - np.array(colour, np.int16)).max(axis=2)
    return int((distance <= tolerance).sum())


def _has(pages: list[np.ndarray], colour: tuple[int, int, int], minimum: int = 150) -> bool:
    return any(_pixels(page, colour) >= minimum for page in pages)


def test_a_closed_acta_is_letter_size_with_every_answer_the_finding_and_the_inspector(
    closed: World, tmp_path: Path
) -> None:
    pdf = _render(closed, tmp_path)
    pages, size = _info(pdf)
    assert pages >= 2 and "612 x 792 pts (letter)" in size
    text = _text(pdf)
    deadline = dt.date.fromisoformat(closed.deadline).strftime("%d/%m/%Y")
    inspection = inspection_capture.load_inspection(closed.store, closed.inspection_id)
    score = forms.score(inspection.form, inspection.answers)
    assert score.failed_items == ("ext_vigentes",)
    for expected in (
        "Acta de inspección",
        f"Folio {FOLIO}",
        "Papelería El Lápiz",
        "Rosa Martínez Soto",
        "Av. Juárez 123",
        "Centro",
        "465311 — Comercio al por menor",
        "20.6736 -103.344",  # the geopoint answer, beside the place
        INSPECTOR,
        badge_number(closed.badge_id),
        "Nombre de quien atiende Laura Gómez",
        "Fecha de la visita 04/03/2025",
        "Aforo máximo (personas) 12",
        "¿Cuenta con extintores? Sí",
        "¿La carga está vigente (etiqueta con fecha)? No — NO CUMPLE",  # failed item, marked
        "¿Usa gas LP o natural? No",
        "Solventes",  # select_multiple by its choice labels
        "¿Salidas de emergencia señalizadas? No aplica",
        FINDING,
        deadline,
        "No cumple",  # the result (the failed item's mark is upper case)
        f"{score.points:g} de {score.max_points:g} puntos",
        "Fotografía 1. Foto de los extintores",
        "Fotografía 2. Foto de salidas y señalización",
        "Firma del inspector",
        f"Hoja 1 de {pages}",
        f"Hoja {pages} de {pages}",
    ):
        assert expected in text, expected
    assert "BORRADOR" not in text
    assert "papel_carton" not in text and " si " not in text  # codes never print, labels do


def test_notes_and_hidden_questions_are_left_out(closed: World, tmp_path: Path) -> None:
    text = _text(_render(closed, tmp_path))
    form = form_library.shipped_form()
    assert "¿Usa gas LP o natural?" in text
    assert form.field("intro").label_es[:30] not in text  # a note is not an answer
    hidden = form.field("gas_cilindros").label_es  # relevant only when usa_gas = si
    assert hidden[:30] not in text
    plan = form.field("plan_interno").label_es  # its group is relevant only above 50 people
    assert plan[:30] not in text


def test_the_photos_and_both_signatures_are_visible_on_the_rasterised_pages(
    closed: World, tmp_path: Path
) -> None:
    pages = _pages(_render(closed, tmp_path))
    for colour in (PHOTO_CYAN, PHOTO_MAGENTA, INK_VIOLET, INK_GREEN):
        assert _has(pages, colour), colour


def test_attachment_files_not_on_this_device_print_as_placeholders(
    closed: World, tmp_path: Path
) -> None:
    inspection = inspection_capture.load_inspection(closed.store, closed.inspection_id)
    for field in ("ext_foto", "firma_atiende"):
        attachment_path(closed.store.attachments_dir, inspection.answers[field]).unlink()
    pdf = _render(closed, tmp_path)
    pages = _pages(pdf)
    assert not _has(pages, PHOTO_CYAN) and not _has(pages, INK_GREEN)
    assert _has(pages, PHOTO_MAGENTA) and _has(pages, INK_VIOLET)  # the others still print
    assert _text(pdf).count("Archivo no disponible en este equipo") == 2


def test_an_unreadable_signature_prints_a_placeholder(
    store: Store, admin: users.User, tmp_path: Path
) -> None:
    world = _inspection(store, admin, close=False)
    inspection_capture.save_attachment_answer(
        store, world.actor, world.inspection_id, "firma_atiende", b"<svg>trazo</svg>",
        mime="image/svg+xml",
    )  # fmt: skip
    text = _text(_render(world, tmp_path))
    assert "Archivo ilegible" in text


def test_a_draft_prints_with_the_borrador_banner_and_no_result(
    store: Store, admin: users.User, tmp_path: Path
) -> None:
    world = _inspection(store, admin, close=False)
    pdf = _render(world, tmp_path)
    text = _text(pdf)
    assert "BORRADOR — sin validez" in text
    assert "Sin resultado: la inspección no está cerrada" in text
    assert "Sin cerrar (borrador)" in text
    first = _pages(pdf)[0]
    assert _pixels(first, (198, 40, 40), tolerance=25) > 500  # the red banner itself


def test_an_amendment_shows_the_corrected_value_and_its_reason(
    closed: World, tmp_path: Path
) -> None:
    inspection_capture.amend(
        closed.store, closed.actor, closed.inspection_id, "aforo", 35, "El aforo se capturó mal"
    )
    text = _text(_render(closed, tmp_path))
    assert "Aforo máximo (personas) 35 (corregida después del cierre)" in text
    assert "Correcciones después del cierre" in text
    assert "El aforo se capturó mal" in text
    assert "Administradora" in text  # who amended it


def test_a_long_observation_runs_on_over_pages_without_losing_its_end(
    store: Store, admin: users.User, tmp_path: Path
) -> None:
    world = _inspection(store, admin, close=False)
    short = _info(_render(world, tmp_path, "short.pdf"))[0]
    long_text = " ".join(f"Observación número {n} sobre el local." for n in range(400))
    inspection_capture.save_answer(
        store, world.actor, world.inspection_id, "observaciones", long_text + " FIN-DEL-TEXTO"
    )
    pdf = _render(world, tmp_path, "long.pdf")
    assert _info(pdf)[0] >= short + 2
    text = _text(pdf)
    assert "Observación número 399 sobre el local. FIN-DEL-TEXTO" in text


def test_the_acta_in_english(closed: World, tmp_path: Path) -> None:
    text = _text(_render(closed, tmp_path, lang="en"))
    for expected in ("Inspection record", "Checklist answers", "Yes", "No — FAILS",
                     "Does not comply", "Page 1 of", "Signatures"):  # fmt: skip
        assert expected in text, expected
    assert "Hoja 1" not in text


def test_an_unknown_inspection_is_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as refused:
        acta_pdf(store, "no-such-id")
    assert "No existe la inspección no-such-id" in refused.value.es


def test_writing_replaces_the_file_whole_and_refuses_a_missing_folder(
    closed: World, tmp_path: Path
) -> None:
    folder = tmp_path / "actas"
    folder.mkdir()
    out = folder / "acta.pdf"
    out.write_bytes(b"old")
    write_acta(closed.store, closed.inspection_id, out)
    assert out.read_bytes().startswith(b"%PDF") and list(folder.iterdir()) == [out]
    with pytest.raises(EnvironmentProblem):
        write_acta(closed.store, closed.inspection_id, tmp_path / "no-folder" / "acta.pdf")


def _cli(store: Store, *args: str) -> subprocess.CompletedProcess[str]:
    verifica = ROOT / ".venv" / "bin" / "verifica"
    command = [str(verifica)] if verifica.exists() else [sys.executable, "-m", "desktop"]
    return subprocess.run(
        [*command, "--data-dir", str(store.data_dir), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )


def test_the_cli_writes_the_acta_and_refuses_an_unknown_id(closed: World, tmp_path: Path) -> None:
    out = tmp_path / "cli-acta.pdf"
    done = _cli(closed.store, "inspection", "acta", closed.inspection_id, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout
    assert _info(out)[1].endswith("(letter)") and FOLIO in _text(out)

    missing = tmp_path / "nada.pdf"
    refused = _cli(closed.store, "inspection", "acta", "0000-no-existe", "--out", str(missing))
    assert refused.returncode == 2
    assert "No existe la inspección 0000-no-existe" in refused.stderr
    assert not missing.exists()
