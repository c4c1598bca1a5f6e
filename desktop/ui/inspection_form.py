"""The inspection capture screen: the checklist rendered from its template, saved as it is typed.

There is no "Guardar" button. Every answer goes to :func:`inspection_capture.save_answer` on the
task runner's database worker the moment it is entered: a choice when it is picked, a text when
the field is left (``editingFinished``) and also after :data:`DEBOUNCE_MS` of quiet typing, so a
killed laptop loses at most the last half second of typing. The header says when the last save
was acknowledged ("Guardado ✓ 10:41:07").

What the inspector sees follows the template (:mod:`desktop.core.forms`): groups are titled
sections, ``relevant`` hides and shows questions as answers change, ``constraint`` and required
messages appear under the question they belong to, and a value that does not fit its type or
breaks its own constraint (an aforo of 5000) is refused: the message shows, the stored answer
stays as it was. Photos come from the camera (:mod:`desktop.ui.photo_capture`) or a
file, shrunk by :mod:`desktop.core.photos` in the same database job that stores them (queued
database jobs still run when the app quits; pool jobs do not); signatures from
:mod:`desktop.ui.signature_pad`. Below the form: one finding with a deadline per failed item,
the result, and "Cerrar acta", which locks the inspection and moves its case along the workflow.
A closed inspection opens read-only and takes corrections only as audited amendments. Another
inspector's visit opens read-only for everyone else (supervisors and admins too), and writes
nothing: each save sends the whole answers list, so two devices editing one draft would wipe each
other's answers at sync.

A save that fails (the database locked by another program) is never hidden: the screen goes back
to the stored answer, "No se guardó" stays under the field and in the header until a save of it
succeeds, what was typed stays pending for the next Enter/edit/"Volver", and the acta cannot be
closed meanwhile. Callbacks that arrive after the screen was left are dropped (:meth:`release`).

The widget never touches ``store.db`` on the GUI thread: reads and writes go through
``runner.run_db`` and announce the record kinds they changed, so other screens (the day plan)
refresh themselves.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QDate,
    QEvent,
    QObject,
    QRegularExpression,
    QSize,
    Qt,
    QTime,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QImage,
    QKeySequence,
    QPixmap,
    QRegularExpressionValidator,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from desktop.core import day_plan, form_library, forms, inspection_capture, workflow
from desktop.core.case_detail import case_detail
from desktop.core.inspection_capture import Finding, Inspection
from desktop.core.photos import MAX_INPUT_BYTES, prepare_frame, prepare_photo
from desktop.errors import InvalidInput, Problem
from desktop.store.attachments import attachment_path
from desktop.ui import labels, messages
from desktop.ui.pages import PageContext
from desktop.ui.photo_capture import PhotoCaptureDialog, choose_photo_file
from desktop.ui.signature_pad import SignatureDialog

log = logging.getLogger(__name__)

#: Quiet typing time after which a text answer is saved even if the field is not left.
DEBOUNCE_MS = 600
#: Record kinds each write announces through ``runner.changed``.
ANSWER_CHANGES = frozenset({"inspections"})
ATTACHMENT_CHANGES = frozenset({"inspections", "attachments", "attachment_links"})
CLOSE_CHANGES = frozenset({"inspections", "permit_cases", "case_status_history"})
AMEND_CHANGES = frozenset({"inspections", "inspection_amendments"})
#: What ``saved``/``failed`` carry for the findings list (not a field name).
FINDINGS = "__findings__"
#: select_one lists up to this long are radio buttons in a row; longer ones are a combo box.
RADIO_MAX = 5
MULTILINE_FIELDS = frozenset({"observaciones"})
ERROR_STYLE = "color: #b3261e;"
HINT_STYLE = "color: #6b6b6b; font-size: 9pt;"
THUMB_W, THUMB_H = 160, 110
SIGN_THUMB_W, SIGN_THUMB_H = 240, 80

_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def parse_day(text: str) -> str | None:
    """``DD/MM/AAAA`` (or ``AAAA-MM-DD``) as ISO, ``""`` for an empty text, ``None`` if bad."""
    text = text.strip()
    if not text:
        return ""
    match = _DMY.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day).isoformat()
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def show_day(iso: str) -> str:
    """``2025-03-04`` as ``04/03/2025``."""
    try:
        return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def thumbnail_image(content: bytes, size: QSize) -> QImage:
    """Decode a photo or signature and scale it to ``size`` (on the pool: a 1600 px JPEG takes
    tens of milliseconds, which the GUI thread must not spend). QImage, unlike QPixmap, may be
    used off the GUI thread."""
    image = QImage.fromData(content)
    if image.isNull() or size.isEmpty():
        return image
    return image.scaled(
        size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


def show_number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:f}".rstrip("0").rstrip(".")
    return str(value)


@dataclass(frozen=True)
class Loaded:
    """What the screen shows, read in one go on the database worker.

    ``owner`` is the name of the inspector the visit belongs to when it is not the signed-in
    user's own: the screen then only shows it (see :func:`load_for_screen`).
    """

    inspection: Inspection
    folio: str
    business: str
    address: str
    case_status: str | None
    findings: tuple[Finding, ...]
    owner: str | None = None


@dataclass(frozen=True)
class NotStarted:
    """Another inspector's visit that has no form yet: nothing to show, nothing to start."""

    owner: str


def load_for_screen(store: Any, actor: Any, inspection_id: str) -> Loaded | NotStarted:
    """Open the inspection (a scheduled visit gets the current form) with its case's data.

    Only the inspector a visit is assigned to captures it (an unassigned one: whoever may open
    it). Anyone else, supervisors and admins included, gets it read-only and nothing is written:
    each save sends the whole answers list, so two devices editing one draft would wipe each
    other's answers at sync.
    """
    row = store.db.execute(
        "SELECT i.template_id, i.inspector_id, r.full_name FROM inspections i "
        "LEFT JOIN inspectors r ON r.id = i.inspector_id WHERE i.id = ?",
        [inspection_id],
    ).fetchone()
    if row is None:
        raise InvalidInput(
            f"No existe la inspección {inspection_id}.", f"No inspection {inspection_id}."
        )
    template_id, owner_id, owner_name = row
    own = day_plan.inspector_for_user(store.db, actor.user_id) if actor.user_id else None
    owner: str | None = None
    if owner_id is None or owner_id == own:
        template = form_library.current_form(store)
        inspection = inspection_capture.open_for_capture(store, actor, inspection_id, template)
    else:
        owner = str(owner_name or owner_id)
        if template_id is None:
            return NotStarted(owner)
        inspection = inspection_capture.load_inspection(store, inspection_id)
    folio = business = address = ""
    case_status = None
    if inspection.case_id:
        case = case_detail(store.db, inspection.case_id)
        folio, case_status = case.folio, case.status
        business = str(case.business.get("name") or "")
        parts = [case.business.get("address"), case.business.get("colonia")]
        address = ", ".join(str(p) for p in parts if p)
    findings = (
        inspection.findings
        if inspection.is_closed or owner is not None
        else inspection_capture.suggest_findings(store, inspection)
    )
    return Loaded(inspection, folio, business, address, case_status, findings, owner)


# -- one question -------------------------------------------------------------------------


