"""The anuencia document: one letter-size page with the municipal header, the business, the
validity, the signer and a QR a phone opens (and a verifier checks offline).

:func:`render_anuencia` is a pure function of the stored document fields
(:func:`desktop.core.anuencias.issue_anuencia` builds them): reportlab's invariant mode plus a
creation date fixed to the issue time make a reprint byte-identical to the issued PDF.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from typing import Any

import qrcode
import qrcode.constants
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.print.common import (
    ACCENT,
    INK,
    LIGHT_GREY,
    MUNICIPAL_BLUE,
    MUTED,
    draw_header,
    draw_qr,
    fit_lines,
    fit_size,
    fonts,
)

MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
QR_BOX_MM = 52.0
MARGIN_MM = 18.0
PROCEDURE_TEXT = {
    "anuencia_bajo_riesgo": "Anuencia de Protección Civil para establecimiento de bajo riesgo",
}


def long_date(value: str) -> str:
    """``2026-03-01`` (or a timestamp) as ``1 de marzo de 2026``."""
    day = dt.date.fromisoformat(value[:10])
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"


def qr_matrix(text: str) -> list[list[bool]]:
    """The anuencia QR's modules at error-correction level M, 4-module quiet zone included."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def _pdf_date(issued_at: str) -> str:
    moment = dt.datetime.fromisoformat(issued_at.replace("Z", "+00:00"))
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")


def render_anuencia(document: Mapping[str, Any]) -> bytes:
    """The anuencia PDF for the stored document fields (deterministic: same fields, same bytes).

    Args:
        document: ``municipality``, ``department``, ``place``, ``folio``, ``business``, ``owner``,
            ``scian_code``, ``scian_description``, ``address``, ``colonia``, ``procedure_type``,
            ``issued_at``, ``valid_until``, ``signer_name``, ``signer_position``, ``key_id`` and
            ``qr_text``.
    """
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1, pageCompression=1)
    created = _pdf_date(str(document["issued_at"]))
    canvas.setDateFormatter(lambda *_: created)
    canvas.setTitle(f"Anuencia {document['folio']}")
    canvas.setAuthor(f"{document['municipality']} — {document['department']}")
    canvas.setSubject(str(document["business"]))
    canvas.setCreator("Verifica")
    _draw_page(canvas, document)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _label_value(
    canvas: Canvas, label: str, value: str, *, x: float, y: float, width: float, lines: int = 2
) -> float:
    """A label above its value (wrapped); returns the y below the block."""
    f = fonts()
    canvas.setFont(f.regular, 8)
    canvas.setFillColor(MUTED)
    canvas.drawString(x, y, label.upper())
    canvas.setFont(f.bold, 11.5)
    canvas.setFillColor(INK)
    y -= 14
    for line in fit_lines(value or "—", f.bold, 11.5, width, lines):
        canvas.drawString(x, y, line)
        y -= 14
    return y - 6


