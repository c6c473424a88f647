"""Opening a library of scoring rules version 1 (schema 4 or 5): drafts are rescored under
version 2 after the verified backup, final and archived assessments keep their version-1
figures as signed off, an unknown loses the confidence version 1 let it carry, and a row
changed outside the app is never re-sealed by it."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from aibri_desktop.domain.bands import Band
from aibri_desktop.services import Services
from aibri_desktop.services.rules_upgrade import UPGRADER
from aibri_desktop.storage.checksums import Sealer
from aibri_desktop.storage.models import AnswerRow, Assessment

SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"


def _old_library(tmp_path: Path, dump: str = "v0004.sql") -> Path:
    path = tmp_path / "old.sqlite3"
    con = sqlite3.connect(path)
    con.executescript((SCHEMAS / dump).read_text(encoding="utf-8"))
    con.close()
    return path


def _reseal_rule1(con: sqlite3.Connection, table: type[Any], where: str) -> None:
    """As version 1 of the app would have sealed an edit it made itself (rule 1, unkeyed)."""
    name = table.__tablename__
    con.row_factory = sqlite3.Row
    for row in con.execute(f"SELECT * FROM {name} WHERE {where}").fetchall():
        values = dict(row)
        for key in ("as_of",):
            if values.get(key):
                values[key] = date.fromisoformat(values[key])
        for key in ("carried_over",):
            if key in values:
                values[key] = bool(values[key])
        con.execute(f"UPDATE {name} SET checksum = ? WHERE id = ?",
                    (Sealer(None)(table, values), values["id"]))
    con.row_factory = None


def test_drafts_are_rescored_and_finals_keep_version_1(aibri: Any, tmp_path: Path) -> None:
    path = _old_library(tmp_path)
    con = sqlite3.connect(path)
    with con:  # version 1 let an unknown carry a confidence level
        draft = con.execute("SELECT a.id FROM assessments a JOIN answers n ON n.assessment_id "
                            "= a.id WHERE a.status = 'draft' AND n.state = 'unknown' "
                            "LIMIT 1").fetchone()[0]
        indicator = con.execute("SELECT indicator_id FROM answers WHERE assessment_id = ? AND "
                                "state = 'unknown' LIMIT 1", (draft,)).fetchone()[0]
        con.execute("UPDATE answers SET confidence = 'high' WHERE assessment_id = ? AND "
                    "indicator_id = ?", (draft, indicator))
        _reseal_rule1(con, AnswerRow, f"assessment_id = '{draft}' AND indicator_id = "
                                      f"'{indicator}'")
        # and kept the band of the score beside a range that spans several bands
        con.execute("UPDATE assessments SET overall_band = 'Elevated' WHERE id = ?", (draft,))
        _reseal_rule1(con, Assessment, f"id = '{draft}'")
        statuses = dict(con.execute("SELECT id, status FROM assessments").fetchall())
        finals_before = {row[0]: row[1:] for row in con.execute(
            "SELECT id, overall_score, overall_band, dimension_scores FROM assessments "
            "WHERE status != 'draft'")}
    con.close()

    Services.open(path).close()  # the upgrade, its backup, and the step after it

    con = sqlite3.connect(path)
    rules = dict(con.execute("SELECT id, scoring_rules FROM assessments").fetchall())
    assert {i: rules[i] for i in statuses} == {
        i: (2 if status == "draft" else 1) for i, status in statuses.items()}
    # finals: their stored figures are exactly those they were signed off with
    for assessment_id, before in finals_before.items():
        assert con.execute("SELECT overall_score, overall_band, dimension_scores FROM "
                           "assessments WHERE id = ?", (assessment_id,)).fetchone() == before
    # the draft: its band is stated only as far as the unknowns allow
    low, high, band = con.execute("SELECT overall_low, overall_high, overall_band FROM "
                                  "assessments WHERE id = ?", (draft,)).fetchone()
    settled = Band.of(Decimal(str(low))) == Band.of(Decimal(str(high)))
    assert not settled and band is None, (low, high, band)  # it had said "Elevated"
    confidence, = con.execute("SELECT confidence FROM answers WHERE assessment_id = ? AND "
                              "indicator_id = ?", (draft, indicator)).fetchone()
    assert confidence is None
    old, new, by = con.execute("SELECT old_value, new_value, changed_by FROM answer_history "
                               "WHERE assessment_id = ? AND indicator_id = ? ORDER BY id DESC "
                               "LIMIT 1", (draft, indicator)).fetchone()
    assert by == UPGRADER
    assert json.loads(old)["confidence"] == "high" and json.loads(new)["confidence"] is None
    con.close()

    check = aibri("--db", str(path), "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Row checksums: ok" in check.stdout

    final = next(i for i, s in statuses.items() if s == "final")
    shown = json.loads(aibri("--db", str(path), "show", final, "--json").stdout)
    assert shown["scoring_rules"] == 1
    assert shown["overall"]["band"] == Band.of(Decimal(str(shown["overall"]["score"]))).label
    text = aibri("--db", str(path), "show", final).stdout
    assert "Figures under scoring rules version 1, as signed off" in text
    assert json.loads(aibri("--db", str(path), "show", draft, "--json").stdout)[
        "scoring_rules"] == 2


def test_a_row_changed_outside_the_app_is_not_rescored(aibri: Any, tmp_path: Path) -> None:
    path = _old_library(tmp_path)
    con = sqlite3.connect(path)
    with con:
        draft = con.execute("SELECT id FROM assessments WHERE status = 'draft' AND deleted_at "
                            "IS NULL LIMIT 1").fetchone()[0]
        con.execute("UPDATE assessments SET title = 'Edited with another program' "
                    "WHERE id = ?", (draft,))
    con.close()
    Services.open(path).close()
    con = sqlite3.connect(path)
    assert con.execute("SELECT scoring_rules FROM assessments WHERE id = ?",
                       (draft,)).fetchone() == (None,)
    assert con.execute("SELECT count(*) FROM assessments WHERE scoring_rules IS NULL"
                       ).fetchone() == (1,)
    con.close()
    check = aibri("--db", str(path), "check")
    assert check.returncode == 1 and "Edited with another program" in check.stderr


def test_a_library_sealed_elsewhere_waits_for_its_adoption(tmp_path: Path) -> None:
    path = _old_library(tmp_path, "v0005.sql")
    Services.open(path).close()
    con = sqlite3.connect(path)
    waiting = con.execute("SELECT count(*) FROM assessments WHERE scoring_rules IS NULL"
                          ).fetchone()[0]
    con.close()
    assert waiting > 0  # its rows cannot be verified here: nothing is re-sealed unseen
    services = Services.open(path)
    services.safety.adopt("reviewer")
    services.close()
    Services.open(path).close()
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM assessments WHERE scoring_rules IS NULL"
                       ).fetchone() == (0,)
    con.close()


def test_a_reviewer_rescores_a_final_explicitly_and_it_is_logged(aibri: Any,
                                                                 tmp_path: Path) -> None:
    path = _old_library(tmp_path)
    Services.open(path).close()
    con = sqlite3.connect(path)
    final = con.execute("SELECT id FROM assessments WHERE status = 'final' LIMIT 1"
                        ).fetchone()[0]
    draft = con.execute("SELECT id FROM assessments WHERE status = 'draft' AND deleted_at IS "
                        "NULL LIMIT 1").fetchone()[0]
    con.close()
    refused = aibri("--db", str(path), "rescore", draft, "--reviewer", "Ana")
    assert refused.returncode != 0 and "already scored under version 2" in refused.stderr
    missing = aibri("--db", str(path), "rescore", final)
    assert missing.returncode != 0 and "--reviewer" in missing.stderr
    before = json.loads(aibri("--db", str(path), "show", final, "--json").stdout)
    assert before["scoring_rules"] == 1
    done = aibri("--db", str(path), "rescore", final, "--reviewer", "Ana")
    assert done.returncode == 0, done.stderr
    after = json.loads(aibri("--db", str(path), "show", final, "--json").stdout)
    assert after["scoring_rules"] == 2 and after["status"] == "final"
    assert after["overall"]["score"] == before["overall"]["score"]  # same answers, same score
    if not after["overall"]["verdict"]["settled"]:
        assert after["overall"]["band"] is None
    assert "unknowns_answered" not in after["robustness"]
    check = aibri("--db", str(path), "check")
    assert check.returncode == 0 and "rescored" in check.stdout and "by Ana" in check.stdout
