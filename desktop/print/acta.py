"""The *acta de inspección*: a letter-size PDF of one inspection, generated offline.

Every page carries the municipal header and "Hoja N de M". The acta holds the case folio and the
inspection's short id, the business, date and place, the inspector with their badge number, every
visible answer in form order grouped as the form groups them (amended values applied, select
answers by their labels, failed items marked), the amendments, the findings with deadlines, the
result and score, the photos as thumbnails and the two signatures. A draft prints with a
"BORRADOR — sin validez" banner and watermark.

The badge number is :func:`desktop.core.acta_data.badge_number` of the badge valid when the
inspection was made: the badge card prints no number of its own (its QR holds a secret token
Verifica does not keep), so the acta names the badge by a short form of its registry id, which
the registry can look up.

Attachments whose file is not on this device (not downloaded yet) or cannot be read print as a
placeholder box; they never stop the acta.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from PIL import Image, UnidentifiedImageError
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.core import forms
from desktop.core.acta_data import ActaData, acta_data, short_id
from desktop.core.dates import format_date
from desktop.core.inspection_capture import RESULT_LABELS
from desktop.errors import EnvironmentProblem
from desktop.print.common import (
    DEFAULT_MUNICIPALITY,
    INK,
    LIGHT_GREY,
    MUNICIPAL_BLUE,
    MUNICIPALITY_SETTING,
    MUTED,
    draw_header,
    fit_size,
    fonts,
)
from desktop.store.attachments import attachment_path
from desktop.store.db import Store

MARGIN = 16 * mm
HEADER_H = 20 * mm
FOOTER_H = 10 * mm
PHOTOS_PER_ROW = 3
PHOTO_RATIO = 3 / 4  # thumbnail box height / width
THUMBNAIL_PX = 720  # longest side embedded: sharp at 200 dpi in a ~58 mm box, small files
SIGNATURE_BOX_H = 30 * mm
LONG_ANSWER = 160  # characters: a longer answer prints full width under its question
FAILED_RED = HexColor("#B3261E")
FAILED_BACKGROUND = HexColor("#FBE4E2")
DRAFT_RED = HexColor("#C62828")
#: The signature field signed by the inspector; any other signature is the person attending.
INSPECTOR_SIGNATURE = "firma_inspector"
#: The answer holding the name of the person who attended the visit.
ATTENDEE_NAME = "atiende_nombre"

# (es-MX, English) pairs for every fixed text of the acta.
TEXT: dict[str, tuple[str, str]] = {
    "title": ("Acta de inspección", "Inspection record"),
    "folio": ("Folio", "Folio"),
    "inspection": ("Inspección", "Inspection"),
    "form": ("Formato", "Form"),
    "version": ("versión", "version"),
    "draft_banner": (
        "BORRADOR — sin validez. La inspección no está cerrada; este documento no es un acta.",
        "DRAFT — not valid. The inspection is not closed; this document is not a record.",
    ),
    "watermark": ("BORRADOR — sin validez", "DRAFT — not valid"),
    "business": ("Datos del establecimiento", "Business"),
    "business_name": ("Establecimiento", "Business name"),
    "owner": ("Propietario(a)", "Owner"),
    "address": ("Domicilio", "Address"),
    "colonia": ("Colonia", "Neighbourhood (colonia)"),
    "activity": ("Giro (actividad SCIAN)", "Activity (SCIAN)"),
    "when_where": ("Fecha y lugar", "Date and place"),
    "started": ("Inicio de la inspección", "Inspection started"),
    "closed": ("Cierre del acta", "Record closed"),
    "not_closed": ("Sin cerrar (borrador)", "Not closed (draft)"),
    "place": ("Lugar", "Place"),
    "coordinates": ("Coordenadas", "Coordinates"),
    "inspector": ("Inspector", "Inspector"),
    "inspector_name": ("Nombre", "Name"),
    "badge": ("Número de credencial", "Badge number"),
    "no_badge": ("Sin credencial registrada", "No badge on record"),
    "department": ("Dependencia", "Department"),
    "position": ("Cargo", "Position"),
    "no_inspector": ("Sin inspector asignado", "No inspector assigned"),
    "answers": ("Respuestas de la lista de verificación", "Checklist answers"),
    "question": ("Pregunta", "Question"),
    "answer": ("Respuesta", "Answer"),
    "general": ("Generales", "General"),
    "unanswered": ("Sin respuesta", "No answer"),
    "fails": ("NO CUMPLE", "FAILS"),
    "photo_ref": ("Fotografía {n} (ver anexo fotográfico)", "Photo {n} (see photographs)"),
    "signed": ("Firmada (ver firmas)", "Signed (see signatures)"),
    "photo_attached": ("Fotografía adjunta", "Photo attached"),
    "amended_mark": ("corregida después del cierre", "corrected after closing"),
    "amendments": ("Correcciones después del cierre (enmiendas)", "Corrections after closing"),
    "amend_field": ("Pregunta", "Question"),
    "amend_old": ("Valor anterior", "Previous value"),
    "amend_new": ("Valor corregido", "Corrected value"),
    "amend_reason": ("Motivo", "Reason"),
    "amend_when": ("Fecha y autor", "Date and author"),
    "findings": ("Hallazgos y plazos de corrección", "Findings and correction deadlines"),
    "finding_item": ("Punto", "Item"),
    "finding_text": ("Hallazgo", "Finding"),
    "finding_deadline": ("Corregir a más tardar", "Correct by"),
    "no_findings": ("Sin hallazgos.", "No findings."),
    "added_by_inspector": ("Agregado por el inspector", "Added by the inspector"),
    "result": ("Resultado", "Result"),
    "result_pending": ("Sin resultado: la inspección no está cerrada", "No result: not closed"),
    "score": ("Puntuación", "Score"),
    "score_value": ("{p} de {m} puntos ({pct} %)", "{p} of {m} points ({pct} %)"),
    "score_none": ("Sin puntos evaluables", "No scored items"),
    "failed_count": ("Puntos que no cumplen", "Items that fail"),
    "photos": ("Anexo fotográfico", "Photographs"),
    "photo_caption": ("Fotografía {n}. {label}", "Photo {n}. {label}"),
    "missing_file": ("Archivo no disponible en este equipo", "File not on this device"),
    "unreadable_file": ("Archivo ilegible", "Unreadable file"),
    "signatures": ("Firmas", "Signatures"),
    "not_signed": ("Sin firma", "Not signed"),
    "page": ("Hoja {n} de {m}", "Page {n} of {m}"),
    "generated": ("Generada con Verifica", "Generated by Verifica"),
}


def _t(key: str, lang: str) -> str:
    es, en = TEXT[key]
    return en if lang == "en" else es


# -- formatting values -----------------------------------------------------------------------


def _date(value: str, lang: str) -> str:
    day = dt.date.fromisoformat(value[:10])
    return day.isoformat() if lang == "en" else format_date(day)


def _moment(value: str, lang: str) -> str:
    """A stored UTC timestamp in this computer's local time."""
    at = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if at.tzinfo is not None:
        at = at.astimezone()
    return at.strftime("%Y-%m-%d %H:%M" if lang == "en" else "%d/%m/%Y %H:%M")


