"""Between table rows and domain objects (answers, stored scores)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ..domain.answers import Answer, AnswerState, Confidence
from ..domain.framework import Framework
from ..domain.scoring import SCORING_RULES, AssessmentScore, score_assessment
from ..domain.summary import assessment_summary
from ..storage.models import AnswerRow, Assessment

# an answer's columns, read as plain rows (no ORM objects: opening or comparing assessments
# reads hundreds of answers, and building ORM instances for them cost most of the time)
ANSWER_COLUMNS = (AnswerRow.indicator_id, AnswerRow.state, AnswerRow.level, AnswerRow.confidence,
                  AnswerRow.na_reason, AnswerRow.evidence, AnswerRow.sources, AnswerRow.as_of,
                  AnswerRow.carried_over, AnswerRow.level_low, AnswerRow.level_high)


def answer_from_row(row: Any) -> Answer:
    """An answer from its row: an :class:`AnswerRow` or a row of :data:`ANSWER_COLUMNS`."""
    return Answer(
        indicator_id=row.indicator_id,
        state=AnswerState(row.state),
        level=row.level,
        confidence=Confidence(row.confidence) if row.confidence else None,
        na_reason=row.na_reason or None,
        evidence=row.evidence,
        sources=row.sources,
        as_of=row.as_of,
        carried_over=row.carried_over,
        level_low=row.level_low,
        level_high=row.level_high,
    )


def answer_fields(answer: Answer) -> dict[str, Any]:
    """The columns of an answer row (without keys and timestamps)."""
    return {
        "state": answer.state.value,
        "level": answer.level,
        "na_reason": answer.na_reason or "",
        "confidence": answer.confidence.value if answer.confidence else None,
        "evidence": answer.evidence,
        "sources": answer.sources,
        "as_of": answer.as_of,
        "carried_over": answer.carried_over,
        "level_low": answer.level_low,
        "level_high": answer.level_high,
    }


def answer_json(answer: Answer | None) -> str:
    """An answer as the history table keeps it: "{}" for no answer at all."""
    if answer is None:
        return "{}"
    fields = answer_fields(answer)
    for name in ("level_low", "level_high"):  # only a range has them: older entries never did
        if fields[name] is None:
            del fields[name]
    fields["as_of"] = fields["as_of"].isoformat() if isinstance(fields["as_of"], date) else None
    return json.dumps(fields, ensure_ascii=False, sort_keys=True)


def stored_scores(framework: Framework, score: AssessmentScore) -> dict[str, Any]:
    """The assessment row's score columns, rounded exactly as every reader sees them."""
    summary = assessment_summary(framework, score)
    overall = summary["overall"]
    return {
        "overall_score": overall["score"],
        "overall_low": overall["low"],
        "overall_high": overall["high"],
        "overall_band": overall["band"],
        "coverage": overall["coverage"],
        "provisional": bool(overall["provisional"]),
        "red_flags": sum(1 for f in summary["red_flags"] if f["kind"] != "possible"),
        "dimension_scores": json.dumps(summary["dimensions"], ensure_ascii=False),
    }


def rescore(framework: Framework, answers: dict[str, Answer], modules: frozenset[str]
            ) -> tuple[AssessmentScore, dict[str, Any]]:
    score = score_assessment(framework, answers, modules)
    return score, stored_scores(framework, score)


def rules_of(row: Assessment) -> int:
    """The scoring-rules version an assessment's figures are shown under. NULL (a row the
    upgrade to schema 6 could not yet verify) reads as the upgrade would decide it: a draft
    under the current rules, anything signed off on version 1."""
    if row.scoring_rules is not None:
        return row.scoring_rules
    return SCORING_RULES if row.status == "draft" else 1


def parse_modules(text: str) -> frozenset[str]:
    return frozenset(m for m in text.split(",") if m)


def format_modules(modules: frozenset[str] | set[str]) -> str:
    return ",".join(sorted(modules))
