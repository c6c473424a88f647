"""The questionnaire navigator: dimensions with progress, indicators with completion marks.

A range answer shows its two levels beside the indicator ("◐  DS-01  2–4  …"): it is known
only in part, so its mark differs from a level's, and its row says which levels it spans.

An analyst assessing another country from outside can show only the indicators public sources
can answer (:meth:`NavigatorModel.set_public_only`; frameworks of format 2 say which sources
can answer each). A dimension then shows, and counts progress over, its shown indicators."""

from __future__ import annotations

from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ...domain.answers import Answer, AnswerState
from ...domain.framework import Dimension, Indicator
from ...services.changes import AnswerSaved
from ...services.records import AssessmentRecord
from ..style import tone_colour
from ..words import source_kind_words
from .open_assessment import OpenAssessment

Index = QModelIndex | QPersistentModelIndex
INDICATOR_ROLE = Qt.ItemDataRole.UserRole + 1
MARK_ROLE = Qt.ItemDataRole.UserRole + 2
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 3  # a dimension row: (its name, "done/total")
_NO_PARENT = 0  # internal id of a dimension row; an indicator row has its dimension row + 1


class Mark(Enum):
    """What the navigator shows for an indicator: a symbol, its colour and words for it."""

    ANSWERED = ("✓", "success")
    RANGE = ("◐", "range")  # known in part: between two levels
    UNKNOWN = ("?", "warning")
    NOT_APPLICABLE = ("–", "muted")
    UNANSWERED = ("○", "muted")
    CARRIED_OVER = ("↻", "info")

    def __init__(self, symbol: str, tone: str) -> None:
        self.symbol = symbol
        self.tone = tone  # one of the palette's tones (ui/style.py), so it follows the theme

    @property
    def colour(self) -> str:
        return tone_colour(self.tone).name()


def mark_of(answer: Answer | None) -> Mark:
    if answer is None or answer.state is AnswerState.UNANSWERED:
        return Mark.UNANSWERED
    if answer.carried_over:
        return Mark.CARRIED_OVER
    return {AnswerState.ANSWERED: Mark.ANSWERED, AnswerState.RANGE: Mark.RANGE,
            AnswerState.UNKNOWN: Mark.UNKNOWN,
            AnswerState.NOT_APPLICABLE: Mark.NOT_APPLICABLE}[answer.state]


def range_of(answer: Answer | None) -> tuple[int, int] | None:
    """A range answer's two levels (also when it is carried over), else None."""
    if answer is None or answer.state is not AnswerState.RANGE or \
            answer.level_low is None or answer.level_high is None:
        return None
    return answer.level_low, answer.level_high


