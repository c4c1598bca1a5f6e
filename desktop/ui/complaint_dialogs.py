"""Dialogs of the Denuncias section: desk intake, the receipt (shown once), follow-up by folio.

The dialogs only collect and show; the complaints view runs the use-cases of
:mod:`desktop.core.complaints` on the task runner and feeds results back.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.complaints import DESK_SOURCES, Evidence, FollowupView
from desktop.ui import labels
from desktop.ui.files import read_chosen_file

# A plain name lupdate recognises: translate("context", "source").
translate = QCoreApplication.translate


def kind_labels() -> dict[str, str]:
    """Kinds of complaint, translated."""
    return {
        "corrupcion": translate("complaints", "Corrupción o soborno"),
        "maltrato": translate("complaints", "Maltrato"),
        "inspeccion_irregular": translate("complaints", "Inspección irregular"),
        "riesgo": translate("complaints", "Riesgo en un establecimiento"),
        "otro": translate("complaints", "Otro"),
    }


def status_labels() -> dict[str, str]:
    """Complaint statuses, translated."""
    return {
        "recibida": translate("complaints", "Recibida"),
        "en_investigacion": translate("complaints", "En investigación"),
        "procedente": translate("complaints", "Procedente"),
        "improcedente": translate("complaints", "Improcedente"),
        "turnada": translate("complaints", "Turnada a otra autoridad"),
    }


def source_labels() -> dict[str, str]:
    """Where complaints come from, translated."""
    return {
        "quiosco": translate("complaints", "Quiosco"),
        "ventanilla": translate("complaints", "Ventanilla"),
        "telefono": translate("complaints", "Teléfono"),
        "campo": translate("complaints", "Campo"),
    }


class IntakeDialog(QDialog):
    """A clerk types in a complaint received at the desk, by phone or in the field.

    Signals:
        submitted(dict): keyword arguments for ``complaints.file_complaint``, except that
            ``evidence`` holds the chosen files' paths: :func:`with_evidence_read` reads them.
    """

    submitted = Signal(dict)

    def __init__(
        self,
        inspectors: list[tuple[str, str]],
        businesses: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nueva denuncia"))
        self.evidence: list[Path] = []
        self.kind = QComboBox()
        for code, label in kind_labels().items():
            self.kind.addItem(label, code)
        self.source = QComboBox()
        sources = source_labels()
        for code in DESK_SOURCES:
            self.source.addItem(sources[code], code)
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(self.tr("¿Qué ocurrió?"))
        self.description.setMinimumHeight(90)
        self.date_known = QCheckBox(self.tr("Fecha conocida"))
        self.occurred = QDateEdit(QDate.currentDate())
        self.occurred.setCalendarPopup(True)
        self.occurred.setDisplayFormat("dd/MM/yyyy")
        self.occurred.setEnabled(False)
        self.date_known.toggled.connect(self.occurred.setEnabled)
        when = QHBoxLayout()
        when.addWidget(self.date_known)
        when.addWidget(self.occurred, 1)
        self.location = QLineEdit()
        self.location.setPlaceholderText(self.tr("Calle, colonia o establecimiento"))
        self.inspector = QComboBox()
        self.inspector.addItem(self.tr("(ninguno)"), None)
        for inspector_id, name in inspectors:
            self.inspector.addItem(name, inspector_id)
        self.business = QComboBox()
        self.business.setEditable(True)
        self.business.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.business.addItem(self.tr("(ninguno)"), None)
        for business_id, name in businesses:
            self.business.addItem(name, business_id)
        self.evidence_list = QListWidget()
        self.evidence_list.setMaximumHeight(60)
        self.evidence_button = QPushButton(self.tr("Agregar evidencia…"))
        self.evidence_button.clicked.connect(self._choose_evidence)
        self.anonymous = QCheckBox(self.tr("Denuncia anónima"))
        self.anonymous.setChecked(True)
        self.contact_name = QLineEdit()
        self.contact_phone = QLineEdit()
        self.contact_email = QLineEdit()
        contact = QGroupBox(self.tr("Datos de contacto (sólo los verá quien investigue)"))
        contact_form = QFormLayout(contact)
        contact_form.addRow(self.tr("Nombre:"), self.contact_name)
        contact_form.addRow(self.tr("Teléfono:"), self.contact_phone)
        contact_form.addRow(self.tr("Correo:"), self.contact_email)
        contact.setEnabled(False)
        self.anonymous.toggled.connect(lambda on: contact.setEnabled(not on))
        self.error = QLabel("")
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Tipo:"), self.kind)
        form.addRow(self.tr("Recibida por:"), self.source)
        form.addRow(self.tr("Qué ocurrió:"), self.description)
        form.addRow(self.tr("Cuándo:"), when)
        form.addRow(self.tr("Dónde:"), self.location)
        form.addRow(self.tr("Inspector:"), self.inspector)
        form.addRow(self.tr("Establecimiento:"), self.business)
        form.addRow(self.tr("Evidencia:"), self.evidence_button)
        form.addRow("", self.evidence_list)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(
            self.tr("Registrar denuncia")
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.anonymous)
        layout.addWidget(contact)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(560, 640)

    def add_evidence(self, path: Path) -> None:
        """Attach the file at ``path`` (photo or PDF); it is read when the form is saved."""
        self.evidence.append(path)
        self.evidence_list.addItem(path.name)

    def _choose_evidence(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Evidencia"), "", self.tr("Fotos y documentos (*.jpg *.jpeg *.png *.pdf)")
        )
        for name in names:
            self.add_evidence(Path(name))

    def show_error(self, text: str) -> None:
        self.error.setText(text)

    def fields(self) -> dict[str, Any]:
        """What the form holds, as keyword arguments for ``file_complaint`` (evidence as paths)."""
        occurred = None
        if self.date_known.isChecked():
            occurred = labels.pydate(self.occurred.date())
        business_id = self.business.currentData()
        if self.business.currentText() != self.business.itemText(self.business.currentIndex()):
            business_id = None  # typed text that matches no business
        return {
            "kind": self.kind.currentData(),
            "source": self.source.currentData(),
            "description": self.description.toPlainText(),
            "occurred_at": occurred,
            "location": self.location.text(),
            "inspector_id": self.inspector.currentData(),
            "business_id": business_id,
            "evidence": list(self.evidence),
            "anonymous": self.anonymous.isChecked(),
            "contact_name": self.contact_name.text(),
            "contact_phone": self.contact_phone.text(),
            "contact_email": self.contact_email.text(),
        }

    def _submit(self) -> None:
        self.submitted.emit(self.fields())


def with_evidence_read(fields: dict[str, Any]) -> dict[str, Any]:
    """``IntakeDialog`` fields with the evidence files read; runs on the database worker.

    Raises:
        InvalidInput: an evidence file could not be read.
    """
    evidence = [
        Evidence(
            path.name,
            read_chosen_file(path),
            mimetypes.guess_type(path.name)[0] or "application/octet-stream",
        )
        for path in fields["evidence"]
    ]
    return {**fields, "evidence": evidence}


class ReceiptDialog(QDialog):
    """The folio and the secret follow-up code, shown this once."""

    def __init__(self, folio: str, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Comprobante de denuncia"))
        self.setObjectName("complaintReceipt")
        big = QFont()
        big.setPointSize(20)
        big.setBold(True)
        title = QLabel(self.tr("Denuncia registrada"))
        title.setObjectName("sectionHeading")
        self.folio = QLabel(folio)
        self.code = QLabel(code)
        for label in (self.folio, self.code):
            label.setFont(big)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        warning = QLabel(
            self.tr(
                "Entregue o dicte estos datos a quien denuncia. La clave de seguimiento no se "
                "guarda ni se volverá a mostrar: con el folio y la clave podrá consultar el "
                "estado y la respuesta de la Contraloría."
            )
        )
        warning.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Ya lo anoté"))
        close.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(QLabel(self.tr("Folio:")))
        layout.addWidget(self.folio)
        layout.addWidget(QLabel(self.tr("Clave de seguimiento:")))
        layout.addWidget(self.code)
        layout.addWidget(warning)
        layout.addWidget(close)
        self.setMinimumWidth(460)


class FollowupDialog(QDialog):
    """Folio + code → status and public response (nothing else).

    Signals:
        requested(str, str): folio and code to look up.
    """

    requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Seguimiento de denuncia"))
        self.folio = QLineEdit()
        self.folio.setPlaceholderText("DEN-2026-K7QM-0001")
        self.code = QLineEdit()
        self.code.setPlaceholderText("ABCD-EFGH-JKMN")
        self.ask = QPushButton(self.tr("Consultar"))
        self.ask.setDefault(True)
        self.ask.clicked.connect(lambda: self.requested.emit(self.folio.text(), self.code.text()))
        self.status = QLabel("")
        self.status.setObjectName("sectionHeading")
        self.response = QLabel("")
        self.response.setWordWrap(True)
        self.response.setMinimumHeight(60)
        self.response.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        form = QFormLayout()
        form.addRow(self.tr("Folio:"), self.folio)
        form.addRow(self.tr("Clave de seguimiento:"), self.code)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Cerrar"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.ask, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.status)
        layout.addWidget(self.response, 1)
        layout.addWidget(close)
        self.setMinimumWidth(480)

    def show_result(self, view: FollowupView | None) -> None:
        """Show what the follow-up found (``None``: nothing, without saying why)."""
        if view is None:
            self.status.setText(self.tr("Sin resultados"))
            self.response.setText(
                self.tr("No encontramos una denuncia con ese folio y esa clave. Revise ambos.")
            )
            return
        self.status.setText(
            self.tr("Estado: %1").replace("%1", status_labels().get(view.status, view.status))
        )
        self.response.setText(
            view.public_response
            or self.tr("La Contraloría aún no publica una respuesta para esta denuncia.")
        )

    def show_error(self, text: str) -> None:
        self.status.setText(self.tr("Espere un momento"))
        self.response.setText(text)
