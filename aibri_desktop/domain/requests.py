"""The evidence request list: the open items of an assessment as requests for evidence, for
embassies, partners and colleagues. Each says what evidence would answer it (the indicator's
evidence prompt), which kind of source holds it, its share of the overall range, and whether
it is one of the items that must be answered before the verdict can settle (those come first).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .answers import Answer, AnswerState
from .framework import Framework
from .scoring import AssessmentScore
from .verdict import must_answer, settle_by


@dataclass(frozen=True)
class EvidenceRequest:
    indicator_id: str
    title: str  # the short title (format 2) or the question
    question: str
    evidence: str  # what evidence would answer it
    holders: tuple[str, ...]  # public | government | specialist ("" : the framework says not)
    state: str  # unanswered | unknown | range
    share: Decimal  # points of the overall range this item holds open
    must: bool  # the verdict cannot settle unless it is answered


def evidence_requests(framework: Framework, answers: dict[str, Answer],
                      score: AssessmentScore) -> list[EvidenceRequest]:
    """Every open item of the overall exposure, the must-answer ones first, then by share."""
    overall = score.overall
    shares = settle_by(overall.open_items, overall.low, overall.high)
    must = set(must_answer(overall.open_items, overall.low, overall.high))
    requests = []
    for item, share in shares:
        indicator = framework.indicator(item.indicator_id)
        answer = answers.get(indicator.id)
        state = answer.state if answer is not None else AnswerState.UNANSWERED
        requests.append(EvidenceRequest(
            indicator.id,
            indicator.short_title.get() if indicator.short_title else indicator.question.get(),
            indicator.question.get(), indicator.evidence_prompt.get(),
            tuple(indicator.answerable_from), state.value, share, indicator.id in must))
    return sorted(requests, key=lambda r: (not r.must, -r.share, r.indicator_id))
