"""PyInstaller runtime hook: let pyzbar find the libzbar that build.spec put in the bundle.

pyzbar loads ZBar on Linux and macOS with ``ctypes.util.find_library("zbar")``, which searches
the system's library paths only. ``build.spec`` copies the build machine's libzbar next to the
other bundled libraries (``sys._MEIPASS``); this hook points ``find_library("zbar")`` there, so
the bundle reads badges with ZBar too on a machine without the libzbar0 package. Other names,
and a bundle built without libzbar, keep the normal search. (On Windows the pyzbar wheel ships
its DLLs and pyzbar finds them beside its own module; this hook does nothing there.)
"""

from __future__ import annotations

import ctypes.util
import sys
from pathlib import Path

_BUNDLED = ("libzbar.so.0", "libzbar.0.dylib")


def _install() -> None:
    root = Path(getattr(sys, "_MEIPASS", ""))
    bundled = next((root / n for n in _BUNDLED if (root / n).is_file()), None)
    if bundled is None or sys.platform == "win32":
        return
    system_find_library = ctypes.util.find_library

    def find_library(name: str) -> str | None:
        if name == "zbar":
            return str(bundled)
        return system_find_library(name)

    ctypes.util.find_library = find_library


_install()
