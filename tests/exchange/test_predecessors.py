"""Follow-ups and their predecessors across an export and an import.

An import inserts every predecessor before its follow-ups, whatever the order in the file; a
cycle of predecessors is refused on one line naming the assessments; a link to an assessment
that is neither in the file nor in the database is dropped with a one-line warning.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from aibri_desktop.exchange.aibri_file import ExchangeError, read_exchange
from aibri_desktop.services import Services
from aibri_desktop.services.errors import InvalidInputError
from aibri_desktop.storage.checksums import mismatches
from exchange.test_hostile_files import (
    ASSESSMENTS,
    database_state,
    dump,
    rezip,
    single_line,
    unzip,
)
from helpers.services import create_reference_assessment, open_services


def original_and_follow_up(services: Services) -> tuple[str, str]:
    original = create_reference_assessment(services)
    change = services.assessments.duplicate_as_follow_up(assessment_id=original, who="tester")
    return original, change.assessment_id


def with_predecessors(data: bytes, links: dict[int, str | None]) -> bytes:
    """The file with the assessments at these positions given these predecessor ids."""
    entries = unzip(data)
    items = json.loads(entries[ASSESSMENTS])
    for position, predecessor in links.items():
        items[position]["predecessor_id"] = predecessor
    entries[ASSESSMENTS] = dump(items)
    return rezip(entries)


@pytest.fixture
def pair_file(tmp_path: Path) -> tuple[Path, str, str]:
    """A file with the follow-up first and its original second (as `aibri export FOLLOWUP
    ORIGINAL` writes it); the ids of the original and the follow-up."""
    (tmp_path / "src").mkdir()
    source = open_services(tmp_path / "src")
    try:
        original, follow_up = original_and_follow_up(source)
        path = tmp_path / "pair.aibri"
        source.exchange.export([follow_up, original], path)
    finally:
        source.close()
    items = json.loads(unzip(path.read_bytes())[ASSESSMENTS])
    assert [item["id"] for item in items] == [follow_up, original]
    return path, original, follow_up


@pytest.mark.sqlite_file  # opens the SQLite file by its path
def test_cli_export_follow_up_first_imports_into_a_fresh_database(aibri: Any,
                                                                 tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    source = open_services(tmp_path / "src")
    try:
        original, follow_up = original_and_follow_up(source)
    finally:
        source.close()
    exported = tmp_path / "f.aibri"
    result = aibri("--db", str(tmp_path / "src" / "aibri.sqlite3"), "export", follow_up,
                   original, "--out", str(exported))
    assert result.returncode == 0, result.stderr
    other = tmp_path / "other.sqlite3"
    result = aibri("--db", str(other), "import", str(exported))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Imported 2 assessment(s)" in result.stdout
    target = Services.open(other)
    try:
        assert target.assessments.load(follow_up).predecessor_id == original
        assert target.assessments.load(original).predecessor_id is None
    finally:
        target.close()


@pytest.mark.parametrize("links", [{0: "second", 1: "first"}, {0: "first"}],
                         ids=["two-cycle", "own-predecessor"])
@pytest.mark.sqlite_file  # opens the SQLite file by its path
def test_a_predecessor_cycle_is_refused_naming_the_assessments(
        pair_file: tuple[Path, str, str], target: Services, tmp_path: Path,
        links: dict[int, str]) -> None:
    path, original, follow_up = pair_file
    ids = {"first": follow_up, "second": original}
    data = with_predecessors(path.read_bytes(), {n: ids[name] for n, name in links.items()})
    with pytest.raises(ExchangeError) as raised:
        read_exchange(data)
    message = str(raised.value)
    assert single_line(message)
    assert message.startswith("assessments.json: predecessor_id: ")
    assert follow_up[:8] in message
    if len(links) == 2:
        assert original[:8] in message and "cycle" in message
    else:
        assert "its own predecessor" in message
    create_reference_assessment(target)
    before = database_state(target)
    hostile = tmp_path / "cycle.aibri"
    hostile.write_bytes(data)
    with pytest.raises(InvalidInputError) as refused:
        target.exchange.import_file(hostile)
    assert str(refused.value) == f"{hostile}: {message}"
    assert database_state(target) == before


def test_cli_refuses_a_cycle_on_one_line(pair_file: tuple[Path, str, str], aibri: Any,
                                         tmp_path: Path) -> None:
    path, original, follow_up = pair_file
    hostile = tmp_path / "cycle.aibri"
    hostile.write_bytes(with_predecessors(path.read_bytes(), {0: original, 1: follow_up}))
    result = aibri("--db", str(tmp_path / "other.sqlite3"), "import", str(hostile))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "cycle" in result.stderr and "Traceback" not in result.stderr


def test_a_link_to_an_assessment_nowhere_is_dropped_with_one_warning(
        pair_file: tuple[Path, str, str], aibri: Any, tmp_path: Path) -> None:
    path, original, follow_up = pair_file
    elsewhere = str(uuid.uuid4())
    dangling = tmp_path / "dangling.aibri"
    dangling.write_bytes(with_predecessors(path.read_bytes(), {1: elsewhere}))
    other = tmp_path / "other.sqlite3"
    result = aibri("--db", str(other), "import", str(dangling))
    assert result.returncode == 0, result.stderr
    warning = result.stderr.strip().splitlines()
    assert len(warning) == 1 and warning[0].startswith("Warning: 1 assessment(s)"), warning
    assert "without that link" in warning[0]
    target = Services.open(other)
    try:
        assert target.assessments.load(original).predecessor_id is None
        assert target.assessments.load(follow_up).predecessor_id == original
    finally:
        target.close()


def test_a_link_to_an_assessment_already_here_is_kept(pair_file: tuple[Path, str, str],
                                                      target: Services, tmp_path: Path) -> None:
    """Only the follow-up travels; its original is already in the database."""
    path, original, _follow_up = pair_file
    target.exchange.import_file(path)
    entries = unzip(path.read_bytes())
    entries[ASSESSMENTS] = dump(json.loads(entries[ASSESSMENTS])[:1])
    manifest = json.loads(entries["manifest.json"])
    manifest["count"] = 1
    entries["manifest.json"] = json.dumps(manifest).encode()
    alone = tmp_path / "alone.aibri"
    alone.write_bytes(rezip(entries))
    plan = target.exchange.plan(alone, "copy")
    assert plan.unlinked == []
    change = target.exchange.import_file(alone, on_conflict="copy")
    (copy_id,) = change.assessment_ids
    assert target.assessments.load(copy_id).predecessor_id == original


def test_copies_link_to_the_copies_of_their_predecessors(pair_file: tuple[Path, str, str],
                                                         target: Services) -> None:
    path, original, follow_up = pair_file
    target.exchange.import_file(path)
    change = target.exchange.import_file(path, on_conflict="copy")
    copies = {target.assessments.load(i).title: i for i in change.assessment_ids}
    assert len(copies) == 2
    copy_of_original = next(i for t, i in copies.items() if "(follow-up)" not in t)
    copy_of_follow_up = next(i for t, i in copies.items() if "(follow-up)" in t)
    assert copy_of_original not in (original, follow_up)
    assert target.assessments.load(copy_of_follow_up).predecessor_id == copy_of_original
    assert target.assessments.load(follow_up).predecessor_id == original


def test_replacing_an_original_keeps_the_link_of_its_follow_up_here(tmp_path: Path) -> None:
    """The database's own follow-up of an assessment replaced by an import keeps its link,
    and every row still matches its checksum (the delete must not null it behind the ORM)."""
    services = open_services(tmp_path)
    try:
        original, follow_up = original_and_follow_up(services)
        path = tmp_path / "original.aibri"
        services.exchange.export([original], path)
        services.exchange.import_file(path, on_conflict="replace")
        assert services.assessments.load(follow_up).predecessor_id == original
        with services.database.session() as session:
            assert list(mismatches(session)) == []
    finally:
        services.close()
