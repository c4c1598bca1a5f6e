"""Public pages a citizen's phone opens: badges (valid, suspended, expired, forged), anuencias."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from urllib.parse import quote

import httpx
import pytest
import server_helpers as h
from server_helpers import ServerProcess

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@dataclass
class Badges:
    valid: str
    suspended: str
    revoked: str
    expired: str
    photo: bytes


@pytest.fixture(scope="module")
def badges(server: ServerProcess) -> Badges:
    admin = server.admin()
    dept = h.department("PCX" + h.new_id()[:4].upper())
    photo = PNG + os.urandom(16)  # a PNG with trailing bytes: a distinct file per backend run
    sha = hashlib.sha256(photo).hexdigest()
    assert (
        admin.http.put(
            f"/attachments/{sha}", params={"total": len(photo)}, content=photo
        ).status_code
        == 201
    )
    active = h.inspector(dept["id"], full_name="Luis Enrique Pech Dzul", photo_sha256=sha)
    suspended = h.inspector(dept["id"], full_name="Pedro Canul Poot", status="suspendido")
    tokens = {name: h.badge_token() for name in ("valid", "suspended", "revoked", "expired")}
    rows = [
        h.badge(active["id"], tokens["valid"]),
        h.badge(suspended["id"], tokens["suspended"]),
        h.badge(active["id"], tokens["revoked"], revoked_at=h.now_iso()),
        h.badge(active["id"], tokens["expired"], expires_at="2020-12-31"),
    ]
    statuses = admin.statuses(
        [
            h.change("departments", dept),
            h.change("attachments", h.attachment(photo), entity_id=sha),
            h.change("inspectors", active),
            h.change("inspectors", suspended),
        ]
        + [h.change("badges", b) for b in rows]
    )
    assert set(statuses) == {"accepted"}
    return Badges(**tokens, photo=photo)


def _page(server: ServerProcess, path: str) -> tuple[int, str]:
    r = httpx.get(f"{server.url}{path}", timeout=30)
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["Cache-Control"] == "no-store"
    return r.status_code, r.text


def _verdict(html: str) -> str:
    match = re.search(r'data-verdict="([a-z_]+)"', html)
    assert match, html
    return match.group(1)


def test_a_valid_badge_shows_photo_name_department_and_valid(
    server: ServerProcess, badges: Badges
) -> None:
    status, html = _page(server, f"/c/{badges.valid}")
    assert status == 200
    assert _verdict(html) == "valid"
    assert "Credencial válida" in html
    assert "Luis Enrique Pech Dzul" in html and "Dependencia PCX" in html
    assert '<html lang="es-MX">' in html and 'name="viewport"' in html
    photo = httpx.get(f"{server.url}/c/{badges.valid}/foto")
    assert photo.status_code == 200 and photo.content == badges.photo
    assert photo.headers["content-type"] == "image/png"


def test_the_badge_url_is_case_insensitive(server: ServerProcess, badges: Badges) -> None:
    for path in (f"/C/{badges.valid}", f"/c/{badges.valid.lower()}", f"/C/{badges.valid}%20"):
        status, html = _page(server, path)
        assert (status, _verdict(html)) == (200, "valid"), path


@pytest.mark.parametrize(
    ("which", "verdict", "title"),
    [
        ("suspended", "suspended_or_revoked", "Credencial suspendida o revocada"),
        ("revoked", "suspended_or_revoked", "Credencial suspendida o revocada"),
        ("expired", "expired", "Credencial fuera de vigencia"),
    ],
)
def test_suspended_revoked_and_expired_badges_say_so(
    server: ServerProcess, badges: Badges, which: str, verdict: str, title: str
) -> None:
    _, html = _page(server, f"/c/{getattr(badges, which)}")
    assert _verdict(html) == verdict
    assert title in html


def test_forged_and_edited_badges_are_not_valid_credentials(
    server: ServerProcess, badges: Badges
) -> None:
    edited = badges.valid[:-1] + ("A" if badges.valid[-1] != "A" else "B")
    forged = [
        h.badge_token(),  # well-formed, never issued
        edited,  # one character changed
        badges.valid + "A",  # too long
        "NOT-A-TOKEN",
        "../../etc/passwd",
        "x" * 5000,
    ]
    for token in forged:
        status, html = _page(server, "/c/" + quote(token, safe=""))
        assert status == 200
        assert _verdict(html) == "not_issued", token
        assert "No es una credencial válida" in html
        assert "Pech Dzul" not in html
    assert httpx.get(f"{server.url}/c/{edited}/foto").status_code == 404


def _anuencia(server: ServerProcess, status: str) -> dict:
    admin = server.admin()
    dept = h.department()
    biz = h.business(name="Taquería El Fogón", owner_name="Ramón Dzib Cen", phone="9980000000")
    case = h.case(dept["id"], biz["id"], status=status, valid_until="2099-12-31")
    assert set(
        admin.statuses(
            [
                h.change("departments", dept),
                h.change("businesses", biz),
                h.change("permit_cases", case),
            ]
        )
    ) == {"accepted"}
    return case


def test_a_cancelled_anuencia_says_cancelada(server: ServerProcess) -> None:
    case = _anuencia(server, "cancelado")
    status, html = _page(server, f"/a/{case['folio']}")
    assert status == 200
    assert 'data-status="Cancelada"' in html and "Anuencia Cancelada" in html
    assert "Taquería El Fogón" in html and "Comercio al por menor" in html


def test_an_issued_anuencia_is_vigente_by_folio_or_id_in_any_case(server: ServerProcess) -> None:
    case = _anuencia(server, "emitido")
    for path in (f"/a/{case['folio']}", f"/A/{case['folio'].lower()}", f"/a/{case['id']}"):
        status, html = _page(server, path)
        assert status == 200 and 'data-status="Vigente"' in html, path
        assert "2099-12-31" in html


def test_an_anuencia_page_shows_no_personal_data(server: ServerProcess) -> None:
    case = _anuencia(server, "emitido")
    _, html = _page(server, f"/a/{case['folio']}")
    assert "Ramón Dzib Cen" not in html and "9980000000" not in html


def test_an_unknown_anuencia_is_not_found(server: ServerProcess) -> None:
    _, html = _page(server, "/a/PC-NO-EXISTE")
    assert "No encontramos esta anuencia" in html


def test_public_pages_link_to_filing_a_complaint(server: ServerProcess, badges: Badges) -> None:
    _, html = _page(server, f"/c/{badges.valid}")
    assert 'href="/denuncia"' in html
    status, page = _page(server, "/denuncia")
    assert status == 200 and "Contraloría" in page
