"""A ministry's own framework end to end: validate, add, assess, show — and old assessments
keep the version they were made with."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import reference
from helpers.services import database_argument


def _own_framework(tmp_path: Path, *, version: str = "2.0.0", weight: int = 3) -> Path:
    doc = json.loads(reference.FRAMEWORK_FILE.read_text())
    doc["id"] = "ministry-x"
    doc["version"] = version
    doc["name"] = {"en": "Ministry X framework"}
    doc["dimensions"][0]["indicators"][1]["weight"] = weight  # DS-02: 2 -> 3
    path = tmp_path / f"ministry-x-{version}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _new_assessment(db: str, framework_id: str, version: str) -> str:
    from datetime import date

    from aibri_desktop.services import Services

    services = Services.open(db)
    framework = next(f for f in services.assessments.frameworks()
                     if (f.id, f.version) == (framework_id, version))
    change = services.assessments.create(country_code="XB", title="Own framework",
                                         as_of=date(2026, 2, 1), framework=framework)
    services.close()
    return change.assessment_id


def test_validate_add_assess_show(aibri, tmp_path: Path) -> None:
    db = database_argument(tmp_path, "own.sqlite3")
    path = _own_framework(tmp_path)
    result = aibri("framework", "validate", str(path))
    assert result.returncode == 0 and "ministry-x 2.0.0" in result.stdout
    result = aibri("--db", db, "framework", "add", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Added framework ministry-x 2.0.0")
    listed = aibri("--db", db, "framework", "list").stdout
    assert "ministry-x 2.0.0" in listed and "aibri" in listed
    assessment_id = _new_assessment(db, "ministry-x", "2.0.0")
    for indicator, level in (("DS-01", "4"), ("DS-02", "2")):
        assert aibri("--db", db, "answer", assessment_id[:8], indicator, "--level",
                     level).returncode == 0
    shown = json.loads(aibri("--db", db, "show", assessment_id, "--json").stdout)
    assert shown["framework"]["id"] == "ministry-x"
    ds = next(d for d in shown["dimensions"] if d["id"] == "DS")
    assert ds["score"] == 75.0  # (3·100 + 3·50) / 6 with the ministry's weight 3 for DS-02
    assert {"median", "p5", "p95", "band_shares", "equal_weights", "drop_one"} <= set(
        shown["robustness"])

    # A changed framework is a new version; the old assessment keeps 2.0.0 and its score.
    changed = _own_framework(tmp_path, version="2.1.0", weight=1)
    assert aibri("--db", db, "framework", "add", str(changed)).returncode == 0
    again = json.loads(aibri("--db", db, "show", assessment_id, "--json").stdout)
    assert again["framework"] == shown["framework"]
    assert next(d for d in again["dimensions"] if d["id"] == "DS")["score"] == 75.0


def test_a_different_framework_with_the_same_version_is_refused(aibri, tmp_path: Path) -> None:
    db = database_argument(tmp_path, "own.sqlite3")
    assert aibri("--db", db, "framework", "add", str(_own_framework(tmp_path))).returncode == 0
    other = _own_framework(tmp_path, weight=1)  # same id and version, other content
    result = aibri("--db", db, "framework", "add", str(other))
    assert result.returncode == 1
    assert "A different framework ministry-x 2.0.0 already exists" in result.stderr


def test_an_incomplete_framework_is_refused(aibri, tmp_path: Path) -> None:
    doc = json.loads(reference.FRAMEWORK_FILE.read_text())
    del doc["dimensions"][1]["indicators"][0]["options"]
    path = tmp_path / "no-options.json"
    path.write_text(json.dumps(doc))
    result = aibri("framework", "validate", str(path))
    assert result.returncode == 1
    assert "TD-01: has no policy option" in result.stderr


def test_effective_weights_command(aibri) -> None:
    result = aibri("framework", "weights")
    assert result.returncode == 0
    shares = [float(line.split("\t")[2].rstrip(" %")) for line in result.stdout.splitlines()]
    assert abs(sum(shares) - 100) < 0.1
    result = aibri("framework", "weights", "--modules", "ZZ")
    assert result.returncode == 1 and "ZZ: not an optional module" in result.stderr
