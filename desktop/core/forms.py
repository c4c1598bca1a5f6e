"""Inspection form templates: an XLSForm subset loaded from .xlsx, validated, scored.

Sheets read: ``survey`` (type, name, label…, hint, required, relevant, constraint,
constraint_message…), ``choices`` (list_name, name, label…) and ``settings`` (form_id,
form_title, version). Labels come from ``label::Español (es)`` and ``label::English (en)``; a plain
``label`` column is used for whichever language has none. The same suffixes apply to ``hint`` and
``constraint_message``.

Supported types: ``select_one L``, ``select_multiple L``, ``integer``, ``decimal``, ``text``,
``date``, ``note``, ``image``, ``signature``, ``geopoint``, ``begin_group``/``end_group``.

A malformed template is refused as a whole with :class:`TemplateRefused`, which lists every
problem with its sheet, row (as Excel numbers it) and reason.

Answer values (what callers store and pass in): integer → ``int``; decimal → ``float``;
select_multiple → ``list[str]``; geopoint → ``"lat lon"`` (see :func:`parse_geopoint`, which
accepts typed or pasted ``"lat lon"`` / ``"lat, lon"``); date → ``"YYYY-MM-DD"``; image and
signature → the attachment's SHA-256; everything else → ``str``.

Scoring convention (Verifica's own columns, ignored by other XLSForm tools):

* ``verifica_fail_if``: an expression, with ``.`` the item's answer; when true the item *failed*.
* Without it, a ``select_one`` whose list has a choice named ``no`` is a yes/no item: answering
  ``no`` fails it.
* An answer ``na`` (no aplica) takes the item out of the score.
* ``verifica_points``: the item's weight (default 1). ``0`` takes an item out of the score: use it
  for yes/no questions that only steer the form ("¿Usa gas?").

An item scores when it is visible (relevant) and scored by one of the rules above; it earns its
points when answered and not failed. :func:`score` returns the points, the maximum, and the
failed items in form order.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core import form_expressions as fx
from desktop.errors import InvalidInput
from sync.protocol import canonical_json

FIELD_TYPES = (
    "select_one",
    "select_multiple",
    "integer",
    "decimal",
    "text",
    "date",
    "note",
    "image",
    "signature",
    "geopoint",
)
ANSWERLESS = ("note",)
LANG_COLUMNS = {"es": ("::español (es)", "::es"), "en": ("::english (en)", "::en")}
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


# -- the definition tree --------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """One option of a choice list."""

    name: str
    label_es: str
    label_en: str


@dataclass(frozen=True)
class Field:
    """One question (or note) of a form."""

    name: str
    type: str
    label_es: str
    label_en: str
    hint_es: str = ""
    hint_en: str = ""
    required: bool = False
    relevant: str = ""
    constraint: str = ""
    constraint_message_es: str = ""
    constraint_message_en: str = ""
    list_name: str = ""
    choices: tuple[Choice, ...] = ()
    fail_if: str = ""
    points: float = 1.0


@dataclass(frozen=True)
class Group:
    """A ``begin_group``…``end_group`` block; its ``relevant`` applies to all it holds."""

    name: str
    label_es: str
    label_en: str
    relevant: str = ""
    items: tuple[Field | Group, ...] = ()


@dataclass(frozen=True)
class Form:
    """A validated template: code (``form_id``), version, title and its items."""

    code: str
    version: int
    title: str
    items: tuple[Field | Group, ...]

    def fields(self) -> Iterator[tuple[Field, tuple[Group, ...]]]:
        """Every field in form order with the groups that enclose it (outermost first)."""
        yield from _walk(self.items, ())

    def field(self, name: str) -> Field:
        """The field called ``name``.

        Raises:
            InvalidInput: the form has no such field.
        """
        for f, _ in self.fields():
            if f.name == name:
                return f
        raise InvalidInput(
            f"El formato {self.code} no tiene la pregunta «{name}».",
            f"Form {self.code} has no question “{name}”.",
        )

    def expr(self, source: str) -> fx.Node:
        """The parsed AST of one of the form's expressions (parsed once per process)."""
        return _parse_cached(source)


@functools.lru_cache(maxsize=4096)
def _parse_cached(source: str) -> fx.Node:
    return fx.parse(source)


def _walk(
    items: Iterable[Field | Group], groups: tuple[Group, ...]
) -> Iterator[tuple[Field, tuple[Group, ...]]]:
    for item in items:
        if isinstance(item, Group):
            yield from _walk(item.items, (*groups, item))
        else:
            yield item, groups


# -- refusing a malformed template ----------------------------------------------------------


