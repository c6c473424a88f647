"""The methodology is generated from the default framework (2.0, read for the default supplier
profile) and states the reference case's numbers, the supplier-specific items, who can answer
each item, every weight's reason and what changed from 1.1.0."""

from __future__ import annotations

import importlib.util
import math
import re
from fractions import Fraction
from pathlib import Path

from aibri_desktop.domain.framework import Framework
from aibri_desktop.domain.suppliers import render
from helpers import reference

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("make_methodology",
                                                  ROOT / "docs" / "make_methodology.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_methodology_matches_the_framework() -> None:
    text = _generator().render()
    for target in (ROOT / "docs" / "methodology.md",
                   ROOT / "resources" / "help" / "en" / "methodology.md"):
        assert target.read_text(encoding="utf-8") == text, (
            f"{target} is stale: run docs/make_methodology.py")


def test_worked_example_states_the_reference_numbers() -> None:
    text = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    section = _section(text, "## 10. Worked example")
    bold = set(re.findall(r"\*\*([0-9.]+)\*\*", section))
    want = reference.expected()
    values = [want["overall"][k] for k in ("score", "low", "high", "coverage")]
    values += [want["residual"][k] for k in ("score", "low", "high")]
    for dim in want["dimensions"].values():
        values += [dim[k] for k in ("score", "low", "high", "coverage")]
    assert not [v for v in values if v not in bold]
    assert "**High**" in section and "**Elevated**" in section
    for flag in want["red_flags"]:
        assert flag["indicator"] in section
    # version 2: the overall verdict as a bound, never the band of the score on its own, and
    # what must be answered with the shown shares
    flat = " ".join(section.split())
    bands = want["overall"]["verdict"]["bands"]
    assert f"at least **{bands[0]}**, at most **{bands[-1]}**" in flat
    assert want["overall"]["band"] is None and "band **High**" not in flat
    for item in want["overall"]["settle_by"]:
        assert item["indicator"] in flat and f"{item['share']:.1f}" in flat
    assert f"at least {want['overall']['must_answer'][0]} is answered" in flat
    assert "Threshold 60: open" in flat and want["overall"]["threshold_60"] == "open"


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start:] if end < 0 else text[start:end]


