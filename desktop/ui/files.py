"""Reading a file the person chose, on a worker thread, as a plain refusal when it cannot be read.

Screens keep the chosen :class:`~pathlib.Path` and read it inside the ``run_db`` job that saves
it, so a slow or network drive never freezes the window; a file that vanished or is locked
becomes an :class:`~desktop.errors.InvalidInput` shown in the form, not a bug report.
"""

from __future__ import annotations

from pathlib import Path

from desktop.errors import InvalidInput


def read_chosen_file(path: Path) -> bytes:
    """The bytes of ``path``; call it off the GUI thread.

    Raises:
        InvalidInput: the file could not be read (gone, locked, no permission).
    """
    try:
        return path.read_bytes()
    except OSError as error:
        raise InvalidInput(
            f"No se pudo leer el archivo {path.name}: {error.strerror or error}.",
            f"The file {path.name} could not be read: {error.strerror or error}.",
        ) from error
