"""Issued anuencias: the printed QR verifies offline, edits do not, reprints are identical."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import pytest
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop.core import anuencias, permits, signing, trust, users
from desktop.errors import InvalidInput, NotAllowed
from desktop.print.anuencia import render_anuencia
from desktop.store import Store

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "contraseña-segura"
FOLIO = "PC-2026-00042"
ISSUED = dt.datetime(2026, 3, 1, 17, 5, tzinfo=dt.UTC)
LATER = ISSUED + dt.timedelta(days=10)


def _approved_case(store: Store, admin: users.User, folio: str = FOLIO) -> str:
    actor = store.actor(admin.id)
    dept = permits.create_department(store, actor, code=f"PC{folio[-2:]}", name="Protección Civil")
    biz = permits.create_business(
        store,
        actor,
        name="Abarrotes y Cremería «La Güera»",
        owner_name="María Guadalupe Hernández Núñez",
        address="Av. Tulum Mz. 12 Lt. 4, Local 3",
        colonia="Supermanzana 22",
        scian_code="461110",
        scian_description="Comercio al por menor en tiendas de abarrotes y misceláneas",
    )
    case = permits.create_case(
        store, actor, folio=folio, business_id=biz, received_date=dt.date(2026, 1, 15),
        department_id=dept,
    )  # fmt: skip
    for status in ("en_revision", "inspeccion_programada", "inspeccionado", "aprobado"):
        permits.change_status(store, actor, case, status)
    return case


@pytest.fixture
def key(store: Store, admin: users.User) -> Ed25519PrivateKey:
    private = signing.generate_private_key()
    trust.enrol_key(
        store, admin, signing.public_key_raw(private), source="local",
        valid_from=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )  # fmt: skip
    return private


def _issue(
    store: Store, admin: users.User, key: Ed25519PrivateKey
) -> tuple[anuencias.Anuencia, bytes]:
    return anuencias.issue_anuencia(
        store, admin, FOLIO, key, render=render_anuencia,
        signer_name="Ing. Roberto Carlos Pech Canché", now=ISSUED,
    )  # fmt: skip


def _qr_from_page(pdf: Path) -> zxingcpp.Result:
    prefix = pdf.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
         str(prefix)],
        check=True, timeout=60,
    )  # fmt: skip
    page = cv2.imread(str(prefix.with_suffix(".png")), cv2.IMREAD_GRAYSCALE)
    assert page is not None
    results = zxingcpp.read_barcodes(page)
    assert len(results) == 1
    return results[0]


def test_the_printed_qr_decodes_and_verifies_as_genuine(
    store: Store, admin: users.User, key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    _approved_case(store, admin)
    issued, pdf = _issue(store, admin, key)
    path = tmp_path / "anuencia.pdf"
    path.write_bytes(pdf)

    result = _qr_from_page(path)

    assert result.text == issued.qr_text
    assert result.text.startswith(f"HTTPS://VRF.MX/A/{FOLIO}?p=")
    assert result.extra["ECLevel"] in ("M", "Q")
    check = anuencias.verify_anuencia_qr(
        result.text, trust.trusted_keys(store), store=store, now=LATER
    )
    assert check.genuine and check.folio == FOLIO and check.cancelled is False
    assert check.payload is not None and check.payload["n"] == "Abarrotes y Cremería «La Güera»"
    assert check.payload["u"] == "2027-02-28"
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    for expected in (
        "H. Ayuntamiento de Benito Juárez",
        "ANUENCIA DE PROTECCIÓN CIVIL",
        FOLIO,
        "María Guadalupe Hernández Núñez",
        "461110",
        "Supermanzana 22",
        "1 de marzo de 2026",
        "28 de febrero de 2027",
        "Roberto Carlos Pech Canché",
    ):
        assert expected in text, expected  # fmt: skip


def _edit_one_char(text: str, param: str) -> str:
    start = text.index(f"{param}=") + len(param) + 1 + 10
    swapped = "B" if text[start] != "B" else "C"
    return text[:start] + swapped + text[start + 1 :]


def test_a_one_character_edit_of_payload_or_signature_is_not_genuine(
    store: Store, admin: users.User, key: Ed25519PrivateKey
) -> None:
    _approved_case(store, admin)
    issued, _pdf = _issue(store, admin, key)
    keys = trust.trusted_keys(store)
    for param in ("p", "s"):
        check = anuencias.verify_anuencia_qr(_edit_one_char(issued.qr_text, param), keys, now=LATER)
        assert not check.genuine, param
    for bad in (
        "",
        "x" * 5000,
        issued.qr_text.replace("/A/", "/C/"),
        issued.qr_text + "&p=x",
        issued.qr_text.replace(FOLIO, "PC-2026-00043"),
        12345,
        "HTTPS://VRF.MX/A/X?p=&s=",
    ):
        assert not anuencias.verify_anuencia_qr(bad, keys, now=LATER).genuine  # fmt: skip
    forger = signing.generate_private_key()
    other = signing.TrustedKeys(
        [signing.TrustedKey(signing.public_key_raw(forger), dt.datetime(2000, 1, 1, tzinfo=dt.UTC))]
    )
    assert not anuencias.verify_anuencia_qr(issued.qr_text, other, now=LATER).genuine


def test_a_reprint_is_byte_identical_even_from_another_process(
    store: Store, admin: users.User, key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    _approved_case(store, admin)
    issued, pdf = _issue(store, admin, key)
    # A later edit of the business does not change the document already issued.
    biz = store.db.execute("SELECT business_id FROM permit_cases").fetchone()[0]
    with store.write() as db:
        db.execute("UPDATE businesses SET owner_name = 'Otra Persona' WHERE id = ?", [biz])

    assert anuencias.reprint(store, FOLIO, render=render_anuencia) == pdf
    assert hashlib.sha256(pdf).hexdigest() == issued.pdf_sha256
    out = tmp_path / "reimpresion.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(store.data_dir), "anuencia",
         "print", FOLIO, "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == pdf


def test_issuing_requires_an_approved_case_a_manager_and_a_published_key(
    store: Store, admin: users.User, key: Ed25519PrivateKey
) -> None:
    case = _approved_case(store, admin)
    actor = store.actor(admin.id)
    with store.write() as db:
        db.execute("UPDATE permit_cases SET status = 'inspeccionado' WHERE id = ?", [case])
    with pytest.raises(InvalidInput, match="only an approved case"):
        _issue(store, admin, key)
    permits.change_status(store, actor, case, "aprobado")
    clerk = users.create_user(
        store, actor, username="capturista", display_name="C", password=PASSWORD, role="clerk"
    )
    with pytest.raises(NotAllowed):
        anuencias.issue_anuencia(
            store, clerk, FOLIO, key, render=render_anuencia, signer_name="X", now=ISSUED
        )
    with pytest.raises(InvalidInput, match="not published"):
        _issue(store, admin, signing.generate_private_key())
    assert store.db.execute("SELECT count(*) FROM anuencias").fetchone()[0] == 0
    assert permits.get_case(store, case).status == "aprobado"

    issued, _pdf = _issue(store, admin, key)
    row = store.db.execute(
        "SELECT status, issued_at, valid_until FROM permit_cases WHERE id = ?", [case]
    ).fetchone()
    assert row == ("emitido", "2026-03-01T17:05:00Z", "2027-02-28")
    logged = store.db.execute(
        "SELECT data FROM change_log WHERE entity = 'permit_cases' AND entity_id = ? "
        "ORDER BY rowid DESC LIMIT 1",
        [case],
    ).fetchone()[0]
    assert json.loads(logged)["valid_until"] == "2027-02-28"
    audit = store.db.execute(
        "SELECT details FROM audit_events WHERE action = 'anuencias.issue'"
    ).fetchone()[0]
    assert json.loads(audit)["pdf_sha256"] == issued.pdf_sha256
    with pytest.raises(InvalidInput):  # issued once: the case is no longer approved
        _issue(store, admin, key)


def test_cancelling_records_the_change_and_the_qr_reads_cancelled_here(
    store: Store, admin: users.User, key: Ed25519PrivateKey
) -> None:
    case = _approved_case(store, admin)
    issued, _pdf = _issue(store, admin, key)
    with pytest.raises(InvalidInput, match="reason"):
        anuencias.cancel_anuencia(store, admin, FOLIO, " ")

    done = anuencias.cancel_anuencia(store, admin, FOLIO, "Cambio de giro sin aviso")

    assert done.cancelled_at is not None and done.cancel_reason == "Cambio de giro sin aviso"
    assert permits.get_case(store, case).status == "cancelado"
    logged = [
        json.loads(r[0])
        for r in store.db.execute(
            "SELECT data FROM change_log WHERE entity = 'permit_cases' AND entity_id = ?", [case]
        )
    ]
    assert logged[-1]["status"] == "cancelado"
    check = anuencias.verify_anuencia_qr(
        issued.qr_text, trust.trusted_keys(store), store=store, now=LATER
    )
    assert check.genuine and check.cancelled is True
    with pytest.raises(InvalidInput, match="already cancelled"):
        anuencias.cancel_anuencia(store, admin, FOLIO, "otra vez")


def test_the_cli_issues_with_a_key_file_and_cancels(
    store: Store, admin: users.User, tmp_path: Path
) -> None:
    _approved_case(store, admin)
    env = {**os.environ, "VERIFICA_PASSWORD": PASSWORD}
    key_file = tmp_path / "claves" / "firma.pem"
    key_file.parent.mkdir()
    base = [sys.executable, "-m", "desktop", "--data-dir", str(store.data_dir)]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*base, *args], capture_output=True, text=True, cwd=ROOT, env=env, check=False
        )

    assert run("badge", "keygen", "--key-file", str(key_file), "--user", "admin").returncode == 0
    out = tmp_path / "anuencia.pdf"
    no_signer = run("anuencia", "issue", FOLIO, "--out", str(out), "--key-file", str(key_file),
                    "--user", "admin")  # fmt: skip
    assert no_signer.returncode == 2 and "firma" in no_signer.stderr and not out.exists()
    done = run("anuencia", "issue", FOLIO, "--out", str(out), "--key-file", str(key_file),
               "--user", "admin", "--signer", "Lic. Ana Pérez")  # fmt: skip
    assert done.returncode == 0, done.stderr
    check = anuencias.verify_anuencia_qr(
        _qr_from_page(out).text, trust.trusted_keys(store), store=store
    )
    assert check.genuine and check.cancelled is False
    cancelled = run("anuencia", "cancel", FOLIO, "--reason", "Error de captura", "--user", "admin")
    assert cancelled.returncode == 0, cancelled.stderr
    assert anuencias.get_by_folio(store, FOLIO).cancelled_at is not None
