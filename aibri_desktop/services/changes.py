"""What a mutation changed, so each screen can redraw only the parts it names."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ChangeKind(StrEnum):
    CREATED = "created"
    ANSWERED = "answered"
    STATUS = "status"
    JUDGED = "judged"  # the analyst's judgement: nothing else of the assessment changed
    DELETED = "deleted"
    RESTORED = "restored"
    BULK = "bulk"  # many assessments at once (demo data, samples, imports)


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    assessment_ids: tuple[str, ...] = ()
    indicator_ids: tuple[str, ...] = ()
    scores_changed: bool = False
    summary: str = ""  # one line for a status bar or the command line
    details: dict[str, object] = field(default_factory=dict)

    @property
    def changed_anything(self) -> bool:
        return bool(self.assessment_ids)

    @property
    def assessment_id(self) -> str:
        return self.assessment_ids[0]
