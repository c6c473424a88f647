"""The window's side of the shared sentences. Each rule's words have one home outside the
toolkit (``domain/locks.py``, ``domain/describe.py``, ``domain/robustness_text.py``); this
module only hands them Qt's translator, so the window, the command line and the brief say the
same sentence for the same fact."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from ..domain.describe import describe_change
from ..domain.locks import lock_reason
from ..domain.robustness import Robustness
from ..domain.robustness_text import robustness_sentence
from ..services.records import AssessmentRecord

CONTEXT = ""  # where pyside6-lupdate files a module-level function's strings (domain/translate.py)


def translate(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def lock_reason_text(record: AssessmentRecord) -> str:
    """Why the open assessment's answers cannot change ("" for an editable draft)."""
    return lock_reason(record.status, record.deleted, _=translate)


def describe_edit(indicator_id: str, before: dict[str, Any], after: dict[str, Any],
                  what: str) -> str:
    """The undo menu's words: "DS-03 level 2 → 3", "DS-03 unknown → level 1"."""
    return describe_change(indicator_id, before, after, what, _=translate)


def robustness_text(result: Robustness | None, *, stored: bool = False) -> str:
    return robustness_sentence(result, stored=stored, _=translate)
