"""Results: the headline figures, red flags first, and the charts — live as answers change."""

from __future__ import annotations

from fractions import Fraction
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QHideEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...charts.bars import Bar, DimensionBarChart, DriverBarChart
from ...charts.radar import RadarChart, RadarData, RadarSeries
from ...domain.answers import Answer, AnswerState
from ...domain.bands import Band
from ...domain.drivers import drivers
from ...domain.framework import EXPOSURE, Indicator
from ...domain.judgements import Judgements
from ...domain.options import triggered_options
from ...domain.robustness import Robustness
from ...domain.roles import Action
from ...domain.scoring import AssessmentScore, FlagKind, OpenItem
from ...domain.summary import band_for, coverage_value, score_value
from ...domain.verdict import Verdict, must_answer, threshold_answer, verdict_of
from ...palette import MUTED, NO_SCORE, dimension_colours
from ...services.changes import AnswerSaved, JudgementsSaved
from ...services.records import AssessmentRecord
from ...services.who import current_user
from ..dialogs.messages import Messages
from ..models.open_assessment import OpenAssessment
from ..style import BAND_COLOURS, band_label, box_css, restyle, set_tone, verdict_html
from ..undo import JudgementCommand
from ..widgets.elided_label import ElidedLabel
from ..widgets.judgement_panel import JudgementPanel
from ..words import (
    exposure_text,
    perspective_text,
    robustness_text,
    translate,
    unbroken_figures,
)

TOP_DRIVERS = 8
INDICATOR_ROLE = Qt.ItemDataRole.UserRole + 1


def _f(value: object) -> str:
    return "–" if value is None else str(value)


