"""The kiosk's screens: idle, verdict, rating, complaint, receipt, thanks and the PIN unlock.

Touch-sized and readable from a metre away: text of 28 px and more, the verdict headline at
88 px, buttons at least 96 px tall. The screens only show things and emit what the person chose;
``desktop.ui.kiosk.KioskWindow`` runs the flow and the database work.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.core import verification as v
from desktop.core.kiosk_intake import COMPLAINT_KINDS, ComplaintReceipt, ScanOutcome
from desktop.ui.camera import PreviewWidget

# Verdict colours: green only for valid; red for what must not be trusted; amber and slate for
# the two cases where the person should ask for help.
VERDICT_COLOURS = {
    v.VALID: "#1b7f3b",
    v.SUSPENDED_OR_REVOKED: "#b3261e",
    v.EXPIRED: "#c25400",
    v.NOT_ISSUED: "#8e0f0f",
    v.CANNOT_CONFIRM: "#44546a",
}

LONG_HEADLINE = 12  # characters; longer verdict headlines are set smaller

KIOSK_QSS = """
QWidget#kiosk { background: #f4f6f8; }
QWidget#kiosk QLabel { color: #15202b; font-size: 30px; }
QWidget#kiosk QLabel#kioskTitle { font-size: 56px; font-weight: 700; color: #0b3d6e; }
QWidget#kiosk QLabel#kioskInstruction { font-size: 48px; font-weight: 600; }
QWidget#kiosk QLabel#kioskAge { font-size: 30px; color: #33414f; }
QWidget#kiosk QLabel#kioskAge[stale="true"] { color: #b3261e; font-weight: 700; }
QWidget#kiosk QLabel#kioskStatus { font-size: 28px; color: #b3261e; font-weight: 700; }
QWidget#kiosk QLabel#verdictHeadline { font-size: 88px; font-weight: 800; color: white; }
QWidget#kiosk QLabel#verdictHeadline[long="true"] { font-size: 60px; }
QWidget#kiosk QLabel#verdictReason { font-size: 34px; color: white; }
QWidget#kiosk QLabel#inspectorName { font-size: 52px; font-weight: 700; }
QWidget#kiosk QLabel#inspectorDepartment { font-size: 38px; color: #0b3d6e; font-weight: 600; }
QWidget#kiosk QLabel#inspectorPhoto { background: #dfe3e8; color: #55606b; font-size: 28px;
    border: 3px solid #0b3d6e; }
QWidget#kiosk QLabel#screenTitle { font-size: 52px; font-weight: 700; color: #0b3d6e; }
QWidget#kiosk QLabel#folio, QWidget#kiosk QLabel#followupCode { font-size: 72px;
    font-weight: 800; font-family: "DejaVu Sans Mono", monospace; color: #15202b; }
QWidget#kiosk QLabel#kioskError { color: #b3261e; font-weight: 700; }
QWidget#kiosk QPushButton { font-size: 36px; min-height: 100px; padding: 8px 28px;
    border-radius: 14px; background: #0b3d6e; color: white; border: none; }
QWidget#kiosk QPushButton:disabled { background: #9aa5b1; }
QWidget#kiosk QPushButton#secondary { background: #dfe3e8; color: #15202b; }
QWidget#kiosk QPushButton#danger { background: #b3261e; }
QWidget#kiosk QPushButton#admin { font-size: 22px; min-height: 48px; background: transparent;
    color: #7a8794; }
QWidget#kiosk QPushButton#choice { background: white; color: #15202b;
    border: 3px solid #9aa5b1; min-height: 80px; }
QWidget#kiosk QPushButton#choice:checked { background: #f2b705; border-color: #8a6800; }
QWidget#kiosk QPushButton#star { font-size: 44px; min-width: 110px; min-height: 84px;
    background: white; color: #15202b; border: 3px solid #9aa5b1; }
QWidget#kiosk QPushButton#pad { font-size: 40px; min-height: 72px; background: #dfe3e8;
    color: #15202b; }
