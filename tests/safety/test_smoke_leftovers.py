"""``aibri --smoke-test`` leaves nothing behind in the temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_the_smoke_test_leaves_the_temporary_folder_empty(tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("XDG_RUNTIME_DIR", None)  # the smoke test makes its own, in the temporary folder
    result = subprocess.run([sys.executable, "-m", "aibri_desktop", "--smoke-test"], env=env,
                            capture_output=True, text=True, timeout=240, check=False)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in temporary.iterdir()) == []
