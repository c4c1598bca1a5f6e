"""A printable list of cases (letter, landscape): what a clerk takes to a meeting or a route.

Drawn with reportlab's canvas and the shared municipal header; the table repeats its header on
every page and wraps nothing (long text is cut to fit its column, the full data is in the CSV/XLSX
export).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import landscape, letter
from reportlab.pdfgen.canvas import Canvas

from desktop.core.dates import format_date
from desktop.print.common import draw_header, fit_lines, fonts

MARGIN = 36.0  # points (half an inch)
ROW_HEIGHT = 15.0
FONT_SIZE = 8.0
# (column index in the export row, share of the table width)
COLUMNS: tuple[tuple[int, float], ...] = (
    (0, 0.12),  # folio
    (1, 0.11),  # status
    (2, 0.08),  # received
    (3, 0.08),  # due
    (4, 0.22),  # business
    (7, 0.13),  # colonia
    (9, 0.16),  # activity
    (13, 0.10),  # assignee
)


def render_case_list(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str,
    subtitle: str,
    footer: str,
) -> int:
    """Write the rows (export rows, see :data:`desktop.core.exports.EXPORT_COLUMNS`) as a PDF.

    Returns:
        How many rows were printed.
    """
    f = fonts()
    width, height = landscape(letter)
    canvas = Canvas(str(path), pagesize=(width, height), invariant=True)
    canvas.setTitle(title)
    table_width = width - 2 * MARGIN
    xs = [MARGIN]
    for _, share in COLUMNS[:-1]:
        xs.append(xs[-1] + share * table_width)
    col_widths = [share * table_width - 4 for _, share in COLUMNS]
    page = 0
    count = 0
    y = 0.0

    def start_page() -> float:
        nonlocal page
        page += 1
        draw_header(
            canvas, x=0, y=height - 54, width=width, height=54, title=title, subtitle=subtitle
        )
        top = height - 54 - 24
        canvas.setFillColor(HexColor("#1f2937"))
        canvas.setFont(f.bold, FONT_SIZE)
        for x, (index, _), w in zip(xs, COLUMNS, col_widths, strict=True):
            canvas.drawString(x, top, fit_lines(str(headers[index]), f.bold, FONT_SIZE, w, 1)[0])
        canvas.setStrokeColor(HexColor("#9ca3af"))
        canvas.line(MARGIN, top - 4, width - MARGIN, top - 4)
        canvas.setFont(f.regular, 7)
        canvas.drawString(MARGIN, MARGIN / 2, footer)
        canvas.drawRightString(width - MARGIN, MARGIN / 2, f"{page}")
        return float(top - ROW_HEIGHT)

    y = start_page()
    for row in rows:
        if y < MARGIN + ROW_HEIGHT:
            canvas.showPage()
            y = start_page()
        if count % 2:
            canvas.setFillColor(HexColor("#f3f4f6"))
            canvas.rect(MARGIN - 2, y - 4, table_width + 4, ROW_HEIGHT, stroke=0, fill=1)
        canvas.setFillColor(HexColor("#111827"))
        canvas.setFont(f.regular, FONT_SIZE)
        for x, (index, _), w in zip(xs, COLUMNS, col_widths, strict=True):
            value = row[index]
            if isinstance(value, str) and index in (2, 3) and value:
                value = format_date(dt.date.fromisoformat(value))
            text = "" if value is None else str(value)
            canvas.drawString(x, y, fit_lines(text, f.regular, FONT_SIZE, w, 1)[0] if text else "")
        count += 1
        y -= ROW_HEIGHT
    canvas.save()
    return count
