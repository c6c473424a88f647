"""The window's side of the shared sentences. Each rule's words have one home outside the
toolkit (``domain/locks.py``, ``domain/describe.py``, ``domain/robustness_text.py``); this
module only hands them Qt's translator, so the window, the command line and the brief say the
same sentence for the same fact."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QCoreApplication

from ..domain.describe import describe_change
from ..domain.locks import lock_reason
from ..domain.robustness import Robustness
from ..domain.robustness_text import robustness_sentence
from ..domain.suppliers import exposure_to, perspective_words
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


_SPLIT_FIGURE = re.compile(r"(?<=\d) (?=%)")  # "18 %": a line must not break before the "%"


def unbroken_figures(text: str) -> str:
    """A shared sentence as the window wraps it: each "18 %" kept on one line (a
    non-breaking space before the "%"), where a wrapped label put "18" at one line's end and
    "% Guarded" at the next one's start."""
    return _SPLIT_FIGURE.sub("\u00a0", text)


def exposure_text(record: AssessmentRecord) -> str:
    """What the assessment measures: "exposure to the United States" (a format-1 framework:
    the PRC, which its texts name themselves)."""
    return exposure_to(record.supplier, _=translate)


def perspective_text(record: AssessmentRecord) -> str:
    """"inside view (own country)" / "outside-in view (another country)"; "" if not recorded."""
    return perspective_words(record.perspective, _=translate)


def measured_text(record: AssessmentRecord) -> str:
    """"exposure to the United States · outside-in view (another country)": for the window
    title and the banner."""
    return "  ·  ".join(t for t in (exposure_text(record), perspective_text(record)) if t)


def source_kind_words(kinds: tuple[str, ...]) -> str:
    """Which sources can answer an indicator, in the framework's order: "public sources, the
    assessed government's records" ("" for a format-1 indicator, which does not say)."""
    words = {"public": QCoreApplication.translate("SourceKinds", "public sources"),
             "government": QCoreApplication.translate("SourceKinds",
                                                      "the assessed government's records"),
             "specialist": QCoreApplication.translate("SourceKinds", "specialist data")}
    return ", ".join(words.get(kind, kind) for kind in kinds)
