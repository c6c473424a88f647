"""Limits on everything in an imported file (docs/exchange-format.md, "Limits").

Each limit is refused on one line naming the field and the limit, and nothing is written:
text of any field (answer history values and the robustness too) at most MAX_TEXT characters,
only finite numbers (``1e999`` reads as infinity), answers and history only for indicators of
modules the assessment uses, at most MAX_HISTORY history entries per assessment and at most
MAX_ASSESSMENTS assessments per file (an export of more is refused, saying to split it).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from aibri_desktop.exchange.aibri_file import (
    MAX_ASSESSMENTS,
    MAX_HISTORY,
    MAX_TEXT,
    Exchange,
    ExchangeError,
    read_exchange,
)
from aibri_desktop.services import Services
from aibri_desktop.services.errors import InvalidInputError
from exchange.test_hostile_files import (
    ASSESSMENTS,
    MANIFEST,
    Entries,
    database_state,
    dump,
    rezip,
    single_line,
    unzip,
)
from helpers.services import create_reference_assessment, open_services

INFINITE = "__INFINITE__"  # replaced by the JSON text 1e999 after dumping


@pytest.fixture(scope="module")
def small(valid_data: bytes) -> Entries:
    """The reference assessment (module MC used, IE not) and its framework only."""
    entries = unzip(valid_data)
    items = json.loads(entries[ASSESSMENTS])
    kept = next(item for item in items if item["marking"] == "REFERENCE")
    assert kept["modules"] == ["MC"] and kept["history"]
    for name in list(entries):
        if name.startswith("frameworks/") and kept["framework_hash"] not in name:
            del entries[name]
    return with_items(Entries(entries), [kept])


def with_items(entries: Entries, items: list[dict[str, Any]], *, count: int | None = None
               ) -> Entries:
    result = Entries(entries)
    result[ASSESSMENTS] = dump(items).replace(f'"{INFINITE}"'.encode(), b"1e999")
    manifest = json.loads(result[MANIFEST])
    manifest["count"] = len(items) if count is None else count
    result[MANIFEST] = json.dumps(manifest).encode()
    return result


Mutation = Callable[[list[dict[str, Any]]], None]


def changed(small: Entries, mutate: Mutation) -> bytes:
    items = json.loads(small[ASSESSMENTS])
    mutate(items)
    return rezip(with_items(small, items))


def history_value(key: str, value: Any) -> Mutation:
    def mutate(items: list[dict[str, Any]]) -> None:
        items[0]["history"][0]["new"][key] = value

    return mutate


def robustness(value: Any) -> Mutation:
    def mutate(items: list[dict[str, Any]]) -> None:
        items[0]["robustness"] = {"overall": value}

    return mutate


# An answer of a module the assessment does not use travels from format 6 on (set aside:
# tests/exchange/test_details_history.py); one of an item the framework does not have never.
def foreign_answer(items: list[dict[str, Any]]) -> None:
    answer = dict(items[0]["answers"][0], indicator="ZZ-99")
    items[0]["answers"].append(answer)


def foreign_history(items: list[dict[str, Any]]) -> None:
    items[0]["history"].append(dict(items[0]["history"][0], indicator="ZZ-99"))


def history_of(n: int) -> Mutation:
    """n entries, each by someone else (identical ones would compress like a zip bomb)."""

    def mutate(items: list[dict[str, Any]]) -> None:
        entry = items[0]["history"][0]
        items[0]["history"] = [dict(entry, changed_by=uuid.uuid4().hex) for _ in range(n)]

    return mutate


def copies(n: int) -> Mutation:
    def mutate(items: list[dict[str, Any]]) -> None:
        item = dict(items[0], answers=[], history=[])
        items[:] = [dict(item, id=str(uuid.uuid4())) for _ in range(n)]

    return mutate


def field(key: str, value: Any, where: str = "") -> Mutation:
    def mutate(items: list[dict[str, Any]]) -> None:
        (items[0]["history"][0] if where == "history" else items[0])[key] = value

    return mutate


CASES: dict[str, tuple[Mutation, str]] = {
    "created-after-the-last-utc-moment": (field("created_at", "9999-12-31T23:00:00-14:00"),
                                          "created_at: '9999-12-31T23:00:00-14:00' is out of "
                                          "range"),
    "created-before-the-first-utc-moment": (field("created_at", "0001-01-01T00:00:00+14:00"),
                                            "is out of range"),
    "history-changed-out-of-range": (field("changed_at", "9999-12-31T23:59:59-01:00",
                                           "history"), "changed_at: '9999-12-31T23:59:59-01:00'"
                                     " is out of range"),
    "history-evidence-too-long": (history_value("evidence", "x" * (MAX_TEXT + 1)),
                                  ".new.evidence: is longer than 100,000 characters"),
    "history-level-1e999": (history_value("level", INFINITE), ".new.level: a number too large"),
    "history-level-float": (history_value("level", 2.5), ".new.level: must be a whole number"),
    "history-unknown-field": (history_value("score", 99), ".new.score: is not a known field"),
    "history-state-unknown": (history_value("state", "done"), ".new.state: must be answered"),
    "robustness-1e999": (robustness(INFINITE), "robustness.overall: a number too large"),
    "robustness-text-too-long": (robustness("x" * (MAX_TEXT + 1)),
                                 "robustness.overall: is longer than 100,000 characters"),
    "answer-of-another-framework": (foreign_answer, "ZZ-99 is not an indicator of"),
    "history-of-another-framework": (foreign_history, "ZZ-99 is not an indicator of"),
    "too-much-history": (history_of(MAX_HISTORY + 1),
                         f"at most {MAX_HISTORY:,} for one assessment"),
    "too-many-assessments": (copies(MAX_ASSESSMENTS + 1),
                             f"at most {MAX_ASSESSMENTS:,} fit in one file (split the export"),
}


def refused(data: bytes) -> str:
    with pytest.raises(ExchangeError) as raised:
        read_exchange(data)
    message = str(raised.value)
    assert single_line(message), message
    return message


@pytest.mark.parametrize("name", list(CASES))
def test_a_limit_is_refused_on_one_line_naming_the_field(small: Entries, name: str) -> None:
    mutate, fragment = CASES[name]
    message = refused(changed(small, mutate))
    # (too many assessments: the manifest's count says so first)
    assert message.startswith(("assessments.json: ", "manifest.json: count: "))
    assert fragment in message, message


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, Path]]:
    folder = tmp_path_factory.mktemp("limits-target")
    services = open_services(folder)
    try:
        create_reference_assessment(services)
        yield services, folder
    finally:
        services.close()


@pytest.mark.parametrize("name", list(CASES))
def test_an_import_over_a_limit_writes_nothing(small: Entries, target: tuple[Services, Path],
                                               name: str) -> None:
    services, folder = target
    before = database_state(services)
    path = folder / f"{name}.aibri"
    path.write_bytes(changed(small, CASES[name][0]))
    with pytest.raises(InvalidInputError) as raised:
        services.exchange.import_file(path)
    assert single_line(str(raised.value))
    assert CASES[name][1] in str(raised.value)
    assert database_state(services) == before


def test_text_and_history_at_the_limits_are_read(small: Entries) -> None:
    def long_text(items: list[dict[str, Any]]) -> None:
        items[0]["history"][0]["new"]["evidence"] = os.urandom(MAX_TEXT // 2).hex()
        items[0]["answers"][0]["sources"] = os.urandom(MAX_TEXT // 2).hex()

    assert isinstance(read_exchange(changed(small, long_text)), Exchange)
    assert isinstance(read_exchange(changed(small, history_of(MAX_HISTORY))), Exchange)


def test_the_most_assessments_a_file_may_hold_are_read(small: Entries) -> None:
    exchange = read_exchange(changed(small, copies(MAX_ASSESSMENTS)))
    assert len(exchange.assessments) == MAX_ASSESSMENTS


def test_a_manifest_counting_too_many_is_refused(small: Entries) -> None:
    items = json.loads(small[ASSESSMENTS])
    message = refused(rezip(with_items(small, items, count=20_000)))
    assert message.startswith("manifest.json: count: ")
    assert "split the export" in message


def test_an_export_of_too_many_is_refused_saying_to_split_it(target: tuple[Services, Path]
                                                             ) -> None:
    services, folder = target
    ids = [str(uuid.uuid4()) for _ in range(MAX_ASSESSMENTS + 1)]
    with pytest.raises(InvalidInputError) as raised:
        services.exchange.export(ids, folder / "too-many.aibri")
    message = str(raised.value)
    assert single_line(message)
    assert f"at most {MAX_ASSESSMENTS:,}" in message and "Split the export" in message
    assert not (folder / "too-many.aibri").exists()


@pytest.mark.parametrize("name", ["history-level-1e999", "answer-of-another-framework"])
def test_the_cli_refuses_it_on_one_line(small: Entries, aibri: Any, tmp_path: Path,
                                        name: str) -> None:
    path = tmp_path / f"{name}.aibri"
    path.write_bytes(changed(small, CASES[name][0]))
    result = aibri("--db", str(tmp_path / "target.sqlite3"), "import", str(path))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and CASES[name][1] in lines[0], result.stderr


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-12:00",
                                    "2026-01-01T00:00:00+14:00"])
def test_an_extreme_but_real_moment_imports_and_shows(small: Entries, aibri: Any,
                                                      tmp_path: Path, moment: str) -> None:
    """Year 9999 at +14:00 and year 1 at -12:00 are real moments in UTC: they import, list,
    show and brief, one line or none, never an unexpected error."""
    def extreme(items: list[dict[str, Any]]) -> None:
        items[0]["created_at"] = moment
        items[0]["history"][0]["changed_at"] = moment

    path = tmp_path / "extreme.aibri"
    path.write_bytes(changed(small, extreme))
    database = str(tmp_path / "target.sqlite3")
    assert aibri("--db", database, "import", str(path)).returncode == 0
    assessment = json.loads(aibri("--db", database, "list", "--json").stdout)[0]["id"]
    for args in (("list",), ("show", assessment), ("check",),
                 ("brief", assessment, "--out", str(tmp_path / "b.pdf"))):
        result = aibri("--db", database, *args)
        assert result.returncode == 0, (args, result.stderr)