QWidget#kiosk QPushButton#star:checked { background: #f2b705; border-color: #8a6800; }
QWidget#kiosk QLineEdit, QWidget#kiosk QPlainTextEdit { font-size: 32px; padding: 10px;
    background: white; border: 2px solid #9aa5b1; border-radius: 8px; }
"""


def _label(text: str, name: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    return label


def _button(text: str, name: str = "") -> QPushButton:
    button = QPushButton(text)
    if name:
        button.setObjectName(name)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Enter belongs to the wedge reader
    return button


class IdleScreen(QWidget):
    """Instructions, the live camera picture and the registry's age.

    Signals:
        admin_requested(): the discreet "Administración" button was pressed.
    """

    admin_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _label(self.tr("Verifica y Califica"), "kioskTitle")
        self.instruction = _label(
            self.tr("Acerque la credencial del inspector a la cámara"), "kioskInstruction"
        )
        self.preview = PreviewWidget()
        self.status = _label("", "kioskStatus")
        self.status.hide()
        self.age = _label("", "kioskAge")
        self.admin_button = _button(self.tr("Administración"), "admin")
        self.admin_button.clicked.connect(self.admin_requested)
        for label in (self.title, self.instruction):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 16)
        layout.setSpacing(18)
        layout.addWidget(self.title)
        layout.addWidget(self.instruction)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status)
        footer = QHBoxLayout()
        footer.addWidget(self.age, 1)
        footer.addWidget(self.admin_button)
        layout.addLayout(footer)

    def set_camera_problem(self, text: str) -> None:
        """Show (or, with an empty text, hide) that the camera is not delivering."""
        self.status.setText(text)
        self.status.setVisible(bool(text))
        if text:
            self.preview.show_message(text)


class VerdictScreen(QWidget):
    """The verdict: colour, huge headline, reason, photo, name and department, then choices.

    Signals:
        rate(): "Califica el servicio". complain(): "Denunciar". done(): "Terminar".
    """

    rate = Signal()
    complain = Signal()
    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = QFrame()
        self.banner.setObjectName("verdictBanner")
        self.headline = _label("", "verdictHeadline")
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reason = _label("", "verdictReason")
        self.reason.setAlignment(Qt.AlignmentFlag.AlignCenter)
        banner_layout = QVBoxLayout(self.banner)
        banner_layout.setContentsMargins(32, 24, 32, 24)
        banner_layout.addWidget(self.headline)
        banner_layout.addWidget(self.reason)

        self.photo = _label("", "inspectorPhoto")
        self.photo.setFixedSize(240, 300)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name = _label("", "inspectorName")
        self.department = _label("", "inspectorDepartment")
        self.position = _label("")
        self.age = _label("", "kioskAge")
        details = QVBoxLayout()
        details.addWidget(self.name)
        details.addWidget(self.department)
        details.addWidget(self.position)
        details.addStretch(1)
        details.addWidget(self.age)
        person = QHBoxLayout()
        person.setSpacing(32)
        person.addWidget(self.photo)
        person.addLayout(details, 1)

        self.rate_button = _button(self.tr("Califica el servicio"))
        self.complain_button = _button(self.tr("Denunciar"), "danger")
        self.done_button = _button(self.tr("Terminar"), "secondary")
        self.rate_button.clicked.connect(self.rate)
        self.complain_button.clicked.connect(self.complain)
        self.done_button.clicked.connect(self.done)
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        buttons.addWidget(self.rate_button, 2)
        buttons.addWidget(self.complain_button, 2)
        buttons.addWidget(self.done_button, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 24)
        layout.setSpacing(24)
        layout.addWidget(self.banner)
        body = QVBoxLayout()
        body.setContentsMargins(48, 0, 48, 0)
        body.setSpacing(24)
        body.addLayout(person, 1)
        body.addLayout(buttons)
        layout.addLayout(body, 1)
        self.kind = ""

    def headline_for(self, kind: str) -> str:
        return {
            v.VALID: self.tr("VÁLIDA"),
            v.SUSPENDED_OR_REVOKED: self.tr("SUSPENDIDA O REVOCADA"),
            v.EXPIRED: self.tr("VENCIDA"),
            v.NOT_ISSUED: self.tr("NO ES UNA CREDENCIAL DEL MUNICIPIO"),
            v.CANNOT_CONFIRM: self.tr("NO SE PUEDE CONFIRMAR"),
        }[kind]

    def show_outcome(self, outcome: ScanOutcome, lang: str, age_text: str) -> None:
        verdict = outcome.verdict
        self.kind = verdict.kind
        colour = VERDICT_COLOURS[verdict.kind]
        self.banner.setStyleSheet(f"QFrame#verdictBanner {{ background: {colour}; }}")
        headline = self.headline_for(verdict.kind)
        self.headline.setText(headline)
        # Long headlines get a smaller size so the verdict screen fits 1366x768.
        self.headline.setProperty("long", "true" if len(headline) > LONG_HEADLINE else "false")
        self.headline.style().unpolish(self.headline)
        self.headline.style().polish(self.headline)
        self.reason.setText(verdict.reason(lang))
        inspector = verdict.inspector
        for widget in (self.photo, self.name, self.department):
            widget.setVisible(inspector is not None)
        self.rate_button.setVisible(inspector is not None)
        if inspector is not None:
            self.name.setText(inspector.full_name)
            self.department.setText(inspector.department)
            self.position.setText(inspector.position)
            pixmap = QPixmap()
            if outcome.photo is not None and pixmap.loadFromData(outcome.photo):
                self.photo.setPixmap(
                    pixmap.scaled(
                        self.photo.size(),
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
            else:
                self.photo.setPixmap(QPixmap())
                self.photo.setText(self.tr("Fotografía no disponible en este equipo"))
        else:
            self.name.setText("")
            self.department.setText("")
            self.position.setText(
                self.tr(
                    "No confíe en esta credencial. Si alguien la presentó como inspector, "
                    "puede denunciarlo aquí."
                )
                if verdict.kind == v.NOT_ISSUED
                else ""
            )
        self.age.setText(age_text)


class StarRow(QWidget):
    """One aspect to rate: a label and five big, exclusive star buttons."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = _label(title, wrap=False)
        label.setMinimumWidth(260)
        layout.addWidget(label)
        self.buttons: list[QPushButton] = []
        for stars in range(1, 6):
            button = _button("★" * stars if stars == 1 else f"{stars} ★", "star")
            button.setCheckable(True)
            self.group.addButton(button, stars)
            self.buttons.append(button)
            layout.addWidget(button)
        layout.addStretch(1)

    @property
    def value(self) -> int | None:
        chosen = self.group.checkedId()
        return chosen if chosen > 0 else None

    def clear(self) -> None:
        self.group.setExclusive(False)
        for button in self.buttons:
            button.setChecked(False)
        self.group.setExclusive(True)


