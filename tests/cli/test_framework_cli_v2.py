"""``aibri framework validate`` for format-2 frameworks and supplier profiles, and
``aibri framework suppliers``."""

from __future__ import annotations

import json
from pathlib import Path

from aibri_desktop import paths
from aibri_desktop.domain.supplier_file import load_supplier_file
from helpers.services import database_argument

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "frameworks" / "format-2.json"


def test_validate_a_format_2_framework_reads_it_for_every_supplier(aibri) -> None:
    result = aibri("framework", "validate", str(FIXTURE))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    valid, rendering = result.stdout.splitlines()
    assert valid.startswith(f"{FIXTURE}: valid — fixture-v2 2.0.0, 4 dimensions, 6 indicators")
    assert rendering == ("4 of 6 indicators are supplier-specific (1 not supplier-symmetric); "
                         "every text reads in full for CN 1.0.0, US 1.0.0")


def test_validate_recognises_a_supplier_profile(aibri, tmp_path: Path) -> None:
    cn = paths.suppliers_dir() / "cn.json"
    profile = load_supplier_file(cn)
    result = aibri("framework", "validate", str(cn))
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"{cn}: valid — supplier profile CN 1.0.0 (the People's Republic of China), as of "
        f"{profile.as_of}, {sum(1 for _e in profile.entries())} entries, content hash "
        f"{profile.content_hash[:12]}\n")

    doc = json.loads(cn.read_text())
    del doc["lists"]["laws"][0]["process"]
    broken = tmp_path / "own.json"
    broken.write_text(json.dumps(doc))
    result = aibri("framework", "validate", str(broken))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"aibri: {broken}: lists.laws[0].process: is missing\n"


def test_a_broken_format_2_framework_is_one_line(aibri, tmp_path: Path) -> None:
    doc = json.loads(FIXTURE.read_text())
    doc["dimensions"][0]["indicators"][0]["question"]["en"] = "Is {supplier_bank} used?"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(doc))
    result = aibri("framework", "validate", str(broken))
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"aibri: {broken}: dimensions[0].indicators[0].question.en: '{{supplier_bank}}' is not "
        "a supplier placeholder")
    assert len(result.stderr.splitlines()) == 1


def test_suppliers_lists_the_shipped_profiles(aibri, tmp_path: Path) -> None:
    result = aibri("--db", database_argument(tmp_path, "x.sqlite3"), "framework", "suppliers")
    assert result.returncode == 0, result.stderr
    profiles = [load_supplier_file(p) for p in paths.bundled_supplier_files()]
    assert result.stdout.splitlines() == [
        f"{p.id} {p.version}  {p.content_hash[:12]}  bundled   as of {p.as_of}  {p.name.get()}"
        for p in profiles]
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["CN", "US"]


def test_a_ministry_adds_its_own_supplier_profile_to_the_library(aibri, tmp_path: Path) -> None:
    db = database_argument(tmp_path, "x.sqlite3")
    us = paths.suppliers_dir() / "us.json"
    result = aibri("--db", db, "framework", "add", str(us))
    assert (result.returncode, result.stdout) == (0, "Supplier profile US 1.0.0 is already "
                                                     "there.\n")
    doc = json.loads(us.read_text())
    doc["version"] = "1.1.0"
    doc["lists"]["gnss"][0]["note"] = {"en": "A ministry's own note."}
    own = tmp_path / "us-own.json"
    own.write_text(json.dumps(doc))
    result = aibri("--db", db, "framework", "add", str(own))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Added supplier profile US 1.1.0 (")
    listed = aibri("--db", db, "framework", "suppliers").stdout.splitlines()
    assert [[*line.split()[:2], line.split()[3]] for line in listed] == [
        ["CN", "1.0.0", "bundled"], ["US", "1.0.0", "bundled"], ["US", "1.1.0", "user"]]
    # kept in the library: a later command (another process) measures exposure with it
    made = aibri("--db", db, "create", "KE", "--supplier", "US", "--json")
    assert made.returncode == 0, made.stderr
    shown = json.loads(aibri("--db", db, "show", json.loads(made.stdout)["id"],
                             "--json").stdout)
    assert shown["supplier"]["version"] == "1.1.0"  # the newest profile of that state
    doc["lists"]["gnss"][0]["note"] = {"en": "Another text under the same version."}
    own.write_text(json.dumps(doc))
    refused = aibri("--db", db, "framework", "add", str(own))
    assert refused.returncode == 1 and "already exists" in refused.stderr
