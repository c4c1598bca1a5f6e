"""Ed25519 signing keys and the set of keys a verifier trusts (badge registries, anuencias).

Shared by the desktop and the server (``sync`` imports nothing from ``desktop``); the desktop
uses it through :mod:`desktop.core.signing`, which turns these errors into its own.

Trust model
===========

* **The private key lives only on the issuing side.** That is the central server, or — for a
  municipality that runs without one — the administrator's workstation, where it is kept in the
  operating system's keyring (:func:`save_private_key_to_keyring`) or in a PEM file *outside the
  data folder* with owner-only permissions (:func:`save_private_key`, mode ``0600``; a file that
  group or others can read is refused by :func:`load_private_key`). It is never written to the
  SQLite file, never synced, never copied to a kiosk.
* **Kiosks hold only public keys.** A kiosk learns its first key at enrolment: an administrator
  pins it (``verifica badge import-registry FILE --trust-key PUBLIC_KEY``, or the kiosk set-up
  screen), comparing the key id shown with the one the issuing side printed. After that, the
  trusted set changes only through a registry signed by a key the kiosk already trusts
  (``desktop.core.trust.accept_registry``): the signed registry lists the keys to trust from
  then on, each with its validity window.
* **What a signature covers.** Registries: :func:`sync.protocol.registry_signing_bytes` (the
  canonical JSON of the registry without its signature fields; see :mod:`sync.registry_signing`).
  Signed payloads such as anuencias: :func:`canonical_bytes` of a JSON value (sorted keys, no
  spaces, UTF-8, no floats). Either way the signature is checked over bytes recomputed from the
  *parsed* document, so what was checked is exactly what is used.
* **Key id**: the first 16 hex digits of SHA-256 of the raw 32-byte public key. It names a key in
  signatures and on screens; the full public key is what is pinned.
* **The server** reads its key from ``VERIFICA_SIGNING_KEY_FILE`` (a 0600 PEM outside its data
  folder) and, during a rotation, the keys to publish from ``VERIFICA_PUBLISHED_KEYS_FILE``
  (:func:`sync.registry_signing.registry_signer_from_env`).

Rotation procedure
==================

1. On the issuing side create the new key B (``verifica badge keygen --key-file NEW.pem`` on an
   admin workstation, which also publishes B; on the server add B's entry to the published-keys
   file). Keep signing with the current key A.
2. Close A's window some weeks ahead (``desktop.core.trust.end_key``, or ``valid_until`` in
   the published-keys file) and keep publishing registries signed with A: they list both keys,
   so every kiosk that syncs learns B through a signature it already trusts.
3. When every kiosk has accepted such a registry (each acceptance is a ``registry.accept`` audit
   event that reaches the server with the kiosk's audit chain), switch signing to B.
4. After A's ``valid_until`` kiosks refuse anything signed with A; destroy A's private key.

A key is accepted for a signature when the document's own time (a registry's ``generated_at``) is
inside the key's window **and** the key has not expired at the verifier's clock; together with the
kiosk refusing registries older than the one it has, a back-dated document signed with a retired
key is refused. If a private key is stolen, sign a registry with the *other* key that drops it;
if both are lost, re-enrol every kiosk by hand.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from sync.errors import EnvironmentUnusable, InputRefused
from sync.ids import parse_utc as parse_utc
from sync.ids import utc_text as utc_text

ALGORITHM = "Ed25519"
KEYRING_SERVICE = "verifica-signing-key"
PUBLIC_KEY_BYTES = 32


class SignatureRejected(InputRefused):
    """A signed document was refused: unknown or expired key, bad signature, bad shape."""


# -- keys ------------------------------------------------------------------------------------


def generate_private_key() -> Ed25519PrivateKey:
    """A new random Ed25519 signing key."""
    return Ed25519PrivateKey.generate()


def public_key_raw(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    """The raw 32-byte public key of ``key``."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PrivateKey | Ed25519PublicKey | bytes) -> str:
    """First 16 hex digits of SHA-256 of the raw public key."""
    raw = key if isinstance(key, bytes) else public_key_raw(key)
    return hashlib.sha256(raw).hexdigest()[:16]


