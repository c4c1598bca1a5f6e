"""The inspector badge card: CR80 (85.60 x 53.98 mm) fronts, eight to a letter sheet.

Front: municipal header, photo, name, department, position, validity, the badge QR drawn as
vector squares with its 4-module quiet zone, and "Verifique en {BASE_URL}". The QR box is 50 mm
(nearly the card's height, on the right; the text shares the left column), so a module is 1.35 mm
at version 3 (1.22 mm at version 4): the read rate through a fixed-focus webcam grows with the
printed module (``bench/scan.py --qr-box-mm``), and 0.6 mm is the floor. Cards are laid out
2 x 4 on a letter page with crop marks in the gutters.

The PDF holds the badge tokens: it is produced at issue time, handed to the printer, and not
kept by Verifica (reprinting a card means reissuing the badge).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from desktop.core.badges import IssuedBadge, qr_matrix
from desktop.core.dates import format_date
from desktop.core.inspectors import get_inspector
from desktop.core.tokens import BADGE_PATH
from desktop.errors import EnvironmentProblem, InvalidInput
from desktop.print.common import (
    DEFAULT_MUNICIPALITY,
    INK,
    LIGHT_GREY,
    MUNICIPAL_BLUE,
    MUNICIPALITY_SETTING,
    MUTED,
    draw_crop_marks,
    draw_header,
    draw_qr,
    fit_lines,
    fit_size,
    fonts,
)
from desktop.store.attachments import attachment_path
from desktop.store.db import Store

CARD_WIDTH_MM = 85.60
CARD_HEIGHT_MM = 53.98
CORNER_RADIUS_MM = 3.18
QR_BOX_MM = 50.0  # quiet zone included; bench: 34 mm read 71.7% per frame, 48 mm 84%, 50 mm 85.7%
QR_MARGIN_MM = 0.8
MIN_MODULE_MM = 0.6
COLUMNS, ROWS = 2, 4
GUTTER_MM = 10.0
CROP_OFFSET_MM, CROP_LENGTH_MM = 1.5, 3.5


@dataclass(frozen=True)
class BadgeCard:
    """Everything printed on one card. ``qr_text`` is the badge URL (it holds the token)."""

    qr_text: str = field(repr=False)
    full_name: str
    department: str
    position: str
    valid_until: dt.date
    verify_at: str
    photo: bytes | None = field(default=None, repr=False)
    municipality: str = DEFAULT_MUNICIPALITY


def card_for(store: Store, issued: IssuedBadge) -> BadgeCard:
    """The card for a badge just issued: the inspector's current details and photo."""
    inspector = get_inspector(store, issued.inspector_id)
    photo = None
    if inspector.photo_sha256:
        path = attachment_path(store.attachments_dir, inspector.photo_sha256)
        photo = path.read_bytes() if path.is_file() else None
    return BadgeCard(
        qr_text=issued.url,
        full_name=inspector.full_name,
        department=inspector.department_name,
        position=inspector.position,
        valid_until=issued.expires_at,
        verify_at=issued.url.split(BADGE_PATH, 1)[0],
        photo=photo,
        municipality=store.get_setting(MUNICIPALITY_SETTING) or DEFAULT_MUNICIPALITY,
    )


