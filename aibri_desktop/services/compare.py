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
from .suppliers import DEFAULT_SUPPLIER

MAX_COMPARED = 50


@dataclass(frozen=True)
class Comparison:
    records: tuple[AssessmentRecord, ...]
    alignment: Alignment
    changed: WhatChanged | None  # None between supplier states: they are not subtracted
    summary: dict[str, Any]

    @property
    def across_suppliers(self) -> bool:
        return self.alignment.across_suppliers


def compared(record: AssessmentRecord) -> Compared:
    """An assessment as the comparison needs it; its own figures (``record.score``) are shown
    beside any common basis. A format-1 assessment measures exposure to the supplier state
    its texts name (the default one)."""
    supplier = record.supplier
    return Compared(record.id, f"{record.country.name}, {record.as_of.isoformat()}",
                    record.country.code, record.as_of, record.framework, record.answers,
                    record.modules, record.score,
                    supplier_id=supplier.id if supplier is not None else DEFAULT_SUPPLIER,
                    supplier_name=supplier.name.get() if supplier is not None else "")


class CompareService:
    def __init__(self, assessments: AssessmentService) -> None:
        self._assessments = assessments

    def compare(self, assessment_ids: Sequence[str]) -> Comparison:
        """Two or more assessments side by side. One country over time comes oldest first;
        assessments of different supplier states are compared on the supplier-symmetric items
        with no "what changed" between them (for one country: the supplier profile view)."""
        ids = list(dict.fromkeys(assessment_ids))
        if len(ids) < 2:
            raise InvalidInputError("Choose at least two different assessments to compare.")
        if len(ids) > MAX_COMPARED:
            raise InvalidInputError(f"Compare at most {MAX_COMPARED} assessments at a time.")
        records = tuple(self._assessments.load(i) for i in ids)
        if len({r.country.code for r in records}) == 1:  # one country over time: oldest first
            records = tuple(sorted(records, key=lambda r: (r.as_of, r.created_at)))
        alignment = align([compared(r) for r in records])
        changed = None if alignment.across_suppliers else what_changed(alignment)
        return Comparison(records, alignment, changed, comparison_summary(alignment, changed))
