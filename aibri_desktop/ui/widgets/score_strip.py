"""The live score panel: the current dimension and the overall exposure, on one row when the
width allows, else one under the other; never a figure cut."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QFrame, QLabel, QLayout, QLayoutItem, QSizePolicy, QWidget

from ...domain.framework import Framework
from ...domain.scoring import AssessmentScore, DimensionScore, OverallScore
from ...domain.summary import coverage_value, score_value
from ...domain.verdict import verdict_of
from ..style import band_chip_css, band_label, box_css, restyle, verdict_html
from ..words import translate
from .elided_label import ElidedLabel

if TYPE_CHECKING:
    from ..models.open_assessment import OpenAssessment

NBSP = "\u00a0"
PART_GAP = 8  # between the parts of a figure
FIGURE_GAP = 24  # between the dimension and the overall figure on one row
LINE_GAP = 2
NAME_SHARE = 0.4  # on two rows the names line up, in a column at most this share of the width


def _num(value: object) -> str:
    return "–" if value is None else f"{value}"


class _StripLayout(QLayout):
    """The figures (name, verdict, score, detail) side by side on one row when all of them fit
    whole; else each figure on a line of its own, its parts flowing on to a further line as
    the width needs, and the detail ("coverage 80.0 % · range 13.0–38.0") wrapping between its
    parts. Nothing is elided but a long dimension name (its tooltip has it whole)."""

    def __init__(self, parent: QWidget, figures: tuple[tuple[QWidget, ...], ...]) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._figures: list[list[QLayoutItem]] = []
        for figure in figures:
            start = len(self._items)
            for widget in figure:
                self.addWidget(widget)
            self._figures.append(self._items[start:])
        self.one_row = True  # as last arranged

    # ---- QLayout -----------------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if not 0 <= index < len(self._items):
            return None
        item = self._items.pop(index)
        for figure in self._figures:
            if item in figure:
                figure.remove(item)
        return item

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def sizeHint(self) -> QSize:
        width = self._row_width() + self._margins_width()
        return QSize(width, self.heightForWidth(width))

    def minimumSize(self) -> QSize:
        parts = [self._least(item) for figure in self._shown() for item in figure]
        width = max(parts, default=0) + self._margins_width()
        return QSize(width, self.heightForWidth(width))

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    # ---- widths ------------------------------------------------------------------------------

    def _margins_width(self) -> int:
        margins = self.contentsMargins()
        return margins.left() + margins.right()

    def _shown(self) -> list[list[QLayoutItem]]:
        return [[item for item in figure if not item.isEmpty()] for figure in self._figures]

    @staticmethod
    def _label(item: QLayoutItem) -> QLabel | None:
        widget = item.widget()
        return widget if isinstance(widget, QLabel) else None

    def _wanted(self, item: QLayoutItem) -> int:
        """The width a part needs whole on one line."""
        label = self._label(item)
        if label is not None and (label.wordWrap() or isinstance(label, ElidedLabel)):
            return label.fontMetrics().horizontalAdvance(label.text()) + _extra(label)
        return item.sizeHint().width()

    def _least(self, item: QLayoutItem) -> int:
        """The least width a part can have: a name elided, a detail's longest part."""
        label = self._label(item)
        if isinstance(label, ElidedLabel):
            return label.minimumSizeHint().width()
        if label is not None and label.wordWrap():
            metrics = label.fontMetrics()
            return max((metrics.horizontalAdvance(word) for word in label.text().split(" ")),
                       default=0) + _extra(label)
        return item.sizeHint().width()

    def _row_width(self) -> int:
        """The width of every figure side by side on one row."""
        figures = [sum(self._wanted(item) for item in figure) + PART_GAP * (len(figure) - 1)
                   for figure in self._shown() if figure]
        return sum(figures) + FIGURE_GAP * max(len(figures) - 1, 0)

    @staticmethod
    def _height(item: QLayoutItem, width: int) -> int:
        if item.hasHeightForWidth():
            return item.heightForWidth(width)
        return item.sizeHint().height()

    # ---- placing -----------------------------------------------------------------------------

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        """Place the parts in ``rect`` (or only work out the height they take there)."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        left, width = area.x(), max(area.width(), 1)
        right = left + width
        figures = [figure for figure in self._shown() if figure]
        places: list[tuple[QLayoutItem, QRect]] = []
        one_row = self._row_width() <= width
        if apply:
            self.one_row = one_row
        y = area.y()
        if one_row:
            x, height = left, 0
            for index, figure in enumerate(figures):
                x += FIGURE_GAP - PART_GAP if index else 0
                for item in figure:
                    w = self._wanted(item)
                    places.append((item, QRect(x, y, w, self._height(item, w))))
                    height = max(height, places[-1][1].height())
                    x += w + PART_GAP
            bottom = y + height
        else:
            names = [self._wanted(figure[0]) for figure in figures]
            column = max(names, default=0)  # the names in a column, the verdicts lined up
            aligned = column <= width * NAME_SHARE
            for figure in figures:
                line: list[tuple[QLayoutItem, QRect]] = []
                x, indent = left, left
                for position, item in enumerate(figure):
                    last = position == len(figure) - 1
                    if position == 0:
                        w = min(column if aligned else self._wanted(item), width)
                        if aligned:
                            indent = left + w + PART_GAP  # further lines start at the verdict
                    elif last and item.hasHeightForWidth():  # the detail: the rest of the line
                        if x > indent and self._least(item) > right - x:
                            y = _next_line(line, y, places)
                            x = indent
                        w = right - x
                    else:
                        w = min(self._wanted(item), right - indent)
                        if x > indent and x + w > right:
                            y = _next_line(line, y, places)
                            x = indent
                    line.append((item, QRect(x, y, w, self._height(item, w))))
                    x += w + PART_GAP
                y = _next_line(line, y, places)
            bottom = y - LINE_GAP if figures else y
        if apply:
            for item, place in places:
                item.setGeometry(place)
        return bottom - rect.y() + margins.bottom()


def _next_line(line: list[tuple[QLayoutItem, QRect]], y: int,
               places: list[tuple[QLayoutItem, QRect]]) -> int:
    """Close a line of parts: they are placed; the next line starts under the tallest."""
    height = max((place.height() for _item, place in line), default=0)
    places.extend(line)
    line.clear()
    return y + height + LINE_GAP if height else y


def _extra(label: QLabel) -> int:
    """What a label adds round its text: its margins and indent."""
    margins = label.contentsMargins()
    return margins.left() + margins.right() + 2 * max(label.margin(), 0) + 1


class ScoreStrip(QFrame):
    """The open assessment's score: redrawn when an answer is saved (here or elsewhere) and
    when the questionnaire moves to another dimension."""

    def __init__(self, assessment: OpenAssessment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._assessment = assessment
        self._dimension_id: str | None = None
        self.setObjectName("scoreStrip")
        restyle(self, lambda t: box_css("QFrame#scoreStrip", t.panel, t,
                                        extra=f"border-bottom: 1px solid {t.rule}; "))
        self.dimension_name = ElidedLabel("", self)  # a long name gives way first (tooltip)
        self.dimension_name.setSizePolicy(QSizePolicy.Policy.Preferred,
                                          QSizePolicy.Policy.Preferred)  # whole when it can
        self.dimension_score = QLabel(self)
        self.dimension_band = QLabel(self)
        self.dimension_detail = QLabel(self)
        self.overall_name = QLabel(self.tr("Overall"), self)
        self.overall_score = QLabel(self)
        self.overall_band = QLabel(self)
        self.overall_detail = QLabel(self)
        for label in (self.dimension_name, self.overall_name):
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        for label in (self.dimension_score, self.overall_score):
            label.setToolTip(self.tr("Score of the answered indicators (ranges at their "
                                     "middle)"))
        for label in (self.dimension_detail, self.overall_detail):
            label.setWordWrap(True)  # between its parts, never through a figure
        # the verdict leads; the point score follows it, never as the headline. The dimension
        # and the overall figure on one row when the width allows, else one under the other
        self._layout = _StripLayout(self, self._figures())
        self._layout.setContentsMargins(12, 6, 12, 6)
        self.setAccessibleName(self.tr("Live score"))
        self.dimension_words = self.overall_words = ""  # the verdicts shown, in words
        assessment.replaced.connect(lambda _record: self._redraw())
        assessment.answer_saved.connect(lambda _saved, _initiator: self._redraw())

    def _figures(self) -> tuple[tuple[QWidget, ...], ...]:
        return ((self.dimension_name, self.dimension_band, self.dimension_score,
                 self.dimension_detail),
                (self.overall_name, self.overall_band, self.overall_score, self.overall_detail))

    def one_row(self) -> bool:
        """Whether the two figures are side by side (else one under the other)."""
        return self._layout.one_row

    def set_dimension(self, dimension_id: str | None) -> None:
        if dimension_id != self._dimension_id:
            self._dimension_id = dimension_id
            self._redraw()

    def _redraw(self) -> None:
        record = self._assessment.record
        if record is not None:
            self.show_scores(record.framework, record.score, self._dimension_id)

    def show_scores(self, framework: Framework, score: AssessmentScore,
                    dimension_id: str | None) -> None:
        dimension = None
        if dimension_id is not None:
            dimension = next((d for d in score.dimensions if d.dimension_id == dimension_id),
                             None)
        if dimension is not None:
            self.dimension_name.setText(framework.dimension(dimension_id or "").name.get())
            self.dimension_words = self._fill(
                dimension, self.dimension_score, self.dimension_band, self.dimension_detail,
                self.dimension_name.text(), capacity=dimension.kind == "capacity")
        self.overall_words = self._fill(score.overall, self.overall_score, self.overall_band,
                                        self.overall_detail, self.overall_name.text())
        self.dimension_name.setToolTip(self.dimension_name.text())  # whole, if elided
        self.setToolTip(self.accessible_summary())
        self._layout.invalidate()  # other names and verdicts, another width
        self.updateGeometry()

    def _fill(self, figure: DimensionScore | OverallScore, score: QLabel, band: QLabel,
              detail: QLabel, what: str, *, capacity: bool = False) -> str:
        """Show one figure; its verdict in words. A screen reader hears the chip with what it
        is the band of ("Overall band: Elevated")."""
        value = score_value(figure.score)
        # "score 31.8": beside "at least Guarded, at most Elevated" a bare number read as the
        # last band's score
        score.setText(self.tr("score {score}").format(score=_num(value)))
        score.setToolTip(self.tr("Score of the answered indicators (ranges at their middle)"))
        if capacity:  # mitigation capacity has no band and no verdict
            band.setTextFormat(Qt.TextFormat.PlainText)
            band.setText(self.tr("capacity"))
            band.setStyleSheet(band_chip_css(None))
            words = band.text()
            band.setAccessibleName(self.tr("{what}: no band (a capacity)").format(what=what))
        else:  # the verdict: one band, or "at least …, at most …" in the bands' colours
            verdict = verdict_of(figure.low, figure.high)
            band.setTextFormat(Qt.TextFormat.RichText)
            band.setText(verdict_html(verdict))
            band.setStyleSheet("")
            words = verdict.words(_=translate) if verdict is not None else band_label(None)
            band.setAccessibleName(self.tr("{what} band: {verdict}").format(what=what,
                                                                             verdict=words))
        coverage = coverage_value(figure.coverage)
        parts = [self.tr("coverage {c}").format(
            c="–" if coverage is None else f"{float(coverage) * 100:.1f} %")]
        parts.append(self.tr("range {low}–{high}").format(low=_num(score_value(figure.low)),
                                                         high=_num(score_value(figure.high))))
        if figure.provisional:
            parts.insert(0, self.tr("provisional"))
        # a line may break between the parts, never inside one ("coverage 80.0 %")
        detail.setText(f"{NBSP}· ".join(part.replace(" ", NBSP) for part in parts))
        return words

    def accessible_summary(self) -> str:
        return (f"{self.dimension_name.text()} {self.dimension_words} "
                f"{self.dimension_score.text()} {self.dimension_detail.text()}; "
                f"{self.overall_name.text()} {self.overall_words} "
                f"{self.overall_score.text()} {self.overall_detail.text()}").replace(NBSP, " ")
