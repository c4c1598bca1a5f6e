"""Sign-in: argon2id hashes, wrong passwords refused, failures audited."""

from __future__ import annotations

import pytest

from desktop.core import users
from desktop.errors import AuthenticationFailed, InvalidInput
from desktop.store import Store


def test_passwords_are_stored_as_argon2id_hashes(store: Store, admin: users.User) -> None:
    stored = store.db.execute("SELECT password_hash FROM users").fetchone()[0]
    assert stored.startswith("$argon2id$")
    assert "contraseña-segura" not in stored


def test_login_with_the_right_password_returns_the_user(store: Store, admin: users.User) -> None:
    assert users.authenticate(store, "admin", "contraseña-segura") == admin
    assert users.authenticate(store, "ADMIN", "contraseña-segura").id == admin.id


@pytest.mark.parametrize(
    ("username", "password"),
    [("admin", "contraseña-segurA"), ("admin", ""), ("nadie", "contraseña-segura")],
)
def test_login_with_a_wrong_password_or_unknown_user_fails(
    store: Store, admin: users.User, username: str, password: str
) -> None:
    with pytest.raises(AuthenticationFailed) as info:
        users.authenticate(store, username, password)
    assert info.value.es == "Usuario o contraseña incorrectos."


def test_failed_logins_are_audited(store: Store, admin: users.User) -> None:
    with pytest.raises(AuthenticationFailed):
        users.authenticate(store, "admin", "adivinando")
    action = store.db.execute(
        "SELECT action FROM audit_events ORDER BY seq DESC LIMIT 1"
    ).fetchone()[0]
    assert action == "login.failed"


def test_an_inactive_user_cannot_sign_in(store: Store, admin: users.User) -> None:
    store.db.execute("UPDATE users SET active = 0")
    store.db.conn.commit()
    with pytest.raises(AuthenticationFailed):
        users.authenticate(store, "admin", "contraseña-segura")


def test_first_admin_only_once_and_short_passwords_refused(store: Store) -> None:
    with pytest.raises(InvalidInput):
        users.create_first_admin(store, username="a", display_name="A", password="corta")
    users.create_first_admin(store, username="a", display_name="A", password="suficiente")
    with pytest.raises(InvalidInput):
        users.create_first_admin(store, username="b", display_name="B", password="suficiente")
