"""A one-line score panel: the current dimension and the overall exposure, live."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from ...domain.framework import Framework
from ...domain.scoring import AssessmentScore, DimensionScore, OverallScore
from ...domain.summary import coverage_value, score_value
from ...domain.verdict import verdict_of
from ..style import band_chip_css, band_label, verdict_html
from ..words import translate
from .elided_label import ElidedLabel

if TYPE_CHECKING:
    from ..models.open_assessment import OpenAssessment


def _num(value: object) -> str:
    return "–" if value is None else f"{value}"


class ScoreStrip(QFrame):
    """The open assessment's score: redrawn when an answer is saved (here or elsewhere) and
    when the questionnaire moves to another dimension."""

    def __init__(self, assessment: OpenAssessment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._assessment = assessment
        self._dimension_id: str | None = None
        self.setObjectName("scoreStrip")
        self.setStyleSheet("QFrame#scoreStrip { background: #f6f8fa; border-bottom: "
                           "1px solid #dadce0; }")
        self.dimension_name = QLabel(self)
        self.dimension_score = QLabel(self)
        self.dimension_band = QLabel(self)
        self.dimension_detail = ElidedLabel("", self)
        self.overall_name = QLabel(self.tr("Overall"), self)
        self.overall_score = QLabel(self)
        self.overall_band = QLabel(self)
        self.overall_detail = ElidedLabel("", self)
        for label in (self.dimension_name, self.overall_name):
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        for label in (self.dimension_score, self.overall_score):
            label.setToolTip(self.tr("Score of the answered indicators (ranges at their "
                                     "middle)"))
        # the verdict leads; the point score follows it, never as the headline
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        for widget in (self.dimension_name, self.dimension_band, self.dimension_score):
            row.addWidget(widget)
        row.addWidget(self.dimension_detail, 1)
        row.addSpacing(12)
        for widget in (self.overall_name, self.overall_band, self.overall_score):
            row.addWidget(widget)
        row.addWidget(self.overall_detail, 1)
        self.setAccessibleName(self.tr("Live score"))
        assessment.replaced.connect(lambda _record: self._redraw())
        assessment.answer_saved.connect(lambda _saved, _initiator: self._redraw())

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
            self._fill(dimension, self.dimension_score, self.dimension_band,
                       self.dimension_detail, capacity=dimension.kind == "capacity")
        self._fill(score.overall, self.overall_score, self.overall_band, self.overall_detail)
        self.setToolTip(self.accessible_summary())

    def _fill(self, figure: DimensionScore | OverallScore, score: QLabel, band: QLabel,
              detail: QLabel, *, capacity: bool = False) -> None:
        value = score_value(figure.score)
        # "score 31.8": beside "at least Guarded, at most Elevated" a bare number read as the
        # last band's score
        score.setText(self.tr("score {score}").format(score=_num(value)))
        score.setToolTip(self.tr("Score of the answered indicators (ranges at their middle)"))
        if capacity:  # mitigation capacity has no band and no verdict
            band.setTextFormat(Qt.TextFormat.PlainText)
            band.setText(self.tr("capacity"))
            band.setStyleSheet(band_chip_css(None))
            band.setAccessibleName(band.text())
        else:  # the verdict: one band, or "at least …, at most …" in the bands' colours
            verdict = verdict_of(figure.low, figure.high)
            band.setTextFormat(Qt.TextFormat.RichText)
            band.setText(verdict_html(verdict))
            band.setStyleSheet("")
            band.setAccessibleName(verdict.words(_=translate) if verdict is not None
                                   else band_label(None))
        coverage = coverage_value(figure.coverage)
        parts = [self.tr("coverage {c}").format(
            c="–" if coverage is None else f"{float(coverage) * 100:.1f} %")]
        parts.append(self.tr("range {low}–{high}").format(low=_num(score_value(figure.low)),
                                                         high=_num(score_value(figure.high))))
        if figure.provisional:
            parts.insert(0, self.tr("provisional"))
        detail.setText(" · ".join(parts))

    def accessible_summary(self) -> str:
        return (f"{self.dimension_name.text()} {self.dimension_band.accessibleName()} "
                f"{self.dimension_score.text()} {self.dimension_detail.text()}; "
                f"{self.overall_name.text()} {self.overall_band.accessibleName()} "
                f"{self.overall_score.text()} {self.overall_detail.text()}")
