"""One complete visit on the shipped Protección Civil checklist, shared by the inspection tests.

The extinguishers' charge is out of date (``ext_vigentes = "no"``): the only failed item, so
closing needs exactly one finding. Signatures are tiny stand-in files (the core stores whatever
bytes it is given; the acta tests draw real PNG strokes of their own).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop.core import inspection_capture
from desktop.store import Actor, Store

COMPLETE: dict[str, Any] = {
    "fecha_visita": "2025-03-04",
    "ubicacion": "20.6736, -103.344",
    "atiende_nombre": "Laura Gómez",
    "aforo": "12",
    "superficie_m2": "80.5",
    "ext_presentes": "si",
    "ext_cantidad": 2,
    "ext_cargados": "si",
    "ext_vigentes": "no",
    "salidas_libres": "si",
    "salidas_senaladas": "si",
    "ruta_evacuacion": "si",
    "botiquin": "si",
    "detectores_humo": "si",
    "numeros_emergencia": "si",
    "electrica_sin_cables": "si",
    "usa_gas": "no",
    "inflamables_tipos": ["ninguno"],
}
#: The same visit with every item passing: closing needs no finding.
PASSING: dict[str, Any] = {**COMPLETE, "ext_vigentes": "si"}
SIGNATURES = {"firma_inspector": b"<svg>trazo inspector</svg>", "firma_atiende": b"<svg>otro</svg>"}


def fill(
    store: Store, actor: Actor, inspection_id: str, answers: Mapping[str, Any] = COMPLETE
) -> None:
    """Save ``answers`` one by one, then both signatures, as the capture screen would."""
    for field, value in answers.items():
        inspection_capture.save_answer(store, actor, inspection_id, field, value)
    for field, content in SIGNATURES.items():
        inspection_capture.save_attachment_answer(
            store, actor, inspection_id, field, content, mime="image/svg+xml"
        )
