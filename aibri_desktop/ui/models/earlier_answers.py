"""The earlier answers of a follow-up carried to a newer framework version.

Items the new version changed or split start unanswered; the analyst answers them afresh with
the predecessor's answer beside them for reference. They are read once, off the GUI thread,
when such an assessment opens (:func:`read_earlier_answers` is a plain function for
:meth:`Operations.start`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...domain.answers import Answer

if TYPE_CHECKING:
    from ...services import Services


@dataclass(frozen=True)
class EarlierAnswer:
    """The predecessor's answer to the item a changed item continues."""

    framework_label: str  # "aibri 1.1.0"
    indicator_id: str  # the item's id in that version
    answer: Answer
    levels: tuple[str, ...]  # that item's level texts, as the analyst read them then
    split: bool = False  # the item is a new half of that earlier item, which was split


def read_earlier_answers(services: Services, assessment_id: str,
                         predecessor_id: str) -> dict[str, EarlierAnswer]:
    """Per item of ``assessment_id`` that did not carry over, the predecessor's answer (empty
    when the predecessor used the same framework version or is gone)."""
    found = services.assessments.earlier_answers(assessment_id)
    if not found:
        return {}
    framework = services.assessments.load(predecessor_id).framework
    earlier: dict[str, EarlierAnswer] = {}
    for indicator_id, (old_id, answer, split) in found.items():
        levels = (tuple(t.get() for t in framework.indicator(old_id).levels)
                  if framework.has_indicator(old_id) else ())
        earlier[indicator_id] = EarlierAnswer(framework.label, old_id, answer, levels, split)
    return earlier
