"""Accounts, devices and sign-in: argon2id passwords, hashed device tokens, login rate limit.

* An account is a person (or a kiosk) with a role and maybe a department. Creating one also
  writes a ``users`` record (public fields only) so devices learn of it when they pull; its id
  is the id the desktop uses for that user (an inspector's ``user_id`` points at it).
  ``users`` records that devices push are records only: they never create an account.
* A device is enrolled when a person signs in from it (:func:`login`). The device token is 32
  random bytes, shown once; the server keeps only its SHA-256. An administrator can revoke a
  device; a revoked device, or any device of a disabled account, is refused from then on.
* Sign-in is rate limited per user name and client address: after :data:`MAX_FAILURES` failures
  within :data:`FAILURE_WINDOW_S` seconds every attempt is answered "too many attempts", even
  with the right password, until the window has passed.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from sync import protocol
from sync.server import db, models, policy, push
from sync.server.errors import ApiError, InvalidRequest
from sync.server.events import server_event as server_event
from sync.server.ids import utc_now, uuid7
from sync.server.logs import log
from sync.server.policy import Principal

MAX_FAILURES = 5
FAILURE_WINDOW_S = 60.0
MIN_PASSWORD_LENGTH = 8
LAST_SEEN_EVERY_S = 60.0
USERNAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")

_hasher = PasswordHasher()  # argon2id with argon2-cffi's RFC 9106 low-memory defaults


@functools.cache
def _dummy_hash() -> str:
    """A real hash to verify against when the user does not exist: both paths cost the same."""
    return _hasher.hash(secrets.token_hex(16))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


# -- accounts ---------------------------------------------------------------------------------


def normalize_username(username: str) -> str | None:
    name = username.strip().lower()
    return name if USERNAME_RE.fullmatch(name) else None


def resolve_department(conn: Connection, department: str) -> str:
    """A department id from its id or code (codes are case-insensitive)."""
    r = models.records.c
    row = conn.execute(
        select(r.entity_id).where(
            r.entity == "departments",
            ~r.deleted,
            (r.entity_id == department) | (r.lookup == department.strip().upper()),
        )
    ).first()
    if row is None:
        raise InvalidRequest(
            f"No existe la dependencia {department}. Créela con "
            "verifica-server department add --code CÓDIGO --name NOMBRE.",
            f"There is no department {department}. Create it with "
            "verifica-server department add --code CODE --name NAME.",
            status=404,
        )
    return str(row.entity_id)


def add_department(engine: Engine, code: str, name: str) -> str:
    """Create a department record (as the server itself); returns its id."""
    code, name = code.strip().upper(), name.strip()
    if not code or not name or len(code) > 32:
        raise InvalidRequest(
            "El código (hasta 32 caracteres) y el nombre son obligatorios.",
            "The code (up to 32 characters) and the name are required.",
        )
    with db.write(engine) as conn:
        r = models.records.c
        exists = conn.execute(
            select(r.entity_id).where(r.entity == "departments", r.lookup == code)
        ).first()
        if exists is not None:
            raise InvalidRequest(
                f"Ya existe la dependencia {code}.",
                f"The department {code} already exists.",
                status=409,
            )
        now = utc_now()
        dept_id = uuid7()
        row = {"id": dept_id, "code": code, "name": name, "created_at": now, "updated_at": now}
        _server_change(conn, "departments", dept_id, "insert", row, now)
    return dept_id


def _server_change(
    conn: Connection, entity: str, entity_id: str, op: str, data: dict[str, Any], now: str
) -> None:
    change = protocol.Change(
        id=uuid7(),
        entity=entity,
        entity_id=entity_id,
        op=op,  # type: ignore[arg-type]
        data=data,
        at=now,
        device_id="server",
    )
    (result,) = push.apply_changes(conn, policy.SYSTEM, [change], now)
    if result.status != protocol.ACCEPTED:
        raise InvalidRequest(
            f"No se pudo registrar {entity}: {result.reason}",
            f"Could not record {entity}: {result.reason}",
        )


@dataclass(frozen=True)
class AccountInfo:
    id: str
    username: str
    display_name: str
    role: str
    department_id: str | None
    active: bool


def add_account(
    engine: Engine,
    *,
    username: str,
    role: str,
    password: str,
    display_name: str = "",
    department: str | None = None,
    password_hash: str | None = None,
) -> AccountInfo:
    """Create an account and its public ``users`` record.

    Raises:
        InvalidRequest: bad user name, unknown role or department, short password, name taken.
    """
    name = normalize_username(username)
    if name is None:
        raise InvalidRequest(
            "El usuario debe tener de 1 a 64 letras minúsculas, números, '.', '_' o '-'.",
            "The user name must be 1-64 lower-case letters, digits, '.', '_' or '-'.",
        )
    if role not in policy.ROLES:
        raise InvalidRequest(
            f"Rol desconocido: {role}. Roles: {', '.join(policy.ROLES)}",
            f"Unknown role: {role}. Roles: {', '.join(policy.ROLES)}",
        )
    if password_hash is None:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidRequest(
                f"La contraseña debe tener al menos {MIN_PASSWORD_LENGTH} caracteres.",
                f"The password must have at least {MIN_PASSWORD_LENGTH} characters.",
            )
        password_hash = _hasher.hash(password)
    if not all(
        push.valid_text(v, 1024, required=False) for v in (password, display_name, department)
    ):
        raise InvalidRequest(
            "El nombre, la contraseña y la dependencia deben ser texto válido.",
            "The name, the password and the department must be valid text.",
        )
    display = display_name.strip() or name
    with db.write(engine) as conn:
        a = models.accounts.c
        if conn.execute(select(a.id).where(a.username == name)).first() is not None:
            raise InvalidRequest(
                f"Ya existe el usuario {name}.", f"The user {name} already exists.", status=409
            )
        dept_id = resolve_department(conn, department) if department else None
        now = utc_now()
        account_id = uuid7()
        conn.execute(
            insert(models.accounts).values(
                id=account_id,
                username=name,
                display_name=display,
                role=role,
                department_id=dept_id,
                password_hash=password_hash,
                active=True,
                created_at=now,
                updated_at=now,
            )
        )
        public = {
            "id": account_id,
            "username": name,
            "display_name": display,
            "role": role,
            "department_id": dept_id,
            "active": 1,
            "created_at": now,
            "updated_at": now,
        }
        _server_change(conn, "users", account_id, "insert", public, now)
        server_event(conn, "account.created", account_id=account_id, role=role)
    return AccountInfo(account_id, name, display, role, dept_id, True)


def list_accounts(engine: Engine) -> list[AccountInfo]:
    a = models.accounts.c
    with db.read(engine) as conn:
        rows = conn.execute(
            select(a.id, a.username, a.display_name, a.role, a.department_id, a.active).order_by(
                a.username
            )
        ).all()
    return [
        AccountInfo(r.id, r.username, r.display_name, r.role, r.department_id, r.active)
        for r in rows
    ]


def set_active(engine: Engine, username: str, active: bool) -> AccountInfo:
    """Disable (or enable again) an account; a disabled account's devices are refused."""
    name = normalize_username(username) or username
    a = models.accounts.c
    with db.write(engine) as conn:
        row = conn.execute(
            select(a.id, a.username, a.display_name, a.role, a.department_id, a.active).where(
                a.username == name
            )
        ).first()
        if row is None:
            raise InvalidRequest(f"No existe el usuario {name}.", f"There is no user {name}.")
        now = utc_now()
        conn.execute(
            update(models.accounts).where(a.id == row.id).values(active=active, updated_at=now)
        )
        r = models.records.c
        version = conn.execute(
            select(r.version).where(r.entity == "users", r.entity_id == row.id)
        ).scalar_one_or_none()
        if version is not None:
            change = {"active": int(active), "updated_at": now}
            _server_change_update(conn, "users", row.id, change, version, now)
        server_event(conn, "account.enabled" if active else "account.disabled", account_id=row.id)
    return AccountInfo(row.id, row.username, row.display_name, row.role, row.department_id, active)