class RatingScreen(QWidget):
    """Speed, attention and service, 1 to 5 stars each, and an optional comment.

    Signals:
        submitted(int, int, int, str): speed, attention, service, comment. cancelled().
    """

    submitted = Signal(int, int, int, str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.speed = StarRow(self.tr("Rapidez"))
        self.attention = StarRow(self.tr("Atención"))
        self.service = StarRow(self.tr("Servicio"))
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(self.tr("Comentario (opcional)"))
        self.comment.setMaxLength(1000)
        self.send_button = _button(self.tr("Enviar calificación"))
        self.cancel_button = _button(self.tr("Cancelar"), "secondary")
        self.send_button.setEnabled(False)
        for row in (self.speed, self.attention, self.service):
            row.group.idClicked.connect(self._update)
        self.send_button.clicked.connect(self._submit)
        self.cancel_button.clicked.connect(self.cancelled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 20, 48, 20)
        layout.setSpacing(14)
        layout.addWidget(_label(self.tr("Califica el servicio"), "screenTitle"))
        layout.addWidget(_label(self.tr("Toque de 1 a 5 estrellas en cada renglón.")))
        for row in (self.speed, self.attention, self.service):
            layout.addWidget(row)
        layout.addWidget(self.comment)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.send_button, 2)
        buttons.addWidget(self.cancel_button, 1)
        layout.addLayout(buttons)

    def reset(self) -> None:
        for row in (self.speed, self.attention, self.service):
            row.clear()
        self.comment.clear()
        self._update()

    def _update(self) -> None:
        self.send_button.setEnabled(
            all(r.value for r in (self.speed, self.attention, self.service))
        )

    def _submit(self) -> None:
        values = (self.speed.value, self.attention.value, self.service.value)
        if all(values):
            s, a, v_ = (int(x or 0) for x in values)
            self.submitted.emit(s, a, v_, self.comment.text())


