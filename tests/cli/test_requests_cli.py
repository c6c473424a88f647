"""`aibri requests`: the open items as requests for evidence, must-answer items first."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import zipfile
from pathlib import Path

from helpers.services import database_argument


def _kenya(aibri, db: str) -> str:
    made = aibri("--db", db, "create", "KE", "--marking", "RESTRICTED", "--json")
    kenya: str = json.loads(made.stdout)["id"]
    for indicator, level in (("DS-02", 3), ("DS-04", 4), ("TD-01", 2)):
        assert aibri("--db", db, "answer", kenya, indicator, "--level", str(level)).returncode == 0
    return kenya


def test_the_request_list_puts_the_must_answer_items_first_in_every_format(
        aibri, tmp_path: Path) -> None:
    db = database_argument(tmp_path, "x.sqlite3")
    kenya = _kenya(aibri, db)
    shown = json.loads(aibri("--db", db, "show", kenya, "--json").stdout)
    open_items = [a["indicator"] for a in shown["answers"] if a["state"] == "unanswered"]

    out = tmp_path / "requests.csv"
    result = aibri("--db", db, "requests", kenya, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote the evidence requests {out}: "
                                    f"{len(open_items)} open items, ")
    lines = out.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0] == "Classification: RESTRICTED"
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[1:]))))
    assert sorted(r["indicator"] for r in rows) == sorted(open_items)
    must = [r for r in rows if r["must_answer"] == "yes"]
    assert must and rows[:len(must)] == must  # the must-answer items come first
    shares = [float(r["points_of_the_range"]) for r in must]
    assert shares == sorted(shares, reverse=True)
    ds07 = next(r for r in rows if r["indicator"] == "DS-07")
    assert ds07["evidence_that_would_answer_it"] and ds07["held_by"]
    total = sum(float(r["points_of_the_range"]) for r in rows)
    assert abs(total - (shown["overall"]["high"] - shown["overall"]["low"])) < 0.05

    pdf = tmp_path / "requests.pdf"
    assert aibri("--db", db, "requests", kenya, "--out", str(pdf)).returncode == 0
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")[:-1]
    assert all("RESTRICTED" in page for page in pages)
    flat = " ".join(text.split())
    assert "Evidence requests: Kenya" in flat and "exposure to the People's Republic of China" \
        in flat
    assert f"● {must[0]['indicator']}" in flat

    docx = tmp_path / "requests.docx"
    assert aibri("--db", db, "requests", kenya, "--out", str(docx)).returncode == 0
    with zipfile.ZipFile(docx) as archive:
        body = archive.read("word/document.xml").decode()
        header = archive.read("word/header1.xml").decode()
    assert must[0]["indicator"] in body and "RESTRICTED" in header


def test_a_wrong_file_kind_or_nothing_open_gets_one_line_and_writes_nothing(
        aibri, tmp_path: Path) -> None:
    db = database_argument(tmp_path, "x.sqlite3")
    kenya = _kenya(aibri, db)
    refused = aibri("--db", db, "requests", kenya, "--out", str(tmp_path / "r.txt"))
    assert refused.returncode != 0 and len(refused.stderr.splitlines()) == 1
    assert ".pdf, .docx or .csv" in refused.stderr
    assert not (tmp_path / "r.txt").exists()
    missing = aibri("--db", db, "requests", "nosuchid", "--out", str(tmp_path / "r.pdf"))
    assert missing.returncode != 0 and len(missing.stderr.splitlines()) == 1
    assert not (tmp_path / "r.pdf").exists()
