"""Pieces shared by the case-detail dialog and review mode: the inline reason prompt, the
deadline sentence and the workflow transition call.

The reason prompt is inline (not a modal box) so a clerk types the reason and presses Enter
without leaving the keyboard, and so nothing blocks the event loop.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop.core import permits, workflow
from desktop.core.case_detail import CaseDetail
from desktop.store import Actor, Store
from desktop.ui import labels
from desktop.ui.tasks import TaskRunner

translate = QCoreApplication.translate

#: Records a status change writes (the list and the detail refresh on them).
STATUS_CHANGES = frozenset({"permit_cases", "case_status_history"})


def reason_question(target: str) -> str:
    """What the prompt asks for each state that owes a reason."""
    questions = {
        workflow.REQUIERE_DOCUMENTOS: translate("case_widgets", "¿Qué documentos faltan?"),
        workflow.CON_OBSERVACIONES: translate("case_widgets", "¿Qué se observó?"),
        workflow.RECHAZADO: translate("case_widgets", "¿Por qué se rechaza?"),
        workflow.CANCELADO: translate("case_widgets", "¿Por qué se cancela?"),
    }
    return questions.get(target, translate("case_widgets", "Motivo:"))


class ReasonPrompt(QFrame):
    """An inline "why?" line: Enter confirms, Esc cancels.

    Signals:
        confirmed(str, str): the target status and the reason typed.
        cancelled(): the prompt was dismissed.
    """

    confirmed = Signal(str, str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reasonPrompt")
        self._target = ""
        self.question = QLabel()
        self.edit = QLineEdit()
        self.edit.setObjectName("reasonEdit")
        self.edit.setAccessibleName(translate("case_widgets", "Motivo"))
        self.ok_button = QPushButton(translate("case_widgets", "Confirmar (Enter)"))
        self.cancel_button = QPushButton(translate("case_widgets", "Cancelar (Esc)"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.question)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.ok_button)
        layout.addWidget(self.cancel_button)
        self.edit.returnPressed.connect(self.confirm)
        self.ok_button.clicked.connect(self.confirm)
        self.cancel_button.clicked.connect(self.dismiss)
        self.hide()

    @property
    def target(self) -> str:
        return self._target

    def ask(self, target: str) -> None:
        self._target = target
        self.question.setText(f"{labels.status_label(target)} — {reason_question(target)}")
        self.edit.clear()
        self.show()
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def confirm(self) -> None:
        if not self.isVisible():
            return
        self.hide()
        self.confirmed.emit(self._target, self.edit.text())

    def dismiss(self) -> None:
        self.hide()
        self.cancelled.emit()

    def keyPressEvent(self, event: object) -> None:
        from PySide6.QtGui import QKeyEvent

        if isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape:
            self.dismiss()
            event.accept()
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]


def deadline_text(detail: CaseDetail, locale: QLocale) -> str:
    """ "Recibido el …; N días transcurridos; M días hábiles restantes" (or overdue)."""
    n = locale.toString
    received = labels.short_date(locale, labels.qdate(detail.received_date))
    d = detail.deadline
    parts = [
        translate("case_widgets", "Recibido el {date}").format(date=received),
        translate("case_widgets", "{n} días transcurridos").format(n=n(d.days_elapsed)),
    ]
    if detail.due_date is not None:
        due = labels.short_date(locale, labels.qdate(detail.due_date))
        parts.append(translate("case_widgets", "fecha límite {date}").format(date=due))
    if d.clock_stopped:
        parts.append(translate("case_widgets", "plazo concluido"))
    elif d.business_days_left is None:
        parts.append(translate("case_widgets", "sin plazo definido"))
    elif d.overdue:
        parts.append(
            translate("case_widgets", "VENCIDO hace {n} días hábiles").format(
                n=n(-d.business_days_left)
            )
        )
    else:
        parts.append(
            translate("case_widgets", "{n} días hábiles restantes").format(
                n=n(d.business_days_left)
            )
        )
    return " · ".join(parts)


def show_deadline(label: QLabel, detail: CaseDetail, locale: QLocale) -> None:
    """Put :func:`deadline_text` in ``label``, in red when the case is overdue."""
    label.setText(deadline_text(detail, locale))
    label.setStyleSheet("color: #b3261e;" if detail.deadline.overdue else "")


def change_status(
    runner: TaskRunner,
    store: Store,
    actor: Actor,
    case_id: str,
    target: str,
    reason: str | None,
    on_success: Callable[[object], None],
    on_failure: Callable[[BaseException], None],
) -> None:
    """Move one case on the database worker; the core refuses what the workflow forbids."""
    runner.run_db(
        lambda: permits.change_status(store, actor, case_id, target, reason),
        on_success,
        on_failure,
        changes=STATUS_CHANGES,
    )
