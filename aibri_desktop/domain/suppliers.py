"""Supplier profiles, and filling a format-2 framework's placeholders from one.

Framework 2 writes every item once, with the supplier state as a placeholder (``{supplier}``,
``{supplier_laws}``, ...). A supplier profile is data about one supplier state: its names, and
six lists (its compelled-access laws, the governance instruments it leads, its cloud and chip
vendors, its development-finance bodies, its satellite navigation system), each entry with a
source. :func:`render` gives the framework as an analyst reads it for that supplier.
Parsing and validation of profile files live in :mod:`aibri_desktop.domain.supplier_file`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from .framework import DEFAULT_LANGUAGE, Framework, Indicator, PolicyOption, Source, Text
from .translate import Translate, untranslated

LISTS = ("laws", "instruments", "cloud_vendors", "chip_vendors", "policy_banks", "gnss")
NAMES = {"supplier": "name", "supplier_short": "short_name", "supplier_adj": "adjective"}
PLACEHOLDERS = (*NAMES, *(f"supplier_{name}" for name in LISTS))
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_SENTENCE_END = re.compile(r"(^|[.!?]\s+|\n\s*)$")  # where a value starts a sentence


def placeholders_in(text: str) -> list[str]:
    """The names inside ``{...}`` in ``text``, in order (known or not)."""
    return PLACEHOLDER.findall(text)


def text_placeholders(text: Text | None) -> set[str]:
    if text is None:
        return set()
    return {name for value in text.values.values() for name in placeholders_in(value)}


@dataclass(frozen=True)
class ListWords:
    """How a language joins a list: "A, B and C" is separator ", " and last " and "."""

    separator: str
    last: str

    def join(self, items: list[str]) -> str:
        if len(items) < 2:
            return "".join(items)
        return self.separator.join(items[:-1]) + self.last + items[-1]


@dataclass(frozen=True)
class SupplierEntry:
    """One law, instrument, vendor, bank or system of a supplier state, with its source."""

    id: str
    name: Text
    source: Source
    note: Text | None = None
    process: Text | None = None  # laws only: what process the law requires


@dataclass(frozen=True)
class SupplierProfile:
    id: str  # ISO 3166-1 alpha-2 of the supplier state
    version: str
    languages: tuple[str, ...]
    name: Text
    short_name: Text
    adjective: Text
    list_words: Mapping[str, ListWords]
    description: Text
    as_of: str
    lists: Mapping[str, tuple[SupplierEntry, ...]]
    content_hash: str

    @property
    def label(self) -> str:
        return f"{self.id} {self.version}"

    def entries(self) -> Iterator[SupplierEntry]:
        for name in LISTS:
            yield from self.lists[name]

    def words(self, language: str) -> ListWords:
        return self.list_words.get(language) or self.list_words[DEFAULT_LANGUAGE]

    def value(self, placeholder: str, language: str = DEFAULT_LANGUAGE) -> str:
        """What ``{placeholder}`` reads as in ``language`` (KeyError for an unknown name)."""
        if placeholder in NAMES:
            text: Text = getattr(self, NAMES[placeholder])
            return text.get(language)
        entries = self.lists[placeholder.removeprefix("supplier_")]
        return self.words(language).join([e.name.get(language) for e in entries])


def fill(text: str, profile: SupplierProfile, language: str = DEFAULT_LANGUAGE) -> str:
    """``text`` with every known placeholder replaced; a value that starts a sentence starts
    with a capital ("{supplier} leads" → "The United States leads"). Unknown names stay."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in PLACEHOLDERS:
            return match.group(0)
        value = profile.value(name, language)
        if value and _SENTENCE_END.search(text[:match.start()]):
            value = value[0].upper() + value[1:]
        return value

    return PLACEHOLDER.sub(replace, text)


def fill_text(text: Text, profile: SupplierProfile) -> Text:
    return Text({lang: fill(value, profile, lang) for lang, value in text.values.items()})


