"""XLSForm templates: loading, refusing malformed ones, expressions, validation and scoring."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from desktop.core import form_expressions as fx
from desktop.core import forms, inspection_capture, permits
from desktop.errors import InvalidInput
from desktop.store import Actor, Store

ES, EN = "label::Español (es)", "label::English (en)"
COLUMNS = ["type", "name", ES, EN, "label", "required", "relevant", "constraint",
           "constraint_message::Español (es)", "constraint_message::English (en)",
           "verifica_fail_if"]  # fmt: skip

SAMPLE_SURVEY: list[dict[str, str]] = [
    {"type": "note", "name": "aviso", ES: "Aviso", EN: "Notice"},
    {"type": "begin_group", "name": "general", ES: "General", EN: "General"},
    {
        "type": "select_one si_no",
        "name": "abierto",
        ES: "¿Abierto?",
        EN: "Open?",
        "required": "yes",
    },
    {"type": "select_multiple riesgos", "name": "riesgos", ES: "Riesgos", EN: "Risks"},
    {
        "type": "integer",
        "name": "aforo",
        "label": "Aforo",
        "required": "yes",
        "constraint": ". >= 1 and . <= 500",
        "constraint_message::Español (es)": "Entre 1 y 500.",
        "constraint_message::English (en)": "Between 1 and 500.",
    },
    {"type": "decimal", "name": "area", ES: "Área", EN: "Area"},
    {"type": "text", "name": "nombre", ES: "Nombre", EN: "Name"},
    {"type": "date", "name": "fecha", ES: "Fecha", EN: "Date"},
    {"type": "end_group"},
    {
        "type": "begin_group",
        "name": "grande",
        ES: "Grande",
        EN: "Large",
        "relevant": "${aforo} > 50",
    },
    {"type": "select_one si_no", "name": "plan", ES: "¿Plan?", EN: "Plan?", "required": "yes"},
    {"type": "end_group"},
    {
        "type": "image",
        "name": "foto",
        ES: "Foto",
        EN: "Photo",
        "relevant": "selected(${riesgos}, 'gas')",
        "required": "yes",
    },
    {"type": "signature", "name": "firma", ES: "Firma", EN: "Signature"},
    {"type": "geopoint", "name": "lugar", ES: "Lugar", EN: "Place"},
    {
        "type": "integer",
        "name": "extintores",
        ES: "Extintores",
        EN: "Extinguishers",
        "verifica_fail_if": ". < 2",
    },
]
SAMPLE_CHOICES = [
    ("si_no", "si", "Sí", "Yes"),
    ("si_no", "no", "No", "No"),
    ("riesgos", "gas", "Gas", "Gas"),
    ("riesgos", "electrico", "Eléctrico", "Electrical"),
]


def write_form(
    path: Path,
    survey: list[dict[str, str]],
    choices: list[tuple[str, str, str, str]] = SAMPLE_CHOICES,
    version: Any = 1,
    form_id: str = "muestra",
) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "survey"
    ws.append(COLUMNS)
    for row in survey:
        ws.append([row.get(c, "") for c in COLUMNS])
    ch = wb.create_sheet("choices")
    ch.append(["list_name", "name", ES, EN])
    for c in choices:
        ch.append(list(c))
    st = wb.create_sheet("settings")
    st.append(["form_id", "form_title", "version"])
    st.append([form_id, "Muestra", version])
    wb.save(path)
    return path


@pytest.fixture
def sample(tmp_path: Path) -> forms.Form:
    return forms.load_xlsform(write_form(tmp_path / "muestra.xlsx", SAMPLE_SURVEY))


def test_sample_with_every_supported_type_loads(sample: forms.Form) -> None:
    types = {f.type for f, _ in sample.fields()}
    assert types == set(forms.FIELD_TYPES)
    assert (sample.code, sample.version, sample.title) == ("muestra", 1, "Muestra")
    abierto = sample.field("abierto")
    assert (abierto.label_es, abierto.label_en, abierto.required) == ("¿Abierto?", "Open?", True)
    assert [c.label_en for c in abierto.choices] == ["Yes", "No"]
    # a plain `label` column serves both languages
    assert (sample.field("aforo").label_es, sample.field("aforo").label_en) == ("Aforo", "Aforo")
    groups = {f.name: [g.name for g in gs] for f, gs in sample.fields()}
    assert groups["plan"] == ["grande"] and groups["aforo"] == ["general"]
    # the canonical JSON round-trips to an equal tree
    assert forms.from_definition(forms.to_definition(sample)) == sample


def test_shipped_protection_civil_checklist_loads_and_scores() -> None:
    path = Path(__file__).resolve().parents[1] / "resources" / "forms" / "pc_bajo_riesgo.xlsx"
    form = forms.load_xlsform(path)
    assert form.code == "pc_bajo_riesgo" and form.version >= 1
    names = {f.name for f, _ in form.fields()}
    expected = {
        "ext_presentes", "ext_cargados", "ext_vigentes", "salidas_libres", "ruta_evacuacion",
        "botiquin", "electrica_sin_cables", "gas_cilindros", "detectores_humo",
        "numeros_emergencia", "plan_interno", "aforo", "inflamables_tipos", "ubicacion",
        "firma_inspector", "firma_atiende",
    }  # fmt: skip
    assert expected <= names
    assert all(f.label_es and f.label_en for f, _ in form.fields())
    types = {f.type for f, _ in form.fields()}
    assert {"image", "signature", "geopoint"} <= types
    small = {"aforo": 10, "superficie_m2": 250.0, "ext_presentes": "si", "ext_cantidad": 1}
    # the internal plan is asked only above the occupancy threshold
    assert "plan_interno" not in {f.name for f in forms.visible_fields(form, small)}
    big = {**small, "aforo": 80}
    assert "plan_interno" in {f.name for f in forms.visible_fields(form, big)}
    s = forms.score(form, {**big, "ext_cargados": "no", "botiquin": "na", "plan_interno": "si"})
    # ext_cantidad fails by its verifica_fail_if rule (1 extinguisher over 200 m²), ext_cargados
    # by answering "no"; the first-aid kit answered "no aplica" is out of the score.
    assert s.failed_items == ("ext_cantidad", "ext_cargados")
    assert s.points == 1 + 2  # ext_presentes, plan_interno (weight 2)
    # every visible scored item counts in the maximum, answered or not: extinguishers 4, exits 3,
    # detectors and numbers 2, electrical 1, flammables storage 1, plan 2. Not the first-aid kit
    # ("na"), not "¿usa gas?" (weight 0), not the hidden gas items.
    assert s.max_points == 13
    assert "usa_gas" not in forms.score(form, {"usa_gas": "no"}).failed_items


def test_malformed_template_lists_every_problem_with_sheet_and_row(tmp_path: Path) -> None:
    survey = [
        {"type": "select_one si_no", "name": "a", ES: "A"},  # row 2: fine
        {"type": "fecha", "name": "b", ES: "B"},  # row 3: unknown type
        {"type": "select_one no_existe", "name": "c", ES: "C"},  # row 4: missing choices list
        {"type": "text", "name": "d", ES: "D", "relevant": "${a} = = 'si'"},  # row 5: bad relevant
        {"type": "text", "name": "a", ES: "A otra vez"},  # row 6: duplicate name
        {"type": "integer", "name": "e", ES: "E", "constraint": "foo(.)"},  # row 7: bad constraint
        {"type": "text", "name": "f", ES: "F", "relevant": "${nadie} = 1"},  # row 8: unknown ref
        {"type": "begin_group", "name": "g", ES: "G"},  # row 9: never closed
        {"type": "select_multiple", "name": "h", ES: "H"},  # row 10: no list name
    ]
    with pytest.raises(forms.TemplateRefused) as caught:
        forms.load_xlsform(write_form(tmp_path / "malo.xlsx", survey, version="dos"))
    where = [(i.sheet, i.row) for i in caught.value.issues]
    assert where == [
        ("survey", 3),
        ("survey", 4),
        ("survey", 5),
        ("survey", 6),
        ("survey", 7),
        ("survey", 8),
        ("survey", 9),
        ("survey", 10),
        ("settings", 2),
    ]
    reasons = {i.row: i.reason_en for i in caught.value.issues if i.sheet == "survey"}
    assert "unknown type “fecha”" in reasons[3]
    assert "choice list “no_existe”" in reasons[4]
    assert reasons[5].startswith("relevant: Invalid expression")
    assert "duplicate name “a” (already on row 2)" in reasons[6]
    assert "unknown “foo”" in reasons[7]
    assert "${nadie}" in reasons[8]
    assert "no end_group" in reasons[9]
    assert "needs a choice list" in reasons[10]
    assert "hoja survey, fila 3" in caught.value.es


def test_unbalanced_end_group_and_missing_sheet_are_refused(tmp_path: Path) -> None:
    with pytest.raises(forms.TemplateRefused) as caught:
        forms.load_xlsform(write_form(tmp_path / "x.xlsx", [{"type": "end_group"}]))
    assert [(i.sheet, i.row) for i in caught.value.issues] == [("survey", 2)]
    wb = Workbook()
    assert wb.active is not None
    wb.active.title = "encuesta"
    wb.save(tmp_path / "y.xlsx")
    with pytest.raises(forms.TemplateRefused) as caught:
        forms.load_xlsform(tmp_path / "y.xlsx")
    assert {i.sheet for i in caught.value.issues} == {"survey", "settings"}
    (tmp_path / "z.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(forms.TemplateRefused):
        forms.load_xlsform(tmp_path / "z.xlsx")


def test_relevant_hides_fields_and_required_applies_only_when_relevant(
    sample: forms.Form,
) -> None:
    answers: dict[str, Any] = {"abierto": "si", "aforo": 10}
    visible = {f.name for f in forms.visible_fields(sample, answers)}
    assert "plan" not in visible and "foto" not in visible
    assert forms.validate_answers(sample, answers) == []
    answers |= {"aforo": 80, "riesgos": ["gas"]}
    problems = forms.validate_answers(sample, answers)
    assert [p.field for p in problems] == ["plan", "foto"]
    assert problems[0].message_es == "«¿Plan?» es obligatoria."
    assert problems[0].message_en == "“Plan?” is required."
    # an answer to a field that became hidden is not checked
    assert forms.validate_answers(sample, {"abierto": "si", "aforo": 10, "plan": "tal vez"}) == []


def test_constraint_message_and_type_problems(sample: forms.Form) -> None:
    problems = forms.validate_answers(sample, {"abierto": "si", "aforo": 0})
    assert [(p.field, p.message_es, p.message_en) for p in problems] == [
        ("aforo", "Entre 1 y 500.", "Between 1 and 500.")
    ]
    problems = forms.validate_answers(
        sample,
        {
            "abierto": "quizá",
            "aforo": "diez",
            "fecha": "31/12/2025",
            "lugar": "norte",
            "riesgos": ["electrico", "agua"],
        },
    )
    assert [p.field for p in problems] == ["abierto", "riesgos", "aforo", "fecha", "lugar"]


def test_answers_are_coerced_to_their_types(sample: forms.Form) -> None:
    assert forms.coerce_answer(sample.field("aforo"), " 12 ") == 12
    assert forms.coerce_answer(sample.field("area"), "12,5") == 12.5
    assert forms.coerce_answer(sample.field("fecha"), dt.date(2025, 3, 1)) == "2025-03-01"
    assert forms.coerce_answer(sample.field("riesgos"), "electrico gas") == ["gas", "electrico"]
    assert forms.coerce_answer(sample.field("lugar"), "20.67, -103.35") == "20.67 -103.35"
    assert forms.coerce_answer(sample.field("lugar"), "20.67 -103.35 1500 5") == "20.67 -103.35"
    assert forms.coerce_answer(sample.field("nombre"), "  ") is None
    for field, bad in (("aforo", 1.5), ("aforo", True), ("lugar", "95 10"), ("aviso", "x")):
        with pytest.raises(InvalidInput):
            forms.coerce_answer(sample.field(field), bad)


@pytest.mark.parametrize(
    ("expr", "answers", "current", "expected"),
    [
        ("${a} = 'si'", {"a": "si"}, None, True),
        ("${a} = 'si'", {}, None, False),
        ("${a} != 'si'", {}, None, True),  # unanswered is the empty string
        ("${a} = ''", {}, None, True),
        ("${n} > 5", {"n": 6}, None, True),
        ("${n} > 5", {"n": "6"}, None, True),  # numeric text compares as a number
        ("${n} > 5", {}, None, False),  # ordered comparison with no number is false
        ("${n} = 5", {"n": 5.0}, None, True),
        ("${n} = '05'", {"n": 5}, None, True),
        ("${t} = '05'", {"t": "5x"}, None, False),
        (". >= 1 and . <= 10", {}, 10, True),
        (". >= 1 and . <= 10", {}, 11, False),
        ("${a} = 'x' or ${b} = 'y' and ${c} = 'z'", {"a": "x"}, None, True),
        ("(${a} = 'x' or ${b} = 'y') and ${c} = 'z'", {"a": "x"}, None, False),
        ("not(${a} = 'x')", {"a": "y"}, None, True),
        ("not(not(.))", {}, "", False),
        ("selected(${m}, 'gas')", {"m": ["gas", "luz"]}, None, True),
        ("selected(${m}, 'ga')", {"m": ["gas"]}, None, False),
        ("selected(${m}, 'luz')", {"m": "gas luz"}, None, True),
        ("selected(${m}, 'gas')", {}, None, False),
        ("count-selected(${m}) >= 2", {"m": ["a", "b"]}, None, True),
        ("count-selected(${m}) = 0", {}, None, True),
        ('${a} = "dobles"', {"a": "dobles"}, None, True),
        ("${a} = 'and'", {"a": "and"}, None, True),
        ("  .5 < ${n}  ", {"n": 1}, None, True),
    ],
)
def test_expression_evaluator(
    expr: str, answers: dict[str, Any], current: Any, expected: bool
) -> None:
    assert fx.evaluate(fx.parse(expr), answers, current) is expected


@pytest.mark.parametrize(
    "expr",
    [
        "",
        "${a} =",
        "${a} = = 1",
        "1 < 2 < 3",
        "(${a} = 1",
        "${a} = 1)",
        "__import__('os')",
        "selected(${a})",
        "not(1, 2)",
        "${a} == 1",
        "${a} = 'sin cerrar",
        "${} = 1",
        "1 + 1",
        "${a} = 1 and",
    ],
)
def test_expression_parser_refuses_what_is_not_in_the_subset(expr: str) -> None:
    with pytest.raises(fx.ExpressionError):
        fx.parse(expr)


def test_expression_field_refs_and_current() -> None:
    node = fx.parse("selected(${a}, 'x') and (${b} > . or count-selected(${c}) = 1)")
    assert fx.field_refs(node) == {"a", "b", "c"}
    assert fx.uses_current(node) and not fx.uses_current(fx.parse("${a} = 1"))


def test_version_change_does_not_alter_an_inspection_started_on_the_old_version(
    tmp_path: Path, store: Store, actor: Actor
) -> None:
    business = permits.create_business(store, actor, name="Tortillería La Esperanza")
    case = permits.create_case(
        store, actor, folio="PC-1", business_id=business, received_date=dt.date(2025, 1, 2)
    )
    v1 = forms.load_xlsform(write_form(tmp_path / "v1.xlsx", SAMPLE_SURVEY, version=1))
    old = inspection_capture.start_inspection(store, actor, case, v1)
    inspection_capture.save_answer(store, actor, old, "aforo", 80)

    survey_v2 = [r for r in SAMPLE_SURVEY if r.get("name") != "nombre"]
    survey_v2[4] = {**survey_v2[4], "constraint": ". >= 1 and . <= 50"}
    v2 = forms.load_xlsform(write_form(tmp_path / "v2.xlsx", survey_v2, version=2))
    new = inspection_capture.start_inspection(store, actor, case, v2)

    # same version, different content: refused, so version 1 can never change underneath
    with pytest.raises(InvalidInput, match="version 1"):
        inspection_capture.start_inspection(store, actor, case, dataclasses.replace(v2, version=1))

    kept = inspection_capture.load_inspection(store, old)
    assert kept.form == v1 and kept.form.version == 1
    inspection_capture.save_answer(store, actor, old, "nombre", "Doña Lupe")  # only in v1
    assert forms.validate_answers(kept.form, {"abierto": "si", "aforo": 80, "plan": "si"}) == []
    started_new = inspection_capture.load_inspection(store, new)
    assert started_new.form.version == 2
    with pytest.raises(InvalidInput):
        inspection_capture.save_answer(store, actor, new, "nombre", "Doña Lupe")
    problems = forms.validate_answers(
        started_new.form, {"abierto": "si", "aforo": 80, "plan": "si"}
    )
    assert [p.field for p in problems] == ["aforo"]
    assert store.db.execute("SELECT count(*) FROM form_templates").fetchone()[0] == 2


def test_an_answer_to_a_hidden_field_counts_as_unanswered() -> None:
    form = forms.build_form(
        [
            (2, {"type": "select_one si_no", "name": "a", "label": "A"}),
            (3, {"type": "select_one si_no", "name": "b", "label": "B", "relevant": "${a} = 'si'"}),
            (
                4,
                {
                    "type": "text",
                    "name": "c",
                    "label": "C",
                    "relevant": "${b} = 'si'",
                    "required": "yes",
                },
            ),
        ],
        [(2, {"list_name": "si_no", "name": "si"}), (3, {"list_name": "si_no", "name": "no"})],
        [(2, {"form_id": "cadena", "version": "1"})],
    )
    # b was answered while visible, then a changed: b hides, and so does c that depended on it
    answers = {"a": "no", "b": "si"}
    assert [f.name for f in forms.visible_fields(form, answers)] == ["a"]
    assert forms.validate_answers(form, answers) == []
    assert forms.score(form, {"a": "si", "b": "no"}).failed_items == ("b",)
    assert forms.score(form, {"a": "no", "b": "no"}).failed_items == ("a",)
    assert [p.field for p in forms.validate_answers(form, {"a": "si", "b": "si"})] == ["c"]
