"""Where the data folder lives by default (platformdirs), overridable with ``--data-dir``."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "Verifica"
APP_AUTHOR = "Municipio"


def default_data_dir() -> Path:
    """The platform's per-user data folder, e.g. ``~/.local/share/Verifica`` on Linux."""
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
