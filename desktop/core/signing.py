"""Ed25519 signing for the desktop: :mod:`sync.signing` with the desktop's error types.

The keys, key ids, canonical JSON, :class:`TrustedKey` windows, the key-file and keyring rules and
the trust model (who holds which key, rotation) live in :mod:`sync.signing`, shared with the
server. This module re-exports them and turns the shared errors into ``desktop.errors`` ones
(:func:`as_problem`): ``InputRefused`` → ``InvalidInput``, ``EnvironmentUnusable`` →
``EnvironmentProblem``, a rejected signature → :class:`SignatureRejected`.

Desktop private keys (admin workstation of an offline municipality, anuencia signing): an
encrypted-or-0600 PEM file outside the data folder (:func:`save_private_key` with
``forbidden_dirs=[data_dir]``, read back by :func:`load_private_key`), or the OS keyring under the
key id (:func:`save_private_key_to_keyring` / :func:`load_private_key_from_keyring`). Never the
SQLite file.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from desktop.errors import EnvironmentProblem, InvalidInput, Problem
from sync import signing as _shared
from sync.errors import BilingualError, EnvironmentUnusable
from sync.signing import (
    ALGORITHM,
    KEYRING_SERVICE,
    PUBLIC_KEY_BYTES,
    TrustedKey,
    canonical_bytes,
    encode_public_key,
    generate_private_key,
    key_id,
    parse_utc,
    private_key_to_pem,
    public_key_raw,
    sign,
    sign_bytes,
    signature_matches,
    utc_text,
)

__all__ = [
    "ALGORITHM",
    "KEYRING_SERVICE",
    "PUBLIC_KEY_BYTES",
    "SignatureRejected",
    "TrustedKey",
    "TrustedKeys",
    "as_problem",
    "canonical_bytes",
    "decode_public_key",
    "desktop_errors",
    "encode_public_key",
    "generate_private_key",
    "key_id",
    "load_private_key",
    "load_private_key_from_keyring",
    "parse_utc",
    "private_key_from_pem",
    "private_key_to_pem",
    "public_key_raw",
    "save_private_key",
    "save_private_key_to_keyring",
    "sign",
    "sign_bytes",
    "signature_matches",
    "utc_text",
]

P = ParamSpec("P")
R = TypeVar("R")


class SignatureRejected(InvalidInput):
    """A signed document was refused: unknown or expired key, bad signature, bad shape."""


def as_problem(exc: BilingualError) -> Problem:
    """The desktop error for a shared (``sync``) error, with the same messages and hints."""
    kind: type[Problem]
    if isinstance(exc, _shared.SignatureRejected):
        kind = SignatureRejected
    elif isinstance(exc, EnvironmentUnusable):
        kind = EnvironmentProblem
    else:
        kind = InvalidInput
    return kind(exc.es, exc.en, hint_es=exc.hint_es, hint_en=exc.hint_en)


@contextmanager
def desktop_errors() -> Iterator[None]:
    """Re-raise shared errors raised inside the block as desktop errors (:func:`as_problem`)."""
    try:
        yield
    except Problem:
        raise  # already a desktop error (Problem shares BilingualError's shape)
    except BilingualError as exc:
        raise as_problem(exc) from exc


def adapted(fn: Callable[P, R]) -> Callable[P, R]:
    """``fn`` raising desktop errors instead of shared ones."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with desktop_errors():
            return fn(*args, **kwargs)

    return wrapper


decode_public_key = adapted(_shared.decode_public_key)
private_key_from_pem = adapted(_shared.private_key_from_pem)
save_private_key = adapted(_shared.save_private_key)
load_private_key = adapted(_shared.load_private_key)
save_private_key_to_keyring = adapted(_shared.save_private_key_to_keyring)
load_private_key_from_keyring = adapted(_shared.load_private_key_from_keyring)


class TrustedKeys(_shared.TrustedKeys):
    """:class:`sync.signing.TrustedKeys` whose checks raise :class:`SignatureRejected`."""

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
        """See :meth:`sync.signing.TrustedKeys.check`."""
        with desktop_errors():
            return super().check(
                data, alg=alg, kid=kid, signature=signature, signed_at=signed_at, now=now
            )

    def check_value(
        self, value: Any, signature: Mapping[str, Any], *, signed_at: dt.datetime, now: dt.datetime
    ) -> TrustedKey:
        """See :meth:`sync.signing.TrustedKeys.check_value`."""
        with desktop_errors():
            return super().check_value(value, signature, signed_at=signed_at, now=now)