def _server_change_update(
    conn: Connection, entity: str, entity_id: str, data: dict[str, Any], base: int, now: str
) -> None:
    change = protocol.Change(
        id=uuid7(),
        entity=entity,
        entity_id=entity_id,
        op="update",
        data=data,
        at=now,
        device_id="server",
        base_version=base,
    )
    push.apply_changes(conn, policy.SYSTEM, [change], now)


# -- sign-in and devices ----------------------------------------------------------------------


def _failure_key(username: str, ip: str) -> tuple[str, str]:
    clean = username.strip().lower().replace("\x00", "")[: models.KEY]
    clean = clean.encode("utf-8", "replace").decode("utf-8")
    return clean, ip[: models.KEY]


def _too_many_attempts(retry_after: int) -> ApiError:
    return ApiError(
        429,
        "Demasiados intentos fallidos. Espere un minuto y vuelva a intentarlo.",
        "Too many failed attempts. Wait a minute and try again.",
        headers={"Retry-After": str(retry_after)},
    )


def _login_failed() -> ApiError:
    return ApiError(
        401,
        "Usuario o contraseña incorrectos, o la cuenta está desactivada.",
        "Wrong user name or password, or the account is disabled.",
    )


def login(engine: Engine, request: protocol.LoginRequest, ip: str) -> protocol.LoginResponse:
    """Check the password and enrol the device; returns the device token (shown only once).

    Raises:
        ApiError: 401 for wrong credentials or a disabled account (one message for all), 429 when
            rate limited, 422 for an unusable device name.
    """
    user_key, ip_key = _failure_key(request.username, ip)
    now_s = time.time()
    f = models.login_failures.c
    with db.read(engine) as conn:
        recent = conn.execute(
            select(func.count(), func.min(f.at)).where(
                f.username == user_key, f.ip == ip_key, f.at > now_s - FAILURE_WINDOW_S
            )
        ).one()
    if recent[0] >= MAX_FAILURES:
        retry = max(1, int(recent[1] + FAILURE_WINDOW_S - now_s) + 1)
        log("login.rate_limited", logging.WARNING, username=user_key, ip=ip_key)
        raise _too_many_attempts(retry)

    name = normalize_username(request.username)
    row = None
    if name is not None:
        a = models.accounts.c
        with db.read(engine) as conn:
            row = conn.execute(
                select(a.id, a.username, a.display_name, a.role, a.department_id)
                .add_columns(a.password_hash, a.active)
                .where(a.username == name)
            ).first()
    ok = False
    try:
        ok = _hasher.verify(row.password_hash if row else _dummy_hash(), request.password)
    except (VerificationError, InvalidHashError):
        ok = False
    except UnicodeEncodeError:
        ok = False
    if not ok or row is None or not row.active:
        with db.write(engine) as conn:
            conn.execute(
                insert(models.login_failures).values(username=user_key, ip=ip_key, at=now_s)
            )
            conn.execute(delete(models.login_failures).where(f.at < now_s - 24 * 3600))
            server_event(
                conn,
                "login.failed",
                account_id=row.id if row else None,
                username=user_key,
                ip=ip_key,
            )
        raise _login_failed()

    device_name = request.device_name.replace("\x00", "").strip()[:200]
    device_name = device_name.encode("utf-8", "replace").decode("utf-8") or "(sin nombre)"
    client_device_id = request.device_id
    if client_device_id is not None and not push.valid_text(client_device_id, models.KEY):
        raise ApiError(
            422,
            "El identificador del equipo debe tener de 1 a 64 caracteres.",
            "The device id must have 1 to 64 characters.",
        )
    token = secrets.token_urlsafe(32)
    device_id = uuid7()
    now = utc_now()
    with db.write(engine) as conn:
        conn.execute(delete(models.login_failures).where(f.username == user_key, f.ip == ip_key))
        conn.execute(
            insert(models.devices).values(
                id=device_id,
                account_id=row.id,
                name=device_name,
                client_device_id=client_device_id,
                token_hash=token_hash(token),
                created_at=now,
                last_seen_at=now,
            )
        )
        server_event(conn, "device.enrolled", account_id=row.id, device_id=device_id, ip=ip_key)
    account = protocol.Account(row.id, row.username, row.display_name, row.role, row.department_id)
    return protocol.LoginResponse(token, device_id, account, now)


