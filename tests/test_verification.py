"""Badge verification: the verdict rules, the registry-age limit, scanned-text fuzzing (10,000
random and mutated texts never raise and never verify) and the scan log."""

from __future__ import annotations

import datetime as dt
import random
import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core import registry, tokens
from desktop.core.registry import RegistryView
from desktop.core.verification import (
    CANNOT_CONFIRM,
    EXPIRED,
    NOT_ISSUED,
    SUSPENDED_OR_REVOKED,
    VALID,
    VERDICTS,
    Verdict,
    record_verification,
    redact_scanned_text,
    verify_scan,
)
from desktop.store import Store
from desktop.store.changes import verify_audit_chain
from sync import protocol

NOW = dt.datetime(2026, 6, 15, 17, 0, tzinfo=dt.UTC)
LIMIT = dt.timedelta(days=7)
BASE = "HTTPS://VRF.MX"
_rng = random.Random(20260615)


def _token() -> str:
    return tokens.token_from_bytes(_rng.randbytes(16))


# Badges of every kind, with fixed tokens (the fuzz test must be reproducible).
T_VALID, T_VALID_2, T_REVOKED, T_SUSPENDED, T_RETIRED, T_EXPIRED, T_DROPPED = (
    _token() for _ in range(7)
)
GENUINE_VALID = (T_VALID, T_VALID_2)


def _registry(generated_at: dt.datetime = NOW - dt.timedelta(hours=3)) -> RegistryView:
    inspector = protocol.RegistryInspector
    badge = protocol.RegistryBadge
    future, past = "2027-12-31", "2026-06-01"
    document = registry.make_registry(
        generated_at=generated_at,
        departments=[protocol.RegistryDepartment("d-pc", "PC", "Protección Civil")],
        inspectors=[
            inspector(
                "i-ana", "Ana Ñúñez", "d-pc", "Inspectora", "a" * 64, "activo", None, None, future
            ),
            inspector(
                "i-luis", "Luis Pech", "d-pc", "Inspector", None, "activo", None, None, future
            ),
            inspector(
                "i-rosa", "Rosa Chi", "d-pc", "Inspectora", None, "suspendido", None, None, future
            ),
            inspector("i-juan", "Juan May", "d-pc", "Inspector", None, "baja", None, None, past),
            inspector("i-eva", "Eva Can", "d-pc", "Inspectora", None, "activo", None, None, past),
        ],
        badges=[
            badge("b1", "i-ana", tokens.token_hash(T_VALID), None, future, None),
            badge("b2", "i-luis", tokens.token_hash(T_VALID_2), None, future, None),
            badge(
                "b0", "i-ana", tokens.token_hash(T_REVOKED), None, future, "2026-05-01T00:00:00Z"
            ),
            badge("b3", "i-rosa", tokens.token_hash(T_SUSPENDED), None, future, None),
            badge("b4", "i-juan", tokens.token_hash(T_RETIRED), None, past, "2026-06-01T00:00:00Z"),
            badge("b5", "i-eva", tokens.token_hash(T_EXPIRED), None, past, None),
            badge("b6", "i-gone", tokens.token_hash(T_DROPPED), None, future, None),
        ],
    )
    return RegistryView.from_registry(protocol.to_dict(document), base_url=BASE)


FRESH = _registry()


def _verify(text: object, view: RegistryView | None = FRESH, **kwargs: object) -> Verdict:
    options: dict[str, object] = {"now": NOW, "max_registry_age": LIMIT}
    options.update(kwargs)
    return verify_scan(text, view, **options)  # type: ignore[arg-type]


def _url(token: str) -> str:
    return f"{BASE}/C/{token}"


# -- the rules -------------------------------------------------------------------------------


def test_the_verdicts_are_exactly_those_the_database_accepts(store: Store) -> None:
    (sql,) = store.db.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'verifications'"
    ).fetchone()
    check = re.search(r"verdict IN\s*\(([^)]*)\)", sql)
    assert check is not None
    assert tuple(re.findall(r"'([a-z_]+)'", check.group(1))) == VERDICTS


@pytest.mark.parametrize(
    ("token", "kind", "reason"),
    [
        (T_VALID, VALID, "Compare la fotografía"),
        (T_REVOKED, SUSPENDED_OR_REVOKED, "reemplazada"),
        (T_SUSPENDED, SUSPENDED_OR_REVOKED, "suspendido"),
        (T_RETIRED, SUSPENDED_OR_REVOKED, "dado de baja"),
        (T_EXPIRED, EXPIRED, "venció el 01/06/2026"),
        (T_DROPPED, SUSPENDED_OR_REVOKED, "ya no figura"),
        (_token(), NOT_ISSUED, "no aparece en el padrón"),
    ],
)
def test_each_kind_of_badge_gets_its_verdict_on_a_fresh_registry(
    token: str, kind: str, reason: str
) -> None:
    verdict = _verify(_url(token))
    assert verdict.kind == kind
    assert reason in verdict.reason("es")
    assert verdict.registry_age == dt.timedelta(hours=3)


