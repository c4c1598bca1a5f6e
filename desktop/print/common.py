"""Shared pieces of every printed document: fonts, colours, the municipal header, text fitting,
vector QR codes and crop marks (badge cards now; anuencias and actas reuse them).

Fonts: DejaVu Sans when it can be found (full Spanish and symbol coverage, the same face the app
uses), otherwise the PDF base font Helvetica, which still covers á, é, ñ and ü.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import Color, HexColor, white
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

MUNICIPALITY_SETTING = "municipality_name"
DEFAULT_MUNICIPALITY = "H. Ayuntamiento Municipal"

INK = HexColor("#1B1B1B")
MUTED = HexColor("#555555")
MUNICIPAL_BLUE = HexColor("#123B6D")
ACCENT = HexColor("#B38E2E")
LIGHT_GREY = HexColor("#D9D9D9")

_FONT_DIRS = (
    Path(__file__).resolve().parents[2] / "resources" / "fonts",
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
    Path.home() / "Library" / "Fonts",
    Path("/Library/Fonts"),
    Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts",
)


@dataclass(frozen=True)
class Fonts:
    """Registered reportlab font names."""

    regular: str
    bold: str


@functools.cache
def fonts() -> Fonts:
    """Register DejaVu Sans (regular and bold) once, or fall back to Helvetica."""
    for folder in _FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
            return Fonts("DejaVuSans", "DejaVuSans-Bold")
    return Fonts("Helvetica", "Helvetica-Bold")


def text_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` in points."""
    return float(pdfmetrics.stringWidth(text, font, size))


def fit_lines(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Wrap ``text`` on spaces into at most ``max_lines`` lines of ``width`` points.

    A word longer than a line is cut; text that does not fit ends in an ellipsis.
    """
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if text_width(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while text_width(current, font, size) > width and len(current) > 1:
            cut = len(current)
            while cut > 1 and text_width(current[:cut], font, size) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + "…", font, size) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


def fit_size(text: str, font: str, size: float, width: float, minimum: float) -> float:
    """The largest size ≤ ``size`` (down to ``minimum``) at which ``text`` fits ``width``."""
    while size > minimum and text_width(text, font, size) > width:
        size -= 0.25
    return size


def draw_header(
    canvas: Canvas,
    *,
    x: float,
    y: float,
    width: float,
    height: float,
    title: str,
    subtitle: str,
    color: Color = MUNICIPAL_BLUE,
) -> None:
    """The municipal header band: a coloured bar with the municipality and a subtitle in white.

    ``(x, y)`` is the band's lower-left corner, in points.
    """
    f = fonts()
    canvas.saveState()
    canvas.setFillColor(color)
    canvas.rect(x, y, width, height, stroke=0, fill=1)
    canvas.setFillColor(ACCENT)
    canvas.rect(x, y, width, max(height * 0.06, 0.6), stroke=0, fill=1)
    pad = height * 0.22
    title_size = fit_size(title, f.bold, height * 0.36, width - 2 * pad, 4)
    subtitle_size = fit_size(subtitle, f.regular, height * 0.26, width - 2 * pad, 3.5)
    canvas.setFillColor(white)
    canvas.setFont(f.bold, title_size)
    canvas.drawString(x + pad, y + height - pad - title_size * 0.8, title)
    canvas.setFont(f.regular, subtitle_size)
    canvas.drawString(x + pad, y + pad * 0.9, subtitle)
    canvas.restoreState()


def draw_qr(
    canvas: Canvas, matrix: Sequence[Sequence[bool]], *, x: float, y: float, size: float
) -> float:
    """Draw a QR matrix (quiet zone included) as vector squares in a ``size``-point square.

    The area is first painted white, so the quiet zone is white whatever lies beneath; each run
    of dark modules in a row is one rectangle, drawn slightly overlapping to leave no hairlines.

    Returns:
        The module size in points.
    """
    count = len(matrix)
    module = size / count
    canvas.saveState()
    canvas.setFillColor(white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(INK)
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        top = y + size - (r + 1) * module
        c = 0
        while c < count:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < count and row[c]:
                c += 1
            path.rect(x + start * module, top, (c - start) * module, module * 1.02)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    return module


def draw_crop_marks(
    canvas: Canvas,
    *,
    x: float,
    y: float,
    width: float,
    height: float,
    length: float,
    offset: float,
) -> None:
    """Cutting guides at the four corners of a rectangle, outside it (never on the print)."""
    canvas.saveState()
    canvas.setStrokeColor(MUTED)
    canvas.setLineWidth(0.3)
    for cx, dx in ((x, -1), (x + width, 1)):
        for cy, dy in ((y, -1), (y + height, 1)):
            canvas.line(cx + dx * offset, cy, cx + dx * (offset + length), cy)
            canvas.line(cx, cy + dy * offset, cx, cy + dy * (offset + length))
    canvas.restoreState()