def principal_for_token(engine: Engine, token: str) -> Principal | None:
    """The account and device behind a device token, or None (unknown, revoked, disabled)."""
    if not token or len(token) > 256:
        return None
    d, a = models.devices.c, models.accounts.c
    with db.read(engine) as conn:
        row = conn.execute(
            select(d.id, d.client_device_id, d.revoked_at, d.last_seen_at, a.id.label("account_id"))
            .add_columns(a.username, a.role, a.department_id, a.active)
            .join_from(models.devices, models.accounts, d.account_id == a.id)
            .where(d.token_hash == token_hash(token))
        ).first()
    if row is None or row.revoked_at is not None or not row.active:
        return None
    now = utc_now()
    if row.last_seen_at is None or _seconds_between(row.last_seen_at, now) > LAST_SEEN_EVERY_S:
        with db.write(engine) as conn:
            conn.execute(update(models.devices).where(d.id == row.id).values(last_seen_at=now))
    return Principal(
        account_id=row.account_id,
        username=row.username,
        role=row.role,
        department_id=row.department_id,
        device_id=row.id,
        client_device_id=row.client_device_id,
    )


def _seconds_between(earlier: str, later: str) -> float:
    fmt = "%Y-%m-%dT%H:%M:%S.%fZ"
    try:
        return (
            dt.datetime.strptime(later, fmt) - dt.datetime.strptime(earlier, fmt)
        ).total_seconds()
    except ValueError:
        return LAST_SEEN_EVERY_S + 1


