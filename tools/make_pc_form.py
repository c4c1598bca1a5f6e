"""Generate resources/forms/pc_bajo_riesgo.xlsx, the Protección Civil low-risk checklist.

The .xlsx is the source people edit in Excel afterwards; this script is how its first version
was made and how to rebuild it. Raise ``VERSION`` whenever the questions change: inspections
keep the version they were started on.

Usage (from the repository root): ``.venv/bin/python tools/make_pc_form.py [output.xlsx]``
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook

VERSION = 1
OUTPUT = Path(__file__).resolve().parents[1] / "resources" / "forms" / "pc_bajo_riesgo.xlsx"
ES, EN = "label::Español (es)", "label::English (en)"
MSG_ES, MSG_EN = "constraint_message::Español (es)", "constraint_message::English (en)"
SURVEY_COLUMNS = [
    "type",
    "name",
    ES,
    EN,
    "required",
    "relevant",
    "constraint",
    MSG_ES,
    MSG_EN,
    "verifica_fail_if",
    "verifica_points",
]
# Occupancy above which an internal civil-protection plan is required (checked in the form).
PLAN_OCCUPANCY = 50


def _q(
    type_: str, name: str, es: str, en: str, *, required: bool = True, **extra: str
) -> dict[str, str]:
    row = {"type": type_, "name": name, ES: es, EN: en, "required": "yes" if required else ""}
    keys = {
        "msg_es": MSG_ES,
        "msg_en": MSG_EN,
        "fail_if": "verifica_fail_if",
        "points": "verifica_points",
    }
    row.update({keys.get(k, k): v for k, v in extra.items()})
    return row


def _yn(name: str, es: str, en: str, **extra: str) -> dict[str, str]:
    return _q("select_one si_no_na", name, es, en, required=True, **extra)


def _photo(name: str, es: str, en: str, relevant: str) -> dict[str, str]:
    return _q("image", name, es, en, required=False, relevant=relevant)


def _group(name: str, es: str, en: str, relevant: str = "") -> dict[str, str]:
    return {"type": "begin_group", "name": name, ES: es, EN: en, "relevant": relevant}


END = {"type": "end_group"}

SURVEY: list[dict[str, str]] = [
    _q(
        "note",
        "intro",
        "Lista de verificación de Protección Civil para establecimientos de bajo riesgo.",
        "Civil Protection checklist for low-risk businesses.",
        required=False,
    ),
    _group("datos", "Datos de la visita", "Visit data"),
    _q("date", "fecha_visita", "Fecha de la visita", "Visit date"),
    _q(
        "geopoint",
        "ubicacion",
        "Ubicación (latitud longitud)",
        "Location (latitude longitude)",
        required=False,
    ),
    _q("text", "atiende_nombre", "Nombre de quien atiende", "Name of the person attending"),
    _q(
        "integer",
        "aforo",
        "Aforo máximo (personas)",
        "Maximum occupancy (people)",
        constraint=". >= 1 and . <= 1000",
        msg_es="El aforo debe estar entre 1 y 1000 personas.",
        msg_en="Occupancy must be between 1 and 1000 people.",
    ),
    _q(
        "decimal",
        "superficie_m2",
        "Superficie del local (m²)",
        "Floor area (m²)",
        constraint=". > 0",
        msg_es="La superficie debe ser mayor que cero.",
        msg_en="The floor area must be greater than zero.",
    ),
    END,
    _group("extintores", "Extintores", "Fire extinguishers"),
    _yn("ext_presentes", "¿Cuenta con extintores?", "Are there fire extinguishers?"),
    _q(
        "integer",
        "ext_cantidad",
        "Número de extintores",
        "Number of extinguishers",
        relevant="${ext_presentes} = 'si'",
        constraint=". >= 1",
        msg_es="Indique al menos un extintor.",
        msg_en="Enter at least one extinguisher.",
        # A local over 200 m² needs at least two extinguishers.
        fail_if=". < 2 and ${superficie_m2} > 200",
    ),
    _yn(
        "ext_cargados",
        "¿Están cargados (manómetro en verde)?",
        "Are they charged (gauge in the green)?",
        relevant="${ext_presentes} = 'si'",
    ),
    _yn(
        "ext_vigentes",
        "¿La carga está vigente (etiqueta con fecha)?",
        "Is the charge within date (dated tag)?",
        relevant="${ext_presentes} = 'si'",
    ),
    _photo(
        "ext_foto",
        "Foto de los extintores",
        "Photo of the extinguishers",
        "${ext_presentes} = 'si'",
    ),
    END,
    _group("salidas", "Salidas y rutas de evacuación", "Exits and evacuation routes"),
    _yn(
        "salidas_libres",
        "¿Salidas de emergencia libres de obstáculos?",
        "Emergency exits free of obstacles?",
    ),
    _yn("salidas_senaladas", "¿Salidas de emergencia señalizadas?", "Emergency exits signed?"),
    _yn("ruta_evacuacion", "¿Señalización de ruta de evacuación?", "Evacuation route signage?"),
    _photo("salidas_foto", "Foto de salidas y señalización", "Photo of exits and signage", ""),
    END,
    _group("seguridad", "Equipo y avisos", "Equipment and notices"),
    _yn("botiquin", "¿Botiquín de primeros auxilios?", "First-aid kit?"),
    _yn("detectores_humo", "¿Detectores de humo funcionando?", "Working smoke detectors?"),
    _yn("numeros_emergencia", "¿Números de emergencia visibles?", "Emergency numbers visible?"),
    END,
    _group("instalaciones", "Instalaciones", "Installations"),
    _yn(
        "electrica_sin_cables",
        "¿Instalación eléctrica sin cables expuestos?",
        "Electrical installation without exposed wiring?",
    ),
    _photo(
        "electrica_foto",
        "Foto de la instalación eléctrica",
        "Photo of the electrical installation",
        "${electrica_sin_cables} = 'no'",
    ),
    _q(
        "select_one si_no",
        "usa_gas",
        "¿Usa gas LP o natural?",
        "Does it use LP or natural gas?",
        points="0",  # steers the form; not a compliance item
    ),
    _yn(
        "gas_instalacion",
        "¿Instalación de gas en buen estado (sin fugas, tubería fija)?",
        "Gas installation in good condition (no leaks, fixed piping)?",
        relevant="${usa_gas} = 'si'",
    ),
    _yn(
        "gas_cilindros",
        "¿Cilindros sujetos, ventilados y fuera del paso?",
        "Cylinders secured, ventilated and out of the way?",
        relevant="${usa_gas} = 'si'",
    ),
    END,
    _group("inflamables", "Materiales inflamables", "Flammable materials"),
    _q(
        "select_multiple inflamables",
        "inflamables_tipos",
        "Materiales inflamables almacenados",
        "Flammable materials stored",
        constraint="not(selected(., 'ninguno')) or count-selected(.) = 1",
        msg_es="«Ninguno» no se combina con otros materiales.",
        msg_en="“None” cannot be combined with other materials.",
    ),
    _q(
        "select_one si_no_na",
        "inflamables_almacen",
        "¿Almacenamiento adecuado de inflamables (lejos de fuentes de calor, ventilado)?",
        "Flammables stored properly (away from heat, ventilated)?",
        relevant="not(selected(${inflamables_tipos}, 'ninguno'))",
    ),
    END,
    _group(
        "plan",
        "Programa interno de Protección Civil",
        "Internal civil-protection plan",
        relevant=f"${{aforo}} > {PLAN_OCCUPANCY}",
    ),
    _yn(
        "plan_interno",
        f"¿Cuenta con programa interno de Protección Civil (aforo mayor a {PLAN_OCCUPANCY})?",
        f"Is there an internal civil-protection plan (occupancy above {PLAN_OCCUPANCY})?",
        points="2",
    ),
    END,
    _group("cierre", "Cierre", "Closing"),
    _q(
        "text",
        "observaciones",
        "Observaciones",
        "Observations",
        required=False,
    ),
    _q("signature", "firma_inspector", "Firma del inspector", "Inspector's signature"),
    _q("signature", "firma_atiende", "Firma de quien atiende", "Signature of the person attending"),
    END,
]

CHOICES = [
    ("si_no", "si", "Sí", "Yes"),
    ("si_no", "no", "No", "No"),
    ("si_no_na", "si", "Sí", "Yes"),
    ("si_no_na", "no", "No", "No"),
    ("si_no_na", "na", "No aplica", "Not applicable"),
    ("inflamables", "ninguno", "Ninguno", "None"),
    ("inflamables", "gas_lp", "Gas LP", "LP gas"),
    ("inflamables", "solventes", "Solventes o pinturas", "Solvents or paints"),
    ("inflamables", "combustibles", "Gasolina o diésel", "Gasoline or diesel"),
    ("inflamables", "papel_carton", "Papel o cartón en volumen", "Paper or cardboard in bulk"),
]


def build(path: Path) -> None:
    """Write the workbook to ``path``."""
    wb = Workbook()
    survey = wb.active
    assert survey is not None
    survey.title = "survey"
    survey.append(SURVEY_COLUMNS)
    for row in SURVEY:
        survey.append([row.get(c, "") for c in SURVEY_COLUMNS])
    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name", ES, EN])
    for choice in CHOICES:
        choices.append(list(choice))
    settings = wb.create_sheet("settings")
    settings.append(["form_id", "form_title", "version", "default_language"])
    settings.append(
        [
            "pc_bajo_riesgo",
            "Verificación de Protección Civil — bajo riesgo",
            VERSION,
            "Español (es)",
        ]
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
