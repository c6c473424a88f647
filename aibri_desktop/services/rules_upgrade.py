"""Bringing a library's stored figures to version 2 of the scoring rules, once, after the upgrade.

Schema 6 adds ``assessments.scoring_rules`` as NULL. When the app next opens the library (after
the verified backup the upgrade made, and with this computer's key), every draft is rescored
under version 2 — the same figures, with the band stated only as far as the unknowns allow —
and an unknown answer loses the confidence level version 1 let it carry (recorded in its
history). Final and archived assessments keep their version-1 figures, as signed off, until a
reviewer rescores them explicitly: a brief re-printed from them never changes silently.

Only rows that verify against their checksum are rewritten (and so re-sealed): a row changed
outside the app stays as it is, still reported by the check. A library sealed on another
computer is left alone until it is adopted here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.answers import NO_CONFIDENCE, Answer
from ..domain.framework import Framework
from ..domain.scoring import SCORING_RULES
from ..storage.checksums import verified_ids
from ..storage.models import AnswerHistoryRow, AnswerRow, Assessment
from ..storage.types import utcnow
from .conversions import answer_from_row, answer_json, parse_modules, rescore

UPGRADER = "AIBRI Desktop (scoring rules version 2)"


def bring_up_to_scoring_rules(session: Session, framework_of: Callable[[str], Framework]
                              ) -> tuple[int, int]:
    """Rescore drafts, keep finals on version 1; returns (drafts rescored, finals kept)."""
    waiting = list(session.scalars(select(Assessment).where(Assessment.scoring_rules.is_(None))))
    if not waiting:
        return 0, 0
    ids = [row.id for row in waiting]
    good_rows = verified_ids(session, Assessment, Assessment.id.in_(ids))
    if good_rows is None:
        return 0, 0  # sealed elsewhere: after an adoption here, the next open does it
    good_answers = verified_ids(session, AnswerRow, AnswerRow.assessment_id.in_(ids)) or set()
    answers: dict[str, list[AnswerRow]] = defaultdict(list)
    for answer_row in session.scalars(select(AnswerRow).where(AnswerRow.assessment_id.in_(ids))):
        answers[answer_row.assessment_id].append(answer_row)
    rescored = kept = 0
    now = utcnow()
    for row in waiting:
        if row.id not in good_rows:
            continue
        if row.status != "draft":
            row.scoring_rules = 1
            kept += 1
            continue
        current: dict[str, Answer] = {}
        for answer_row in answers[row.id]:
            answer = answer_from_row(answer_row)
            if (answer.state.value in NO_CONFIDENCE and answer.confidence is not None
                    and answer_row.id in good_answers):
                before = answer
                answer_row.confidence = None
                answer = answer_from_row(answer_row)
                session.add(AnswerHistoryRow(
                    assessment_id=row.id, indicator_id=answer.indicator_id, changed_at=now,
                    changed_by=UPGRADER, old_value=answer_json(before),
                    new_value=answer_json(answer)))
            current[answer.indicator_id] = answer
        _, scores = rescore(framework_of(row.framework_hash), current,
                            parse_modules(row.modules))
        for key, value in scores.items():
            setattr(row, key, value)
        row.scoring_rules = SCORING_RULES
        rescored += 1
    return rescored, kept