def encode_public_key(key: Ed25519PrivateKey | Ed25519PublicKey | bytes) -> str:
    """The public key as standard base64 of its 32 raw bytes (44 characters)."""
    raw = key if isinstance(key, bytes) else public_key_raw(key)
    return base64.b64encode(raw).decode("ascii")


def decode_public_key(text: str) -> bytes:
    """The raw 32 bytes of a base64 public key.

    Raises:
        InputRefused: not base64 of 32 bytes.
    """
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != PUBLIC_KEY_BYTES:
        raise InputRefused(
            "La clave pública no es válida (se esperan 44 caracteres base64).",
            "The public key is not valid (44 base64 characters expected).",
        )
    return raw


# -- signing ---------------------------------------------------------------------------------


def canonical_bytes(value: Any) -> bytes:
    """Deterministic JSON bytes: sorted keys, no spaces, UTF-8 kept as is, no floats.

    Raises:
        ValueError: the value holds a float, NaN or something JSON cannot express.
    """
    _refuse_floats(value)
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def _refuse_floats(value: Any) -> None:
    # Floats have no single canonical text across languages; signed documents use strings/ints.
    if isinstance(value, float):
        raise ValueError("floats are not allowed in signed documents")
    if isinstance(value, Mapping):
        for item in value.values():
            _refuse_floats(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _refuse_floats(item)


def sign_bytes(private_key: Ed25519PrivateKey, data: bytes) -> str:
    """An Ed25519 signature of ``data`` as standard base64."""
    return base64.b64encode(private_key.sign(data)).decode("ascii")


def sign(private_key: Ed25519PrivateKey, value: Any) -> dict[str, str]:
    """Sign the canonical bytes of ``value`` (signed payloads such as anuencias).

    Returns:
        ``{"alg": "Ed25519", "key_id": ..., "value": base64 signature}``.
    """
    return {
        "alg": ALGORITHM,
        "key_id": key_id(private_key),
        "value": sign_bytes(private_key, canonical_bytes(value)),
    }


def signature_matches(public_key: bytes, data: bytes, signature_b64: str) -> bool:
    """True when ``signature_b64`` is a valid Ed25519 signature of ``data`` by ``public_key``."""
    try:
        signature = base64.b64decode(signature_b64, validate=True)
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, binascii.Error, ValueError, TypeError):
        return False
    return True


# -- trusted keys ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TrustedKey:
    """A public key and the window in which signatures made with it are accepted."""

    public_key: bytes
    valid_from: dt.datetime
    valid_until: dt.datetime | None = None

    @property
    def key_id(self) -> str:
        return key_id(self.public_key)

    def accepts(self, signed_at: dt.datetime, now: dt.datetime) -> bool:
        """Whether a document dated ``signed_at`` and checked at ``now`` may use this key."""
        if signed_at < self.valid_from:
            return False
        return self.valid_until is None or (
            signed_at <= self.valid_until and now <= self.valid_until
        )

    def to_entry(self) -> dict[str, str]:
        """The key as listed in a registry's ``public_keys`` (string values; no end = no
        ``valid_until``)."""
        entry = {
            "key_id": self.key_id,
            "alg": ALGORITHM,
            "public_key": encode_public_key(self.public_key),
            "valid_from": utc_text(self.valid_from),
        }
        if self.valid_until is not None:
            entry["valid_until"] = utc_text(self.valid_until)
        return entry

    @classmethod
    def from_entry(cls, data: Mapping[str, Any], *, default_from: dt.datetime) -> TrustedKey:
        """Read a key written by :meth:`to_entry`; a missing ``valid_from`` is ``default_from``.

        Raises:
            InputRefused: malformed entry, another algorithm, or a key id that does not match.
        """
        try:
            if data.get("alg", ALGORITHM) != ALGORITHM:
                raise ValueError(f"algorithm {data.get('alg')!r}")
            raw = decode_public_key(str(data["public_key"]))
            start = data.get("valid_from")
            valid_from = parse_utc(str(start)) if start else default_from
            until = data.get("valid_until")
            valid_until = parse_utc(str(until)) if until else None
            listed_id = data.get("key_id")
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputRefused(
                "Una clave de la lista no es válida.", f"A listed key is malformed: {exc}"
            ) from exc
        key = cls(raw, valid_from, valid_until)
        if listed_id is not None and listed_id != key.key_id:
            raise InputRefused(
                "El identificador de una clave no corresponde a la clave.",
                "A listed key id does not match its key.",
            )
        return key


