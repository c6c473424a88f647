from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Runner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def aibri(tmp_path: Path) -> Runner:
    """Run ``python -m aibri_desktop`` as a user would, with a private data folder."""
    env = {**os.environ, "AIBRI_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("AIBRI_DB", None)

    def run(*args: str, input: str | None = None, extra_env: dict[str, str] | None = None,
            ) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "aibri_desktop", *args], capture_output=True,
                              text=True, env={**env, **(extra_env or {})}, input=input,
                              timeout=120, check=False)

    return run
