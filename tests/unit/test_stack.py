"""Traps of the stack that a version change could bring back (docs/stack.md)."""

from __future__ import annotations

import subprocess
import sys

# PySide6 6.12.0 on Python 3.11 dropped a reference from None/True at every call of a Qt method
# returning nothing, until the interpreter aborted (exit 134) — under pytest after "N passed".
_MANY_VOID_CALLS = """
from PySide6 import QtCore
point = QtCore.QPoint()
for _ in range(300_000):
    point.setX(1)
    QtCore.QPoint().setY(2)
print("survived")
"""


def test_qt_calls_returning_nothing_do_not_corrupt_none() -> None:
    result = subprocess.run([sys.executable, "-c", _MANY_VOID_CALLS], capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr[-500:]}"
    assert result.stdout.strip() == "survived"


def test_reportlab_uses_its_c_helpers() -> None:
    # Without rl_accel every string width and number in a brief goes through Python: ~10 %
    # slower briefs (100 briefs missed their 40 s target). pyproject asks for reportlab[accel].
    from reportlab.lib import rl_accel

    assert not rl_accel._py_funcs, f"pure-Python fallbacks in use: {sorted(rl_accel._py_funcs)}"