def _number(value: float) -> str:
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text or "0"


def _choice(field: forms.Field, name: str, lang: str) -> str:
    for c in field.choices:
        if c.name == name:
            return (c.label_en or c.label_es) if lang == "en" else (c.label_es or c.label_en)
    return name


def _label(item: forms.Field | forms.Group, lang: str) -> str:
    if lang == "en":
        return item.label_en or item.label_es or item.name
    return item.label_es or item.label_en or item.name


def format_answer(field: forms.Field, value: Any, lang: str = "es") -> str:
    """An answer as the acta prints it (choice labels, local dates); ``""`` when unanswered.

    Image and signature answers are attachment hashes: they print as their thumbnails elsewhere,
    so here they are only named.
    """
    if value is None or value == "" or value == []:
        return ""
    if field.type == "select_one":
        return _choice(field, str(value), lang)
    if field.type == "select_multiple":
        names = value if isinstance(value, list) else str(value).split()
        return ", ".join(_choice(field, str(n), lang) for n in names)
    if field.type == "date":
        try:
            return _date(str(value), lang)
        except ValueError:
            return str(value)
    if field.type == "integer" and isinstance(value, int):
        return f"{value:,}"
    if field.type == "decimal" and isinstance(value, int | float):
        return _number(float(value))
    if field.type == "signature":
        return _t("signed", lang)
    if field.type == "image":
        return _t("photo_attached", lang)
    return str(value)


