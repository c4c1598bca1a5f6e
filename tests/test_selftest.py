"""``verifica selftest``: one line per check, exit 0 only when every piece works."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECKS = ("base de datos", "decodificación", "PDF", "TLS", "recursos", "Qt")


def _selftest(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m desktop selftest`` in a fresh interpreter, away from the checkout."""
    return subprocess.run(
        [sys.executable, "-m", "desktop", "selftest"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _lines_by_check(stdout: str) -> dict[str, str]:
    found = {}
    for line in stdout.splitlines():
        status, _, rest = line.partition(" ")
        name = rest.strip().split(":", 1)[0]
        if name in CHECKS:
            found[name] = status
    return found


def test_every_check_passes_on_a_complete_installation(tmp_path: Path) -> None:
    result = _selftest(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert _lines_by_check(result.stdout) == dict.fromkeys(CHECKS, "OK")
    assert result.stdout.splitlines()[-1].endswith(f"{len(CHECKS)}/{len(CHECKS)} OK")


def test_missing_translations_fail_their_checks_and_the_exit_code(tmp_path: Path) -> None:
    broken = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", broken)
    shutil.rmtree(broken / "translations")

    result = _selftest(tmp_path, VERIFICA_RESOURCES=str(broken))

    assert result.returncode == 1, result.stdout + result.stderr
    statuses = _lines_by_check(result.stdout)
    assert statuses["recursos"] == "FALLO"
    assert statuses["Qt"] == "FALLO"  # the child cannot load verifica_en.qm either
    assert statuses["base de datos"] == "OK"  # one failure does not stop the other checks
    assert "verifica_en.qm" in result.stdout


def test_a_missing_inspection_checklist_fails_the_resources_check(tmp_path: Path) -> None:
    broken = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", broken)
    (broken / "forms" / "pc_bajo_riesgo.xlsx").unlink()

    result = _selftest(tmp_path, VERIFICA_RESOURCES=str(broken))

    assert result.returncode == 1, result.stdout + result.stderr
    assert _lines_by_check(result.stdout)["recursos"] == "FALLO"
    assert "pc_bajo_riesgo" in result.stdout


def test_a_file_that_is_not_a_compiled_translation_fails(tmp_path: Path) -> None:
    broken = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", broken)
    (broken / "translations" / "verifica_en.qm").write_text("<TS>not compiled</TS>")

    result = _selftest(tmp_path, VERIFICA_RESOURCES=str(broken))

    assert result.returncode == 1
    assert _lines_by_check(result.stdout)["recursos"] == "FALLO"
