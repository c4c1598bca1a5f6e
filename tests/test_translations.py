"""Every user-facing string goes through Qt's translation system and has an English translation.

Source strings are es-MX; ``resources/translations/verifica_en.ts`` holds the English. These
tests run ``lupdate`` over the code into a temporary file, so a string added or changed without
updating the translation file fails here, and they show the main window in English.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop.core import users
from desktop.demo import create_demo
from desktop.store import open_store
from desktop.ui.main_window import MainWindow
from desktop.ui.tasks import TaskRunner

ROOT = Path(__file__).resolve().parents[1]
TS_FILE = ROOT / "resources" / "translations" / "verifica_en.ts"
sys.path.insert(0, str(ROOT / "tools"))
import update_translations  # noqa: E402

# The offscreen platform plugin warns about this whenever a window is shown; it is harmless.

Entries = dict[tuple[str, str], tuple[str, str | None]]


def read_ts(path: Path) -> Entries:
    """(context, source) -> (translation, its ``type`` attribute) for every message."""
    entries: Entries = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            entries[(name, message.findtext("source", ""))] = (
                translation.text or "",
                translation.get("type"),
            )
    return entries


@pytest.fixture(scope="module")
def from_code(tmp_path_factory: pytest.TempPathFactory) -> Entries:
    """The strings lupdate finds in the code today."""
    fresh = tmp_path_factory.mktemp("ts") / "fresh_en.ts"
    update_translations.lupdate(fresh, "en")
    return read_ts(fresh)


def test_lupdate_finds_the_strings_of_every_ui_module(from_code: Entries) -> None:
    contexts = {context for context, _ in from_code}
    assert {"LoginDialog", "MainWindow", "CasesView", "CasesModel", "labels", "app"} <= contexts
    assert ("labels", "En revisión") in from_code


def test_every_string_in_the_code_is_translated_to_english(from_code: Entries) -> None:
    ours = read_ts(TS_FILE)
    missing = sorted(key for key in from_code if key not in ours)
    unfinished = sorted(
        key for key, (text, kind) in ours.items() if key in from_code and (kind or not text)
    )
    assert missing == [], "run tools/update_translations.py and translate the new strings"
    assert unfinished == [], "translate these in resources/translations/verifica_en.ts"


def test_the_translation_file_holds_no_stale_strings(from_code: Entries) -> None:
    stale = sorted(key for key in read_ts(TS_FILE) if key not in from_code)
    assert stale == [], "run tools/update_translations.py to drop strings the code no longer has"


def test_translations_keep_placeholders_and_shortcut_markers() -> None:
    for (context, source), (text, _kind) in read_ts(TS_FILE).items():
        where = f"{context}: {source!r}"
        assert set(re.findall(r"\{\w+\}", text)) == set(re.findall(r"\{\w+\}", source)), where
        assert text.count("&") == source.count("&"), where


def test_no_user_facing_string_is_built_with_an_f_string_inside_tr() -> None:
    # tr(f"...") would look up a different string every time and never be translated.
    offenders = []
    for path in update_translations.sources():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"""(\btr|\btranslate)\((\s*"[^"]*",\s*)?f["']""", line):
                offenders.append(f"{path.name}:{number}")
    assert offenders == []


@pytest.fixture
def english(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    """Our English translation, compiled from the .ts into a temporary .qm and installed."""
    qm = tmp_path / "verifica_en.qm"
    update_translations.lrelease(TS_FILE, qm)
    translator = QTranslator()
    assert translator.load(str(qm))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def test_with_lang_en_the_main_window_speaks_english(
    qtbot: QtBot, english: None, tmp_path: Path
) -> None:
    create_demo(tmp_path / "demo", cases=30)
    store = open_store(tmp_path / "demo")
    runner = TaskRunner("en")
    reader = store.reader()
    try:
        user = users.authenticate(store, "capturista", "demo1234")
        window = MainWindow(store, runner, reader, user, lang="en", locale=QLocale("en_US"))
        qtbot.addWidget(window)
        window.show()
        view = window.cases_view
        assert view is not None
        qtbot.waitUntil(lambda: view.model.rowCount() == 30 and window.status is not None)
        titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
        assert titles == ["Cases", "Inspections", "Synchronization"]
        assert view.heading.text() == "30 cases"
        assert view.status_combo.itemText(0) == "All statuses (30)"
        headers = [
            view.model.headerData(c, view.table.horizontalHeader().orientation())
            for c in range(view.model.columnCount())
        ]
        assert headers == [
            "Status",
            "Folio",
            "Business",
            "Neighborhood",
            "Age (days)",
            "Days left",
            "Assigned to",
        ]
        assert window.user_label.text().endswith(" · Clerk")
        assert window.sync_label.text() == "Never synchronized"
        assert [a.text() for a in window.menuBar().actions()] == ["&File", "&View", "&Help"]
    finally:
        runner.shutdown()
        reader.close()
        store.close()


def test_in_spanish_qt_standard_buttons_are_spanish(qapp: QApplication) -> None:
    from desktop.app import install_translators, remove_translators

    translators = install_translators(qapp, "es")
    try:
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancelar"
    finally:
        remove_translators(qapp, translators)
