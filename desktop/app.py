"""Wires the desktop app together: Qt application, translations, store, task runner, windows.

This is the only module that knows every piece (DESIGN.md §3). It creates each object once and
passes it to whoever needs it; there are no global singletons. The order is: application and
translators, then the store (a refused data folder is shown and the app exits with code 2 without
changing anything), then the sign-in dialog, then the main window — or, for a kiosk account
(or ``verifica kiosk``), the full-screen kiosk, which only the administrator PIN closes.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop import __version__
from desktop.errors import Problem
from desktop.paths import APP_AUTHOR, APP_NAME, resource_path
from desktop.scan.sources import open_source
from desktop.store import Store, open_store
from desktop.store.db import Actor
from desktop.ui import messages
from desktop.ui.kiosk import KioskWindow
from desktop.ui.login import LoginDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.sync_controller import SyncController
from desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_PROBLEM = 2

LANGUAGES = ("es", "en")
KIOSK_ROLE = "kiosk"
DEFAULT_KIOSK_SOURCE = "camera:0"
# Where this kiosk stands (a device setting; ``verifica kiosk --location`` overrides it).
KIOSK_LOCATION_SETTING = "kiosk_location"

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


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


@contextmanager
def _session(data_dir: Path, lang: str) -> Iterator[tuple[QApplication, Store | None]]:
    """Application, locale, translators, style, exception hook, store and log file, undone after.

    Yields the application and the open store, or ``None`` when the data folder was refused
    (the reason has been shown).
    """
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
        refused: Problem | None = None
        try:
            store = open_store(data_dir)
        except Problem as problem:
            refused = problem
        if refused is not None:
            log.warning("data folder refused: %s", refused.en)
            show_startup_problem(refused, lang)
            yield app, None
            return
        handler = _log_handler(store.data_dir)
        if handler is not None:
            package_log.addHandler(handler)
            if package_log.level == logging.NOTSET:
                package_log.setLevel(logging.INFO)
        sys.excepthook = make_excepthook(lang, previous_hook)
        try:
            yield app, store
        finally:
            store.close()
    finally:
        app.setQuitOnLastWindowClosed(quit_on_close)
        sys.excepthook = previous_hook
        if handler is not None:
            package_log.removeHandler(handler)
            handler.close()
        remove_translators(app, translators)
        QLocale.setDefault(previous_locale)


def kiosk_window(
    store: Store,
    runner: TaskRunner,
    actor: Actor,
    *,
    source: str | None,
    location: str,
    lang: str,
) -> KioskWindow:
    """The kiosk window on ``source`` (``camera:N``, a video, an image or a folder; ``None``: no
    camera, a keyboard-wedge reader only)."""
    spec = source
    open_frames = (lambda: open_source(spec)) if spec is not None else None
    return KioskWindow(store, runner, actor, open_source=open_frames, location=location, lang=lang)


def _run_kiosk_window(
    app: QApplication, store: Store, runner: TaskRunner, window: KioskWindow, lang: str, *,
    full_screen: bool,
) -> int:  # fmt: skip
    """Show the kiosk (with background sync) until the administrator PIN closes it."""
    sync = SyncController(store, runner, lang=lang)  # kiosks upload scans and fetch the registry
    try:
        sync.start()
        app.setQuitOnLastWindowClosed(True)  # the PIN closes the window, which ends the app
        window.start(full_screen=full_screen)
        return int(app.exec())
    finally:
        sync.stop()
        window.shut_down()
        window.deleteLater()


def run_kiosk(
    data_dir: Path,
    *,
    source: str | None = DEFAULT_KIOSK_SOURCE,
    location: str = "",
    lang: str = "es",
    full_screen: bool = True,
) -> int:
    """Open kiosk mode on ``data_dir`` (no sign-in: the device itself records the scans).

    Returns:
        0 after the administrator PIN closed the kiosk; 2 when the data folder cannot be used.
    """
    lang = lang if lang in LANGUAGES else "es"
    with _session(data_dir, lang) as (app, store):
        if store is None:
            return EXIT_PROBLEM
        runner = TaskRunner(lang)
        try:
            where = location or store.get_setting(KIOSK_LOCATION_SETTING) or ""
            window = kiosk_window(
                store, runner, store.actor(None), source=source, location=where, lang=lang
            )
            log.info("kiosk mode on %s at %r", source, where)
            return _run_kiosk_window(app, store, runner, window, lang, full_screen=full_screen)
        finally:
            runner.shutdown()


def run_app(
    data_dir: Path, lang: str = "es", *, kiosk_source: str | None = DEFAULT_KIOSK_SOURCE
) -> int:
    """Open Verifica on ``data_dir`` and run until the main window closes.

    A user with the ``kiosk`` role gets kiosk mode (on ``kiosk_source``) instead of the main
    window; only the administrator PIN leaves it, and that ends the app. Everyone else's
    inspection photos come from the same camera (``verifica --camera``).

    Returns:
        0 after a normal exit (or when sign-in is cancelled); 2 when the data folder cannot be
        used, after showing why.
    """
    lang = lang if lang in LANGUAGES else "es"
    with _session(data_dir, lang) as (app, store):
        if store is None:
            return EXIT_PROBLEM
        runner = TaskRunner(lang)
        reader = store.reader()
        window: MainWindow | None = None
        sync: SyncController | None = None
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
            if user.role == KIOSK_ROLE:
                kiosk = kiosk_window(
                    store, runner, store.actor(user.id), source=kiosk_source,
                    location=store.get_setting(KIOSK_LOCATION_SETTING) or "", lang=lang,
                )  # fmt: skip
                return _run_kiosk_window(app, store, runner, kiosk, lang, full_screen=True)
            sync = SyncController(store, runner, lang=lang)  # the one sync driver
            window = MainWindow(
                store, runner, reader, user, lang=lang, locale=locale_for(lang), sync=sync,
                camera=kiosk_source,
            )  # fmt: skip
            sync.start()
            app.setQuitOnLastWindowClosed(True)  # closing the window ends the app
            window.show()
            return int(app.exec())
        finally:
            if sync is not None:
                sync.stop()
            runner.shutdown()
            if window is not None:
                window.deleteLater()
            reader.close()
