"""Reference data: dated, cited facts about real countries from public sources, and the
answers they suggest.

A dataset holds lists (UNCTAD's data-protection coding, the ITU Cybersecurity Index tiers,
memberships of intergovernmental AI instruments...). Each list says what it measures, whether
it was read whole from its publisher (``verified``) or put together from other routes
(``reconstructed``), whether it is ``complete`` (absence from it means something) and how old
its facts may be before they are stale. Each fact has a country (ISO 3166 alpha-3), a value,
an as-of date and the list's source.

Two rules are enforced here, not left to the data: an incomplete list can only confirm what it
lists ("yes"), so absence from it never suggests anything; and a suggestion is only ever a
suggestion — nothing here writes an answer.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType
from typing import Any

from .answer_sources import SourceError, make_source
from .answers import Answer, AnswerState
from .framework import Framework, Source, Text

SCHEMA = "aibri-reference/1"
RULES_SCHEMA = "aibri-reference-rules/1"
STATUSES = ("verified", "reconstructed")
MAX_LISTS = 100
MAX_FACTS = 10_000
MAX_TEXT = 2_000
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_VERSION = re.compile(r"^[0-9][0-9A-Za-z.-]{0,31}$")
_INDICATOR = re.compile(r"^[A-Z]{2,3}-\d{2}$")


class ReferenceError(ValueError):
    """A dataset or rule file that cannot be used; ``str()`` says where and why."""


@dataclass(frozen=True)
class Fact:
    list_id: str
    country: str  # ISO 3166-1 alpha-3
    value: str | int
    as_of: str  # YYYY, YYYY-MM or YYYY-MM-DD
    note: str = ""
    score: float | None = None  # an index's score, where the value is a tier
    near_threshold: bool = False


@dataclass(frozen=True)
class ReferenceList:
    id: str
    name: Text
    measures: Text
    status: str  # verified | reconstructed
    complete: bool  # absence means ``absent_means`` (complete lists only)
    absent_means: str | None
    values: tuple[str | int, ...]
    coverage: Text
    licence: Text
    known_gaps: Text
    max_age_months: int
    as_of: str
    supplier: str | None  # the supplier state (alpha-2) the list is about, or None
    source: Source
    facts: tuple[Fact, ...]

    def fact_for(self, country: str) -> Fact | None:
        """What the list says about a country: its fact, the meaning of absence from a
        complete list, or None (an incomplete list says nothing about what it does not list).
        """
        for fact in self.facts:
            if fact.country == country:
                return fact
        if self.complete and self.absent_means is not None:
            return Fact(self.id, country, self.absent_means, self.as_of,
                        note="not in the list, which is complete")
        return None


@dataclass(frozen=True)
class ReferenceDataset:
    version: str
    date: str
    description: Text
    lists: tuple[ReferenceList, ...]
    content_hash: str

    def list(self, list_id: str) -> ReferenceList:
        for item in self.lists:
            if item.id == list_id:
                return item
        raise KeyError(list_id)

    def countries(self) -> frozenset[str]:
        return frozenset(f.country for item in self.lists for f in item.facts)


@dataclass(frozen=True)
class Rule:
    """How a list's value answers an indicator: a value to a level or a [low, high] range."""

    indicator: str
    lists: tuple[str, ...]
    kind: str  # "map": one list's value; "count": signatures counted over several lists;
    # "engagement": distinct open frameworks the country is confirmed to take part in
    mapping: Mapping[str, tuple[int, int]]  # value → (low, high), low == high for a level
    rationale: Text
    confidence: str  # the confidence an accepted suggestion carries
    supplier: str | None = None  # only for assessments of exposure to this supplier
    later: int = 0  # "count": summits after the listed ones, whose lists are not here
    groups: Mapping[str, str] = field(default_factory=dict)  # "engagement": list → framework
    at_least: int = 0  # "engagement": frameworks needed for the suggestion


@dataclass(frozen=True)
class RuleSet:
    framework_id: str
    framework_version: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Suggestion:
    indicator: str
    low: int
    high: int
    facts: tuple[tuple[ReferenceList, Fact], ...]
    rationale: Text
    confidence: str
    stale: tuple[bool, ...] = field(default_factory=tuple)  # per fact

    @property
    def level(self) -> int | None:
        return self.low if self.low == self.high else None

    @property
    def as_of(self) -> str:
        """The newest date among its facts (the answer's as-of date when accepted)."""
        return max(fact.as_of for _l, fact in self.facts)