# -- pictures (photos and signatures) --------------------------------------------------------


def _picture(store: Store, sha256: str | None) -> ImageReader | str:
    """The attachment as a downscaled image, or the key of the placeholder text."""
    if not sha256:
        return "not_signed"
    path = attachment_path(store.attachments_dir, sha256)
    try:
        content = path.read_bytes()
    except OSError:
        return "missing_file"
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.draft("RGB", (THUMBNAIL_PX, THUMBNAIL_PX))  # JPEG: decode at a fraction
            image.load()
            has_alpha = image.mode in ("RGBA", "LA") or "transparency" in image.info
            picture = image.convert("RGBA" if has_alpha else "RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return "unreadable_file"
    picture.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
    if picture.mode == "RGBA":  # flatten onto white: ink on paper, no soft mask to carry
        background = Image.new("RGB", picture.size, (255, 255, 255))
        background.paste(picture, mask=picture.getchannel("A"))
        picture = background
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    buffer.seek(0)
    return ImageReader(buffer)


class _PictureBox(Flowable):  # type: ignore[misc]
    """An image fitted (aspect kept, centred) in a fixed box, or a framed placeholder."""

    def __init__(self, picture: ImageReader | str, width: float, height: float, lang: str):
        super().__init__()
        self.picture, self.box_w, self.box_h, self.lang = picture, width, height, lang

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.box_w, self.box_h

    def draw(self) -> None:
        c = self.canv
        if isinstance(self.picture, ImageReader):
            iw, ih = self.picture.getSize()
            scale = min(self.box_w / iw, self.box_h / ih)
            w, h = iw * scale, ih * scale
            c.drawImage(self.picture, (self.box_w - w) / 2, (self.box_h - h) / 2, w, h)
            return
        f = fonts()
        c.saveState()
        c.setFillColor(HexColor("#F2F2F2"))
        c.setStrokeColor(MUTED)
        c.setDash(3, 2)
        c.rect(0, 0, self.box_w, self.box_h, stroke=1, fill=1)
        c.setFillColor(MUTED)
        c.setFont(f.regular, 8)
        c.drawCentredString(self.box_w / 2, self.box_h / 2 - 3, _t(self.picture, self.lang))
        c.restoreState()


# -- page furniture --------------------------------------------------------------------------


def _numbered_canvas(footer: str, page_text: Callable[[int, int], str]) -> type[Canvas]:
    """A canvas class that writes "Hoja N de M" once the page count is known."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            f = fonts()
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.saveState()
                self.setFont(f.regular, 8)
                self.setFillColor(MUTED)
                width, _ = LETTER
                self.drawString(MARGIN, FOOTER_H - 4 * mm, footer)
                self.setFont(f.bold, 8)
                self.setFillColor(INK)
                self.drawRightString(width - MARGIN, FOOTER_H - 4 * mm, page_text(number, total))
                self.restoreState()
                super().showPage()
            super().save()

    return NumberedCanvas


def _draw_watermark(canvas: Canvas, text: str) -> None:
    f = fonts()
    width, height = LETTER
    canvas.saveState()
    canvas.setFillColor(Color(DRAFT_RED.red, DRAFT_RED.green, DRAFT_RED.blue, alpha=0.16))
    canvas.translate(width / 2, height / 2)
    diagonal = math.hypot(width, height)
    canvas.rotate(math.degrees(math.atan2(height, width)))
    size = fit_size(text, f.bold, 60, diagonal * 0.7, 20)
    canvas.setFont(f.bold, size)
    canvas.drawCentredString(0, -size / 3, text)
    canvas.restoreState()


# -- the document ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Styles:
    base: ParagraphStyle
    small: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    failed: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    banner: ParagraphStyle
    cell_head: ParagraphStyle
    caption: ParagraphStyle
    long_label: ParagraphStyle
    long_text: ParagraphStyle


@functools.cache
def _styles() -> _Styles:
    f = fonts()
    base = ParagraphStyle("acta", fontName=f.regular, fontSize=9, leading=11.5, textColor=INK)
    return _Styles(
        base=base,
        small=ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5, textColor=MUTED),
        label=ParagraphStyle("label", parent=base, fontSize=7.5, leading=9.5, textColor=MUTED),
        value=ParagraphStyle("value", parent=base, fontName=f.bold),
        failed=ParagraphStyle("failed", parent=base, fontName=f.bold, textColor=FAILED_RED),
        title=ParagraphStyle(
            "title",
            parent=base,
            fontName=f.bold,
            fontSize=17,
            leading=21,
            textColor=MUNICIPAL_BLUE,
            alignment=1,
        ),
        heading=ParagraphStyle(
            "heading",
            parent=base,
            fontName=f.bold,
            fontSize=11,
            leading=14,
            textColor=MUNICIPAL_BLUE,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        subheading=ParagraphStyle(
            "subheading",
            parent=base,
            fontName=f.bold,
            fontSize=9.5,
            leading=12,
            spaceBefore=5,
            spaceAfter=2,
            keepWithNext=1,
        ),
        banner=ParagraphStyle(
            "banner",
            parent=base,
            fontName=f.bold,
            fontSize=10.5,
            leading=13,
            textColor=white,
            alignment=1,
        ),
        cell_head=ParagraphStyle("cell_head", parent=base, fontName=f.bold, textColor=white),
        caption=ParagraphStyle("caption", parent=base, fontSize=7.5, leading=9.5, alignment=1),
        long_label=ParagraphStyle(
            "long_label", parent=base, spaceBefore=4, spaceAfter=2, keepWithNext=1
        ),
        long_text=ParagraphStyle(
            "long_text", parent=base, fontName=f.bold, leftIndent=4 * mm, spaceAfter=4
        ),
    )


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _grid(rows: list[list[Any]], widths: list[float], *, head: bool = True) -> Table:
    # splitInRow: a cell taller than a page (a long observation) continues on the next page.
    table = Table(rows, colWidths=widths, repeatRows=1 if head else 0, splitInRow=1)
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, LIGHT_GREY),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if head:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), MUNICIPAL_BLUE))
    table.setStyle(TableStyle(commands))
    return table


def _label_values(pairs: Iterable[tuple[str, str]], width: float, s: _Styles) -> Table:
    """Two columns of label-over-value cells."""
    cells = [[_p(label, s.label), _p(value or "—", s.value)] for label, value in pairs]
    rows: list[list[Any]] = []
    for i in range(0, len(cells), 2):
        left = cells[i]
        rows.append([left, cells[i + 1] if i + 1 < len(cells) else ""])
    table = Table(rows, colWidths=[width / 2, width / 2])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 0.6, LIGHT_GREY),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _answer_table(rows: list[list[Any]], styles: list[tuple[Any, ...]], width: float) -> list[Any]:
    """The question/answer rows gathered so far as a table (none when only the header is left);
    empties ``rows`` (but its header) and ``styles`` for the rows that follow."""
    if len(rows) < 2:
        return []
    table = _grid(list(rows), [width * 0.58, width * 0.42])
    if styles:
        table.setStyle(TableStyle(styles))
    del rows[1:], styles[:]
    return [table]


def _photo_answers(acta: ActaData) -> list[tuple[forms.Field, str]]:
    """The answered photo questions shown, in form order: photo N of the acta is item N-1."""
    visible = forms.visible_fields(acta.inspection.form, acta.answers)
    return [
        (f, str(acta.answers[f.name]))
        for f in visible
        if f.type == "image" and acta.answers.get(f.name)
    ]


def _head(store: Store, acta: ActaData, width: float, lang: str) -> list[Any]:
    """The title, the folio and short id, and the draft banner."""
    s = _styles()
    insp = acta.inspection
    form = insp.form
    story: list[Any] = []
    story.append(_p(_t("title", lang), s.title))
    story.append(Spacer(1, 3))
    story.append(
        _p(
            f"{_t('folio', lang)} {acta.folio} · {_t('inspection', lang)} {short_id(insp.id)} · "
            f"{_t('form', lang)} {form.title} ({_t('version', lang)} {form.version})",
            ParagraphStyle("sub", parent=s.base, alignment=1, textColor=MUTED),
        )
    )
    story.append(Spacer(1, 6))
    if not insp.is_closed:
        banner = Table([[_p(_t("draft_banner", lang), s.banner)]], colWidths=[width])
        banner.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), DRAFT_RED),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                ]
            )
        )
        story += [banner, Spacer(1, 6)]
    return story


def _business(store: Store, acta: ActaData, width: float, lang: str) -> list[Any]:
    """The business the case is about."""
    s = _styles()
    story: list[Any] = []
    b = acta.business
    activity = " — ".join(p for p in (b.get("scian_code", ""), b.get("scian_description", "")) if p)
    story.append(_p(_t("business", lang), s.heading))
    story.append(
        _label_values(
            [
                (_t("business_name", lang), b.get("name", "")),
                (_t("owner", lang), b.get("owner", "")),
                (_t("address", lang), b.get("address", "")),
                (_t("colonia", lang), b.get("colonia", "")),
                (_t("activity", lang), activity),
            ],
            width,
            s,
        )
    )
    return story


def _when_where(store: Store, acta: ActaData, width: float, lang: str) -> list[Any]:
    """When the inspection was made and where (address, colonia, coordinates)."""
    s = _styles()
    insp = acta.inspection
    b = acta.business
    story: list[Any] = []
    visible = forms.visible_fields(insp.form, acta.answers)
    place = ", ".join(p for p in (b.get("address", ""), b.get("colonia", "")) if p)
    when_where = [
        (_t("started", lang), _moment(insp.started_at, lang)),
        (
            _t("closed", lang),
            _moment(insp.closed_at, lang) if insp.closed_at else _t("not_closed", lang),
        ),
        (_t("place", lang), place),
    ]
    for f in visible:
        if f.type == "geopoint" and acta.answers.get(f.name):
            when_where.append((_t("coordinates", lang), str(acta.answers[f.name])))
    story.append(_p(_t("when_where", lang), s.heading))
    story.append(_label_values(when_where, width, s))
    return story


def _inspector_section(store: Store, acta: ActaData, width: float, lang: str) -> list[Any]:
    """The inspector and their badge number."""
    s = _styles()
    story: list[Any] = []
    story.append(_p(_t("inspector", lang), s.heading))
    party = acta.inspector
    if party is None:
        story.append(_p(_t("no_inspector", lang), s.base))
    else:
        story.append(
            _label_values(
                [
                    (_t("inspector_name", lang), party.name),
                    (_t("badge", lang), party.badge or _t("no_badge", lang)),
                    (_t("department", lang), party.department),
                    (_t("position", lang), party.position),
                ],
                width,
                s,
            )
        )
    return story


def _answers(store: Store, acta: ActaData, width: float, lang: str) -> list[Any]:
    """Every visible answer in form order, one table per group; failed items marked."""
    s = _styles()
    insp = acta.inspection
    form = insp.form
    story: list[Any] = []
    failed = set(forms.score(form, acta.answers).failed_items)
    amended = {a.field for a in insp.amendments}
    shown = {f.name for f in forms.visible_fields(form, acta.answers)}
    photo_number = {f.name: n for n, (f, _) in enumerate(_photo_answers(acta), start=1)}
    story.append(_p(_t("answers", lang), s.heading))
    groups: dict[tuple[str, ...], tuple[str, list[forms.Field]]] = {}
    for f, enclosing in form.fields():
        if f.type in forms.ANSWERLESS or f.name not in shown:
            continue
        path = " / ".join(_label(g, lang) for g in enclosing) or _t("general", lang)
        groups.setdefault(tuple(g.name for g in enclosing), (path, []))[1].append(f)
    head = [_p(_t("question", lang), s.cell_head), _p(_t("answer", lang), s.cell_head)]
    for heading, fields in groups.values():
        story += [CondPageBreak(30 * mm), _p(heading, s.subheading)]
        rows: list[list[Any]] = [head]
        styles: list[tuple[Any, ...]] = []
        for f in fields:
            value = acta.answers.get(f.name)
            if f.name in photo_number:
                text = _t("photo_ref", lang).format(n=photo_number[f.name])
            else:
                text = format_answer(f, value, lang)
            style = s.value if text else s.small
            if f.name in failed:
                text, style = f"{text} — {_t('fails', lang)}", s.failed
                styles.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), FAILED_BACKGROUND))
            answer: list[Any] = [_p(text or _t("unanswered", lang), style)]
            if f.name in amended:
                answer.append(_p(f"({_t('amended_mark', lang)})", s.small))
            if len(text) > LONG_ANSWER:  # full width under its question, free to run on
                story += _answer_table(rows, styles, width)
                story.append(_p(_label(f, lang), s.long_label))
                story.append(_p(text, s.long_text))
                story += answer[1:]
                continue
            rows.append([_p(_label(f, lang), s.base), answer])
        story += _answer_table(rows, styles, width)
    return story


def _amendments(store: Store, acta: ActaData, width: float, lang: str) -> list[Any]:
    """Corrections made after closing, with reason, date and author."""
    s = _styles()
    insp = acta.inspection
    form = insp.form
    story: list[Any] = []
    if insp.amendments:
        story.append(_p(_t("amendments", lang), s.heading))
        rows = [
            [_p(_t(k, lang), s.cell_head) for k in ("amend_field", "amend_old", "amend_new")]
            + [_p(_t(k, lang), s.cell_head) for k in ("amend_reason", "amend_when")]
        ]
        for a in insp.amendments:
            f = form.field(a.field)
            who = acta.user_names.get(a.user_id or "", "")
            rows.append(
                [
                    _p(_label(f, lang), s.base),
                    _p(format_answer(f, a.old_value, lang) or "—", s.base),
                    _p(format_answer(f, a.new_value, lang) or "—", s.value),
                    _p(a.reason, s.base),
                    _p(f"{_moment(a.at, lang)}\n{who}".strip(), s.small),
                ]
            )
        story.append(_grid(rows, [width * r for r in (0.24, 0.17, 0.17, 0.26, 0.16)]))
    return story


def _findings(store: Store, acta: ActaData, width: float, lang: str) -> list[Any]:
    """The findings with their deadlines."""
    s = _styles()
    insp = acta.inspection
    form = insp.form
    story: list[Any] = []
    story.append(_p(_t("findings", lang), s.heading))
    if insp.findings:
        rows = [
            [
                _p("#", s.cell_head),
                _p(_t("finding_item", lang), s.cell_head),
                _p(_t("finding_text", lang), s.cell_head),
                _p(_t("finding_deadline", lang), s.cell_head),
            ]
        ]
        for n, finding in enumerate(insp.findings, start=1):
            item = (
                _label(form.field(finding.field), lang)
                if finding.field
                else _t("added_by_inspector", lang)
            )
            rows.append(
                [
                    _p(str(n), s.base),
                    _p(item, s.base),
                    _p(finding.description, s.base),
                    _p(_date(finding.deadline, lang), s.value),
                ]
            )
        story.append(_grid(rows, [width * r for r in (0.06, 0.30, 0.46, 0.18)]))
    else:
        story.append(_p(_t("no_findings", lang), s.base))
    return story


def _result(store: Store, acta: ActaData, width: float, lang: str) -> list[Any]:
    """The result and the score."""
    s = _styles()
    insp = acta.inspection
    form = insp.form
    story: list[Any] = []
    outcome = forms.score(form, acta.answers)
    if insp.result:
        es, en = RESULT_LABELS.get(insp.result, (insp.result, insp.result))
        result = en if lang == "en" else es
    else:
        result = _t("result_pending", lang)
    if outcome.max_points:
        pct = round(100 * outcome.points / outcome.max_points)
        points = _t("score_value", lang).format(
            p=_number(outcome.points), m=_number(outcome.max_points), pct=pct
        )
    else:
        points = _t("score_none", lang)
    story.append(_p(_t("result", lang), s.heading))
    story.append(
        _label_values(
            [
                (_t("result", lang), result),
                (_t("score", lang), points),
                (_t("failed_count", lang), str(len(outcome.failed_items))),
            ],
            width,
            s,
        )
    )
    return story


def _photos(store: Store, acta: ActaData, width: float, lang: str) -> list[Any]:
    """The photos as captioned thumbnails, several per row."""
    s = _styles()
    story: list[Any] = []
    photos = _photo_answers(acta)
    if photos:
        story.append(CondPageBreak(70 * mm))
        story.append(_p(_t("photos", lang), s.heading))
        gap = 4 * mm
        cell_w = (width - gap * (PHOTOS_PER_ROW - 1)) / PHOTOS_PER_ROW
        cells: list[Any] = []
        for n, (f, sha) in enumerate(photos, start=1):
            caption = _t("photo_caption", lang).format(n=n, label=_label(f, lang))
            cells.append(
                [
                    _PictureBox(_picture(store, sha), cell_w, cell_w * PHOTO_RATIO, lang),
                    Spacer(1, 2),
                    _p(caption, s.caption),
                ]
            )
        while len(cells) % PHOTOS_PER_ROW:
            cells.append("")
        grid_rows = [cells[i : i + PHOTOS_PER_ROW] for i in range(0, len(cells), PHOTOS_PER_ROW)]
        photo_table = Table(grid_rows, colWidths=[cell_w + gap] * (PHOTOS_PER_ROW - 1) + [cell_w])
        photo_table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ]
            )
        )
        story.append(photo_table)
    return story


def _signatures(store: Store, acta: ActaData, width: float, lang: str) -> list[Any]:
    """The signatures above the names of who signed."""
    s = _styles()
    form = acta.inspection.form
    story: list[Any] = []
    shown = {f.name for f in forms.visible_fields(form, acta.answers)}
    party = acta.inspector
    signatures = [f for f, _ in form.fields() if f.type == "signature" and f.name in shown]
    if signatures:
        sig_w = (width - 10 * mm) / 2
        blocks: list[Any] = []
        for f in signatures:
            if f.name == INSPECTOR_SIGNATURE:
                name = party.name if party else ""
            else:
                name = str(acta.answers.get(ATTENDEE_NAME) or "")
            blocks.append(
                [
                    _PictureBox(
                        _picture(store, acta.answers.get(f.name)), sig_w, SIGNATURE_BOX_H, lang
                    ),
                    _Rule(sig_w),
                    _p(name or " ", ParagraphStyle("sign", parent=s.value, alignment=1)),
                    _p(_label(f, lang), ParagraphStyle("signl", parent=s.small, alignment=1)),
                ]
            )
        while len(blocks) % 2:
            blocks.append("")
        sig_rows = [blocks[i : i + 2] for i in range(0, len(blocks), 2)]
        sig_table = Table(sig_rows, colWidths=[sig_w + 10 * mm, sig_w])
        sig_table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
                ]
            )
        )
        story.append(KeepTogether([_p(_t("signatures", lang), s.heading), sig_table]))
    return story


def _story(store: Store, acta: ActaData, width: float, lang: str) -> list[Any]:
    """Every section of the acta, in reading order."""
    sections = (_head, _business, _when_where, _inspector_section, _answers, _amendments,
                _findings, _result, _photos, _signatures)  # fmt: skip
    return [flowable for section in sections for flowable in section(store, acta, width, lang)]


class _Rule(Flowable):  # type: ignore[misc]
    """The line a signature stands on."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.rule_w = width

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.rule_w, 4

    def draw(self) -> None:
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(0.7)
        self.canv.line(0, 2, self.rule_w, 2)


def acta_pdf(store: Store, inspection_id: str, *, lang: str = "es") -> bytes:
    """The acta de inspección of ``inspection_id`` as PDF bytes (letter size).

    Args:
        store: the data folder's store (read only here).
        inspection_id: the inspection's id.
        lang: ``"es"`` (es-MX, the default) or ``"en"``.

    Raises:
        InvalidInput: no such inspection, or a scheduled visit not captured yet.
    """
    acta = acta_data(store, inspection_id)
    insp = acta.inspection
    page_w, page_h = LETTER
    width = page_w - 2 * MARGIN
    department = acta.inspector.department if acta.inspector else ""
    municipality = store.get_setting(MUNICIPALITY_SETTING) or DEFAULT_MUNICIPALITY
    subtitle = " · ".join(
        p for p in (department or "Protección Civil", _t("title", lang), acta.folio) if p
    )

    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        draw_header(
            canvas,
            x=0,
            y=page_h - HEADER_H,
            width=page_w,
            height=HEADER_H,
            title=municipality,
            subtitle=subtitle,
        )
        if not insp.is_closed:
            _draw_watermark(canvas, _t("watermark", lang))

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=HEADER_H + 8 * mm,
        bottomMargin=FOOTER_H + 4 * mm,
        title=f"{_t('title', lang)} {acta.folio} ({short_id(insp.id)})",
        author=municipality,
        creator="Verifica",
        invariant=1,
    )
    frame = Frame(
        doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", showBoundary=0
    )
    doc.addPageTemplates([PageTemplate(id="acta", frames=[frame], onPage=on_page)])
    footer = f"{_t('folio', lang)} {acta.folio} · {_t('inspection', lang)} {short_id(insp.id)}"
    footer += f" · {_t('generated', lang)}"
    if not insp.is_closed:
        footer = f"{_t('watermark', lang)} · {footer}"
    page_label = _t("page", lang)
    doc.build(
        _story(store, acta, width, lang),
        canvasmaker=_numbered_canvas(footer, lambda n, m: page_label.format(n=n, m=m)),
    )
    return buffer.getvalue()


def write_acta(store: Store, inspection_id: str, path: Path, *, lang: str = "es") -> Path:
    """Render the acta and write it to ``path`` atomically (a temp file, then a rename).

    Returns:
        ``path``.

    Raises:
        InvalidInput: no such inspection, or a scheduled visit not captured yet.
        EnvironmentProblem: the file cannot be written (nothing is left half-written).
    """
    path = Path(path)
    pdf = acta_pdf(store, inspection_id, lang=lang)
    tmp_name = ""
    try:
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(pdf)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp_name, path)
    except OSError as exc:
        if tmp_name:
            Path(tmp_name).unlink(missing_ok=True)
        raise EnvironmentProblem(
            f"No se pudo escribir el acta en {path}: {exc.strerror or exc}",
            f"Could not write the record to {path}: {exc.strerror or exc}",
            hint_es="Revise la carpeta y sus permisos, o elija otra.",
            hint_en="Check the folder and its permissions, or choose another.",
        ) from exc
    return path