class TrustedKeys:
    """The public keys a device accepts, by key id."""

    def __init__(self, keys: Iterable[TrustedKey] = ()) -> None:
        self._keys = {k.key_id: k for k in keys}

    def __iter__(self) -> Iterator[TrustedKey]:
        return iter(self._keys.values())

    def __len__(self) -> int:
        return len(self._keys)

    def get(self, kid: str) -> TrustedKey | None:
        return self._keys.get(kid)

    def check(
        self,
        data: bytes,
        *,
        alg: object,
        kid: object,
        signature: object,
        signed_at: dt.datetime,
        now: dt.datetime,
    ) -> TrustedKey:
        """Verify a signature over ``data`` made by a trusted key valid for ``signed_at``/``now``.

        Returns:
            The key that made the signature.

        Raises:
            SignatureRejected: unknown algorithm or key, key outside its window, bad signature.
        """
        if alg != ALGORITHM or not isinstance(kid, str) or not isinstance(signature, str):
            raise SignatureRejected(
                "El documento no trae una firma Ed25519 reconocible.",
                "The document carries no recognisable Ed25519 signature.",
            )
        key = self._keys.get(kid)
        if key is None:
            raise SignatureRejected(
                f"El documento está firmado con una clave que este equipo no reconoce ({kid}).",
                f"The document is signed with a key this device does not trust ({kid}).",
                hint_es="Si la clave es nueva, el administrador debe registrarla en este equipo.",
                hint_en="If the key is new, an administrator must enrol it on this device.",
            )
        if not key.accepts(signed_at, now):
            raise SignatureRejected(
                f"La clave {kid} no es válida para un documento de {utc_text(signed_at)}.",
                f"Key {kid} is not valid for a document dated {utc_text(signed_at)}.",
            )
        if not signature_matches(key.public_key, data, signature):
            raise SignatureRejected(
                "La firma no corresponde al contenido: el documento fue alterado.",
                "The signature does not match the content: the document was altered.",
            )
        return key

    def check_value(
        self, value: Any, signature: Mapping[str, Any], *, signed_at: dt.datetime, now: dt.datetime
    ) -> TrustedKey:
        """:meth:`check` for a value signed with :func:`sign` (canonical JSON bytes)."""
        try:
            data = canonical_bytes(value)
        except ValueError as exc:
            raise SignatureRejected(
                "El documento firmado no es válido.", f"The signed document is invalid: {exc}"
            ) from exc
        return self.check(
            data,
            alg=signature.get("alg"),
            kid=signature.get("key_id"),
            signature=signature.get("value"),
            signed_at=signed_at,
            now=now,
        )


# -- where private keys live -----------------------------------------------------------------


def private_key_to_pem(key: Ed25519PrivateKey, passphrase: bytes | None = None) -> bytes:
    """PKCS#8 PEM, encrypted when a passphrase is given."""
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


