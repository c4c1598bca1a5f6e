"""``python -m sync.keygen KEY_FILE``: create a server signing key if it does not exist yet.

Used by ``make server`` for the demo (``.server-keys/registry.pem``, outside the server's data
folder, mode 0600 in a 0700 folder). It prints the key id and the public key an administrator
pins on each kiosk (``verifica badge import-registry FILE --trust-key PUBLIC_KEY``). An existing
key is reused, never overwritten. Production keys are made the same way, on a machine only the
operator controls, and handed to the server through ``VERIFICA_SIGNING_KEY_FILE``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from sync import signing
from sync.errors import BilingualError


def ensure_key(path: Path) -> str:
    """Create an Ed25519 key at ``path`` unless one is there; return its public key line.

    Raises:
        sync.errors.BilingualError: the file cannot be written, or the existing one is unusable.
    """
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        signing.save_private_key(signing.generate_private_key(), path)
    key = signing.load_private_key(path)
    return f"key_id={signing.key_id(key)} public_key={signing.encode_public_key(key)}"


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; exit status 0 on success, 2 on a problem."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or args[0].startswith("-"):
        print("uso / usage: python -m sync.keygen KEY_FILE", file=sys.stderr)
        return 2
    try:
        print(ensure_key(Path(args[0])))
    except BilingualError as exc:
        print(f"{exc.text('es')}\n{exc.text('en')}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
