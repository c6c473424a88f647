"""Answer changes as undoable commands. Undo and redo save through the same service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from ..domain.answers import ANSWER_FIELDS, Answer

# (indicator, values to save, the values the answer must still have) -> saved
Apply = Callable[[str, dict[str, Any], dict[str, Any]], bool]
SAVED_FIELDS = ANSWER_FIELDS  # what undo restores: every saved field of an answer


def answer_values(answer: Answer | None, indicator_id: str) -> dict[str, Any]:
    """All saved fields of an answer (an absent answer is 'unanswered')."""
    current = answer or Answer(indicator_id)
    return {name: getattr(current, name) for name in SAVED_FIELDS}


class AnswerCommand(QUndoCommand):
    """One saved answer change. It is pushed after the first save succeeded, so its first
    redo() does nothing; later redo()/undo() save the after/before values again, but only if
    the answer still holds what this command left there: a change made elsewhere since (the
    command line, another window) is never reverted — the save is refused and the command
    leaves the stack."""

    def __init__(self, indicator_id: str, before: dict[str, Any], after: dict[str, Any],
                 text: str, apply: Apply) -> None:
        super().__init__(text)
        self.indicator_id = indicator_id
        self.before = before
        self.after = after
        self._apply = apply
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        if not self._apply(self.indicator_id, self.after, self.before):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self._apply(self.indicator_id, self.before, self.after):
            self.setObsolete(True)


class SavedCommand(QUndoCommand):
    """A saved change of one value (the judgement, the details); undo and redo save again.
    ``apply(value, expected)``: save ``value`` if the stored one is still ``expected`` (those
    that check it refuse a change made elsewhere since, see :class:`AnswerCommand`); False
    when refused, and the command leaves the stack."""

    def __init__(self, before: Any, after: Any, text: str,
                 apply: Callable[[Any, Any], bool]) -> None:
        super().__init__(text)
        self.before, self.after = before, after
        self._apply = apply
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        if not self._apply(self.after, self.before):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self._apply(self.before, self.after):
            self.setObsolete(True)


class JudgementCommand(SavedCommand):
    """The analyst's judgement; ``apply(judgement)`` saves it (the open assessment checks what
    it last saw itself)."""

    def __init__(self, before: Any, after: Any, text: str,
                 apply: Callable[[Any], bool]) -> None:
        super().__init__(before, after, text, lambda value, _expected: apply(value))


DetailsCommand = SavedCommand  # Assessment → Details…: (details, the details expected)
