"""What a mutation changed, so each screen can redraw only the parts it names.

Every use case returns a :class:`Change`: its kind, the assessments and indicators it touched,
one sentence for a status bar or the command line, and a typed payload with what a screen
needs to redraw without reading the database again (the saved answer and the new score, the
saved judgement, the new status, the written file). ``Change[AnswerSaved]`` is what
``AssessmentService.answer`` returns; the payload is None when nothing changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from ..domain.answers import Answer
    from ..domain.bands import Band
    from ..domain.details import Details
    from ..domain.framework import Framework
    from ..domain.judgements import Judgements
    from ..domain.scoring import AssessmentScore


class ChangeKind(StrEnum):
    CREATED = "created"
    ANSWERED = "answered"
    STATUS = "status"  # marked final or archived
    DETAILS = "details"  # title, as-of date, marking, assessor, perspective or modules
    JUDGED = "judged"  # the analyst's judgement: nothing else of the assessment changed
    DELETED = "deleted"
    RESTORED = "restored"
    BULK = "bulk"  # many assessments at once (demo data, samples, imports, purge)
    FILE = "file"  # a file was written (a brief, an export): no assessment changed
    LIBRARY = "library"  # a setting of the whole library (the decision threshold)


@dataclass(frozen=True)
class AnswerSaved:
    """One answer saved: the answer as stored, the one it replaced, the assessment's new
    score and revision."""

    answer: Answer
    previous: Answer | None
    score: AssessmentScore
    revision: int


@dataclass(frozen=True)
class DetailsSaved:
    """Details saved: before and after, the score after (modules change it), the revision."""

    before: Details
    after: Details
    score: AssessmentScore
    revision: int


@dataclass(frozen=True)
class JudgementsSaved:
    judgements: Judgements
    revision: int


@dataclass(frozen=True)
class StatusChanged:
    """Marked final, archived, deleted or restored: ``status`` is the new lifecycle status
    (draft, final, archived) and ``deleted`` whether the assessments are now deleted."""

    status: str | None
    deleted: bool


@dataclass(frozen=True)
class FollowUpMade:
    predecessor: str
    carried_over: int


@dataclass(frozen=True)
class FileWritten:
    path: Path


@dataclass(frozen=True)
class Imported:
    """An import: how many came in, were skipped, lost their predecessor link, and the lines
    that say which assessments here were kept instead of older copies."""

    imported: int
    skipped: int
    unlinked: int
    kept: tuple[str, ...]

    @property
    def needs_reading(self) -> bool:
        """Something was not imported as asked: a person must read it, not see it flash by."""
        return bool(self.skipped or self.unlinked or self.kept)


@dataclass(frozen=True)
class ThresholdSet:
    """The library's decision threshold as set now and before (None: no threshold)."""

    threshold: Band | None
    previous: Band | None


@dataclass(frozen=True)
class FrameworkAdded:
    framework: Framework


P = TypeVar("P")


@dataclass(frozen=True)
class Change(Generic[P]):
    kind: ChangeKind
    assessment_ids: tuple[str, ...] = ()
    indicator_ids: tuple[str, ...] = ()
    scores_changed: bool = False
    summary: str = ""  # one line for a status bar or the command line
    payload: P | None = None

    @property
    def changed_anything(self) -> bool:
        return bool(self.assessment_ids)

    @property
    def assessment_id(self) -> str:
        return self.assessment_ids[0]

    def touches(self, assessment_id: str) -> bool:
        """Whether this change concerns that assessment (a restore concerns every one)."""
        return assessment_id in self.assessment_ids or self.assessment_ids == ("*",)
