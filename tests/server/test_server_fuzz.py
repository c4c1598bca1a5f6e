"""Property-based fuzzing of the live server from its own OpenAPI description (schemathesis).

Runs the schemathesis CLI against a dedicated real server with every check enabled: no 5xx, every
response matches the documented schema, status codes and content types, invalid input is
refused and valid input accepted. The number of examples per operation is bounded
(``VERIFICA_FUZZ_EXAMPLES``, default 20; ``make fuzz-server`` runs more) and the seed is fixed
(``VERIFICA_FUZZ_SEED``) so a failure can be replayed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import server_helpers as h
from server_helpers import ServerProcess

EXAMPLES = int(os.environ.get("VERIFICA_FUZZ_EXAMPLES", "20"))
SEED = os.environ.get("VERIFICA_FUZZ_SEED", "20261125")
# Operations that revoke the caller's own token are fuzzed separately, with a throw-away device.
REVOKING = "^/(auth/logout|admin/devices/[^/]+/revoke)$"
# Each call of these hashes a password with argon2id (deliberately slow): fewer examples.
HASHING = "^/(auth/login|admin/users)$"
CONFIG = """\
[generation]
max-examples = {examples}

[[operations]]
include-path-regex = "{hashing}"
generation.max-examples = {hashing_examples}
"""


def _schemathesis(server: ServerProcess, token: str, cwd: Path, *selection: str) -> str:
    config = cwd / "schemathesis.toml"
    config.write_text(
        CONFIG.format(examples=EXAMPLES, hashing=HASHING, hashing_examples=max(1, EXAMPLES // 5)),
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "--config-file",
            str(config),
            "run",
            f"{server.url}/openapi.json",
            "--checks",
            "all",
            "--seed",
            SEED,
            "--workers",
            "1",
            "--header",
            f"Authorization: Bearer {token}",
            "--request-timeout",
            "30",
            *selection,
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-6000:]
    return output


def test_the_api_survives_fuzzing_from_its_own_openapi(
    start_server: Callable[[str], ServerProcess], tmp_path: Path
) -> None:
    server = start_server("fuzz")
    admin = server.admin()
    _, clerk = admin.create_user("clerk")
    throwaway, _ = server.login(clerk, h.PASSWORD)

    main = _schemathesis(server, admin.token or "", tmp_path, "--exclude-path-regex", REVOKING)
    revoking = _schemathesis(server, throwaway, tmp_path, "--include-path-regex", REVOKING)

    assert "passed" in main and "passed" in revoking
    statuses = [e["status"] for e in server.log_events("http")]
    assert len(statuses) > 200
    assert [s for s in statuses if s >= 500] == []
