"""The desktop command line as the tests run it: ``python -m desktop ARGS`` in a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_verifica(
    *args: str | Path,
    password: str | None = None,
    stdin: str | None = None,
    timeout: float = 120,
    cwd: Path | None = ROOT,
) -> subprocess.CompletedProcess[str]:
    """Run ``verifica ARGS`` to completion and return it (a non-zero exit is not an error here).

    Args:
        *args: The command-line arguments; paths are passed as strings.
        password: Set as ``VERIFICA_PASSWORD`` in the child's environment when given; otherwise
            the child inherits the environment unchanged.
        stdin: Text fed to the child's standard input; ``None`` leaves it inherited.
        timeout: Seconds before the child is killed and ``TimeoutExpired`` is raised.
        cwd: The child's working folder (the checkout by default; ``None`` inherits the
            test's own).

    Returns:
        The finished process, with text ``stdout`` and ``stderr``.
    """
    env = None if password is None else {**os.environ, "VERIFICA_PASSWORD": password}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *map(str, args)],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
