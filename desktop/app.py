"""Wires the desktop app together: Qt application, translations, store, task runner, windows.

This is the only module that knows every piece (DESIGN.md §3). It creates each object once and
passes it to whoever needs it; there are no global singletons. The order is: application and
translators, then the store (a refused data folder is shown and the app exits with code 2 without
changing anything), then the sign-in dialog, then the main window.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop import __version__
from desktop.errors import Problem
from desktop.paths import APP_AUTHOR, APP_NAME
from desktop.store import open_store
from desktop.ui import messages
from desktop.ui.login import LoginDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_PROBLEM = 2

LANGUAGES = ("es", "en")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def resource_path(*parts: str) -> Path:
    """Path of a file under ``resources/``, from a checkout or from a frozen build.

    PyInstaller unpacks (or, for a folder build, places) data files under ``sys._MEIPASS``;
    ``build.spec`` must put the ``resources`` folder at that root. From a checkout the folder
    sits next to the ``desktop`` package.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    root = Path(frozen_root) if frozen_root else Path(__file__).resolve().parent.parent
    return root.joinpath("resources", *parts)


def locale_for(lang: str) -> QLocale:
    """The locale used for numbers and dates: es-MX, or US English."""
    return QLocale("en_US") if lang.startswith("en") else QLocale("es_MX")


def install_translators(
    app: QCoreApplication, lang: str, qm_dir: Path | None = None
) -> list[QTranslator]:
    """Install Qt's own Spanish strings (standard buttons) or our English translation.

    Source strings are es-MX, so Spanish needs only Qt's ``qtbase_es``; English needs our
    ``verifica_en.qm`` (built by ``tools/update_translations.py``). The returned translators
    must be kept alive while installed; pass them to :func:`remove_translators` to undo.
    """
    installed: list[QTranslator] = []
    if lang.startswith("en"):
        ours = QTranslator(app)
        folder = qm_dir or resource_path("translations")
        if ours.load("verifica_en", str(folder)):
            app.installTranslator(ours)
            installed.append(ours)
        else:
            log.warning(
                "English translation not found in %s; build it with "
                "'python tools/update_translations.py --release'. Showing Spanish.",
                folder,
            )
    else:
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qtbase = QTranslator(app)
        if qtbase.load("qtbase_es", qt_dir):
            app.installTranslator(qtbase)
            installed.append(qtbase)
        else:
            log.info("Qt's Spanish translation (qtbase_es) not found in %s", qt_dir)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)


def load_style_sheet() -> str:
    path = resource_path("styles", "verifica.qss")
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        log.info("No style sheet at %s; using the platform style", path)
        return ""


def application() -> QApplication:
    """The QApplication, created with Verifica's names if it does not exist yet."""
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "verifica"])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName(APP_NAME)
    return app


def show_startup_problem(problem: Problem, lang: str) -> None:
    """A refused data folder, before any window exists: a blocking critical dialog."""
    QMessageBox.critical(
        None,
        QCoreApplication.translate("app", "Verifica no puede abrir la carpeta de datos"),
        problem.text(lang),
    )


def _log_handler(data_dir: Path) -> logging.Handler | None:
    """A rotating log file in the data folder, where support will look for it."""
    try:
        folder = data_dir / "logs"
        folder.mkdir(exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / "verifica.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    )
    return handler


def make_excepthook(lang: str, previous: ExceptHook) -> ExceptHook:
    """A hook for exceptions escaping Qt callbacks: log the bug, apologise, keep running.

    Data is never discarded here: every write is its own committed transaction, and the window
    stays open so the person can carry on or quit normally.
    """

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        try:
            if isinstance(exc, Problem):
                messages.show_error(exc, lang)
            else:
                messages.log_bug(exc, tb)
                messages.show_bug_apology()
        except Exception:  # the hook must never raise; fall back to the default printout
            previous(exc_type, exc, tb)

    return hook


def run_app(data_dir: Path, lang: str = "es") -> int:
    """Open Verifica on ``data_dir`` and run until the main window closes.

    Returns:
        0 after a normal exit (or when sign-in is cancelled); 2 when the data folder cannot be
        used, after showing why.
    """
    lang = lang if lang in LANGUAGES else "es"
    app = application()
    previous_locale = QLocale()
    QLocale.setDefault(locale_for(lang))
    translators = install_translators(app, lang)
    app.setStyleSheet(load_style_sheet())
    previous_hook = sys.excepthook
    quit_on_close = app.quitOnLastWindowClosed()
    package_log = logging.getLogger("desktop")
    handler: logging.Handler | None = None
    try:
        try:
            store = open_store(data_dir)
        except Problem as problem:
            log.warning("data folder refused: %s", problem.en)
            show_startup_problem(problem, lang)
            return EXIT_PROBLEM
        handler = _log_handler(store.data_dir)
        if handler is not None:
            package_log.addHandler(handler)
            if package_log.level == logging.NOTSET:
                package_log.setLevel(logging.INFO)
        sys.excepthook = make_excepthook(lang, previous_hook)
        runner = TaskRunner(lang)
        reader = store.reader()
        window: MainWindow | None = None
        try:
            # The dialog closing must not end the application before the main window opens.
            app.setQuitOnLastWindowClosed(False)
            dialog = LoginDialog(store, runner, lang)
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            user = dialog.user
            dialog.deleteLater()
            if not accepted or user is None:
                return EXIT_OK
            log.info("signed in as %s (%s)", user.username, user.role)
            window = MainWindow(store, runner, reader, user, lang=lang, locale=locale_for(lang))
            app.setQuitOnLastWindowClosed(True)  # closing the window ends the app
            window.show()
            return int(app.exec())
        finally:
            runner.shutdown()
            if window is not None:
                window.deleteLater()
            reader.close()
            store.close()
    finally:
        app.setQuitOnLastWindowClosed(quit_on_close)
        sys.excepthook = previous_hook
        if handler is not None:
            package_log.removeHandler(handler)
            handler.close()
        remove_translators(app, translators)
        QLocale.setDefault(previous_locale)