def private_key_from_pem(data: bytes, passphrase: bytes | None = None) -> Ed25519PrivateKey:
    """Read a PEM written by :func:`private_key_to_pem`.

    Raises:
        InputRefused: not an Ed25519 private key, or a wrong passphrase.
    """
    try:
        key = serialization.load_pem_private_key(data, password=passphrase)
    except (ValueError, TypeError) as exc:
        raise InputRefused(
            "El archivo no contiene una clave privada Ed25519 legible (¿contraseña?).",
            f"The file holds no readable Ed25519 private key (passphrase?): {exc}",
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise InputRefused(
            "La clave privada no es Ed25519.", "The private key is not an Ed25519 key."
        )
    return key


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def refuse_inside(path: Path, forbidden_dirs: Iterable[Path]) -> None:
    """Refuse a private-key path inside any of ``forbidden_dirs`` (a data folder is synced and
    backed up, and a kiosk's copy must never hold a private key).

    Raises:
        InputRefused: ``path`` is inside one of the folders.
    """
    for folder in forbidden_dirs:
        if _inside(Path(path), Path(folder)):
            raise InputRefused(
                f"La clave privada no puede guardarse dentro de la carpeta de datos ({folder}).",
                f"The private key must not be stored inside the data folder ({folder}).",
                hint_es="Elija un archivo fuera de ella, en un medio que sólo usted controle.",
                hint_en="Choose a file outside it, on a medium only you control.",
            )


def save_private_key(
    key: Ed25519PrivateKey,
    path: Path,
    *,
    forbidden_dirs: Iterable[Path] = (),
    passphrase: bytes | None = None,
) -> Path:
    """Write ``key`` to a new PEM file readable by its owner only (mode 0600).

    Args:
        forbidden_dirs: folders the key must not be inside (pass the data folder: it is synced
            and backed up, and a kiosk's copy must never hold a private key).

    Raises:
        InputRefused: the path is inside a forbidden folder or already exists.
        EnvironmentUnusable: the file cannot be written.
    """
    path = Path(path)
    refuse_inside(path, forbidden_dirs)
    data = private_key_to_pem(key, passphrase)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise InputRefused(
            f"Ya existe {path}; no se sobrescribe una clave.",
            f"{path} already exists; a key is never overwritten.",
        ) from exc
    except OSError as exc:
        raise EnvironmentUnusable(
            f"No se pudo escribir la clave en {path}: {exc}",
            f"Could not write the key to {path}: {exc}",
        ) from exc
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise EnvironmentUnusable(
            f"No se pudo escribir la clave en {path}: {exc}",
            f"Could not write the key to {path}: {exc}",
        ) from exc
    return path


def load_private_key(path: Path, passphrase: bytes | None = None) -> Ed25519PrivateKey:
    """Read a private key file; on POSIX refuse one that group or others can read.

    Raises:
        InputRefused: missing file, too-open permissions, or not an Ed25519 key.
    """
    path = Path(path)
    try:
        mode = path.stat().st_mode
        data = path.read_bytes()
    except OSError as exc:
        raise InputRefused(
            f"No se pudo leer la clave privada {path}: {exc.strerror}",
            f"Could not read the private key {path}: {exc.strerror}",
        ) from exc
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise InputRefused(
            f"La clave privada {path} puede ser leída por otros usuarios; no se usa.",
            f"The private key {path} is readable by other users; refusing to use it.",
            hint_es=f"Ejecute: chmod 600 {path}",
            hint_en=f"Run: chmod 600 {path}",
        )
    return private_key_from_pem(data, passphrase)


def save_private_key_to_keyring(key: Ed25519PrivateKey, *, service: str = KEYRING_SERVICE) -> str:
    """Store ``key`` in the OS keyring under its key id; return the key id.

    Raises:
        EnvironmentUnusable: no usable keyring on this machine.
    """
    import keyring
    from keyring.errors import KeyringError

    kid = key_id(key)
    try:
        keyring.set_password(service, kid, private_key_to_pem(key).decode("ascii"))
    except KeyringError as exc:
        raise _no_keyring(exc) from exc
    return kid


def load_private_key_from_keyring(kid: str, *, service: str = KEYRING_SERVICE) -> Ed25519PrivateKey:
    """Read the key stored by :func:`save_private_key_to_keyring`.

    Raises:
        InputRefused: no key with that id in the keyring.
        EnvironmentUnusable: no usable keyring on this machine.
    """
    import keyring
    from keyring.errors import KeyringError

    try:
        pem = keyring.get_password(service, kid)
    except KeyringError as exc:
        raise _no_keyring(exc) from exc
    if pem is None:
        raise InputRefused(
            f"No hay una clave {kid} en el llavero del sistema.",
            f"There is no key {kid} in the system keyring.",
        )
    key = private_key_from_pem(pem.encode("ascii"))
    if key_id(key) != kid:
        raise InputRefused(
            "La clave del llavero no corresponde a su identificador.",
            "The keyring entry does not match its key id.",
        )
    return key


def _no_keyring(exc: Exception) -> EnvironmentUnusable:
    return EnvironmentUnusable(
        f"El llavero del sistema no está disponible: {exc}",
        f"The system keyring is not available: {exc}",
        hint_es="Guarde la clave en un archivo fuera de la carpeta de datos (--key-file).",
        hint_en="Store the key in a file outside the data folder (--key-file).",
    )
