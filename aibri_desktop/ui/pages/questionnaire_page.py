"""The questionnaire: navigator, indicator panel and live score strip, with autosave and undo.

Every change goes through the same service as ``aibri answer`` at once (levels and states) or
after a short pause (text); "Saved" appears only after the service returned. Each saved change
is an undo command whose undo and redo are saved the same way.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...domain.answers import Answer, AnswerState
from ...domain.scoring import AssessmentScore
from ...services.assessments import describe_state
from ...services.changes import Change
from ...services.records import AssessmentRecord
from ...services.who import current_user
from ..models.navigator_model import NavigatorModel
from ..ops import Operations
from ..settings import AppSettings
from ..undo import AnswerCommand, answer_values
from ..widgets.elided_label import ElidedLabel
from ..widgets.indicator_panel import IndicatorPanel
from ..widgets.score_strip import ScoreStrip

if TYPE_CHECKING:
    from ...services import Services


class QuestionnairePage(QWidget):

    def __init__(self, services: Services, ops: Operations, settings: AppSettings,
                 undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._ops = ops
        self._settings = settings
        self.undo_stack = undo_stack
        self.record: AssessmentRecord | None = None
        self.answers: dict[str, Answer] = {}
        self._locked_reason = ""
        self._score: AssessmentScore | None = None

        self.strip = ScoreStrip(self)
        self.model = NavigatorModel(self)
        self.navigator = QTreeView(self)
        self.navigator.setObjectName("navigator")
        self.navigator.setModel(self.model)
        self.navigator.setHeaderHidden(True)
        self.navigator.setUniformRowHeights(True)
        self.navigator.setAccessibleName(self.tr("Dimensions and indicators"))
        self.navigator.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.navigator.selectionModel().currentChanged.connect(self._current_changed)
        self.panel = IndicatorPanel(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("questionnaireSplitter")
        self.splitter.addWidget(self.navigator)
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
        self.hint = ElidedLabel(self.tr("Keys: 0–4 level · U unknown · N not applicable · "
                                   "Alt+↓/↑ next/previous indicator · Alt+PgDn/PgUp dimension"),
                           self)
        self.hint.setStyleSheet("color: #5f6368;")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(12, 2, 12, 4)
        bottom.addWidget(self.save_label)
        bottom.addSpacing(16)
        bottom.addWidget(self.hint, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.strip)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bottom)

        self.panel.state_chosen.connect(self._state_chosen)
        self.panel.confidence_chosen.connect(
            lambda c: self._save({"confidence": c}, self.tr("confidence")))
        self.panel.text_committed.connect(self._text_committed)
        self.panel.text_pending.connect(lambda: self._set_save_text(self.tr("Saving…")))
        self.panel.as_of_chosen.connect(lambda d: self._save({"as_of": d}, self.tr("as-of date")))
        self.panel.reviewed_requested.connect(self.mark_reviewed)
        self.shortcuts: list[tuple[str, str]] = []
        self._build_shortcuts()

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
        key("U", self.tr("Unknown"), lambda: self.choose(AnswerState.UNKNOWN, None))
        key("N", self.tr("Not applicable"),
            lambda: self.choose(AnswerState.NOT_APPLICABLE, None))
        key("R", self.tr("Mark a carried-over answer reviewed"), self.mark_reviewed)
        key("Alt+Down", self.tr("Next indicator"), lambda: self.step(1))
        key("Alt+Up", self.tr("Previous indicator"), lambda: self.step(-1))
        key("Alt+PgDown", self.tr("Next dimension"), lambda: self.step_dimension(1))
        key("Alt+PgUp", self.tr("Previous dimension"), lambda: self.step_dimension(-1))

    # ---- loading ---------------------------------------------------------------------------

    def load(self, record: AssessmentRecord) -> None:
        self.panel.flush()
        same = self.record is not None and self.record.id == record.id
        keep = self.current_indicator_id() if same else None
        if not same:
            self.undo_stack.clear()
        self.record = record
        self.answers = dict(record.answers)
        self._score = record.score
        self._locked_reason = self._lock_reason(record)
        self.model.set_assessment(record.framework, record.modules, self.answers)
        self.navigator.expandAll()
        target = keep or self._first_open_indicator()
        self.go_to(target)
        self._set_save_text(self.tr("All changes are saved."))

    def _lock_reason(self, record: AssessmentRecord) -> str:
        if record.deleted:
            return self.tr("This assessment is deleted; restore it before changing answers.")
        if record.status == "final":
            return self.tr("This assessment is final and its answers are locked. Duplicate it "
                           "as a follow-up to change them.")
        if record.status == "archived":
            return self.tr("This assessment is archived and its answers are locked.")
        return ""

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
        target = dims[max(0, min(len(dims) - 1, dims.index(here) + offset))]
        self.go_to(self.record.framework.dimension(target).indicators[0].id)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.record is None:
            return
        indicator = self.model.indicator_at(current)
        if indicator is None:
            return
        framework = self.record.framework
        self.panel.show_indicator(framework, framework.dimension(indicator.dimension_id),
                                  indicator, self.answers.get(indicator.id),
                                  locked_reason=self._locked_reason)
        self._show_score()

    # ---- answering -------------------------------------------------------------------------

    def choose(self, state: AnswerState, level: int | None) -> None:
        """What a key or a click on a choice does."""
        if self._locked_reason or self.panel.indicator is None:
            return
        if state is AnswerState.NOT_APPLICABLE:
            self.panel.not_applicable.setChecked(True)
        elif state is AnswerState.UNKNOWN:
            self.panel.unknown.setChecked(True)
        elif level is not None:
            self.panel.level_buttons[level].setChecked(True)
        self._state_chosen(state, level)

    def mark_reviewed(self) -> None:
        indicator_id = self.current_indicator_id()
        answer = self.answers.get(indicator_id or "")
        if self._locked_reason or answer is None or not answer.carried_over:
            return
        self._save({"carried_over": False}, self.tr("reviewed"))

    def _state_chosen(self, state: AnswerState, level: int | None) -> None:
        if state is AnswerState.NOT_APPLICABLE:
            reason = self.panel.na_reason.text().strip()
            if not reason:
                self.panel.show_na_error(self.tr(
                    "Give a reason: “Not applicable” counts only with one."))
                self._set_save_text(self.tr("Not saved: “Not applicable” needs a reason."),
                                    error=True)
                self.panel.na_reason.setFocus(Qt.FocusReason.OtherFocusReason)
                return
            self._save({"state": state, "na_reason": reason}, None)
            return
        self._save({"state": state, "level": level}, None)

    def _text_committed(self, name: str, text: str) -> None:
        if name == "na_reason":
            if self.panel.not_applicable.isChecked() and not self._saved_is_na():
                if text.strip():
                    self.panel.show_na_error("")
                    self._save({"state": AnswerState.NOT_APPLICABLE, "na_reason": text.strip()},
                               None)
                return
            if self._saved_is_na() and not text.strip():
                self.panel.show_na_error(self.tr(
                    "Give a reason: “Not applicable” counts only with one."))
                self._set_save_text(self.tr("Not saved: “Not applicable” needs a reason."),
                                    error=True)
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
        if self.record is None or indicator_id is None or self._locked_reason:
            return False
        before = answer_values(self.answers.get(indicator_id), indicator_id)
        change = self._call_service(indicator_id, changes)
        if change is None:
            self.panel.show_answer(self.answers.get(indicator_id))
            return False
        if not change.changed_anything:
            self._set_save_text(self.tr("All changes are saved."))
            return True
        answer: Answer = change.details["answer"]  # type: ignore[assignment]
        after = answer_values(answer, indicator_id)
        text = self._describe(indicator_id, before, after, what)
        self.undo_stack.push(AnswerCommand(indicator_id, before, after, text, self._reapply))
        return True

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
                      expected: dict[str, Any] | None = None) -> Change | None:
        assert self.record is not None
        record = self.record
        change = self._ops.run(lambda: self._services.assessments.answer(
            assessment_id=record.id, indicator_id=indicator_id, who=current_user(),
            expected=expected, **values))
        if change is None:
            self._set_save_text(self.tr("Not saved: the change was refused."), error=True)
            return None
        if change.changed_anything:
            answer = change.details["answer"]
            assert isinstance(answer, Answer)
            self.answers[indicator_id] = answer
            self.model.update_answer(answer)
            if self.current_indicator_id() == indicator_id:
                self.panel.carried_bar.setVisible(answer.carried_over)
            score = change.details["score"]
            assert isinstance(score, AssessmentScore)
            self._score = score
            self._show_score(score)
        self._set_save_text(self.tr("Saved at {time}").format(
            time=datetime.now().strftime("%H:%M:%S")))
        return change

    def _describe(self, indicator_id: str, before: dict[str, Any], after: dict[str, Any],
                  what: str | None) -> str:
        """The undo menu's words: "DS-03 level 2 → 3", "DS-03 unknown → level 1"."""
        old = describe_state(before["state"], before["level"])
        new = describe_state(after["state"], after["level"])
        if old == new:
            return f"{indicator_id} {what or self.tr('details')}"
        if before["level"] is not None and after["level"] is not None:
            return f"{indicator_id} level {before['level']} → {after['level']}"
        return f"{indicator_id} {old} → {new}"

    # ---- score and save state --------------------------------------------------------------

    def _show_score(self, score: AssessmentScore | None = None) -> None:
        if self.record is None:
            return
        score = score or self._score or self.record.score
        indicator_id = self.current_indicator_id()
        dimension_id = (self.record.framework.indicator(indicator_id).dimension_id
                        if indicator_id else None)
        self.strip.show_scores(self.record.framework, score, dimension_id)

    def _set_save_text(self, text: str, *, error: bool = False) -> None:
        self.save_label.setText(text)
        self.save_label.setStyleSheet("color: #b3261e;" if error else "color: #1b7f3b;")

    def flush(self) -> None:
        self.panel.flush()