@dataclass(frozen=True)
class DeviceInfo:
    id: str
    account_id: str
    username: str
    name: str
    client_device_id: str | None
    created_at: str
    last_seen_at: str | None
    revoked_at: str | None
    audit_broken_at: int | None


def list_devices(engine: Engine) -> list[DeviceInfo]:
    d, a, c = models.devices.c, models.accounts.c, models.audit_chains.c
    with db.read(engine) as conn:
        rows = conn.execute(
            select(d.id, d.account_id, a.username, d.name, d.client_device_id, d.created_at)
            .add_columns(d.last_seen_at, d.revoked_at)
            .join_from(models.devices, models.accounts, d.account_id == a.id)
            .order_by(d.created_at)
        ).all()
        broken = {
            r.chain: r.broken_at
            for r in conn.execute(select(c.chain, c.broken_at).where(c.broken_at.is_not(None)))
        }
    return [
        DeviceInfo(
            r.id,
            r.account_id,
            r.username,
            r.name,
            r.client_device_id,
            r.created_at,
            r.last_seen_at,
            r.revoked_at,
            broken.get(r.client_device_id or r.id),
        )
        for r in rows
    ]


def revoke_device(engine: Engine, device_id: str, by: str | None) -> bool:
    """Revoke a device; False when there is no such device. Revoking twice is harmless."""
    d = models.devices.c
    if not push.valid_text(device_id, 36):
        return False
    with db.write(engine) as conn:
        row = conn.execute(select(d.id, d.revoked_at).where(d.id == device_id)).first()
        if row is None:
            return False
        if row.revoked_at is None:
            conn.execute(
                update(models.devices)
                .where(d.id == device_id)
                .values(revoked_at=utc_now(), revoked_by=by)
            )
            server_event(conn, "device.revoked", account_id=by, device_id=device_id)
    return True