class ResultsPage(QWidget):
    indicator_requested = Signal(str)
    export_requested = Signal()

    def __init__(self, assessment: OpenAssessment, undo_stack: QUndoStack | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.assessment = assessment
        self._undo = undo_stack
        self._stale = False  # the score changed while the page was hidden
        self._verdict: Verdict | None = None

        self.overall_caption = QLabel(self.tr("Overall exposure"), self)
        self.overall_caption.setObjectName("overallCaption")
        self.overall_caption.setWordWrap(True)
        # the headline is the verdict: a band only as far as the open indicators allow
        self.overall_band = QLabel(self)
        self.overall_band.setObjectName("overallVerdict")
        self.overall_band.setTextFormat(Qt.TextFormat.RichText)
        self.overall_band.setWordWrap(True)
        font = self.overall_band.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.overall_band.setFont(font)
        self.provisional = QLabel(self.tr("provisional"), self)
        set_tone(self.provisional, "warning", "font-weight: 600;")
        # the library's decision threshold, when one is set: "Is exposure High or above?"
        self.threshold_line = QLabel(self)
        self.threshold_line.setObjectName("thresholdAnswer")
        self.threshold_line.setWordWrap(True)
        self.threshold_line.setStyleSheet("font-weight: 600;")
        self.threshold_line.setVisible(False)
        # the point score is a detail, never the headline
        self.score_caption = QLabel(
            self.tr("Score of the answered indicators (ranges at their middle):"), self)
        self.score_caption.setWordWrap(True)
        self.overall_score = QLabel(self)
        self.overall_score.setObjectName("overallScore")
        bold = self.overall_score.font()
        bold.setBold(True)
        self.overall_score.setFont(bold)
        self.overall_detail = ElidedLabel("", self)
        self.settle = QLabel(self)
        self.settle.setObjectName("settleBy")
        self.settle.setWordWrap(True)
        self.residual = QLabel(self)
        self.residual.setWordWrap(True)
        # a final assessment kept on scoring rules version 1: its figures as signed off, the
        # version-2 verdict beside them, and the reviewer's explicit way to move it
        self.rules_note = QLabel(self)
        self.rules_note.setObjectName("rulesNote")
        self.rules_note.setWordWrap(True)
        restyle(self.rules_note, lambda t: box_css("QLabel#rulesNote", t.warning_panel, t,
                                                   extra="padding: 6px; border-radius: 4px; "))
        self.rules_note.setVisible(False)
        self.rescore_button = QPushButton(self.tr("Rescore under version 2…"), self)
        self._rescore_tip = self.tr(
            "Recompute this signed-off assessment's stored figures and robustness under the "
            "current scoring rules; the library log records who decided it.")
        self.rescore_button.setToolTip(self._rescore_tip)
        self.rescore_button.clicked.connect(self._rescore)
        self.rescore_button.setVisible(False)
        # a column of rows, not a grid: wrapped labels get the height their width needs
        headline = QVBoxLayout()
        headline.addWidget(self.rules_note)
        headline.addWidget(self.rescore_button, 0, Qt.AlignmentFlag.AlignLeft)
        headline.addWidget(self.overall_caption)
        verdict_row = QHBoxLayout()
        verdict_row.addWidget(self.overall_band, 1)
        verdict_row.addWidget(self.provisional, 0, Qt.AlignmentFlag.AlignVCenter)
        headline.addLayout(verdict_row)
        headline.addWidget(self.threshold_line)
        score_row = QHBoxLayout()
        score_row.addWidget(self.score_caption, 1)
        score_row.addWidget(self.overall_score, 0, Qt.AlignmentFlag.AlignTop)
        headline.addLayout(score_row)
        headline.addWidget(self.overall_detail)
        headline.addWidget(self.settle)
        headline.addWidget(self.residual)
        self.export_button = QPushButton(self.tr("Export brief… (Ctrl+E)"), self)
        self.export_button.clicked.connect(self.export_requested)
        headline.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.flags_title = QLabel(self.tr("Red flags"), self)
        self.flags_title.setStyleSheet("font-weight: 700;")
        self.flags_title.setWordWrap(True)
        self.flags = QListWidget(self)
        self.flags.setObjectName("redFlags")
        self.flags.setAccessibleName(self.tr("Red flags; activate one to open its indicator"))
        self.flags.setWordWrap(True)
        self.flags.setResizeMode(QListWidget.ResizeMode.Adjust)  # rewrapped on resize
        self.flags.itemActivated.connect(self._flag_activated)
        self.flags.itemClicked.connect(self._flag_activated)
        self.robustness_label = QLabel(self.tr("Robustness: computing…"), self)
        self.robustness_label.setObjectName("robustness")
        self.robustness_label.setWordWrap(True)
        restyle(self.robustness_label, lambda t: box_css(
            "QLabel#robustness", t.panel, t, extra="padding: 6px; border-radius: 4px; "))
        self.options_title = QLabel(self.tr("Policy options the answers trigger"), self)
        self.options_title.setStyleSheet("font-weight: 700;")
        self.options_title.setWordWrap(True)  # the column is narrow at 150 % fonts
        self.options = QListWidget(self)
        self.options.setObjectName("policyOptions")
        self.options.setAccessibleName(self.tr("Policy options, most important first; "
                                               "activate one to open its indicator"))
        self.options.setWordWrap(True)
        self.options.setResizeMode(QListWidget.ResizeMode.Adjust)  # rewrapped on resize
        self.options.itemActivated.connect(self._flag_activated)
        self.options.itemClicked.connect(self._flag_activated)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(12, 8, 8, 8)
        left_layout.addLayout(headline)
        separator = QFrame(left)
        separator.setFrameShape(QFrame.Shape.HLine)
        restyle(separator, lambda t: f"color: {t.rule};")
        left_layout.addWidget(separator)
        left_layout.addWidget(self.robustness_label)
        self.judgement = JudgementPanel(self)
        self.judgement.changed.connect(self._save_judgement)
        findings = QWidget(self)
        findings_layout = QVBoxLayout(findings)
        findings_layout.setContentsMargins(0, 0, 0, 0)
        findings_layout.addWidget(self.flags_title)
        findings_layout.addWidget(self.flags, 2)
        findings_layout.addWidget(self.options_title)
        findings_layout.addWidget(self.options, 3)
        self.left_tabs = QTabWidget(self)
        self.left_tabs.addTab(findings, self.tr("Flags and options"))
        self.left_tabs.addTab(self.judgement, self.tr("Analyst judgement"))
        left_layout.addWidget(self.left_tabs, 1)
        # flags and options stay usable however tall the headline wraps
        self.left_tabs.setMinimumHeight(self.fontMetrics().lineSpacing() * 14)

        self.radar = RadarChart(self.tr("Dimensions"), self)
        self.radar.setToolTip(self.tr("Radar of the dimension scores. The hatched band is the "
                                      "range left open by unknown and unanswered indicators."))
        self.dimension_bars = DimensionBarChart(self.tr("Scores and ranges"), self)
        self.driver_bars = DriverBarChart(self.tr("What drives the score (points)"), self)
        self.driver_bars.setToolTip(self.tr("Each answered indicator's contribution to the "
                                            "overall exposure, in points; they add up to it."))
        chart_area = QWidget(self)
        self._chart_grid = QGridLayout(chart_area)
        self._chart_grid.setContentsMargins(4, 4, 4, 4)
        self._columns = 0
        self._arrange_charts(2)
        charts = QScrollArea(self)
        charts.setWidgetResizable(True)
        charts.setFrameShape(QFrame.Shape.NoFrame)
        charts.setWidget(chart_area)
        charts.viewport().installEventFilter(self)
        self._charts_view = charts
        # never so narrow that a tab's title ("Analyst judgement") is cut or scrolled away
        left.setMinimumWidth(max(self.fontMetrics().averageCharWidth() * 24,
                                 self.left_tabs.tabBar().sizeHint().width() + 12 + 8 + 8))
        # on a small screen with large fonts the column scrolls rather than clip its text
        left_scroll = QScrollArea(self)
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left_scroll.setWidget(left)
        left_scroll.setMinimumWidth(left.minimumWidth() + left_scroll.style().pixelMetric(
            QStyle.PixelMetric.PM_ScrollBarExtent))  # its scroll bar must not cover the column
        main = QSplitter(Qt.Orientation.Horizontal, self)
        main.addWidget(left_scroll)
        main.addWidget(charts)
        main.setCollapsible(0, False)
        main.setCollapsible(1, False)
        main.setStretchFactor(1, 1)
        main.setSizes([360, 900])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(main)
        # each scrolls by keyboard (a large font): a Tab stop with a name
        left_scroll.setAccessibleName(self.tr("Figures, flags and options"))
        charts.setAccessibleName(self.tr("Charts"))
        # Tab in reading order: the headline and the tabs (the tab bar before what it shows:
        # the tab widget moves with its pages), then the charts' area and each chart; Qt's
        # order was that of creation
        QWidget.setTabOrder(self.export_button, self.left_tabs)
        charts_in_order: tuple[QWidget, ...] = (charts, self.radar, self.dimension_bars,
                                                self.driver_bars)
        for before, after in pairwise(charts_in_order):
            QWidget.setTabOrder(before, after)
        assessment.replaced.connect(self._replaced)
        assessment.answer_saved.connect(self._answer_saved)
        assessment.judgements_saved.connect(self._judgements_saved)
        assessment.status_changed.connect(lambda _record: self._show_judgement())
        assessment.robustness_ready.connect(self._show_robustness)
        assessment.library_changed.connect(self._library_changed)
        if assessment.record is not None:
            self._replaced(assessment.record)

    @property
    def record(self) -> AssessmentRecord | None:
        return self.assessment.record

    @property
    def answers(self) -> dict[str, Answer]:
        return self.assessment.answers

    @property
    def score(self) -> AssessmentScore | None:
        return self.assessment.score

    @property
    def robustness(self) -> Robustness | None:
        return self.assessment.robustness

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.assessment.request_robustness()
        if self._stale:
            self._redraw()
        elif self.score is not None:  # set elsewhere meanwhile (another window, aibri)
            self._show_threshold(self.score.overall.low, self.score.overall.high)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.assessment.release_robustness()

    def _arrange_charts(self, columns: int) -> None:
        """Two columns when there is room; one above the other (scrolling) when narrow."""
        if columns == self._columns:
            return
        self._columns = columns
        grid = self._chart_grid
        for chart in (self.radar, self.dimension_bars, self.driver_bars):
            grid.removeWidget(chart)
        self._fit_chart_heights()
        if columns == 2:
            grid.addWidget(self.radar, 0, 0)
            grid.addWidget(self.dimension_bars, 0, 1)
            grid.addWidget(self.driver_bars, 1, 0, 1, 2)
        else:
            grid.addWidget(self.radar, 0, 0)
            grid.addWidget(self.dimension_bars, 1, 0)
            grid.addWidget(self.driver_bars, 2, 0)

    def _fit_chart_heights(self) -> None:
        """Each chart as tall as its labels need (wrapped, at a large font), and taller when
        the charts are one above the other."""
        tall = self.fontMetrics().height() * 18 if self._columns == 1 else 170
        self.radar.setMinimumHeight(max(tall, self.radar.minimumSizeHint().height()))
        for bars in (self.dimension_bars, self.driver_bars):  # their labels add to it
            bars.least_height = tall
            bars.updateGeometry()

    def _fit_charts(self) -> None:
        """Radar and bars side by side when both have the width they need (their labels and
        values whole, room for the data), else one above the other."""
        room = self._charts_view.viewport().width() - 2 * 4 - max(
            self._chart_grid.horizontalSpacing(), 0)
        pair = sum(max(chart.minimumWidth(), chart.minimumSizeHint().width())
                   for chart in (self.radar, self.dimension_bars))
        wide = room >= max(pair, self.driver_bars.minimumSizeHint().width(),
                           self.fontMetrics().averageCharWidth() * 80)
        self._arrange_charts(2 if wide else 1)
        self._fit_chart_heights()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self._charts_view.viewport():
            self._fit_charts()
        return super().eventFilter(watched, event)

    # ---- following the open assessment ---------------------------------------------------

    def _redraw(self) -> None:
        """Everything from the open assessment: drawn now if shown, else when shown."""
        if self.record is None or self.score is None:
            return
        if not self.isVisible():
            self._stale = True  # drawn when the page is shown: answering stays fast
            return
        self.show_score(self.score)
        self._show_judgement()  # the triggered options may have changed

    def _replaced(self, record: AssessmentRecord | None) -> None:
        if record is None:
            return
        # what is measured, and from where: "Overall exposure to the United States"
        self.overall_caption.setText(self.tr("Overall {exposure}").format(
            exposure=exposure_text(record)))
        self.overall_caption.setToolTip(perspective_text(record))
        self._show_robustness_state()
        self._redraw()
        if self.isVisible():
            self.assessment.request_robustness()

    def _answer_saved(self, _saved: AnswerSaved, _initiator: object) -> None:
        self._show_robustness_state()
        self._redraw()
        if self.isVisible():
            self.assessment.request_robustness()

    def _judgements_saved(self, saved: JudgementsSaved, initiator: object) -> None:
        """What this page saved is on screen already: redrawing it reset the panel and sent
        the next keys to another dimension. A judgement saved elsewhere is shown."""
        if initiator is not self:
            self._show_judgement()

    # ---- the analyst's judgement -----------------------------------------------------------

    def _show_judgement(self) -> None:
        record, score = self.record, self.score
        if record is None or score is None:
            return
        dims = [(d.id, d.name.get()) for d in record.framework.enabled_dimensions(record.modules)]
        options = [(t.option.id, t.option.title.get()) for t in triggered_options(
            record.framework, record.answers, score, record.modules)]
        refused = "" if record.locked else self.assessment.refused(Action.EDIT)
        self.judgement.show_judgements(record.judgements, dims, options,
                                       locked=record.locked or bool(refused))
        if refused:  # a reader: where a signed-off one says it is locked, the role's reason
            self.judgement.saved_label.setWordWrap(True)
            self.judgement.saved_label.setText(refused)

    def _save_judgement(self, judgements: Judgements) -> None:
        record = self.record
        if record is None:
            return
        before = record.judgements
        if self._apply_judgement(judgements) and self._undo is not None:
            self._undo.push(JudgementCommand(before, judgements, self.tr("judgement"),
                                             self._apply_judgement))

    def _apply_judgement(self, judgements: Judgements) -> bool:
        change = self.assessment.set_judgements(judgements, initiator=self)
        if change is None:
            self._show_judgement()  # refused: the stored judgement is shown
            return False
        if self.judgement.current() != judgements:  # an undo or redo: show what it saved
            self._show_judgement()
        self.judgement.set_saved(self.tr("Judgement saved."))
        return True

    def show_score(self, score: AssessmentScore) -> None:
        """Redraw from a score; each chart redraws only if its own data changed."""
        assert self.record is not None
        self._stale = False
        self._headline(score)
        self._flags(score)
        self._options(score)
        framework = self.record.framework
        exposure = [d for d in score.dimensions if d.kind == EXPOSURE]
        self.radar.set_data(RadarData(
            axes=tuple(framework.dimension(d.dimension_id).name.get() for d in exposure),
            series=(RadarSeries(
                name=self.record.country.name,
                values=tuple(_float(d.score) for d in exposure),
                low=tuple(_float(d.low) for d in exposure),
                high=tuple(_float(d.high) for d in exposure),
                verdicts=tuple(self._spoken_verdict(d.low, d.high, d.provisional)
                               for d in exposure)),)))
        bars = []
        for d in exposure:
            value = score_value(d.score)
            verdict = verdict_of(d.low, d.high)
            settled = verdict is not None and verdict.settled
            bars.append(Bar(
                label=framework.dimension(d.dimension_id).name.get(),
                value=float(value) if value is not None else None,
                # one band colour only for a settled verdict; an open one is drawn as its span
                colour=BAND_COLOURS[verdict.lowest] if verdict and settled else NO_SCORE,
                low=_float(d.low), high=_float(d.high),
                span=() if verdict is None or settled else _span(d.low, d.high),
                text=self._bar_text(value, verdict, d.provisional)
                if value is not None else self.tr("no score"),
                verdict=self._spoken_verdict(d.low, d.high, d.provisional)))
        self.dimension_bars.set_bars(bars)
        found = drivers(framework, self.answers, score, self.record.modules)[:TOP_DRIVERS]
        colours = dimension_colours(framework)  # the brief's colours too
        shown = [d for d in found if d.points > 0]
        self.driver_bars.set_bars(
            [Bar(label=f"{d.indicator_id} {_name(framework.indicator(d.indicator_id))}",
                 value=round(float(d.points), 1), colour=colours.get(d.dimension_id, MUTED),
                 text=f"{float(d.points):.1f}") for d in shown],
            legend=[(framework.dimension(i).name.get(), colours.get(i, MUTED))
                    for i in dict.fromkeys(d.dimension_id for d in shown)])
        self._fit_charts()  # the labels drawn may need other widths and heights

    def _rescore(self) -> None:
        record = self.record
        if record is None:
            return
        if self.assessment.refused(Action.SIGN):
            return
        login = self.assessment.server_login
        if login is not None:  # on a server the connected login decides: nobody is asked
            if Messages.confirm(self, self.tr("Rescore under version 2"), self.tr(
                    "“{title}” was signed off under version 1 of the scoring rules. Its stored "
                    "figures and robustness will be recomputed under version 2 from the same "
                    "answers; the library log records you, {login}, the login connected to "
                    "the server, as the reviewer who decided it.").format(
                    title=record.title, login=login), action=self.tr("Rescore")):
                self.assessment.rescore(login)
            return
        who, ok = QInputDialog.getText(
            self, self.tr("Rescore under version 2"),
            self.tr("“{title}” was signed off under version 1 of the scoring rules. Its stored "
                    "figures and robustness will be recomputed under version 2 from the same "
                    "answers; the library log records who decided it.\n\nReviewer:").format(
                title=record.title), text=current_user())
        if ok:
            self.assessment.rescore(who)

    def _spoken_verdict(self, low: Fraction | None, high: Fraction | None,
                        provisional: bool) -> str:
        """A dimension's verdict as its charts say it to a screen reader ("at least Elevated,
        at most High, provisional"); "" with no range."""
        verdict = verdict_of(low, high)
        if verdict is None:
            return ""
        words = verdict.words(_=translate)
        return self.tr("{verdict}, provisional").format(verdict=words) if provisional else words

    def _bar_text(self, value: object, verdict: Verdict | None, provisional: bool) -> str:
        """A dimension bar's end: "45.6 High" when settled; when open the score, then the
        verdict's span on a line of its own ("45.6 (p)" / "Guarded–High"): the score is that
        of the answered indicators, never beside a single band."""
        mark = " (p)" if provisional else ""
        if verdict is None:
            return f"{value}{mark}"
        if verdict.settled:
            return f"{value} {band_label(verdict.lowest)}{mark}"
        return self.tr("{score}{mark}\n{low}–{high}").format(
            score=value, mark=mark, low=band_label(verdict.lowest),
            high=band_label(verdict.highest))

    def _headline(self, score: AssessmentScore) -> None:
        o = score.overall
        self._verdict = verdict_of(o.low, o.high)
        old_rules = self.record is not None and self.record.scoring_rules == 1
        self.rules_note.setVisible(old_rules)
        self.rescore_button.setVisible(old_rules and self.record is not None
                                       and not self.record.deleted)
        refused = self.assessment.refused(Action.SIGN)  # a reader or an analyst: only shown
        self.rescore_button.setEnabled(not refused)
        self.rescore_button.setToolTip(refused or self._rescore_tip)
        if old_rules:
            band = band_for(o.score)
            self.rules_note.setText(self.tr(
                "Figures under scoring rules version 1, as signed off: {score} {band}. Under "
                "version 2, shown below: {verdict}.").format(
                score=_f(score_value(o.score)), band=band_label(band) if band else "",
                verdict=self.verdict_text()))
        self.overall_band.setText(verdict_html(self._verdict))
        self.overall_band.setAccessibleName(self.tr("Overall band: {verdict}").format(
            verdict=self.verdict_text()))
        self.provisional.setVisible(o.provisional)
        self._show_threshold(o.low, o.high)
        self.overall_score.setText(_f(score_value(o.score)))
        coverage = coverage_value(o.coverage)
        self.overall_detail.setText(self.tr("Range {low}–{high} · coverage {coverage}").format(
            low=_f(score_value(o.low)), high=_f(score_value(o.high)),
            coverage="–" if coverage is None else f"{float(coverage) * 100:.1f} %"))
        self.settle.setText(self._settle_text(o.open_items, o.low, o.high))
        self.settle.setVisible(bool(self.settle.text()))
        r = score.residual
        if r is None:
            self.residual.setVisible(False)
        else:
            self.residual.setVisible(True)
            residual_verdict = verdict_of(r.low, r.high)
            self.residual.setText(self.tr(
                "Residual exposure after mitigation capacity: {verdict}{provisional} (score "
                "{score}, range {low}–{high}; capacity {capacity}, factor m = {m})").format(
                verdict=residual_verdict.words(_=translate) if residual_verdict else "–",
                provisional=self.tr(", provisional") if r.provisional else "",
                score=score_value(r.score), low=score_value(r.low), high=score_value(r.high),
                capacity=score_value(r.capacity), m=f"{float(r.factor):g}"))

    def _library_changed(self) -> None:
        """The decision threshold was set in this window: its line is shown at once (or when
        the page is shown next)."""
        score = self.score
        if score is None:
            return
        if self.isVisible():
            self._show_threshold(score.overall.low, score.overall.high)
        else:
            self._stale = True

    def _show_threshold(self, low: Fraction | None, high: Fraction | None) -> None:
        """The ministry's question and its answer under the verdict (docs/scoring.md, "The
        decision threshold"), read from the same rounded range: hidden without a threshold."""
        threshold = self.assessment.threshold()
        self.threshold_line.setVisible(threshold is not None)
        if threshold is None:
            self.threshold_line.clear()
            return
        question = self.tr("Is exposure {band} or above?").format(band=band_label(threshold))
        answer = threshold_answer(low, high, Fraction(threshold.lower))
        t = f"{threshold.lower:g}"
        if answer == "yes":
            text = self.tr("{question} Yes — the whole range is at or above {t}.")
        elif answer == "no":
            text = self.tr("{question} No — the whole range is below {t}.")
        elif answer == "open":
            text = self.tr("{question} Open — the unknowns allow either.")
        else:
            text = self.tr("{question} No answer — nothing applicable is scored yet.")
        self.threshold_line.setText(text.format(question=question, t=t))

    def threshold_text(self) -> str:
        """The threshold line as shown ("" when no threshold is set)."""
        return self.threshold_line.text() if self.threshold_line.isVisibleTo(self) else ""

    def _settle_text(self, items: tuple[OpenItem, ...], low: Fraction | None,
                     high: Fraction | None) -> str:
        """What must be answered before the verdict can settle — never a promise that
        answering it will."""
        verdict = verdict_of(low, high)
        if verdict is None or verdict.settled:
            return ""
        needed = must_answer(items, low, high)
        if not needed:
            return self.tr("The range is narrower than a band but crosses a band line; "
                           "answering the open indicators may settle it.")
        if len(needed) == 1:
            return self.tr("The band cannot settle unless at least {id} is answered.").format(
                id=needed[0])
        return self.tr("The band cannot settle unless at least {ids} and {last} are "
                       "answered.").format(ids=", ".join(needed[:-1]), last=needed[-1])

    def verdict_text(self) -> str:
        """The headline as words ("at least Elevated, at most High")."""
        if self._verdict is None:
            return band_label(None)
        return self._verdict.words(_=translate)

    def _flags(self, score: AssessmentScore) -> None:
        assert self.record is not None
        framework = self.record.framework
        self.flags.clear()
        words = {FlagKind.RED: self.tr("Red flag"),
                 FlagKind.PROVISIONAL: self.tr("Provisional red flag (low confidence)")}
        symbols = {FlagKind.RED: "■", FlagKind.PROVISIONAL: "◩", FlagKind.POSSIBLE: "□"}
        for flag in score.red_flags:
            question = framework.indicator(flag.indicator_id).question.get()
            if flag.kind is FlagKind.POSSIBLE:  # an unknown is never called "not answered"
                answer = self.answers.get(flag.indicator_id)
                word = (self.tr("Possible red flag (unknown)")
                        if answer is not None and answer.state is AnswerState.UNKNOWN
                        else self.tr("Possible red flag (not yet answered)"))
            else:
                word = words[flag.kind]
            item = QListWidgetItem(f"{symbols[flag.kind]} {word} — "
                                   f"{flag.indicator_id}: {question}")
            item.setData(INDICATOR_ROLE, flag.indicator_id)
            item.setToolTip(self.tr("Open {id} in the questionnaire").format(
                id=flag.indicator_id))
            if flag.kind is FlagKind.RED:
                item.setForeground(Qt.GlobalColor.darkRed)
            self.flags.addItem(item)
        for indicator_id in score.critical_not_applicable:
            item = QListWidgetItem(self.tr("– Critical indicator marked not applicable — "
                                           "{id}: {question}").format(
                id=indicator_id, question=framework.indicator(indicator_id).question.get()))
            item.setData(INDICATOR_ROLE, indicator_id)
            self.flags.addItem(item)
        if self.flags.count() == 0:
            item = QListWidgetItem(self.tr("No red flags: no critical indicator is at level 4, "
                                           "unknown or unanswered."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.flags.addItem(item)

    def _options(self, score: AssessmentScore) -> None:
        assert self.record is not None
        framework = self.record.framework
        self.options.clear()
        for triggered in triggered_options(framework, self.answers, score,
                                           self.record.modules):
            option = triggered.option
            points = (self.tr(" · {p} points").format(p=f"{float(triggered.points):.1f}")
                      if triggered.points else "")
            item = QListWidgetItem(f"{triggered.indicator_id} (level {triggered.level}{points})"
                                   f" — {option.title.get()}")
            cited = "; ".join(framework.source(s).citation() for s in option.sources)
            item.setToolTip(f"{option.rationale.get()}\n\n{self.tr('Source')}: {cited}")
            item.setData(INDICATOR_ROLE, triggered.indicator_id)
            self.options.addItem(item)
        if self.options.count() == 0:
            item = QListWidgetItem(self.tr("No option is triggered: no indicator is at a level "
                                           "that calls for one."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.options.addItem(item)

    def option_texts(self) -> list[str]:
        return [self.options.item(i).text() for i in range(self.options.count())]

    # ---- robustness (computed by the open assessment, off the GUI thread) -------------------

    def _show_robustness_state(self) -> None:
        result = self.assessment.robustness
        if result is None:
            self.robustness_label.setText(self.tr("Robustness: computing…"))
        else:
            self._show_robustness(result, self.record is not None
                                  and self.record.stored_robustness is not None)

    def _show_robustness(self, result: Robustness, stored: bool) -> None:
        self.robustness_label.setText(unbroken_figures(self.robustness_text(result,
                                                                             stored=stored)))

    def robustness_text(self, result: Robustness, *, stored: bool = False) -> str:
        """The one robustness sentence (the command line and the brief print the same)."""
        return self.tr("Robustness: {text}").format(text=robustness_text(result, stored=stored))

    def flag_texts(self) -> list[str]:
        return [self.flags.item(i).text() for i in range(self.flags.count())]

    def _flag_activated(self, item: QListWidgetItem) -> None:
        indicator_id = item.data(INDICATOR_ROLE)
        if indicator_id:
            self.indicator_requested.emit(str(indicator_id))


def _float(value: object) -> float | None:
    rounded = score_value(value) if value is not None else None  # type: ignore[arg-type]
    return float(rounded) if rounded is not None else None


def _name(indicator: Indicator) -> str:
    """Its short title (format 2), else its question, shortened."""
    if indicator.short_title is not None:
        return indicator.short_title.get()
    return _short(indicator.question.get())


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _span(low: Fraction | None, high: Fraction | None) -> tuple[tuple[float, float, str], ...]:
    """The range low–high cut at the band lines, each piece in its band's colour."""
    if low is None or high is None:
        return ()
    lo, hi = float(score_value(low) or 0), float(score_value(high) or 0)
    parts = []
    for band in Band:
        start, end = max(lo, float(band.lower)), min(hi, float(band.lower) + 20)
        if end > start:
            parts.append((start, end, BAND_COLOURS[band]))
    return tuple(parts)
