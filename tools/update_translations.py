"""Update and compile Verifica's translations (source strings are es-MX; we ship English).

Usage (from the repository root, with the project's virtualenv):

    python tools/update_translations.py            # lupdate the .ts from the code, then lrelease
    python tools/update_translations.py --release  # only compile .ts -> .qm (Makefile, builds)

``--release`` never changes the ``.ts`` file; it is what ``make`` runs before starting the app or
the tests. After a plain run, open ``resources/translations/verifica_en.ts`` in Qt Linguist
(``pyside6-linguist``) or an editor and translate every entry marked ``type="unfinished"``;
``tests/test_translations.py`` fails while any string is untranslated.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("en",)
SOURCE_LANGUAGE = "es_MX"


def sources() -> list[Path]:
    """Every Python file whose strings go through Qt's translation system."""
    return [*sorted((ROOT / "desktop" / "ui").glob("*.py")), ROOT / "desktop" / "app.py"]


def qt_tool(name: str) -> str:
    """``pyside6-<name>`` from the running interpreter's environment, else from PATH."""
    tool = f"pyside6-{name}"
    found = shutil.which(tool, path=str(Path(sys.executable).parent)) or shutil.which(tool)
    if found is None:
        raise SystemExit(f"{tool} not found: install PySide6 in this environment")
    return found


def lupdate(ts_file: Path, lang: str, files: list[Path] | None = None) -> None:
    """Add new source strings to ``ts_file`` (kept translations stay; vanished ones go)."""
    subprocess.run(
        [
            qt_tool("lupdate"),
            *[str(f.relative_to(ROOT)) for f in (files or sources())],
            "-ts",
            str(ts_file),
            "-source-language",
            SOURCE_LANGUAGE,
            "-target-language",
            lang,
            "-no-obsolete",
            "-locations",
            "relative",
            "-silent",
        ],
        check=True,
        cwd=ROOT,
    )


def lrelease(ts_file: Path, qm_file: Path) -> None:
    subprocess.run(
        [qt_tool("lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)], check=True, cwd=ROOT
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--release", action="store_true", help="only compile the .ts files into .qm files"
    )
    args = parser.parse_args(argv)
    for lang in LANGUAGES:
        ts_file = TRANSLATIONS / f"verifica_{lang}.ts"
        if not args.release:
            lupdate(ts_file, lang)
        lrelease(ts_file, ts_file.with_suffix(".qm"))
        print(f"{ts_file.with_suffix('.qm').relative_to(ROOT)} built")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