def test_a_valid_verdict_carries_the_inspector_and_photo() -> None:
    verdict = _verify(_url(T_VALID))
    assert verdict.inspector is not None
    assert (verdict.inspector.full_name, verdict.inspector.department) == (
        "Ana Ñúñez",
        "Protección Civil",
    )
    assert verdict.photo_sha256 == "a" * 64
    assert verdict.to_json("en")["headline"] == "Active inspector"
    assert verdict.to_json()["registry_age_hours"] == 3.0


def test_a_registry_older_than_the_limit_cannot_confirm_a_valid_or_unknown_badge() -> None:
    stale = _registry(NOW - LIMIT - dt.timedelta(minutes=1))
    for token in (T_VALID, T_SUSPENDED, _token()):
        verdict = _verify(_url(token), stale)
        assert verdict.kind == CANNOT_CONFIRM
        assert "7 días" in verdict.reason("es")
    # What can only get worse still stands: revoked stays revoked, expired stays expired.
    assert _verify(_url(T_REVOKED), stale).kind == SUSPENDED_OR_REVOKED
    assert _verify(_url(T_EXPIRED), stale).kind == EXPIRED
    # Malformed text is a fact about the text, not about the registry.
    assert _verify("HTTPS://EVIL.MX/C/" + T_VALID, stale).kind == NOT_ISSUED
    # The limit is configurable, and a registry just confirmed online is current.
    assert _verify(_url(T_VALID), stale, max_registry_age=dt.timedelta(days=8)).kind == VALID
    assert _verify(_url(T_VALID), stale, online=True).kind == VALID
    just_inside = _registry(NOW - LIMIT + dt.timedelta(minutes=1))
    assert _verify(_url(T_VALID), just_inside).kind == VALID


def test_no_registry_or_a_wrong_clock_cannot_confirm() -> None:
    assert _verify(_url(T_VALID), None).kind == CANNOT_CONFIRM
    assert _verify(_url(T_VALID), RegistryView.empty(BASE)).kind == CANNOT_CONFIRM
    assert _verify("hola", None).kind == NOT_ISSUED
    from_the_future = _registry(NOW + dt.timedelta(days=2))
    verdict = _verify(_url(T_VALID), from_the_future)
    assert verdict.kind == CANNOT_CONFIRM and "fecha y hora" in verdict.reason("es")


def test_scheme_and_host_letter_case_do_not_matter_the_path_and_token_do() -> None:
    assert _verify(f"https://vrf.mx/C/{T_VALID}").kind == VALID
    assert _verify(f"Https://Vrf.Mx/C/{T_VALID}").kind == VALID
    for text in (
        f"https://vrf.mx/c/{T_VALID}",
        f"{BASE}/C/{T_VALID.lower()}",
        f"{BASE}/C/{T_VALID} ",
        f" {BASE}/C/{T_VALID}",
        f"{BASE}/C/{T_VALID}\n",
        f"{BASE}/C/{T_VALID}?a=1",
        f"{BASE}/C/{T_VALID}/",
        f"{BASE}//C/{T_VALID}",
        f"{BASE}:443/C/{T_VALID}",
        f"HTTP://VRF.MX/C/{T_VALID}",
        f"HTTPS://VRF.MX.EVIL.COM/C/{T_VALID}",
        f"HTTPS://WWW.VRF.MX/C/{T_VALID}",
        f"HTTPS://VRF-MX.COM/C/{T_VALID}",
        f"HTTP\u017f://VRF.MX/C/{T_VALID}",  # the long s upper-cases to S
        f"HTTPS://VRF.M\u0425/C/{T_VALID}",  # Cyrillic ha
        f"\uff28\uff34\uff34\uff30\uff33://VRF.MX/C/{T_VALID}",  # fullwidth letters
        f"{BASE}/C/{T_VALID}\u200b",  # zero-width space
        T_VALID,
        "",
    ):
        assert _verify(text).kind == NOT_ISSUED, repr(text)


def test_non_text_input_is_not_issued_rather_than_an_error() -> None:
    for value in (None, b"HTTPS://VRF.MX/C/" + T_VALID.encode(), 42, ["x"], object()):
        assert _verify(value).kind == NOT_ISSUED


# -- fuzzing ---------------------------------------------------------------------------------


def _equivalent_to_a_valid_badge(text: object) -> bool:
    """The oracle: the only texts allowed to verify are a valid badge's URL, with the scheme and
    host in any ASCII letter case."""
    if not isinstance(text, str) or not text.isascii():
        return False
    return any(
        len(text) == len(_url(t))
        and text[: len(BASE)].upper() == BASE
        and text[len(BASE) :] == f"/C/{t}"
        for t in GENUINE_VALID
    )


