"""Reading and validating framework files.

A framework can come from a ministry's own editor or inside an exchange file, so every field
is checked and the first problem is reported as ``FILE: path.inside[3].field: what is wrong``.
Format 1 ("aibri-framework/1") and format 2 ("aibri-framework/2": short titles, who can answer
an item, the supplier state as a placeholder, weight reasons, the audience of each option and
the predecessor of each indicator) are both read.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

from . import strictjson
from .framework import (
    ANSWERABLE_FROM,
    AUDIENCES,
    CAPACITY,
    DEFAULT_LANGUAGE,
    EXPOSURE,
    LEVELS,
    Dimension,
    Framework,
    Indicator,
    Overlap,
    PolicyOption,
    PreviousIndicator,
    Source,
    Text,
)
from .plain_text import lone_surrogate
from .suppliers import PLACEHOLDER, PLACEHOLDERS, text_placeholders

SCHEMA = "aibri-framework/1"
SCHEMA_2 = "aibri-framework/2"
SHORT_TITLE_LIMIT = 40
SCALES = ("ordinal", "percentage", "yes_no", "count", "hhi", "choice")
INDICATOR_KINDS = ("exposure", "safeguard")
DIMENSION_KINDS = (EXPOSURE, CAPACITY)
MAX_FILE_BYTES = 4 * 1024 * 1024
_ID = re.compile(r"^[A-Z]{2,4}$")
_INDICATOR_ID = re.compile(r"^[A-Z]{2,4}-[0-9]{2,3}$")
_SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
_VERSION = re.compile(r"^[0-9]+(\.[0-9]+){0,2}([.-][A-Za-z0-9]+)?$")
_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_MAX_TEXT = 4000


class FrameworkError(ValueError):
    """A framework file is not acceptable. ``str()`` is the one-line message for the user."""

    def __init__(self, origin: str, path: str, problem: str) -> None:
        self.origin, self.path, self.problem = origin, path, problem
        where = f"{origin}: {path}: " if path else f"{origin}: "
        super().__init__(where + problem)


class _Checker:
    """Checks one document; ``format`` 2 also checks the supplier placeholders of every text."""

    def __init__(self, origin: str, *, format: int = 1,
                 error: type[FrameworkError] = FrameworkError) -> None:
        self.origin, self.format, self.error = origin, format, error

    def fail(self, path: str, problem: str) -> FrameworkError:
        return self.error(self.origin, path, problem)

    def obj(self, data: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
            ) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(path, f"must be an object, not {_kind(data)}")
        for key in required:
            if key not in data:
                raise self.fail(_join(path, key), "is missing")
        for key in data:
            if key not in required and key not in optional:
                raise self.fail(_join(path, key), "is not a known field")
        return data

    def string(self, data: Any, path: str, *, pattern: re.Pattern[str] | None = None,
               limit: int = _MAX_TEXT) -> str:
        if not isinstance(data, str):
            raise self.fail(path, f"must be text, not {_kind(data)}")
        if not data.strip():
            raise self.fail(path, "must not be empty")
        if lone_surrogate(data) is not None:
            raise self.fail(path, "holds a lone surrogate (such as the escape \\ud800), "
                                  "which is not text")
        if len(data) > limit:
            raise self.fail(path, f"is longer than {limit} characters")
        if pattern is not None and not pattern.match(data):
            raise self.fail(path, f"'{data}' is not in the expected form")
        return data

    def text(self, data: Any, path: str, languages: tuple[str, ...], *, limit: int = _MAX_TEXT,
             placeholders: bool = True, complete: bool = False) -> Text:
        """A text per language. In format 2, ``{name}`` must be a supplier placeholder (none
        at all where ``placeholders`` is false); ``complete`` asks for every language."""
        data = self.obj(data, path, tuple(languages) if complete else (DEFAULT_LANGUAGE,),
                        tuple(languages))
        values = {lang: self.string(v, _join(path, lang), limit=limit)
                  for lang, v in data.items()}
        if self.format >= 2:
            for lang, value in values.items():
                self.braces(value, _join(path, lang), placeholders=placeholders)
        return Text(values)

    def braces(self, value: str, path: str, *, placeholders: bool) -> None:
        if not placeholders:
            if "{" in value or "}" in value:
                raise self.fail(path, "must not hold a placeholder or brace (it reads the same "
                                      "for every supplier)")
            return
        for name in PLACEHOLDER.findall(value):
            if name not in PLACEHOLDERS:
                raise self.fail(path, "'{" + name + "}' is not a supplier placeholder (known: "
                                + ", ".join(PLACEHOLDERS) + ")")
        rest = PLACEHOLDER.sub("", value)
        if "{" in rest or "}" in rest:
            raise self.fail(path, "has a brace that is not part of a placeholder such as "
                                  "{supplier}")

    def number(self, data: Any, path: str, *, low: Fraction, high: Fraction | None,
               low_inclusive: bool) -> Fraction:
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise self.fail(path, f"must be a number, not {_kind(data)}")
        if isinstance(data, float) and not math.isfinite(data):  # 1e999 reads as infinity
            raise self.fail(path, "is a number too large")
        value = Fraction(str(data)) if isinstance(data, float) else Fraction(data)
        too_low = value < low if low_inclusive else value <= low
        if too_low or (high is not None and value > high):
            bound = f"at least {low}" if low_inclusive else f"greater than {low}"
            upper = f" and at most {high}" if high is not None else ""
            raise self.fail(path, f"must be {bound}{upper} (got {data})")
        return value

    def boolean(self, data: Any, path: str) -> bool:
        if not isinstance(data, bool):
            raise self.fail(path, f"must be true or false, not {_kind(data)}")
        return data

    def choice(self, data: Any, path: str, allowed: tuple[str, ...]) -> str:
        if data not in allowed:
            raise self.fail(path, f"must be one of {', '.join(allowed)} (got {data!r})")
        return str(data)

    def array(self, data: Any, path: str, *, minimum: int = 0) -> list[Any]:
        if not isinstance(data, list):
            raise self.fail(path, f"must be a list, not {_kind(data)}")
        if len(data) < minimum:
            raise self.fail(path, f"must have at least {minimum} entries")
        return data


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def content_hash(data: Any) -> str:
    """SHA-256 of the framework's canonical JSON: layout and key order do not change it."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def parse_framework(data: Any, *, origin: str) -> Framework:
    """Validate a decoded framework document and build the model; raise FrameworkError."""
    schema = data.get("schema", SCHEMA) if isinstance(data, dict) else SCHEMA
    fmt = 2 if schema == SCHEMA_2 else 1
    c = _Checker(origin, format=fmt)
    if schema not in (SCHEMA, SCHEMA_2):  # before the fields, which depend on it
        raise c.fail("schema", f"must be '{SCHEMA}' or '{SCHEMA_2}' (got {schema!r})")
    top = c.obj(data, "", ("schema", "id", "version", "name", "languages", "mitigation_factor",
                           "sources", "dimensions"),
                ("description", "overlaps") + (("previous",) if fmt == 2 else ()))
    languages = tuple(
        c.string(v, _join("languages", n), pattern=_LANG, limit=12)
        for n, v in enumerate(c.array(top["languages"], "languages", minimum=1))
    )
    if DEFAULT_LANGUAGE not in languages:
        raise c.fail("languages", f"must include '{DEFAULT_LANGUAGE}'")
    sources = _parse_sources(c, top["sources"])
    source_ids = {s.id for s in sources}
    dimensions: list[Dimension] = []
    seen: set[str] = set()
    for n, raw in enumerate(c.array(top["dimensions"], "dimensions", minimum=1)):
        dimension = _parse_dimension(c, raw, f"dimensions[{n}]", languages, source_ids, seen)
        dimensions.append(dimension)
    capacity = [n for n, d in enumerate(dimensions) if d.kind == CAPACITY]
    if len(capacity) > 1:
        raise c.fail(f"dimensions[{capacity[1]}].kind", "only one capacity dimension is allowed")
    if not any(d.kind == EXPOSURE and not d.optional for d in dimensions):
        raise c.fail("dimensions", "needs at least one core (non-optional) exposure dimension")
    known = {i.id for d in dimensions for i in d.indicators}
    overlaps = _parse_overlaps(c, top.get("overlaps", []), languages, known)
    used = {s for d in dimensions for i in d.indicators for s in i.sources}
    for n, source in enumerate(sources):
        if source.id not in used:
            raise c.fail(f"sources[{n}].id", f"'{source.id}' is not cited by any indicator")
    version = c.string(top["version"], "version", pattern=_VERSION)
    previous_version = None
    if fmt == 2:
        previous_version = _parse_previous_version(c, top.get("previous"), version)
        _check_format_2_framework(c, dimensions, previous_version)
    return Framework(
        id=c.string(top["id"], "id", pattern=re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")),
        version=version,
        name=c.text(top["name"], "name", languages),
        description=(c.text(top["description"], "description", languages)
                     if "description" in top else Text({DEFAULT_LANGUAGE: ""})),
        languages=languages,
        mitigation_factor=c.number(top["mitigation_factor"], "mitigation_factor",
                                   low=Fraction(0), high=Fraction(1), low_inclusive=True),
        sources=sources,
        dimensions=tuple(dimensions),
        content_hash=content_hash(data),
        overlaps=overlaps,
        format=fmt,
        previous_version=previous_version,
    )


def _parse_previous_version(c: _Checker, raw: Any, version: str) -> str | None:
    if raw is None:
        return None
    item = c.obj(raw, "previous", ("version",))
    previous = c.string(item["version"], "previous.version", pattern=_VERSION, limit=32)
    if previous == version:
        raise c.fail("previous.version", f"'{previous}' is this framework's own version")
    return previous


def _check_format_2_framework(c: _Checker, dimensions: list[Dimension],
                              previous_version: str | None) -> None:
    """Rules across indicators: short titles are unique (in every language), and an indicator
    continues an earlier one only if the framework names the version it comes from."""
    titles: dict[tuple[str, str], str] = {}
    for d, dimension in enumerate(dimensions):
        for n, indicator in enumerate(dimension.indicators):
            path = f"dimensions[{d}].indicators[{n}]"
            assert indicator.short_title is not None  # format 2 requires it
            for lang, title in indicator.short_title.values.items():
                other = titles.setdefault((lang, title.casefold()), indicator.id)
                if other != indicator.id:
                    raise c.fail(f"{path}.short_title.{lang}",
                                 f"'{title}' is also the short title of {other}")
            if indicator.previous is not None and previous_version is None:
                raise c.fail(f"{path}.previous", "names an earlier indicator, but the framework "
                             "has no 'previous' version (add \"previous\": {\"version\": ...})")


def _parse_overlaps(c: _Checker, raw: Any, languages: tuple[str, ...], known: set[str]
                    ) -> tuple[Overlap, ...]:
    found: list[Overlap] = []
    for n, raw_item in enumerate(c.array(raw, "overlaps")):
        path = f"overlaps[{n}]"
        item = c.obj(raw_item, path, ("id", "indicators", "handling"))
        ids = tuple(c.string(v, f"{path}.indicators[{k}]", pattern=_INDICATOR_ID, limit=16)
                    for k, v in enumerate(c.array(item["indicators"], _join(path, "indicators"),
                                                  minimum=2)))
        for k, indicator_id in enumerate(ids):
            if indicator_id not in known:
                raise c.fail(f"{path}.indicators[{k}]", f"'{indicator_id}' is not an indicator")
        found.append(Overlap(id=c.string(item["id"], _join(path, "id"), pattern=_SOURCE_ID),
                             indicators=ids,
                             handling=c.text(item["handling"], _join(path, "handling"),
                                             languages)))
    return tuple(found)


def _parse_sources(c: _Checker, raw: Any) -> tuple[Source, ...]:
    sources: list[Source] = []
    for n, raw_item in enumerate(c.array(raw, "sources")):
        path = f"sources[{n}]"
        source = parse_source(c, raw_item, path, source_id=None, accessed=c.format >= 2)
        if any(s.id == source.id for s in sources):
            raise c.fail(_join(path, "id"), f"'{source.id}' is used by an earlier source")
        sources.append(source)
    return tuple(sources)


def parse_source(c: _Checker, raw: Any, path: str, *, source_id: str | None,
                 accessed: bool = True) -> Source:
    """The one source type. With ``source_id`` given (a supplier-profile entry's source), the
    object has no id of its own."""
    own_id = ("id",) if source_id is None else ()
    item = c.obj(raw, path, (*own_id, "title", "publisher", "date"),
                 ("url", "note") + (("accessed",) if accessed else ()))
    return Source(
        id=(c.string(item["id"], _join(path, "id"), pattern=_SOURCE_ID)
            if source_id is None else source_id),
        title=c.string(item["title"], _join(path, "title")),
        publisher=c.string(item["publisher"], _join(path, "publisher")),
        date=c.string(item["date"], _join(path, "date"), pattern=_DATE),
        url=(c.string(item["url"], _join(path, "url"),
                      pattern=re.compile(r"^https?://\S+$")) if "url" in item else None),
        note=c.string(item["note"], _join(path, "note")) if "note" in item else None,
        accessed=_day(c, item["accessed"], _join(path, "accessed")) if "accessed" in item else None,
    )


def _day(c: _Checker, value: Any, path: str) -> str:
    if not isinstance(value, str) or not _DAY.match(value):
        raise c.fail(path, f"must be a day written YYYY-MM-DD (got {value!r})")
    return value


def _parse_dimension(c: _Checker, raw: Any, path: str, languages: tuple[str, ...],
                     source_ids: set[str], seen: set[str]) -> Dimension:
    raw = c.obj(raw, path, ("id", "name", "kind", "optional", "weight", "indicators"),
                ("description",))
    dim_id = c.string(raw["id"], _join(path, "id"), pattern=_ID)
    if dim_id in seen:
        raise c.fail(_join(path, "id"), f"'{dim_id}' is used more than once")
    seen.add(dim_id)
    kind = c.choice(raw["kind"], _join(path, "kind"), DIMENSION_KINDS)
    optional = c.boolean(raw["optional"], _join(path, "optional"))
    if kind == CAPACITY and not optional:
        raise c.fail(_join(path, "optional"), "a capacity dimension must be optional")
    indicators = tuple(
        _parse_indicator(c, item, f"{path}.indicators[{n}]", dim_id, kind, languages,
                         source_ids, seen)
        for n, item in enumerate(c.array(raw["indicators"], _join(path, "indicators"),
                                         minimum=1))
    )
    return Dimension(
        id=dim_id,
        name=c.text(raw["name"], _join(path, "name"), languages),
        kind=kind,
        optional=optional,
        weight=c.number(raw["weight"], _join(path, "weight"), low=Fraction(0), high=None,
                        low_inclusive=False),
        description=(c.text(raw["description"], _join(path, "description"), languages)
                     if "description" in raw else Text({DEFAULT_LANGUAGE: ""})),
        indicators=indicators,
    )


def _parse_indicator(c: _Checker, raw: Any, path: str, dim_id: str, dim_kind: str,
                     languages: tuple[str, ...], source_ids: set[str], seen: set[str]
                     ) -> Indicator:
    format_2 = (("short_title", "answerable_from", "supplier_specific", "supplier_symmetric",
                 "weight_reason"), ("supplier_reason", "previous")) if c.format >= 2 else ((), ())
    raw = c.obj(raw, path, ("id", "question", "guidance", "scale", "levels", "weight",
                            "critical", "kind", "evidence_prompt", "sources", *format_2[0]),
                ("options", *format_2[1]))
    ind_id = c.string(raw["id"], _join(path, "id"), pattern=_INDICATOR_ID)
    if not ind_id.startswith(dim_id + "-"):
        raise c.fail(_join(path, "id"), f"'{ind_id}' must start with its dimension '{dim_id}-'")
    if ind_id in seen:
        raise c.fail(_join(path, "id"), f"'{ind_id}' is used more than once")
    seen.add(ind_id)
    levels_raw = c.array(raw["levels"], _join(path, "levels"))
    if len(levels_raw) != len(LEVELS):
        raise c.fail(_join(path, "levels"),
                     f"must describe exactly {len(LEVELS)} levels (0 to 4), not {len(levels_raw)}")
    critical = c.boolean(raw["critical"], _join(path, "critical"))
    if critical and dim_kind == CAPACITY:
        raise c.fail(_join(path, "critical"),
                     "an indicator of a capacity dimension cannot be critical")
    cited = tuple(
        c.string(s, f"{path}.sources[{n}]", pattern=_SOURCE_ID, limit=64)
        for n, s in enumerate(c.array(raw["sources"], _join(path, "sources"), minimum=1))
    )
    for n, source_id in enumerate(cited):
        if source_id not in source_ids:
            raise c.fail(f"{path}.sources[{n}]", f"'{source_id}' is not listed under 'sources'")
    options = tuple(
        _parse_option(c, item, f"{path}.options[{n}]", ind_id, dim_kind, languages, source_ids)
        for n, item in enumerate(c.array(raw.get("options", []), _join(path, "options"))))
    if len({o.id for o in options}) != len(options):
        raise c.fail(_join(path, "options"), "two options have the same id")
    indicator = Indicator(
        id=ind_id,
        dimension_id=dim_id,
        question=c.text(raw["question"], _join(path, "question"), languages),
        guidance=c.text(raw["guidance"], _join(path, "guidance"), languages),
        scale=c.choice(raw["scale"], _join(path, "scale"), SCALES),
        levels=tuple(c.text(t, f"{path}.levels[{n}]", languages) for n, t in enumerate(levels_raw)),
        weight=c.number(raw["weight"], _join(path, "weight"), low=Fraction(0), high=Fraction(100),
                        low_inclusive=False),
        critical=critical,
        kind=c.choice(raw["kind"], _join(path, "kind"), INDICATOR_KINDS),
        evidence_prompt=c.text(raw["evidence_prompt"], _join(path, "evidence_prompt"), languages),
        sources=cited,
        options=options,
    )
    return _format_2_fields(c, raw, path, languages, indicator) if c.format >= 2 else indicator


def _format_2_fields(c: _Checker, raw: dict[str, Any], path: str, languages: tuple[str, ...],
                     indicator: Indicator) -> Indicator:
    short_title = c.text(raw["short_title"], _join(path, "short_title"), languages,
                         limit=SHORT_TITLE_LIMIT, placeholders=False)
    answerable: list[str] = []
    for n, value in enumerate(c.array(raw["answerable_from"], _join(path, "answerable_from"),
                                      minimum=1)):
        where = f"{path}.answerable_from[{n}]"
        answerable.append(c.choice(value, where, ANSWERABLE_FROM))
        if answerable.count(answerable[-1]) > 1:
            raise c.fail(where, f"'{value}' is listed twice")
    specific = c.boolean(raw["supplier_specific"], _join(path, "supplier_specific"))
    symmetric = c.boolean(raw["supplier_symmetric"], _join(path, "supplier_symmetric"))
    weight_reason = c.text(raw["weight_reason"], _join(path, "weight_reason"), languages)
    user = _first_placeholder(indicator)
    if user is not None and not specific:
        raise c.fail(_join(path, "supplier_specific"),
                     f"must be true: its {user[0]} uses {{{user[1]}}}")
    if user is None and specific:
        raise c.fail(_join(path, "supplier_specific"), "must be false: no text of the item "
                     "uses a supplier placeholder")
    reason = None
    if specific:
        if "supplier_reason" not in raw:
            raise c.fail(_join(path, "supplier_reason"), "is missing (a supplier-specific item "
                         "says why it names the supplier)")
        reason = c.text(raw["supplier_reason"], _join(path, "supplier_reason"), languages)
    else:
        if not symmetric:
            raise c.fail(_join(path, "supplier_symmetric"), "must be true: an item that is not "
                         "supplier-specific means the same for every supplier")
        if "supplier_reason" in raw:
            raise c.fail(_join(path, "supplier_reason"), "is only for supplier-specific items "
                         "(supplier_specific is false)")
        if text_placeholders(weight_reason):
            raise c.fail(_join(path, "weight_reason"), "uses a supplier placeholder, but the "
                         "item is not supplier-specific")
    previous = None
    if "previous" in raw:
        where = _join(path, "previous")
        item = c.obj(raw["previous"], where, ("id", "unchanged"))
        old_id = item["id"]
        if not isinstance(old_id, str) or not _INDICATOR_ID.match(old_id):
            raise c.fail(f"{where}.id", f"{old_id!r} does not look like an indicator id "
                         "(such as DS-01)")
        previous = PreviousIndicator(old_id, c.boolean(item["unchanged"], f"{where}.unchanged"))
    return dataclasses.replace(
        indicator, short_title=short_title, answerable_from=tuple(answerable),
        supplier_specific=specific, supplier_symmetric=symmetric, supplier_reason=reason,
        weight_reason=weight_reason, previous=previous)


def _first_placeholder(indicator: Indicator) -> tuple[str, str] | None:
    """(which text, which placeholder) of the first supplier placeholder in the item's texts."""
    texts: list[tuple[str, Text]] = [
        ("question", indicator.question), ("guidance", indicator.guidance),
        *((f"levels[{n}]", t) for n, t in enumerate(indicator.levels)),
        ("evidence_prompt", indicator.evidence_prompt)]
    for n, option in enumerate(indicator.options):
        texts += [(f"options[{n}].title", option.title),
                  (f"options[{n}].rationale", option.rationale)]
    for where, text in texts:
        names = sorted(text_placeholders(text))
        if names:
            return where, names[0]
    return None


def _parse_option(c: _Checker, raw: Any, path: str, indicator_id: str, dim_kind: str,
                  languages: tuple[str, ...], source_ids: set[str]) -> PolicyOption:
    raw = c.obj(raw, path, ("id", "trigger", "title", "rationale", "sources",
                            *(("audience",) if c.format >= 2 else ())))
    option_id = c.string(raw["id"], _join(path, "id"),
                         pattern=re.compile(r"^[A-Z]{2,4}-[0-9]{2,3}-[a-z0-9]{1,8}$"), limit=24)
    if not option_id.startswith(indicator_id + "-"):
        raise c.fail(_join(path, "id"), f"'{option_id}' must start with '{indicator_id}-'")
    trigger = c.obj(raw["trigger"], _join(path, "trigger"), (), ("at_least", "at_most"))
    if len(trigger) != 1:
        raise c.fail(_join(path, "trigger"), "needs exactly one of at_least or at_most")
    at_least = at_most = None
    if "at_least" in trigger:
        if dim_kind == CAPACITY:
            raise c.fail(f"{path}.trigger.at_least", "a capacity indicator's option is "
                         "triggered by low capacity: use at_most")
        at_least = _level(c, trigger["at_least"], f"{path}.trigger.at_least", 1, 4)
    else:
        if dim_kind != CAPACITY:
            raise c.fail(f"{path}.trigger.at_most", "an exposure indicator's option is "
                         "triggered by high exposure: use at_least")
        at_most = _level(c, trigger["at_most"], f"{path}.trigger.at_most", 0, 3)
    cited = tuple(c.string(s, f"{path}.sources[{n}]", pattern=_SOURCE_ID, limit=64)
                  for n, s in enumerate(c.array(raw["sources"], _join(path, "sources"),
                                                minimum=1)))
    for n, source_id in enumerate(cited):
        if source_id not in source_ids:
            raise c.fail(f"{path}.sources[{n}]", f"'{source_id}' is not listed under 'sources'")
    audience = (c.choice(raw["audience"], _join(path, "audience"), AUDIENCES)
                if c.format >= 2 else None)
    return PolicyOption(id=option_id, indicator_id=indicator_id,
                        title=c.text(raw["title"], _join(path, "title"), languages),
                        rationale=c.text(raw["rationale"], _join(path, "rationale"), languages),
                        sources=cited, at_least=at_least, at_most=at_most, audience=audience)


def _level(c: _Checker, value: Any, path: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise c.fail(path, f"must be a whole number from {low} to {high} (got {value!r})")
    return value


def completeness_problems(framework: Framework) -> list[str]:
    """What a framework offered for new assessments still lacks (older stored versions may
    lack options and still be read): every indicator needs at least one policy option."""
    return [f"{i.id}: has no policy option (add one under 'options')"
            for i in framework.indicators() if not i.options]


def loads_framework(content: bytes | str, *, origin: str) -> Framework:
    """Parse framework text strictly (duplicate keys, NaN, depth) and validate it."""
    if len(content) > MAX_FILE_BYTES:
        raise FrameworkError(origin, "", f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        data = strictjson.loads(content)
    except strictjson.StrictJSONError as exc:
        raise FrameworkError(origin, "", str(exc)) from None
    return parse_framework(data, origin=origin)


def load_framework_file(path: Path) -> Framework:
    """Read and validate one framework file; every failure is a FrameworkError."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FrameworkError(str(path), "", f"is larger than {MAX_FILE_BYTES // 2**20} MB")
        content = path.read_bytes()
    except FrameworkError:
        raise
    except FileNotFoundError:
        raise FrameworkError(str(path), "", "no such file") from None
    except IsADirectoryError:
        raise FrameworkError(str(path), "", "is a folder, not a framework file") from None
    except OSError as exc:
        raise FrameworkError(str(path), "", f"cannot be read ({exc.strerror})") from None
    return loads_framework(content, origin=str(path))
