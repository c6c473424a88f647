"""The framework: dimensions and indicators an assessment is answered against.

Frameworks are data (``resources/frameworks/*.json``); this module is their in-memory model.
Parsing and validation live in :mod:`aibri_desktop.domain.framework_file`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType

LEVELS = (0, 1, 2, 3, 4)
EXPOSURE = "exposure"
CAPACITY = "capacity"
DEFAULT_LANGUAGE = "en"
ANSWERABLE_FROM = ("public", "government", "specialist")  # who can answer an indicator
AUDIENCES = ("assessed_state", "partners")  # whom a policy option addresses


def version_key(version: str) -> tuple[int, ...]:
    """A version such as "2.0.0" as numbers to order by (a part that is not a number sorts
    first): frameworks and supplier profiles alike."""
    return tuple(int(p) if p.isdigit() else -1 for p in version.replace("-", ".").split("."))


@dataclass(frozen=True)
class Text:
    """A user-visible text in several languages; English is always present."""

    values: Mapping[str, str]

    def get(self, language: str = DEFAULT_LANGUAGE) -> str:
        return self.values.get(language) or self.values[DEFAULT_LANGUAGE]

    def __str__(self) -> str:
        return self.get()


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: the one source type for framework sources and the entries of
    supplier profiles (an entry's source takes the entry's id)."""

    id: str
    title: str
    publisher: str
    date: str
    url: str | None = None
    note: str | None = None
    accessed: str | None = None  # YYYY-MM-DD: when an online source was read

    def citation(self) -> str:
        text = f"{self.publisher}, {self.title} ({self.date})"
        if self.accessed:
            text += f", accessed {self.accessed}"
        return f"{text}; {self.note}" if self.note else text


@dataclass(frozen=True)
class PolicyOption:
    """A policy option an indicator's answer can trigger.

    Exposure indicators trigger at ``at_least`` (a high level); capacity indicators at
    ``at_most`` (a low level, i.e. little capacity).
    """

    id: str
    indicator_id: str
    title: Text
    rationale: Text
    sources: tuple[str, ...]
    at_least: int | None = None
    at_most: int | None = None
    audience: str | None = None  # format 2: "assessed_state" or "partners"

    def triggered_by(self, level: int) -> bool:
        if self.at_least is not None:
            return level >= self.at_least
        return self.at_most is not None and level <= self.at_most


@dataclass(frozen=True)
class Overlap:
    """Indicators that touch the same fact, and how the framework keeps it from counting twice."""

    id: str
    indicators: tuple[str, ...]
    handling: Text


@dataclass(frozen=True)
class PreviousIndicator:
    """The indicator of the previous framework version this one continues; ``unchanged`` when
    an answer to that one still answers this one."""

    id: str
    unchanged: bool


@dataclass(frozen=True)
class Indicator:
    """One question of the framework. The fields after ``options`` come with format 2; their
    defaults describe a format-1 indicator."""

    id: str
    dimension_id: str
    question: Text
    guidance: Text
    scale: str
    levels: tuple[Text, ...]
    weight: Fraction
    critical: bool
    kind: str
    evidence_prompt: Text
    sources: tuple[str, ...]
    options: tuple[PolicyOption, ...] = ()
    short_title: Text | None = None
    answerable_from: tuple[str, ...] = ()
    supplier_specific: bool = False
    supplier_symmetric: bool = True
    supplier_reason: Text | None = None
    weight_reason: Text | None = None
    previous: PreviousIndicator | None = None

    def title_or_id(self, language: str = DEFAULT_LANGUAGE) -> str:
        """The short title where the framework gives one, else the id (format 1)."""
        return self.short_title.get(language) if self.short_title is not None else self.id

    @property
    def answerable_from_public_sources(self) -> bool:
        return "public" in self.answerable_from


@dataclass(frozen=True)
class Dimension:
    id: str
    name: Text
    kind: str
    optional: bool
    weight: Fraction
    description: Text
    indicators: tuple[Indicator, ...]

    @property
    def is_capacity(self) -> bool:
        return self.kind == CAPACITY


@dataclass(frozen=True)
class Framework:
    id: str
    version: str
    name: Text
    description: Text
    languages: tuple[str, ...]
    mitigation_factor: Fraction
    sources: tuple[Source, ...]
    dimensions: tuple[Dimension, ...]
    content_hash: str
    overlaps: tuple[Overlap, ...] = ()
    format: int = 1
    previous_version: str | None = None  # format 2: the version whose answers carry over
    _indicators: Mapping[str, Indicator] = field(init=False, repr=False, compare=False)
    _dimensions: Mapping[str, Dimension] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        indicators = {i.id: i for d in self.dimensions for i in d.indicators}
        object.__setattr__(self, "_indicators", MappingProxyType(indicators))
        object.__setattr__(
            self, "_dimensions", MappingProxyType({d.id: d for d in self.dimensions})
        )

    @property
    def label(self) -> str:
        return f"{self.id} {self.version}"

    def dimension(self, dimension_id: str) -> Dimension:
        return self._dimensions[dimension_id]

    def indicator(self, indicator_id: str) -> Indicator:
        return self._indicators[indicator_id]

    def has_indicator(self, indicator_id: str) -> bool:
        return indicator_id in self._indicators

    def indicators(self) -> Iterator[Indicator]:
        for dimension in self.dimensions:
            yield from dimension.indicators

    def source(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)

    @property
    def optional_dimension_ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.dimensions if d.optional)

    def enabled_dimensions(self, modules: frozenset[str] | set[str]) -> tuple[Dimension, ...]:
        """Core dimensions plus the optional ones named in ``modules``, in framework order."""
        return tuple(d for d in self.dimensions if not d.optional or d.id in modules)