@dataclass(frozen=True)
class TemplateIssue:
    """One thing wrong with a template, where Excel would show it."""

    sheet: str
    row: int
    reason_es: str
    reason_en: str


class TemplateRefused(InvalidInput):
    """The template is malformed; ``issues`` lists every problem found."""

    def __init__(self, issues: list[TemplateIssue]) -> None:
        self.issues = tuple(issues)
        es = "; ".join(f"hoja {i.sheet}, fila {i.row}: {i.reason_es}" for i in issues)
        en = "; ".join(f"sheet {i.sheet}, row {i.row}: {i.reason_en}" for i in issues)
        super().__init__(
            f"El formato no es válido ({len(issues)} problema(s)): {es}",
            f"The form template is not valid ({len(issues)} problem(s)): {en}",
            hint_es="Corrija el archivo en Excel y vuelva a cargarlo. No se guardó nada.",
            hint_en="Fix the file in Excel and load it again. Nothing was saved.",
        )


Row = dict[str, str]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _sheet_rows(ws: Any) -> list[tuple[int, Row]]:
    """(excel row number, {lower-cased header: text}) for each non-empty data row."""
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return []
    names = [_cell(h).lower() for h in header]
    out: list[tuple[int, Row]] = []
    for number, values in enumerate(rows, start=2):
        row = {n: _cell(v) for n, v in zip(names, values, strict=False) if n}
        if any(row.values()):
            out.append((number, row))
    return out


