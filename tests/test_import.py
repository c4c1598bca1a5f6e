"""Importing the backlog from CSV/XLSX (all or nothing), exporting a view, and the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
import sqlite3
import subprocess
from pathlib import Path

import openpyxl
import pytest
from desktop_cli import run_verifica

from desktop.core import imports, users
from desktop.core.dates import DateRefused, parse_date
from desktop.core.exports import export_cases
from desktop.core.imports import ColumnMapping, guess_mapping, read_sheet, validate
from desktop.errors import InvalidInput
from desktop.store import Actor, Store, open_store
from desktop.store.cases import CaseQuery
from desktop.store.changes import verify_audit_chain

TODAY = dt.date(2026, 11, 25)
TABLES = (
    "permit_cases",
    "businesses",
    "case_status_history",
    "case_notes",
    "change_log",
    "audit_events",
)


def counts(store: Store) -> dict[str, int]:
    return {t: store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture
def clerk(store: Store, actor: Actor) -> users.User:
    return users.create_user(
        store,
        actor,
        username="capturista",
        display_name="Karla Hernández",
        password="contraseña-segura",
        role="clerk",
    )


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")
    return path


# -- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "05/01/2025",
        "5/1/25",
        "05-01-2025",
        "5.1.2025",
        "2025-01-05",
        "2025/01/05",
        "20250105",
        "5-ene-2025",
        "05/ENE/2025",
        "05 de enero de 2025",
        "domingo, 5 de enero del 2025",
        "ene 5 2025",
        "Enero 5, 2025",
        "5-Jan-2025",
        "45662",
        "45662.0",
        "2025-01-05T10:30:00",
        "05/01/2025 10:30",
    ],
)
def test_the_date_formats_mexican_offices_use_are_read(text: str) -> None:
    assert parse_date(text) == dt.date(2025, 1, 5)


def test_excel_cells_are_read_as_dates() -> None:
    assert parse_date(45662) == dt.date(2025, 1, 5)
    assert parse_date(45662.75) == dt.date(2025, 1, 5)
    assert parse_date(dt.datetime(2025, 1, 5, 13, 0)) == dt.date(2025, 1, 5)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/02/2025", "febrero de 2025 no tiene día 31"),
        ("13/13/2025", "no existe el mes 13"),
        ("5-enx-2025", "mes desconocido «enx»"),
        ("mañana", "no es una fecha reconocible"),
        ("9981234567", "no es una fecha de Excel"),
        ("1/1/1", "año con 4 dígitos"),
        ("", "fecha vacía"),
    ],
)
def test_impossible_or_unreadable_dates_are_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(DateRefused) as refused:
        parse_date(text)
    assert reason in refused.value.es


# -- the mapping ------------------------------------------------------------------------------


def test_headers_are_matched_ignoring_accents_case_spaces_and_underscores() -> None:
    mapping = guess_mapping(
        ["FECHA_RECEPCION", "No. de expediente", "Razón social", "Giro", "COL.", "Tel", "Notas"]
    )
    assert mapping.columns == {
        "folio": "No. de expediente",
        "received_date": "FECHA_RECEPCION",
        "business_name": "Razón social",
        "colonia": "COL.",
        "scian_description": "Giro",
        "phone": "Tel",
        "notes": "Notas",
    }
    assert guess_mapping(["Fecha de recepción"]).columns == {"received_date": "Fecha de recepción"}
    # A more specific header wins and each header feeds one field only.
    both = guess_mapping(["Razón social", "Nombre del establecimiento", "Fecha límite"])
    assert both.columns == {"business_name": "Nombre del establecimiento"}


def test_the_mapping_round_trips_through_json_files_and_the_store(
    store: Store, actor: Actor, tmp_path: Path
) -> None:
    mapping = ColumnMapping(
        {"folio": "No. de expediente", "received_date": "Fecha", "business_name": "Negocio"}
    )
    assert ColumnMapping.from_json(mapping.to_json()) == mapping
    mapping.save(tmp_path / "mapeo.json")
    assert ColumnMapping.load(tmp_path / "mapeo.json") == mapping
    imports.save_mapping(store, actor, "Padrón 2025", mapping)
    assert imports.load_mapping(store.db, "Padrón 2025") == mapping
    assert imports.mapping_names(store.db) == ["Padrón 2025"]
    assert imports.remembered_mapping(store) is None
    imports.remember_mapping(store, mapping)
    assert imports.remembered_mapping(store) == mapping


@pytest.mark.parametrize(
    "text", ["not json", "[]", '{"columns": {"color": "Color"}}', '{"columns": {"folio": 3}}']
)
def test_a_broken_mapping_file_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        ColumnMapping.from_json(text)


# -- reading files ----------------------------------------------------------------------------

MESSY_CSV = [
    "Padrón de expedientes de Protección Civil 2025;;;;;;;",
    ";;;;;;;",
    "No. de expediente;Fecha de recepción;Razón social;Propietario;Colonia;Giro;Riesgo;Asignado a",
    "PC-2025-0001;05/01/2025;Tacos El Güero;José Pérez;Centro;Taquería;Bajo;capturista",
    "PC-2025-0002;5-ene-2025;Abarrotes Doña Chela;Graciela May;SM 23;Abarrotes;medio;",
    ";;;;;;;",
    "PC-2025-0003;31/02/2025;Farmacia San Judas;;Centro;Farmacia;bajo;",
    "PC-2025-0001;06/01/2025;Estética Lupita;;SM 64;Estética;bajo;",
    "PC-2025-0004;07 de enero de 2025;;Rosa Chan;SM 2;Papelería;bajo;",
    "PC-2025-0005;ene 8 2025;Ferretería El Clavo;;Colosio;Ferretería;altísimo;",
    "PC-2025-0006;45665;Lavandería Burbujas;;Centro;Lavandería;bajo;fulano",
    ";09/01/2025;Cocina Económica Doña Mary;;Centro;Fonda;bajo;",
    "",
    "PC-2025-0007;15/01/2099;Pizzería Napoli;;Centro;Pizzería;bajo;",
    "PC-PREVIO-1;10/01/2025;Negocio ya registrado;;Centro;;bajo;",
    "PC-2025-0008;mañana;Tortillería La Abuela;;Centro;Tortillería;bajo;",
]
MESSY_CSV_ERRORS = [
    "fila 7, columna Fecha de recepción: fecha imposible «31/02/2025»: febrero de 2025 no tiene "
    "día 31",
    "fila 8, columna No. de expediente: folio repetido «PC-2025-0001» (ya está en la fila 4)",
    "fila 9, columna Razón social: falta establecimiento (obligatorio)",
    "fila 10, columna Riesgo: nivel de riesgo desconocido «altísimo» (bajo, medio o alto)",
    "fila 11, columna Asignado a: usuario desconocido «fulano» (escriba su nombre de usuario)",
    "fila 12, columna No. de expediente: falta folio (obligatorio)",
    "fila 14, columna Fecha de recepción: fecha futura 15/01/2099 (hoy es 25/11/2026)",
    "fila 15, columna No. de expediente: el folio «PC-PREVIO-1» ya existe en la base de datos",
    "fila 16, columna Fecha de recepción: «mañana» no es una fecha reconocible (use dd/mm/aaaa)",
]


def _existing_case(store: Store, actor: Actor) -> None:
    from desktop.core import permits

    business = permits.create_business(store, actor, name="Negocio ya registrado")
    permits.create_case(
        store,
        actor,
        folio="PC-PREVIO-1",
        business_id=business,
        received_date=dt.date(2025, 1, 10),
    )


def test_a_windows_csv_with_a_title_row_and_semicolons_is_read(tmp_path: Path) -> None:
    sheet = read_sheet(write_csv(tmp_path / "padron.csv", MESSY_CSV, "cp1252"))
    assert sheet.encoding == "cp1252" and sheet.delimiter == ";"
    assert sheet.header_row == 3
    assert sheet.headers[:3] == ("No. de expediente", "Fecha de recepción", "Razón social")
    assert [r.number for r in sheet.rows] == [4, 5, 7, 8, 9, 10, 11, 12, 14, 15, 16]
    assert sheet.rows[0].values[2] == "Tacos El Güero"


def test_a_messy_csv_is_refused_with_one_line_per_bad_row_and_nothing_written(
    store: Store, actor: Actor, clerk: users.User, tmp_path: Path
) -> None:
    _existing_case(store, actor)
    path = write_csv(tmp_path / "padron.csv", MESSY_CSV, "cp1252")
    before = counts(store)
    plan = validate(store.db, read_sheet(path), today=TODAY)
    assert plan.error_lines() == MESSY_CSV_ERRORS
    assert plan.refused_rows == len(MESSY_CSV_ERRORS)
    assert [r.folio for r in plan.records] == ["PC-2025-0001", "PC-2025-0002"]
    with pytest.raises(InvalidInput):
        imports.apply_import(store, actor, plan)
    report = imports.import_file(store, actor, path, today=TODAY)
    assert report.imported == 0 and not report.ok
    assert report.lines()[-len(MESSY_CSV_ERRORS) :] == MESSY_CSV_ERRORS
    assert counts(store) == before


def test_a_messy_xlsx_is_refused_with_one_line_per_bad_row_and_nothing_written(
    store: Store, actor: Actor, tmp_path: Path
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    rows = [
        ["Folio", "Fecha de recepción", "Establecimiento", "Colonia", "Giro", "Nivel de riesgo"],
        ["PC-1", dt.datetime(2025, 1, 5), "Tacos El Güero", "Centro", "Taquería", "bajo"],
        ["PC-2", 45663, "Abarrotes Chela", "SM 23", "Abarrotes", "Medio"],
        [None, None, None, None, None, None],
        ["PC-3", "05/01/2025", "Farmacia", "Centro", "Farmacia", "bajo"],
        ["PC-2", "6-ene-2025", "Estética Lupita", "SM 64", "Estética", "bajo"],
        [1234, "13/13/2025", "Papelería", "SM 2", "Papelería", "bajo"],
        ["PC-4", None, "Ferretería", "Colosio", "Ferretería", "alto"],
        [],
        ["PC-5", 9981234567, "Lavandería", "Centro", "Lavandería", "bajo"],
    ]
    for row in rows:
        sheet.append(row)
    sheet["B2"].number_format = "DD/MM/YYYY"
    path = tmp_path / "padron.xlsx"
    workbook.save(path)
    before = counts(store)
    report = imports.import_file(store, actor, path, today=TODAY)
    assert [e.text() for e in report.errors] == [
        "fila 6, columna Folio: folio repetido «PC-2» (ya está en la fila 3)",
        "fila 7, columna Fecha de recepción: fecha imposible «13/13/2025»: no existe el mes 13 "
        "(se espera día/mes/año)",
        "fila 8, columna Fecha de recepción: falta fecha de recepción (obligatorio)",
        "fila 10, columna Fecha de recepción: el número 9981234567 no es una fecha de Excel",
    ]
    assert report.rows_read == 7 and report.imported == 0
    assert counts(store) == before


def test_a_missing_required_column_is_one_file_level_error(
    store: Store, actor: Actor, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "sin_fecha.csv",
        ["Folio,Establecimiento,Colonia", "PC-1,Tacos,Centro", "PC-2,Abarrotes,SM 23"],
    )
    before = counts(store)
    report = imports.import_file(store, actor, path, today=TODAY)
    assert [e.text() for e in report.errors] == [
        "archivo, columna Fecha de recepción: falta la columna obligatoria; agréguela al "
        "archivo o asígnela en el mapeo"
    ]
    assert counts(store) == before


def test_a_mapping_naming_a_column_the_file_lacks_is_a_file_level_error(
    store: Store, actor: Actor, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "a.csv", ["Folio,Fecha,Negocio", "PC-1,05/01/2025,Tacos"])
    mapping = ColumnMapping(
        {"folio": "Folio", "received_date": "Fecha", "business_name": "Negocio", "phone": "Tel"}
    )
    report = imports.import_file(store, actor, path, mapping, today=TODAY)
    assert [e.text("en") for e in report.errors] == [
        "file, column Tel: the mapping's column for 'Phone' is not in the file"
    ]


def test_a_month_first_column_makes_its_day_month_dates_ambiguous(
    store: Store, actor: Actor, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "us.csv",
        [
            "Folio,Fecha de recepción,Negocio",
            "PC-1,03/04/2025,Tacos",
            "PC-2,12/31/2025,Abarrotes",
            "PC-3,2025-04-03,Farmacia",
            "PC-4,15/04/2025,Papelería",
        ],
    )
    report = imports.import_file(store, actor, path, today=TODAY)
    assert [(e.row, e.column) for e in report.errors] == [
        (2, "Fecha de recepción"),
        (3, "Fecha de recepción"),
    ]
    assert "fecha ambigua «03/04/2025»" in report.errors[0].es
    assert "no existe el mes 31" in report.errors[1].es


CLEAN_CSV = [
    "Folio,Fecha de recepción,Nombre del establecimiento,Titular,Domicilio,Colonia,"
    "Código SCIAN,Giro,Nivel de riesgo,Teléfono,Tipo de trámite,Asignado a,Observaciones",
    'PC-2025-0101,02/06/2025,Tacos El Güero,José Pérez,"Av. Tulum 12, local 3",Centro,722514,'
    "Tacos y tortas,bajo,998 123 4567,,capturista,Trae copia del uso de suelo",
    "PC-2025-0102,3-jun-2025,Abarrotes Doña Chela,Graciela May,Calle 20 #5,SM 23,461110,"
    "Abarrotes,Riesgo medio,,Revalidación de anuencia de Protección Civil,,",
    "PC-2025-0103,45812,Farmacia San Judas,Rosa Chan,Retorno 5,Colosio,464111,Farmacia,,,,,",
]


def test_a_clean_csv_imports_every_row_with_history_due_dates_and_audit(
    store: Store, actor: Actor, clerk: users.User, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "limpio.csv", CLEAN_CSV, "utf-8-sig")
    before = counts(store)
    progress: list[tuple[int, int]] = []
    report = imports.import_file(
        store, actor, path, today=TODAY, on_progress=lambda d, t: progress.append((d, t))
    )
    assert report.ok and report.imported == 3, report.lines()
    assert progress[-1] == (3, 3)
    rows = store.db.execute(
        "SELECT c.folio, c.received_date, c.status, c.procedure_type, c.due_date, "
        "c.assignee_id, b.name, b.owner_name, b.address, b.colonia, b.scian_code, "
        "b.scian_description, b.risk_level, b.phone FROM permit_cases c "
        "JOIN businesses b ON b.id = c.business_id ORDER BY c.folio"
    ).fetchall()
    assert rows == [
        ("PC-2025-0101", "2025-06-02", "recibido", "anuencia_bajo_riesgo", "2025-06-23",
         clerk.id, "Tacos El Güero", "José Pérez", "Av. Tulum 12, local 3", "Centro", "722514",
         "Tacos y tortas", "bajo", "998 123 4567"),
        ("PC-2025-0102", "2025-06-03", "recibido", "revalidacion_anuencia", "2025-06-17",
         None, "Abarrotes Doña Chela", "Graciela May", "Calle 20 #5", "SM 23", "461110",
         "Abarrotes", "medio", ""),
        ("PC-2025-0103", "2025-06-04", "recibido", "anuencia_bajo_riesgo", "2025-06-25",
         None, "Farmacia San Judas", "Rosa Chan", "Retorno 5", "Colosio", "464111",
         "Farmacia", "bajo", ""),
    ]  # fmt: skip
    after = counts(store)
    assert after["case_status_history"] == before["case_status_history"] + 3
    assert after["case_notes"] == before["case_notes"] + 1
    # business + case + history per row, plus the note.
    assert after["change_log"] == before["change_log"] + 3 * 3 + 1
    assert verify_audit_chain(store.db).ok
    assert store.db.execute(
        "SELECT count(*) FROM audit_events WHERE action = 'import.cases'"
    ).fetchone() == (1,)


def test_a_clean_xlsx_imports(store: Store, actor: Actor, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["FOLIO", "FECHA_RECEPCION", "RAZON_SOCIAL", "COLONIA", "TELEFONO"])
    sheet.append([1001, dt.datetime(2025, 3, 3), "Tortillería La Abuela", "Centro", 9981234567])
    sheet.append(["PC-1002", 45720, "Panadería", "SM 5", None])
    path = tmp_path / "limpio.xlsx"
    workbook.save(path)
    report = imports.import_file(store, actor, path, today=TODAY)
    assert report.ok and report.imported == 2, report.lines()
    assert store.db.execute(
        "SELECT c.folio, c.received_date, b.phone FROM permit_cases c "
        "JOIN businesses b ON b.id = c.business_id ORDER BY c.folio"
    ).fetchall() == [("1001", "2025-03-03", "9981234567"), ("PC-1002", "2025-03-04", "")]


def test_cancelling_an_import_rolls_everything_back(
    store: Store, actor: Actor, clerk: users.User, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "limpio.csv", CLEAN_CSV)
    plan = validate(store.db, read_sheet(path), today=TODAY)
    assert plan.ok
    before = counts(store)
    calls = iter([False, False, True])
    report = imports.apply_import(store, actor, plan, is_cancelled=lambda: next(calls))
    assert report.cancelled and report.imported == 0
    assert counts(store) == before
    assert verify_audit_chain(store.db).ok


def test_dry_run_validates_and_writes_nothing(
    store: Store, actor: Actor, clerk: users.User, tmp_path: Path
) -> None:
    before = counts(store)
    report = imports.import_file(
        store, actor, write_csv(tmp_path / "a.csv", CLEAN_CSV), dry_run=True, today=TODAY
    )
    assert report.ok and report.imported == 0 and report.rows_read == 3
    assert counts(store) == before


@pytest.mark.parametrize("name", ["viejo.xls", "hoja.ods", "no_existe.csv"])
def test_files_that_are_not_csv_or_xlsx_are_refused_plainly(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name != "no_existe.csv":
        path.write_bytes(b"\xd0\xcf\x11\xe0 not really a workbook")
    with pytest.raises(InvalidInput):
        read_sheet(path)


def test_a_broken_xlsx_is_refused_plainly(tmp_path: Path) -> None:
    path = tmp_path / "roto.xlsx"
    path.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(InvalidInput, match="xlsx"):
        read_sheet(path)


# -- export -----------------------------------------------------------------------------------


def test_an_export_opens_in_excel_and_imports_again(
    store: Store, actor: Actor, clerk: users.User, tmp_path: Path
) -> None:
    imports.import_file(store, actor, write_csv(tmp_path / "a.csv", CLEAN_CSV), today=TODAY)
    for suffix in (".csv", ".xlsx"):
        out = tmp_path / f"vista{suffix}"
        result = export_cases(store.db, out, CaseQuery(sort="folio"))
        assert result.rows == 3 and out.is_file()
        if suffix == ".csv":
            assert out.read_bytes().startswith(b"\xef\xbb\xbf")
        other = open_store(tmp_path / f"otra{suffix}")
        try:
            admin = users.create_first_admin(
                other, username="admin", display_name="Admin", password="contraseña-segura"
            )
            users.create_user(
                other,
                other.actor(admin.id),
                username="capturista",
                display_name="Karla",
                password="contraseña-segura",
                role="clerk",
            )
            again = imports.import_file(other, other.actor(admin.id), out, today=TODAY)
            assert again.ok and again.imported == 3, again.lines()
            assert (
                other.db.execute(
                    "SELECT folio, received_date, procedure_type FROM permit_cases ORDER BY folio"
                ).fetchall()
                == store.db.execute(
                    "SELECT folio, received_date, procedure_type FROM permit_cases ORDER BY folio"
                ).fetchall()
            )
        finally:
            other.close()


def test_export_keeps_the_selection_order_and_defuses_formulas(
    store: Store, actor: Actor, tmp_path: Path
) -> None:
    from desktop.core import permits

    ids = []
    for folio, name in (("B-2", '=HYPERLINK("http://x")'), ("A-1", "Tacos")):
        business = permits.create_business(store, actor, name=name)
        ids.append(
            permits.create_case(
                store, actor, folio=folio, business_id=business, received_date=TODAY
            )
        )
    out = tmp_path / "sel.csv"
    export_cases(store.db, out, ids)
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert [r[0] for r in rows[1:]] == ["B-2", "A-1"]
    assert rows[1][4] == '\'=HYPERLINK("http://x")'
    xlsx = tmp_path / "sel.xlsx"
    export_cases(store.db, xlsx, ids)
    sheet = openpyxl.load_workbook(xlsx, read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][4] == '=HYPERLINK("http://x")'  # stored as text, not as a formula
    assert values[1][2] == dt.datetime(2026, 11, 25)


def test_export_refuses_other_formats_and_missing_folders(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput):
        export_cases(store.db, tmp_path / "x.ods", CaseQuery())
    with pytest.raises(InvalidInput):
        export_cases(store.db, tmp_path / "no_existe" / "x.xlsx", CaseQuery())
    assert list(tmp_path.iterdir()) == [tmp_path / "data"]


def test_a_selection_prints_as_a_pdf_list_with_every_case_over_several_pages(
    store: Store, actor: Actor, tmp_path: Path
) -> None:

    from desktop.core import permits

    ids = []
    for i in range(60):  # more than one landscape page
        business = permits.create_business(
            store, actor, name=f"Papelería Número {i}", colonia="Región 92"
        )
        ids.append(
            permits.create_case(
                store, actor, folio=f"PC-P-{i:03d}", business_id=business, received_date=TODAY
            )
        )
    permits.change_status(store, actor, ids[0], "en_revision")
    out = tmp_path / "lista.pdf"
    report = export_cases(store.db, out, ids)
    assert report.rows == 60
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert all(f"PC-P-{i:03d}" in text for i in range(60))
    assert "En revisión" in text and "Recibido" in text  # labels, not codes
    assert "Papelería Número 59" in text and "Región 92" in text
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    pages = re.search(r"^Pages:\s+(\d+)$", info.stdout, flags=re.M)
    assert pages is not None and int(pages.group(1)) == 2, info.stdout


def test_a_cancelled_export_leaves_no_file(store: Store, actor: Actor, tmp_path: Path) -> None:
    from desktop.core import permits

    for n in range(3):
        business = permits.create_business(store, actor, name=f"Negocio {n}")
        permits.create_case(store, actor, folio=f"F-{n}", business_id=business, received_date=TODAY)
    calls = iter([False, True])
    result = export_cases(
        store.db, tmp_path / "x.xlsx", CaseQuery(), is_cancelled=lambda: next(calls)
    )
    assert result.cancelled and result.rows == 0
    assert list(tmp_path.iterdir()) == [tmp_path / "data"]


# -- the command line -------------------------------------------------------------------------


verifica = functools.partial(run_verifica, timeout=300)


def case_count(data: Path) -> int:
    with sqlite3.connect(data / "verifica.db") as conn:
        return int(conn.execute("SELECT count(*) FROM permit_cases").fetchone()[0])


def generated_rows(count: int, start: int = 1) -> list[str]:
    colonias = ("Centro", "SM 23", "Región 94", "Colosio", "Puerto Juárez")
    lines = ["No. de expediente;Fecha de recepción;Razón social;Titular;Colonia;Giro;Riesgo"]
    months = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")
    for i in range(start, start + count):
        received = dt.date(2025, 1, 2) + dt.timedelta(days=i % 300)
        if i % 3:
            written = received.strftime("%d/%m/%Y")
        else:
            written = f"{received.day}-{months[received.month - 1]}-{received.year}"
        lines.append(
            f"PC-2025-{i:05d};{written};Negocio {i};Titular {i};{colonias[i % 5]};Abarrotes;"
            f"{('bajo', 'medio')[i % 2]}"
        )
    return lines


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "datos"
    open_store(data).close()
    return data


def test_cli_imports_a_2000_row_file_and_exits_0(data_dir: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "padron.csv", generated_rows(2000), "cp1252")
    result = verifica("import", "cases", path, "--data-dir", data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Importadas: 2000" in result.stdout
    assert case_count(data_dir) == 2000
    store = open_store(data_dir)
    try:
        assert verify_audit_chain(store.db).ok
    finally:
        store.close()


def test_cli_refuses_a_file_with_bad_rows_lists_them_and_changes_nothing(
    data_dir: Path, tmp_path: Path
) -> None:
    first = write_csv(tmp_path / "primero.csv", generated_rows(50))
    assert verifica("import", "cases", first, "--data-dir", data_dir).returncode == 0
    lines = generated_rows(2000, start=51)
    lines[10] = lines[10].replace(";Negocio 60;", ";;")  # row 11: no business name
    lines[500] = lines[500].split(";", 1)[0] + ";31/04/2025;Negocio;X;Centro;Giro;bajo"
    lines[1500] = "PC-2025-00007;02/01/2025;Repetido;X;Centro;Giro;bajo"  # already imported
    bad = write_csv(tmp_path / "malo.csv", lines)
    result = verifica("import", "cases", bad, "--data-dir", data_dir)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "fila 11, columna Razón social: falta establecimiento (obligatorio)" in result.stdout
    assert "fila 501, columna Fecha de recepción: fecha imposible «31/04/2025»" in result.stdout
    assert (
        "fila 1501, columna No. de expediente: el folio «PC-2025-00007» ya existe en la base de "
        "datos" in result.stdout
    )
    assert result.stdout.count("fila ") == 3
    assert case_count(data_dir) == 50


def test_cli_dry_run_and_mapping_file(data_dir: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "raro.csv", ["Clave,Cuándo,Quién", "X-1,05/01/2025,Tacos"])
    mapping = tmp_path / "mapeo.json"
    ColumnMapping({"folio": "Clave", "received_date": "Cuándo", "business_name": "Quién"}).save(
        mapping
    )
    refused = verifica("import", "cases", path, "--data-dir", data_dir, "--dry-run")
    assert refused.returncode == 1 and "falta la columna obligatoria" in refused.stdout
    dry = verifica(
        "import", "cases", path, "--data-dir", data_dir, "--mapping", mapping, "--dry-run"
    )
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert case_count(data_dir) == 0
    real = verifica("--lang", "en", "import", "cases", path, "--mapping", mapping,
                    "--data-dir", data_dir)  # fmt: skip
    assert real.returncode == 0 and "Imported: 1" in real.stdout
    assert case_count(data_dir) == 1


def test_cli_export_writes_the_filtered_view(data_dir: Path, tmp_path: Path) -> None:
    assert (
        verifica(
            "import", "cases", write_csv(tmp_path / "a.csv", generated_rows(20)), "--data-dir",
            data_dir,
        ).returncode
        == 0
    )  # fmt: skip
    out = tmp_path / "vista.csv"
    result = verifica("export", "cases", out, "--search", "Negocio 7", "--data-dir", data_dir)
    assert result.returncode == 0, result.stderr
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert [r[0] for r in rows[1:]] == ["PC-2025-00007"]
    bad = verifica("export", "cases", tmp_path / "x.txt", "--data-dir", data_dir)
    assert bad.returncode == 2 and ".csv" in bad.stderr


def test_cli_import_refuses_a_folder_without_a_database(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", CLEAN_CSV)
    result = verifica("import", "cases", path, "--data-dir", tmp_path / "nada")
    assert result.returncode == 2 and "No hay base de datos" in result.stderr
    assert not (tmp_path / "nada").exists()