class NavigatorModel(QAbstractItemModel):
    """Two levels: dimension rows, each with its indicator rows (internal id = parent row + 1)."""

    def __init__(self, assessment: OpenAssessment, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._assessment = assessment
        self._dimensions: list[Dimension] = []
        self._shown: list[tuple[Indicator, ...]] = []  # per dimension row, its shown indicators
        self._position: dict[str, tuple[int, int]] = {}
        self._public_only = False
        self._total = 0
        assessment.replaced.connect(self._replaced)
        assessment.answer_saved.connect(lambda saved, _initiator: self._answer_saved(saved))
        assessment.suggestions_ready.connect(self._suggestions_changed)
        if assessment.record is not None:
            self._replaced(assessment.record)

    @property
    def _answers(self) -> dict[str, Answer]:
        return self._assessment.answers

    def mark_words(self, mark: Mark) -> str:
        return {
            Mark.ANSWERED: self.tr("answered"),
            Mark.RANGE: self.tr("between two levels"),
            Mark.UNKNOWN: self.tr("unknown"),
            Mark.NOT_APPLICABLE: self.tr("not applicable"),
            Mark.UNANSWERED: self.tr("unanswered"),
            Mark.CARRIED_OVER: self.tr("carried over, not yet reviewed"),
        }[mark]

    # ---- our interface ---------------------------------------------------------------------

    def _replaced(self, record: AssessmentRecord | None) -> None:
        self.beginResetModel()
        dimensions = ([] if record is None else
                      list(record.framework.enabled_dimensions(record.modules)))
        self._total = sum(len(d.indicators) for d in dimensions)
        filtering = self._public_only and self.can_filter(record)
        self._dimensions, self._shown = [], []
        for dimension in dimensions:
            shown = tuple(i for i in dimension.indicators
                          if not filtering or i.answerable_from_public_sources)
            if shown:
                self._dimensions.append(dimension)
                self._shown.append(shown)
        self._position = {i.id: (d_row, i_row) for d_row, shown in enumerate(self._shown)
                          for i_row, i in enumerate(shown)}
        self.endResetModel()

    @staticmethod
    def can_filter(record: AssessmentRecord | None) -> bool:
        """Whether the framework says which sources can answer its indicators (format 2)."""
        return record is not None and record.framework.format >= 2

    def set_public_only(self, public_only: bool) -> None:
        """Show only the indicators public sources can answer, or all again."""
        if public_only != self._public_only:
            self._public_only = public_only
            self._replaced(self._assessment.record)

    @property
    def public_only(self) -> bool:
        return self._public_only

    def shown_count(self) -> tuple[int, int]:
        """(indicators shown, indicators of the enabled dimensions)."""
        return len(self._position), self._total

    def is_shown(self, indicator_id: str) -> bool:
        return indicator_id in self._position

    def _answer_saved(self, saved: AnswerSaved) -> None:
        """One row and its dimension's progress redraw; nothing else."""
        position = self._position.get(saved.answer.indicator_id)
        if position is None:
            return
        d_row, i_row = position
        child = self.index(i_row, 0, self.index(d_row, 0))
        self.dataChanged.emit(child, child)
        parent = self.index(d_row, 0)
        self.dataChanged.emit(parent, parent)

    def _waiting(self, indicator_id: str) -> bool:
        """A suggestion from public data not yet accepted or rejected."""
        offer = self._assessment.suggested.get(indicator_id)
        return offer is not None and offer.status == "new"

    def _suggestions_changed(self) -> None:
        for dimension_row, shown in enumerate(self._shown):
            if shown:
                parent = self.index(dimension_row, 0)
                self.dataChanged.emit(self.index(0, 0, parent),
                                      self.index(len(shown) - 1, 0, parent))

    def index_of(self, indicator_id: str) -> QModelIndex:
        d_row, i_row = self._position[indicator_id]
        return self.index(i_row, 0, self.index(d_row, 0))

    def indicator_at(self, index: Index) -> Indicator | None:
        if not index.isValid() or index.internalId() == _NO_PARENT:
            return None
        return self._shown[index.internalId() - 1][index.row()]

    def ordered_ids(self) -> list[str]:
        return [i.id for shown in self._shown for i in shown]

    def dimension_ids(self) -> list[str]:
        return [d.id for d in self._dimensions]

    def first_id(self, dimension_id: str) -> str | None:
        """The first shown indicator of a dimension (None: none of it is shown)."""
        for dimension, shown in zip(self._dimensions, self._shown, strict=True):
            if dimension.id == dimension_id:
                return shown[0].id
        return None

    def progress(self, dimension: Dimension) -> tuple[int, int]:
        """(looked at, total) of its shown indicators: answered, unknown and N/A count as
        looked at."""
        row = next((r for r, d in enumerate(self._dimensions) if d.id == dimension.id), None)
        shown = self._shown[row] if row is not None else dimension.indicators
        done = sum(1 for i in shown
                   if mark_of(self._answers.get(i.id)) not in (Mark.UNANSWERED,))
        return done, len(shown)

    # ---- Qt interface ----------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row >= len(self._dimensions):
                return QModelIndex()
            return self.createIndex(row, 0, _NO_PARENT)
        if parent.internalId() != _NO_PARENT:
            return QModelIndex()
        if row >= len(self._shown[parent.row()]):
            return QModelIndex()
        return self.createIndex(row, 0, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _NO_PARENT:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _NO_PARENT)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._dimensions)
        if parent.column() != 0 or parent.internalId() != _NO_PARENT:
            return 0
        return len(self._shown[parent.row()])

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _NO_PARENT:
            dimension = self._dimensions[index.row()]
            done, total = self.progress(dimension)
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return f"{dimension.name.get()}  {done}/{total}"  # whole on hover when elided
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return self.tr("{name}: {done} of {total} indicators looked at").format(
                    name=dimension.name.get(), done=done, total=total)
            if role == PROGRESS_ROLE:  # the delegate elides the name, never the count
                return dimension.name.get(), f"{done}/{total}"
            return None
        indicator = self._shown[index.internalId() - 1][index.row()]
        answer = self._answers.get(indicator.id)
        mark = mark_of(answer)
        levels = range_of(answer)
        if role == Qt.ItemDataRole.DisplayRole:
            spans = f"{levels[0]}–{levels[1]}  " if levels is not None else ""
            name = (indicator.short_title.get() if indicator.short_title is not None
                    else _short(indicator.question.get()))
            waiting = "  ◆" if self._waiting(indicator.id) else ""
            return f"{mark.symbol}  {indicator.id}  {spans}{name}{waiting}"
        if role == Qt.ItemDataRole.ForegroundRole and mark is Mark.UNANSWERED:
            return tone_colour("quiet")
        if role == Qt.ItemDataRole.ForegroundRole and mark is Mark.RANGE:
            return QColor(mark.colour)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            words = self.mark_words(mark)
            if levels is not None:
                words = self.tr("{state}, between level {low} and level {high}").format(
                    state=words, low=levels[0], high=levels[1]) if mark is not Mark.RANGE \
                    else self.tr("between level {low} and level {high}").format(
                        low=levels[0], high=levels[1])
            text = f"{indicator.id} ({words}): {indicator.question.get()}"
            if self._waiting(indicator.id):
                text += "\n" + self.tr("◆ A suggestion from public data waits for review.")
            if indicator.answerable_from and role == Qt.ItemDataRole.ToolTipRole:
                text += "\n" + self.tr("Answerable from: {sources}").format(
                    sources=source_kind_words(indicator.answerable_from))
            if role == Qt.ItemDataRole.ToolTipRole:  # first, the line a narrow navigator elides
                text = self.data(index, Qt.ItemDataRole.DisplayRole).split("  ", 1)[1] \
                    + "\n" + text
            return text
        if role == INDICATOR_ROLE:
            return indicator.id
        if role == MARK_ROLE:
            return mark
        return None


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
