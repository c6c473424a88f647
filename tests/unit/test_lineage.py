"""The shipped lineage: which new item of 2.0.0 was split from which 1.1.0 item."""

from __future__ import annotations

import json

import pytest

from aibri_desktop import paths
from aibri_desktop.domain.lineage import LineageError, check_lineage, loads_lineage
from aibri_desktop.services.assessments import bundled_lineages
from aibri_desktop.services.frameworks import FrameworkCatalog


def test_the_shipped_lineage_fits_both_frameworks_and_covers_every_new_item() -> None:
    catalog = FrameworkCatalog()
    by_version = {f.version: f for f in catalog.bundled if f.id == "aibri"}
    (lineage,) = bundled_lineages()
    assert check_lineage(lineage, by_version["2.0.0"], by_version["1.1.0"]) == []
    new_items = {i.id for i in by_version["2.0.0"].indicators() if i.previous is None}
    assert set(lineage.split_from) == new_items == {"DS-11", "DS-12", "DS-13", "TD-11",
                                                    "TD-12", "GA-11"}
    # each new half comes from an item that 2.0.0 changed (the other half continues it)
    for split in lineage.split_from.values():
        continued = by_version["2.0.0"].indicator(split.earlier_id).previous
        assert continued is not None and not continued.unchanged
        assert split.why.get().startswith(f"1.1.0 {split.earlier_id} asked ")


@pytest.mark.parametrize(("change", "problem"), [
    (lambda d: d.update(schema="other/1"), "schema"),
    (lambda d: d["framework"].update(hash="abc"), "framework.hash"),
    (lambda d: d["split_from"].update({"DS-99": {"id": "x", "why": {"en": "w"}}}), "DS-01"),
    (lambda d: d["split_from"]["DS-11"].update(why={"fr": "sans anglais"}), "English"),
    (lambda d: d["split_from"]["DS-11"].update(colour="red"), "unknown field"),
])
def test_a_malformed_lineage_is_refused_with_where_and_why(change, problem) -> None:
    doc = json.loads((paths.frameworks_dir() / "lineage" / "aibri-2.0.0.json").read_text())
    change(doc)
    with pytest.raises(LineageError, match=problem):
        loads_lineage(json.dumps(doc), "aibri-2.0.0.json")
    with pytest.raises(LineageError, match="not JSON"):
        loads_lineage("{", "x.json")


def test_a_lineage_for_another_framework_is_found_out() -> None:
    catalog = FrameworkCatalog()
    by_version = {f.version: f for f in catalog.bundled if f.id == "aibri"}
    (lineage,) = bundled_lineages()
    problems = check_lineage(lineage, by_version["1.1.0"], by_version["2.0.0"])
    assert any("framework hash" in p for p in problems)
    assert any("links from 1.1.0, not 2.0.0" in p for p in problems)
