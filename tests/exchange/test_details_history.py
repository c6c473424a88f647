"""The history of an assessment's details and its answers set aside (a module turned off)
travel in a .aibri file (format version 6) and arrive sealed; a version-5 file has neither,
and a bad entry is refused on one line."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from aibri_desktop.domain.details import set_aside
from aibri_desktop.exchange.aibri_file import ExchangeError, read_exchange
from aibri_desktop.services import Services
from exchange.test_hostile_files import ASSESSMENTS, MANIFEST, dump, rezip, single_line, unzip
from helpers.services import create_reference_assessment, open_services, recorded


@pytest.fixture(scope="module")
def edited_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, str, dict[str, int]]:
    folder = tmp_path_factory.mktemp("edited")
    services = open_services(folder)
    try:
        assessment_id = create_reference_assessment(services)
        services.assessments.edit_details(assessment_id=assessment_id, who="ana",
                                          title="Reference, revised", as_of=date(2027, 2, 1))
        services.assessments.edit_details(assessment_id=assessment_id, who="ben",
                                          modules=set())
        record = services.assessments.load(assessment_id)
        held = set_aside(record.framework, record.answers, record.modules)
        path = folder / "edited.aibri"
        services.exchange.export([assessment_id], path)
    finally:
        services.close()
    return path.read_bytes(), assessment_id, held


def test_details_history_and_set_aside_answers_travel(
        edited_file: tuple[bytes, str, dict[str, int]], target: Services,
        tmp_path: Path) -> None:
    data, assessment_id, held = edited_file
    assert held  # the module turned off had answers
    manifest = json.loads(unzip(data)[MANIFEST])
    assert manifest["format_version"] == 6
    (tmp_path / "e.aibri").write_bytes(data)
    target.exchange.import_file(tmp_path / "e.aibri", on_conflict="skip")
    record = target.assessments.load(assessment_id)
    assert record.title == "Reference, revised" and record.modules == frozenset()
    assert set_aside(record.framework, record.answers, record.modules) == held
    assert [(c.field, c.old_value, c.new_value, c.changed_by)
            for c in target.assessments.detail_history(assessment_id)] == [
        ("title", "Reference fixture", "Reference, revised", recorded("ana")),
        ("as_of", date(2026, 11, 1), date(2027, 2, 1), recorded("ana")),
        ("modules", frozenset({"MC"}), frozenset(), recorded("ben"))]
    assert target.safety.check().ok  # sealed on arrival
    # turned on again at the recipient's, the answers count again
    target.assessments.edit_details(assessment_id=assessment_id, who="cy", modules={"MC"})
    assert set_aside(record.framework, target.assessments.load(assessment_id).answers,
                     frozenset({"MC"})) == {}


def test_a_version_5_file_imports_with_no_details_history(
        edited_file: tuple[bytes, str, dict[str, int]], target: Services,
        tmp_path: Path) -> None:
    data, assessment_id, _held = edited_file
    entries = unzip(data)
    items = json.loads(entries[ASSESSMENTS])
    for item in items:
        del item["details_history"]
        item["modules"] = ["MC"]  # a version-5 file has no answers set aside
    manifest = json.loads(entries[MANIFEST])
    manifest["format_version"] = 5
    entries[ASSESSMENTS], entries[MANIFEST] = dump(items), dump(manifest)
    (tmp_path / "v5.aibri").write_bytes(rezip(entries))
    target.exchange.import_file(tmp_path / "v5.aibri", on_conflict="skip")
    assert target.assessments.detail_history(assessment_id) == []


def test_a_version_5_file_with_answers_outside_its_modules_is_refused(
        edited_file: tuple[bytes, str, dict[str, int]]) -> None:
    data, _id, _held = edited_file
    entries = unzip(data)
    items = json.loads(entries[ASSESSMENTS])
    del items[0]["details_history"]
    manifest = json.loads(entries[MANIFEST])
    manifest["format_version"] = 5
    entries[ASSESSMENTS], entries[MANIFEST] = dump(items), dump(manifest)
    with pytest.raises(ExchangeError, match="which this assessment does not use"):
        read_exchange(rezip(entries))


CASES: dict[str, tuple[Callable[[list[dict[str, Any]]], None], str]] = {
    "unknown-field": (lambda h: h[0].update(field="country"),
                      "details_history[0].field: must be one of title, as_of"),
    "bad-date": (lambda h: h[1].update(new="1 Feb"), "details_history[1].new"),
    "bad-module": (lambda h: h[2].update(old=["ZZ"]),
                   "details_history[2].old: must list optional modules of its framework"),
    "bad-moment": (lambda h: h[0].update(changed_at="later"),
                   "details_history[0].changed_at: 'later' is not a date and time"),
    "extra-key": (lambda h: h[0].update(level=1),
                  "details_history[0].level: is not a known field"),
    "not-an-entry": (lambda h: h.insert(0, "x"),  # type: ignore[arg-type]
                     "details_history[0]: must be an object"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_bad_details_entry_is_refused_on_one_line(
        edited_file: tuple[bytes, str, dict[str, int]], name: str) -> None:
    data, _id, _held = edited_file
    entries = unzip(data)
    items = json.loads(entries[ASSESSMENTS])
    change, fragment = CASES[name]
    change(items[0]["details_history"])
    entries[ASSESSMENTS] = dump(items)
    with pytest.raises(ExchangeError) as raised:
        read_exchange(rezip(entries))
    message = str(raised.value)
    assert single_line(message) and fragment in message, message