def _methodology() -> str:
    return (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")


def _framework() -> Framework:
    """The default framework, read for the default supplier profile, as the methodology is."""
    from aibri_desktop.services.frameworks import FrameworkCatalog
    from aibri_desktop.services.suppliers import SupplierCatalog

    return render(FrameworkCatalog().default(), SupplierCatalog().default())


def _table_rows(section: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in section.splitlines()
            if line.startswith("|") and not line.startswith("|---")]


def test_it_describes_the_default_framework_for_the_default_supplier() -> None:
    framework = _framework()
    assert framework.version == "2.0.0"
    section = " ".join(_section(_methodology(), "## 1. The framework").split())
    assert f"version {framework.version}, with 60 indicators" in section
    assert "the People's Republic of China (supplier profile CN 1.0.0)" in section
    assert "Version 1.1.0 (54 indicators" in section and "stays shipped" in section


def test_every_overlap_and_effective_weight_is_published() -> None:
    from aibri_desktop.domain.weights import effective_weights

    framework = _framework()
    text = _methodology()
    for overlap in framework.overlaps:
        assert f"**{overlap.id}**" in text
    for row in effective_weights(framework):
        title = framework.indicator(row.indicator_id).title_or_id()
        assert (f"| {row.indicator_id} | {title} | {row.weight} | "
                f"{float(row.share) * 100:.2f} % |") in text, row.indicator_id


def test_every_weight_is_published_with_its_reason() -> None:
    framework = _framework()
    rows = {r[0]: r for r in _table_rows(_section(_methodology(), "## 11. Weights"))}
    for indicator in framework.indicators():
        assert indicator.weight_reason is not None
        row = rows[indicator.id]
        assert row[2] == str(indicator.weight), indicator.id
        reason = " ".join(indicator.weight_reason.get().split())
        assert reason.lower().endswith(row[-1].lower()), indicator.id  # "2: the law" → "The law"
        assert "critical" not in row[-1].lower(), indicator.id


def test_it_confirms_that_no_governance_item_outweighs_data_or_technology() -> None:
    section = " ".join(_section(_methodology(), "## 11. Weights").split())
    assert ("No governance item's effective weight exceeds the largest DS or TD item's."
            in section)
    assert "The largest effective weight of a governance item is 2.67 %" in section
    assert "the largest of a DS or TD item is 4.44 %" in section


def test_the_supplier_specific_table_lists_exactly_the_supplier_specific_items() -> None:
    framework = _framework()
    section = _section(_methodology(), "## 2. The supplier state")
    table = section[section.index("**Supplier-specific items.**"):]
    rows = [r for r in _table_rows(table) if r[0] != "indicator"]
    specific = [i for i in framework.indicators() if i.supplier_specific]
    assert [r[0] for r in rows] == [i.id for i in specific]
    for row, indicator in zip(rows, specific, strict=True):
        assert row[1] == indicator.title_or_id()
        assert row[2] == ("yes" if indicator.supplier_symmetric else "no"), indicator.id
        assert indicator.supplier_reason is not None
        assert row[3] == " ".join(indicator.supplier_reason.get().split()), indicator.id
    others = [i.id for i in framework.indicators() if not i.supplier_specific]
    assert f"The other {len(others)} items ({', '.join(others)}) name no supplier" in \
        " ".join(section.split())


def test_it_lists_the_shipped_supplier_profiles() -> None:
    from aibri_desktop.services.suppliers import SupplierCatalog

    section = _section(_methodology(), "## 2. The supplier state")
    for profile in SupplierCatalog().bundled:
        assert re.search(rf"^\| {profile.id}( \(default\))? \| {re.escape(profile.name.get())} "
                         rf"\| {re.escape(profile.version)} \| {profile.as_of} \|", section,
                         re.MULTILINE), profile.label
    assert "| CN (default) |" in section


def test_the_source_type_table_gives_each_dimensions_answerable_shares() -> None:
    framework = _framework()
    section = _section(_methodology(), "## 3. Who can answer")
    rows = {r[0].split(" — ")[0]: r for r in _table_rows(section)}
    for dimension in framework.dimensions:
        total = sum((i.weight for i in dimension.indicators), Fraction(0))
        row = rows[dimension.id]
        for column, kind in zip(row[3:], ("public", "government", "specialist"), strict=True):
            share = sum((i.weight for i in dimension.indicators if kind in i.answerable_from),
                        Fraction(0)) / total
            half_up = math.floor(share * 100 + Fraction(1, 2))  # 62.5 % is shown as 63 %
            assert column == f"{half_up} %", (dimension.id, kind)
    for indicator in framework.indicators():
        assert rows[indicator.id][1] == indicator.title_or_id()
    # the figures the framework's authors worked to (CHANGES.md of issue 22)
    public = {d: rows[d][3] for d in ("DS", "TD", "GA", "IE", "EM", "MC")}
    assert public == {"DS": "56 %", "TD": "41 %", "GA": "93 %", "IE": "44 %", "EM": "21 %",
                      "MC": "75 %"}


def test_the_changes_section_lists_every_changed_and_new_item() -> None:
    framework = _framework()
    section = _section(_methodology(), "## 14. Changes from 1.1.0")
    rows = {r[0]: r for r in _table_rows(section) if r[0] != "2.0.0 item"}
    for indicator in framework.indicators():
        if indicator.previous is not None and indicator.previous.unchanged:
            assert indicator.id not in rows, indicator.id
        elif indicator.previous is not None:
            assert rows[indicator.id][2] == indicator.previous.id
        else:
            assert rows[indicator.id][2] == "–" and rows[indicator.id][3].startswith("new")
    for new, old in (("DS-11", "DS-01"), ("DS-12", "DS-06"), ("DS-13", "DS-08"),
                     ("TD-11", "TD-06"), ("TD-12", "TD-10"), ("GA-11", "GA-03")):
        assert rows[new][3] == f"new, split from {old}"
        assert rows[old][3] == f"split: part of the question moved to {new}"
    flat = " ".join(section.split())
    assert "carried over, not yet reviewed" in flat
    assert "`aibri duplicate ID --framework aibri@2.0.0`" in flat


def test_no_placeholder_or_none_reaches_the_reader() -> None:
    text = _methodology()
    outside_code = re.sub(r"`[^`]*`", "", text)
    assert not re.findall(r"\{[a-z_]+\}", outside_code)
    assert "{{" not in text
    assert not re.search(r"\bNone\b", text)
    for line in text.splitlines():  # every table row has as many cells as its header
        if line.startswith("|"):
            assert not line.rstrip().endswith("| |"), line