def load_xlsform(path: Path | str) -> Form:
    """Read and validate an XLSForm workbook.

    Raises:
        TemplateRefused: the workbook is unreadable or malformed (every problem listed).
    """
    from openpyxl import load_workbook  # imported here: only template loading needs it

    try:
        wb = load_workbook(Path(path), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise TemplateRefused(
            [TemplateIssue("-", 0, f"no se pudo leer el archivo: {exc}", f"unreadable: {exc}")]
        ) from exc
    try:
        sheets = {name.lower(): _sheet_rows(wb[name]) for name in wb.sheetnames}
    finally:
        wb.close()
    missing = [s for s in ("survey", "settings") if s not in sheets]  # choices is optional
    if missing:
        raise TemplateRefused(
            [TemplateIssue(s, 0, "falta la hoja", "the sheet is missing") for s in missing]
        )
    return build_form(sheets["survey"], sheets.get("choices", []), sheets["settings"])


def _label(row: Row, column: str, lang: str) -> str:
    for key, value in row.items():
        is_lang = any(key.endswith(s) for s in LANG_COLUMNS[lang])
        if value and key.startswith(column + "::") and is_lang:
            return value
    return row.get(column, "")


def _parse_expr(
    source: str, column: str, sheet_row: int, issues: list[TemplateIssue]
) -> fx.Node | None:
    try:
        return fx.parse(source)
    except fx.ExpressionError as exc:
        issues.append(
            TemplateIssue("survey", sheet_row, f"{column}: {exc.es}", f"{column}: {exc.en}")
        )
        return None


def build_form(
    survey: list[tuple[int, Row]],
    choices: list[tuple[int, Row]],
    settings: list[tuple[int, Row]],
) -> Form:
    """Validate sheet rows (as :func:`load_xlsform` reads them) and build the form.

    Raises:
        TemplateRefused: every problem found, with sheet, row and reason.
    """
    issues: list[TemplateIssue] = []
    lists: dict[str, list[Choice]] = {}
    for number, row in choices:
        list_name, name = row.get("list_name", ""), row.get("name", "")
        if not list_name or not name:
            issues.append(
                TemplateIssue(
                    "choices", number, "falta list_name o name", "list_name or name is missing"
                )
            )
            continue
        options = lists.setdefault(list_name, [])
        if any(c.name == name for c in options):
            issues.append(
                TemplateIssue(
                    "choices",
                    number,
                    f"opción repetida «{name}» en la lista «{list_name}»",
                    f"duplicate choice “{name}” in list “{list_name}”",
                )
            )
        options.append(Choice(name, _label(row, "label", "es"), _label(row, "label", "en")))

    setting = settings[0][1] if settings else {}
    code = setting.get("form_id", "")
    title = setting.get("form_title", "") or code
    version_text = setting.get("version", "")
    settings_row = settings[0][0] if settings else 2
    if not code:
        issues.append(TemplateIssue("settings", settings_row, "falta form_id", "form_id missing"))
    try:
        version = int(version_text)
        if version < 1:
            raise ValueError
    except ValueError:
        version = 0
        issues.append(
            TemplateIssue(
                "settings",
                settings_row,
                f"version debe ser un entero positivo (hay «{version_text}»)",
                f"version must be a positive integer (found “{version_text}”)",
            )
        )

    stack: list[tuple[int, Row, list[Field | Group]]] = [(0, {}, [])]
    seen: dict[str, int] = {}
    refs: list[tuple[int, str, set[str]]] = []
    for number, row in survey:
        type_text = " ".join(row.get("type", "").split())
        name = row.get("name", "")
        base, _, list_name = type_text.partition(" ")
        if base == "end_group":
            if len(stack) == 1:
                issues.append(
                    TemplateIssue(
                        "survey",
                        number,
                        "end_group sin begin_group",
                        "end_group without begin_group",
                    )
                )
                continue
            g_number, g_row, g_items = stack.pop()
            stack[-1][2].append(
                Group(
                    g_row.get("name", ""),
                    _label(g_row, "label", "es"),
                    _label(g_row, "label", "en"),
                    g_row.get("relevant", ""),
                    tuple(g_items),
                )
            )
            continue
        if base not in (*FIELD_TYPES, "begin_group"):
            issues.append(
                TemplateIssue(
                    "survey",
                    number,
                    f"tipo desconocido «{type_text}»",
                    f"unknown type “{type_text}”",
                )
            )
            continue
        if not name or not _NAME.match(name):
            issues.append(
                TemplateIssue(
                    "survey", number, f"nombre inválido «{name}»", f"invalid name “{name}”"
                )
            )
        elif name in seen:
            issues.append(
                TemplateIssue(
                    "survey",
                    number,
                    f"nombre repetido «{name}» (ya en la fila {seen[name]})",
                    f"duplicate name “{name}” (already on row {seen[name]})",
                )
            )
        else:
            seen[name] = number
        for column in ("relevant", "constraint", "verifica_fail_if"):
            source = row.get(column, "")
            if source:
                node = _parse_expr(source, column, number, issues)
                if node is not None:
                    refs.append((number, column, fx.field_refs(node)))
        if base == "begin_group":
            stack.append((number, row, []))
            continue
        field_choices: tuple[Choice, ...] = ()
        if base in ("select_one", "select_multiple"):
            if not list_name:
                issues.append(
                    TemplateIssue(
                        "survey",
                        number,
                        f"{base} necesita el nombre de una lista de opciones",
                        f"{base} needs a choice list name",
                    )
                )
            elif list_name not in lists:
                issues.append(
                    TemplateIssue(
                        "survey",
                        number,
                        f"la lista de opciones «{list_name}» no existe en la hoja choices",
                        f"choice list “{list_name}” is not in the choices sheet",
                    )
                )
            else:
                field_choices = tuple(lists[list_name])
        elif list_name:
            issues.append(
                TemplateIssue(
                    "survey",
                    number,
                    f"tipo desconocido «{type_text}»",
                    f"unknown type “{type_text}”",
                )
            )
        required_text = row.get("required", "").lower()
        if required_text not in ("", "yes", "true", "true()", "no", "false", "false()", "1", "0"):
            issues.append(
                TemplateIssue(
                    "survey",
                    number,
                    f"required debe ser yes o no (hay «{required_text}»)",
                    f"required must be yes or no (found “{required_text}”)",
                )
            )
        points_text = row.get("verifica_points", "") or "1"
        try:
            points = float(points_text)
        except ValueError:
            points = 1.0
            issues.append(
                TemplateIssue(
                    "survey",
                    number,
                    f"verifica_points debe ser un número (hay «{points_text}»)",
                    f"verifica_points must be a number (found “{points_text}”)",
                )
            )
        stack[-1][2].append(
            Field(
                name=name,
                type=base,
                label_es=_label(row, "label", "es"),
                label_en=_label(row, "label", "en"),
                hint_es=_label(row, "hint", "es"),
                hint_en=_label(row, "hint", "en"),
                required=required_text in ("yes", "true", "true()", "1"),
                relevant=row.get("relevant", ""),
                constraint=row.get("constraint", ""),
                constraint_message_es=_label(row, "constraint_message", "es"),
                constraint_message_en=_label(row, "constraint_message", "en"),
                list_name=list_name,
                choices=field_choices,
                fail_if=row.get("verifica_fail_if", ""),
                points=points,
            )
        )
    for g_number, g_row, _ in stack[1:]:
        issues.append(
            TemplateIssue(
                "survey",
                g_number,
                f"el grupo «{g_row.get('name', '')}» no se cierra con end_group",
                f"group “{g_row.get('name', '')}” has no end_group",
            )
        )
    for number, column, names in refs:
        for unknown in sorted(names - seen.keys()):
            issues.append(
                TemplateIssue(
                    "survey",
                    number,
                    f"{column} usa ${{{unknown}}}, que no existe",
                    f"{column} refers to ${{{unknown}}}, which does not exist",
                )
            )
    if not survey:
        issues.append(TemplateIssue("survey", 1, "no hay preguntas", "there are no questions"))
    if issues:
        raise TemplateRefused(sorted(issues, key=lambda i: (i.sheet != "survey", i.sheet, i.row)))
    return Form(code=code, version=version, title=title, items=tuple(stack[0][2]))


# -- canonical JSON ----------------------------------------------------------------------------


def _item_to_dict(item: Field | Group) -> dict[str, Any]:
    if isinstance(item, Group):
        return {
            "kind": "group",
            "name": item.name,
            "label_es": item.label_es,
            "label_en": item.label_en,
            "relevant": item.relevant,
            "items": [_item_to_dict(i) for i in item.items],
        }
    data: dict[str, Any] = {"kind": "field"}
    for key in Field.__dataclass_fields__:
        value = getattr(item, key)
        if key == "choices":
            value = [
                {"name": c.name, "label_es": c.label_es, "label_en": c.label_en} for c in value
            ]
        data[key] = value
    return data


def _item_from_dict(data: Mapping[str, Any]) -> Field | Group:
    if data["kind"] == "group":
        return Group(
            data["name"],
            data["label_es"],
            data["label_en"],
            data["relevant"],
            tuple(_item_from_dict(i) for i in data["items"]),
        )
    values = {k: v for k, v in data.items() if k != "kind"}
    values["choices"] = tuple(Choice(**c) for c in values["choices"])
    return Field(**values)


def to_definition(form: Form) -> str:
    """The form as canonical JSON (sorted keys, compact), as stored in ``form_templates``."""
    body = {
        "code": form.code,
        "version": form.version,
        "title": form.title,
        "items": [_item_to_dict(i) for i in form.items],
    }
    return canonical_json(body)


def from_definition(text: str) -> Form:
    """Rebuild a form from :func:`to_definition`'s JSON."""
    body = json.loads(text)
    return Form(
        code=body["code"],
        version=int(body["version"]),
        title=body["title"],
        items=tuple(_item_from_dict(i) for i in body["items"]),
    )


# -- answers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerProblem:
    """One answer that does not pass: the field and what to tell the person."""

    field: str
    message_es: str
    message_en: str


def parse_geopoint(text: str) -> tuple[float, float]:
    """Read typed or pasted coordinates: ``"20.67 -103.35"`` or ``"20.67, -103.35"``.

    Raises:
        InvalidInput: not two numbers, or outside latitude/longitude range.
    """
    parts = [p for p in re.split(r"[\s,;]+", text.strip()) if p]
    try:
        if len(parts) not in (2, 3, 4):  # ODK appends altitude and accuracy
            raise ValueError
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise InvalidInput(
            f"Coordenadas no válidas «{text}»: escriba latitud y longitud, p. ej. 20.67 -103.35.",
            f"Invalid coordinates “{text}”: type latitude and longitude, e.g. 20.67 -103.35.",
        ) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidInput(
            f"Coordenadas fuera de rango «{text}».", f"Coordinates out of range “{text}”."
        )
    return lat, lon


def coerce_answer(f: Field, value: Any) -> Any:
    """Normalise a raw answer (typed text or a value) to the stored type; ``None`` clears it.

    Raises:
        InvalidInput: the value does not fit the field's type or choices.
    """
    if value is None or value == "" or value == []:
        return None
    label = f.label_es or f.name
    label_en = f.label_en or f.name
    try:
        if f.type == "integer":
            if isinstance(value, float) and not value.is_integer():
                raise ValueError
            if isinstance(value, bool):
                raise ValueError
            return int(str(value).strip()) if not isinstance(value, int) else value
        if f.type == "decimal":
            if isinstance(value, bool):
                raise ValueError
            return float(str(value).strip().replace(",", "."))
        if f.type == "date":
            if isinstance(value, dt.date):
                return value.isoformat()
            return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        kind_es = {"integer": "un número entero", "decimal": "un número", "date": "una fecha"}
        raise InvalidInput(
            f"«{label}» debe ser {kind_es[f.type]}; se recibió «{value}».",
            f"“{label_en}” must be {'an integer' if f.type == 'integer' else 'a ' + f.type}; "
            f"got “{value}”.",
        ) from None
    if f.type in ("image", "signature"):
        text = str(value).strip().lower()
        if not _SHA256.match(text):
            raise InvalidInput(
                f"«{label}» debe ser un adjunto guardado (su SHA-256).",
                f"“{label_en}” must be a stored attachment (its SHA-256).",
            )
        return text
    if f.type == "geopoint":
        lat, lon = parse_geopoint(str(value))
        return f"{lat} {lon}"
    if f.type == "note":
        raise InvalidInput(
            f"«{label}» es una nota; no lleva respuesta.", f"“{label_en}” is a note; no answer."
        )
    names = {c.name for c in f.choices}
    if f.type == "select_one":
        text = str(value).strip()
        if text not in names:
            raise InvalidInput(
                f"«{text}» no es una opción de «{label}».",
                f"“{text}” is not an option of “{label_en}”.",
            )
        return text
    if f.type == "select_multiple":
        picked = value.split() if isinstance(value, str) else [str(v) for v in value]
        bad = [p for p in picked if p not in names]
        if bad:
            raise InvalidInput(
                f"«{', '.join(bad)}» no es una opción de «{label}».",
                f"“{', '.join(bad)}” is not an option of “{label_en}”.",
            )
        return [c.name for c in f.choices if c.name in picked] or None
    return str(value).strip() or None


def _is_relevant(
    form: Form, f: Field, groups: tuple[Group, ...], answers: Mapping[str, Any]
) -> bool:
    sources = [g.relevant for g in groups if g.relevant]
    if f.relevant:
        sources.append(f.relevant)
    return all(fx.evaluate(form.expr(s), answers) for s in sources)


def _visible(form: Form, answers: Mapping[str, Any]) -> tuple[list[Field], dict[str, Any]]:
    """The visible fields and the answers as relevance sees them.

    As in ODK, a hidden field counts as unanswered: hiding a question also hides whatever
    depended on its answer. Masking can hide more, so repeat until nothing changes (at most
    once per field).
    """
    fields = list(form.fields())
    effective = dict(answers)
    for _ in range(len(fields) + 1):
        visible = [f for f, groups in fields if _is_relevant(form, f, groups, effective)]
        names = {f.name for f in visible}
        masked = {k: v for k, v in answers.items() if k in names}
        if masked == effective:
            break
        effective = masked
    return visible, effective


def visible_fields(form: Form, answers: Mapping[str, Any]) -> list[Field]:
    """The fields shown for these answers (their own and their groups' ``relevant`` hold).

    An answer to a hidden field counts as unanswered for other fields' ``relevant``.
    """
    return _visible(form, answers)[0]


def validate_answers(form: Form, answers: Mapping[str, Any]) -> list[AnswerProblem]:
    """Every problem with ``answers``: type, choices, required (only when relevant), constraints.

    Answers to hidden (irrelevant) fields are not checked: they are not part of the result.
    """
    problems: list[AnswerProblem] = []
    visible, answers = _visible(form, answers)
    for f in visible:
        if f.type in ANSWERLESS:
            continue
        raw = answers.get(f.name)
        try:
            value = coerce_answer(f, raw)
        except InvalidInput as exc:
            problems.append(AnswerProblem(f.name, exc.es, exc.en))
            continue
        if value is None:
            if f.required:
                problems.append(
                    AnswerProblem(
                        f.name,
                        f"«{f.label_es or f.name}» es obligatoria.",
                        f"“{f.label_en or f.name}” is required.",
                    )
                )
            continue
        if f.constraint and not fx.evaluate(form.expr(f.constraint), answers, value):
            problems.append(
                AnswerProblem(
                    f.name,
                    f.constraint_message_es or f"«{f.label_es or f.name}» no es válida.",
                    f.constraint_message_en or f"“{f.label_en or f.name}” is not valid.",
                )
            )
    return problems


# -- scoring -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """Points earned, points possible, and the names of failed items in form order."""

    points: float
    max_points: float
    failed_items: tuple[str, ...]


def is_scored(f: Field) -> bool:
    """Whether ``f`` counts for the score (module docstring: the convention)."""
    if f.points == 0:
        return False
    if f.fail_if:
        return True
    return f.type == "select_one" and any(c.name == "no" for c in f.choices)


def score(form: Form, answers: Mapping[str, Any]) -> Score:
    """Score the answers by the form's "failed item" rules (see the module docstring)."""
    points = 0.0
    max_points = 0.0
    failed: list[str] = []
    visible, answers = _visible(form, answers)
    for f in visible:
        if not is_scored(f):
            continue
        value = answers.get(f.name)
        if value == "na":
            continue
        max_points += f.points
        if value is None or value == "" or value == []:
            continue
        fails = fx.evaluate(form.expr(f.fail_if), answers, value) if f.fail_if else value == "no"
        if fails:
            failed.append(f.name)
        else:
            points += f.points
    return Score(points, max_points, tuple(failed))
