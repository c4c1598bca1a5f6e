"""``verifica complaints export``, run as a real subprocess: who may export, and what leaves."""

from __future__ import annotations

import csv
import datetime as dt
import functools
from pathlib import Path

import pytest
from complaints_world import PASSWORD, make_world
from desktop_cli import run_verifica
from openpyxl import load_workbook

from desktop.core import complaints
from desktop.core.complaint_exports import scrub

PERSONAL = ("Lucía Pat Chan", "998 123 4567", "lucia.pat@correo.mx", "Jorge Euán", "9981112233")


verifica = functools.partial(run_verifica, password=PASSWORD)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export") / "datos"
    world = make_world(folder)
    store = world.store
    mine = complaints.file_complaint(
        store, world.clerk, kind="corrupcion", inspector_id=world.beto,
        description="Soy Lucía Pat Chan, llámenme al 998 123 4567 o a lucia.pat@correo.mx.",
        anonymous=False, contact_name="Lucía Pat Chan", contact_phone="998 123 4567",
        contact_email="lucia.pat@correo.mx",
    )  # fmt: skip
    complaints.assign(store, world.admin, mine.complaint_id, world.investigator.id)
    complaints.file_complaint(
        store, world.clerk, kind="riesgo", business_id=world.tienda, source="campo",
        description="=HYPERLINK(\"x\") Hay tanques de gas junto a la estufa.", anonymous=False,
        contact_name="Jorge Euán", contact_phone="9981112233",
    )  # fmt: skip
    complaints.file_complaint(store, world.clerk, kind="otro", description="Anónima.")
    store.close()
    return folder


def _csv_text(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


def test_an_export_without_personal_data_has_no_complainant_names_phones_or_emails(
    data: Path, tmp_path: Path
) -> None:
    for suffix in ("csv", "xlsx"):
        out = tmp_path / f"denuncias.{suffix}"
        run = verifica(
            "complaints", "export", "--data-dir", data, "--out", out,
            "--user", "investigadora", "--no-personal-data", "--since", "2020-01-01",
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        assert "3 denuncias exportadas" in run.stdout
        if suffix == "csv":
            text = _csv_text(out)
            rows = list(csv.reader(text.splitlines()))
        else:
            sheet = load_workbook(out, read_only=True).active
            assert sheet is not None
            values = sheet.iter_rows(values_only=True)
            rows = [["" if c is None else str(c) for c in r] for r in values]
            text = "\n".join("\t".join(r) for r in rows)
        assert len(rows) == 4 and "Nombre de contacto" not in rows[0]
        for value in PERSONAL:
            assert value not in text, (suffix, value)
        assert "@" not in text
        assert "Hay tanques de gas" in text  # what happened is still there
        assert not any(cell.startswith("=") for row in rows for cell in row)


def test_a_full_export_shows_contact_data_only_for_the_exporters_complaints(
    data: Path, tmp_path: Path
) -> None:
    out = tmp_path / "denuncias.csv"
    run = verifica(
        "complaints", "export", "--data-dir", data, "--out", out, "--user", "investigadora"
    )
    assert run.returncode == 0, run.stderr
    rows = {r["Folio"]: r for r in csv.DictReader(_csv_text(out).splitlines())}
    by_name = {r["Nombre de contacto"] for r in rows.values()}
    assert "Lucía Pat Chan" in by_name  # assigned to her
    assert "Jorge Euán" not in by_name and complaints.REDACTED in by_name  # not assigned
    other = tmp_path / "otro.csv"
    assert (
        verifica(
            "complaints", "export", "--data-dir", data, "--out", other, "--user", "contralor"
        ).returncode
        == 0
    )
    assert "Lucía Pat Chan" not in {
        r["Nombre de contacto"] for r in csv.DictReader(_csv_text(other).splitlines())
    }


@pytest.mark.parametrize("username", ["capturista", "supervisora", "ana"])
def test_other_roles_cannot_export(data: Path, tmp_path: Path, username: str) -> None:
    out = tmp_path / "no.csv"
    run = verifica("complaints", "export", "--data-dir", data, "--out", out, "--user", username)
    assert run.returncode == 2
    assert "Contraloría" in run.stderr
    assert not out.exists() and not list(tmp_path.iterdir())


def test_since_limits_the_export_and_the_export_is_audited(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "d.csv"
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    run = verifica(
        "complaints", "export", "--data-dir", data, "--out", out, "--user", "admin",
        "--since", tomorrow, "--lang", "en",
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "0 complaints exported" in run.stdout
    check = verifica("check", "--data-dir", data)
    assert check.returncode == 0, check.stdout + check.stderr


def test_scrub_blanks_emails_phones_and_the_name() -> None:
    text = scrub("Ana Ruiz (ana@x.mx, +52 (998) 123-45-67) vio el 12/05.", ["ana ruiz"])
    assert text == "[dato omitido] ([dato omitido], [dato omitido]) vio el 12/05."