def _draw_photo(
    canvas: Canvas, photo: bytes | None, x: float, y: float, w: float, h: float
) -> None:
    f = fonts()
    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(x, y, w, h)
    canvas.clipPath(clip, stroke=0, fill=0)
    image = None
    if photo is not None:
        try:
            image = ImageReader(io.BytesIO(photo))
            iw, ih = image.getSize()
        except (OSError, ValueError):
            image = None
    if image is not None and iw > 0 and ih > 0:
        # Cover the box (crop the excess), centred: a portrait keeps its face in the frame.
        scale = max(w / iw, h / ih)
        dw, dh = iw * scale, ih * scale
        canvas.drawImage(image, x + (w - dw) / 2, y + (h - dh) / 2, dw, dh)
    else:
        canvas.setFillColor(LIGHT_GREY)
        canvas.rect(x, y, w, h, stroke=0, fill=1)
        canvas.setFillColor(MUTED)
        canvas.setFont(f.regular, 5.5)
        canvas.drawCentredString(x + w / 2, y + h / 2 + 1, "Sin")
        canvas.drawCentredString(x + w / 2, y + h / 2 - 6, "fotografía")
    canvas.restoreState()
    canvas.saveState()
    canvas.setStrokeColor(MUNICIPAL_BLUE)
    canvas.setLineWidth(0.5)
    canvas.rect(x, y, w, h, stroke=1, fill=0)
    canvas.restoreState()


def _fit_name(name: str, font: str, width: float) -> tuple[float, list[str]]:
    """The largest size at which the whole name fits: 3 lines from 8 pt, 4 lines below 7 pt."""
    for size, max_lines in ((8.0, 3), (7.5, 3), (7.0, 3), (6.5, 4), (6.0, 4)):
        lines = fit_lines(name, font, size, width, 99)
        if len(lines) <= max_lines:
            return size, lines
    return 6.0, fit_lines(name, font, 6.0, width, 4)


def draw_card(canvas: Canvas, card: BadgeCard, x: float, y: float) -> None:
    """Draw one card front with its lower-left corner at ``(x, y)`` points.

    The QR takes the right-hand side at nearly the card's full height (a bigger printed module
    is read more often through a webcam); the header, photo and text share the left column.
    """
    f = fonts()
    width, height = CARD_WIDTH_MM * mm, CARD_HEIGHT_MM * mm
    matrix = qr_matrix(card.qr_text)
    if QR_BOX_MM / len(matrix) < MIN_MODULE_MM:  # cannot happen at version ≤ 4; guard anyway
        raise InvalidInput(
            "El código QR no cabe en la credencial.", "The QR does not fit the card."
        )
    canvas.saveState()
    canvas.translate(x, y)
    outline = canvas.beginPath()
    outline.roundRect(0, 0, width, height, CORNER_RADIUS_MM * mm)
    canvas.clipPath(outline, stroke=0, fill=0)

    qr_size = QR_BOX_MM * mm
    qr_x, qr_y = width - qr_size - QR_MARGIN_MM * mm, (height - qr_size) / 2
    # The quiet zone is white, so the header band may run up to the QR box.
    header_h = 9.5 * mm
    draw_header(
        canvas,
        x=0,
        y=height - header_h,
        width=qr_x,
        height=header_h,
        title=card.municipality,
        subtitle="CREDENCIAL DE INSPECTOR",
    )
    draw_qr(canvas, matrix, x=qr_x, y=qr_y, size=qr_size)

    left = 3.0 * mm
    col_right = qr_x + 1.2 * mm  # the QR's quiet zone starts with white: text may touch it
    photo_w, photo_h = 14.0 * mm, 18.5 * mm
    photo_top = height - header_h - 2.0 * mm
    _draw_photo(canvas, card.photo, left, photo_top - photo_h, photo_w, photo_h)

    # Beside the photo: the name (the one thing a citizen reads first).
    side_x = left + photo_w + 1.8 * mm
    side_w = col_right - side_x
    cursor = photo_top - 2.4 * mm
    canvas.setFillColor(INK)
    name_size, name_lines = _fit_name(card.full_name, f.bold, side_w)
    canvas.setFont(f.bold, name_size)
    for line in name_lines:
        canvas.drawString(side_x, cursor, line)
        cursor -= name_size * 1.15

    # Under the photo, across the column: department, position, validity, where to verify.
    col_w = col_right - left
    cursor = photo_top - photo_h - 3.0 * mm
    canvas.setFillColor(MUNICIPAL_BLUE)
    canvas.setFont(f.bold, 6.3)
    for line in fit_lines(card.department, f.bold, 6.3, col_w, 2):
        canvas.drawString(left, cursor, line)
        cursor -= 6.8
    canvas.setFillColor(MUTED)
    canvas.setFont(f.regular, 5.6)
    for line in fit_lines(card.position, f.regular, 5.6, col_w, 1):
        canvas.drawString(left, cursor, line)
        cursor -= 8.2
    canvas.setFont(f.regular, 5.5)
    canvas.drawString(left, cursor, "Vigente hasta")
    label_w = canvas.stringWidth("Vigente hasta ", f.regular, 5.5)
    canvas.setFillColor(INK)
    canvas.setFont(f.bold, 8.0)
    canvas.drawString(left + label_w, cursor, format_date(card.valid_until))

    verify = f"Verifique en {card.verify_at}"
    size = fit_size(verify, f.bold, 6.5, col_w, 4.0)
    canvas.setFillColor(MUNICIPAL_BLUE)
    canvas.setFont(f.bold, size)
    canvas.drawString(left, 5.6 * mm, verify)
    canvas.setFillColor(MUTED)
    canvas.setFont(f.regular, 4.4)
    hint = "Escanee el código con la cámara de su celular o en un módulo Verifica y Califica."
    for i, line in enumerate(fit_lines(hint, f.regular, 4.4, col_w, 2)):
        canvas.drawString(left, 3.6 * mm - i * 5.0, line)
    canvas.restoreState()

    canvas.saveState()
    canvas.setStrokeColor(LIGHT_GREY)
    canvas.setLineWidth(0.3)
    canvas.roundRect(x, y, width, height, CORNER_RADIUS_MM * mm, stroke=1, fill=0)
    canvas.restoreState()


