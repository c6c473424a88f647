"""The reference dataset and the answers it suggests: what a minister's brief may rest on."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pycountry
import pytest

from aibri_desktop.domain.reference import (
    ReferenceError,
    is_stale,
    loads_dataset,
    suggestions,
)
from aibri_desktop.services.frameworks import FrameworkCatalog
from aibri_desktop.services.reference import bundled_dataset, bundled_rules, reference_dir

TODAY = date(2026, 11, 30)
ISO3 = [c.alpha_3 for c in pycountry.countries]


@pytest.fixture(scope="module")
def v2():
    return next(f for f in FrameworkCatalog().bundled if f.version == "2.0.0")


@pytest.fixture(scope="module")
def rules():
    (found,) = [r for r in bundled_rules() if r.framework_version == "2.0.0"]
    return found


def _suggested(v2, rules, country: str, supplier: str = "CN") -> dict[str, tuple[int, int]]:
    return {s.indicator: (s.low, s.high) for s in suggestions(
        bundled_dataset(), rules, v2, country, supplier, TODAY)}


def test_every_list_says_what_it_measures_where_it_comes_from_and_how_old_it_may_be() -> None:
    dataset = bundled_dataset()
    assert dataset.version == "2026.11.28" and len(dataset.lists) == 10
    for item in dataset.lists:
        assert item.source.publisher and item.source.title and item.source.date
        assert item.measures.get() and item.coverage.get() and item.known_gaps.get()
        assert item.max_age_months in (12, 24, 36)
        assert item.status in ("verified", "reconstructed")
        if not item.complete:
            assert "Absence means nothing" in item.known_gaps.get()
    verified = {r.id for r in dataset.lists if r.status == "verified"}
    assert verified == {"unctad-data-protection", "summit-seoul-2024"}  # read whole only
    gci = dataset.list("itu-gci-2024")
    assert "third-party mirror" in (gci.source.note or "")
    assert "tiers derived by AIBRI" in (gci.source.note or "")
    assert {f.country for f in gci.facts if f.near_threshold} == {
        "EST", "KAZ", "KIR", "MEX", "NIC", "STP", "SVK", "TUV", "URY"}


def test_every_unctad_country_gets_the_ds_01_suggestion_its_coding_allows(v2, rules) -> None:
    unctad = bundled_dataset().list("unctad-data-protection")
    expected = {"legislation": (0, 2), "draft": (3, 3), "none": (3, 4)}
    assert len(unctad.facts) == 193
    for fact in unctad.facts:
        assert _suggested(v2, rules, fact.country).get("DS-01") == expected[str(fact.value)], \
            fact.country
    # it never answers the regulator or its enforcement
    assert all("DS-11" not in _suggested(v2, rules, f.country) for f in unctad.facts[:40])


def test_every_gci_country_gets_its_tier_and_a_two_level_range_near_a_threshold(
        v2, rules) -> None:
    for fact in bundled_dataset().list("itu-gci-2024").facts:
        low, high = _suggested(v2, rules, fact.country)["MC-03"]
        level = 5 - int(fact.value)
        if fact.near_threshold:
            assert high - low == 1 and level in (low, high), fact.country
        else:
            assert (low, high) == (level, level), fact.country
    assert _suggested(v2, rules, "EST")["MC-03"] == (3, 4)  # 95.04: tier 1 by 0.04 point


INCOMPLETE_RULES = {"oecd-ai-principles": "GA-01", "gpai-members": "GA-02",
                    "unesco-ram": "GA-03", "coe-cets-225": "GA-04",
                    "bri-cooperation-documents": "GA-07"}


@pytest.mark.parametrize(("list_id", "indicator"), INCOMPLETE_RULES.items())
def test_absence_from_an_incomplete_list_never_suggests_anything(v2, rules, list_id,
                                                                 indicator) -> None:
    item = bundled_dataset().list(list_id)
    assert not item.complete
    listed = {f.country for f in item.facts}
    absent = [code for code in ISO3 if code not in listed]
    assert len(absent) > 50
    for country in absent:
        assert indicator not in _suggested(v2, rules, country), country
    for fact in item.facts:  # what it lists is confirmed
        assert indicator in _suggested(v2, rules, fact.country), fact.country


def test_summit_declarations_are_counted_from_complete_lists_and_bounded_by_partial_ones(
        v2, rules) -> None:
    # Kenya signed Bletchley, not the Seoul leaders' declaration; Paris and later unknown
    assert _suggested(v2, rules, "KEN")["GA-05"] == (1, 3)
    # France signed all three listed; only the later summit is unknown
    assert _suggested(v2, rules, "FRA")["GA-05"] == (0, 1)
    # the US is a confirmed Paris non-signatory: two signed, at most three
    assert _suggested(v2, rules, "USA")["GA-05"] == (1, 2)
    # a country in no list: 0 signed for sure from the complete ones, 0–2 in all
    assert _suggested(v2, rules, "BOL")["GA-05"] == (2, 4)


def test_a_list_about_one_supplier_says_nothing_for_another(v2, rules) -> None:
    bri = bundled_dataset().list("bri-cooperation-documents")
    signatory = next(f.country for f in bri.facts if f.value == "signed")
    assert _suggested(v2, rules, signatory, "CN")["GA-07"] == (1, 4)
    assert _suggested(v2, rules, "ITA", "CN")["GA-07"] == (0, 0)  # withdrew in 2023
    assert "GA-07" not in _suggested(v2, rules, signatory, "US")


def test_older_facts_are_flagged_stale_by_their_lists_own_maximum_age() -> None:
    dataset = bundled_dataset()
    unctad = dataset.list("unctad-data-protection")  # 2026-03, 24 months
    gci = dataset.list("itu-gci-2024")  # 2024-09, 24 months
    assert not is_stale(unctad, unctad.facts[0], TODAY)
    assert is_stale(gci, gci.facts[0], TODAY)
    assert not is_stale(gci, gci.facts[0], date(2026, 9, 1))


def test_the_shipped_file_matches_its_schema() -> None:
    import jsonschema

    schema = json.loads((reference_dir() / "reference.schema.json").read_text())
    document = json.loads((reference_dir() / "aibri-reference.json").read_text())
    jsonschema.validate(document, schema)


# ---- hostile files --------------------------------------------------------------------------

def _shipped() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        (reference_dir() / "aibri-reference.json").read_text(encoding="utf-8"))
    return document


def _break(change) -> str:
    document = _shipped()
    change(document)
    return json.dumps(document)


HOSTILE = [
    ("not JSON", lambda d: None, "{", "not JSON"),
    ("wrong schema", lambda d: d.update(schema="aibri-reference/9"), None, "schema"),
    ("no lists", lambda d: d.update(lists=[]), None, "1 to 100 lists"),
    ("list twice", lambda d: d["lists"].append(d["lists"][0]), None, "appears twice"),
    ("unknown field", lambda d: d["lists"][0].update(colour="red"), None, "unknown field"),
    ("missing field", lambda d: d["lists"][0].pop("source"), None, "missing 'source'"),
    ("bad status", lambda d: d["lists"][0].update(status="official"), None, "status"),
    ("country twice", lambda d: d["lists"][0]["facts"].append(d["lists"][0]["facts"][0]),
     None, "appears twice"),
    ("not ISO", lambda d: d["lists"][0]["facts"][0].update(country="XXX"), None,
     "not an ISO 3166 country"),
    ("lower case", lambda d: d["lists"][0]["facts"][0].update(country="ken"), None,
     "malformed"),
    ("bad value", lambda d: d["lists"][0]["facts"][0].update(value="maybe"), None,
     "not one of the list's values"),
    ("bad date", lambda d: d["lists"][0]["facts"][0].update(as_of="2026-13"), None,
     "not a date"),
    ("free date", lambda d: d["lists"][0]["facts"][0].update(as_of="last spring"), None,
     "YYYY"),
    ("absence on incomplete", lambda d: d["lists"][2].update(absent_means="adherent"), None,
     "only a complete list"),
    ("score out of range", lambda d: d["lists"][1]["facts"][0].update(score=250), None,
     "0 to 100"),
    ("huge note", lambda d: d["lists"][0]["facts"][0].update(note="x" * 5000), None,
     "at most"),
    ("markup source", lambda d: d["lists"][0]["source"].update(url="javascript:alert(1)"),
     None, "web address"),
    ("no publisher", lambda d: d["lists"][0]["source"].update(publisher=""), None,
     "publisher"),
    ("age", lambda d: d["lists"][0].update(max_age_months=0), None, "max_age_months"),
    ("too many facts", lambda d: d["lists"][0].update(
        facts=d["lists"][0]["facts"] * 60), None, "at most 10,000"),
]


@pytest.mark.parametrize(("name", "change", "text", "problem"), HOSTILE,
                         ids=[h[0] for h in HOSTILE])
def test_a_hostile_reference_file_is_refused_whole_with_where_and_why(name, change, text,
                                                                      problem) -> None:
    with pytest.raises(ReferenceError, match=problem) as refused:
        loads_dataset(text if text is not None else _break(change), known_countries=ISO3,
                      origin="new.json")
    assert str(refused.value).startswith("new.json")
    assert "\n" not in str(refused.value)



def test_the_1_1_0_rules_answer_the_items_that_exist_there_as_they_are_worded_there() -> None:
    v1 = next(f for f in FrameworkCatalog().bundled if f.version == "1.1.0")
    (rules,) = [r for r in bundled_rules() if r.framework_version == "1.1.0"]
    found = {s.indicator: (s.low, s.high) for s in suggestions(
        bundled_dataset(), rules, v1, "KEN", None, TODAY)}
    # GA-03 also asks about the ethics body in 1.1.0: a completed RAM is 0–2, not 0–1
    assert found == {"DS-01": (0, 2), "GA-03": (0, 2), "GA-05": (1, 3), "MC-03": (4, 4)}
    for rule in rules.rules:
        assert v1.has_indicator(rule.indicator)


def test_engagement_counts_only_confirmed_participation_in_distinct_frameworks(v2, rules) -> None:
    # Brazil: OECD adherent and GPAI member (one framework), summits, UNESCO RAM
    assert _suggested(v2, rules, "BRA")["GA-06"] == (0, 2)
    # Bolivia: in no list at all; absence counts for nothing, never against it
    assert "GA-06" not in _suggested(v2, rules, "BOL")
    # OECD and GPAI alone are one framework, not two
    dataset = bundled_dataset()
    oecd_only = {f.country for f in dataset.list("oecd-ai-principles").facts} - {
        f.country for name in ("summit-bletchley-2023", "summit-seoul-2024",
                               "summit-paris-2025", "coe-cets-225", "unesco-ram")
        for f in dataset.list(name).facts if f.value not in ("not_signed",)}
    assert oecd_only
    for country in oecd_only:
        assert "GA-06" not in _suggested(v2, rules, country), country


def test_a_malformed_rule_is_refused_with_where_and_why() -> None:
    from aibri_desktop.domain.reference import loads_rules

    path = reference_dir() / "rules-aibri-2.0.0.json"
    document = json.loads(path.read_text())
    engagement = next(r for r in document["rules"] if r.get("kind") == "engagement")
    engagement["groups"].pop("unesco-ram")
    with pytest.raises(ReferenceError, match=r"rules\[\d+\]\.groups: names the framework"):
        loads_rules(json.dumps(document), bundled_dataset(), origin="rules.json")
    document = json.loads(path.read_text())
    document["rules"][0]["map"]["legislation"] = [0, 4]
    with pytest.raises(ReferenceError, match="a level 0–4 or a range"):
        loads_rules(json.dumps(document), bundled_dataset(), origin="rules.json")
    document = json.loads(path.read_text())
    document["rules"][0]["lists"] = ["no-such-list"]
    with pytest.raises(ReferenceError, match="no list 'no-such-list'"):
        loads_rules(json.dumps(document), bundled_dataset(), origin="rules.json")
