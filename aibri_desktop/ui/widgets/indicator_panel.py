"""One indicator, as the analyst answers it: question, guidance, the five described levels,
Between two levels (a range), Unknown, Not applicable with its reason, confidence, evidence,
sources and as-of date.

A range is chosen with "Between…" and its two level pickers, or by keys: B, then the lower
and the higher level (the questionnaire page feeds the digits in). It is emitted only once
both levels make a range the rules allow (lower < higher, not 0–4); until then the panel says
what is missing. An unknown or a range carries no confidence: the control is cleared and
disabled while either is chosen.

A format-2 indicator also says which sources can answer it (public sources, the assessed
government's records, specialist data); in a follow-up carried to a newer framework version,
an item that changed shows the earlier answer beside it, for reference.

The panel only shows and emits; the questionnaire page turns its signals into saved, undoable
changes. Text fields commit after a short pause and when focus leaves them.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ...domain.answers import NO_CONFIDENCE, Answer, AnswerState, Confidence
from ...domain.framework import Dimension, Framework, Indicator
from ...domain.reference import Offered
from ..models.earlier_answers import EarlierAnswer
from ..style import box_css, restyle, set_tone
from ..words import source_kind_words
from .date_field import DateField
from .earlier_answer import EarlierAnswerBar
from .elided_combo import ElidedComboBox
from .sources_editor import SourcesEditor
from .suggestion_bar import SuggestionBar

TEXT_PAUSE_MS = 800
UNKNOWN_ID = 5
NA_ID = 6
RANGE_ID = 7
LEVEL_KEYS = frozenset({Qt.Key.Key_0, Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4})
NO_DATE = QDate(1900, 1, 1)
NBSP = "\u00a0"
RANGE_ROW = 6  # the choices' grid: levels 0–4, Between, its pickers, its message, U, N/A
# a radio button as wide as its text (what a click hits), at the top of its row
CHOICE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
PICKER_CHARACTERS = 30  # the pickers stay under the description while they show this much


class _ClickableLabel(QLabel):
    clicked = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit()
        super().mousePressEvent(event)


class _LevelPicker(ElidedComboBox):
    """One end of a range: its shown text is elided to its width ("2 — Transfer
    conditions…"), the whole text on hovering; the list shows the texts in full."""


class IndicatorPanel(QScrollArea):
    state_chosen = Signal(object, object)  # AnswerState, level, (low, high) of a range or None
    range_pending = Signal(str)  # "Between" is chosen but not savable yet: why, for the user
    confidence_chosen = Signal(object)  # Confidence or None
    text_committed = Signal(str, str)  # field name, text
    text_pending = Signal()
    as_of_chosen = Signal(object)  # date or None
    reviewed_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # never sideways: the panel asks for the width its body needs at the least, and the
        # range's pickers move under the choices when the column beside them is narrow
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # a Tab stop of its own: from here the arrow keys scroll what does not fit
        self.setAccessibleName(self.tr("Indicator"))
        body = self._body = QWidget(self)
        self.setWidget(body)
        self.indicator: Indicator | None = None
        self._committed: dict[str, str] = {}
        self._loading = False
        self._locked = False
        self._range_entry = False  # "Between" chosen, its two levels not both given yet
        self._as_of_shown: date | None = None  # the shown answer's as-of date

        self.header = QLabel(body)
        self.header.setObjectName("indicatorHeader")
        set_tone(self.header, "muted")
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
        self.answerable = QLabel(body)
        self.answerable.setObjectName("answerableFrom")
        self.answerable.setWordWrap(True)
        set_tone(self.answerable, "quiet")
        self.answerable.hide()
        self.earlier = EarlierAnswerBar(body)
        self.suggestion = SuggestionBar(body)

        self.carried_bar = QFrame(body)
        self.carried_bar.setObjectName("carriedOverBar")
        restyle(self.carried_bar, lambda t: box_css("QFrame#carriedOverBar", t.info_panel, t,
                                                    extra="border-radius: 4px; "))
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
        restyle(self.locked_label, lambda t: box_css("QLabel", t.error_panel, t,
                                                     extra="padding: 6px; border-radius: 4px; "))
        self.locked_label.hide()

        self.choices = QButtonGroup(self)
        self.choices.setExclusive(True)
        self.level_buttons: list[QRadioButton] = []
        self.level_labels: list[QLabel] = []
        # every choice on a row of one grid: the descriptions of the levels and of Between,
        # Unknown and Not applicable start in the same column
        grid = self._choices_grid = QGridLayout()
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
            grid.addWidget(button, level, 0, CHOICE)
            grid.addWidget(label, level, 1)
        self.between = QRadioButton(self.tr("Between… (B)"), body)
        self.between.setAccessibleName(self.tr("Between two levels: known in part"))
        self.between.setToolTip(self.tr("B, then the lower and the higher level: B, 2, 4 "
                                        "answers “between level 2 and level 4”."))
        between_note = _ClickableLabel(self.tr("Known in part: the evidence narrows it down "
                                               "to two levels. It counts at its middle and "
                                               "widens the score's range."), body)
        between_note.setWordWrap(True)
        between_note.clicked.connect(self.between.click)
        self.range_low = self._level_picker(self.tr("Range from level"), body)
        self.range_high = self._level_picker(self.tr("Range to level"), body)
        low_label = QLabel(self.tr("from level"), body)
        low_label.setBuddy(self.range_low)
        high_label = QLabel(self.tr("to level"), body)
        high_label.setBuddy(self.range_high)
        self.range_row = QWidget(body)
        range_layout = QGridLayout(self.range_row)  # one end a row: it fits a narrow panel
        range_layout.setContentsMargins(0, 0, 0, 0)
        self._range_layout = range_layout
        self._range_wide: bool | None = None  # the pickers under the description, or across
        range_layout.setColumnStretch(1, 1)
        range_layout.addWidget(low_label, 0, 0)
        range_layout.addWidget(self.range_low, 0, 1)
        range_layout.addWidget(high_label, 1, 0)
        range_layout.addWidget(self.range_high, 1, 1)
        self.range_row.hide()
        self.range_message = QLabel(body)
        self.range_message.setObjectName("rangeMessage")
        self.range_message.setWordWrap(True)
        self.range_message.hide()
        self.between.toggled.connect(self._between_toggled)
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
        self.na_reason.setToolTip(self.na_reason.placeholderText())  # elided when narrow
        self.na_error = QLabel(body)
        self.na_error.setObjectName("naError")
        set_tone(self.na_error, "error")
        self.na_error.setWordWrap(True)
        self.na_error.hide()
        self.choices.addButton(self.between, RANGE_ID)
        self.choices.addButton(self.unknown, UNKNOWN_ID)
        self.choices.addButton(self.not_applicable, NA_ID)
        grid.addWidget(self.between, RANGE_ROW - 1, 0, CHOICE)
        grid.addWidget(between_note, RANGE_ROW - 1, 1)
        self._place_range(wide=True)  # the pickers: see _place_range
        grid.addWidget(self.range_message, RANGE_ROW + 1, 1)
        grid.addWidget(self.unknown, RANGE_ROW + 2, 0, CHOICE)
        grid.addWidget(unknown_note, RANGE_ROW + 2, 1)
        grid.addWidget(self.not_applicable, RANGE_ROW + 3, 0, CHOICE)
        na_column = QVBoxLayout()
        na_column.addWidget(self.na_reason)
        na_column.addWidget(self.na_error)
        grid.addLayout(na_column, RANGE_ROW + 3, 1)
        self.choices.idClicked.connect(self._choice_clicked)
        self.choices.idToggled.connect(lambda _id, _on: self._sync_confidence())
        self.choices.idToggled.connect(lambda _id, on: self._tab_to_choice() if on else None)

        self.confidence = QComboBox(body)
        self.confidence.setAccessibleName(self.tr("Confidence"))
        self.confidence.addItem(self.tr("Not set"), None)
        self.confidence.addItem(self.tr("High — cited evidence"), Confidence.HIGH)
        self.confidence.addItem(self.tr("Medium"), Confidence.MEDIUM)
        self.confidence.addItem(self.tr("Low"), Confidence.LOW)
        self.confidence.activated.connect(
            lambda _i: self.confidence_chosen.emit(self.confidence.currentData()))
        self.as_of = DateField(body)
        self.as_of.setAccessibleName(self.tr("As-of date of the evidence"))
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setMinimumDate(NO_DATE)
        self.as_of.setSpecialValueText(self.tr("Not set"))
        self.as_of.setToolTip(self.tr("The date the evidence holds for. Up and Down change the "
                                      "part under the cursor; delete the date to leave it "
                                      "not set."))
        self.as_of.editingFinished.connect(self._as_of_finished)
        self.evidence = QPlainTextEdit(body)
        self.evidence.setAccessibleName(self.tr("Evidence notes"))
        self.evidence.setTabChangesFocus(True)
        self.sources = SourcesEditor(body)
        self.sources.changed.connect(lambda: self.commit_text("sources"))
        line = self.fontMetrics().lineSpacing()
        self.evidence.setMinimumHeight(line * 5)
        self.evidence.setMaximumHeight(line * 9)
        self.sources.setMinimumHeight(line * 4)
        self.sources.setMaximumHeight(line * 7)
        self.framework_sources = QLabel(body)
        self.framework_sources.setWordWrap(True)
        set_tone(self.framework_sources, "muted")
        self.framework_sources.setTextFormat(Qt.TextFormat.PlainText)

        self._timers: dict[str, QTimer] = {}
        for name, widget in (("evidence", self.evidence), ("na_reason", self.na_reason)):
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(TEXT_PAUSE_MS)
            timer.timeout.connect(lambda n=name: self.commit_text(n))
            self._timers[name] = timer
            widget.installEventFilter(self)
        self.evidence.textChanged.connect(lambda: self._text_edited("evidence"))
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
        layout.addWidget(self.answerable)
        layout.addWidget(self.earlier)
        layout.addWidget(self.suggestion)
        layout.addWidget(self.carried_bar)
        layout.addWidget(self.locked_label)
        layout.addSpacing(6)
        layout.addLayout(grid)
        layout.addSpacing(6)
        layout.addLayout(details)
        layout.addWidget(self.framework_sources)
        layout.addStretch(1)
        QWidget.setTabOrder(self.level_buttons[0], self.between)
        QWidget.setTabOrder(self.between, self.range_low)
        QWidget.setTabOrder(self.range_low, self.range_high)
        QWidget.setTabOrder(self.range_high, self.unknown)

    def _level_picker(self, name: str, parent: QWidget) -> QComboBox:
        """One end of a range: the levels 0–4 with their texts (filled per indicator)."""
        picker = _LevelPicker(parent)
        picker.setAccessibleName(name)
        picker.setPlaceholderText(self.tr("choose…"))
        picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        picker.setMinimumContentsLength(8)
        picker.activated.connect(lambda _i: self._range_edited())
        picker.installEventFilter(self)  # a digit typed there picks that level (eventFilter)
        return picker

    def _place_range(self, *, wide: bool) -> None:
        """The range's pickers under the Between description, in the descriptions' column
        (``wide``), or across both columns of the choices, lined up with the choices' text:
        beside the column of the radio buttons a 150 % font left them "2 — A regu…"."""
        if wide == self._range_wide:
            return
        self._range_wide = wide
        grid = self._choices_grid
        grid.removeWidget(self.range_row)
        if wide:
            self._range_layout.setContentsMargins(0, 0, 0, 0)
            grid.addWidget(self.range_row, RANGE_ROW, 1)
        else:
            style = self.between.style()
            indent = style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, None,
                                       self.between) + style.pixelMetric(
                QStyle.PixelMetric.PM_RadioButtonLabelSpacing, None, self.between)
            self._range_layout.setContentsMargins(indent, 0, 0, 0)
            grid.addWidget(self.range_row, RANGE_ROW, 0, 1, 2)
        self.updateGeometry()  # another least width

    def _fit_range(self) -> None:
        """Choose where the pickers go for the width the panel has now."""
        layout = self._body.layout()
        if layout is None:  # still being built
            return
        margins = layout.contentsMargins()
        column = max(button.sizeHint().width() for button in self.choices.buttons())
        room = (self.viewport().width() - margins.left() - margins.right() - column
                - max(self._choices_grid.horizontalSpacing(), 0))
        metrics = self.range_low.fontMetrics()
        wanted = (self.range_row.minimumSizeHint().width()
                  + metrics.averageCharWidth() * PICKER_CHARACTERS)
        self._place_range(wide=room >= wanted)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_range()

    def minimumSizeHint(self) -> QSize:
        """As narrow as the body can be, with the vertical scroll bar beside it: never a
        horizontal one."""
        hint = super().minimumSizeHint()
        bar = self.verticalScrollBar().sizeHint().width()
        frame = 2 * self.frameWidth()
        return QSize(max(hint.width(), self._body.minimumSizeHint().width() + bar + frame),
                     hint.height())

    # ---- showing ---------------------------------------------------------------------------

    def show_indicator(self, framework: Framework, dimension: Dimension, indicator: Indicator,
                       answer: Answer | None, *, locked_reason: str = "",
                       earlier: EarlierAnswer | None = None) -> None:
        self.flush()
        self._loading = True
        self.indicator = indicator
        weight = self.tr("weight {w}").format(w=_weight(indicator))
        tags = [dimension.name.get(), weight.replace(" ", NBSP)]  # "weight 2" on one line
        if indicator.short_title is not None:
            tags.insert(0, indicator.short_title.get())
        if indicator.critical:
            tags.append(self.tr("critical: level 4 raises a red flag"))
        if indicator.kind == "safeguard":
            tags.append(self.tr("safeguard: the protective answer is level 0"))
        self.header.setText(f"{indicator.id}  ·  " + "  ·  ".join(tags))
        self.question.setText(indicator.question.get())
        self.setAccessibleName(self.tr("Indicator {id}").format(id=indicator.id))
        self.setAccessibleDescription(indicator.question.get())
        self.guidance.setText(indicator.guidance.get())
        self._show_answerable(indicator)
        self.earlier.show_earlier(earlier)
        for level, (button, label) in enumerate(zip(self.level_buttons, self.level_labels,
                                                     strict=True)):
            text = indicator.levels[level].get()
            label.setText(text)
            button.setAccessibleName(self.tr("Level {n}: {text}").format(n=level, text=text))
            button.setToolTip(text)
        for picker in (self.range_low, self.range_high):
            picker.clear()
            for level in range(5):
                text = indicator.levels[level].get()
                picker.addItem(self.tr("{n} — {text}").format(n=level, text=_short(text, 60)),
                               level)
                picker.setItemData(level, text, Qt.ItemDataRole.ToolTipRole)
            picker.setCurrentIndex(-1)
        self.evidence.setPlaceholderText(indicator.evidence_prompt.get())
        cited = "; ".join(framework.source(s).citation() for s in indicator.sources)
        self.framework_sources.setText(self.tr("Sources for this indicator: {cited}").format(
            cited=cited))
        self.show_answer(answer)
        self.set_locked(locked_reason)
        self._loading = False

    def _show_answerable(self, indicator: Indicator) -> None:
        """Which sources can answer it; a format-1 indicator does not say."""
        self.answerable.setVisible(bool(indicator.answerable_from))
        if not indicator.answerable_from:
            return
        self.answerable.setText(self.tr("Answerable from: {sources}").format(
            sources=source_kind_words(indicator.answerable_from)))
        self.answerable.setToolTip("" if indicator.answerable_from_public_sources else self.tr(
            "Public sources cannot answer this indicator: from outside the assessed "
            "government, ask for the evidence."))

    def show_earlier(self, earlier: EarlierAnswer | None) -> None:
        """The earlier answer of the item shown (a follow-up on a newer version), or none."""
        self.earlier.show_earlier(earlier)

    def show_answer(self, answer: Answer | None) -> None:
        """Put an answer into the widgets without emitting anything."""
        self._loading = True
        state = answer.state if answer else AnswerState.UNANSWERED
        checked: QAbstractButton | None = None
        if state is AnswerState.ANSWERED and answer is not None and answer.level is not None:
            checked = self.level_buttons[answer.level]
        elif state is AnswerState.RANGE:
            checked = self.between
        elif state is AnswerState.UNKNOWN:
            checked = self.unknown
        elif state is AnswerState.NOT_APPLICABLE:
            checked = self.not_applicable
        self.choices.setExclusive(False)
        for button in self.choices.buttons():
            button.setChecked(button is checked)
        self.choices.setExclusive(True)
        self._tab_to_choice()
        self._range_entry = False
        if state is AnswerState.RANGE and answer is not None:
            self._show_range(answer.level_low, answer.level_high)
        else:
            self._show_range(None, None)
        self._show_range_message("")
        self._set_text(self.na_reason, (answer.na_reason or "") if answer else "")
        self._set_text(self.evidence, answer.evidence if answer else "")
        self.sources.set_text(answer.sources if answer else "")
        self._committed = {"evidence": answer.evidence if answer else "",
                           "sources": answer.sources if answer else "",
                           "na_reason": (answer.na_reason or "") if answer else ""}
        self.show_confidence(answer.confidence if answer else None)
        if answer is not None and answer.as_of is not None:
            self.as_of.setDate(QDate(answer.as_of.year, answer.as_of.month, answer.as_of.day))
        else:
            self.as_of.setDate(NO_DATE)
        self._as_of_shown = answer.as_of if answer is not None else None
        self.carried_bar.setVisible(bool(answer and answer.carried_over))
        self.show_na_error("")
        self._loading = False

    def show_suggestion(self, offer: Offered | None, *, approved: bool, gap: str = "") -> None:
        """What public data suggests for the indicator shown (hidden when nothing); ``gap``:
        why there is none although the item has data for another supplier state."""
        levels = tuple(t.get() for t in self.indicator.levels) if self.indicator else ()
        self.suggestion.show_offer(offer, levels, approved=approved, locked=self._locked)
        if offer is None and gap:
            self.suggestion.show_gap(gap)

    def edit_range(self) -> None:
        """Put the keyboard on the range's lower end (after a suggested range was accepted,
        to narrow it)."""
        self.range_low.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh_answer(self, answer: Answer) -> None:
        """The stored answer changed elsewhere while it is shown: show it, keeping the user's
        place. A text field whose stored value did not change is left as it is (the cursor,
        and anything typed in it not yet saved, stay); one whose stored value changed shows
        the stored text."""
        self._loading = True
        keep = {name: self.text_of(name) for name, value in (
            ("evidence", answer.evidence), ("na_reason", answer.na_reason or ""))
            if value == self._committed.get(name, "")}
        focused = self.focusWidget()
        self._loading = False
        self.show_answer(answer)
        self._loading = True
        widgets: dict[str, QLineEdit | QPlainTextEdit] = {
            "evidence": self.evidence, "na_reason": self.na_reason}
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
        """The choice checked on screen (it may not be saved yet: N/A waits for a reason, a
        range for its two levels)."""
        if self.not_applicable.isChecked():
            return AnswerState.NOT_APPLICABLE
        if self.unknown.isChecked():
            return AnswerState.UNKNOWN
        if self.between.isChecked():
            return AnswerState.RANGE
        if any(b.isChecked() for b in self.level_buttons):
            return AnswerState.ANSWERED
        return AnswerState.UNANSWERED

    def show_confidence(self, confidence: Confidence | None) -> None:
        """The saved confidence (none for an unknown or a range), without emitting."""
        position = self.confidence.findData(confidence)
        self.confidence.setCurrentIndex(max(position, 0))
        self._sync_confidence()

    def chosen_range(self) -> tuple[int | None, int | None]:
        """The two levels the range pickers show (None: not chosen yet)."""
        low, high = self.range_low.currentData(), self.range_high.currentData()
        return (low if isinstance(low, int) else None, high if isinstance(high, int) else None)

    # ---- a range by keys: B, then two digits -----------------------------------------------

    def start_range_entry(self) -> None:
        """"Between" is chosen (B, or a click): the next two levels given are its ends."""
        self._loading = True
        self.between.setChecked(True)
        self._loading = False
        self._show_range(None, None)
        self._range_entry = True
        self._range_edited()
        # the pickers may be below the fold (a large font): bring them and the message in,
        # once the layout has made room for them
        QTimer.singleShot(0, lambda: self.ensureWidgetVisible(self.range_message, 0, 8))

    def range_entry_active(self) -> bool:
        return self._range_entry and self.between.isChecked()

    def range_digit(self, level: int) -> None:
        """A level key while a range is being entered: the lower end first, then the higher."""
        low, high = self.chosen_range()
        if low is None:
            self._show_range(level, high)
        else:
            self._show_range(low, level)
        self._range_edited()

    def range_problem(self, low: int, high: int) -> str:
        """Why two levels are not a range (docs/scoring.md, "range"), or ""."""
        if low >= high:
            return self.tr("“From” must be a lower level than “to”. For one level, choose "
                           "that level.")
        if (low, high) == (0, 4):
            return self.tr("0–4 says nothing: choose Unknown (U).")
        return ""

    def _range_edited(self) -> None:
        """A range's levels changed on screen: emit it once it is one the rules allow, else
        say what is missing or wrong."""
        low, high = self.chosen_range()
        if low is None or high is None:
            self._range_entry = True
            self._show_range_message(
                self.tr("Type or choose the lower level, then the higher one "
                        "(B, 2, 4: between level 2 and level 4).") if low is None else
                self.tr("Now the higher level."))
            self.range_pending.emit(self.tr("Not saved yet: a range needs two levels."))
            return
        self._range_entry = False
        problem = self.range_problem(low, high)
        if problem:
            self._show_range_message(problem, error=True)
            self.range_pending.emit(self.tr("Not saved: {why}").format(why=problem))
            return
        self._show_range_message("")
        if not self._loading:
            self.state_chosen.emit(AnswerState.RANGE, (low, high))

    def _show_range(self, low: int | None, high: int | None) -> None:
        for picker, level in ((self.range_low, low), (self.range_high, high)):
            picker.setCurrentIndex(-1 if level is None else picker.findData(level))

    def _show_range_message(self, text: str, *, error: bool = False) -> None:
        self.range_message.setText(text)
        set_tone(self.range_message, "error" if error else "muted")
        self.range_message.setVisible(bool(text))

    def _between_toggled(self, checked: bool) -> None:
        self.range_row.setVisible(checked)
        if not checked:  # another choice: a range half typed in is dropped
            self._range_entry = False
            self._show_range(None, None)
            self._show_range_message("")

    def _tab_to_choice(self) -> None:
        """Tab reaches the choices at the one checked (the first level while none is), so a
        screen reader says the answer; the arrow keys move between the choices. Qt's own
        radio buttons do so only once one of them has had the focus."""
        checked = next((b for b in self.choices.buttons() if b.isChecked()),
                       self.level_buttons[0])
        tab = Qt.FocusPolicy.TabFocus
        for button in self.choices.buttons():
            policy = button.focusPolicy()
            button.setFocusPolicy(policy | tab if button is checked else policy & ~tab)

    def _sync_confidence(self) -> None:
        """An unknown or a range carries no confidence: while one is chosen the control shows
        none and cannot be changed, and says why."""
        state = self.chosen_state()
        barred = state.value in NO_CONFIDENCE
        if barred:
            self.confidence.setCurrentIndex(0)
        self.confidence.setEnabled(not self._locked and not barred)
        self.confidence.setToolTip(
            self.tr("An unknown has no level to be sure of, so it carries no confidence.")
            if state is AnswerState.UNKNOWN else
            self.tr("A range already says how sure you are, so it carries no confidence.")
            if state is AnswerState.RANGE else "")

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
        self._locked = bool(reason)
        for widget in (*self.choices.buttons(), self.as_of, self.reviewed_button,
                       self.na_reason, self.range_low, self.range_high):
            widget.setEnabled(not reason)
        self.evidence.setReadOnly(bool(reason))
        self.sources.setReadOnly(bool(reason))
        self._sync_confidence()

    def show_na_error(self, text: str) -> None:
        self.na_error.setText(text)
        self.na_error.setVisible(bool(text))

    # ---- committing ------------------------------------------------------------------------

    def text_of(self, name: str) -> str:
        if name == "evidence":
            return self.evidence.toPlainText()
        if name == "sources":
            return self.sources.text()
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
        """Save a text field that changed ("sources" saves at once: each change of the list
        is a finished edit)."""
        if name in self._timers:
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
        if event.type() == QEvent.Type.ShortcutOverride and \
                watched in (self.range_low, self.range_high) and \
                isinstance(event, QKeyEvent) and event.key() in LEVEL_KEYS and \
                event.modifiers() == Qt.KeyboardModifier.NoModifier:
            event.accept()  # the picker takes the digit (it picks that level), not the page
            return True
        if event.type() == QEvent.Type.FocusOut:
            for name, widget in (("evidence", self.evidence), ("na_reason", self.na_reason)):
                if watched is widget:
                    self.commit_text(name)
        return super().eventFilter(watched, event)

    def _choice_clicked(self, button_id: int) -> None:
        if self._loading:
            return
        if button_id == RANGE_ID:
            low, high = self.chosen_range()
            if self._range_entry or low is None or high is None or \
                    self.range_problem(low, high):
                self.start_range_entry()
            else:  # already a range: clicked again
                self.state_chosen.emit(AnswerState.RANGE, (low, high))
        elif button_id == UNKNOWN_ID:
            self.state_chosen.emit(AnswerState.UNKNOWN, None)
        elif button_id == NA_ID:
            self.state_chosen.emit(AnswerState.NOT_APPLICABLE, None)
        else:
            self.state_chosen.emit(AnswerState.ANSWERED, button_id)

    def _as_of_finished(self) -> None:
        if self._loading:
            return
        value = self.as_of.date()
        chosen = None if value == NO_DATE else date(value.year(), value.month(), value.day())
        if chosen == self._as_of_shown:  # focus passing through: no change, no "reviewed"
            return
        self._as_of_shown = chosen
        self.as_of_chosen.emit(chosen)

    @staticmethod
    def _set_text(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
        widget.blockSignals(True)
        if isinstance(widget, QLineEdit):
            widget.setText(text)
        else:
            widget.setPlainText(text)
        widget.blockSignals(False)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _weight(indicator: Indicator) -> str:
    w = indicator.weight
    return str(w.numerator) if w.denominator == 1 else f"{float(w):g}"
