"""Regenerate the screenshots in docs/screenshots from a fresh demo folder.

    python tools/screenshots.py [--out docs/screenshots]

Builds a default demo folder (2,000 cases) in a temporary directory, opens the real sign-in
dialog and the real main window (signed in as the demo administrator) at 1280x800, and saves
``login.png``, ``main-window.png`` and ``main-window-en.png``. Works under Xvfb and with
``QT_QPA_PLATFORM=offscreen`` (used automatically when there is no display).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
sys.path.append(str(ROOT / "tests"))  # memory_keyring, for screenshots_sync

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import update_translations  # noqa: E402
from PySide6.QtCore import QEventLoop, QLocale, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from screenshots_anuencia import shoot_anuencia  # noqa: E402
from screenshots_cases import shoot_cases  # noqa: E402
from screenshots_complaints import shoot_complaints  # noqa: E402
from screenshots_dashboard import shoot_dashboard  # noqa: E402
from screenshots_inspections import shoot_inspections  # noqa: E402
from screenshots_kiosk import shoot_kiosk  # noqa: E402
from screenshots_sync import shoot_sync  # noqa: E402

from desktop.app import (  # noqa: E402
    application,
    install_translators,
    load_style_sheet,
    locale_for,
    remove_translators,
)
from desktop.core import users  # noqa: E402
from desktop.demo import create_demo  # noqa: E402
from desktop.store import Store, open_store  # noqa: E402
from desktop.ui.login import LoginDialog  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.tasks import TaskRunner  # noqa: E402

SIZE = (1280, 800)
TIMEOUT_MS = 15_000


def wait_until(condition: Callable[[], bool], what: str) -> None:
    """Run the event loop until ``condition`` holds (polling every 10 ms), or fail."""
    if condition():
        return
    loop = QEventLoop()
    poll = QTimer()

    def check() -> None:
        if condition():
            loop.quit()

    poll.timeout.connect(check)
    poll.start(10)
    QTimer.singleShot(TIMEOUT_MS, loop.quit)
    loop.exec()
    poll.stop()
    if not condition():
        raise SystemExit(f"timed out waiting for {what}")


def save(widget: QWidget, path: Path) -> None:
    QTest.qWaitForWindowExposed(widget, 5000)
    QApplication.processEvents()
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def shoot_login(store: Store, runner: TaskRunner, out: Path) -> None:
    dialog = LoginDialog(store, runner, "es")
    dialog.show()
    wait_until(lambda: dialog.state is not None, "the sign-in dialog")
    save(dialog, out / "login.png")
    dialog.close()
    dialog.deleteLater()


def shoot_main_window(
    store: Store, runner: TaskRunner, user: users.User, lang: str, path: Path
) -> None:
    reader = store.reader()
    window = MainWindow(store, runner, reader, user, lang=lang, locale=locale_for(lang))
    window.resize(*SIZE)
    window.show()
    view = window.cases_view
    assert view is not None
    wait_until(lambda: view.model.rowCount() > 0 and window.status is not None, "the case list")
    save(window, path)
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    reader.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate docs/screenshots.")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    shoot_anuencia(out)  # a PDF page (no Qt)

    app = application()
    app.setStyleSheet(load_style_sheet())
    # A short, stable folder name: it is printed in the dialog and the status bar. create_demo
    # refuses a folder that holds real data, so this never overwrites anything but a demo.
    data_dir = Path(tempfile.gettempdir()) / "verifica-demo"
    with tempfile.TemporaryDirectory(prefix="verifica-shots-") as tmp:
        create_demo(data_dir)
        qm_dir = Path(tmp) / "qm"
        qm_dir.mkdir()
        update_translations.lrelease(
            update_translations.TRANSLATIONS / "verifica_en.ts", qm_dir / "verifica_en.qm"
        )
        store = open_store(data_dir)
        runner = TaskRunner("es")
        try:
            user = users.authenticate(store, "admin", "demo1234")
            for lang, name in (("es", "main-window.png"), ("en", "main-window-en.png")):
                QLocale.setDefault(locale_for(lang))
                translators = install_translators(app, lang, qm_dir=qm_dir)
                runner.lang = lang
                if lang == "es":
                    shoot_login(store, runner, out)
                shoot_main_window(store, runner, user, lang, out / name)
                if lang == "es":
                    shoot_cases(
                        store, runner, user, out, size=SIZE, locale=locale_for(lang),
                        wait_until=wait_until, save=save,
                    )  # fmt: skip
                    shoot_dashboard(
                        store, runner, user, out, size=SIZE, locale=locale_for(lang),
                        wait_until=wait_until, save=save,
                    )  # fmt: skip
                    shoot_complaints(
                        store, runner, out, size=SIZE, locale=locale_for(lang),
                        wait_until=wait_until, save=save,
                    )  # fmt: skip
                    shoot_inspections(
                        store, runner, out, size=SIZE, locale=locale_for(lang),
                        wait_until=wait_until, save=save,
                    )  # fmt: skip
                remove_translators(app, translators)
            shoot_kiosk(out, wait_until=wait_until, save=save)  # its own kiosk and issuer
            shoot_sync(out, size=SIZE, wait_until=wait_until, save=save)  # its own devices
        finally:
            runner.shutdown()
            store.close()
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