class FieldRow(QWidget):
    """One question: label, hint, the editor for its type, and the message under it.

    Signals:
        edited(str, object, bool): field name, the raw value entered, and whether to save it
            now (``False``: typing; save after a quiet moment).
        attach_requested(str, str): field name and ``"camera"``, ``"file"`` or ``"sign"``.
    """

    edited = Signal(str, object, bool)
    attach_requested = Signal(str, str)

    def __init__(self, field: forms.Field, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.lang = lang
        self._quiet = False  # True while the screen sets values (no saves)
        self.setObjectName(f"field_{field.name}")
        label_text = (field.label_en if lang == "en" else field.label_es) or field.name
        hint_text = field.hint_en if lang == "en" else field.hint_es
        self.label = QLabel(label_text + (" *" if field.required else ""))
        self.label.setWordWrap(True)
        if field.type == "note":
            self.label.setStyleSheet("font-style: italic; color: #444444;")
        else:
            self.label.setStyleSheet("font-weight: 600;")
        self.hint = QLabel(hint_text)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(HINT_STYLE)
        self.hint.setVisible(bool(hint_text))
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.editors: list[QWidget] = []  # what gets disabled when read-only
        self.focus_widget: QWidget | None = None
        self.thumb: QLabel | None = None
        self.buttons: dict[str, QPushButton] = {}
        self.group: QButtonGroup | None = None
        self.radios: dict[str, QRadioButton] = {}
        self.checks: dict[str, QCheckBox] = {}
        self.combo: QComboBox | None = None
        self.line: QLineEdit | None = None
        self.text: QPlainTextEdit | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(3)
        layout.addWidget(self.label)
        layout.addWidget(self.hint)
        editor = self._build_editor()
        if editor is not None:
            layout.addWidget(editor)
        layout.addWidget(self.error)

    # -- building ------------------------------------------------------------------------

    def _choice_label(self, choice: forms.Choice) -> str:
        return (choice.label_en if self.lang == "en" else choice.label_es) or choice.name

    def _build_editor(self) -> QWidget | None:
        f = self.field
        kind = f.type
        if kind == "note":
            return None
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        if kind == "select_one" and len(f.choices) <= RADIO_MAX:
            self.group = QButtonGroup(box)
            self.group.setExclusive(True)
            for i, choice in enumerate(f.choices):
                button = QRadioButton(self._choice_label(choice))
                button.setObjectName(f"{f.name}_{choice.name}")
                self.group.addButton(button, i)
                self.radios[choice.name] = button
                row.addWidget(button)
                self.editors.append(button)
            row.addStretch(1)
            self.group.idToggled.connect(self._radio_toggled)
            self.focus_widget = next(iter(self.radios.values()), None)
        elif kind == "select_one":
            self.combo = QComboBox()
            self.combo.addItem(self.tr("(sin respuesta)"), "")
            for choice in f.choices:
                self.combo.addItem(self._choice_label(choice), choice.name)
            self.combo.currentIndexChanged.connect(self._combo_changed)
            row.addWidget(self.combo, 1)
            self.editors.append(self.combo)
            self.focus_widget = self.combo
        elif kind == "select_multiple":
            grid = QGridLayout()
            grid.setContentsMargins(0, 0, 0, 0)
            for i, choice in enumerate(f.choices):
                check = QCheckBox(self._choice_label(choice))
                check.setObjectName(f"{f.name}_{choice.name}")
                check.toggled.connect(self._checks_changed)
                self.checks[choice.name] = check
                grid.addWidget(check, i // 3, i % 3)
                self.editors.append(check)
            row.addLayout(grid, 1)
            self.focus_widget = next(iter(self.checks.values()), None)
        elif kind == "text" and f.name in MULTILINE_FIELDS:
            self.text = QPlainTextEdit()
            self.text.setTabChangesFocus(True)
            self.text.setMaximumHeight(110)
            self.text.textChanged.connect(self._plain_changed)
            self.text.installEventFilter(self)
            row.addWidget(self.text, 1)
            self.editors.append(self.text)
            self.focus_widget = self.text
        elif kind in ("image", "signature"):
            self.thumb = QLabel()
            self.thumb.setObjectName("attachmentThumb")
            size = (THUMB_W, THUMB_H) if kind == "image" else (SIGN_THUMB_W, SIGN_THUMB_H)
            self.thumb.setFixedSize(*size)
            self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.thumb.setStyleSheet(
                "border: 1px dashed #c9c4bc; background: #faf9f7; color: #8a8a8a;"
            )
            self.thumb.setText(self.tr("Sin foto") if kind == "image" else self.tr("Sin firma"))
            row.addWidget(self.thumb)
            actions = (
                [("camera", self.tr("Tomar foto…")), ("file", self.tr("Desde archivo…"))]
                if kind == "image"
                else [("sign", self.tr("Firmar…"))]
            )
            for action, text in actions:
                push = QPushButton(text)
                push.setObjectName(f"{f.name}_{action}")
                push.clicked.connect(
                    lambda _c=False, a=action: self.attach_requested.emit(self.field.name, a)
                )
                row.addWidget(push, 0, Qt.AlignmentFlag.AlignBottom)
                self.buttons[action] = push
                self.editors.append(push)
            row.addStretch(1)
            self.focus_widget = next(iter(self.buttons.values()))
        else:
            self.line = QLineEdit()
            self.line.setObjectName(f"{f.name}_edit")
            if kind == "integer":
                self.line.setValidator(
                    QRegularExpressionValidator(QRegularExpression(r"-?\d{0,9}"), self.line)
                )
                self.line.setMaximumWidth(160)
            elif kind == "decimal":
                self.line.setValidator(
                    QRegularExpressionValidator(
                        QRegularExpression(r"-?\d{0,12}([.,]\d{0,6})?"), self.line
                    )
                )
                self.line.setMaximumWidth(160)
            elif kind == "date":
                self.line.setPlaceholderText(self.tr("DD/MM/AAAA"))
                self.line.setMaximumWidth(160)
            elif kind == "geopoint":
                self.line.setPlaceholderText(self.tr("latitud longitud"))
                self.line.setMaximumWidth(320)
                self.hint.setText(
                    (self.hint.text() + "  " if self.hint.text() else "")
                    + self.tr("formato: 20.6736 -103.344")
                )
                self.hint.show()
            self.line.textEdited.connect(lambda text: self._emit(text, False))
            self.line.editingFinished.connect(lambda: self._emit(self.line.text(), True))
            row.addWidget(self.line, 1 if kind in ("text",) else 0)
            self.editors.append(self.line)
            self.focus_widget = self.line
            if kind == "date":
                today = QToolButton()
                today.setText(self.tr("Hoy"))
                today.clicked.connect(lambda: self._pick_day(QDate.currentDate()))
                calendar_button = QToolButton()
                calendar_button.setText(self.tr("Calendario…"))
                calendar_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
                calendar_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
                menu = QMenu(calendar_button)
                self.calendar = QCalendarWidget()
                self.calendar.clicked.connect(lambda day: self._calendar_picked(menu, day))
                holder = QWidgetAction(menu)
                holder.setDefaultWidget(self.calendar)
                menu.addAction(holder)
                calendar_button.setMenu(menu)
                row.addWidget(today)
                row.addWidget(calendar_button)
                self.editors += [today, calendar_button]
            if kind != "text":
                row.addStretch(1)
        return box

    # -- values --------------------------------------------------------------------------

    def _emit(self, raw: Any, now: bool) -> None:
        if not self._quiet:
            self.edited.emit(self.field.name, raw, now)

    def _radio_toggled(self, button_id: int, checked: bool) -> None:
        if checked:
            self._emit(self.field.choices[button_id].name, True)

    def _combo_changed(self, _index: int) -> None:
        assert self.combo is not None
        self._emit(self.combo.currentData() or "", True)

    def _checks_changed(self, _on: bool) -> None:
        self._emit([name for name, check in self.checks.items() if check.isChecked()], True)

    def _plain_changed(self) -> None:
        assert self.text is not None
        self._emit(self.text.toPlainText(), False)

    def _calendar_picked(self, menu: QMenu, day: QDate) -> None:
        menu.close()
        self._pick_day(day)

    def _pick_day(self, day: QDate) -> None:
        assert self.line is not None
        self.line.setText(day.toString("dd/MM/yyyy"))
        self._emit(self.line.text(), True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.text and event.type() == QEvent.Type.FocusOut and self.text:
            self._emit(self.text.toPlainText(), True)
        return super().eventFilter(watched, event)

    def set_value(self, value: Any) -> None:
        """Show a stored answer without saving it again."""
        self._quiet = True
        try:
            kind = self.field.type
            if self.group is not None:
                self.group.setExclusive(False)
                for name, button in self.radios.items():
                    button.setChecked(name == value)
                self.group.setExclusive(True)
            elif self.combo is not None:
                index = self.combo.findData(value or "")
                self.combo.setCurrentIndex(max(0, index))
            elif self.checks:
                picked = set(value or [])
                for name, check in self.checks.items():
                    check.setChecked(name in picked)
            elif self.text is not None:
                if self.text.toPlainText() != (value or ""):
                    self.text.setPlainText(value or "")
            elif self.line is not None:
                if value is None:
                    shown = ""
                elif kind == "date":
                    shown = show_day(str(value))
                elif kind in ("integer", "decimal"):
                    shown = show_number(value)
                else:
                    shown = str(value)
                if self.line.text() != shown:
                    self.line.setText(shown)
        finally:
            self._quiet = False

    def set_thumbnail(self, image: QImage | None) -> None:
        """Show ``image`` (decoded and scaled off the GUI thread, see :func:`thumbnail_image`)."""
        if self.thumb is None:
            return
        if image is None or image.isNull():
            self.thumb.setPixmap(QPixmap())
            kind = self.field.type
            self.thumb.setText(self.tr("Sin foto") if kind == "image" else self.tr("Sin firma"))
            return
        self.thumb.setPixmap(QPixmap.fromImage(image))

    def thumbnail_size(self) -> QSize:
        return self.thumb.size() if self.thumb is not None else QSize(0, 0)

    def has_thumbnail(self) -> bool:
        return self.thumb is not None and not self.thumb.pixmap().isNull()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def set_read_only(self, read_only: bool) -> None:
        for widget in self.editors:
            if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                widget.setReadOnly(read_only)
                widget.style().unpolish(widget)  # re-apply the [readOnly] style rule
                widget.style().polish(widget)
            else:
                widget.setEnabled(not read_only)


# -- one finding --------------------------------------------------------------------------


class FindingRow(QFrame):
    """A finding: what must be corrected and by when.

    Signals:
        edited(): the description or the deadline changed.
        remove_requested(FindingRow): the row's "Quitar" was pressed.
    """

    edited = Signal()
    remove_requested = Signal(object)

    def __init__(self, finding: Finding, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = finding.field
        self.setObjectName("findingRow")
        self.setStyleSheet("#findingRow { border-bottom: 1px solid #ece9e4; }")
        self.title = QLabel(title)
        self.title.setStyleSheet("font-weight: 600;")
        self.title.setWordWrap(True)
        self.stale = QLabel(self.tr("Ya no aplica: el punto ahora cumple."))
        self.stale.setStyleSheet("color: #7a5b00;")
        self.stale.hide()
        self.description = QLineEdit(finding.description)
        self.description.setCursorPosition(0)  # a long text shows its beginning
        self.description.setToolTip(finding.description)
        self.description.setPlaceholderText(self.tr("Qué debe corregirse"))
        self.description.textEdited.connect(lambda _t: self.edited.emit())
        self.deadline = QDateEdit()
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("dd/MM/yyyy")
        day = QDate.fromString(finding.deadline, "yyyy-MM-dd")
        self.deadline.setDate(day if day.isValid() else QDate.currentDate().addDays(14))
        self.deadline.dateChanged.connect(lambda _d: self.edited.emit())
        self.remove_button = QPushButton(self.tr("Quitar"))
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        self.remove_button.setVisible(not finding.field)
        deadline_label = QLabel(self.tr("Corregir a más tardar:"))
        line = QHBoxLayout()
        line.addWidget(self.description, 1)
        line.addWidget(deadline_label)
        line.addWidget(self.deadline)
        line.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 6)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.stale)
        layout.addLayout(head)
        layout.addLayout(line)

    def finding(self) -> Finding:
        return Finding(
            self.field,
            self.description.text().strip(),
            self.deadline.date().toString("yyyy-MM-dd"),
        )

    def set_stale(self, stale: bool) -> None:
        self.stale.setVisible(stale)
        self.remove_button.setVisible(stale or not self.field)

    def set_read_only(self, read_only: bool) -> None:
        self.description.setReadOnly(read_only)
        self.deadline.setEnabled(not read_only)
        if read_only:
            self.remove_button.hide()


# -- amendment dialog ---------------------------------------------------------------------


class AmendDialog(QDialog):
    """Correct one answer of a closed acta: the field, the new value, and why.

    Signals:
        requested(str, object, str): field name, new value (raw text), reason.
    """

    requested = Signal(str, object, str)

    def __init__(self, choices: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        """``choices``: (field name, label, current value as text) of the answered fields."""
        super().__init__(parent)
        self.setObjectName("amendDialog")
        self.setWindowTitle(self.tr("Corregir el acta (enmienda)"))
        self._current = {name: current for name, _label, current in choices}
        intro = QLabel(
            self.tr(
                "El acta está cerrada: la corrección queda registrada aparte, con su motivo, "
                "quién la hizo y cuándo. La respuesta original no se borra."
            )
        )
        intro.setWordWrap(True)
        self.field = QComboBox()
        for name, label, _current in choices:
            self.field.addItem(label, name)
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.value = QLineEdit()
        self.value.setPlaceholderText(self.tr("Nuevo valor"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Motivo de la corrección (obligatorio)"))
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.save_button = QPushButton(self.tr("Registrar corrección"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._submit)
        cancel = QPushButton(self.tr("Cancelar"))
        cancel.clicked.connect(self.reject)
        self.field.currentIndexChanged.connect(self._show_current)
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Pregunta:")), 0, 0)
        grid.addWidget(self.field, 0, 1)
        grid.addWidget(QLabel(self.tr("Valor actual:")), 1, 0)
        grid.addWidget(self.current, 1, 1)
        grid.addWidget(QLabel(self.tr("Nuevo valor:")), 2, 0)
        grid.addWidget(self.value, 2, 1)
        grid.addWidget(QLabel(self.tr("Motivo:")), 3, 0)
        grid.addWidget(self.reason, 3, 1)
        grid.setColumnStretch(1, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(560, 280)
        self._show_current()

    def _show_current(self, *_args: object) -> None:
        self.current.setText(self._current.get(self.field.currentData(), ""))

    def _submit(self) -> None:
        if not self.reason.text().strip():
            self.show_error(self.tr("Escriba el motivo de la corrección."))
            return
        self.error.hide()
        self.requested.emit(self.field.currentData(), self.value.text(), self.reason.text())

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


# -- the screen ---------------------------------------------------------------------------


class InspectionForm(QWidget):
    """Captures one inspection (see the module docstring).

    Signals:
        finished(): the user pressed "Volver a mis inspecciones".
        loaded(): the inspection was (re)read and rendered.
        saved(str): an answer (field name), ``FINDINGS`` or an attachment was stored.
        failed(str): a write or a check was refused; carries the message shown.
        closed(object): the acta was closed; carries :class:`inspection_capture.Closed`.
    """

    finished = Signal()
    loaded = Signal()
    saved = Signal(str)
    failed = Signal(str)
    closed = Signal(object)

    def __init__(self, ctx: PageContext, inspection_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.inspection_id = inspection_id
        self.setObjectName("inspectionForm")
        # Read-only answers of a closed acta stay selectable (copy) but look locked.
        self.setStyleSheet(
            'QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"] '
            "{ background: #f3f1ee; color: #333333; }"
        )
        self._actor = ctx.store.actor(ctx.user.id)
        self.inspection: Inspection | None = None
        self.data: Loaded | None = None
        self.answers: dict[str, Any] = {}
        self.rows: dict[str, FieldRow] = {}
        self.group_boxes: list[tuple[QGroupBox, list[str]]] = []
        self.finding_rows: list[FindingRow] = []
        # Typed values not yet handed to the database worker (kept until it accepts the job).
        self._pending: dict[str, Any] = {}
        # Values refused as they are (type, constraint): the message under the field.
        self._refused: dict[str, str] = {}
        # Saves that failed (e.g. the database is locked), by field, ``FINDINGS`` or attachment:
        # "No se guardó" stays until a save of that field succeeds. Answers are retried from
        # ``_pending``; photos and signatures from ``_retry``.
        self._unsaved: dict[str, str] = {}
        self._retry: dict[str, Callable[[], None]] = {}
        self._stored: dict[str, Any] = {}  # the answers as the database last acknowledged them
        self._generation: dict[str, int] = {}  # the latest save per field wins
        self._after_saves: Callable[[], None] | None = None  # runs when nothing is in flight
        self._show_required: set[str] = set()
        self._in_flight = 0
        self._result_touched = False
        self.read_only = False  # closed, or another inspector's visit
        self._gone = False  # left the screen: late callbacks must not touch its widgets
        self.confirm_box: QMessageBox | None = None
        self.photo_dialog: PhotoCaptureDialog | None = None
        self.signature_dialog: SignatureDialog | None = None
        self.amend_dialog: AmendDialog | None = None
        self.camera_options: dict[str, Any] = {}  # tests shorten the camera's retry

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.flush)
        self._findings_timer = QTimer(self)
        self._findings_timer.setSingleShot(True)
        self._findings_timer.setInterval(DEBOUNCE_MS)
        self._findings_timer.timeout.connect(self.save_findings)

        self.stack = QStackedWidget()
        self.loading = QLabel(self.tr("Cargando…"))
        self.loading.setObjectName("emptyLabel")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading.setWordWrap(True)
        self.stack.addWidget(self.loading)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.focus_next_unanswered)
        # Whoever deletes the screen without release() (a parent window closing) still stops
        # late callbacks from touching deleted widgets.
        self.destroyed.connect(lambda *_args, screen=self: screen.release())
        self.reload()

    # -- lifetime ------------------------------------------------------------------------

    def release(self) -> None:
        """The screen is going away: callbacks of work still in flight are dropped from now on
        (the work itself still runs: an answer typed before "Volver" is stored)."""
        self._gone = True
        self._after_saves = None

    def _live(self, callback: Callable[..., None]) -> Callable[..., None]:
        """``callback`` for the task runner, dropped once the screen is released."""

        def call(*args: Any) -> None:
            if self._gone:
                error = next((a for a in args if isinstance(a, BaseException)), None)
                if error is not None:
                    log.warning("inspection %s: after leaving: %s", self.inspection_id, error)
                return
            callback(*args)

        return call

    # -- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        store, actor, key = self.ctx.store, self._actor, self.inspection_id
        self.ctx.runner.run_db(
            lambda: load_for_screen(store, actor, key),
            self._live(self._render),
            self._live(self._load_failed),
            changes=ANSWER_CHANGES,  # a scheduled visit gets its form on first opening
        )

    def _load_failed(self, error: BaseException) -> None:
        text = error.text(self.ctx.lang) if isinstance(error, Problem) else ""
        if not text:
            messages.log_bug(error)
            text = messages.bug_text()
        self.loading.setText(self.tr("No se pudo abrir la inspección.") + "\n" + text)
        self.stack.setCurrentWidget(self.loading)
        self.failed.emit(text)

    def _label(self, f: forms.Field) -> str:
        return (f.label_en if self.ctx.lang == "en" else f.label_es) or f.name

    def _render(self, data: Loaded | NotStarted) -> None:
        if isinstance(data, NotStarted):
            self.loading.setText(
                self.tr("Aún no se ha iniciado la captura de esta inspección (es de %1).").replace(
                    "%1", data.owner
                )
            )
            self.stack.setCurrentWidget(self.loading)
            self.read_only = True
            self.loaded.emit()
            return
        self.data = data
        inspection = self.inspection = data.inspection
        closed = inspection.is_closed
        read_only = self.read_only = closed or data.owner is not None
        self.answers = (
            inspection_capture.effective_answers(inspection) if closed else dict(inspection.answers)
        )
        self._stored = dict(inspection.answers)
        self._pending.clear()
        self._refused.clear()
        self._unsaved.clear()
        self._retry.clear()
        old = self.stack.widget(1)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        self.rows = {}
        self.group_boxes = []
        self.finding_rows = []

        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(12, 8, 12, 8)
        page_layout.addWidget(self._build_header(data))
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("inspectionBody")
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(4, 4, 16, 16)
        self._build_items(inspection.form.items, self.body_layout)
        self.body_layout.addWidget(self._build_findings(data.findings))
        self.body_layout.addWidget(self._build_result())
        self.body_layout.addStretch(1)
        self.scroll_area.setWidget(body)
        page_layout.addWidget(self.scroll_area, 1)
        # Values and read-only state before the page is shown (polished: the read-only look).
        for name, row in self.rows.items():
            row.set_value(self.answers.get(name))
            row.set_read_only(read_only)
            if row.field.type in inspection_capture.ATTACHMENT_TYPES:
                self._load_thumbnail(name, self.answers.get(name))
        for finding_row in self.finding_rows:
            finding_row.set_read_only(read_only)
        self.add_finding_button.setEnabled(not read_only)
        self.refresh()
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        if not read_only and len(data.findings) > len(inspection.findings):
            self._schedule_findings_save()  # drafted findings are kept at once
        if not read_only:
            QTimer.singleShot(0, self, self.focus_first_unanswered)
        self.loaded.emit()

    def _build_header(self, data: Loaded) -> QWidget:
        inspection = data.inspection
        header = QWidget()
        grid = QGridLayout(header)
        grid.setContentsMargins(0, 0, 0, 4)
        title = " — ".join(p for p in (data.folio, data.business) if p)
        self.title_label = QLabel(title or self.tr("Inspección sin expediente"))
        self.title_label.setObjectName("sectionHeading")
        self.title_label.setWordWrap(True)
        self.address_label = QLabel(data.address)
        self.address_label.setWordWrap(True)
        form = inspection.form
        self.form_label = QLabel(
            self.tr("%1 · versión %2").replace("%1", form.title).replace("%2", str(form.version))
        )
        self.form_label.setStyleSheet(HINT_STYLE)
        self.form_label.setWordWrap(True)
        self.status_label = QLabel(
            self.tr("Cerrada") if inspection.is_closed else self.tr("Borrador")
        )
        self.status_label.setObjectName("inspectionStatus")
        color = "#2e7d32" if inspection.is_closed else "#6a4fb3"
        self.status_label.setStyleSheet(
            f"color: white; background: {color}; border-radius: 3px; padding: 2px 8px;"
        )
        self.saved_label = QLabel("")
        self.saved_label.setObjectName("savedIndicator")
        self.saved_label.setStyleSheet("color: #2e7d32;")
        self.back_button = QPushButton(self.tr("← Volver a mis inspecciones"))
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton(self.tr("Siguiente pendiente (Ctrl+Enter)"))
        self.next_button.clicked.connect(self.focus_next_unanswered)
        self.next_button.setVisible(not self.read_only)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        top.addWidget(self.saved_label)
        top.addWidget(self.next_button)
        grid.addLayout(top, 0, 0, 1, 2)
        grid.addWidget(self.title_label, 1, 0)
        grid.addWidget(
            self.status_label, 1, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        )
        grid.addWidget(self.address_label, 2, 0, 1, 2)
        grid.addWidget(self.form_label, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)

        self.banner = QFrame()
        self.banner.setObjectName("closedBanner")
        self.banner.setStyleSheet(
            "#closedBanner { background: #eef6ee; border: 1px solid #b9d8bb; border-radius: 4px; }"
        )
        banner_layout = QVBoxLayout(self.banner)
        self.banner_label = QLabel()
        self.banner_label.setWordWrap(True)
        self.amendments_label = QLabel()
        self.amendments_label.setWordWrap(True)
        self.amendments_label.setStyleSheet(HINT_STYLE)
        self.amend_button = QPushButton(self.tr("Corregir (enmienda)…"))
        self.amend_button.clicked.connect(self.open_amend_dialog)
        self.acta_button = QPushButton(self.tr("Acta PDF…"))
        self.acta_button.clicked.connect(self.choose_acta_path)
        banner_buttons = QHBoxLayout()
        banner_buttons.addWidget(self.amend_button)
        banner_buttons.addWidget(self.acta_button)
        banner_buttons.addStretch(1)
        banner_layout.addWidget(self.banner_label)
        banner_layout.addWidget(self.amendments_label)
        banner_layout.addLayout(banner_buttons)
        grid.addWidget(self.banner, 4, 0, 1, 2)
        self.banner.setVisible(self.read_only)
        if inspection.is_closed:
            self._fill_banner(inspection, data.case_status)
        if data.owner is not None:
            # Another inspector's visit: shown, never written (no amendments either).
            owner_text = self.tr("Solo lectura: esta inspección es de %1.").replace(
                "%1", data.owner
            )
            shown = self.banner_label.text()
            self.banner_label.setText(shown + "\n" + owner_text if shown else owner_text)
            self.amend_button.hide()
            self.acta_button.setVisible(inspection.is_closed)
        return header

    def _fill_banner(self, inspection: Inspection, case_status: str | None) -> None:
        when_text = labels.iso_datetime(self.ctx.locale, inspection.closed_at or "", fallback="")
        result = inspection.result or ""
        result_text = self._result_labels().get(result, result)
        text = (
            self.tr("Acta cerrada el %1 · Resultado: %2.")
            .replace("%1", when_text)
            .replace("%2", result_text)
        )
        if case_status:
            text += " " + self.tr("El expediente está en «%1».").replace(
                "%1", labels.status_label(case_status)
            )
        self.banner_label.setText(text)
        lines = []
        for a in inspection.amendments:
            try:
                label = self._label(inspection.form.field(a.field))
            except InvalidInput:
                label = a.field
            lines.append(
                self.tr("Corrección: %1: «%2» → «%3» (%4)")
                .replace("%1", label)
                .replace("%2", self._value_text(a.field, a.old_value))
                .replace("%3", self._value_text(a.field, a.new_value))
                .replace("%4", a.reason)
            )
        self.amendments_label.setText("\n".join(lines))
        self.amendments_label.setVisible(bool(lines))

    def _build_items(self, items: tuple[forms.Field | forms.Group, ...], layout: Any) -> list[str]:
        names: list[str] = []
        for item in items:
            if isinstance(item, forms.Group):
                box = QGroupBox(
                    (item.label_en if self.ctx.lang == "en" else item.label_es) or item.name
                )
                box.setObjectName(f"group_{item.name}")
                box.setStyleSheet(
                    "QGroupBox { font-weight: 600; font-size: 11pt; margin-top: 14px; "
                    "border: 1px solid #dedad4; border-radius: 4px; padding: 10px 10px 4px 10px; }"
                    "QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; "
                    "color: #6f1d3b; }"
                )
                inner = QVBoxLayout(box)
                inner.setSpacing(2)
                inside = self._build_items(item.items, inner)
                self.group_boxes.append((box, inside))
                layout.addWidget(box)
                names += inside
            else:
                row = FieldRow(item, self.ctx.lang)
                row.edited.connect(self._edited)
                row.attach_requested.connect(self._attach_requested)
                self.rows[item.name] = row
                layout.addWidget(row)
                names.append(item.name)
        return names

    def _build_findings(self, findings: tuple[Finding, ...]) -> QWidget:
        box = QGroupBox(self.tr("Hallazgos y plazos para corregir"))
        box.setObjectName("findingsBox")
        box.setStyleSheet(
            "QGroupBox { font-weight: 600; font-size: 11pt; margin-top: 14px; "
            "border: 1px solid #dedad4; border-radius: 4px; padding: 10px 10px 4px 10px; }"
            "QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; "
            "color: #6f1d3b; }"
        )
        layout = QVBoxLayout(box)
        self.findings_empty = QLabel(self.tr("Ningún punto incumplido hasta ahora."))
        self.findings_empty.setStyleSheet(HINT_STYLE)
        self.findings_layout = QVBoxLayout()
        self.findings_error = QLabel()
        self.findings_error.setStyleSheet(ERROR_STYLE)
        self.findings_error.setWordWrap(True)
        self.findings_error.hide()
        self.add_finding_button = QPushButton(self.tr("Agregar hallazgo"))
        self.add_finding_button.clicked.connect(self.add_finding)
        layout.addWidget(self.findings_empty)
        layout.addLayout(self.findings_layout)
        layout.addWidget(self.findings_error)
        layout.addWidget(self.add_finding_button, 0, Qt.AlignmentFlag.AlignLeft)
        for finding in findings:
            self._add_finding_row(finding)
        return box

    def _result_labels(self) -> dict[str, str]:
        return {
            "cumple": self.tr("Cumple"),
            "cumple_con_observaciones": self.tr("Cumple con observaciones"),
            "no_cumple": self.tr("No cumple"),
        }

    def _build_result(self) -> QWidget:
        box = QGroupBox(self.tr("Resultado y cierre"))
        box.setObjectName("resultBox")
        box.setStyleSheet(
            "QGroupBox { font-weight: 600; font-size: 11pt; margin-top: 14px; "
            "border: 1px solid #dedad4; border-radius: 4px; padding: 10px 10px 4px 10px; }"
            "QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; "
            "color: #6f1d3b; }"
        )
        layout = QVBoxLayout(box)
        self.score_label = QLabel()
        self.score_label.setStyleSheet(HINT_STYLE)
        radios = QHBoxLayout()
        self.result_group = QButtonGroup(box)
        self.result_buttons: dict[str, QRadioButton] = {}
        for i, (code, text) in enumerate(self._result_labels().items()):
            button = QRadioButton(text)
            button.setObjectName(f"result_{code}")
            self.result_group.addButton(button, i)
            self.result_buttons[code] = button
            radios.addWidget(button)
        radios.addStretch(1)
        self.result_group.buttonClicked.connect(self._result_clicked)
        self.close_error = QLabel()
        self.close_error.setObjectName("closeError")
        self.close_error.setStyleSheet(ERROR_STYLE)
        self.close_error.setWordWrap(True)
        self.close_error.hide()
        self.close_button = QPushButton(self.tr("Cerrar acta…"))
        self.close_button.setObjectName("closeActaButton")
        self.close_button.setDefault(True)  # the house style's accent: the step that ends it
        self.close_button.clicked.connect(self.request_close)
        layout.addWidget(self.score_label)
        layout.addLayout(radios)
        layout.addWidget(self.close_error)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignLeft)
        inspection = self.inspection
        if inspection is not None and self.read_only:
            for button in self.result_buttons.values():
                button.setEnabled(False)
            if inspection.result in self.result_buttons:
                self.result_buttons[inspection.result].setChecked(True)
            self.close_button.hide()
        self._result_touched = False
        return box

    def _result_clicked(self, _button: QAbstractButton) -> None:
        self._result_touched = True

    def selected_result(self) -> str | None:
        for code, button in self.result_buttons.items():
            if button.isChecked():
                return code
        return None

    # -- live state: relevance, messages, score, findings --------------------------------

    def refresh(self) -> None:
        """Show/hide by relevance, put each message under its field, update score and findings."""
        inspection = self.inspection
        if inspection is None:
            return
        form = inspection.form
        visible = {f.name for f in forms.visible_fields(form, self.answers)}
        for name, row in self.rows.items():
            row.setHidden(name not in visible)
        for box, names in self.group_boxes:
            box.setHidden(not any(n in visible for n in names))
        problems = {p.field: p for p in forms.validate_answers(form, self.answers)}
        for name, row in self.rows.items():
            text = self._refused.get(name) or self._unsaved.get(name, "")
            problem = problems.get(name)
            if not text and problem is not None:
                if self.answers.get(name) is None:
                    if name in self._show_required:
                        text = self.tr("Respuesta obligatoria")
                else:
                    text = problem.message_en if self.ctx.lang == "en" else problem.message_es
            row.show_error(text)
        score = forms.score(form, self.answers)
        failed = set(score.failed_items)
        self.score_label.setText(
            self.tr("Puntos: %1 de %2 · incumplidos: %3")
            .replace("%1", show_number(score.points))
            .replace("%2", show_number(score.max_points))
            .replace("%3", str(len(failed)))
        )
        for finding_row in self.finding_rows:
            finding_row.set_stale(bool(finding_row.field) and finding_row.field not in failed)
        self.findings_empty.setVisible(not self.finding_rows)
        if not self.read_only and not self._result_touched:
            self.result_buttons["no_cumple" if failed else "cumple"].setChecked(True)

    # -- answers -------------------------------------------------------------------------

    def _edited(self, field: str, raw: Any, now: bool) -> None:
        if self.read_only:
            return
        self._pending[field] = raw
        if now:
            self._commit(field)
        else:
            self._debounce.start()

    def flush(self) -> None:
        """Save every answer typed but not yet saved (the debounce fired, or leaving), and retry
        the saves that failed.

        Raises:
            RuntimeError: the task runner is shut down; what was not handed over stays pending.
        """
        self._debounce.stop()  # everything typed is handled now
        if self.read_only:
            return
        for field in list(self._pending):
            self._commit(field)
        for field, retry in list(self._retry.items()):
            if self._retry.get(field) is retry:
                retry()
                self._retry.pop(field, None)
        if FINDINGS in self._unsaved and not self._findings_timer.isActive():
            self.save_findings()

    def _commit(self, field: str) -> None:
        if field not in self._pending or self.inspection is None or self.read_only:
            return
        raw = self._pending[field]
        spec = self.inspection.form.field(field)
        self._show_required.add(field)
        if spec.type == "date" and isinstance(raw, str):
            iso = parse_day(raw)
            if iso is None:
                self._pending.pop(field)
                self._refuse(field, self.tr("Escriba la fecha como DD/MM/AAAA, p. ej. 04/03/2025."))
                return
            raw = iso
        try:
            value = forms.coerce_answer(spec, raw)
        except InvalidInput as refused:
            self._pending.pop(field)
            self._refuse(field, refused.text(self.ctx.lang))
            return
        if value is not None:
            trial = {**self.answers, field: value}
            for problem in forms.validate_answers(self.inspection.form, trial):
                if problem.field == field:  # its constraint: refused, the stored answer stays
                    lang_en = self.ctx.lang == "en"
                    self._pending.pop(field)
                    self._refuse(field, problem.message_en if lang_en else problem.message_es)
                    return
        self._refused.pop(field, None)
        if value == self.answers.get(field) and field not in self._unsaved:
            self._pending.pop(field)
            self.refresh()
            return
        self._save_answer(field, raw, value)  # raises if the runner is down: stays pending
        self._pending.pop(field, None)

    def _refuse(self, field: str, text: str) -> None:
        """A value that does not fit: say so under the field; the stored answer stays."""
        self._refused[field] = text
        self.refresh()
        self.failed.emit(text)

    def _saving(self) -> None:
        self._in_flight += 1
        self.saved_label.setStyleSheet("color: #6b6b6b;")
        self.saved_label.setText(self.tr("Guardando…"))

    def _show_save_state(self) -> None:
        if self._unsaved:
            self.saved_label.setStyleSheet(ERROR_STYLE)
            self.saved_label.setText(self.tr("No se guardó"))
        elif self._in_flight == 0:
            self.saved_label.setStyleSheet("color: #2e7d32;")
            self.saved_label.setText(
                self.tr("Guardado ✓ %1").replace("%1", QTime.currentTime().toString("HH:mm:ss"))
            )

    def _settled(self) -> None:
        """One save came back: say how things stand; run what waited for all of them."""
        self._show_save_state()
        if self._in_flight == 0 and self._after_saves is not None:
            then, self._after_saves = self._after_saves, None
            then()

    def _saved(self, what: str) -> None:
        self._in_flight -= 1
        self._unsaved.pop(what, None)
        if what in self.rows:
            self.refresh()
        self.saved.emit(what)
        self._settled()

    def _failure_text(self, error: BaseException) -> str:
        if isinstance(error, Problem):
            return error.text(self.ctx.lang)
        if isinstance(error, sqlite3.OperationalError) and (
            "locked" in str(error) or "busy" in str(error)
        ):
            return self.tr(
                "La base de datos está ocupada por otro programa. Lo escrito sigue en pantalla "
                "y se guardará al intentarlo de nuevo."
            )
        messages.log_bug(error)
        return messages.bug_text()

    def _save_failed(self, field: str, error: BaseException) -> None:
        """A write failed. A refused value (:class:`InvalidInput`) leaves the stored answer as
        it was; anything else (a locked database, a bug) keeps "No se guardó" until a save of
        ``field`` succeeds."""
        self._in_flight -= 1
        text = self._failure_text(error)
        if isinstance(error, InvalidInput):
            self._unsaved.pop(field, None)
            self.saved_label.setStyleSheet(ERROR_STYLE)
            self.saved_label.setText(self.tr("No se guardó"))
            if field in self.rows:
                self._refused[field] = text
        else:
            self._unsaved[field] = text
        if field in self.rows:
            self.refresh()
        elif field != FINDINGS:  # findings say it under their section
            messages.show_error(error, self.ctx.lang, self)
        self.failed.emit(text)
        self._settled()

    def _save_answer(self, field: str, raw: Any, value: Any) -> None:
        store, actor, key = self.ctx.store, self._actor, self.inspection_id

        def op() -> tuple[Finding, ...]:
            inspection_capture.save_answer(store, actor, key, field, value)
            return inspection_capture.suggest_findings(
                store, inspection_capture.load_inspection(store, key)
            )

        generation = self._generation.get(field, 0) + 1
        self.ctx.runner.run_db(
            op,
            self._live(lambda drafted: self._answer_saved(field, generation, value, drafted)),
            self._live(lambda error: self._answer_failed(field, generation, raw, error)),
            changes=ANSWER_CHANGES,
        )
        # Accepted by the worker: show it as the answer (relevance, score) while it is stored.
        self._generation[field] = generation
        self._saving()
        if value is None:
            self.answers.pop(field, None)
        else:
            self.answers[field] = value
        self.refresh()

    def _answer_saved(
        self, field: str, generation: int, value: Any, drafted: tuple[Finding, ...]
    ) -> None:
        if value is None:
            self._stored.pop(field, None)
        else:
            self._stored[field] = value
        if generation != self._generation.get(field):  # a newer value is on its way
            self._in_flight -= 1
            self._settled()
            return
        self._merge_drafted(drafted)
        self._saved(field)

    def _answer_failed(self, field: str, generation: int, raw: Any, error: BaseException) -> None:
        if generation == self._generation.get(field):
            # The screen shows what the database holds; what was typed stays pending, so the
            # next edit, "Volver" or a new Enter tries again.
            stored = self._stored.get(field)
            if stored is None:
                self.answers.pop(field, None)
            else:
                self.answers[field] = stored
            if not isinstance(error, InvalidInput):
                self._pending.setdefault(field, raw)
            self._save_failed(field, error)
        else:
            self._in_flight -= 1
            self._settled()

    # -- attachments (photos, signatures) ------------------------------------------------

    def _attach_requested(self, field: str, action: str) -> None:
        if self.inspection is None or self.read_only:
            return
        spec = self.inspection.form.field(field)

        def go() -> None:
            if action == "camera":
                self.open_camera(field)
            elif action == "file":
                path = choose_photo_file(self)
                if path is not None:
                    self.add_photo_file(field, path)
            else:
                self.open_signature_pad(field)

        if self.answers.get(field):
            question = (
                self.tr("«%1» ya tiene una foto. ¿Reemplazarla por una nueva?")
                if spec.type == "image"
                else self.tr("«%1» ya está firmada. ¿Firmar de nuevo y reemplazar la firma?")
            )
            self._confirm(question.replace("%1", self._label(spec)), go)
        else:
            go()

    def _confirm(self, text: str, on_yes: Callable[[], None]) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Confirmar"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Sí"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("No"))
        box.setDefaultButton(QMessageBox.StandardButton.No)

        def done(answer: int) -> None:
            self.confirm_box = None
            box.deleteLater()
            if answer == QMessageBox.StandardButton.Yes:
                on_yes()

        box.finished.connect(done)
        self.confirm_box = box
        box.open()

    def open_camera(self, field: str) -> PhotoCaptureDialog:
        """The camera dialog for ``field``'s photo (non-blocking)."""
        assert self.inspection is not None
        dialog = PhotoCaptureDialog(
            self.ctx.camera,
            title=self._label(self.inspection.form.field(field)),
            lang=self.ctx.lang,
            camera_options=self.camera_options,
            parent=self,
        )
        dialog.frame_taken.connect(lambda frame: self.add_photo_frame(field, frame))
        dialog.file_chosen.connect(lambda path: self.add_photo_file(field, Path(path)))
        dialog.finished.connect(lambda _r: self._photo_dialog_done(dialog))
        self.photo_dialog = dialog
        dialog.open()
        return dialog

    def _photo_dialog_done(self, dialog: PhotoCaptureDialog) -> None:
        if self.photo_dialog is dialog:
            self.photo_dialog = None
        dialog.deleteLater()

    def add_photo_frame(self, field: str, frame: Any) -> None:
        """Shrink a camera frame and store it as ``field``'s photo: one job on the database
        worker, so a photo taken just before the window closes is still stored (queued database
        jobs run at shutdown; pool jobs do not)."""
        self._store_attachment(field, lambda: prepare_frame(frame), "image/jpeg", "camara.jpg")

    def add_photo_file(self, field: str, path: Path) -> None:
        """Read and shrink a photo file and store it as ``field``'s photo (one database job)."""

        def read() -> bytes:
            try:
                size = path.stat().st_size
                if size > MAX_INPUT_BYTES:
                    raise InvalidInput(
                        f"La foto {path.name} pasa de {MAX_INPUT_BYTES // 2**20} MB.",
                        f"The photo {path.name} is larger than {MAX_INPUT_BYTES // 2**20} MB.",
                        hint_es="Elija una foto más pequeña.",
                        hint_en="Choose a smaller photo.",
                    )
                data = path.read_bytes()
            except OSError as error:
                raise InvalidInput(
                    f"No se pudo leer el archivo {path.name}: {error.strerror or error}.",
                    f"The file {path.name} could not be read: {error.strerror or error}.",
                ) from error
            return prepare_photo(data)

        self._store_attachment(field, read, "image/jpeg", path.name)

    def open_signature_pad(self, field: str) -> SignatureDialog:
        """The signature pad for ``field`` (non-blocking), with the signer's name under the line."""
        assert self.inspection is not None
        if field == "firma_inspector":
            name = self.ctx.user.display_name
        elif field == "firma_atiende":
            name = str(self.answers.get("atiende_nombre") or "")
        else:
            name = ""
        dialog = SignatureDialog(self._label(self.inspection.form.field(field)), name, self)
        dialog.signed.connect(
            lambda png: self._store_attachment(field, lambda: png, "image/png", "")
        )
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.signature_dialog = dialog
        dialog.open()
        return dialog

    def _store_attachment(
        self, field: str, produce: Callable[[], bytes], mime: str, name: str
    ) -> None:
        """Store what ``produce`` gives (run on the database worker) as ``field``'s answer."""
        if self.read_only:
            return
        store, actor, key = self.ctx.store, self._actor, self.inspection_id

        def op() -> tuple[bytes, str, tuple[Finding, ...]]:
            content = produce()
            sha = inspection_capture.save_attachment_answer(
                store, actor, key, field, content, mime=mime, original_name=name
            )
            drafted = inspection_capture.suggest_findings(
                store, inspection_capture.load_inspection(store, key)
            )
            return content, sha, drafted

        def done(result: tuple[bytes, str, tuple[Finding, ...]]) -> None:
            _content, sha, drafted = result
            self.answers[field] = self._stored[field] = sha
            self._refused.pop(field, None)
            self._retry.pop(field, None)
            self._show_required.add(field)
            self._load_thumbnail(field, sha)
            self.refresh()
            self._merge_drafted(drafted)
            self._saved(field)

        def failed(error: BaseException) -> None:
            if not isinstance(error, InvalidInput):  # the next flush tries again
                self._retry[field] = lambda: self._store_attachment(field, produce, mime, name)
            self._save_failed(field, error)

        self.ctx.runner.run_db(op, self._live(done), self._live(failed), changes=ATTACHMENT_CHANGES)
        self._saving()

    def _load_thumbnail(self, field: str, sha: Any) -> None:
        row = self.rows.get(field)
        if row is None:
            return
        if not sha:
            row.set_thumbnail(None)
            return
        path = attachment_path(self.ctx.store.attachments_dir, str(sha))
        size = row.thumbnail_size()

        def show(image: QImage | None) -> None:
            if self.rows.get(field) is row:
                row.set_thumbnail(image)

        self.ctx.runner.run(
            lambda: thumbnail_image(path.read_bytes(), size) if path.exists() else None,
            self._live(show),
            lambda _error: None,  # a missing file shows "sin foto"; the answer stays
        )

    # -- findings ------------------------------------------------------------------------

    def _finding_title(self, field: str) -> str:
        if not field or self.inspection is None:
            return self.tr("Hallazgo adicional")
        try:
            return self._label(self.inspection.form.field(field))
        except InvalidInput:
            return field

    def _add_finding_row(self, finding: Finding) -> FindingRow:
        row = FindingRow(finding, self._finding_title(finding.field))
        row.edited.connect(self._schedule_findings_save)
        row.remove_requested.connect(self.remove_finding)
        self.finding_rows.append(row)
        self.findings_layout.addWidget(row)
        self.findings_empty.hide()
        return row

    def _merge_drafted(self, drafted: tuple[Finding, ...]) -> None:
        """Add a row for each failed item the screen has no finding for yet."""
        if self.inspection is None:
            return
        failing = set(forms.score(self.inspection.form, self.answers).failed_items)
        have = {r.field for r in self.finding_rows if r.field}
        new = [f for f in drafted if f.field in failing and f.field not in have]
        for finding in new:
            self._add_finding_row(finding)
        if new:
            self.refresh()
            self._schedule_findings_save()

    def add_finding(self) -> FindingRow:
        """An extra finding the inspector writes (not tied to a failed item)."""
        deadline = QDate.currentDate().addDays(14).toString("yyyy-MM-dd")
        row = self._add_finding_row(Finding("", "", deadline))
        row.description.setFocus()
        self.refresh()
        return row

    def remove_finding(self, row: FindingRow) -> None:
        if row in self.finding_rows:
            self.finding_rows.remove(row)
            row.deleteLater()
            self.refresh()
            self._schedule_findings_save()

    def _schedule_findings_save(self) -> None:
        self._findings_timer.start()

    def current_findings(self) -> list[Finding]:
        """The findings as the screen holds them (rows without a description are left out)."""
        return [r.finding() for r in self.finding_rows if r.finding().description]

    def save_findings(self) -> None:
        """Store the findings list now."""
        self._findings_timer.stop()
        if self.inspection is None or self.read_only:
            return
        store, actor, key = self.ctx.store, self._actor, self.inspection_id
        findings = self.current_findings()

        def ok(_stored: object) -> None:
            self.findings_error.hide()
            self._saved(FINDINGS)

        def refused(error: BaseException) -> None:
            self._save_failed(FINDINGS, error)
            if isinstance(error, Problem):
                self.findings_error.setText(error.text(self.ctx.lang))
                self.findings_error.show()

        self.ctx.runner.run_db(
            lambda: inspection_capture.save_findings(store, actor, key, findings),
            self._live(ok),
            self._live(refused),
            changes=ANSWER_CHANGES,
        )
        self._saving()

    # -- keyboard ------------------------------------------------------------------------

    def _unanswered(self, required_only: bool) -> list[str]:
        if self.inspection is None:
            return []
        visible = forms.visible_fields(self.inspection.form, self.answers)
        return [
            f.name
            for f in visible
            if f.type not in forms.ANSWERLESS
            and (f.required or not required_only)
            and self.answers.get(f.name) is None
        ]

    def focus_field(self, field: str) -> None:
        row = self.rows.get(field)
        if row is None:
            return
        self.scroll_area.ensureWidgetVisible(row, 40, 80)
        target = row.focus_widget or row
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_first_unanswered(self) -> None:
        pending = self._unanswered(required_only=False)
        if pending:
            self.focus_field(pending[0])

    def focus_next_unanswered(self) -> None:
        """Jump to the next required question without an answer (after the one with focus)."""
        self.flush()
        pending = self._unanswered(required_only=True)
        if not pending:
            self.close_button.setFocus()
            self.scroll_area.ensureWidgetVisible(self.close_button)
            return
        order = list(self.rows)
        focused = self.focusWidget()
        current = next(
            (
                i
                for i, name in enumerate(order)
                if focused and self.rows[name].isAncestorOf(focused)
            ),
            -1,
        )
        after = [n for n in pending if order.index(n) > current]
        self.focus_field((after or pending)[0])

    def go_back(self) -> None:
        """Save what is pending and go back to the day plan."""
        self.flush()
        if self._findings_timer.isActive():
            self.save_findings()
        self.finished.emit()

    def hideEvent(self, event: Any) -> None:
        # Leaving the page (or closing the window) must not leave typing unsaved, nor a camera
        # thread running.
        if self.photo_dialog is not None:
            self.photo_dialog.reject()
        try:
            self.flush()
            if self._findings_timer.isActive():
                self.save_findings()
        except RuntimeError:  # the runner already shut down: the app is quitting
            # What was typed stays in ``_pending`` (a job is only dropped from it once the
            # database worker accepted it).
            log.warning(
                "inspection %s: not saved at shutdown: %s",
                self.inspection_id,
                ", ".join(sorted(self._pending)) or "findings",
            )
        super().hideEvent(event)

    # -- closing -------------------------------------------------------------------------

    def problems_before_closing(self) -> tuple[list[str], str]:
        """(fields in form order with a problem, the problems in plain words) as the screen
        sees them; empty when the acta can be closed."""
        assert self.inspection is not None
        form = self.inspection.form
        problems = forms.validate_answers(form, self.answers)
        described = {f.field for f in self.current_findings()}
        failed = forms.score(form, self.answers).failed_items
        missing = [name for name in failed if name not in described]
        fields = [p.field for p in problems] + [m for m in missing if m not in self.answers]
        lines = []
        unanswered = [
            self._label(form.field(p.field)) for p in problems if p.field not in self.answers
        ]
        wrong = [p for p in problems if p.field in self.answers]
        if unanswered:
            lines.append(
                self.tr("Faltan respuestas obligatorias: %1.").replace("%1", "; ".join(unanswered))
            )
        for p in wrong:
            message = p.message_en if self.ctx.lang == "en" else p.message_es
            lines.append(f"{self._label(form.field(p.field))}: {message}")
        if missing:
            names = "; ".join(self._label(form.field(m)) for m in missing)
            lines.append(self.tr("Falta describir el hallazgo de: %1.").replace("%1", names))
        return fields, "\n".join(lines)

    def _show_close_problem(self, text: str, fields: list[str]) -> None:
        self._show_required = set(self.rows)
        self.refresh()
        self.close_error.setText(self.tr("Todavía no se puede cerrar el acta.") + "\n" + text)
        self.close_error.show()
        self.failed.emit(text)
        if fields:
            first = fields[0]
            if first in self.rows and not self.rows[first].isHidden():
                self.focus_field(first)
            else:
                for row in self.finding_rows:
                    if row.field == first:
                        self.scroll_area.ensureWidgetVisible(row)
                        row.description.setFocus()
                        break

    def _case_move_text(self, result: str) -> str:
        data = self.data
        status = data.case_status if data else None
        if status in (workflow.INSPECCION_PROGRAMADA, workflow.INSPECCIONADO):
            target = inspection_capture.DECISION_BY_RESULT[result]
            return (
                self.tr("El expediente %1 pasará a «%2» y luego a «%3».")
                .replace("%1", data.folio if data else "")
                .replace("%2", labels.status_label(workflow.INSPECCIONADO))
                .replace("%3", labels.status_label(target))
            )
        if status:
            return (
                self.tr("El expediente %1 se queda en «%2».")
                .replace("%1", data.folio if data else "")
                .replace("%2", labels.status_label(status))
            )
        return ""

    def _unsaved_problem(self) -> tuple[list[str], str]:
        """(fields, text) about saves that failed; empty when everything on screen is stored."""
        if not self._unsaved and not self._pending and not self._retry:
            return [], ""
        assert self.inspection is not None
        names = [n for n in self.rows if n in self._unsaved or n in self._pending]
        shown = [self._label(self.inspection.form.field(n)) for n in names]
        if FINDINGS in self._unsaved:
            shown.append(self.tr("hallazgos"))
        return names, self.tr(
            "No se guardó: %1. Vuelva a intentarlo (Enter en la respuesta) antes de cerrar."
        ).replace("%1", "; ".join(shown))

    def request_close(self) -> None:
        """Check what is missing; if nothing, ask for confirmation, then close."""
        if self.inspection is None or self.read_only:
            return
        self.flush()
        if self._findings_timer.isActive():
            self.save_findings()
        self.close_error.hide()
        fields, text = self.problems_before_closing()
        if not text:
            fields, text = self._unsaved_problem()
        if text:
            self._show_close_problem(text, fields)
            return
        result = self.selected_result() or "cumple"
        question = (
            self.tr(
                "Se cerrará el acta con resultado «%1». Después ya no podrá modificarse; "
                "cualquier corrección quedará registrada como enmienda."
            ).replace("%1", self._result_labels()[result])
            + "\n\n"
            + self._case_move_text(result)
            + "\n\n"
            + self.tr("¿Cerrar el acta?")
        )
        self._confirm(question, lambda: self.close_when_saved(result))

    def close_when_saved(self, result: str) -> None:
        """Close once every save in flight came back, and only if all of them were stored:
        an acta is never closed over an answer the database does not have."""
        if self.inspection is None or self.read_only:
            return
        self.flush()
        if self._in_flight:
            self._after_saves = lambda: self.close_when_saved(result)
            return
        fields, text = self._unsaved_problem()
        if text:
            self._show_close_problem(text, fields)
            return
        self.close_now(result)

    def close_now(self, result: str) -> None:
        """Close the acta with ``result`` (no questions asked)."""
        store, actor, key = self.ctx.store, self._actor, self.inspection_id

        def ok(closed: inspection_capture.Closed) -> None:
            self._saved("__closed__")
            self.closed.emit(closed)
            self.reload()

        def show_refusal(text: str) -> None:
            fields, _text = self.problems_before_closing()
            self._show_close_problem(text, fields)

        def refused(error: BaseException) -> None:
            self._in_flight -= 1
            self.saved_label.setText("")
            messages.failure_handler(show_refusal, self.ctx.lang, self)(error)

        self.ctx.runner.run_db(
            lambda: inspection_capture.close_inspection(store, actor, key, result=result),
            self._live(ok),
            self._live(refused),
            changes=CLOSE_CHANGES,
        )
        self._saving()

    # -- after closing: amendments and the acta ------------------------------------------

    def _value_text(self, field: str, value: Any) -> str:
        if value is None:
            return self.tr("(vacío)")
        if self.inspection is None:
            return str(value)
        try:
            spec = self.inspection.form.field(field)
        except InvalidInput:
            return str(value)
        names = {
            c.name: (c.label_en if self.ctx.lang == "en" else c.label_es) or c.name
            for c in spec.choices
        }
        if isinstance(value, list):
            return ", ".join(str(names.get(v, v)) for v in value)
        if spec.type == "date":
            return show_day(str(value))
        return names.get(str(value), show_number(value))

    def open_amend_dialog(self) -> AmendDialog | None:
        if self.inspection is None or not self.inspection.is_closed:
            return None
        if self.data is not None and self.data.owner is not None:
            return None  # another inspector's acta: read-only
        choices = [
            (f.name, self._label(f), self._value_text(f.name, self.answers.get(f.name)))
            for f, _groups in self.inspection.form.fields()
            if f.type not in (*forms.ANSWERLESS, *inspection_capture.ATTACHMENT_TYPES)
            and self.answers.get(f.name) is not None
        ]
        dialog = AmendDialog(choices, self)
        dialog.requested.connect(self._amend)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.amend_dialog = dialog
        dialog.open()
        return dialog

    def _amend_value(self, field: str, text: str) -> Any:
        assert self.inspection is not None
        spec = self.inspection.form.field(field)
        text = text.strip()
        if spec.type == "date":
            iso = parse_day(text)
            return text if iso is None else iso
        if spec.choices:
            by_label = {(c.label_es or "").lower(): c.name for c in spec.choices} | {
                (c.label_en or "").lower(): c.name for c in spec.choices
            }
            parts = (
                [p.strip() for p in re.split(r"[,;]", text)]
                if spec.type == "select_multiple"
                else [text]
            )
            names = [by_label.get(p.lower(), p) for p in parts if p]
            return names if spec.type == "select_multiple" else (names[0] if names else "")
        return text

    def _amend(self, field: str, text: str, reason: str) -> None:
        dialog = self.amend_dialog
        store, actor, key = self.ctx.store, self._actor, self.inspection_id
        value = self._amend_value(field, text)

        def ok(_id: str) -> None:
            if dialog is not None:
                dialog.accept()
            self.saved.emit("__amendment__")
            self.reload()

        def refused(error: BaseException) -> None:
            if dialog is not None and isinstance(error, Problem):
                dialog.show_error(error.text(self.ctx.lang))
            else:
                messages.show_error(error, self.ctx.lang, self)
            self.failed.emit(str(error))

        self.ctx.runner.run_db(
            lambda: inspection_capture.amend(store, actor, key, field, value, reason),
            self._live(ok),
            self._live(refused),
            changes=AMEND_CHANGES,
        )

    def choose_acta_path(self) -> None:
        folio = (self.data.folio if self.data else "") or self.inspection_id[:8]
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Guardar acta en PDF"),
            f"acta-{folio}.pdf",
            self.tr("Documentos PDF (*.pdf)"),
        )
        if path:
            self.export_acta(Path(path))

    def export_acta(self, path: Path) -> None:
        """Write the acta PDF to ``path`` on the database worker (it reads the store)."""
        store, key, lang = self.ctx.store, self.inspection_id, self.ctx.lang

        def op() -> Path:
            try:
                from desktop.print.acta import write_acta
            except ImportError:
                raise InvalidInput(
                    "El acta en PDF todavía no está disponible en esta versión.",
                    "The acta PDF is not available in this version yet.",
                ) from None
            return Path(write_acta(store, key, path, lang=lang))

        def ok(written: Path) -> None:
            self.banner_label.setText(
                self.banner_label.text().split("\n")[0]
                + "\n"
                + self.tr("Acta guardada en %1").replace("%1", str(written))
            )
            self.saved.emit("__acta__")

        def refused(error: BaseException) -> None:
            messages.show_error(error, self.ctx.lang, self)
            self.failed.emit(str(error))

        self.ctx.runner.run_db(op, self._live(ok), self._live(refused))