def _draw_page(canvas: Canvas, d: Mapping[str, Any]) -> None:
    f = fonts()
    page_w, page_h = LETTER
    margin = MARGIN_MM * mm
    width = page_w - 2 * margin

    header_h = 24 * mm
    draw_header(
        canvas,
        x=0,
        y=page_h - header_h,
        width=page_w,
        height=header_h,
        title=f"{d['municipality']} — {d['department']}",
        subtitle="Coordinación Municipal de Protección Civil · Dirección de Inspección",
    )

    # Title and folio
    y = page_h - header_h - 16 * mm
    title = "ANUENCIA DE PROTECCIÓN CIVIL"
    canvas.setFillColor(MUNICIPAL_BLUE)
    canvas.setFont(f.bold, fit_size(title, f.bold, 22, width, 12))
    canvas.drawCentredString(page_w / 2, y, title)
    y -= 7 * mm
    procedure = PROCEDURE_TEXT.get(
        str(d["procedure_type"]), str(d["procedure_type"]).replace("_", " ").capitalize()
    )
    canvas.setFont(f.regular, 11)
    canvas.setFillColor(MUTED)
    canvas.drawCentredString(page_w / 2, y, procedure)
    y -= 9 * mm
    canvas.setFillColor(ACCENT)
    canvas.rect(margin, y, width, 1.2, stroke=0, fill=1)
    y -= 8 * mm
    canvas.setFillColor(INK)
    canvas.setFont(f.bold, 11)
    canvas.drawString(margin, y, f"Folio: {d['folio']}")
    canvas.setFont(f.regular, 11)
    place = f"{d['place']}, a {long_date(str(d['issued_at']))}"
    canvas.drawRightString(margin + width, y, place)

    # Preamble
    y -= 11 * mm
    preamble = (
        f"{d['municipality']}, por conducto de la Coordinación Municipal de "
        f"{d['department']}, con base en la revisión documental y la inspección realizada al "
        "establecimiento, y de conformidad con la Ley de Protección Civil y su reglamento "
        "municipal, otorga la presente ANUENCIA al establecimiento que se describe a "
        "continuación, por cumplir con las medidas de seguridad aplicables a su giro."
    )
    canvas.setFont(f.regular, 10.5)
    for line in fit_lines(preamble, f.regular, 10.5, width, 6):
        canvas.drawString(margin, y, line)
        y -= 14.5
    y -= 6 * mm

    # Business block, in a light frame with two columns
    box_top = y + 4 * mm
    col_w = (width - 10 * mm) / 2
    left, right = margin + 4 * mm, margin + 4 * mm + col_w + 2 * mm
    y -= 4 * mm
    ly = _label_value(canvas, "Establecimiento", str(d["business"]), x=left, y=y, width=col_w)
    ry = _label_value(canvas, "Propietario(a)", str(d["owner"]), x=right, y=y, width=col_w)
    y = min(ly, ry)
    activity = " — ".join(p for p in (str(d["scian_code"]), str(d["scian_description"])) if p)
    y = _label_value(canvas, "Giro (actividad SCIAN)", activity, x=left, y=y, width=width - 8 * mm)
    ly = _label_value(canvas, "Domicilio", str(d["address"]), x=left, y=y, width=col_w)
    ry = _label_value(canvas, "Colonia", str(d["colonia"]), x=right, y=y, width=col_w)
    y = min(ly, ry)
    ly = _label_value(
        canvas, "Fecha de emisión", long_date(str(d["issued_at"])), x=left, y=y, width=col_w
    )
    ry = _label_value(
        canvas, "Vigente hasta", long_date(str(d["valid_until"])), x=right, y=y, width=col_w
    )
    y = min(ly, ry)
    canvas.setStrokeColor(LIGHT_GREY)
    canvas.setLineWidth(0.8)
    canvas.roundRect(margin, y, width, box_top - y, 6, stroke=1, fill=0)

    # Conditions
    y -= 9 * mm
    conditions = (
        "Esta anuencia ampara únicamente el giro y el domicilio señalados. Deberá mantenerse a la "
        "vista en el establecimiento y conservar las condiciones de seguridad verificadas "
        "(extintores vigentes, rutas de evacuación y salidas de emergencia libres, señalización, "
        "instalaciones eléctricas y de gas en buen estado). Cualquier cambio de giro, domicilio o "
        "ampliación requiere una nueva anuencia. La autoridad podrá verificar su cumplimiento en "
        "cualquier momento y cancelarla cuando deje de cumplirse."
    )
    canvas.setFont(f.regular, 9)
    canvas.setFillColor(INK)
    for line in fit_lines(conditions, f.regular, 9, width, 7):
        canvas.drawString(margin, y, line)
        y -= 12.5

    # Signature (left) and QR (right) at the bottom
    qr_size = QR_BOX_MM * mm
    qr_x = margin + width - qr_size
    qr_y = 24 * mm
    draw_qr(canvas, qr_matrix(str(d["qr_text"])), x=qr_x, y=qr_y, size=qr_size)
    canvas.setFont(f.regular, 7.5)
    canvas.setFillColor(MUTED)
    for i, line in enumerate(("Escanee para verificar su autenticidad", "y su vigencia en línea.")):
        canvas.drawCentredString(qr_x + qr_size / 2, qr_y - 9 - i * 9, line)

    sig_w = width - qr_size - 16 * mm
    sig_y = qr_y + qr_size * 0.42
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.7)
    canvas.line(margin, sig_y, margin + sig_w, sig_y)
    canvas.setFillColor(INK)
    name = str(d["signer_name"])
    canvas.setFont(f.bold, fit_size(name, f.bold, 11, sig_w, 7))
    canvas.drawCentredString(margin + sig_w / 2, sig_y - 14, name)
    canvas.setFont(f.regular, 9)
    for i, line in enumerate(fit_lines(str(d["signer_position"]), f.regular, 9, sig_w, 2)):
        canvas.drawCentredString(margin + sig_w / 2, sig_y - 27 - i * 11, line)
    canvas.setFont(f.regular, 7.5)
    canvas.setFillColor(MUTED)
    seal = f"Firma electrónica Ed25519 · clave {d['key_id']}"
    canvas.drawCentredString(margin + sig_w / 2, sig_y + 6 * mm, "ATENTAMENTE")
    canvas.drawCentredString(margin + sig_w / 2, qr_y - 9, seal)

    # Footer
    canvas.setFillColor(MUNICIPAL_BLUE)
    canvas.rect(0, 0, page_w, 6 * mm, stroke=0, fill=1)
    canvas.setFillColor(LIGHT_GREY)
    canvas.setFont(f.regular, 7)
    canvas.drawCentredString(
        page_w / 2,
        2.2 * mm,
        f"Folio {d['folio']} · Documento emitido por Verifica · "
        "Consulte su validez escaneando el código QR",
    )
