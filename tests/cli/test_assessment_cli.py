"""`aibri demo/list/show/answer` as a script or a user would run them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from helpers import reference
from helpers.services import (
    create_reference_assessment,
    database_argument,
    on_server,
    open_services,
)

LIST_KEYS = {"id", "country_code", "country", "title", "status", "framework_version",
             "overall_score", "band", "coverage", "provisional", "verdict", "updated_at"}


@pytest.fixture
def reference_db(tmp_path: Path) -> tuple[str, str]:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services, answered=False)
    services.close()
    return database_argument(tmp_path), assessment_id


def test_reference_fixture_through_answer_and_show_json(aibri, reference_db) -> None:
    db, assessment_id = reference_db
    for record in reference.answer_records():
        if record["indicator"].startswith("IE-"):
            continue
        args = ["--db", db, "answer", assessment_id[:8], record["indicator"]]
        if record["state"] == "answered":
            args += ["--level", str(record["level"])]
        elif record["state"] == "unknown":
            args += ["--unknown"]
        else:
            args += ["--na", record["na_reason"]]
        if record.get("confidence"):
            args += ["--confidence", record["confidence"]]
        if record.get("evidence"):
            args += ["--evidence", record["evidence"]]
        result = aibri(*args)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().endswith("Saved.")
    result = aibri("--db", db, "show", assessment_id, "--json")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    want = reference.expected()
    assert shown["id"] == assessment_id
    assert shown["country"] == {"code": "XA", "name": "Republic of Avalon", "region": "Fictional"}
    assert shown["framework"]["id"] == "reference"
    assert shown["framework"]["hash"] == reference.framework().content_hash
    o = shown["overall"]
    assert (f"{o['score']:.1f}", o["band"], f"{o['low']:.1f}", f"{o['high']:.1f}",
            f"{o['coverage']:.3f}", o["provisional"]) == (
        want["overall"]["score"], want["overall"]["band"], want["overall"]["low"],
        want["overall"]["high"], want["overall"]["coverage"], want["overall"]["provisional"])
    r = shown["residual"]
    assert (f"{r['score']:.1f}", r["band"], f"{r['low']:.1f}", f"{r['high']:.1f}") == (
        want["residual"]["score"], want["residual"]["band"], want["residual"]["low"],
        want["residual"]["high"])
    for dim in shown["dimensions"]:
        expected = want["dimensions"][dim["id"]]
        assert f"{dim['score']:.1f}" == expected["score"], dim["id"]
        assert dim["band"] == expected["band"], dim["id"]
        assert f"{dim['low']:.1f}" == expected["low"] and f"{dim['high']:.1f}" == expected["high"]
        assert f"{dim['coverage']:.3f}" == expected["coverage"]
        assert dim["provisional"] is expected["provisional"]
    assert [(f["indicator"], f["kind"]) for f in shown["red_flags"]] == [
        (f["indicator"], f["kind"]) for f in want["red_flags"]]
    assert all(set(f) >= {"indicator", "dimension", "text", "kind"} for f in shown["red_flags"])
    # version 2: the verdict, what must be answered, the residual's verdict
    assert (o["verdict"], o["must_answer"]) == (want["overall"]["verdict"],
                                                want["overall"]["must_answer"])
    assert o["settle_by"] == [{**s, "share": float(s["share"])}
                              for s in want["overall"]["settle_by"]]
    assert (r["verdict"], r["provisional"]) == (want["residual"]["verdict"],
                                                want["residual"]["provisional"])
    assert {d["id"]: d["verdict"] for d in shown["dimensions"]} == {
        k: v["verdict"] for k, v in want["dimensions"].items()}
    text = aibri("--db", db, "show", assessment_id).stdout
    assert "Overall exposure: at least Elevated, at most High · score of the answered " \
        f"indicators (ranges at their middle) {want['overall']['score']}" in text
    assert "The band cannot settle unless at least these are answered: TD-03." in text
    assert "Residual exposure: at least Elevated, at most High (provisional)" in text
    answers = {a["indicator"]: a for a in shown["answers"]}
    assert answers["TD-03"]["state"] == "unanswered" and answers["DS-01"]["level"] == 4
    assert "IE-01" not in answers
    assert set(answers["DS-01"]) >= {"indicator", "level", "state", "confidence", "evidence"}


def test_demo_run_twice_adds_twice(aibri, tmp_path: Path) -> None:
    """The same seed in a library that already has its assessments adds new ones, as the
    command says, instead of failing on their ids."""
    db = database_argument(tmp_path, "twice.sqlite3")
    for _ in range(2):
        result = aibri("--db", db, "demo", "--count", "4")
        assert result.returncode == 0 and result.stderr == "", result.stderr
    listed = json.loads(aibri("--db", db, "list", "--json").stdout)
    assert len(listed) == 8 and len({row["id"] for row in listed}) == 8


def test_demo_list_and_show(aibri, tmp_path: Path) -> None:
    db = database_argument(tmp_path, "demo.sqlite3")
    result = aibri("--db", db, "demo", "--count", "5", "--seed", "3")
    assert result.returncode == 0, result.stderr
    assert "5 illustrative assessments of fictional countries" in result.stdout
    listed = json.loads(aibri("--db", db, "list", "--json").stdout)
    assert len(listed) == 5
    assert all(set(row) == LIST_KEYS for row in listed)
    assert all(row["country_code"].startswith("X") for row in listed)
    for row in listed:  # the verdict is the span of the stored range's bands
        assert row["verdict"]["bands"][0] in ("Low", "Guarded", "Elevated", "High", "Severe")
        assert row["verdict"]["settled"] is (len(row["verdict"]["bands"]) == 1)
    text = aibri("--db", db, "show", listed[0]["id"][:6])
    assert text.returncode == 0 and listed[0]["title"] in text.stdout
    assert "Overall exposure" in text.stdout


def test_db_from_environment(aibri, tmp_path: Path) -> None:
    """AIBRI_DB names the library: a file's path, or a server's URL."""
    db = database_argument(tmp_path, "env.sqlite3")
    assert aibri("demo", extra_env={"AIBRI_DB": db}).returncode == 0
    if not on_server():
        assert Path(db).exists()
    assert len(json.loads(aibri("--db", db, "list", "--json").stdout)) == 3


@pytest.mark.sqlite_file  # the default library is a file in the user's data folder
def test_default_database_lives_in_the_user_data_folder(aibri, tmp_path: Path) -> None:
    assert aibri("demo", "--count", "1").returncode == 0
    assert (tmp_path / "data" / "aibri.sqlite3").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "ffffffff"], "No assessment has an id starting with 'ffffffff'"),
        (["answer", "{id}", "XX-01", "--level", "2"], "XX-01 is not an indicator"),
        (["answer", "{id}", "DS-01", "--level", "9"], "'9' is not a level"),
        (["answer", "{id}", "DS-01", "--level", "-1"], "not a level"),
        (["answer", "{id}", "DS-01", "--na", " "], "--na needs a reason"),
        (["answer", "{id}", "DS-01"],
         "one of the arguments --level --range --unknown --na is required"),
        (["answer", "{id}", "DS-01", "--range", "3-2"], "a range goes from a lower to a higher"),
        (["answer", "{id}", "DS-01", "--range", "2-2"], "a range goes from a lower to a higher"),
        (["answer", "{id}", "DS-01", "--range", "0-4"], "0-4 says nothing about the level"),
        (["answer", "{id}", "DS-01", "--range", "2-5"], "'2-5' is not a range of two levels"),
        (["answer", "{id}", "DS-01", "--range", "two"], "'two' is not a range of two levels"),
        (["answer", "{id}", "DS-01", "--unknown", "--confidence", "high"],
         "an unknown answer carries no confidence level"),
        (["answer", "{id}", "DS-01", "--range", "1-3", "--confidence", "low"],
         "a range answer carries no confidence level"),
        (["demo", "--count", "0"], "must be from 1 to 100000"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(aibri, reference_db, library_state, args,
                                                    message) -> None:
    db, assessment_id = reference_db
    before = library_state(db)
    result = aibri("--db", db, *[a.replace("{id}", assessment_id[:8]) for a in args])
    assert result.returncode != 0
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert library_state(db) == before


# Files that are not a usable SQLite library (garbage, another program's, a folder, a newer
# schema's): the refusals of a file, which a server's URL never meets.
@pytest.mark.sqlite_file
@pytest.mark.parametrize("kind", ["garbage", "other-program", "folder", "newer"])
def test_unusable_databases_are_refused_cleanly(aibri, tmp_path: Path, library_state,
                                                kind: str) -> None:
    target = tmp_path / "target.sqlite3"
    if kind == "garbage":
        target.write_bytes(b"\x00\x01garbage" * 100)
    elif kind == "other-program":
        con = sqlite3.connect(target)
        con.execute("CREATE TABLE t (x)")
        con.commit()
        con.close()
    elif kind == "folder":
        target.mkdir()
    else:
        assert aibri("--db", str(target), "list").returncode == 0
        con = sqlite3.connect(target)
        con.execute("PRAGMA user_version = 99")
        con.close()
    before = None if target.is_dir() else library_state(target)
    result = aibri("--db", str(target), "list")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert str(target) in result.stderr
    if before is not None:
        assert library_state(target) == before


@pytest.mark.parametrize("case", ["_v2", "_v2_settled"])
def test_the_version_2_cases_through_answer_range_and_show_json(aibri, tmp_path: Path,
                                                                case: str) -> None:
    """The hand-worked cases with range answers, typed as a script would (`--range A-B`), give
    the fixture's figures, verdicts, shares and must-answer list in `show --json`."""
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services, answered=False, case=case)
    services.close()
    db = database_argument(tmp_path)
    for record in reference.answer_records(case):
        if record["indicator"].startswith("IE-") or record["state"] == "unanswered":
            continue
        args = ["--db", db, "answer", assessment_id[:8], record["indicator"]]
        if record["state"] == "answered":
            args += ["--level", str(record["level"])]
        elif record["state"] == "range":
            args += ["--range", "{}-{}".format(*record["range"])]
        elif record["state"] == "unknown":
            args += ["--unknown"]
        else:
            args += ["--na", record["na_reason"]]
        if record.get("confidence"):
            args += ["--confidence", record["confidence"]]
        result = aibri(*args)
        assert result.returncode == 0, result.stderr
    shown = json.loads(aibri("--db", db, "show", assessment_id, "--json").stdout)
    want = _as_text(reference.expected(case))
    assert shown["scoring_rules"] == 2
    for key in ("overall", "residual"):
        got, w = shown[key], want[key]
        assert (f"{got['score']:.1f}", got["band"], f"{got['low']:.1f}", f"{got['high']:.1f}",
                got["provisional"], got["verdict"]) == (
            w["score"], w["band"], w["low"], w["high"], w["provisional"], w["verdict"]), key
    o, w = shown["overall"], want["overall"]
    assert f"{o['coverage']:.3f}" == w["coverage"]
    assert [(i["indicator"], i["dimension"], f"{i['share']:.1f}") for i in o["settle_by"]] == [
        (i["indicator"], i["dimension"], i["share"]) for i in w["settle_by"]]
    assert o["must_answer"] == w["must_answer"]
    for dim in shown["dimensions"]:
        expected = want["dimensions"][dim["id"]]
        assert (f"{dim['score']:.1f}", dim["band"], dim["verdict"], dim["provisional"]) == (
            expected["score"], expected["band"], expected["verdict"],
            expected["provisional"]), dim["id"]
    ranged = {a["indicator"]: a["range"] for a in shown["answers"] if a["state"] == "range"}
    assert ranged == {r["indicator"]: r["range"] for r in reference.answer_records(case)
                      if r["state"] == "range" and not r["indicator"].startswith("IE-")}
    assert all(a["level"] is None and a["confidence"] is None
               for a in shown["answers"] if a["state"] == "range")


