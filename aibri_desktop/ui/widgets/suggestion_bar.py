"""Beside an indicator: "Suggested from public data", with the facts behind it, their lists'
status, dates and sources, and Accept / Narrow / Reject.

Nothing is filled in until the analyst presses Accept (the answer is then saved like any
other, and can be undone) or Narrow (the suggested range is put in the range picker, to edit
before it is saved). Before the ministry's approver has accepted the dataset, Accept and
Narrow are off and the bar says why.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...domain.reference import Offered
from ..style import box_css, restyle, set_tone


class SuggestionBar(QFrame):
    accept_requested = Signal(str)  # indicator id
    narrow_requested = Signal(str, int, int)  # indicator id, low, high
    reject_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionBar")
        restyle(self, lambda t: box_css("QFrame#suggestionBar", t.info_panel, t, accent="left",
                                        extra="border-radius: 2px; "))
        self._offer: Offered | None = None
        self.title = QLabel(self)
        self.title.setObjectName("suggestionTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.facts = QLabel(self)
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        set_tone(self.note, "quiet")
        self.accept_button = QPushButton(self.tr("Accept"), self)
        self.accept_button.setAccessibleName(self.tr("Accept the suggested answer"))
        self.accept_button.setToolTip(self.tr("Save this answer with the facts as evidence, "
                                              "their sources and date (can be undone)"))
        self.narrow_button = QPushButton(self.tr("Narrow…"), self)
        self.narrow_button.setAccessibleName(self.tr("Narrow the suggested range"))
        self.narrow_button.setToolTip(self.tr("Put the suggested range in the range picker to "
                                              "narrow it before saving"))
        self.reject_button = QPushButton(self.tr("Reject"), self)
        self.reject_button.setAccessibleName(self.tr("Reject the suggestion"))
        self.reject_button.setToolTip(self.tr("Not offered again while the dataset is the "
                                              "same"))
        self.accept_button.clicked.connect(self._accept)
        self.narrow_button.clicked.connect(self._narrow)
        self.reject_button.clicked.connect(self._reject)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 2, 0, 0)
        for button in (self.accept_button, self.narrow_button, self.reject_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.hide()

    def show_offer(self, offer: Offered | None, levels: tuple[str, ...], *, approved: bool,
                   locked: bool) -> None:
        """The suggestion for the indicator shown (hidden when there is none, or once it was
        accepted or rejected and nothing newer came)."""
        self._offer = offer
        for button in (self.accept_button, self.narrow_button, self.reject_button):
            button.setVisible(True)
        shown = offer is not None and (offer.status == "new" or offer.newer_data)
        self.setVisible(shown)
        if offer is None or not shown:
            return
        suggestion = offer.suggestion
        if suggestion.level is not None:
            text = levels[suggestion.level] if suggestion.level < len(levels) else ""
            answer = self.tr("level {n} — {text}").format(n=suggestion.level, text=text)
        else:
            answer = self.tr("between level {low} and level {high}").format(
                low=suggestion.low, high=suggestion.high)
        self.title.setText(self.tr("Suggested from public data: {answer}").format(
            answer=answer))
        lines, cited = [], []
        for (reference, fact), stale in zip(suggestion.facts, suggestion.stale, strict=True):
            status = (self.tr("verified list") if reference.status == "verified"
                      else self.tr("reconstructed list"))
            line = self.tr("{list}: {value}, as of {date} ({status})").format(
                list=reference.name.get(), value=str(fact.value).replace("_", " "),
                date=fact.as_of, status=status)
            if stale:
                line += " " + self.tr("— stale: older than {n} months").format(
                    n=reference.max_age_months)
            lines.append("• " + line)
            cited.append(reference.source.citation())
        self.facts.setText("\n".join(lines))
        self.facts.setToolTip(self.tr("Sources: {sources}").format(
            sources="\n".join(dict.fromkeys(cited))))
        note = suggestion.rationale.get()
        if offer.newer_data:
            note = self.tr("Newer reference data exists for this accepted answer. ") + note
        if not approved:
            note = self.tr("The reference data is not approved yet: the ministry's approver "
                           "accepts it in Settings → Reference data or with “aibri reference "
                           "approve”. ") + note
        self.note.setText(note)
        usable = approved and not locked and offer.status == "new"
        self.accept_button.setEnabled(usable)
        self.narrow_button.setEnabled(usable and suggestion.level is None)
        self.reject_button.setEnabled(not locked and offer.status == "new")

    def show_gap(self, text: str) -> None:
        """No suggestion because the only data is about another supplier state: say so."""
        self._offer = None
        self.setVisible(True)
        self.title.setText(text)
        self.facts.setText("")
        self.note.setText("")
        for button in (self.accept_button, self.narrow_button, self.reject_button):
            button.setVisible(False)

    def text(self) -> str:
        return self.title.text()

    def _accept(self) -> None:
        if self._offer is not None:
            self.accept_requested.emit(self._offer.suggestion.indicator)

    def _narrow(self) -> None:
        if self._offer is not None:
            s = self._offer.suggestion
            self.narrow_requested.emit(s.indicator, s.low, s.high)

    def _reject(self) -> None:
        if self._offer is not None:
            self.reject_requested.emit(self._offer.suggestion.indicator)
