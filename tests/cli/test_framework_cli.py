from __future__ import annotations

import json
from pathlib import Path

from aibri_desktop import __version__, paths
from helpers import reference


def test_version(aibri) -> None:
    result = aibri("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"AIBRI Desktop {__version__}"


def test_validate_accepts_the_bundled_framework(aibri) -> None:
    bundled = paths.bundled_framework_files()[0]
    result = aibri("framework", "validate", str(bundled))
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout and "aibri" in result.stdout
    assert result.stderr == ""


def test_validate_rejects_a_broken_file_with_one_line(aibri, tmp_path: Path) -> None:
    doc = json.loads(reference.FRAMEWORK_FILE.read_text())
    doc["dimensions"][1]["indicators"][2]["weight"] = 0
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(doc))
    result = aibri("framework", "validate", str(broken))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"aibri: {broken}: dimensions[1].indicators[2].weight: "
        "must be greater than 0 and at most 100 (got 0)\n"
    )


def test_bad_usage_is_one_line_and_no_traceback(aibri, tmp_path: Path) -> None:
    for args in (("nonsense",), ("framework", "validate"),
                 ("framework", "validate", str(tmp_path / "missing.json"))):
        result = aibri(*args)
        assert result.returncode != 0
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr


def test_no_display_is_one_clear_line(aibri, tmp_path: Path) -> None:
    result = aibri("--db", str(tmp_path / "x.sqlite3"),
                   extra_env={"QT_QPA_PLATFORM": "", "DISPLAY": "", "WAYLAND_DISPLAY": ""})
    assert result.returncode == 1
    assert result.stderr.startswith("aibri: No display was found")
    assert len(result.stderr.strip().splitlines()) == 1