genuine = st.sampled_from([_url(t) for t in (*GENUINE_VALID, T_REVOKED, T_SUSPENDED)])
any_char = st.characters(codec=None)
hosts = st.sampled_from(
    [
        "HTTPS://VRF.MX.EVIL.COM", "HTTPS://VRF-MX.COM", "HTTPS://VRF.MX@EVIL.COM",
        "HTTP://VRF.MX", "HTTPS://WWW.VRF.MX", "HTTPS://VRF.MX:443", "HTTPS://VRF.MX.",
        "HTTPS://VRF.M", "HTTPS://VRFMX", "HTTPS://VRF.MX/", "VRF.MX", "//VRF.MX",
        "HTTPS://VRF.MX\x00", "HTTPS://VRF.M\u0425", "HTTP\u017f://VRF.MX", "HTTPS://\u0412RF.MX",
        "HTTPS://\uff36\uff32\uff26.MX", "HTTPS://VRF\u3002MX", "HTTPS://VRF.MX\u200b",
        "https://vrf.mx.", "HTTPS://XN--VRF-MX.COM",
    ]
)  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(genuine)
    index = draw(st.integers(0, len(text) - 1))
    kind = draw(st.sampled_from(["replace", "insert", "delete", "swap", "case"]))
    if kind == "replace":
        return text[:index] + draw(any_char) + text[index + 1 :]
    if kind == "insert":
        return text[:index] + draw(any_char) + text[index:]
    if kind == "delete":
        return text[:index] + text[index + 1 :]
    if kind == "swap" and index + 1 < len(text):
        return text[:index] + text[index + 1] + text[index] + text[index + 2 :]
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.swapcase() if f else c for c, f in zip(text, flips, strict=True))


@st.composite
def other_host(draw: st.DrawFn) -> str:
    return draw(hosts) + draw(genuine)[len(BASE) :]


@st.composite
def wrapped(draw: st.DrawFn) -> str:
    return draw(st.text(max_size=8)) + draw(genuine) + draw(st.text(max_size=8))


@st.composite
def random_token(draw: st.DrawFn) -> str:
    return BASE + "/C/" + draw(st.text(tokens.TOKEN_ALPHABET, min_size=24, max_size=28))


scanned = st.one_of(
    mutated(),
    mutated(),
    other_host(),
    wrapped(),
    random_token(),
    st.text(max_size=300),
    st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
    st.binary(max_size=300).map(lambda b: b.decode("utf-8", "surrogateescape")),
    st.binary(max_size=64),
    st.integers(50, 200_000).map(lambda n: ("HTTPS://VRF.MX/C/" + T_VALID) * (n // 43 + 1)),
    st.integers(0, 100_000).map(lambda n: "A" * n),
    st.none(),
)


@settings(
    max_examples=10_000,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=scanned)
def test_random_and_mutated_scans_never_raise_and_never_verify_as_valid(text: object) -> None:
    verdict = _verify(text)
    assert verdict.kind in VERDICTS
    if verdict.kind == VALID:
        assert _equivalent_to_a_valid_badge(text), repr(text)
    stored = redact_scanned_text(text)
    assert len(stored) <= 500
    stored.encode("utf-8")  # always storable


def test_every_genuine_url_and_its_case_variants_verify() -> None:
    for token in GENUINE_VALID:
        for base in (BASE, BASE.lower(), "hTtPs://VrF.mX"):
            assert _verify(f"{base}/C/{token}").kind == VALID


# -- the scan log ----------------------------------------------------------------------------


def test_every_scan_is_stored_with_its_verdict_and_without_the_token(
    store: Store, tmp_path: Path
) -> None:
    actor = store.actor(None)
    scans: list[object] = [
        _url(T_VALID),
        f"https://vrf.mx/C/{T_VALID}",
        _url(T_SUSPENDED),
        _url(_token()),
        "HTTPS://EVIL.MX/C/" + T_VALID,
        "\ud800 lone surrogate \x00 and control",
        "Z" * 100_000,
        b"\xff\xfe raw bytes",
        None,
    ]
    ids = []
    for text in scans:
        verdict = _verify(text)
        ids.append(record_verification(store, actor, text, verdict, "Ventanilla 1"))
    rows = store.db.execute(
        "SELECT id, verdict, scanned_text, token_hash, inspector_id, badge_id, location, "
        "registry_issued_at FROM verifications ORDER BY at, id"
    ).fetchall()
    assert [r[0] for r in rows] == ids
    assert [r[1] for r in rows] == [_verify(t).kind for t in scans]
    first = rows[0]
    assert first[3] == tokens.token_hash(T_VALID) and first[4] == "i-ana"
    assert first[5] is None  # no local badge row on a kiosk: no dangling foreign key
    assert first[6] == "Ventanilla 1" and first[7] == "2026-06-15T14:00:00.000000Z"
    assert first[2].startswith("HTTPS://VRF.MX/C/" + T_VALID[:4]) and T_VALID not in first[2]
    for row in rows:
        assert len(row[2]) <= 500
        assert T_VALID not in row[2].upper() and T_SUSPENDED not in row[2].upper()
    logged = store.db.execute(
        "SELECT count(*) FROM change_log WHERE entity = 'verifications'"
    ).fetchone()[0]
    assert logged == len(scans)
    (data,) = store.db.execute("SELECT group_concat(data) FROM change_log").fetchone()
    assert T_VALID not in data.upper()
    assert verify_audit_chain(store.db).ok
    conn = sqlite3.connect(store.path)
    assert conn.execute("SELECT count(*) FROM verifications").fetchone() == (len(scans),)
    conn.close()
