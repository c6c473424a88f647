"""`aibri reference` and `aibri suggest` as an analyst and an approver run them."""

from __future__ import annotations

import json
from pathlib import Path

from helpers.services import database_argument, named_option, recorded


def test_info_lists_every_list_with_status_count_and_age_and_says_it_is_not_approved(
        aibri, tmp_path: Path) -> None:
    db = database_argument(tmp_path, "x.sqlite3")
    result = aibri("--db", db, "reference", "info")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Reference data 2026.11.28 of 2026-11-28 (")
    assert lines[1].startswith("Not approved:")
    assert len(lines) == 12
    assert lines[2].split()[:3] == ["unctad-data-protection", "193", "verified,"]
    shown = json.loads(aibri("--db", db, "reference", "info", "--json").stdout)
    assert shown["approval"] is None and len(shown["lists"]) == 10
    gci = next(x for x in shown["lists"] if x["id"] == "itu-gci-2024")
    assert (gci["status"], gci["complete"], gci["count"]) == ("reconstructed", True, 194)


def test_suggest_lists_then_accepts_one_by_one_after_approval(aibri, tmp_path: Path,
                                                              library_state) -> None:
    db = database_argument(tmp_path, "x.sqlite3")
    made = aibri("--db", db, "create", "KEN", "--modules", "MC", "--json")
    kenya = json.loads(made.stdout)["id"]
    listed = aibri("--db", db, "suggest", kenya, "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [r["indicator"] for r in rows] == ["DS-01", "GA-03", "GA-05", "GA-06", "MC-03"]
    assert rows[0]["range"] == [0, 2] and "level" not in rows[0]
    assert rows[4]["level"] == 4 and rows[4]["status"] == "new"
    fact = rows[4]["facts"][0]
    assert set(fact) == {"list", "list_status", "value", "as_of", "stale", "source"}
    assert set(fact["source"]) == {"publisher", "title", "date", "url", "accessed"}
    assert (fact["list"], fact["list_status"], fact["value"]) == ("itu-gci-2024",
                                                                  "reconstructed", 1)
    text = aibri("--db", db, "suggest", kenya).stdout
    assert text.startswith("Reference data 2026.11.28 is not approved")

    before = library_state(db)
    refused = aibri("--db", db, "suggest", kenya, "--accept", "MC-03")
    assert refused.returncode == 1 and len(refused.stderr.splitlines()) == 1
    assert "not approved" in refused.stderr and library_state(db) == before

    approved = aibri("--db", db, "reference", "approve", *named_option("--by", "A. Approver"))
    assert approved.returncode == 0, approved.stderr
    assert f"approved by {recorded('A. Approver')}" in approved.stdout
    accepted = aibri("--db", db, "suggest", kenya, "--accept", "MC-03",
                     *named_option("--by", "Ana"))
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout.strip().endswith("Saved.")
    rejected = aibri("--db", db, "suggest", kenya, "--reject", "GA-05")
    assert rejected.returncode == 0
    statuses = {r["indicator"]: r["status"] for r in json.loads(
        aibri("--db", db, "suggest", kenya, "--json").stdout)}
    assert statuses == {"DS-01": "new", "GA-03": "new", "GA-05": "rejected", "GA-06": "new",
                        "MC-03": "accepted"}
    shown = json.loads(aibri("--db", db, "show", kenya, "--json").stdout)
    answer = next(a for a in shown["answers"] if a["indicator"] == "MC-03")
    assert answer["level"] == 4 and answer["sources"][0]["publisher"] == \
        "ITU; World Bank Data360"
    both = aibri("--db", db, "suggest", kenya, "--accept", "DS-01", "--reject", "GA-03")
    assert both.returncode != 0 and "not both" in both.stderr


def test_export_then_import_a_newer_dataset_from_the_command_line(aibri, tmp_path: Path) -> None:
    db = database_argument(tmp_path, "x.sqlite3")
    out = tmp_path / "current.json"
    exported = aibri("--db", db, "reference", "export", "--out", str(out))
    assert exported.returncode == 0 and "Wrote reference data 2026.11.28" in exported.stdout
    document = json.loads(out.read_text())
    same = aibri("--db", db, "reference", "import", str(out))
    assert same.returncode == 0 and "already the one in use" in same.stdout
    document["version"], document["date"] = "2027.01.15", "2027-01-15"
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(document))
    taken = aibri("--db", db, "reference", "import", str(newer))
    assert taken.returncode == 0, taken.stderr
    assert "Imported reference data 2027.01.15" in taken.stdout
    info = json.loads(aibri("--db", db, "reference", "info", "--json").stdout)
    assert info["version"] == "2027.01.15" and info["approval"] is None
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    refused = aibri("--db", db, "reference", "import", str(broken))
    assert refused.returncode != 0 and len(refused.stderr.splitlines()) == 1
    assert "not JSON" in refused.stderr
