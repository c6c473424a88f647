"""Comparing across supplier states and across framework versions, on the bundled frameworks:
between suppliers only the supplier-symmetric items and no change; across versions only the
indicators the newer version did not change, labelled so."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pytest

from aibri_desktop.domain.answers import Answer, AnswerState, Confidence
from aibri_desktop.domain.compare import Compared, align, what_changed
from aibri_desktop.domain.compare_summary import (
    change_headline,
    comparison_rows,
    comparison_summary,
    contribution_name,
    shown_contributions,
    supplier_view_reason,
    supplier_view_words,
)
from aibri_desktop.domain.framework import Framework
from aibri_desktop.domain.suppliers import render
from aibri_desktop.services.frameworks import FrameworkCatalog
from aibri_desktop.services.suppliers import SupplierCatalog

CATALOG = FrameworkCatalog()
SUPPLIERS = SupplierCatalog()
V1 = next(f for f in CATALOG.bundled if f.version == "1.1.0")
V2 = next(f for f in CATALOG.bundled if f.version == "2.0.0")


def _answers(levels: Mapping[str, int]) -> dict[str, Answer]:
    return {i: Answer(i, AnswerState.ANSWERED, level, Confidence.HIGH)
            for i, level in levels.items()}


def _item(name: str, levels: Mapping[str, int], *, supplier: str = "CN",
          framework: Framework = V2, country: str = "KE", day: int = 1) -> Compared:
    profile = SUPPLIERS.get(supplier)
    shown = render(framework, profile) if framework.format >= 2 else framework
    return Compared(name, f"Kenya {name}", country, date(2026, 1, day), shown, _answers(levels),
                    frozenset({"IE", "EM"}), supplier_id=supplier,
                    supplier_name=profile.name.get() if framework.format >= 2 else "")


# TD-09 (financing from the supplier's state lenders) exists for one supplier's lenders only:
# at 4 for the United States and 0 for the PRC it would make the PRC look safer.
LEVELS = {"DS-01": 3, "DS-04": 2, "TD-01": 3, "TD-09": 0, "IE-02": 1, "GA-06": 2}


def test_two_suppliers_of_one_country_compare_on_symmetric_items_without_a_change() -> None:
    cn = _item("CN", LEVELS)
    us = _item("US", {**LEVELS, "TD-09": 4, "IE-02": 4, "DS-04": 4}, supplier="US", day=2)
    alignment = align([cn, us])
    symmetric = {i.id for i in V2.indicators() if i.supplier_symmetric}
    assert alignment.across_suppliers
    assert set(alignment.common) <= symmetric
    assert {"TD-09", "IE-02", "EM-02"} & set(alignment.common) == set()
    assert set(alignment.not_symmetric) == {"TD-09", "IE-02", "EM-02"}
    with pytest.raises(ValueError):
        what_changed(alignment)  # never a change between supplier states
    summary = comparison_summary(alignment)
    assert summary["supplier_profile"] and summary["what_changed"] is None
    assert summary["time_series"] == {}
    assert [r["indicator"] for r in summary["deltas"]["indicators"]] == list(alignment.common)
    assert all(r["delta_points"] is None for r in summary["deltas"]["indicators"])
    rows = comparison_rows(summary)
    assert rows[0] == ["item", "Kenya CN, exposure to the People's Republic of China",
                       "Kenya US, exposure to the United States"]  # no change column
    assert all(len(row) == 3 for row in rows)
    names = [row[0] for row in rows]
    assert "DS-04 Supplier-hosted government workloads" in names  # short titles
    assert not any(name.startswith(("TD-09", "IE-02")) for name in names)
    assert "Overall exposure on the supplier-symmetric items: verdict" in names
    assert not any("own (as stored)" in name for name in names)  # those count TD-09
    assert change_headline(summary) == "" and shown_contributions(summary) == []
    heading = supplier_view_words(summary)
    assert heading.startswith("Supplier profile, side by side on the")
    assert "exposure to the People's Republic of China; exposure to the United States" in heading
    assert "No change is computed between supplier states" in supplier_view_reason(summary)


def test_one_supplier_is_an_ordinary_comparison_and_says_why_no_supplier_profile() -> None:
    summary_rows = align([_item("A", LEVELS), _item("B", {**LEVELS, "TD-09": 3}, day=2)])
    assert not summary_rows.across_suppliers and summary_rows.not_symmetric == ()
    assert "TD-09" in summary_rows.common  # within one supplier every item counts
    summary = comparison_summary(summary_rows)
    assert supplier_view_words(summary) == ""
    assert supplier_view_reason(summary).startswith("Supplier profile view not offered")
    assert "exposure to the People's Republic of China" in supplier_view_reason(summary)
    line = next(c for c in shown_contributions(summary) if c["indicator"] == "TD-09")
    assert contribution_name(line, summary) == "TD-09 " + V2.indicator("TD-09").title_or_id()


def test_several_countries_against_several_suppliers_are_not_a_supplier_profile() -> None:
    summary = comparison_summary(align([_item("A", LEVELS), _item("B", LEVELS, supplier="US",
                                                                   country="GH")]))
    assert summary["across_suppliers"] and not summary["supplier_profile"]
    assert summary["what_changed"] is None
    assert supplier_view_words(summary).startswith("Supplier states side by side")


def test_versions_compare_on_the_indicators_the_newer_did_not_change() -> None:
    old = _item("old", {"DS-01": 2, "DS-02": 1, "DS-04": 2}, framework=V1)
    new = _item("new", {"DS-01": 3, "DS-02": 2, "DS-04": 3}, day=2)
    alignment = align([old, new])
    unchanged = {i.id for i in V2.indicators()
                 if i.previous is not None and i.previous.unchanged and i.previous.id == i.id}
    assert alignment.on_common_basis and not alignment.across_suppliers
    enabled = {i.id for d in V1.enabled_dimensions({"IE", "EM"}) for i in d.indicators}
    assert set(alignment.common) == unchanged & enabled
    assert "DS-01" in alignment.changed_between_versions and "DS-01" not in alignment.common
    assert "DS-11" in alignment.left_out["new"]  # new in 2.0
    assert "DS-01" in alignment.left_out["old"] and "DS-01" in alignment.left_out["new"]
    assert any("Different framework versions (aibri 1.1.0, aibri 2.0.0)" in w and
               "that the newer version changed are left out" in w
               for w in alignment.warnings)
    summary = comparison_summary(alignment)
    names = [row[0] for row in comparison_rows(summary)]
    assert "Overall exposure on the common indicators: verdict" in names
    assert "DS-02 Controls on personal-data transfers" in names and not any(
        n.startswith("DS-01") for n in names)
    changed = {c["indicator"] for c in summary["what_changed"]["contributions"]}
    assert changed == {"DS-02", "DS-04"}  # DS-01 changed meaning: not a change of answer
