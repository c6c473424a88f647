"""Test-wide settings: offscreen Qt, a private data folder, and the hypothesis profiles."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

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
os.environ.pop("AIBRI_DB", None)

sys.path.insert(0, str(Path(__file__).resolve().parent))

settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