def _as_text(value: Any) -> Any:
    """The fixture's figures as the text a reader sees (one decimal, coverage three)."""
    if isinstance(value, dict):
        return {k: (f"{v:.3f}" if k == "coverage" else f"{v:.1f}")
                if isinstance(v, float | int) and not isinstance(v, bool)
                and k in ("score", "low", "high", "coverage", "share")
                else _as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    return value


def test_answer_sources_have_the_fields_of_every_source(aibri, reference_db,
                                                        library_state) -> None:
    db, assessment_id = reference_db
    result = aibri("--db", db, "answer", assessment_id[:8], "DS-01", "--level", "2",
                   "--source", "Official Gazette | Data Protection Act | 2019-11-08 | "
                   "https://example.org/dpa | 2026-11-02 | section 25",
                   "--source", "Interview notes, March")
    assert result.returncode == 0, result.stderr
    shown = json.loads(aibri("--db", db, "show", assessment_id, "--json").stdout)
    answer = next(a for a in shown["answers"] if a["indicator"] == "DS-01")
    assert answer["sources"] == [
        {"publisher": "Official Gazette", "title": "Data Protection Act", "date": "2019-11-08",
         "url": "https://example.org/dpa", "accessed": "2026-11-02", "note": "section 25"},
        {"publisher": "", "title": "Interview notes, March", "date": "", "url": None,
         "accessed": None, "note": None}]
    before = library_state(db)
    refused = aibri("--db", db, "answer", assessment_id[:8], "DS-01", "--level", "3",
                    "--source", "Gazette | Act | last spring")
    assert refused.returncode != 0
    assert refused.stderr.strip().count("\n") == 0  # one line, no traceback
    assert "--source 1" in refused.stderr and "a year, a month or a day" in refused.stderr
    assert library_state(db) == before  # nothing changed
