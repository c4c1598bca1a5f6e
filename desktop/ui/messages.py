"""Showing failures to a person: expected problems as they are, bugs as a short apology.

STYLE.md point 10: a :class:`~desktop.errors.Problem` already carries a plain message and what to
do next, so it is shown unchanged; any other exception is a bug, logged with its traceback, and
the user sees an apology that says the data is safe. Message boxes here never block (``open()``,
not ``exec()``), so a failure inside a callback cannot stall the event loop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.errors import Problem

log = logging.getLogger(__name__)

# A plain name lupdate recognises: translate("context", "source").
translate = QCoreApplication.translate

# What run_db/run call with a failed job's exception (desktop.ui.tasks uses the same alias).
FailureHandler = Callable[[BaseException], None]

# Parentless boxes must stay referenced until closed, or Python would destroy them at once.
_keep_alive: set[QMessageBox] = set()


def problem_title() -> str:
    return translate("messages", "No se pudo completar")


def bug_text() -> str:
    return translate(
        "messages",
        "Ocurrió un error inesperado en Verifica. Sus datos están a salvo: lo que ya se "
        "guardó no se perdió.\nEl detalle quedó en el registro de la aplicación; si vuelve a "
        "ocurrir, avise a soporte técnico.",
    )


def _show(icon: QMessageBox.Icon, title: str, text: str, parent: QWidget | None) -> QMessageBox:
    parent = parent or QApplication.activeWindow()
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorMessage")
    if parent is None:
        _keep_alive.add(box)
        box.finished.connect(lambda _result: _keep_alive.discard(box))
    box.open()
    return box


def log_bug(error: BaseException, tb: TracebackType | None = None) -> None:
    """Write a bug's traceback to the log."""
    log.error(
        "Unexpected error (bug)",
        exc_info=(type(error), error, tb if tb is not None else error.__traceback__),
    )


def show_error(error: BaseException, lang: str, parent: QWidget | None = None) -> QMessageBox:
    """Show ``error`` without blocking: a Problem as it is, anything else as a logged bug."""
    if isinstance(error, Problem):
        return _show(QMessageBox.Icon.Warning, problem_title(), error.text(lang), parent)
    log_bug(error)
    return show_bug_apology(parent)


def show_bug_apology(parent: QWidget | None = None) -> QMessageBox:
    """The short apology for an unexpected error (the traceback is already logged)."""
    return _show(
        QMessageBox.Icon.Critical, translate("messages", "Error inesperado"), bug_text(), parent
    )


def failure_handler(
    show: Callable[[str], None], lang: str, parent: QWidget | None = None
) -> FailureHandler:
    """A failure handler for ``run_db``/``run`` that shows a Problem in the screen itself.

    Args:
        show: puts a Problem's text where the person is looking (a label, the dialog's error
            line); it is only called for a :class:`~desktop.errors.Problem`.
        lang: the language of the Problem's text.
        parent: the window any other error's apology is shown over (``None``: the active one).

    Returns:
        The handler: a Problem goes to ``show``, anything else to :func:`show_error`.
    """

    def handle(error: BaseException) -> None:
        if isinstance(error, Problem):
            show(error.text(lang))
        else:
            show_error(error, lang, parent)

    return handle
