"""What a methodologist checks on the shipped framework 2.0: governance never outweighs data and
technology, the supplier state is named only through a profile, every text reads in full for
every shipped profile, short titles, audiences and weight reasons are there, and every item that
continues a 1.1.0 item names a real one. Each failure names the items at fault."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from aibri_desktop import paths
from aibri_desktop.domain.framework import (
    ANSWERABLE_FROM,
    AUDIENCES,
    Framework,
    Indicator,
    Text,
)
from aibri_desktop.domain.framework_file import load_framework_file
from aibri_desktop.domain.supplier_file import load_supplier_file
from aibri_desktop.domain.suppliers import PLACEHOLDER, render
from aibri_desktop.domain.weights import effective_weights

BUNDLED = [load_framework_file(p) for p in paths.bundled_framework_files()]
PROFILES = [load_supplier_file(p) for p in paths.bundled_supplier_files()]


def _version(version: str) -> Framework:
    found = [f for f in BUNDLED if f.id == "aibri" and f.version == version]
    assert len(found) == 1, f"aibri {version} is not bundled exactly once"
    return found[0]


V2 = _version("2.0.0")
V1 = _version("1.1.0")

# A supplier state or its vendors named in so many words. Each word must stand alone, so "GPS"
# does not match inside "GPSS" and "China" not inside "Chinatown"; "GPS-based" still matches.
SUPPLIER_NAMES = {
    word: re.compile(rf"(?<!\w){re.escape(word)}" + ("" if word.endswith(".") else r"(?!\w)"))
    for word in ("China", "Chinese", "PRC", "BeiDou", "Huawei", "Alibaba", "Tencent", "ZTE",
                 "United States", "U.S.", "GPS", "NVIDIA", "Amazon", "Microsoft", "Google")
}
# "American" names the United States, but not in "Latin American" or "South American".
SUPPLIER_NAMES["American"] = re.compile(r"(?<!Latin )(?<!South )(?<!Central )\bAmerican\b")


def supplier_names_in(text: str) -> list[str]:
    return [word for word, pattern in SUPPLIER_NAMES.items() if pattern.search(text)]


def indicator_texts(indicator: Indicator) -> Iterator[tuple[str, Text]]:
    """Every text of an indicator a user reads, with where it is; listed here rather than
    taken from the engine, so that a field the engine forgets is still checked."""
    i = indicator.id
    yield f"{i} short title", indicator.short_title or Text({"en": ""})
    yield f"{i} question", indicator.question
    yield f"{i} guidance", indicator.guidance
    for n, level in enumerate(indicator.levels):
        yield f"{i} level {n}", level
    yield f"{i} evidence prompt", indicator.evidence_prompt
    if indicator.weight_reason is not None:
        yield f"{i} weight reason", indicator.weight_reason
    if indicator.supplier_reason is not None:
        yield f"{i} supplier reason", indicator.supplier_reason
    for option in indicator.options:
        yield f"{i} option {option.id} title", option.title
        yield f"{i} option {option.id} rationale", option.rationale


def all_texts(framework: Framework) -> Iterator[tuple[str, Text]]:
    """Indicator texts, and the framework's, dimensions' and overlaps' own; not source titles."""
    yield "framework name", framework.name
    yield "framework description", framework.description
    for dimension in framework.dimensions:
        yield f"{dimension.id} name", dimension.name
        yield f"{dimension.id} description", dimension.description
        for indicator in dimension.indicators:
            yield from indicator_texts(indicator)
    for overlap in framework.overlaps:
        yield f"overlap {overlap.id}", overlap.handling


def strings(texts: Iterator[tuple[str, Text]]) -> Iterator[tuple[str, str]]:
    for where, text in texts:
        for language, value in text.values.items():
            yield f"{where} ({language})", value


# ---- weights -------------------------------------------------------------------------------

@pytest.mark.parametrize("modules", [(), ("IE", "EM")], ids=["core", "with IE, EM"])
def test_no_governance_item_outweighs_the_largest_data_or_technology_item(modules) -> None:
    rows = effective_weights(V2, modules)
    largest = max(r.share for r in rows if r.dimension_id in ("DS", "TD"))
    heavier = [f"{r.indicator_id} ({float(r.share) * 100:.2f} %)" for r in rows
               if r.dimension_id == "GA" and r.share > largest]
    assert not heavier, (f"governance items outweigh the largest DS/TD item "
                         f"({float(largest) * 100:.2f} %): {', '.join(heavier)}")


def test_no_governance_item_is_critical() -> None:
    critical = [i.id for i in V2.dimension("GA").indicators if i.critical]
    assert not critical, f"governance items marked critical: {', '.join(critical)}"


def test_every_weight_has_a_reason_that_does_not_call_it_critical() -> None:
    missing = [i.id for i in V2.indicators()
               if i.weight_reason is None or not i.weight_reason.get().strip()]
    assert not missing, f"no weight reason: {', '.join(missing)}"
    critical = [where for where, value in strings(
        (f"{i.id} weight reason", i.weight_reason) for i in V2.indicators()
        if i.weight_reason is not None) if re.search(r"critical", value, re.IGNORECASE)]
    assert not critical, f"weight reasons that say 'critical': {', '.join(critical)}"


def test_every_weight_reason_states_the_weight_it_explains() -> None:
    wrong = [f"{i.id} (weight {i.weight})" for i in V2.indicators()
             if i.weight_reason is not None
             and not re.match(rf"{i.weight}\b", i.weight_reason.get())]
    assert not wrong, f"weight reasons that do not start with the item's weight: {wrong}"


