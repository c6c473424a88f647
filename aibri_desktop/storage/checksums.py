"""Per-row checksums of assessments and answers, kept by an ORM hook on every write.

SQLite's integrity_check finds structural damage but not a changed byte inside a row's text;
comparing each row with its checksum does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from .models import AnswerRow, Assessment

ASSESSMENT_FIELDS = ("id", "revision", "country_code", "title", "assessor", "as_of", "status",
                     "marking", "framework_hash", "modules", "predecessor_id", "overall_score",
                     "overall_band", "coverage", "dimension_scores", "robustness", "deleted_at",
                     "judgements", "reviewed_by", "finalised_at")
# Fields added after checksums existed count only when set, so older rows keep their checksum.
LATER_FIELDS = frozenset({"judgements", "reviewed_by", "finalised_at"})
ANSWER_FIELDS = ("assessment_id", "indicator_id", "state", "level", "na_reason", "confidence",
                 "evidence", "sources", "as_of", "carried_over")


def _canonical(value: Any) -> str:
    if value is None:
        return "\x00"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(round(value, 6))
    return str(value)


def checksum(values: Mapping[str, Any], fields: tuple[str, ...]) -> str:
    digest = hashlib.blake2b(digest_size=12)
    for name in fields:
        value = values.get(name)
        if value is None and name in LATER_FIELDS:
            continue
        digest.update(_canonical(value).encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def assessment_checksum(values: Mapping[str, Any]) -> str:
    return checksum(values, ASSESSMENT_FIELDS)


def answer_checksum(values: Mapping[str, Any]) -> str:
    return checksum(values, ANSWER_FIELDS)


def _row_values(row: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in fields}


@event.listens_for(Session, "before_flush")
def _seal(session: Session, _context: Any, _instances: Any) -> None:
    for row in [*session.new, *session.dirty]:
        if isinstance(row, Assessment):
            row.checksum = assessment_checksum(_row_values(row, ASSESSMENT_FIELDS))
        elif isinstance(row, AnswerRow):
            row.checksum = answer_checksum(_row_values(row, ANSWER_FIELDS))


def seal_unsealed(session: Session) -> int:
    """Give rows from before checksums existed their checksum (after an upgrade)."""
    count = 0
    for row in session.scalars(select(Assessment).where(Assessment.checksum.is_(None))):
        row.checksum = assessment_checksum(_row_values(row, ASSESSMENT_FIELDS))
        count += 1
    for answer in session.scalars(select(AnswerRow).where(AnswerRow.checksum.is_(None))):
        answer.checksum = answer_checksum(_row_values(answer, ANSWER_FIELDS))
        count += 1
    return count


def mismatches(session: Session, limit: int = 20) -> Iterator[str]:
    """Rows whose content no longer matches their checksum, in words."""
    found = 0
    for row in session.scalars(select(Assessment).execution_options(yield_per=2000)):
        if row.checksum is not None and row.checksum != assessment_checksum(
                _row_values(row, ASSESSMENT_FIELDS)):
            found += 1
            yield f"assessment {row.id} (“{row.title[:60]}”)"
            if found >= limit:
                return
    for answer in session.scalars(select(AnswerRow).execution_options(yield_per=5000)):
        if answer.checksum is not None and answer.checksum != answer_checksum(
                _row_values(answer, ANSWER_FIELDS)):
            found += 1
            yield f"answer {answer.indicator_id} of assessment {answer.assessment_id}"
            if found >= limit:
                return
