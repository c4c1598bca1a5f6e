"""Guards the PySide6 pin: emitting a signal many times must not corrupt reference counts."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal

class Source(QObject):
    fired = Signal(object)

app = QCoreApplication([])
source = Source()
seen = []
source.fired.connect(seen.append)
before = sys.getrefcount(True)
for i in range(20_000):  # a camera at 15 fps emits this many in 22 minutes
    source.fired.emit(i)
assert len(seen) == 20_000
print(sys.getrefcount(True) - before)
"""


def test_twenty_thousand_emits_leave_reference_counts_intact() -> None:
    # A subprocess: PySide6 6.12.0 aborts the interpreter ("bool_dealloc") after ~1,000 emits.
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert abs(int(result.stdout.strip())) < 100
