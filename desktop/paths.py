"""Where things live: the data folder by default (platformdirs, overridable with ``--data-dir``)
and the read-only ``resources`` folder (a checkout, the PyInstaller bundle, or an override).

PyInstaller places data files under ``sys._MEIPASS``; ``build.spec`` puts the ``resources``
folder at that root. From a checkout the folder sits next to the ``desktop`` package. Set
``VERIFICA_RESOURCES`` to use another folder (the selftest's own tests do).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Verifica"
APP_AUTHOR = "Municipio"
RESOURCES_ENV = "VERIFICA_RESOURCES"


def default_data_dir() -> Path:
    """The platform's per-user data folder, e.g. ``~/.local/share/Verifica`` on Linux."""
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def resources_dir() -> Path:
    """The ``resources`` folder: ``$VERIFICA_RESOURCES``, the bundle's, or the checkout's."""
    override = os.environ.get(RESOURCES_ENV)
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    root = Path(frozen_root) if frozen_root else Path(__file__).resolve().parent.parent
    return root / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a file under ``resources/``."""
    return resources_dir().joinpath(*parts)
