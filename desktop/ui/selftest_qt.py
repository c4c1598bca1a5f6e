"""The Qt half of ``verifica selftest``: runs in a child process (see :mod:`desktop.selftest`)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel

# Platform plugins a bundle must carry for its own operating system (build.spec keeps these).
REQUIRED_PLATFORMS = {
    "linux": ("offscreen", "xcb", "minimal"),
    "win32": ("offscreen", "windows", "minimal"),
    "darwin": ("offscreen", "cocoa", "minimal"),
}


def available_platforms() -> set[str]:
    """Names of the platform plugins Qt can load (``libqxcb.so`` → ``xcb``)."""
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    names = set()
    for plugin in folder.iterdir():
        if plugin.suffix in (".so", ".dll", ".dylib"):
            names.add(plugin.stem.removeprefix("lib").removeprefix("q"))
    return names


def qt_check(resources: Path) -> str:
    """Start the application, load our English translation, style and lay out a widget.

    Returns:
        One line describing what worked.

    Raises:
        AssertionError: a piece is missing (platform plugin, translation, style sheet).
    """
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "verifica"])
    assert isinstance(app, QApplication)
    needed = REQUIRED_PLATFORMS.get(sys.platform, ("offscreen",))
    missing = [name for name in needed if name not in available_platforms()]
    if missing:
        raise AssertionError(f"missing Qt platform plugins: {', '.join(missing)}")
    translator = QTranslator(app)
    if not translator.load("verifica_en", str(resources / "translations")):
        raise AssertionError("Qt cannot load verifica_en.qm")
    app.installTranslator(translator)
    app.setStyleSheet((resources / "styles" / "verifica.qss").read_text(encoding="utf-8"))
    label = QLabel("Verifica")
    label.adjustSize()
    label.show()
    app.processEvents()
    if label.width() <= 0:
        raise AssertionError("a widget could not be laid out")
    label.close()
    app.removeTranslator(translator)
    return (
        f"Qt {QLibraryInfo.version().toString()} plataforma "
        f"{QGuiApplication.platformName()}, traducción y estilo cargados"
    )
