"""Test-wide settings: offscreen Qt, a private data folder, and the hypothesis profiles."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# Offscreen, on a 1920×1200 virtual screen (the default 800×800 one would clamp window sizes).
_SCREEN = Path(__file__).resolve().parents[1] / "resources" / "qt" / "offscreen-screen.json"
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"
_RUNTIME = Path(tempfile.mkdtemp(prefix="aibri-xdg-"))
_RUNTIME.chmod(0o700)
os.environ["XDG_RUNTIME_DIR"] = str(_RUNTIME)
# Never the user's real data folder or settings, even by accident.
os.environ["AIBRI_DATA_DIR"] = str(_RUNTIME / "data")
os.environ["AIBRI_CONFIG_DIR"] = str(_RUNTIME / "config")  # this run's checksum key
os.environ.pop("AIBRI_DB", None)

sys.path.insert(0, str(Path(__file__).resolve().parent))

# Hypothesis profiles, chosen with HYPOTHESIS_PROFILE (the Makefile sets "ci"):
#   ci     200 examples, different ones on every run (so CI keeps exploring); a failure prints
#          the example and a @reproduce_failure blob to paste above the test.
#   repro  the same 200 examples on every run, for chasing a failure or bisecting:
#          HYPOTHESIS_PROFILE=repro .venv/bin/pytest tests/unit/test_scoring_properties.py
#   dev    the default: 100 examples, varying; keeps failing examples in .hypothesis/ (ignored
#          by git) to replay them first on the next run.
# ci and repro keep no example database at all: nothing is written into the working tree.
_COMMON: dict[str, Any] = {"deadline": None, "print_blob": True,
                           "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("ci", derandomize=False, database=None, max_examples=200, **_COMMON)
settings.register_profile("repro", derandomize=True, database=None, max_examples=200, **_COMMON)
settings.register_profile("dev", max_examples=100, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The server pass (AIBRI_TEST_ENGINE=postgresql, see the Makefile) leaves out the tests
    of the SQLite file's own behaviour: they are deselected and counted, never skipped."""
    if os.environ.get("AIBRI_TEST_ENGINE") != "postgresql":
        return
    left_out = [item for item in items if item.get_closest_marker("sqlite_file")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("sqlite_file")]