class ComplaintScreen(QWidget):
    """A short complaint tied to the verification: kind, what happened, anonymous or not.

    Signals:
        submitted(dict): the fields for ``kiosk_intake.file_complaint``. cancelled().
    """

    submitted = Signal(dict)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        kind_labels = {
            "corrupcion": self.tr("Corrupción o soborno"),
            "maltrato": self.tr("Maltrato"),
            "inspeccion_irregular": self.tr("Inspección irregular"),
            "otro": self.tr("Otro"),
        }
        assert set(kind_labels) == set(COMPLAINT_KINDS)
        self.kinds = QButtonGroup(self)
        self.kind_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(16)
        for i, (code, text) in enumerate(kind_labels.items()):
            button = _button(text, "choice")
            button.setCheckable(True)
            self.kinds.addButton(button, i)
            self.kind_buttons[code] = button
            grid.addWidget(button, i // 2, i % 2)
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(self.tr("¿Qué ocurrió? Escriba lo esencial."))
        self.description.setMinimumHeight(96)
        self.anonymous_button = _button(self.tr("Denuncia anónima"), "choice")
        self.contact_button = _button(self.tr("Dejar mis datos"), "choice")
        privacy = QButtonGroup(self)
        for button in (self.anonymous_button, self.contact_button):
            button.setCheckable(True)
            privacy.addButton(button)
        self.anonymous_button.setChecked(True)
        self.contact_name = QLineEdit()
        self.contact_name.setPlaceholderText(self.tr("Nombre"))
        self.contact_phone = QLineEdit()
        self.contact_phone.setPlaceholderText(self.tr("Teléfono"))
        self.contact_email = QLineEdit()
        self.contact_email.setPlaceholderText(self.tr("Correo electrónico"))
        self.contact = QWidget()
        contact_layout = QHBoxLayout(self.contact)
        contact_layout.setContentsMargins(0, 0, 0, 0)
        for field in (self.contact_name, self.contact_phone, self.contact_email):
            contact_layout.addWidget(field)
        self.contact.hide()
        self.contact_button.toggled.connect(self.contact.setVisible)
        self.error = _label("", "kioskError")
        self.send_button = _button(self.tr("Enviar denuncia"), "danger")
        self.cancel_button = _button(self.tr("Cancelar"), "secondary")
        self.send_button.clicked.connect(self._submit)
        self.cancel_button.clicked.connect(self.cancelled)

        self.error.hide()  # shown with a message only: the screen must fit 768 px
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 16, 48, 16)
        layout.setSpacing(10)
        # Title, note and error share one row so the form (with contact fields) fits 768 px.
        self.note = _label(self.tr("Su denuncia llega sólo a la Contraloría municipal."))
        header = QHBoxLayout()
        header.setSpacing(32)
        header.addWidget(_label(self.tr("Denunciar"), "screenTitle", wrap=False))
        header.addWidget(self.note, 1)
        header.addWidget(self.error, 1)
        layout.addLayout(header)
        layout.addLayout(grid)
        layout.addWidget(self.description, 1)
        privacy_row = QHBoxLayout()
        privacy_row.addWidget(self.anonymous_button)
        privacy_row.addWidget(self.contact_button)
        layout.addLayout(privacy_row)
        layout.addWidget(self.contact)
        buttons = QHBoxLayout()
        buttons.addWidget(self.send_button, 2)
        buttons.addWidget(self.cancel_button, 1)
        layout.addLayout(buttons)

    def reset(self) -> None:
        self.kinds.setExclusive(False)
        for button in self.kind_buttons.values():
            button.setChecked(False)
        self.kinds.setExclusive(True)
        self.description.clear()
        self.anonymous_button.setChecked(True)
        for field in (self.contact_name, self.contact_phone, self.contact_email):
            field.clear()
        self.show_error("")

    def chosen_kind(self) -> str | None:
        for code, button in self.kind_buttons.items():
            if button.isChecked():
                return code
        return None

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.note.setVisible(not text)

    def _submit(self) -> None:
        kind = self.chosen_kind()
        if kind is None:
            self.show_error(self.tr("Elija el tipo de denuncia."))
            return
        self.submitted.emit(
            {
                "kind": kind,
                "description": self.description.toPlainText(),
                "anonymous": self.anonymous_button.isChecked(),
                "contact_name": self.contact_name.text(),
                "contact_phone": self.contact_phone.text(),
                "contact_email": self.contact_email.text(),
            }
        )


