"""Answers as the scoring engine sees them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .framework import LEVELS

# The fields an answer saves, in the order of :class:`Answer` (its indicator aside): what an
# edit may change, what undo restores, what the answer history and the exchange file hold.
# The one list; adding a field here changes the .aibri file format (exchange/aibri_file.py).
ANSWER_FIELDS = ("state", "level", "confidence", "na_reason", "evidence", "sources", "as_of",
                 "carried_over")


class AnswerState(StrEnum):
    ANSWERED = "answered"
    UNKNOWN = "unknown"  # looked into, not known: counts like unanswered, shown apart
    NOT_APPLICABLE = "not_applicable"  # leaves the denominator; needs a reason
    UNANSWERED = "unanswered"  # not yet looked at


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class AnswerError(ValueError):
    """An answer that cannot be recorded; ``str()`` is a message for the user."""


@dataclass(frozen=True)
class Answer:
    indicator_id: str
    state: AnswerState = AnswerState.UNANSWERED
    level: int | None = None
    confidence: Confidence | None = None
    na_reason: str | None = None
    evidence: str = ""
    sources: str = ""
    as_of: date | None = None
    carried_over: bool = False  # copied into a follow-up and not yet reviewed

    def __post_init__(self) -> None:
        if self.state is AnswerState.ANSWERED:
            if isinstance(self.level, bool) or self.level not in LEVELS:
                raise AnswerError(
                    f"{self.indicator_id}: the level must be a whole number from 0 to 4 "
                    f"(got {self.level!r})"
                )
        elif self.level is not None:
            raise AnswerError(f"{self.indicator_id}: only an answered indicator has a level")
        if self.state is AnswerState.NOT_APPLICABLE and not (self.na_reason or "").strip():
            raise AnswerError(f"{self.indicator_id}: 'not applicable' needs a reason")

    @property
    def counts_as_unknown(self) -> bool:
        return self.state in (AnswerState.UNKNOWN, AnswerState.UNANSWERED)
