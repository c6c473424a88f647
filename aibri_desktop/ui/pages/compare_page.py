"""Compare: two or more saved assessments — overlaid radar, bars, the delta table, a trend for
one country over time, and what changed between the first and the last.

Assessments of different supplier states are laid side by side on the supplier-symmetric items,
with no change and no "what changed" between them: for one country this is the *supplier
profile* view, offered (and named) whenever the chosen assessments are one country against two
or more supplier states; otherwise the page says why it is not offered.

Every figure and sentence comes from ``domain/compare_summary.py`` (the command line and the
brief say the same), translated with the window's translator: each assessment's verdict and
"provisional", the displayed change and whether it is established, and, when the assessments
are compared on their common indicators, those figures labelled so beside their own."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...charts.bars import GroupedBarChart, GroupedBars, Trend, TrendChart
from ...charts.base import Chart
from ...charts.radar import RadarChart, RadarData, RadarSeries
from ...domain.answer_sources import cited
from ...domain.compare_summary import (
    assessment_label,
    assessment_words,
    change_headline,
    compared_dimensions,
    comparison_rows,
    contribution_line,
    established_words,
    exposure_words,
    headline_rows,
    range_change_words,
    shown_contributions,
    supplier_view_reason,
    supplier_view_words,
    verdict_words,
)
from ...domain.describe import describe_answer
from ...domain.verdict import stored_verdict
from ...exchange.csv_export import safe_row
from ...palette import series_colour
from ...services.compare import Comparison
from ...services.errors import ServiceError
from ...services.files import write_bytes_atomically
from ..models.compare_model import SORT_ROLE, CompareTableModel
from ..style import follow_palette, readable_colour, set_tone, tone_colour
from ..widgets.elided_label import ElidedLabel
from ..words import translate

if TYPE_CHECKING:
    from ...services import Services

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ComparePage(QWidget):
    add_requested = Signal()
    failed = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.ids: list[str] = []
        self.comparison: Comparison | None = None
        follow_palette(self, self.refresh)  # the lists' colours follow the theme

        self.chosen = QListWidget(self)
        self.chosen.setAccessibleName(self.tr("Assessments compared"))
        self.chosen.setMaximumHeight(self.fontMetrics().height() * 9)
        self.chosen.setWordWrap(True)  # each line whole (verdict too), not scrolled sideways
        self.chosen.setResizeMode(QListWidget.ResizeMode.Adjust)
        add = QPushButton(self.tr("Add selected from library"), self)
        add.clicked.connect(self.add_requested)
        remove = QPushButton(self.tr("Remove"), self)
        remove.setAccessibleName(self.tr("Remove the chosen assessments from the comparison"))
        remove.clicked.connect(self.remove_selected)
        self.export_csv_button = QPushButton(self.tr("Export table as CSV…"), self)
        self.export_csv_button.clicked.connect(self._ask_csv)
        self.brief_button = QPushButton(self.tr("Comparison brief…"), self)
        self.brief_button.clicked.connect(self._ask_pdf)
        buttons = QVBoxLayout()
        for button in (add, remove, self.export_csv_button, self.brief_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        set_tone(self.warnings, "warning")
        # the supplier profile view: its heading and why there is no change, or why it is
        # not offered for these assessments
        self.supplier_view = QLabel(self)
        self.supplier_view.setWordWrap(True)
        self.supplier_view.setStyleSheet("font-weight: 700;")
        self.supplier_view.setAccessibleName(self.tr("Supplier profile view"))
        self.supplier_note = QLabel(self)
        self.supplier_note.setWordWrap(True)
        self.empty = QLabel(self.tr("Select two or more assessments in the library and choose "
                                    "Assessment → Compare (Ctrl+K)."), self)
        self.empty.setWordWrap(True)

        self.radar = RadarChart(self.tr("Dimensions, overlaid"), self)
        self.bars = GroupedBarChart(self.tr("Dimension scores"), self)
        self.trend = TrendChart(self.tr("Overall exposure over time"), self)
        self.table_model = CompareTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.table_model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(self.tr("Scores and changes"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.horizontalHeader().setStretchLastSection(True)
        self.changes = QListWidget(self)
        self.changes.setAccessibleName(self.tr("What changed; activate a line to see the "
                                               "answers side by side"))
        self.changes.setWordWrap(True)
        self.changes.setResizeMode(QListWidget.ResizeMode.Adjust)  # rewrapped on resize
        self.changes.itemActivated.connect(self._open_side_by_side)
        self.changes.itemDoubleClicked.connect(self._open_side_by_side)
        self.changes_title = ElidedLabel(self.tr("What changed"), self)
        self.changes_title.setStyleSheet("font-weight: 700;")
        self.change_note = QLabel(self)  # established or not, and whether the range narrowed
        self.change_note.setWordWrap(True)
        self._chart_titles = {chart: chart.title for chart in (self.radar, self.bars,
                                                               self.trend)}

        top = QHBoxLayout()
        top.addWidget(self.chosen, 1)
        top.addLayout(buttons)
        # the charts side by side as far as the width allows, else in rows (_fit_charts)
        self._chart_grid = QGridLayout()
        self._chart_grid.setContentsMargins(0, 0, 0, 0)
        # the charts' box no taller than its charts (_fit_heights): the table takes the rest
        self._chart_grid.setSizeConstraint(QLayout.SizeConstraint.SetMinAndMaxSize)
        self._chart_rows: tuple[tuple[QWidget, ...], ...] = ()
        chart_box = QWidget(self)
        chart_box.setLayout(self._chart_grid)
        self._fit_charts()
        self.table.setMinimumHeight(self.fontMetrics().height() * 10)
        lower = QSplitter(Qt.Orientation.Horizontal, self)
        lower.addWidget(self.table)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.changes_title)
        right_layout.addWidget(self.change_note)
        right_layout.addWidget(self.changes)
        lower.addWidget(right)
        self.changes_panel = right
        body = QSplitter(Qt.Orientation.Vertical, self)
        body.addWidget(chart_box)
        body.addWidget(lower)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.addLayout(top)
        layout.addWidget(self.warnings)
        layout.addWidget(self.supplier_view)
        layout.addWidget(self.supplier_note)
        layout.addWidget(self.empty)
        layout.addWidget(body, 1)
        # a small window or a large font: the page scrolls rather than squeeze a chart away
        self._scroll = QScrollArea(self)
        self._scroll.setAccessibleName(self.tr("Comparison"))  # a Tab stop: it scrolls
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setWidget(content)
        self._scroll.viewport().installEventFilter(self)
        page_layout = QVBoxLayout(self)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self._scroll)
        self._body = body
        self._chart_box = chart_box
        body.installEventFilter(self)
        chart_box.installEventFilter(self)
        self._show_empty(True)

    # ---- fitting the width ---------------------------------------------------------------

    def _fit_charts(self) -> None:
        """As many charts side by side as their least widths allow in the page's width, the
        others in rows below (the page scrolls); each chart as tall as its labels need."""
        charts: tuple[QWidget, ...] = (self.radar, self.bars, self.trend)
        tall = self.fontMetrics().height() * 15
        for fixed in (self.radar, self.trend):
            fixed.setMinimumHeight(max(tall, fixed.minimumSizeHint().height()))
        self.bars.least_height = tall  # its wrapped labels may add to it
        self.bars.updateGeometry()
        scroll = self.__dict__.get("_scroll")
        room = scroll.viewport().width() - 24 if scroll is not None else 10_000
        shown = [c for c in charts if not c.isHidden()]
        spacing = max(self._chart_grid.horizontalSpacing(), 0)
        rows: list[list[QWidget]] = [[c] for c in shown]
        for count in range(len(shown), 0, -1):
            rows = [shown[i:i + count] for i in range(0, len(shown), count)]
            if all(sum(c.minimumSizeHint().width() for c in row)
                   + spacing * (len(row) - 1) <= room for row in rows):
                break
        arranged = tuple(tuple(row) for row in rows)
        if arranged == self._chart_rows:
            self._fit_heights()
            return
        self._chart_rows = arranged
        for chart in charts:
            self._chart_grid.removeWidget(chart)
        for r, row in enumerate(arranged):
            for column, chart in enumerate(row):
                self._chart_grid.addWidget(chart, r, column)
        for column in range(len(charts)):  # the room left over shared alike
            self._chart_grid.setColumnStretch(column, int(column < len(arranged[0]))
                                              if arranged else 0)
        for chart in charts:
            if chart.isHidden():  # kept in the grid, where it takes no room
                self._chart_grid.addWidget(chart, len(arranged), 0)
        self._fit_heights()

    def _fit_heights(self) -> None:
        """Each row of charts about as tall as its cells are wide (a radar's web is square),
        but no taller than the page shows below what is above the charts: the data and the
        axes on the first screen. Never less than a chart needs for its labels; the table
        below takes the rest."""
        scroll = self.__dict__.get("_scroll")
        body = self.__dict__.get("_body")
        if scroll is None or body is None or not self._chart_rows:
            return
        viewport = scroll.viewport()
        content = scroll.widget().layout()
        below = content.contentsMargins().bottom() if content is not None else 0
        room = viewport.height() - body.y() - below
        width = viewport.width() - 24
        spacing = max(self._chart_grid.horizontalSpacing(), 0)
        for row in self._chart_rows:
            cell = (width - spacing * (len(row) - 1)) // len(row)
            need = max(max(chart.minimumHeight(), chart.minimumSizeHint().height())
                       for chart in row)
            target = max(need, min(cell, room))
            for chart in row:
                most = max(target, chart.minimumHeight(), chart.minimumSizeHint().height())
                if isinstance(chart, Chart) and chart.preferred_height != target:
                    chart.preferred_height = target
                    chart.updateGeometry()
                if chart.maximumHeight() != most:
                    chart.setMaximumHeight(most)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_charts()
        elif watched is self.__dict__.get("_body") and event.type() == QEvent.Type.Move:
            self._fit_heights()  # what is above the charts grew or shrank
        elif watched is self.__dict__.get("_chart_box") \
                and event.type() == QEvent.Type.LayoutRequest:
            self._fit_heights()  # a chart's labels rewrapped: it may need another height
        return super().eventFilter(watched, event)

    # ---- choosing --------------------------------------------------------------------------

    def set_ids(self, ids: list[str]) -> None:
        self.ids = list(dict.fromkeys(ids))
        self.refresh()

    def add_ids(self, ids: list[str]) -> None:
        self.set_ids(self.ids + ids)

    def remove_selected(self) -> None:
        gone = {str(i.data(ID_ROLE)) for i in self.chosen.selectedItems()}
        self.set_ids([i for i in self.ids if i not in gone])

    def _show_empty(self, empty: bool) -> None:
        self.empty.setVisible(empty)
        self._body.setVisible(not empty)
        self.supplier_view.setVisible(not empty and bool(self.supplier_view.text()))
        self.supplier_note.setVisible(not empty)
        self.export_csv_button.setEnabled(not empty)
        self.brief_button.setEnabled(not empty)

    def refresh(self) -> None:
        self.chosen.clear()
        if len(self.ids) < 2:
            self.comparison = None
            for assessment_id in self.ids:
                self.chosen.addItem(assessment_id)
            self.warnings.setText("")
            self._show_empty(True)
            return
        try:
            comparison = self._services.compare.compare(self.ids)
        except ServiceError as exc:
            self.failed.emit(str(exc))
            return
        self.comparison = comparison
        self.ids = [r.id for r in comparison.records]
        summary = comparison.summary
        across = bool(summary.get("across_suppliers"))
        for index, a in enumerate(summary["assessments"]):
            label = assessment_label(summary, a, with_supplier=True, _=translate)
            item = QListWidgetItem(
                f"■  {label}  —  {assessment_words(a, across=across, _=translate)}")
            item.setForeground(readable_colour(series_colour(index)))
            item.setData(ID_ROLE, a["id"])
            self.chosen.addItem(item)
        self.warnings.setText("\n".join(f"⚠ {w}" for w in summary["warnings"]))
        self.supplier_view.setText(supplier_view_words(summary, _=translate))
        self.supplier_note.setText(supplier_view_reason(summary, _=translate))
        set_tone(self.supplier_note, None if across else "muted")
        self._draw(summary)
        self._show_empty(False)

    # ---- drawing ---------------------------------------------------------------------------

    def _title_charts(self, common: bool, across: bool) -> None:
        """The charts draw the compared scores: labelled when those are on the common
        indicators (or the supplier-symmetric items) rather than each assessment's own."""
        for chart, title in self._chart_titles.items():
            if across:
                text = self.tr("{chart} (on the supplier-symmetric items)").format(chart=title)
            elif common:
                text = self.tr("{chart} (on the common indicators)").format(chart=title)
            else:
                text = title
            if chart.title != text:
                chart.title = text
                chart.setAccessibleName(text)
                chart.set_title(text)

    def _fit_columns(self, rows: list[list[str]], emphasised: int) -> None:
        """Each column as wide as its widest text or its heading, as resizeColumnsToContents
        makes it, measured from the rows' text in one pass (Qt asked every cell of the table
        for six roles: 80 ms of a 200 ms target at ten assessments)."""
        plain = self.table.fontMetrics()
        bold_font = QFont(self.table.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        style = self.table.style()
        padding = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None,
                                         self.table) + 1) + 2
        header = self.table.horizontalHeader()
        body = rows[1:]
        for column in range(len(rows[0]) if rows else 0):
            widest = max((_text_width(bold if r < emphasised else plain, row[column])
                          for r, row in enumerate(body) if column < len(row)), default=0)
            header.resizeSection(column, max(widest + padding, header.sectionSizeHint(column)))

    def _draw(self, summary: dict[str, Any]) -> None:
        assessments = summary["assessments"]
        across = bool(summary.get("across_suppliers"))
        self._title_charts(bool(summary.get("on_common_indicators")), across)
        labels = [assessment_label(summary, a, _=translate) for a in assessments]
        dims = [d for d in compared_dimensions(assessments[0]) if d["kind"] == "exposure"]
        values = [{d["id"]: d["score"] for d in compared_dimensions(a)} for a in assessments]
        # each value's verdict in words, which the charts say to a screen reader
        said = [{d["id"]: verdict_words(d, _=translate) for d in compared_dimensions(a)}
                for a in assessments]
        verdicts = tuple(tuple(s.get(d["id"], "") for d in dims) for s in said)
        series = [RadarSeries(label, tuple(v.get(d["id"]) for d in dims), verdicts=words)
                  for label, v, words in zip(labels, values, verdicts, strict=True)]
        self.radar.set_data(RadarData(tuple(d["name"] for d in dims), tuple(series)))
        self.bars.set_data(GroupedBars(
            tuple(d["name"] for d in dims),
            tuple((label, series_colour(i), tuple(v.get(x["id"]) for x in dims))
                  for i, (label, v) in enumerate(zip(labels, values, strict=True))),
            verdicts))
        countries = summary["time_series"]
        one_country = len(countries) == 1 and len(next(iter(countries.values()))) >= 2
        self.trend.setVisible(one_country)
        self._fit_charts()  # the trend shown or not, the bars' labels their width
        if one_country:
            points = next(iter(countries.values()))
            self.trend.set_data(Trend(
                name=assessments[0]["label"],
                points=tuple((float(n), p["overall"], p["low"], p["high"])
                             for n, p in enumerate(points)),
                labels=tuple(p["as_of"] for p in points),
                verdicts=tuple(stored_verdict(p["low"], p["high"]).words(_=translate)
                               if p["low"] is not None and p["high"] is not None else ""
                               for p in points)))
        rows = comparison_rows(summary, _=translate)
        if across:  # each column names its supplier: on a second line, so that it shows whole
            rows[0] = [rows[0][0], *[f"{a['label']}\n{exposure_words(a, _=translate)}"
                                     for a in assessments]]
        self.table_model.set_rows(rows, emphasised=headline_rows(summary))
        self.table.horizontalHeader().setStretchLastSection(not across)
        self._fit_columns(rows, headline_rows(summary))
        self.changes.clear()
        self.changes_panel.setVisible(not across)  # no change between supplier states
        headline = change_headline(summary, _=translate)
        self.changes_title.setText(headline)
        self.changes_title.setToolTip(headline)
        self.change_note.setText(" ".join(
            text for text in (established_words(summary, _=translate),
                              range_change_words(summary, _=translate)) if text))
        for c in shown_contributions(summary):
            item = QListWidgetItem(contribution_line(c, summary, _=translate))
            shown = c["displayed_points"]
            if shown:
                item.setForeground(tone_colour("error" if shown > 0 else "info"))
            item.setData(ID_ROLE, c["indicator"])
            self.changes.addItem(item)

    def change_texts(self) -> list[str]:
        return [self.changes.item(i).text() for i in range(self.changes.count())]

    # ---- side by side ----------------------------------------------------------------------

    def _open_side_by_side(self, item: QListWidgetItem) -> None:
        indicator_id = item.data(ID_ROLE)
        if indicator_id:
            self.side_by_side(str(indicator_id)).show()

    def side_by_side(self, indicator_id: str) -> QDialog:
        assert self.comparison is not None
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("{id}, side by side").format(id=indicator_id))
        browser = QTextBrowser(dialog)
        browser.setAccessibleName(self.tr("Answers side by side"))
        framework = self.comparison.alignment.framework
        indicator = framework.indicator(indicator_id)
        summary = self.comparison.summary
        labels = {a["id"]: assessment_label(summary, a, with_supplier=True, _=translate)
                  for a in summary["assessments"]}
        cells = []
        for record in self.comparison.records:
            answer = record.answers.get(indicator_id)
            # "level 2", "levels 2–3", "unknown", "unanswered", "not applicable"
            state = describe_answer(answer, _=translate)
            carried = self.tr(" — carried over, not yet reviewed") if answer and \
                answer.carried_over else ""
            cells.append(
                f"<td valign='top'><b>{_e(labels[record.id])}</b><br/>"
                f"{_e(state)}{_e(carried)}<br/><i>{self.tr('Confidence')}:</i> "
                f"{_e(answer.confidence.value if answer and answer.confidence else '–')}<br/>"
                f"<i>{self.tr('Evidence')}:</i> {_e(answer.evidence if answer else '')}<br/>"
                f"<i>{self.tr('Sources')}:</i> "
                f"{_e(cited(answer.sources) if answer else '').replace(chr(10), '<br/>')}</td>")
        browser.setHtml(f"<h3>{_e(indicator_id)}: {_e(indicator.question.get())}</h3>"
                        f"<table cellpadding='6' border='1'><tr>{''.join(cells)}</tr></table>")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(browser)
        layout.addWidget(buttons)
        dialog.resize(900, 480)
        self.last_side_by_side = browser
        return dialog

    # ---- exports ---------------------------------------------------------------------------

    def export_csv(self, path: Path) -> None:
        assert self.comparison is not None
        buffer = io.StringIO()
        markings = list(dict.fromkeys(r.marking for r in self.comparison.records if r.marking))
        writer = csv.writer(buffer)
        writer.writerow(safe_row(["Classification: " + (" / ".join(markings) or "none")]))
        writer.writerows(safe_row(row) for row in comparison_rows(self.comparison.summary,
                                                                  _=translate))
        write_bytes_atomically(path, buffer.getvalue().encode("utf-8-sig"))

    def _ask_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export comparison as CSV"),
                                              "comparison.csv", "CSV (*.csv)")
        if path:
            try:
                self.export_csv(Path(path))
            except OSError as exc:
                self.failed.emit(self.tr("Could not write {path} ({error}).").format(
                    path=path, error=exc.strerror or exc))

    def _ask_pdf(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Comparison brief"),
                                              "comparison.pdf", "PDF (*.pdf)")
        if path and self.comparison is not None:
            try:
                self._services.compare_briefs.write(self.comparison, Path(path))
            except ServiceError as exc:
                self.failed.emit(str(exc))


def _text_width(metrics: QFontMetrics, text: str) -> int:
    return max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)


def _e(text: object) -> str:
    from html import escape

    return escape(str(text))