def card_positions() -> list[tuple[float, float]]:
    """Lower-left corners (points) of the card slots on a letter page, row by row."""
    page_w, page_h = LETTER
    width, height = CARD_WIDTH_MM * mm, CARD_HEIGHT_MM * mm
    gutter = GUTTER_MM * mm
    left = (page_w - COLUMNS * width - (COLUMNS - 1) * gutter) / 2
    top = page_h - (page_h - ROWS * height - (ROWS - 1) * gutter) / 2
    return [
        (left + c * (width + gutter), top - (r + 1) * height - r * gutter)
        for r in range(ROWS)
        for c in range(COLUMNS)
    ]


def render_badge_cards(cards: Sequence[BadgeCard], path: Path | str) -> Path:
    """Write ``cards`` to a letter-size PDF, eight per page with crop marks.

    Raises:
        InvalidInput: no cards, or a QR text that does not fit a version-4 code.
        EnvironmentProblem: the file cannot be written.
    """
    if not cards:
        raise InvalidInput("No hay credenciales que imprimir.", "There are no badges to print.")
    path = Path(path)
    slots = card_positions()
    # The canvas writes nothing until save(): a QR that draw_card refuses leaves no file behind.
    canvas = Canvas(str(path), pagesize=LETTER, invariant=True)
    canvas.setTitle("Credenciales de inspector")
    canvas.setAuthor("Verifica")
    for index, card in enumerate(cards):
        if index and index % len(slots) == 0:
            canvas.showPage()
        x, y = slots[index % len(slots)]
        draw_crop_marks(
            canvas,
            x=x,
            y=y,
            width=CARD_WIDTH_MM * mm,
            height=CARD_HEIGHT_MM * mm,
            length=CROP_LENGTH_MM * mm,
            offset=CROP_OFFSET_MM * mm,
        )
        draw_card(canvas, card, x, y)
    try:
        canvas.save()
    except OSError as exc:
        raise EnvironmentProblem(
            f"No se pudo escribir el PDF {path}: {exc.strerror}",
            f"Could not write the PDF {path}: {exc.strerror}",
        ) from exc
    return path
