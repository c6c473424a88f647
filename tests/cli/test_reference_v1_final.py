"""Case 4 of the reference fixture: Case 1's answers in a final assessment kept on scoring
rules version 1 (the fixture's README works it by hand). The domain, ``aibri show --json``,
``aibri show``'s text and an explicit rescore are each checked against it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from exchange.test_hostile_files import ASSESSMENTS, MANIFEST, dump, rezip, unzip

from aibri_desktop.domain.scoring import score_assessment
from aibri_desktop.domain.summary import assessment_summary
from helpers import reference
from helpers.services import (
    create_reference_assessment,
    database_argument,
    on_server,
    open_services,
)

RANGE_FIELDS = ("level_low", "level_high")


def _want() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (reference.REFERENCE_DIR / "expected_v1_final.json").read_text())
    return data


def _fmt(value: float | None) -> str | None:
    return None if value is None else f"{value:.1f}"


def _check(shown: dict[str, Any], want: dict[str, Any]) -> None:
    for key in ("overall", "residual"):
        got = shown[key]
        assert (_fmt(got["score"]), got["band"], got["verdict"]) == (
            want[key]["score"], want[key]["band"], want[key]["verdict"]), key
    for dim in shown["dimensions"]:
        w = want["dimensions"][dim["id"]]
        assert (_fmt(dim["score"]), dim["band"], dim["verdict"]) == (
            w["score"], w["band"], w["verdict"]), dim["id"]


def test_the_domain_shows_version_1_bands_beside_the_version_2_verdict() -> None:
    framework = reference.framework()
    score = score_assessment(framework, reference.answers(), frozenset(reference.modules()))
    summary = assessment_summary(framework, score, rules=1)
    summary["dimensions"] = [d for d in summary["dimensions"] if d["id"] != "IE"]
    _check(summary, _want())
    assert summary["overall"]["must_answer"] == _want()["overall"]["must_answer"]


def _older_app_file(tmp_path: Path) -> Path:
    """Case 1 marked final and exported, then written as an app of format 2 wrote it."""
    services = open_services(tmp_path, "source.sqlite3")
    assessment_id = create_reference_assessment(services)
    services.assessments.mark_final(assessment_ids=[assessment_id], who="Reviewer")
    exported = tmp_path / "new.aibri"
    services.exchange.export([assessment_id], exported)
    services.close()
    entries = unzip(exported.read_bytes())
    manifest = json.loads(entries[MANIFEST])
    manifest["format_version"] = 2
    entries[MANIFEST] = dump(manifest)
    items = json.loads(entries[ASSESSMENTS])
    for item in items:
        del item["scoring_rules"]
        del item["supplier_hash"], item["perspective"]  # format 4
        del item["suggestions"]  # format 5
        del item["details_history"]  # format 6
        for answer in item["answers"]:
            for name in RANGE_FIELDS:
                del answer[name]
    entries[ASSESSMENTS] = dump(items)
    older = tmp_path / "older.aibri"
    older.write_bytes(rezip(entries))
    return older


def test_show_and_rescore_follow_case_4(aibri: Any, tmp_path: Path) -> None:
    want = _want()
    db = database_argument(tmp_path, "target.sqlite3")
    imported = aibri("--db", db, "import", str(_older_app_file(tmp_path)))
    assert imported.returncode == 0, imported.stderr
    assessment_id = json.loads(aibri("--db", db, "list", "--json").stdout)[0]["id"]
    shown = json.loads(aibri("--db", db, "show", assessment_id, "--json").stdout)
    assert shown["status"] == "final" and shown["scoring_rules"] == want["scoring_rules"]
    _check(shown, want)
    text = aibri("--db", db, "show", assessment_id).stdout
    assert ("Figures under scoring rules version 1, as signed off: 73.1 High; under version 2: "
            "at least Elevated, at most High.") in text
    listed = json.loads(aibri("--db", db, "list", "--json").stdout)[0]
    assert listed["band"] is None  # a list row never shows a band beside an open verdict

    # on a server the connected reviewer decides: no --reviewer there
    reviewer = () if on_server() else ("--reviewer", "Ana")
    done = aibri("--db", db, "rescore", assessment_id, *reviewer)
    assert done.returncode == 0, done.stderr
    after = json.loads(aibri("--db", db, "show", assessment_id, "--json").stdout)
    again = want["after_rescore"]
    assert after["scoring_rules"] == again["scoring_rules"]
    assert after["overall"]["band"] == again["overall_band"]
    assert after["residual"]["band"] == again["residual_band"]
    assert {d["id"]: d["band"] for d in after["dimensions"]} == again["dimension_bands"]
    assert "scoring rules version 1" not in aibri("--db", db, "show", assessment_id).stdout


def test_the_brief_of_case_4_labels_its_version_1_figures(aibri: Any, tmp_path: Path) -> None:
    from pypdf import PdfReader

    db = database_argument(tmp_path, "target.sqlite3")
    assert aibri("--db", db, "import", str(_older_app_file(tmp_path))).returncode == 0
    assessment_id = json.loads(aibri("--db", db, "list", "--json").stdout)[0]["id"]
    out = tmp_path / "case4.pdf"
    written = aibri("--db", db, "brief", assessment_id, "--out", str(out))
    assert written.returncode == 0, written.stderr
    text = " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(str(out)).pages)
    assert "Figures under scoring rules version 1, as signed off" in text
    assert "73.1 High" in text
    assert "Under version 2: at least Elevated, at most High" in text
