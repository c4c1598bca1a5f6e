"""Review mode: go through the current filtered queue one case at a time, without the mouse.

J / → next, K / ← previous, one key per frequent decision (the key map is always on screen),
Enter opens the full detail, Esc closes. A decision that owes a reason opens the inline prompt
(Enter confirms); after a decision the queue moves to the next case.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from desktop.core import workflow
from desktop.core.case_detail import CaseDetail, case_detail
from desktop.store import Actor, Store
from desktop.ui import labels, messages
from desktop.ui.case_widgets import ReasonPrompt, change_status, show_deadline
from desktop.ui.tasks import TaskRunner

#: One key per frequent decision.
DECISION_KEYS: dict[Qt.Key, str] = {
    Qt.Key.Key_R: workflow.EN_REVISION,
    Qt.Key.Key_D: workflow.REQUIERE_DOCUMENTOS,
    Qt.Key.Key_P: workflow.INSPECCION_PROGRAMADA,
    Qt.Key.Key_I: workflow.INSPECCIONADO,
    Qt.Key.Key_A: workflow.APROBADO,
    Qt.Key.Key_O: workflow.CON_OBSERVACIONES,
    Qt.Key.Key_X: workflow.RECHAZADO,
    Qt.Key.Key_C: workflow.CANCELADO,
}
KEY_NAMES: dict[Qt.Key, str] = {
    Qt.Key.Key_R: "R", Qt.Key.Key_D: "D", Qt.Key.Key_P: "P", Qt.Key.Key_I: "I",
    Qt.Key.Key_A: "A", Qt.Key.Key_O: "O", Qt.Key.Key_X: "X", Qt.Key.Key_C: "C",
}  # fmt: skip
NEXT_KEYS = frozenset({Qt.Key.Key_J, Qt.Key.Key_Right, Qt.Key.Key_Down})
PREVIOUS_KEYS = frozenset({Qt.Key.Key_K, Qt.Key.Key_Left, Qt.Key.Key_Up})


class ReviewDialog(QDialog):
    """A focused screen over a queue of cases (their rowids, in list order).

    Signals:
        shown(object): a case is on screen; carries its :class:`CaseDetail`.
        decided(str): a decision was written; carries the target status.
        failed(str): a decision was refused; carries the message shown.
    """

    shown = Signal(object)
    decided = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        store: Store,
        runner: TaskRunner,
        rowids: list[int],
        start: int = 0,
        *,
        actor: Actor | None = None,
        lang: str = "es",
        locale: QLocale | None = None,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._runner = runner
        self._rowids = list(rowids)
        self.position = min(max(start, 0), max(len(rowids) - 1, 0))
        self._actor = actor
        self._lang = lang
        self._locale = locale or QLocale()
        self._today = today
        self.detail: CaseDetail | None = None
        self._detail_dialog: QWidget | None = None
        self.setObjectName("reviewDialog")
        self.setWindowTitle(self.tr("Modo revisión"))
        self.resize(820, 560)

        self.position_label = QLabel()
        self.position_label.setObjectName("reviewPosition")
        self.title = QLabel()
        self.title.setObjectName("sectionHeading")
        self.title.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setObjectName("reviewStatus")
        self.deadline_label = QLabel()
        self.deadline_label.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setObjectName("reviewFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.allowed_label = QLabel()
        self.allowed_label.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("errorLabel")
        self.message.setWordWrap(True)
        self.reason_prompt = ReasonPrompt(self)
        self.reason_prompt.confirmed.connect(self.decide_with_reason)
        self.reason_prompt.cancelled.connect(lambda: self.setFocus())
        self.key_map = QLabel(self._key_map_text())
        self.key_map.setObjectName("reviewKeyMap")
        self.key_map.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(self.position_label)
        layout.addWidget(self.title)
        layout.addWidget(self.status_label)
        layout.addWidget(self.deadline_label)
        layout.addWidget(self.facts)
        layout.addStretch(1)
        layout.addWidget(self.allowed_label)
        layout.addWidget(self.reason_prompt)
        layout.addWidget(self.message)
        layout.addWidget(self.key_map)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.load()

    # -- own API -------------------------------------------------------------------------

    @property
    def rowids(self) -> list[int]:
        return self._rowids

    def load(self) -> None:
        """Read the case at the current position on the database worker."""
        if not self._rowids:
            return
        store, key, today = self._store, self._rowids[self.position], self._today
        self._runner.run_db(lambda: case_detail(store.db, key, today=today), self._show)

    def next(self) -> None:
        if self.position < len(self._rowids) - 1:
            self.position += 1
            self.load()
        else:
            self.message.setText(self.tr("Fin de la cola: no hay más expedientes."))

    def previous(self) -> None:
        if self.position > 0:
            self.position -= 1
            self.load()

    def decide(self, target: str) -> None:
        """Apply a decision key: ask the reason first where one is owed."""
        if self.detail is None or self._actor is None:
            return
        if target not in self.detail.allowed_targets:
            names = labels.status_labels()
            self._refused_text(
                self.tr("Desde «{src}» no se puede pasar a «{dst}».").format(
                    src=names[self.detail.status], dst=names[target]
                )
            )
            return
        if target in workflow.REASON_REQUIRED:
            self.reason_prompt.ask(target)
        else:
            self.decide_with_reason(target, "")

    def decide_with_reason(self, target: str, reason: str) -> None:
        if self.detail is None or self._actor is None:
            return
        self.setFocus()
        change_status(
            self._runner, self._store, self._actor, self.detail.id, target, reason,
            lambda _case: self._decided(target), self._refused,
        )  # fmt: skip

    # -- Qt overrides --------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        modified = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if self.reason_prompt.isVisible() or modified:
            super().keyPressEvent(event)
            return
        if key in NEXT_KEYS:
            self.next()
        elif key in PREVIOUS_KEYS:
            self.previous()
        elif key in DECISION_KEYS:
            self.decide(DECISION_KEYS[Qt.Key(key)])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._open_detail()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # -- internals -----------------------------------------------------------------------

    def _key_map_text(self) -> str:
        names = labels.status_labels()
        pairs = [f"{KEY_NAMES[k]} {names[s]}" for k, s in DECISION_KEYS.items()]
        decisions = "   ".join(pairs[:4]) + "\n" + "   ".join(pairs[4:])
        return self.tr(
            "J/→ siguiente   K/← anterior   Enter detalle   Esc salir\n{decisions}"
        ).format(decisions=decisions)

    def _show(self, detail: CaseDetail) -> None:
        self.detail = detail
        n = self._locale.toString
        b = detail.business
        self.position_label.setText(
            self.tr("Expediente {i} de {total}").format(
                i=n(self.position + 1), total=n(len(self._rowids))
            )
        )
        self.title.setText(f"{detail.folio} — {b.get('name', '')}")
        self.status_label.setText(labels.status_label(detail.status))
        show_deadline(self.deadline_label, detail, self._locale)
        missing = [d.name for d in detail.documents if d.mandatory and not d.received]
        lines = [
            self.tr("Titular: {v}").format(v=b.get("owner_name") or "—"),
            self.tr("Domicilio: {v}, {c}").format(
                v=b.get("address") or "—", c=b.get("colonia") or "—"
            ),
            self.tr("Giro: {code} {desc} · riesgo {risk}").format(
                code=b.get("scian_code", ""), desc=b.get("scian_description", ""),
                risk=b.get("risk_level", ""),
            ),
            self.tr("Asignado a: {v}").format(v=detail.assignee or self.tr("Sin asignar")),
            self.tr("Faltan: {v}").format(v=", ".join(missing))
            if missing
            else self.tr("Documentos obligatorios completos."),
        ]  # fmt: skip
        if detail.history:
            last = detail.history[-1]
            lines.append(
                self.tr("Último cambio: {when} {who} {why}").format(
                    when=last.at[:10], who=last.user or self.tr("Sistema"),
                    why=f"— {last.reason}" if last.reason else "",
                ).strip()
            )  # fmt: skip
        self.facts.setText("\n".join(lines))
        names = labels.status_labels()
        allowed = [
            f"{KEY_NAMES[k]} {names[s]}" for k, s in DECISION_KEYS.items()
            if s in detail.allowed_targets
        ]  # fmt: skip
        self.allowed_label.setText(
            self.tr("Decisiones posibles: {keys}").format(keys=", ".join(allowed))
            if allowed
            else self.tr("Este expediente está en un estado final.")
        )
        self.message.clear()
        self.shown.emit(detail)

    def _decided(self, target: str) -> None:
        self.decided.emit(target)
        if self.position < len(self._rowids) - 1:
            self.position += 1
        self.load()

    def _refused(self, error: BaseException) -> None:
        messages.failure_handler(self._refused_text, self._lang, self)(error)

    def _refused_text(self, text: str) -> None:
        self.message.setText(text)
        self.failed.emit(text)

    def _open_detail(self) -> None:
        if self.detail is None:
            return
        from desktop.ui.case_detail_dialog import CaseDetailDialog

        dialog = CaseDetailDialog(
            self._store, self._runner, self.detail.rowid, actor=self._actor, lang=self._lang,
            locale=self._locale, today=self._today, parent=self,
        )  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self._detail_dialog = dialog
