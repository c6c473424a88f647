"""What the services hand to front ends: plain, immutable data (no ORM objects escape)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from ..domain.answers import Answer
from ..domain.countries import Country
from ..domain.details import Details
from ..domain.framework import Framework
from ..domain.judgements import Judgements
from ..domain.locks import is_locked
from ..domain.robustness import Robustness, robustness_of
from ..domain.scoring import AssessmentScore
from ..domain.suppliers import SupplierProfile
from ..domain.verdict import Verdict, stored_verdict


@dataclass(frozen=True)
class AssessmentSummary:
    """One library row, from the stored scores only."""

    id: str
    country_code: str
    country: str
    region: str
    alt_names: str
    title: str
    status: str
    framework_id: str
    framework_version: str
    overall_score: float | None
    overall_band: str | None
    coverage: float | None
    provisional: bool
    red_flags: int
    as_of: date
    updated_at: datetime
    deleted: bool
    overall_low: float | None = None  # the stored range: the verdict is read from it
    overall_high: float | None = None

    @cached_property  # read for every painted cell of the library: computed once a row
    def verdict(self) -> Verdict | None:
        """The stored range's verdict (docs/scoring.md): the span of bands it allows."""
        if self.overall_low is None or self.overall_high is None:
            return None
        return stored_verdict(self.overall_low, self.overall_high)


def summary_from_row(row: tuple[Any, ...]) -> AssessmentSummary:
    """A library row from the columns of ``storage.library_rows.LIBRARY_SQL``, in its order."""
    (id_, code, country, region, alt_names, title, status, framework_id, framework_version,
     score, band, coverage, provisional, red_flags, as_of, updated_at, deleted_at, low,
     high) = row
    return AssessmentSummary(
        id=id_, country_code=code, country=country, region=region, alt_names=alt_names,
        title=title, status=status, framework_id=framework_id,
        framework_version=framework_version, overall_score=score, overall_band=band,
        coverage=coverage, provisional=provisional, red_flags=red_flags, as_of=as_of,
        updated_at=updated_at, deleted=deleted_at is not None, overall_low=low,
        overall_high=high)


@dataclass(frozen=True)
class AssessmentRecord:
    """An assessment opened for work: its facts, framework, answers and live score."""

    id: str
    revision: int
    country: Country
    title: str
    assessor: str
    as_of: date
    status: str
    marking: str
    framework: Framework
    modules: frozenset[str]
    predecessor_id: str | None
    created_at: datetime
    updated_at: datetime
    deleted: bool
    answers: dict[str, Answer]
    score: AssessmentScore
    stored_robustness: Robustness | None = None  # kept since it was marked final
    judgements: Judgements = field(default_factory=Judgements)
    reviewed_by: str | None = None
    finalised_at: datetime | None = None
    scoring_rules: int = 2  # the rules version its figures are shown under (1: kept as signed)
    supplier: SupplierProfile | None = None  # format 2: the supplier state it measures exposure to
    perspective: str | None = None  # "inside" (own country), "outside", or None: not recorded

    @property
    def locked(self) -> bool:
        """Whether its answers cannot change (domain/locks.py says why: ``lock_reason``)."""
        return is_locked(self.status, self.deleted)

    @property
    def details(self) -> Details:
        """What may change after creation (Assessment → Details…, ``aibri edit``)."""
        return Details(title=self.title, as_of=self.as_of, marking=self.marking,
                       assessor=self.assessor, perspective=self.perspective,
                       modules=self.modules)

    def robustness(self) -> Robustness:
        """The figures stored when it was marked final, else computed now (Monte Carlo: not
        for the GUI thread)."""
        return robustness_of(self.framework, self.answers, self.modules,
                             self.stored_robustness)


@dataclass(frozen=True)
class DetailChange:
    """One changed detail of an assessment, as the history keeps it."""

    field: str
    changed_at: datetime
    changed_by: str
    old_value: object
    new_value: object


@dataclass(frozen=True)
class HistoryEntry:
    indicator_id: str
    changed_at: datetime
    changed_by: str
    old_value: dict[str, object]
    new_value: dict[str, object]
