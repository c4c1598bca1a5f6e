"""The administrator PIN that lets a person leave kiosk mode, and the kiosk's idle timeout.

The PIN is stored as an argon2id hash in the device's settings (``kiosk_pin_hash``); setting it
is an administrator's act, audited like the other device settings (not a synced record). With no
PIN set, kiosk mode cannot be left from the screen at all: the device must be restarted by
someone with access to the machine — a stolen-screen failure is closed, not open.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from desktop.core.users import User
from desktop.errors import InvalidInput, NotAllowed
from desktop.store.changes import append_audit
from desktop.store.db import Store

PIN_SETTING = "kiosk_pin_hash"
IDLE_SETTING = "kiosk_idle_seconds"
DEFAULT_IDLE_SECONDS = 60
MIN_PIN, MAX_PIN = 4, 12
_hasher = PasswordHasher()


def set_kiosk_pin(store: Store, user: User, pin: str) -> None:
    """Set (or replace) the PIN that unlocks kiosk mode on this device.

    Raises:
        NotAllowed: ``user`` is not an administrator.
        InvalidInput: the PIN is not 4 to 12 digits.
    """
    if user.role != "admin":
        raise NotAllowed(
            "Sólo un administrador puede fijar el NIP del quiosco.",
            "Only an administrator may set the kiosk PIN.",
        )
    if not (pin.isdigit() and pin.isascii() and MIN_PIN <= len(pin) <= MAX_PIN):
        raise InvalidInput(
            f"El NIP debe tener de {MIN_PIN} a {MAX_PIN} dígitos.",
            f"The PIN must have {MIN_PIN} to {MAX_PIN} digits.",
        )
    digest = _hasher.hash(pin)
    with store.write() as db:
        db.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [PIN_SETTING, digest],
        )
        append_audit(db, store.actor(user.id), "settings.update", "settings", PIN_SETTING, {})


def has_kiosk_pin(store: Store) -> bool:
    """Whether a PIN has been set on this device."""
    return bool(store.get_setting(PIN_SETTING))


def check_kiosk_pin(store: Store, pin: str) -> bool:
    """Whether ``pin`` unlocks kiosk mode (always false while no PIN is set)."""
    digest = store.get_setting(PIN_SETTING)
    if not digest or not pin:
        return False
    try:
        return _hasher.verify(digest, pin)
    except (VerificationError, InvalidHashError):
        return False


def idle_seconds(store: Store) -> int:
    """Seconds without input after which the kiosk returns to its idle screen."""
    value = store.get_setting(IDLE_SETTING)
    try:
        seconds = int(value) if value else DEFAULT_IDLE_SECONDS
    except ValueError:
        return DEFAULT_IDLE_SECONDS
    return seconds if 5 <= seconds <= 3600 else DEFAULT_IDLE_SECONDS
