"""Users and sign-in: argon2id password hashes, the first administrator, authentication."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from desktop.core.ids import utc_now, uuid7
from desktop.errors import AuthenticationFailed, InvalidInput
from desktop.store.changes import append_audit, record_change
from desktop.store.db import Actor, Store
from desktop.store.schema import ROLES

# argon2-cffi's defaults are argon2id (RFC 9106 low-memory profile).
_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 8


@dataclass(frozen=True)
class User:
    """A signed-in person (or kiosk device account)."""

    id: str
    username: str
    display_name: str
    role: str
    department_id: str | None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def has_users(store: Store) -> bool:
    return store.db.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None


def create_user(
    store: Store,
    actor: Actor,
    *,
    username: str,
    display_name: str,
    password: str,
    role: str,
    department_id: str | None = None,
    password_hash: str | None = None,
) -> User:
    """Create a user. ``password_hash`` lets bulk tools reuse one hash (demo data only)."""
    username = username.strip()
    display_name = display_name.strip()
    if not username or not display_name:
        raise InvalidInput(
            "El usuario y el nombre son obligatorios.", "User name and full name are required."
        )
    if role not in ROLES:
        raise InvalidInput(f"Rol desconocido: {role}", f"Unknown role: {role}")
    if password_hash is None:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidInput(
                f"La contraseña debe tener al menos {MIN_PASSWORD_LENGTH} caracteres.",
                f"The password must have at least {MIN_PASSWORD_LENGTH} characters.",
            )
        password_hash = hash_password(password)
    now = utc_now()
    row: dict[str, Any] = {
        "id": uuid7(),
        "username": username,
        "display_name": display_name,
        "password_hash": password_hash,
        "role": role,
        "department_id": department_id,
        "active": 1,
        "created_at": now,
        "updated_at": now,
    }
    with store.write() as db:
        if db.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone():
            raise InvalidInput(
                f"Ya existe el usuario {username}.", f"The user {username} already exists."
            )
        db.table("users").insert(row)
        public = {k: v for k, v in row.items() if k != "password_hash"}
        record_change(db, actor, "users", row["id"], "insert", public)
    return User(row["id"], username, display_name, role, department_id)


def create_first_admin(store: Store, *, username: str, display_name: str, password: str) -> User:
    """First run: create the administrator. Refused once any user exists."""
    if has_users(store):
        raise InvalidInput(
            "Ya hay usuarios en esta carpeta de datos.", "This data folder already has users."
        )
    return create_user(
        store,
        store.actor(None),
        username=username,
        display_name=display_name,
        password=password,
        role="admin",
    )


def authenticate(store: Store, username: str, password: str) -> User:
    """Check a user name and password; audit the sign-in.

    Raises:
        AuthenticationFailed: unknown user, wrong password or inactive account (one message for
            all three, so the screen does not reveal which user names exist).
    """
    row = store.db.execute(
        "SELECT id, username, display_name, role, department_id, password_hash, active "
        "FROM users WHERE username = ?",
        [username.strip()],
    ).fetchone()
    failed = AuthenticationFailed(
        "Usuario o contraseña incorrectos.",
        "Wrong user name or password.",
        hint_es="Revise las mayúsculas y vuelva a intentarlo.",
        hint_en="Check the letter case and try again.",
    )
    if row is None:
        _hasher.hash(password)  # spend the same time as a real check
        raise failed
    try:
        _hasher.verify(row[5], password)
    except (VerificationError, InvalidHashError):
        with store.write() as db:
            append_audit(db, store.actor(None), "login.failed", "users", row[0], {})
        raise failed from None
    if not row[6]:
        raise failed
    user = User(row[0], row[1], row[2], row[3], row[4])
    with store.write() as db:
        append_audit(db, store.actor(user.id), "login.ok", "users", user.id, {})
    return user