def render(framework: Framework, profile: SupplierProfile) -> Framework:
    """The framework as read for ``profile``'s supplier state: every user-visible text filled.

    Pure, so a caller may keep the result by (framework hash, profile hash). The content hash
    stays the template's: an assessment records the profile's hash beside it. A format-1
    framework has no placeholders and is returned as it is.
    """
    if framework.format < 2:
        return framework
    return _map_texts(framework, lambda t: fill_text(t, profile))


def unfilled_placeholders(framework: Framework) -> list[str]:
    """Every text of ``framework`` that still holds a brace, as "DS-04 question (en): {x}"."""
    found: list[str] = []
    for where, text in framework_texts(framework):
        for lang, value in text.values.items():
            if "{" in value or "}" in value:
                left = PLACEHOLDER.findall(value)
                shown = ", ".join("{" + n + "}" for n in left) if left else "a stray brace"
                found.append(f"{where} ({lang}): {shown}")
    return found


def framework_texts(framework: Framework) -> Iterator[tuple[str, Text]]:
    """Every user-visible text of a framework, with where it is ("DS-04 levels[2]")."""
    yield "name", framework.name
    yield "description", framework.description
    for dimension in framework.dimensions:
        yield f"{dimension.id} name", dimension.name
        yield f"{dimension.id} description", dimension.description
        for indicator in dimension.indicators:
            yield from _indicator_texts(indicator)
    for overlap in framework.overlaps:
        yield f"overlap {overlap.id} handling", overlap.handling


def _indicator_texts(indicator: Indicator) -> Iterator[tuple[str, Text]]:
    i = indicator.id
    for field in ("question", "guidance", "evidence_prompt", "short_title", "supplier_reason",
                  "weight_reason"):
        value = getattr(indicator, field)
        if value is not None:
            yield f"{i} {field}", value
    for n, level in enumerate(indicator.levels):
        yield f"{i} levels[{n}]", level
    for option in indicator.options:
        yield f"{option.id} title", option.title
        yield f"{option.id} rationale", option.rationale


def _map_texts(framework: Framework, change: Callable[[Text], Text]) -> Framework:
    def maybe(text: Text | None) -> Text | None:
        return None if text is None else change(text)

    def option(o: PolicyOption) -> PolicyOption:
        return dataclasses.replace(o, title=change(o.title), rationale=change(o.rationale))

    def indicator(i: Indicator) -> Indicator:
        return dataclasses.replace(
            i, question=change(i.question), guidance=change(i.guidance),
            levels=tuple(change(t) for t in i.levels), evidence_prompt=change(i.evidence_prompt),
            options=tuple(option(o) for o in i.options), short_title=maybe(i.short_title),
            supplier_reason=maybe(i.supplier_reason), weight_reason=maybe(i.weight_reason))

    dimensions = tuple(
        dataclasses.replace(d, name=change(d.name), description=change(d.description),
                            indicators=tuple(indicator(i) for i in d.indicators))
        for d in framework.dimensions)
    overlaps = tuple(dataclasses.replace(o, handling=change(o.handling))
                     for o in framework.overlaps)
    return dataclasses.replace(framework, name=change(framework.name),
                               description=change(framework.description),
                               dimensions=dimensions, overlaps=overlaps)


def exposure_to(profile: SupplierProfile | None, language: str = DEFAULT_LANGUAGE, *,
                _: Translate = untranslated) -> str:
    """"exposure to the United States": what an assessment measures, for titles, banners,
    briefs and compare. Without a profile (a format-1 framework) the PRC, which its texts
    name themselves."""
    name = profile.name.get(language) if profile is not None else _(
        "the People's Republic of China")
    return _("exposure to {supplier}").format(supplier=name)


def perspective_words(perspective: str | None, *, _: Translate = untranslated) -> str:
    """"inside view" / "outside-in view"; "" when it was not recorded."""
    return {"inside": _("inside view (own country)"),
            "outside": _("outside-in view (another country)")}.get(perspective or "", "")