class ReceiptScreen(QWidget):
    """The complaint's folio and follow-up code, shown once.

    Signals:
        done(): "Terminar".
    """

    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folio = _label("", "folio", wrap=False)
        self.code = _label("", "followupCode", wrap=False)
        for label in (self.folio, self.code):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        done = _button(self.tr("Terminar"))
        done.clicked.connect(self.done)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 40, 48, 24)
        layout.setSpacing(18)
        layout.addWidget(_label(self.tr("Denuncia recibida"), "screenTitle"))
        layout.addWidget(_label(self.tr("Folio de su denuncia:")))
        layout.addWidget(self.folio)
        layout.addWidget(_label(self.tr("Código de seguimiento (secreto):")))
        layout.addWidget(self.code)
        layout.addWidget(
            _label(
                self.tr(
                    "Anote o fotografíe estos datos ahora: el código no se volverá a "
                    "mostrar. Con el folio y el código puede consultar su denuncia."
                )
            )
        )
        layout.addStretch(1)
        layout.addWidget(done)

    def show_receipt(self, receipt: ComplaintReceipt) -> None:
        self.folio.setText(receipt.folio)
        self.code.setText(receipt.followup_code)

    def clear(self) -> None:
        """Forget the code (it must not stay on screen, nor in memory, once the person left)."""
        self.folio.clear()
        self.code.clear()


class MessageScreen(QWidget):
    """A short message (thanks) with a button back to the start.

    Signals:
        done(): "Terminar".
    """

    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _label("", "screenTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = _label("")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        done = _button(self.tr("Terminar"))
        done.clicked.connect(self.done)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 40, 48, 24)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addStretch(1)
        layout.addWidget(done)


class UnlockScreen(QWidget):
    """The administrator PIN pad that leaves kiosk mode.

    Signals:
        unlock(str): the PIN typed. cancelled().
    """

    unlock = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.pin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.error = _label("", "kioskError")
        pad = QGridLayout()
        pad.setSpacing(12)
        for i, digit in enumerate("123456789"):
            button = _button(digit, "pad")
            button.clicked.connect(lambda _=False, d=digit: self.pin.insert(d))
            pad.addWidget(button, i // 3, i % 3)
        clear = _button(self.tr("Borrar"), "pad")
        clear.clicked.connect(self.pin.clear)
        zero = _button("0", "pad")
        zero.clicked.connect(lambda: self.pin.insert("0"))
        pad.addWidget(clear, 3, 0)
        pad.addWidget(zero, 3, 1)
        self.unlock_button = _button(self.tr("Salir del quiosco"), "danger")
        self.unlock_button.clicked.connect(lambda: self.unlock.emit(self.pin.text()))
        self.pin.returnPressed.connect(lambda: self.unlock.emit(self.pin.text()))
        cancel = _button(self.tr("Cancelar"))
        cancel.clicked.connect(self.cancelled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(200, 20, 200, 20)
        layout.addWidget(_label(self.tr("NIP de administrador"), "screenTitle"))
        layout.addWidget(self.pin)
        layout.addWidget(self.error)
        layout.addLayout(pad)
        row = QHBoxLayout()
        row.addWidget(self.unlock_button)
        row.addWidget(cancel)
        layout.addLayout(row)

    def reset(self) -> None:
        self.pin.clear()
        self.error.clear()
