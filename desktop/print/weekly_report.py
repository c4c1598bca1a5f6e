"""The weekly response-capacity report for the council: PDF (letter), CSV and XLSX.

The numbers are :mod:`desktop.core.metrics`'s, unchanged; this module only lays them out. The
PDF has a summary page (every department side by side for the week, the backlog forecast, the
citizens' ratings and which data the figures include) and then one page per department with the
week's figures and the eight weeks up to it. CSV (UTF-8 with BOM, so Excel in es-MX opens the
accents) and XLSX hold one row per department for the week, with the same values as the PDF.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from desktop.core.dates import MONTH_NAMES_EN, MONTH_NAMES_ES
from desktop.core.forecast import Forecast, IsoWeek
from desktop.core.metrics import (
    DataScope,
    DepartmentRatings,
    WeekFigures,
    WeeklyReport,
    definitions_text,
    department_name,
    forecast_note,
)
from desktop.print.common import INK, LIGHT_GREY, MUNICIPAL_BLUE, MUTED, draw_header, fonts

# (key, Spanish header, English header) of the exported columns, in order.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("department_code", "Clave", "Code"),
    ("department", "Dependencia", "Department"),
    ("week", "Semana", "Week"),
    ("received", "Recibidos", "Received"),
    ("resolved", "Resueltos", "Resolved"),
    ("cancelled", "De ellos cancelados", "Of which cancelled"),
    ("backlog", "Rezago al cierre", "Backlog at week end"),
    ("overdue", "Vencidos al cierre", "Overdue at week end"),
    ("median_days", "Mediana días naturales", "Median calendar days"),
    ("p90_days", "P90 días naturales", "P90 calendar days"),
    ("median_business_days", "Mediana días hábiles", "Median business days"),
    ("p90_business_days", "P90 días hábiles", "P90 business days"),
    ("within_term", "En plazo", "Within term"),
    ("with_term", "Con plazo", "With a term"),
    ("within_term_pct", "% en plazo", "% within term"),
    ("complaints_received", "Denuncias recibidas", "Complaints received"),
    ("complaints_resolved", "Denuncias resueltas", "Complaints resolved"),
)


def week_span(week: IsoWeek, lang: str = "es") -> str:
    """``16 al 22 de noviembre de 2026`` / ``November 16 to 22, 2026``."""
    mon, sun = week.monday, week.sunday
    same_month = mon.month == sun.month
    if lang.startswith("en"):
        first = f"{MONTH_NAMES_EN[mon.month - 1]} {mon.day}"
        last = f"{sun.day}" if same_month else f"{MONTH_NAMES_EN[sun.month - 1]} {sun.day}"
        return f"{first} to {last}, {sun.year}"
    first = f"{mon.day}" if same_month else f"{mon.day} de {MONTH_NAMES_ES[mon.month - 1]}"
    if mon.year != sun.year:
        first += f" de {mon.year}"
    return f"{first} al {sun.day} de {MONTH_NAMES_ES[sun.month - 1]} de {sun.year}"


def number(value: float | None) -> str:
    """A figure as printed: integers plain, halves with one decimal, empty as ``—``."""
    if value is None:
        return "—"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def percent(f: WeekFigures) -> str:
    share = f.within_term_share
    return "—" if share is None else f"{share * 100:.0f} %"


def row_values(code: str, name: str, f: WeekFigures) -> dict[str, Any]:
    """One exported row: raw numbers (``None`` when there is no value)."""
    share = f.within_term_share
    return {
        "department_code": code,
        "department": name,
        "week": str(f.week),
        "received": f.received,
        "resolved": f.resolved,
        "cancelled": f.cancelled,
        "backlog": f.backlog,
        "overdue": f.overdue,
        "median_days": f.median_days,
        "p90_days": f.p90_days,
        "median_business_days": f.median_business_days,
        "p90_business_days": f.p90_business_days,
        "within_term": f.within_term,
        "with_term": f.with_term,
        "within_term_pct": None if share is None else round(share * 100, 1),
        "complaints_received": f.complaints_received,
        "complaints_resolved": f.complaints_resolved,
    }


def report_rows(
    report: WeeklyReport, week: IsoWeek | None = None, *, lang: str = "es"
) -> list[dict[str, Any]]:
    """Rows for ``week`` (default: the report's last), the total first, then each department."""
    week = week or report.last
    rows = []
    for group in report.groups:
        for f in group.weeks:
            if f.week == week:
                name = department_name(group.department, lang)
                rows.append(row_values(group.department.code, name, f))
    return rows


def _headers(lang: str) -> list[str]:
    return [en if lang.startswith("en") else es for _, es, en in COLUMNS]


def write_csv(report: WeeklyReport, path: Path, *, lang: str = "es") -> int:
    """Write the week's rows as CSV; returns how many rows (total included)."""
    rows = report_rows(report, lang=lang)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(_headers(lang))
        for row in rows:
            writer.writerow(["" if row[k] is None else row[k] for k, _, _ in COLUMNS])
    return len(rows)


def write_xlsx(report: WeeklyReport, path: Path, *, lang: str = "es") -> int:
    """Write the week's rows as an XLSX sheet (numbers as numbers); returns how many rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rows = report_rows(report, lang=lang)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(report.last)
    sheet.append(_headers(lang))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row[k] for k, _, _ in COLUMNS])
    sheet.freeze_panes = "C2"
    book.save(path)
    return len(rows)


# -- PDF ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfContext:
    """What the PDF prints besides the figures."""

    municipality: str
    scope: DataScope
    forecast: Forecast | None
    ratings: Sequence[DepartmentRatings]
    generated: dt.datetime


def _t(lang: str, es: str, en: str) -> str:
    return en if lang.startswith("en") else es


def write_pdf(report: WeeklyReport, path: Path, ctx: PdfContext, *, lang: str = "es") -> int:
    """Write the council's PDF: a summary page, then one page per department.

    Returns:
        The number of pages.
    """
    f = fonts()
    base = ParagraphStyle("base", fontName=f.regular, fontSize=9.5, leading=12.5, textColor=INK)
    title = ParagraphStyle("title", parent=base, fontName=f.bold, fontSize=15, leading=19)
    heading = ParagraphStyle(
        "heading", parent=base, fontName=f.bold, fontSize=11.5, leading=15, textColor=MUNICIPAL_BLUE
    )
    small = ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=MUTED)
    week = report.last
    span = week_span(week, lang)
    subtitle = _t(
        lang,
        f"Informe semanal de capacidad de respuesta · semana {week} ({span})",
        f"Weekly response-capacity report · week {week} ({span})",
    )
    pages = {"n": 0}

    def on_page(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        pages["n"] += 1
        width, height = letter
        draw_header(
            canvas,
            x=0.6 * inch,
            y=height - 1.25 * inch,
            width=width - 1.2 * inch,
            height=0.75 * inch,
            title=ctx.municipality,
            subtitle=subtitle,
        )
        canvas.saveState()
        canvas.setFont(f.regular, 7.5)
        canvas.setFillColor(MUTED)
        stamp = ctx.generated.strftime("%Y-%m-%d %H:%M")
        canvas.drawString(
            0.6 * inch,
            0.45 * inch,
            _t(lang, f"Generado el {stamp} · Verifica", f"Generated {stamp} · Verifica"),
        )
        canvas.drawRightString(
            width - 0.6 * inch, 0.45 * inch, _t(lang, "Página", "Page") + f" {doc.page}"
        )
        canvas.restoreState()

    story: list[Any] = []
    story.append(Paragraph(_t(lang, "Resumen de la semana", "Week summary"), title))
    story.append(Spacer(1, 4))
    story.append(Paragraph(ctx.scope.text(lang), small))
    story.append(Spacer(1, 8))

    head = [
        _t(lang, "Dependencia", "Department"),
        _t(lang, "Recib.", "Recv."),
        _t(lang, "Resueltos", "Resolved"),
        _t(lang, "Rezago", "Backlog"),
        _t(lang, "Vencidos", "Overdue"),
        _t(lang, "Mediana\n(hábiles)", "Median\n(business)"),
        _t(lang, "P90\n(hábiles)", "P90\n(business)"),
        _t(lang, "En plazo", "In term"),
    ]
    summary = [head]
    for group in (*report.departments, report.total):
        w = group.weeks[-1]
        name = department_name(group.department, lang)
        summary.append(
            [
                Paragraph(name, base),
                str(w.received),
                str(w.resolved),
                str(w.backlog),
                str(w.overdue),
                number(w.median_business_days),
                number(w.p90_business_days),
                percent(w),
            ]
        )
    story.append(_table(summary, [2.3 * inch] + [0.72 * inch] * 7, f.bold, total_last=True))
    story.append(Spacer(1, 10))

    if ctx.forecast is not None:
        story.append(Paragraph(_t(lang, "Pronóstico del rezago", "Backlog forecast"), heading))
        story.append(Paragraph(ctx.forecast.text(lang), base))
        story.append(Paragraph(forecast_note(lang), small))
        story.append(Spacer(1, 8))

    if ctx.ratings:
        story.append(Paragraph(_t(lang, "Calificaciones ciudadanas", "Citizens' ratings"), heading))
        rows = [
            [
                _t(lang, "Dependencia", "Department"),
                _t(lang, "Calificaciones", "Ratings"),
                _t(lang, "Rapidez", "Speed"),
                _t(lang, "Atención", "Attention"),
                _t(lang, "Servicio", "Service"),
            ]
        ]
        for r in ctx.ratings:
            rows.append(
                [
                    r.department.name,
                    str(r.count),
                    f"{r.speed:.1f}",
                    f"{r.attention:.1f}",
                    f"{r.service:.1f}",
                ]
            )
        story.append(_table(rows, [2.3 * inch] + [1.0 * inch] * 4, f.bold))
        story.append(
            Paragraph(
                _t(
                    lang,
                    f"Promedios de 1 a 5 de las semanas {report.first} a {report.last}.",
                    f"Means from 1 to 5 over weeks {report.first} to {report.last}.",
                ),
                small,
            )
        )
        story.append(Spacer(1, 8))

    story.append(Paragraph(_t(lang, "Definiciones", "Definitions"), heading))
    story.append(Paragraph(definitions_text(lang), small))

    for group in report.departments:
        story.append(PageBreak())
        story.extend(
            _department_page(group.department.name, group.weeks, lang, heading, title, f.bold)
        )

    doc = SimpleDocTemplate(
        str(path),
        pagesize=letter,
        leftMargin=0.6 * inch,
        rightMargin=0.6 * inch,
        topMargin=1.45 * inch,
        bottomMargin=0.8 * inch,
        title=subtitle,
        author=ctx.municipality,
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return pages["n"]


def _table(
    rows: list[list[Any]], widths: list[float], bold: str, *, total_last: bool = False
) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("FONT", (0, 0), (-1, -1), fonts().regular, 9),
        ("FONT", (0, 0), (-1, 0), bold, 8.5),
        ("TEXTCOLOR", (0, 0), (-1, 0), MUNICIPAL_BLUE),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, MUNICIPAL_BLUE),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, LIGHT_GREY),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if total_last:
        style += [("FONT", (0, -1), (-1, -1), bold, 9), ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK)]
    table.setStyle(TableStyle(style))
    return table


def _department_page(
    name: str,
    weeks: Sequence[WeekFigures],
    lang: str,
    heading: ParagraphStyle,
    title: ParagraphStyle,
    bold: str,
) -> list[Any]:
    w = weeks[-1]
    items = [
        (_t(lang, "Recibidos en la semana", "Received this week"), str(w.received)),
        (_t(lang, "Resueltos en la semana", "Resolved this week"), str(w.resolved)),
        (_t(lang, "   de ellos cancelados", "   of which cancelled"), str(w.cancelled)),
        (_t(lang, "Rezago al cierre", "Backlog at week end"), str(w.backlog)),
        (_t(lang, "Vencidos al cierre", "Overdue at week end"), str(w.overdue)),
        (
            _t(
                lang,
                "Tiempo de respuesta, días naturales (mediana / P90)",
                "Turnaround, calendar days (median / P90)",
            ),
            f"{number(w.median_days)} / {number(w.p90_days)}",
        ),
        (
            _t(
                lang,
                "Tiempo de respuesta, días hábiles (mediana / P90)",
                "Turnaround, business days (median / P90)",
            ),
            f"{number(w.median_business_days)} / {number(w.p90_business_days)}",
        ),
        (
            _t(lang, "Resueltos en plazo", "Resolved within term"),
            f"{w.within_term} / {w.with_term} ({percent(w)})",
        ),
    ]
    if w.complaints_received is not None:
        items.append(
            (
                _t(lang, "Denuncias recibidas / resueltas", "Complaints received / resolved"),
                f"{w.complaints_received} / {w.complaints_resolved}",
            )
        )
    story: list[Any] = [Paragraph(name, title), Spacer(1, 6)]
    header = [_t(lang, "Indicador", "Figure"), _t(lang, f"Semana {w.week}", f"Week {w.week}")]
    story.append(_table([header, *[[k, v] for k, v in items]], [4.6 * inch, 2.5 * inch], bold))
    story.append(Spacer(1, 14))
    story.append(Paragraph(_t(lang, "Las últimas semanas", "The last weeks"), heading))
    trend = [
        [
            _t(lang, "Semana", "Week"),
            _t(lang, "Recib.", "Recv."),
            _t(lang, "Resueltos", "Resolved"),
            _t(lang, "Rezago", "Backlog"),
            _t(lang, "Vencidos", "Overdue"),
            _t(lang, "Mediana háb.", "Median bus."),
            _t(lang, "En plazo", "In term"),
        ]
    ]
    for f in weeks:
        trend.append(
            [
                str(f.week),
                str(f.received),
                str(f.resolved),
                str(f.backlog),
                str(f.overdue),
                number(f.median_business_days),
                percent(f),
            ]
        )
    story.append(_table(trend, [1.3 * inch] + [0.97 * inch] * 6, bold))
    return story