# ---- the supplier state is a parameter -------------------------------------------------------

@pytest.mark.parametrize("profile", PROFILES, ids=[p.label for p in PROFILES])
def test_every_text_reads_in_full_for_every_bundled_profile(profile) -> None:
    rendered = render(V2, profile)
    left = [f"{where}: {value[max(0, value.find('{') - 20):value.find('{') + 30]!r}"
            for where, value in strings(all_texts(rendered)) if "{" in value or "}" in value]
    assert not left, f"unfilled placeholders for {profile.label}:\n" + "\n".join(left)


def test_no_text_names_a_supplier_state_or_its_vendors_before_rendering() -> None:
    named = [f"{where}: {', '.join(words)}" for where, value in strings(all_texts(V2))
             if (words := supplier_names_in(value))]
    assert not named, "texts naming a supplier state directly:\n" + "\n".join(named)


@pytest.mark.parametrize(("text", "found"), [
    ("BeiDou or GPS-based receivers", ["BeiDou", "GPS"]),
    ("the U.S. and Chinese vendors", ["Chinese", "U.S."]),
    ("American firms", ["American"]),
    ("multi-GNSS receivers with GPSS timing", []),
    ("Latin American and African states", []),
    ("Chinatown, a UPRC code", []),
])
def test_the_supplier_word_list_finds_names_and_not_their_lookalikes(text, found) -> None:
    assert sorted(supplier_names_in(text)) == sorted(found)


def test_an_item_names_the_supplier_exactly_when_it_is_supplier_specific() -> None:
    wrong = []
    for indicator in V2.indicators():
        names = {n for _w, value in strings(indicator_texts(indicator))
                 for n in PLACEHOLDER.findall(value)}
        if bool(names) != indicator.supplier_specific:
            wrong.append(f"{indicator.id} (supplier_specific={indicator.supplier_specific}, "
                         f"placeholders {sorted(names)})")
        if indicator.supplier_specific and indicator.supplier_reason is None:
            wrong.append(f"{indicator.id} (supplier-specific without a reason)")
        if not indicator.supplier_symmetric and not indicator.supplier_specific:
            wrong.append(f"{indicator.id} (not symmetric but names no supplier)")
    assert not wrong, "supplier flags that disagree with the texts: " + "; ".join(wrong)


def test_compelled_access_is_supplier_neutral() -> None:
    ds07 = V2.indicator("DS-07")
    assert not ds07.supplier_specific and ds07.supplier_symmetric


# ---- findings, options, who can answer -------------------------------------------------------

@pytest.mark.parametrize("framework", [V2, *(render(V2, p) for p in PROFILES)],
                         ids=["template", *(p.label for p in PROFILES)])
def test_short_titles_are_at_most_40_characters_and_unique(framework) -> None:
    titles = {i.id: i.short_title.get() if i.short_title is not None else ""
              for i in framework.indicators()}
    bad = [f"{k} ({len(v)}: {v!r})" for k, v in titles.items() if not v.strip() or len(v) > 40]
    assert not bad, f"short titles missing or over 40 characters: {', '.join(bad)}"
    seen: dict[str, list[str]] = {}
    for k, v in titles.items():
        seen.setdefault(v.casefold(), []).append(k)
    twice = [f"{' and '.join(ids)} ({titles[ids[0]]!r})" for ids in seen.values()
             if len(ids) > 1]
    assert not twice, f"short titles used twice: {', '.join(twice)}"


def test_every_option_says_whom_it_addresses() -> None:
    missing = [f"{o.id} ({o.audience!r})" for i in V2.indicators() for o in i.options
               if o.audience not in AUDIENCES]
    assert not missing, f"options without an audience: {', '.join(missing)}"


def test_every_item_says_who_can_answer_it() -> None:
    bad = [f"{i.id} ({i.answerable_from})" for i in V2.indicators()
           if not i.answerable_from or set(i.answerable_from) - set(ANSWERABLE_FROM)]
    assert not bad, f"items without a valid answerable_from: {', '.join(bad)}"


# ---- moving from 1.1.0 -----------------------------------------------------------------------

def test_every_item_that_continues_a_1_1_0_item_names_an_existing_one() -> None:
    assert V2.previous_version == V1.version
    unknown = [f"{i.id} → {i.previous.id} (unchanged={i.previous.unchanged})"
               for i in V2.indicators()
               if i.previous is not None and not V1.has_indicator(i.previous.id)]
    assert not unknown, f"items continuing a 1.1.0 indicator that does not exist: {unknown}"


def test_unchanged_items_keep_their_dimension_and_no_1_1_0_item_is_dropped() -> None:
    moved = [f"{i.id} ← {i.previous.id}" for i in V2.indicators()
             if i.previous is not None and i.previous.unchanged
             and V1.indicator(i.previous.id).dimension_id != i.dimension_id]
    assert not moved, f"unchanged items in another dimension than in 1.1.0: {moved}"
    continued = {i.previous.id for i in V2.indicators() if i.previous is not None}
    dropped = [i.id for i in V1.indicators() if i.id not in continued]
    assert not dropped, f"1.1.0 indicators no 2.0 item continues: {', '.join(dropped)}"
    twice = sorted(p for p in continued
                   if sum(1 for i in V2.indicators()
                          if i.previous is not None and i.previous.id == p) > 1)
    assert not twice, f"1.1.0 indicators continued by two 2.0 items: {', '.join(twice)}"

