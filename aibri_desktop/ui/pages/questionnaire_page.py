"""The questionnaire: navigator, indicator panel and live score strip, with autosave and undo.

Every change goes through the same service as ``aibri answer`` at once (levels and states) or
after a short pause (text); "Saved" appears only after the service returned. Each saved change
is an undo command whose undo and redo are saved the same way.

Keys: 0–4 a level, U unknown, N not applicable, and B then two levels a range ("B, 2, 4":
between level 2 and level 4): after B the level keys give the range's ends, and it is saved
once both make a range the rules allow.

"Only what public sources can answer" narrows the navigator to the indicators an analyst
outside the assessed government can answer (format-2 frameworks say which sources can answer
each); the indicator shown stays shown if it is among them, else the next one that is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...domain.answers import Answer, AnswerState
from ...domain.framework import Framework
from ...services.changes import AnswerSaved, Change
from ...services.records import AssessmentRecord
from ..models.navigator_model import NavigatorModel
from ..models.open_assessment import OpenAssessment
from ..settings import AppSettings
from ..style import set_tone
from ..undo import AnswerCommand, answer_values
from ..widgets.indicator_panel import IndicatorPanel
from ..widgets.navigator_delegate import NavigatorDelegate
from ..widgets.score_strip import ScoreStrip
from ..words import describe_edit


class QuestionnairePage(QWidget):
    """Shows the open assessment (``assessment``) and turns the panel's signals into saved,
    undoable answers through it; it keeps no copy of the record."""

    # a change was not saved, and why ("Not saved: …"): the window's status bar says it too,
    # in place of the last "… Saved."
    save_refused = Signal(str)

    def __init__(self, assessment: OpenAssessment, settings: AppSettings,
                 undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.assessment = assessment
        self._settings = settings
        self.undo_stack = undo_stack

        self.strip = ScoreStrip(assessment, self)
        self.model = NavigatorModel(assessment, self)
        self.navigator = QTreeView(self)
        self.navigator.setObjectName("navigator")
        self.navigator.setModel(self.model)
        self.navigator.setItemDelegate(NavigatorDelegate(self.navigator))
        self.navigator.setHeaderHidden(True)
        self.navigator.setUniformRowHeights(True)
        self.navigator.setAccessibleName(self.tr("Dimensions and indicators"))
        self.navigator.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.navigator.selectionModel().currentChanged.connect(self._current_changed)
        self.public_only = QCheckBox(self.tr("Only what &public sources can answer"), self)
        self.public_only.setObjectName("publicOnly")
        self.public_only.toggled.connect(self._public_only_toggled)
        self.shown_count = QLabel(self)
        self.shown_count.setObjectName("shownCount")
        set_tone(self.shown_count, "muted")
        navigator_column = QWidget(self)
        column = QVBoxLayout(navigator_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        filter_row = QVBoxLayout()
        filter_row.setContentsMargins(8, 6, 8, 4)
        filter_row.setSpacing(2)
        filter_row.addWidget(self.public_only)
        filter_row.addWidget(self.shown_count)
        column.addLayout(filter_row)
        column.addWidget(self.navigator, 1)
        self.panel = IndicatorPanel(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("questionnaireSplitter")
        self.splitter.addWidget(navigator_column)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([340, 900])
        self.splitter.setCollapsible(1, False)
        state = settings.geometry("questionnaire_splitter")
        if state is not None:
            self.splitter.restoreState(state)
        self.splitter.splitterMoved.connect(lambda *_: settings.set_geometry(
            "questionnaire_splitter", self.splitter.saveState()))
        self.save_label = QLabel(self)
        self.save_label.setObjectName("saveState")
        self.save_label.setAccessibleName(self.tr("Save state"))
        # a change the server could not take (connection lost, busy) stays in the form as
        # entered, with Retry beside the save state, until it is saved or replaced
        self.retry = QPushButton(self.tr("Retry"), self)
        self.retry.setAccessibleName(self.tr("Save the change again"))
        self.retry.setToolTip(self.tr("Save the change that was not saved, as it was entered"))
        self.retry.clicked.connect(self.retry_pending)
        self.retry.hide()
        self._pending: tuple[str, dict[str, Any], str | None] | None = None
        self._save_row = QWidget(self)
        save_row = QHBoxLayout(self._save_row)
        save_row.setContentsMargins(0, 0, 0, 0)
        save_row.addWidget(self.save_label, 1)
        save_row.addWidget(self.retry)
        keys = self.tr("Keys: 0–4 level · B, 2, 4 between 2 and 4 · U unknown · "
                       "N not applicable · Alt+↓/↑ indicator · Alt+PgDn/PgUp dimension")
        # on two lines when one is too narrow, broken between the keys, never inside one
        # (a no-break space for a space, a word joiner after a "/")
        self.hint = QLabel("\u00a0· ".join(
            part.replace(" ", "\u00a0").replace("/", "/\u2060")
            for part in keys.split(" · ")), self)
        self.hint.setObjectName("keysHint")
        self.hint.setWordWrap(True)
        set_tone(self.hint, "muted")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.hint.setToolTip(keys)
        bottom = self._bottom = QGridLayout()
        bottom.setContentsMargins(12, 2, 12, 4)
        bottom.setHorizontalSpacing(16)
        bottom.setVerticalSpacing(0)
        bottom.setColumnStretch(1, 1)
        self._hint_below: bool | None = None
        self._place_hint(below=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.strip)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bottom)
        QWidget.setTabOrder(self.public_only, self.navigator)  # the filter is above the tree

        self.panel.state_chosen.connect(self._state_chosen)
        self.panel.range_pending.connect(lambda why: self._set_save_text(why, error=True))
        self.panel.confidence_chosen.connect(
            lambda c: self._save({"confidence": c}, self.tr("confidence")))
        self.panel.text_committed.connect(self._text_committed)
        self.panel.text_pending.connect(lambda: self._set_save_text(self.tr("Saving…")))
        self.panel.as_of_chosen.connect(lambda d: self._save({"as_of": d}, self.tr("as-of date")))
        self.panel.reviewed_requested.connect(self.mark_reviewed)
        self.shortcuts: list[tuple[str, str]] = []
        self._build_shortcuts()
        self._shown_id: str | None = None  # the assessment shown, to keep the place on reload
        assessment.replaced.connect(self._replaced)
        assessment.answer_saved.connect(self._answer_saved)
        assessment.status_changed.connect(self._status_changed)
        assessment.earlier_ready.connect(self._earlier_ready)
        assessment.suggestions_ready.connect(self._show_suggestion)
        self.panel.suggestion.accept_requested.connect(self.accept_suggestion)
        self.panel.suggestion.narrow_requested.connect(
            lambda indicator_id, _low, _high: self.accept_suggestion(indicator_id, narrow=True))
        self.panel.suggestion.reject_requested.connect(self.reject_suggestion)
        if assessment.record is not None:
            self._replaced(assessment.record)

    @property
    def record(self) -> AssessmentRecord | None:
        return self.assessment.record

    @property
    def answers(self) -> dict[str, Answer]:
        return self.assessment.answers

    # ---- keyboard --------------------------------------------------------------------------

    def _build_shortcuts(self) -> None:
        def key(sequence: str, description: str, slot: Any) -> None:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts.append((description, sequence))

        for level in range(5):
            key(str(level), self.tr("Choose level {n}").format(n=level),
                lambda n=level: self.choose(AnswerState.ANSWERED, n))
        key("B", self.tr("Between two levels: B, then the lower and the higher level"),
            self.choose_range)
        key("U", self.tr("Unknown"), lambda: self.choose(AnswerState.UNKNOWN, None))
        key("N", self.tr("Not applicable"),
            lambda: self.choose(AnswerState.NOT_APPLICABLE, None))
        key("R", self.tr("Mark a carried-over answer reviewed"), self.mark_reviewed)
        key("Alt+Down", self.tr("Next indicator"), lambda: self.step(1))
        key("Alt+Up", self.tr("Previous indicator"), lambda: self.step(-1))
        key("Alt+PgDown", self.tr("Next dimension"), lambda: self.step_dimension(1))
        key("Alt+PgUp", self.tr("Previous dimension"), lambda: self.step_dimension(-1))

    # ---- showing the open assessment ------------------------------------------------------

    def _replaced(self, record: AssessmentRecord | None) -> None:
        """Opened, closed, or read again whole: same assessment → same indicator."""
        if record is None:
            self.panel.flush()
            self._pending = None
            self.retry.hide()
            self._shown_id = None
            self.undo_stack.clear()
            return
        same = self._shown_id == record.id
        keep = self.current_indicator_id() if same else None
        if not same:  # a change kept for retry belongs to the assessment it was made in
            self._pending = None
            self.retry.hide()
            self.panel.flush()
            self.undo_stack.clear()
        self._shown_id = record.id
        self._show_filter(record)
        self.navigator.expandAll()
        ids = self.model.ordered_ids()
        if not ids:
            return
        target = keep if keep in ids else self._first_open_indicator()
        self.go_to(target)
        if self.current_indicator_id() != target or same:  # the same row: no currentChanged
            self._current_changed(self.navigator.currentIndex(), QModelIndex())
        self._set_save_text(self.tr("All changes are saved."))

    def _answer_saved(self, saved: AnswerSaved, initiator: object) -> None:
        """An answer saved here or elsewhere: the panel shows it if it is the one open (what
        this page saved itself is already on screen, except the carried-over bar)."""
        answer = saved.answer
        if self.current_indicator_id() != answer.indicator_id:
            return
        if initiator is self:
            self.panel.set_carried_over(answer.carried_over)
            self.panel.show_confidence(answer.confidence)  # an unknown's is cleared
        else:
            self.panel.refresh_answer(answer)

    def _show_suggestion(self) -> None:
        """The suggestion from public data for the indicator shown, if any."""
        indicator_id = self.current_indicator_id() or ""
        self.panel.show_suggestion(self.assessment.suggested.get(indicator_id),
                                   approved=self.assessment.reference_approved,
                                   gap=self.assessment.reference_gaps.get(indicator_id, ""))

    def accept_suggestion(self, indicator_id: str, *, narrow: bool = False) -> bool:
        """Accept what public data suggests for an indicator: saved like any answer, and
        undoable. ``narrow``: then put the keyboard on the range to narrow it."""
        if self._locked():
            return False
        self.panel.flush()
        before = answer_values(self.answers.get(indicator_id), indicator_id)
        change = self.assessment.accept_suggestion(indicator_id, initiator=self)
        if change is None or change.payload is None:
            return False
        after = answer_values(change.payload.answer, indicator_id)
        text = describe_edit(indicator_id, before, after, self.tr("suggestion"))
        self.undo_stack.push(AnswerCommand(indicator_id, before, after, text, self._reapply))
        if self.current_indicator_id() == indicator_id:
            self.panel.show_answer(self.answers.get(indicator_id))
            if narrow:
                self.panel.edit_range()
        self._set_save_text(self.tr("Saved: accepted the suggestion from public data."))
        return True

    def reject_suggestion(self, indicator_id: str) -> bool:
        """Reject what public data suggests for an indicator (a decision, like an answer: not
        for an assessment that is locked here)."""
        return not self._locked() and self.assessment.reject_suggestion(indicator_id)

    def _earlier_ready(self) -> None:
        """The earlier answers came in: the indicator shown may have one."""
        self.panel.show_earlier(self.assessment.earlier.get(self.current_indicator_id() or ""))

    def _status_changed(self, _record: AssessmentRecord) -> None:
        self.panel.set_locked(self.assessment.lock_reason())

    # ---- only what public sources can answer ----------------------------------------------

    def _show_filter(self, record: AssessmentRecord) -> None:
        """The toggle works where the framework says which sources answer each indicator."""
        usable = self.model.can_filter(record)
        if not usable and self.public_only.isChecked():  # shown as it works: all indicators
            self.public_only.blockSignals(True)
            self.public_only.setChecked(False)
            self.public_only.blockSignals(False)
            self.model.set_public_only(False)
        self.public_only.setEnabled(usable)
        self.public_only.setToolTip(self.tr(
            "Hide the indicators only the assessed government's records or specialist data "
            "can answer: what an analyst assessing another country can work on.") if usable
            else self.tr("Framework {version} does not say which sources can answer each "
                         "indicator; version 2 does.").format(version=record.framework.label))
        self._show_count()

    def _show_count(self) -> None:
        shown, total = self.model.shown_count()
        self.shown_count.setText(
            self.tr("{shown} of {total} indicators shown").format(shown=shown, total=total)
            if shown != total else self.tr("All {total} indicators shown").format(total=total))

    def _public_only_toggled(self, checked: bool) -> None:
        """Narrow or widen the navigator, keeping the indicator shown (or, if it is now
        hidden, moving to the next one that is shown)."""
        record = self.record
        current = self.current_indicator_id()
        self.model.set_public_only(checked)
        self.navigator.expandAll()
        self._show_count()
        ids = self.model.ordered_ids()
        if record is None or current is None or not ids:
            return
        if current in ids:
            self.go_to(current)
            return
        everything = [i.id for d in record.framework.enabled_dimensions(record.modules)
                      for i in d.indicators]
        after = everything[everything.index(current):] if current in everything else []
        self.go_to(next((i for i in after if i in ids), ids[-1]))

    def _first_open_indicator(self) -> str:
        ids = self.model.ordered_ids()
        for indicator_id in ids:
            answer = self.answers.get(indicator_id)
            if answer is None or answer.state is AnswerState.UNANSWERED or answer.carried_over:
                return indicator_id
        return ids[0]

    # ---- navigation ------------------------------------------------------------------------

    def current_indicator_id(self) -> str | None:
        indicator = self.panel.indicator
        return indicator.id if indicator is not None else None

    def go_to(self, indicator_id: str) -> None:
        """Show an indicator; one the filter hides (a red flag opened from the results) shows
        all indicators again first."""
        if not self.model.is_shown(indicator_id) and self.public_only.isChecked():
            self.public_only.setChecked(False)
        index = self.model.index_of(indicator_id)
        self.navigator.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.navigator.scrollTo(index)

    def step(self, offset: int) -> None:
        ids = self.model.ordered_ids()
        current = self.current_indicator_id()
        if not ids or current is None:
            return
        position = max(0, min(len(ids) - 1, ids.index(current) + offset))
        self.go_to(ids[position])

    def step_dimension(self, offset: int) -> None:
        current = self.current_indicator_id()
        if self.record is None or current is None:
            return
        dims = self.model.dimension_ids()
        here = self.record.framework.indicator(current).dimension_id
        if here not in dims:
            return
        target = dims[max(0, min(len(dims) - 1, dims.index(here) + offset))]
        first = self.model.first_id(target)
        if first is not None:
            self.go_to(first)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        record = self.record
        if record is None:
            return
        indicator = self.model.indicator_at(current)
        if indicator is None:
            return
        framework: Framework = record.framework
        self.panel.show_indicator(framework, framework.dimension(indicator.dimension_id),
                                  indicator, self.answers.get(indicator.id),
                                  locked_reason=self.assessment.lock_reason(),
                                  earlier=self.assessment.earlier.get(indicator.id))
        self.strip.set_dimension(indicator.dimension_id)
        self._show_suggestion()

    # ---- answering -------------------------------------------------------------------------

    def _locked(self) -> bool:
        """Nothing can be answered: no assessment is open, it is final, archived or deleted,
        or the connected role may not change assessments (a reader on a shared server)."""
        return self.record is None or bool(self.assessment.lock_reason())

    def choose(self, state: AnswerState, level: int | None) -> None:
        """What a key or a click on a choice does. After B, a level key gives an end of the
        range instead."""
        if self._locked() or self.panel.indicator is None:
            return
        if state is AnswerState.ANSWERED and level is not None and \
                self.panel.range_entry_active():
            self.panel.range_digit(level)  # saved through state_chosen once it is a range
            return
        self.panel.show_choice(state, level)
        self._state_chosen(state, level)

    def choose_range(self) -> None:
        """B: "Between" is chosen; the next two level keys are its lower and higher level."""
        if self._locked() or self.panel.indicator is None:
            return
        self.panel.start_range_entry()

    def mark_reviewed(self) -> None:
        indicator_id = self.current_indicator_id()
        answer = self.answers.get(indicator_id or "")
        if self._locked() or answer is None or not answer.carried_over:
            return
        self._save({"carried_over": False}, self.tr("reviewed"))

    def _needs_reason(self) -> None:
        self.panel.ask_na_reason(self.tr("Give a reason: “Not applicable” counts only with one."))
        self._set_save_text(self.tr("Not saved: “Not applicable” needs a reason."), error=True)

    def _state_chosen(self, state: AnswerState, level: int | tuple[int, int] | None) -> None:
        if state is AnswerState.RANGE:
            assert isinstance(level, tuple)
            low, high = level
            self._save({"state": state, "level_low": low, "level_high": high}, None)
            return
        if state is AnswerState.NOT_APPLICABLE:
            reason = self.panel.na_reason_text().strip()
            if not reason:
                self._needs_reason()
                return
            self._save({"state": state, "na_reason": reason}, None)
            return
        self._save({"state": state, "level": level}, None)

    def _text_committed(self, name: str, text: str) -> None:
        if name == "na_reason":
            if self.panel.chosen_state() is AnswerState.NOT_APPLICABLE and \
                    not self._saved_is_na():
                if text.strip():
                    self.panel.show_na_error("")
                    self._save({"state": AnswerState.NOT_APPLICABLE, "na_reason": text.strip()},
                               None)
                return
            if self._saved_is_na() and not text.strip():
                self._needs_reason()
                return
            self._save({"na_reason": text.strip()}, self.tr("reason"))
            return
        self._save({name: text}, {"evidence": self.tr("evidence"),
                                  "sources": self.tr("sources")}[name])

    def _saved_is_na(self) -> bool:
        answer = self.answers.get(self.current_indicator_id() or "")
        return answer is not None and answer.state is AnswerState.NOT_APPLICABLE

    def _save(self, changes: dict[str, Any], what: str | None) -> bool:
        indicator_id = self.current_indicator_id()
        if indicator_id is None or self._locked():
            return False
        before = answer_values(self.answers.get(indicator_id), indicator_id)
        change = self._call_service(indicator_id, changes)
        if change is None:
            if self.assessment.retryable:  # kept as entered, to be saved again
                self._pending = (indicator_id, changes, what)
                self._set_save_text(self.tr(
                    "Not saved: the database did not take the change (see the message). What "
                    "you entered is kept here; press Retry to save it."), error=True)
                self.retry.show()
                return False
            self.panel.show_answer(self.answers.get(indicator_id))
            return False
        if self._pending is not None and self._pending[0] == indicator_id:
            self._pending = None  # saved now, or replaced by a newer change of it
            self.retry.hide()
        if change.payload is None:
            return True
        after = answer_values(change.payload.answer, indicator_id)
        text = describe_edit(indicator_id, before, after, what or self.tr("details"))
        self.undo_stack.push(AnswerCommand(indicator_id, before, after, text, self._reapply))
        return True

    def retry_pending(self) -> bool:
        """Save again the change the database could not take, on its indicator."""
        if self._pending is None:
            return False
        indicator_id, changes, what = self._pending
        if self.current_indicator_id() != indicator_id:
            self.go_to(indicator_id)
        return self._save(changes, what)

    def _reapply(self, indicator_id: str, values: dict[str, Any],
                 expected: dict[str, Any]) -> bool:
        """Undo/redo: save the given values, if the answer still holds ``expected``, and show
        that indicator."""
        self.panel.flush()
        change = self._call_service(indicator_id, values, expected=expected)
        if change is None:
            return False
        if self.current_indicator_id() != indicator_id:
            self.go_to(indicator_id)
        self.panel.show_answer(self.answers.get(indicator_id))
        return True

    def _call_service(self, indicator_id: str, values: dict[str, Any],
                      expected: dict[str, Any] | None = None) -> Change[AnswerSaved] | None:
        change = self.assessment.answer(indicator_id, values, expected=expected,
                                        initiator=self)
        if change is None:
            self._set_save_text(self.tr("Not saved: the change was refused."), error=True)
            return None
        if change.payload is None:
            self._set_save_text(self.tr("All changes are saved."))
        else:
            self._set_save_text(self.tr("Saved at {time}").format(
                time=datetime.now().strftime("%H:%M:%S")))
        return change

    # ---- save state ------------------------------------------------------------------------

    def _set_save_text(self, text: str, *, error: bool = False) -> None:
        self.save_label.setText(text)
        set_tone(self.save_label, "error" if error else "success")
        self._fit_hint()
        if error:
            self.save_refused.emit(text)

    # ---- the keys' hint --------------------------------------------------------------------

    def _place_hint(self, *, below: bool) -> None:
        """The keys' hint beside the save state, or under it across the page (a long "Not
        saved: …" at a large font left it four lines beside)."""
        if below == self._hint_below:
            return
        self._hint_below = below
        self._bottom.removeWidget(self._save_row)
        self._bottom.removeWidget(self.hint)
        self._bottom.addWidget(self._save_row, 0, 0, 1, 2 if below else 1)
        self._bottom.addWidget(self.hint, 1 if below else 0, 0 if below else 1, 1,
                               2 if below else 1)

    def _fit_hint(self) -> None:
        margins = self._bottom.contentsMargins()
        beside = (self.width() - margins.left() - margins.right()
                  - self._bottom.horizontalSpacing() - self._save_row.sizeHint().width())
        lines = (round(self.hint.heightForWidth(beside) / max(self.hint.fontMetrics().height(), 1))
                 if beside > 0 else 99)
        self._place_hint(below=lines > 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_hint()

    def flush(self) -> None:
        self.panel.flush()
