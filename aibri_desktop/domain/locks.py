"""Why an assessment cannot change: the one home of the lock rule and of its sentences.

A draft is editable. A final assessment is signed off: its answers and judgement are locked
and a follow-up is how they change. An archived one is locked. A deleted one must be restored
before anything is done with it: answered, signed off, written as a brief or exported.

Sentences are translated with the caller's ``_`` (see :mod:`.translate`).
"""

from __future__ import annotations

from typing import Literal

from .translate import Translate, untranslated

DRAFT, FINAL, ARCHIVED = "draft", "final", "archived"
STATUSES = (DRAFT, FINAL, ARCHIVED)

# What the user wants to do with the assessment:
#   answers  change its answers or judgement (locked unless an undeleted draft)
#   status   mark it final or archive it        (refused only when deleted)
#   brief    write its brief                    (refused only when deleted)
#   export   export it to a file                (refused only when deleted)
#   details  change its title, date, marking... (locked unless an undeleted draft)
Action = Literal["answers", "status", "brief", "export", "details"]


def is_locked(status: str, deleted: bool) -> bool:
    """Whether the answers of an assessment in this state cannot change."""
    return deleted or status != DRAFT


def lock_reason(status: str, deleted: bool, title: str | None = None, *,
                action: Action = "answers", _: Translate = untranslated) -> str:
    """Why the assessment cannot be changed as ``action`` says, in one sentence; "" when it
    can (an undeleted draft, or any undeleted assessment for the other actions).

    With ``title`` the sentence names the assessment (“Title” is final…), for a message that
    may be read away from it; without, it says "This assessment" (a banner on its own page).
    """
    if deleted:
        return _deleted(title, action, _)
    if action == "details":
        return _details_locked(status, title, _)
    if action != "answers":
        return ""
    if status == FINAL:
        return (_("“{title}” is final and its answers are locked; duplicate it as a follow-up "
                  "to change them.").format(title=title) if title is not None else
                _("This assessment is final and its answers are locked; duplicate it as a "
                  "follow-up to change them."))
    if status == ARCHIVED:
        return (_("“{title}” is archived and its answers are locked.").format(title=title)
                if title is not None else
                _("This assessment is archived and its answers are locked."))
    return ""


def _details_locked(status: str, title: str | None, _: Translate) -> str:
    name = (_("“{title}”").format(title=title) if title is not None
            else _("This assessment"))
    if status == FINAL:
        return _("{name} is final: nothing of it can change; duplicate it as a follow-up to "
                 "change it.").format(name=name)
    if status == ARCHIVED:
        return _("{name} is archived: nothing of it can change.").format(name=name)
    return ""


def _deleted(title: str | None, action: Action, _: Translate) -> str:
    if title is None:
        return {
            "details": _("This assessment is deleted; restore it before changing its "
                         "details."),
            "answers": _("This assessment is deleted; restore it before changing answers."),
            "status": _("This assessment is deleted; restore it first."),
            "brief": _("This assessment is deleted; restore it first to write its brief."),
            "export": _("This assessment is deleted; restore it first to export it."),
        }[action]
    return {
        "details": _("“{title}” is deleted; restore it before changing its details."),
        "answers": _("“{title}” is deleted; restore it before changing answers."),
        "status": _("“{title}” is deleted; restore it first."),
        "brief": _("“{title}” is deleted; restore it first to write its brief."),
        "export": _("“{title}” is deleted; restore it first to export it."),
    }[action].format(title=title)


def status_word(status: str, *, _: Translate = untranslated) -> str:
    """A lifecycle status as a word in a sentence ("final"); an unknown one as it is."""
    words = {DRAFT: _("draft"), FINAL: _("final"), ARCHIVED: _("archived")}
    return words.get(status, status)


def transition_refusal(title: str, status: str, wanted: str, *,
                       _: Translate = untranslated) -> str:
    """Why an assessment with ``status`` cannot become ``wanted`` (an archived one cannot be
    marked final)."""
    return _("“{title}” is {status} and cannot become {wanted}.").format(
        title=title, status=status_word(status, _=_), wanted=status_word(wanted, _=_))
