"""What the analyst decided about suggestions from public data travels in a .aibri file
(format version 5), sealed on arrival: the recipient's brief marks the same answers as coming
from public data, and a rejected suggestion stays rejected. A version-4 file has none."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from aibri_desktop.exchange.aibri_file import ExchangeError, read_exchange
from aibri_desktop.services import Services
from exchange.test_hostile_files import ASSESSMENTS, MANIFEST, dump, rezip, single_line, unzip
from helpers.services import open_services, recorded


@pytest.fixture(scope="module")
def kenya_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, str]:
    folder = tmp_path_factory.mktemp("kenya")
    services = open_services(folder)
    try:
        kenya = services.assessments.create(
            country_code="KE", title="Kenya 2026", as_of=date(2026, 11, 1),
            modules=frozenset({"MC"})).assessment_id
        services.reference.approve("Approver")
        services.reference.accept(kenya, ["MC-03", "DS-01"], "ana")
        services.reference.reject(kenya, ["GA-05"], "ana")
        path = folder / "kenya.aibri"
        services.exchange.export([kenya], path)
    finally:
        services.close()
    return path.read_bytes(), kenya


def _statuses(services: Services, assessment_id: str) -> dict[str, str]:
    return {o.suggestion.indicator: o.status for o in services.reference.offered(assessment_id)}


def test_decisions_travel_and_arrive_sealed(kenya_file: tuple[bytes, str], target: Services,
                                           tmp_path: Path) -> None:
    data, kenya = kenya_file
    (tmp_path / "k.aibri").write_bytes(data)
    item = json.loads(unzip(data)[ASSESSMENTS])[0]
    assert [(s["indicator"], s["decision"], s["by"]) for s in item["suggestions"]] == [
        ("DS-01", "accepted", recorded("ana")), ("GA-05", "rejected", recorded("ana")),
        ("MC-03", "accepted", recorded("ana"))]
    target.exchange.import_file(tmp_path / "k.aibri", on_conflict="skip")
    assert _statuses(target, kenya) == {"DS-01": "accepted", "GA-03": "new", "GA-05": "rejected",
                                        "GA-06": "new", "MC-03": "accepted"}
    marks, annex = target.reference.public_data_marks(kenya)
    assert sorted(marks) == ["DS-01", "MC-03"]
    assert marks["MC-03"].startswith("public data: ITU Global Cybersecurity Index 2024")
    assert annex == "reference data 2026.11.28"  # approved by the sender, not here
    assert target.safety.check().ok
    # a copy (the same file again) carries them too, under the copy's id
    change = target.exchange.import_file(tmp_path / "k.aibri", on_conflict="copy")
    (copy,) = change.assessment_ids
    assert copy != kenya and _statuses(target, copy) == _statuses(target, kenya)
    assert target.safety.check().ok


def test_a_version_4_file_imports_with_no_decisions(kenya_file: tuple[bytes, str],
                                                    target: Services, tmp_path: Path) -> None:
    data, kenya = kenya_file
    entries = unzip(data)
    items = json.loads(entries[ASSESSMENTS])
    for item in items:
        del item["suggestions"], item["details_history"]
    manifest = json.loads(entries[MANIFEST])
    manifest["format_version"] = 4
    entries[ASSESSMENTS], entries[MANIFEST] = dump(items), dump(manifest)
    (tmp_path / "v4.aibri").write_bytes(rezip(entries))
    target.exchange.import_file(tmp_path / "v4.aibri", on_conflict="skip")
    assert target.assessments.load(kenya).answers["MC-03"].level == 4
    assert _statuses(target, kenya)["MC-03"] == "new"  # the answer reads as the analyst's own
    assert target.reference.public_data_marks(kenya) == ({}, "")


CASES: dict[str, tuple[Callable[[list[dict[str, Any]]], None], str]] = {
    "none-decided": (lambda s: s.clear(), ""),  # an empty list is read: see below
    "bad-decision": (lambda s: s[0].update(decision="maybe"),
                     "suggestions[0].decision: must be accepted or rejected"),
    "not-an-item": (lambda s: s[0].update(indicator="ZZ-99"),
                    "suggestions[0].indicator: 'ZZ-99' is not an item of its framework"),
    "twice": (lambda s: s[1].update(indicator=s[0]["indicator"]),
              "suggestions[1].indicator: 'DS-01' appears twice"),
    "bad-hash": (lambda s: s[0].update(dataset_hash="abc"),
                 "suggestions[0].dataset_hash: 'abc' is not in the expected form"),
    "nobody": (lambda s: s[0].update(by=""), "suggestions[0].by: must not be empty"),
    "not-a-moment": (lambda s: s[0].update(at="later"),
                     "suggestions[0].at: 'later' is not a date and time"),
    "unknown-field": (lambda s: s[0].update(level=4),
                      "suggestions[0].level: is not a known field"),
    "not-an-entry": (lambda s: s.insert(0, "x"),  # type: ignore[arg-type]
                     "suggestions[0]: must be an object"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_bad_decision_is_refused_on_one_line(kenya_file: tuple[bytes, str], name: str) -> None:
    data, _kenya = kenya_file
    entries = unzip(data)
    items = json.loads(entries[ASSESSMENTS])
    change, fragment = CASES[name]
    change(items[0]["suggestions"])
    entries[ASSESSMENTS] = dump(items)
    if not fragment:
        read_exchange(rezip(entries))
        return
    with pytest.raises(ExchangeError) as raised:
        read_exchange(rezip(entries))
    message = str(raised.value)
    assert single_line(message) and fragment in message, message
