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
                 "carried_over", "level_low", "level_high")
# States whose answer carries no confidence: an unknown has no level to be sure of, and a range
# already says how sure the analyst is (docs/scoring.md: a range stays at its middle in every
# robustness draw).
NO_CONFIDENCE = frozenset({"unknown", "range"})


class AnswerState(StrEnum):
    ANSWERED = "answered"
    RANGE = "range"  # partial knowledge: between two levels (counts at its middle)
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
    # a range answer ("between level a and level b"): 0 ≤ a < b ≤ 4, never 0–4 (= unknown)
    level_low: int | None = None
    level_high: int | None = None

    def __post_init__(self) -> None:
        if self.state is AnswerState.ANSWERED:
            if isinstance(self.level, bool) or self.level not in LEVELS:
                raise AnswerError(
                    f"{self.indicator_id}: the level must be a whole number from 0 to 4 "
                    f"(got {self.level!r})"
                )
        elif self.level is not None:
            raise AnswerError(f"{self.indicator_id}: only an answered indicator has a level")
        if self.state is AnswerState.RANGE:
            check_range(self.indicator_id, self.level_low, self.level_high)
        elif self.level_low is not None or self.level_high is not None:
            raise AnswerError(f"{self.indicator_id}: only a range answer has two levels")
        if self.state is AnswerState.NOT_APPLICABLE and not (self.na_reason or "").strip():
            raise AnswerError(f"{self.indicator_id}: 'not applicable' needs a reason")

    @property
    def counts_as_unknown(self) -> bool:
        return self.state in (AnswerState.UNKNOWN, AnswerState.UNANSWERED)

    @property
    def scored(self) -> bool:
        """Counted in the score: a level, or a range at its middle."""
        return self.state in (AnswerState.ANSWERED, AnswerState.RANGE)

    @property
    def open(self) -> bool:
        """Still open in the verdict: unknown, unanswered or a range."""
        return self.state in (AnswerState.UNKNOWN, AnswerState.UNANSWERED, AnswerState.RANGE)


def check_range(indicator_id: str, low: int | None, high: int | None) -> None:
    """A range answer's two levels: whole numbers, 0 ≤ low < high ≤ 4, and not 0–4 (which
    says nothing: that is Unknown)."""
    for level in (low, high):
        if isinstance(level, bool) or level not in LEVELS:
            raise AnswerError(f"{indicator_id}: a range needs two levels from 0 to 4 "
                              f"(got {low!r}–{high!r})")
    assert low is not None and high is not None
    if low >= high:
        raise AnswerError(f"{indicator_id}: a range goes from a lower to a higher level "
                          f"(got {low}–{high}); for one level, answer that level")
    if (low, high) == (0, 4):
        raise AnswerError(f"{indicator_id}: a range of 0–4 says nothing; answer Unknown")
