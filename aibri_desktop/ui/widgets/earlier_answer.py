"""Beside a changed item of a follow-up: what the earlier assessment answered, for reference.

"Before, in aibri 1.1.0 (DS-01): level 1 — <that level's text>". It is only shown; the item
changed, so its answer did not carry over and the analyst answers it afresh.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ...domain.answers import AnswerState
from ..models.earlier_answers import EarlierAnswer
from ..style import box_css, restyle, set_tone

EVIDENCE_SHOWN = 300  # characters of the earlier evidence shown; all of it in the tooltip


class EarlierAnswerBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("earlierAnswerBar")
        restyle(self, lambda t: box_css("QFrame#earlierAnswerBar", t.panel, t, accent="left",
                                        extra="border-radius: 2px; "))
        self.answer_label = QLabel(self)
        self.answer_label.setObjectName("earlierAnswer")
        self.answer_label.setWordWrap(True)
        self.answer_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.evidence_label = QLabel(self)
        self.evidence_label.setWordWrap(True)
        self.evidence_label.setTextFormat(Qt.TextFormat.PlainText)
        self.evidence_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self._changed_note = self.tr("This item changed in this version, so its answer was "
                                     "not carried over: answer it afresh.")
        self.note = QLabel(self._changed_note, self)
        self.note.setWordWrap(True)
        set_tone(self.note, "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addWidget(self.answer_label)
        layout.addWidget(self.evidence_label)
        layout.addWidget(self.note)
        self.hide()

    def show_earlier(self, earlier: EarlierAnswer | None) -> None:
        """The earlier answer of the item shown, or nothing (hidden)."""
        self.setVisible(earlier is not None)
        if earlier is None:
            self.answer_label.clear()
            self.evidence_label.clear()
            return
        self.answer_label.setText(self.tr("Before, in {framework} ({id}): {answer}").format(
            framework=earlier.framework_label, id=earlier.indicator_id,
            answer=self.answer_words(earlier)))
        self.note.setText(self.tr(
            "This item is new in this version: it was split from {id}, which asked two things "
            "at once. The earlier answer covered both; answer this part afresh.").format(
            id=earlier.indicator_id) if earlier.split else self._changed_note)
        evidence = " ".join(earlier.answer.evidence.split())
        self.evidence_label.setText(self.tr("Evidence then: {text}").format(
            text=_short(evidence, EVIDENCE_SHOWN)) if evidence else "")
        self.evidence_label.setToolTip(earlier.answer.evidence)
        self.evidence_label.setVisible(bool(evidence))

    def answer_words(self, earlier: EarlierAnswer) -> str:
        answer = earlier.answer
        if answer.state is AnswerState.ANSWERED and answer.level is not None:
            text = earlier.levels[answer.level] if answer.level < len(earlier.levels) else ""
            return (self.tr("level {n} — {text}").format(n=answer.level, text=text) if text
                    else self.tr("level {n}").format(n=answer.level))
        if answer.state is AnswerState.RANGE:
            return self.tr("between level {low} and level {high}").format(
                low=answer.level_low, high=answer.level_high)
        if answer.state is AnswerState.NOT_APPLICABLE:
            return self.tr("not applicable — {reason}").format(reason=answer.na_reason or "")
        return self.tr("unknown")

    def text(self) -> str:
        """What the bar says (tests, accessibility)."""
        return self.answer_label.text()


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
