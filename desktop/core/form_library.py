"""The checklists an inspection can be started on: the ones shipped in ``resources/forms`` and
any newer version already stored (pulled from the server or registered earlier).

An inspection is started on the *current* version of its form (the highest of the shipped file
and the stored rows); from then on it keeps that version (:mod:`desktop.core.inspection_capture`).
"""

from __future__ import annotations

from pathlib import Path

from desktop.core import forms
from desktop.errors import InvalidInput
from desktop.paths import resource_path
from desktop.store.db import Store

#: The Protección Civil checklist for low-risk businesses (issue 6).
DEFAULT_FORM = "pc_bajo_riesgo"


def forms_dir() -> Path:
    """The folder of shipped ``.xlsx`` templates."""
    return resource_path("forms")


def shipped_form(code: str = DEFAULT_FORM) -> forms.Form:
    """Load the shipped template ``code`` from ``resources/forms/<code>.xlsx``.

    Raises:
        InvalidInput: no such file (a broken installation), or the file is malformed
            (:class:`desktop.core.forms.TemplateRefused`).
    """
    path = forms_dir() / f"{code}.xlsx"
    if not path.is_file():
        raise InvalidInput(
            f"No se encuentra el formato {code} ({path}).",
            f"Form {code} is missing ({path}).",
            hint_es="Reinstale Verifica.",
            hint_en="Reinstall Verifica.",
        )
    return forms.load_xlsform(path)


def current_form(store: Store, code: str = DEFAULT_FORM) -> forms.Form:
    """The newest version of ``code``: the stored one if it is newer than the shipped file."""
    shipped = shipped_form(code)
    row = store.db.execute(
        "SELECT version, definition FROM form_templates WHERE code = ? "
        "ORDER BY version DESC LIMIT 1",
        [code],
    ).fetchone()
    if row is not None and int(row[0]) > shipped.version:
        return forms.from_definition(row[1])
    return shipped
