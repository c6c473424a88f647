"""What the services hand to front ends: plain, immutable data (no ORM objects escape)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from ..domain.answers import Answer
from ..domain.countries import Country
from ..domain.details import Details
from ..domain.framework import Framework
from ..domain.judgements import Judgements
from ..domain.locks import is_locked
from ..domain.robustness import Robustness, robustness_of
from ..domain.scoring import AssessmentScore
from ..domain.suppliers import SupplierProfile


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
