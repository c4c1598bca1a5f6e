"""Spanish (source) labels for codes the core uses: case statuses, roles and sections.

The core speaks in codes (``en_revision``, ``comptroller``); people read these labels. Each one
goes through Qt's translation system in the ``labels`` context, so the English build translates
them like any other string. The dictionaries are built on every call because the translator
installed on the application decides the language.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from desktop.core import roles, workflow

# A plain name lupdate recognises: translate("context", "source").
translate = QCoreApplication.translate


def status_labels() -> dict[str, str]:
    """Every workflow status code mapped to its label, in workflow order."""
    return {
        workflow.RECIBIDO: translate("labels", "Recibido"),
        workflow.EN_REVISION: translate("labels", "En revisión"),
        workflow.REQUIERE_DOCUMENTOS: translate("labels", "Requiere documentos"),
        workflow.INSPECCION_PROGRAMADA: translate("labels", "Inspección programada"),
        workflow.INSPECCIONADO: translate("labels", "Inspeccionado"),
        workflow.CON_OBSERVACIONES: translate("labels", "Con observaciones"),
        workflow.APROBADO: translate("labels", "Aprobado"),
        workflow.EMITIDO: translate("labels", "Emitido"),
        workflow.ENTREGADO: translate("labels", "Entregado"),
        workflow.RECHAZADO: translate("labels", "Rechazado"),
        workflow.CANCELADO: translate("labels", "Cancelado"),
    }


def status_label(status: str) -> str:
    """The label of a status code (the code itself if it is unknown)."""
    return status_labels().get(status, status)


# A restrained palette: the colour only hints at the group (waiting, in progress, needs the
# citizen, done, closed without anuencia); the text always says the status.
_STATUS_COLORS = {
    workflow.RECIBIDO: "#6b7a8f",
    workflow.EN_REVISION: "#2f6fb2",
    workflow.REQUIERE_DOCUMENTOS: "#c77700",
    workflow.INSPECCION_PROGRAMADA: "#6a4fb3",
    workflow.INSPECCIONADO: "#2f6fb2",
    workflow.CON_OBSERVACIONES: "#c77700",
    workflow.APROBADO: "#2e7d32",
    workflow.EMITIDO: "#2e7d32",
    workflow.ENTREGADO: "#1b5e20",
    workflow.RECHAZADO: "#b3261e",
    workflow.CANCELADO: "#8a8a8a",
}


def status_color(status: str) -> QColor:
    return QColor(_STATUS_COLORS.get(status, "#8a8a8a"))


def status_icon(status: str, size: int = 10) -> QIcon:
    """A small round dot in the status colour, drawn beside the status label."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(status_color(status))
    painter.drawEllipse(0, 0, size, size)
    painter.end()
    return QIcon(pixmap)


def role_labels() -> dict[str, str]:
    return {
        "admin": translate("labels", "Administración"),
        "supervisor": translate("labels", "Supervisión"),
        "clerk": translate("labels", "Capturista"),
        "inspector": translate("labels", "Inspección"),
        "comptroller": translate("labels", "Contraloría"),
        "kiosk": translate("labels", "Quiosco"),
    }


def role_label(role: str) -> str:
    return role_labels().get(role, role)


def section_titles() -> dict[str, str]:
    """Navigation titles of the main window's sections."""
    return {
        roles.CASES: translate("labels", "Expedientes"),
        roles.INSPECTIONS: translate("labels", "Inspecciones"),
        roles.COMPLAINTS: translate("labels", "Denuncias"),
        roles.REGISTRY: translate("labels", "Padrón"),
        roles.DASHBOARD: translate("labels", "Tablero"),
        roles.SYNC: translate("labels", "Sincronización"),
    }


def section_title(section: str) -> str:
    return section_titles().get(section, section)


def _four_digit_year(pattern: str) -> str:
    """A locale's short pattern with a four-digit year (es_MX's is ``dd/MM/yy``: 06/11/25 is
    ambiguous on a permit that lasts years)."""
    return pattern if "yyyy" in pattern else pattern.replace("yy", "yyyy")


def short_date(locale: QLocale, day: QDate) -> str:
    """``25/11/2026`` in es-MX: the locale's short date with a four-digit year."""
    return locale.toString(day, _four_digit_year(locale.dateFormat(QLocale.FormatType.ShortFormat)))


def short_datetime(locale: QLocale, when: QDateTime) -> str:
    """``25/11/2026 09:41`` in es-MX: the locale's short date and time, four-digit year."""
    pattern = locale.dateTimeFormat(QLocale.FormatType.ShortFormat)
    return locale.toString(when, _four_digit_year(pattern))


def qdate(day: dt.date) -> QDate:
    """The same calendar day as a QDate (for date edits and :func:`short_date`)."""
    return QDate(day.year, day.month, day.day)


def pydate(q: QDate) -> dt.date:
    """The same calendar day as a ``datetime.date`` (what the core takes)."""
    return dt.date(q.year(), q.month(), q.day())


def iso_datetime(locale: QLocale, text: str, fallback: str | None = None) -> str:
    """An ISO 8601 UTC timestamp as the locale's short local date and time.

    Args:
        locale: the locale to format in.
        text: the stored timestamp, with or without milliseconds.
        fallback: what to show when ``text`` is not a timestamp; ``None`` shows ``text`` itself.
    """
    when = QDateTime.fromString(text, Qt.DateFormat.ISODateWithMs)
    if not when.isValid():
        when = QDateTime.fromString(text, Qt.DateFormat.ISODate)
    if not when.isValid():
        return text if fallback is None else fallback
    return short_datetime(locale, when.toLocalTime())