@dataclass(frozen=True)
class Offered:
    """A suggestion for one assessment, and what the analyst did with it."""

    suggestion: Suggestion
    status: str  # new | accepted | rejected
    newer_data: bool = False  # accepted from an earlier dataset version
    changed: bool = False  # accepted, then the analyst changed the level or range

    def given(self, answer: Answer | None) -> Offered:
        """This offer once the assessment holds ``answer``. An accepted suggestion whose
        answer was undone or cleared since is offered again; one whose level or range the
        analyst changed is no longer the public data's answer (a brief must not say it is)."""
        if self.status != "accepted":
            return self
        if answer is None or answer.state is AnswerState.UNANSWERED:
            return replace(self, status="new", newer_data=False, changed=False)
        held = (answer.level, answer.level) if answer.state is AnswerState.ANSWERED else (
            (answer.level_low, answer.level_high) if answer.state is AnswerState.RANGE
            else None)
        changed = held != (self.suggestion.low, self.suggestion.high)
        return self if changed == self.changed else replace(self, changed=changed)


# ---- reading --------------------------------------------------------------------------------

def dataset_hash(raw: Any) -> str:
    canonical = json.dumps(raw, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def loads_dataset(text: str, *, known_countries: Iterable[str] | None = None,
                  origin: str = "reference data") -> ReferenceDataset:
    """Read and check a whole dataset; any problem is one :class:`ReferenceError`."""
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise ReferenceError(f"{origin}: not JSON ({exc})") from None
    known = frozenset(known_countries) if known_countries is not None else None
    top = _obj(raw, origin, {"schema", "version", "date", "description", "lists"})
    if top.get("schema") != SCHEMA:
        raise ReferenceError(f"{origin}: schema must be '{SCHEMA}'")
    version = _string(top.get("version"), f"{origin}: version", _VERSION)
    day = _date(top.get("date"), f"{origin}: date")
    raw_lists = top.get("lists")
    if not isinstance(raw_lists, list) or not raw_lists or len(raw_lists) > MAX_LISTS:
        raise ReferenceError(f"{origin}: lists must hold 1 to {MAX_LISTS} lists")
    lists = []
    seen: set[str] = set()
    for position, item in enumerate(raw_lists):
        parsed = _list(item, f"{origin}: lists[{position}]", known)
        if parsed.id in seen:
            raise ReferenceError(f"{origin}: list '{parsed.id}' appears twice")
        seen.add(parsed.id)
        lists.append(parsed)
    return ReferenceDataset(version, day, _text(top.get("description"), f"{origin}: "
                                                "description"), tuple(lists), dataset_hash(raw))


_LIST_FIELDS = {"id", "name", "measures", "status", "complete", "absent_means", "values",
                "coverage", "licence", "known_gaps", "max_age_months", "as_of", "supplier",
                "source", "facts"}


def _list(raw: Any, where: str, known: frozenset[str] | None) -> ReferenceList:
    item = _obj(raw, where, _LIST_FIELDS)
    missing = _LIST_FIELDS - set(item)
    if missing:
        raise ReferenceError(f"{where}: missing {sorted(missing)[0]!r}")
    list_id = _string(item["id"], f"{where}.id", _ID)
    where = f"{where} ({list_id})"
    if item["status"] not in STATUSES:
        raise ReferenceError(f"{where}: status is verified or reconstructed")
    if not isinstance(item["complete"], bool):
        raise ReferenceError(f"{where}: complete is true or false")
    values = item["values"]
    if not isinstance(values, list) or not values or not all(
            isinstance(v, str | int) and not isinstance(v, bool) for v in values):
        raise ReferenceError(f"{where}: values lists the values its facts may take")
    absent = item["absent_means"]
    if absent is not None and (not item["complete"] or absent not in values):
        raise ReferenceError(f"{where}: only a complete list says what absence means, with "
                             "one of its values")
    max_age = item["max_age_months"]
    if not isinstance(max_age, int) or isinstance(max_age, bool) or not 1 <= max_age <= 120:
        raise ReferenceError(f"{where}: max_age_months is 1 to 120")
    supplier = item["supplier"]
    if supplier is not None and not (isinstance(supplier, str) and re.match(r"^[A-Z]{2}$",
                                                                            supplier)):
        raise ReferenceError(f"{where}: supplier is an ISO 3166 alpha-2 code or null")
    raw_source = _obj(item["source"], f"{where}.source",
                      {"publisher", "title", "date", "url", "accessed", "note"})
    try:
        fields = {k: str(v) for k, v in raw_source.items()}
        source = make_source(publisher=fields.get("publisher", ""),
                             title=fields.get("title", ""), date=fields.get("date", ""),
                             url=fields.get("url", ""), accessed=fields.get("accessed", ""),
                             note=fields.get("note", ""))
    except (SourceError, TypeError) as exc:
        raise ReferenceError(f"{where}.source: {exc}") from None
    if not source.publisher:
        raise ReferenceError(f"{where}.source: needs a publisher")
    raw_facts = item["facts"]
    if not isinstance(raw_facts, list) or len(raw_facts) > MAX_FACTS:
        raise ReferenceError(f"{where}: facts is a list of at most {MAX_FACTS:,}")
    facts = []
    countries: set[str] = set()
    for n, raw_fact in enumerate(raw_facts):
        at = f"{where}.facts[{n}]"
        fact = _obj(raw_fact, at, {"country", "value", "as_of", "note", "score",
                                   "near_threshold"})
        country = _string(fact.get("country"), f"{at}.country", _ISO3)
        if known is not None and country not in known:
            raise ReferenceError(f"{at}: {country} is not an ISO 3166 country")
        if country in countries:
            raise ReferenceError(f"{at}: {country} appears twice in the list")
        countries.add(country)
        if fact.get("value") not in values:
            raise ReferenceError(f"{at}: value {fact.get('value')!r} is not one of the list's "
                                 "values")
        score = fact.get("score")
        if score is not None and (isinstance(score, bool) or not isinstance(score, int | float)
                                  or not 0 <= score <= 100):
            raise ReferenceError(f"{at}: score is a number from 0 to 100")
        note = fact.get("note", "")
        if not isinstance(note, str) or len(note) > MAX_TEXT:
            raise ReferenceError(f"{at}: note is text of at most {MAX_TEXT:,} characters")
        near = fact.get("near_threshold", False)
        if not isinstance(near, bool):
            raise ReferenceError(f"{at}: near_threshold is true or false")
        facts.append(Fact(list_id, country, fact["value"], _date(fact.get("as_of"),
                          f"{at}.as_of"), note, None if score is None else float(score), near))
    return ReferenceList(
        list_id, _text(item["name"], f"{where}.name"), _text(item["measures"],
                                                             f"{where}.measures"),
        item["status"], item["complete"], absent, tuple(values),
        _text(item["coverage"], f"{where}.coverage"), _text(item["licence"],
                                                            f"{where}.licence"),
        _text(item["known_gaps"], f"{where}.known_gaps"), max_age,
        _date(item["as_of"], f"{where}.as_of"), supplier, source, tuple(facts))


def loads_rules(text: str, dataset: ReferenceDataset | None = None,
                origin: str = "reference rules") -> RuleSet:
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise ReferenceError(f"{origin}: not JSON ({exc})") from None
    top = _obj(raw, origin, {"schema", "framework", "rules"})
    if top.get("schema") != RULES_SCHEMA:
        raise ReferenceError(f"{origin}: schema must be '{RULES_SCHEMA}'")
    target = _obj(top.get("framework"), f"{origin}: framework", {"id", "version"})
    rules = []
    for n, raw_rule in enumerate(top.get("rules") or []):
        at = f"{origin}: rules[{n}]"
        item = _obj(raw_rule, at, {"indicator", "lists", "kind", "map", "rationale",
                                   "confidence", "supplier", "later", "groups", "at_least"})
        indicator = _string(item.get("indicator"), f"{at}.indicator", _INDICATOR)
        lists = item.get("lists")
        if not isinstance(lists, list) or not lists or not all(isinstance(x, str)
                                                               for x in lists):
            raise ReferenceError(f"{at}: lists names one or more lists")
        if dataset is not None:
            for list_id in lists:
                try:
                    dataset.list(list_id)
                except KeyError:
                    raise ReferenceError(f"{at}: no list '{list_id}' in the dataset") from None
        kind = item.get("kind", "map")
        mapping: dict[str, tuple[int, int]] = {}
        for value, target_level in _obj(item.get("map"), f"{at}.map", None).items():
            low, high = (target_level, target_level) if isinstance(target_level, int) else \
                tuple(target_level) if isinstance(target_level, list) else (None, None)
            if not (isinstance(low, int) and isinstance(high, int) and 0 <= low <= high <= 4
                    and (low, high) != (0, 4)):
                raise ReferenceError(f"{at}.map.{value}: a level 0–4 or a range [a, b]")
            mapping[str(value)] = (low, high)
        if kind not in ("map", "count", "engagement"):
            raise ReferenceError(f"{at}: kind is map, count or engagement")
        groups = _obj(item.get("groups", {}), f"{at}.groups", None)
        if kind == "engagement" and (set(groups) != set(lists) or not all(
                isinstance(g, str) and g for g in groups.values())):
            raise ReferenceError(f"{at}.groups: names the framework of each of its lists")
        at_least = item.get("at_least", 0)
        if not isinstance(at_least, int) or isinstance(at_least, bool) or \
                not 0 <= at_least <= 10 or (kind == "engagement" and at_least < 1):
            raise ReferenceError(f"{at}: at_least is a small whole number")
        if kind == "engagement" and "yes" not in mapping:
            raise ReferenceError(f"{at}.map: an engagement rule maps 'yes' to its range")
        confidence = item.get("confidence", "medium")
        if confidence not in ("high", "medium", "low"):
            raise ReferenceError(f"{at}: confidence is high, medium or low")
        later = item.get("later", 0)
        if not isinstance(later, int) or not 0 <= later <= 10:
            raise ReferenceError(f"{at}: later is a small whole number")
        rules.append(Rule(indicator, tuple(lists), kind, MappingProxyType(mapping),
                          _text(item.get("rationale"), f"{at}.rationale"), confidence,
                          item.get("supplier"), later, MappingProxyType(dict(groups)),
                          at_least))
    return RuleSet(str(target.get("id")), str(target.get("version")), tuple(rules))


# ---- suggesting -----------------------------------------------------------------------------

def age_months(as_of: str, today: date) -> int:
    """Whole months from an as-of date (YYYY, YYYY-MM or YYYY-MM-DD; a year counts from its
    end) to today; 0 for a date not yet past."""
    year, month = (int(p) for p in [*as_of.split("-"), "12"][:2])
    return max(0, (today.year - year) * 12 + (today.month - month))


def is_stale(reference: ReferenceList, fact: Fact, today: date) -> bool:
    """Older than the list allows: its as-of month plus the list's maximum age is past."""
    return age_months(fact.as_of, today) > reference.max_age_months


def suggestions(dataset: ReferenceDataset, rules: RuleSet, framework: Framework,
                country: str, supplier: str | None, today: date) -> list[Suggestion]:
    """What public data suggests for a country (alpha-3), in the framework's order. An
    incomplete list only ever confirms what it lists; a list about one supplier state says
    nothing in an assessment of exposure to another."""
    if framework.id != rules.framework_id or framework.version != rules.framework_version:
        return []
    found: dict[str, Suggestion] = {}
    for rule in rules.rules:
        if not framework.has_indicator(rule.indicator):
            continue
        if rule.supplier is not None and rule.supplier != supplier:
            continue
        made = (_counted(dataset, rule, country) if rule.kind == "count"
                else _engaged(dataset, rule, country) if rule.kind == "engagement"
                else _mapped(dataset, rule, country))
        if made is None:
            continue
        low, high, used = made
        if (low, high) == (0, 4) or not used:
            continue  # a range over every level settles nothing
        found[rule.indicator] = Suggestion(
            rule.indicator, low, high, tuple(used), rule.rationale, rule.confidence,
            tuple(is_stale(r, f, today) for r, f in used))
    order = [i.id for i in framework.indicators()]
    return [found[i] for i in order if i in found]


def _mapped(dataset: ReferenceDataset, rule: Rule, country: str
            ) -> tuple[int, int, list[tuple[ReferenceList, Fact]]] | None:
    reference = dataset.list(rule.lists[0])
    fact = reference.fact_for(country)
    if fact is None:
        return None
    span = rule.mapping.get(str(fact.value))
    if span is None:
        return None
    low, high = span
    if fact.near_threshold and fact.score is not None and low == high:
        low, high = _near_threshold_range(rule, fact)
    return low, high, [(reference, fact)]


def _near_threshold_range(rule: Rule, fact: Fact) -> tuple[int, int]:
    """A tier within a point of a threshold: the two levels either side of that threshold."""
    assert fact.score is not None
    thresholds = {95: (1, 2), 85: (2, 3), 55: (3, 4), 20: (4, 5)}  # score → tiers around it
    nearest = min(thresholds, key=lambda t: abs(fact.score - t))  # type: ignore[operator]
    levels = [rule.mapping[str(tier)][0] for tier in thresholds[nearest]
              if str(tier) in rule.mapping]
    return min(levels), max(levels)


def _counted(dataset: ReferenceDataset, rule: Rule, country: str
             ) -> tuple[int, int, list[tuple[ReferenceList, Fact]]] | None:
    """Declarations signed, from lists that can each say yes, no or nothing, plus later
    summits whose lists are not in the dataset: a bound on the count, as a range of levels
    (level = 4 − signed, at most 4 counted)."""
    signed = unknown = 0
    used = []
    for list_id in rule.lists:
        reference = dataset.list(list_id)
        fact = reference.fact_for(country)
        if fact is None:
            unknown += 1
            continue
        used.append((reference, fact))
        if fact.value == "signed":
            signed += 1
    unknown += rule.later
    least, most = min(signed, 4), min(signed + unknown, 4)
    return 4 - most, 4 - least, used


def _engaged(dataset: ReferenceDataset, rule: Rule, country: str
             ) -> tuple[int, int, list[tuple[ReferenceList, Fact]]] | None:
    """Confirmed participation in enough distinct open frameworks: only facts that say the
    country takes part count (a signature, a membership, a readiness assessment); absence and
    a confirmed "no" count for nothing, never against it."""
    used: list[tuple[ReferenceList, Fact]] = []
    frameworks: set[str] = set()
    for list_id in rule.lists:
        reference = dataset.list(list_id)
        fact = next((f for f in reference.facts if f.country == country), None)
        if fact is None or str(fact.value) in _NOT_TAKING_PART:
            continue
        used.append((reference, fact))
        frameworks.add(rule.groups[list_id])
    if len(frameworks) < rule.at_least:
        return None
    low, high = rule.mapping["yes"]
    return low, high, used


_NOT_TAKING_PART = frozenset({"not_signed", "withdrawn", "none"})


# ---- small checks ---------------------------------------------------------------------------

def _obj(raw: Any, where: str, allowed: set[str] | None) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ReferenceError(f"{where}: must be an object")
    if allowed is not None and set(raw) - allowed:
        raise ReferenceError(f"{where}: unknown field {sorted(set(raw) - allowed)[0]!r}")
    return raw


def _string(raw: Any, where: str, pattern: re.Pattern[str]) -> str:
    if not isinstance(raw, str) or not pattern.match(raw):
        raise ReferenceError(f"{where}: missing or malformed ({str(raw)[:40]!r})")
    return raw


def _date(raw: Any, where: str) -> str:
    if not isinstance(raw, str) or not _DATE.match(raw):
        raise ReferenceError(f"{where}: a date is YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in raw.split("-")]
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        raise ReferenceError(f"{where}: {raw} is not a date")
    return raw


def _text(raw: Any, where: str) -> Text:
    item = _obj(raw, where, None)
    if not isinstance(item.get("en"), str) or not all(
            isinstance(v, str) and 0 < len(v) <= MAX_TEXT for v in item.values()):
        raise ReferenceError(f"{where}: needs an English text of at most {MAX_TEXT:,} "
                             "characters")
    return Text(MappingProxyType(dict(item)))
