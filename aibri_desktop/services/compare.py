"""Comparing saved assessments (a read-only use case)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..domain.compare import Alignment, Compared, WhatChanged, align, what_changed
from ..domain.compare_summary import comparison_summary
from .assessments import AssessmentService
from .errors import InvalidInputError
from .records import AssessmentRecord

MAX_COMPARED = 50


@dataclass(frozen=True)
class Comparison:
    records: tuple[AssessmentRecord, ...]
    alignment: Alignment
    changed: WhatChanged
    summary: dict[str, Any]


class CompareService:
    def __init__(self, assessments: AssessmentService) -> None:
        self._assessments = assessments

    def compare(self, assessment_ids: Sequence[str]) -> Comparison:
        ids = list(dict.fromkeys(assessment_ids))
        if len(ids) < 2:
            raise InvalidInputError("Choose at least two different assessments to compare.")
        if len(ids) > MAX_COMPARED:
            raise InvalidInputError(f"Compare at most {MAX_COMPARED} assessments at a time.")
        records = tuple(self._assessments.load(i) for i in ids)
        if len({r.country.code for r in records}) == 1:  # one country over time: oldest first
            records = tuple(sorted(records, key=lambda r: (r.as_of, r.created_at)))
        items = [Compared(r.id, f"{r.country.name}, {r.as_of.isoformat()}", r.country.code,
                          r.as_of, r.framework, r.answers, r.modules, r.score)
                 for r in records]  # r.score: its own figures, shown beside any common basis
        alignment = align(items)
        changed = what_changed(alignment)
        return Comparison(records, alignment, changed, comparison_summary(alignment, changed))
