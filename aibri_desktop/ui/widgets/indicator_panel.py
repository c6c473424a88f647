"""One indicator, as the analyst answers it: question, guidance, the five described levels,
Unknown, Not applicable with its reason, confidence, evidence, sources and as-of date.

The panel only shows and emits; the questionnaire page turns its signals into saved, undoable
changes. Text fields commit after a short pause and when focus leaves them.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.answers import Answer, AnswerState, Confidence
from ...domain.framework import Dimension, Framework, Indicator

TEXT_PAUSE_MS = 800
UNKNOWN_ID = 5
NA_ID = 6
NO_DATE = QDate(1900, 1, 1)


class _ClickableLabel(QLabel):
    clicked = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit()
        super().mousePressEvent(event)


class IndicatorPanel(QScrollArea):
    state_chosen = Signal(object, object)  # AnswerState, level or None
    confidence_chosen = Signal(object)  # Confidence or None
    text_committed = Signal(str, str)  # field name, text
    text_pending = Signal()
    as_of_chosen = Signal(object)  # date or None
    reviewed_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(self)
        self.setWidget(body)
        self.indicator: Indicator | None = None
        self._committed: dict[str, str] = {}
        self._loading = False

        self.header = QLabel(body)
        self.header.setObjectName("indicatorHeader")
        self.header.setStyleSheet("color: #5f6368;")
        self.header.setWordWrap(True)
        self.question = QLabel(body)
        self.question.setObjectName("indicatorQuestion")
        self.question.setWordWrap(True)
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.question.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.question.setFont(font)
        self.guidance = QLabel(body)
        self.guidance.setWordWrap(True)
        self.guidance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.carried_bar = QFrame(body)
        self.carried_bar.setObjectName("carriedOverBar")
        self.carried_bar.setStyleSheet("QFrame#carriedOverBar { background: #e8f0fe; "
                                       "border-radius: 4px; }")
        self.carried_text = QLabel(self.tr("Carried over from the earlier assessment, not yet "
                                           "reviewed."), self.carried_bar)
        self.carried_text.setWordWrap(True)
        self.reviewed_button = QPushButton(self.tr("Mark reviewed (R)"), self.carried_bar)
        self.reviewed_button.clicked.connect(self.reviewed_requested)
        carried_row = QVBoxLayout(self.carried_bar)
        carried_row.addWidget(self.carried_text)
        carried_row.addWidget(self.reviewed_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.locked_label = QLabel(body)
        self.locked_label.setWordWrap(True)
        self.locked_label.setStyleSheet("background: #fdecea; color: #5f2120; padding: 6px; "
                                        "border-radius: 4px;")
        self.locked_label.hide()

        self.choices = QButtonGroup(self)
        self.choices.setExclusive(True)
        self.level_buttons: list[QRadioButton] = []
        self.level_labels: list[QLabel] = []
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(10)
        for level in range(5):
            button = QRadioButton(str(level), body)
            label = _ClickableLabel(body)
            label.setWordWrap(True)
            label.clicked.connect(button.click)
            self.choices.addButton(button, level)
            self.level_buttons.append(button)
            self.level_labels.append(label)
            grid.addWidget(button, level, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, level, 1)
        self.unknown = QRadioButton(self.tr("Unknown (U)"), body)
        self.unknown.setAccessibleName(self.tr("Unknown: looked into, not known"))
        unknown_note = _ClickableLabel(self.tr("Looked into, not known. It is not filled in: "
                                               "it widens the score's range."), body)
        unknown_note.setWordWrap(True)
        unknown_note.clicked.connect(self.unknown.click)
        self.not_applicable = QRadioButton(self.tr("Not applicable (N)"), body)
        self.not_applicable.setAccessibleName(self.tr("Not applicable; needs a reason"))
        self.na_reason = QLineEdit(body)
        self.na_reason.setPlaceholderText(self.tr("Why does this indicator not apply? "
                                                  "(required)"))
        self.na_reason.setAccessibleName(self.tr("Reason it does not apply"))
        self.na_error = QLabel(body)
        self.na_error.setObjectName("naError")
        self.na_error.setStyleSheet("color: #b3261e;")
        self.na_error.setWordWrap(True)
        self.na_error.hide()
        self.choices.addButton(self.unknown, UNKNOWN_ID)
        self.choices.addButton(self.not_applicable, NA_ID)
        special = QGridLayout()
        special.setColumnStretch(1, 1)
        special.setHorizontalSpacing(10)
        special.addWidget(self.unknown, 0, 0, Qt.AlignmentFlag.AlignTop)
        special.addWidget(unknown_note, 0, 1)
        special.addWidget(self.not_applicable, 1, 0, Qt.AlignmentFlag.AlignTop)
        na_column = QVBoxLayout()
        na_column.addWidget(self.na_reason)
        na_column.addWidget(self.na_error)
        special.addLayout(na_column, 1, 1)
        self.choices.idClicked.connect(self._choice_clicked)

        self.confidence = QComboBox(body)
        self.confidence.setAccessibleName(self.tr("Confidence"))
        self.confidence.addItem(self.tr("Not set"), None)
        self.confidence.addItem(self.tr("High — cited evidence"), Confidence.HIGH)
        self.confidence.addItem(self.tr("Medium"), Confidence.MEDIUM)
        self.confidence.addItem(self.tr("Low"), Confidence.LOW)
        self.confidence.activated.connect(
            lambda _i: self.confidence_chosen.emit(self.confidence.currentData()))
        self.as_of = QDateEdit(body)
        self.as_of.setAccessibleName(self.tr("As-of date of the evidence"))
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setMinimumDate(NO_DATE)
        self.as_of.setSpecialValueText(self.tr("Not set"))
        self.as_of.editingFinished.connect(self._as_of_finished)
        self.evidence = QPlainTextEdit(body)
        self.evidence.setAccessibleName(self.tr("Evidence notes"))
        self.evidence.setTabChangesFocus(True)
        self.sources = QPlainTextEdit(body)
        self.sources.setAccessibleName(self.tr("Sources"))
        self.sources.setTabChangesFocus(True)
        self.sources.setPlaceholderText(self.tr("Documents, links or contacts, one per line"))
        line = self.fontMetrics().lineSpacing()
        self.evidence.setMinimumHeight(line * 5)
        self.evidence.setMaximumHeight(line * 9)
        self.sources.setMinimumHeight(line * 3)
        self.sources.setMaximumHeight(line * 5)
        self.framework_sources = QLabel(body)
        self.framework_sources.setWordWrap(True)
        self.framework_sources.setStyleSheet("color: #5f6368;")
        self.framework_sources.setTextFormat(Qt.TextFormat.PlainText)

        self._timers: dict[str, QTimer] = {}
        for name, widget in (("evidence", self.evidence), ("sources", self.sources),
                             ("na_reason", self.na_reason)):
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(TEXT_PAUSE_MS)
            timer.timeout.connect(lambda n=name: self.commit_text(n))
            self._timers[name] = timer
            widget.installEventFilter(self)
        self.evidence.textChanged.connect(lambda: self._text_edited("evidence"))
        self.sources.textChanged.connect(lambda: self._text_edited("sources"))
        self.na_reason.textEdited.connect(lambda _t: self._text_edited("na_reason"))
        self.na_reason.returnPressed.connect(lambda: self.commit_text("na_reason"))

        details = QGridLayout()
        details.setColumnStretch(1, 1)
        confidence_label = QLabel(self.tr("&Confidence"), body)
        confidence_label.setBuddy(self.confidence)
        as_of_label = QLabel(self.tr("&As of"), body)
        as_of_label.setBuddy(self.as_of)
        evidence_label = QLabel(self.tr("&Evidence"), body)
        evidence_label.setBuddy(self.evidence)
        sources_label = QLabel(self.tr("&Sources"), body)
        sources_label.setBuddy(self.sources)
        details.addWidget(confidence_label, 0, 0)
        details.addWidget(self.confidence, 0, 1, Qt.AlignmentFlag.AlignLeft)
        details.addWidget(as_of_label, 1, 0)
        details.addWidget(self.as_of, 1, 1, Qt.AlignmentFlag.AlignLeft)
        details.addWidget(evidence_label, 2, 0, Qt.AlignmentFlag.AlignTop)
        details.addWidget(self.evidence, 2, 1)
        details.addWidget(sources_label, 3, 0, Qt.AlignmentFlag.AlignTop)
        details.addWidget(self.sources, 3, 1)

        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.header)
        layout.addWidget(self.question)
        layout.addWidget(self.guidance)
        layout.addWidget(self.carried_bar)
        layout.addWidget(self.locked_label)
        layout.addSpacing(6)
        layout.addLayout(grid)
        layout.addLayout(special)
        layout.addSpacing(6)
        layout.addLayout(details)
        layout.addWidget(self.framework_sources)
        layout.addStretch(1)
        QWidget.setTabOrder(self.level_buttons[0], self.unknown)

    # ---- showing ---------------------------------------------------------------------------

    def show_indicator(self, framework: Framework, dimension: Dimension, indicator: Indicator,
                       answer: Answer | None, *, locked_reason: str = "") -> None:
        self.flush()
        self._loading = True
        self.indicator = indicator
        tags = [dimension.name.get(), self.tr("weight {w}").format(w=_weight(indicator))]
        if indicator.critical:
            tags.append(self.tr("critical: level 4 raises a red flag"))
        if indicator.kind == "safeguard":
            tags.append(self.tr("safeguard: the protective answer is level 0"))
        self.header.setText(f"{indicator.id}  ·  " + "  ·  ".join(tags))
        self.question.setText(indicator.question.get())
        self.guidance.setText(indicator.guidance.get())
        for level, (button, label) in enumerate(zip(self.level_buttons, self.level_labels,
                                                     strict=True)):
            text = indicator.levels[level].get()
            label.setText(text)
            button.setAccessibleName(self.tr("Level {n}: {text}").format(n=level, text=text))
            button.setToolTip(text)
        self.evidence.setPlaceholderText(indicator.evidence_prompt.get())
        cited = "; ".join(framework.source(s).citation() for s in indicator.sources)
        self.framework_sources.setText(self.tr("Sources for this indicator: {cited}").format(
            cited=cited))
        self.show_answer(answer)
        self.set_locked(locked_reason)
        self._loading = False

    def show_answer(self, answer: Answer | None) -> None:
        """Put an answer into the widgets without emitting anything."""
        self._loading = True
        state = answer.state if answer else AnswerState.UNANSWERED
        checked: QAbstractButton | None = None
        if state is AnswerState.ANSWERED and answer is not None and answer.level is not None:
            checked = self.level_buttons[answer.level]
        elif state is AnswerState.UNKNOWN:
            checked = self.unknown
        elif state is AnswerState.NOT_APPLICABLE:
            checked = self.not_applicable
        self.choices.setExclusive(False)
        for button in self.choices.buttons():
            button.setChecked(button is checked)
        self.choices.setExclusive(True)
        self._set_text(self.na_reason, (answer.na_reason or "") if answer else "")
        self._set_text(self.evidence, answer.evidence if answer else "")
        self._set_text(self.sources, answer.sources if answer else "")
        self._committed = {"evidence": answer.evidence if answer else "",
                           "sources": answer.sources if answer else "",
                           "na_reason": (answer.na_reason or "") if answer else ""}
        position = self.confidence.findData(answer.confidence if answer else None)
        self.confidence.setCurrentIndex(max(position, 0))
        if answer is not None and answer.as_of is not None:
            self.as_of.setDate(QDate(answer.as_of.year, answer.as_of.month, answer.as_of.day))
        else:
            self.as_of.setDate(NO_DATE)
        self.carried_bar.setVisible(bool(answer and answer.carried_over))
        self.show_na_error("")
        self._loading = False

    def refresh_answer(self, answer: Answer) -> None:
        """The stored answer changed elsewhere while it is shown: show it, keeping the user's
        place. A text field whose stored value did not change is left as it is (the cursor,
        and anything typed in it not yet saved, stay); one whose stored value changed shows
        the stored text."""
        self._loading = True
        keep = {name: self.text_of(name) for name, value in (
            ("evidence", answer.evidence), ("sources", answer.sources),
            ("na_reason", answer.na_reason or "")) if value == self._committed.get(name, "")}
        focused = self.focusWidget()
        self._loading = False
        self.show_answer(answer)
        self._loading = True
        widgets: dict[str, QLineEdit | QPlainTextEdit] = {
            "evidence": self.evidence, "sources": self.sources, "na_reason": self.na_reason}
        for name, text in keep.items():
            if text != self.text_of(name):
                self._set_text(widgets[name], text)
        self._loading = False
        if focused is not None and focused is not self.focusWidget():
            focused.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_choice(self, state: AnswerState, level: int | None) -> None:
        """Check the choice a key stands for, without emitting anything."""
        button: QAbstractButton | None = None
        if state is AnswerState.NOT_APPLICABLE:
            button = self.not_applicable
        elif state is AnswerState.UNKNOWN:
            button = self.unknown
        elif level is not None:
            button = self.level_buttons[level]
        if button is not None:
            self._loading = True
            button.setChecked(True)
            self._loading = False

    def chosen_state(self) -> AnswerState:
        """The choice checked on screen (it may not be saved yet: N/A waits for a reason)."""
        if self.not_applicable.isChecked():
            return AnswerState.NOT_APPLICABLE
        if self.unknown.isChecked():
            return AnswerState.UNKNOWN
        if any(b.isChecked() for b in self.level_buttons):
            return AnswerState.ANSWERED
        return AnswerState.UNANSWERED

    def na_reason_text(self) -> str:
        return self.na_reason.text()

    def ask_na_reason(self, message: str) -> None:
        """"Not applicable" was chosen without a reason: say so and put the cursor there."""
        self.show_na_error(message)
        self.na_reason.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_carried_over(self, carried_over: bool) -> None:
        self.carried_bar.setVisible(carried_over)

    def set_locked(self, reason: str) -> None:
        self.locked_label.setText(reason)
        self.locked_label.setVisible(bool(reason))
        for widget in (*self.choices.buttons(), self.confidence, self.as_of,
                       self.reviewed_button, self.na_reason):
            widget.setEnabled(not reason)
        self.evidence.setReadOnly(bool(reason))
        self.sources.setReadOnly(bool(reason))

    def show_na_error(self, text: str) -> None:
        self.na_error.setText(text)
        self.na_error.setVisible(bool(text))

    # ---- committing ------------------------------------------------------------------------

    def text_of(self, name: str) -> str:
        if name == "evidence":
            return self.evidence.toPlainText()
        if name == "sources":
            return self.sources.toPlainText()
        return self.na_reason.text()

    def pending(self) -> bool:
        return any(self.text_of(n) != self._committed.get(n, "") for n in self._timers)

    def flush(self) -> None:
        """Commit every text field that changed (before leaving the indicator)."""
        if self.indicator is None or self._loading:
            return
        for name in self._timers:
            self.commit_text(name)

    def commit_text(self, name: str) -> None:
        self._timers[name].stop()
        text = self.text_of(name)
        if self._loading or self.indicator is None or text == self._committed.get(name, ""):
            return
        self._committed[name] = text
        self.text_committed.emit(name, text)

    def _text_edited(self, name: str) -> None:
        if self._loading:
            return
        self._timers[name].start()
        self.text_pending.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            for name, widget in (("evidence", self.evidence), ("sources", self.sources),
                                 ("na_reason", self.na_reason)):
                if watched is widget:
                    self.commit_text(name)
        return super().eventFilter(watched, event)

    def _choice_clicked(self, button_id: int) -> None:
        if self._loading:
            return
        if button_id == UNKNOWN_ID:
            self.state_chosen.emit(AnswerState.UNKNOWN, None)
        elif button_id == NA_ID:
            self.state_chosen.emit(AnswerState.NOT_APPLICABLE, None)
        else:
            self.state_chosen.emit(AnswerState.ANSWERED, button_id)

    def _as_of_finished(self) -> None:
        if self._loading:
            return
        value = self.as_of.date()
        self.as_of_chosen.emit(None if value == NO_DATE else
                               date(value.year(), value.month(), value.day()))

    @staticmethod
    def _set_text(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
        widget.blockSignals(True)
        if isinstance(widget, QLineEdit):
            widget.setText(text)
        else:
            widget.setPlainText(text)
        widget.blockSignals(False)


def _weight(indicator: Indicator) -> str:
    w = indicator.weight
    return str(w.numerator) if w.denominator == 1 else f"{float(w):g}"
