"""A framework in a file may not pose as a different framework already here.

A file that declares the bundled framework's id and version ("aibri" "2.0.0") with other
content is refused as a whole, as `aibri framework add` refuses it: never stored and listed as
a second "aibri 2.0.0".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aibri_desktop.domain.framework_file import loads_framework
from aibri_desktop.exchange.aibri_file import ExchangeError, read_exchange
from aibri_desktop.services import Services
from aibri_desktop.services.errors import InvalidInputError
from exchange.conftest import Exported
from exchange.test_hostile_files import (
    ASSESSMENTS,
    Entries,
    database_state,
    dump,
    framework_entry,
    rezip,
    single_line,
    unzip,
)
from helpers.services import create_reference_assessment


def impostor(entries: Entries, framework_id: str) -> tuple[Entries, str]:
    """``entries`` with the framework ``framework_id`` changed but keeping its id and version
    (stored under its new hash, which its assessments follow); the new hash."""
    result = Entries(entries)
    name = framework_entry(result, framework_id)
    old_hash = name.removeprefix("frameworks/").removesuffix(".json")
    document = json.loads(result.pop(name))
    document["dimensions"][0]["indicators"][0]["weight"] += 1
    text = json.dumps(document, ensure_ascii=False, indent=1)
    new_hash = loads_framework(text, origin="test").content_hash
    assert new_hash != old_hash
    result[f"frameworks/{new_hash}.json"] = text.encode()
    items = json.loads(result[ASSESSMENTS])
    for item in items:
        if item["framework_hash"] == old_hash:
            item["framework_hash"] = new_hash
    result[ASSESSMENTS] = dump(items)
    return result, new_hash


@pytest.fixture(scope="module")
def fake_aibri(exported: Exported) -> bytes:
    entries, _ = impostor(unzip(exported.data), "aibri")
    return rezip(entries)


def test_the_file_itself_reads(fake_aibri: bytes) -> None:
    """The reader cannot know what is bundled or stored: the service refuses it."""
    read_exchange(fake_aibri)


@pytest.mark.sqlite_file  # opens the SQLite file by its path
def test_a_different_bundled_framework_is_refused_and_nothing_written(
        fake_aibri: bytes, target: Services, tmp_path: Path) -> None:
    create_reference_assessment(target)
    before = database_state(target)
    path = tmp_path / "fake-aibri.aibri"
    path.write_bytes(fake_aibri)
    for attempt in (lambda: target.exchange.plan(path, "skip"),
                    lambda: target.exchange.import_file(path)):
        with pytest.raises(InvalidInputError) as raised:
            attempt()
        message = str(raised.value)
        assert single_line(message), message
        assert message.startswith(f"{path}: frameworks/")
        assert "a different framework aibri 2.0.0 already exists" in message
    assert database_state(target) == before


@pytest.mark.sqlite_file  # opens the SQLite file by its path
def test_a_different_stored_framework_is_refused(exported: Exported, target: Services,
                                                 tmp_path: Path) -> None:
    """The same for a framework that is not bundled but stored here (the reference one)."""
    create_reference_assessment(target)
    before = database_state(target)
    entries, _ = impostor(unzip(exported.data), "reference")
    path = tmp_path / "fake-reference.aibri"
    path.write_bytes(rezip(entries))
    with pytest.raises(InvalidInputError) as raised:
        target.exchange.import_file(path)
    assert "a different framework reference" in str(raised.value)
    assert database_state(target) == before


def test_the_cli_refuses_it_and_the_list_still_shows_one_aibri(fake_aibri: bytes, aibri: Any,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "fake-aibri.aibri"
    path.write_bytes(fake_aibri)
    db = str(tmp_path / "target.sqlite3")
    result = aibri("--db", db, "import", str(path))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "a different framework aibri 2.0.0 already exists" in result.stderr
    listing = aibri("--db", db, "framework", "list")
    assert listing.returncode == 0, listing.stderr
    assert [line for line in listing.stdout.splitlines()
            if line.startswith("aibri 2.0.0 ")] != []
    assert len([line for line in listing.stdout.splitlines()
                if line.startswith("aibri 2.0.0 ")]) == 1, listing.stdout


def test_two_different_frameworks_of_one_name_in_a_file_are_refused(exported: Exported) -> None:
    entries = unzip(exported.data)
    changed, _ = impostor(entries, "aibri")
    changed[framework_entry(entries, "aibri")] = entries[framework_entry(entries, "aibri")]
    with pytest.raises(ExchangeError) as raised:
        read_exchange(rezip(changed))
    message = str(raised.value)
    assert single_line(message)
    assert "two different frameworks both called aibri 2.0.0" in message
