"""Horizontal bar charts: the dimensions with their ranges, and the drivers of the score."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QWidget

from ..palette import series_colour
from .base import Chart, wrap_words
from .spoken import at, at_row, spoken_list, spoken_points, spoken_series, spoken_value

BAND_EDGES = (20, 40, 60, 80)
VALUE_MARGIN = 2  # pixels around a value's text, on its ground in the chart's colour


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    colour: str
    low: float | None = None
    high: float | None = None
    text: str = ""  # printed at the end of the bar
    # an open verdict: the range drawn as a strip in the colours of the bands it spans,
    # (from, to, colour) each; the bar itself then carries no band colour
    span: tuple[tuple[float, float, str], ...] = ()
    verdict: str = ""  # the value's verdict in words ("Guarded"), said with it


class _LabelledBars(Chart):
    """Bars listed top to bottom beside their labels on the left axis. A narrow chart (a
    small window, a large font) wraps the labels onto more lines rather than squeeze the bars
    out of sight, and the chart asks its layout for the width and height that its labels, the
    bars and the values after them need (``minimumSizeHint``)."""

    LABEL_CHARS = 14  # a label wraps to no narrower than this many average characters
    PLOT_CHARS = 12  # the bars' own room, at the least
    AXIS_ROOM = 40  # tick marks, the label's offset from them, the plot's margins

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setMinimumSize(0, 0)  # the size hint below says what the chart needs
        self._labels: list[tuple[float, str]] = []  # (y, label) as given
        self._text_lines: list[int] = []  # per label, the lines of the text after its bar
        self._value_width = 0  # the widest text printed after a bar, in pixels
        self._lines = 0  # the labels' lines as wrapped at the present width
        self.least_height = 170  # a page may ask for more (charts one above the other)
        self.getPlotItem().getAxis("left").setStyle(tickTextOffset=6)

    def _set_labels(self, labels: list[tuple[float, str]], value_width: int = 0,
                    text_lines: list[int] | None = None) -> None:
        self._labels = labels
        self._value_width = value_width
        self._text_lines = text_lines or [1] * len(labels)
        self._wrap_labels()
        self.updateGeometry()

    def _metrics(self) -> QFontMetrics:
        axis = self.getPlotItem().getAxis("left")
        return QFontMetrics(axis.style["tickFont"] or self.font())

    def _plot_least(self) -> int:
        """The plot's narrowest: the bars keep at least a third of it beside their values."""
        metrics = self._metrics()
        values = (self._value_width + sum(self._value_gaps())) * 3 // 2 \
            if self._value_width else 0
        return max(metrics.averageCharWidth() * self.PLOT_CHARS, values)

    def _value_gaps(self) -> tuple[int, int]:
        """Pixels between a bar's end (or its whisker's) and the value printed after it, and
        after the value to the plot's right edge, the value's own margins included."""
        wide = QFontMetrics(self.label_font(0.9)).averageCharWidth()
        return wide * 2 // 3 + VALUE_MARGIN, wide + VALUE_MARGIN

    def _label_least(self) -> int:
        metrics = self._metrics()
        words = [metrics.horizontalAdvance(word) for _y, label in self._labels
                 for word in label.split()]
        return max([metrics.averageCharWidth() * self.LABEL_CHARS, *words])

    def _label_room(self) -> int:
        width: int = self.width()
        return max(self._label_least(), width - self._plot_least() - self.AXIS_ROOM)

    def _wrap_labels(self) -> None:
        metrics, room = self._metrics(), self._label_room()
        wrapped = [(y, wrap_words(label, metrics, room)) for y, label in self._labels]
        self.getPlotItem().getAxis("left").setTicks([[(y, "\n".join(lines))
                                                      for y, lines in wrapped]])
        lines = sum(max(len(lines), text) for (_y, lines), text
                    in zip(wrapped, self._text_lines, strict=True))
        if lines != self._lines:  # wrapped onto more or fewer lines: another height
            self._lines = lines
            self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        """Room for the labels at their narrowest, the bars and their values; for every
        label's lines (as wrapped at the present width) with space between the rows, the
        title and the x axis."""
        lines = self._lines + len(self._labels) // 2 + 4
        return QSize(max(200, self._label_least() + self._plot_least() + self.AXIS_ROOM),
                     max(self.least_height, self._metrics().lineSpacing() * lines))

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        super().resizeEvent(event)
        if "_labels" in self.__dict__ and self.getPlotItem() is not None:  # not closed
            self._wrap_labels()


class _HorizontalBars(_LabelledBars):
    """Bars listed top to bottom; the x axis is points."""

    x_max: float | None = 100.0

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.bars: list[tuple[str, float]] = []  # drawn (label, value), for tests
        self._ends: list[tuple[float, int]] = []  # where each bar (whisker) ends, its text's width
        self._values: list[tuple[pg.TextItem, float]] = []  # each value's text, its bar's end
        self._top = 1.0
        self.getPlotItem().showGrid(x=True, y=False, alpha=0.25)
        self.getPlotItem().vb.sigResized.connect(self._fit_x_range)

    def _draw(self, data: Any) -> None:
        self._draw_bars(data)

    def _draw_bars(self, bars: tuple[Bar, ...]) -> None:
        plot = self.getPlotItem()
        count = len(bars)
        self.bars = [(b.label, b.value or 0.0) for b in bars]
        ys = [count - i for i in range(count)]
        axis = plot.getAxis("left")
        axis.setTextPen(self.ink)
        top = self.x_max or max([b.high or b.value or 0 for b in bars] + [1.0]) * 1.25
        metrics = QFontMetrics(self.label_font(0.9))
        self._top = top
        self._ends = [(max(b.value or 0, b.high or 0),
                       max(metrics.horizontalAdvance(line) for line in b.text.split("\n")))
                      for b in bars if b.text]
        self._values = []
        self._set_labels([(y, b.label) for y, b in zip(ys, bars, strict=True)],
                         max((width for _end, width in self._ends), default=0),
                         [b.text.count("\n") + 1 for b in bars])
        self._draw_background(plot, top)
        if count:
            plot.addItem(pg.BarGraphItem(
                x0=[0] * count, y=ys, width=[b.value or 0 for b in bars], height=0.6,
                brushes=[pg.mkBrush(self._bar_colour(b.colour)) for b in bars],
                pens=[pg.mkPen(self.muted)] * count))
            ranged = [(y, b) for y, b in zip(ys, bars, strict=True)
                      if b.low is not None and b.high is not None]
            if ranged:
                plot.addItem(pg.ErrorBarItem(
                    x=np.array([(b.low + b.high) / 2 for _y, b in ranged]),  # type: ignore[operator]
                    y=np.array([y for y, _b in ranged], dtype=float),
                    width=np.array([b.high - b.low for _y, b in ranged]),  # type: ignore[operator]
                    beam=0.25, pen=pg.mkPen(self.ink, width=1.5)))
            strips = [(y, part) for y, b in zip(ys, bars, strict=True) for part in b.span]
            if strips:
                plot.addItem(pg.BarGraphItem(
                    x0=[p[0] for _y, p in strips], width=[p[1] - p[0] for _y, p in strips],
                    y=[y - 0.38 for y, _p in strips], height=0.14,
                    brushes=[pg.mkBrush(p[2]) for _y, p in strips],
                    pens=[pg.mkPen(None)] * len(strips)))
            for y, bar in zip(ys, bars, strict=True):
                if bar.text:
                    # on a ground of the chart's colour: a grid line never runs through it
                    label = pg.TextItem(bar.text, color=self.ink, anchor=(0, 0.5),
                                        fill=pg.mkBrush(self.colours.chart.background))
                    label.setFont(self.label_font(0.9))
                    label.textItem.document().setDocumentMargin(VALUE_MARGIN)
                    end = max(bar.value or 0, bar.high or 0)
                    label.setPos(end + top * 0.01, y)  # placed in pixels by _fit_x_range
                    plot.addItem(label)
                    self._values.append((label, end))
        self._fit_x_range()
        plot.setYRange(0.4, count + 0.6, padding=0)

    def _fit_x_range(self, *_args: object) -> None:
        """The x axis runs on past the longest bar as far as the value after it needs at this
        width: at 1024 pixels and a large font a fixed range cut "41.1 Elevated" short."""
        plot = self.getPlotItem()
        if plot is None:
            return
        width = plot.vb.width()
        reach = self._top * 1.08 if self.x_max else self._top
        after, right = self._value_gaps()
        for end, text in self._ends:
            # the whisker, a gap, the value and a margin before the plot's edge
            room = max(width - after - text - right, width / 3)  # a third: the least width
            if width > 0:
                reach = max(reach, end * width / room)
        plot.setXRange(0, reach, padding=0)
        if width > 0:  # the gap after each bar, in pixels whatever the scale
            for label, end in self._values:
                label.setPos(end + after * reach / width, label.pos().y())

    def _bar_colour(self, colour: str) -> str:
        """A bar's fill as drawn (a band's colour, kept as the briefs and the chips show it)."""
        return colour

    def _draw_background(self, plot: pg.PlotItem, top: float) -> None:
        return None


@dataclass(frozen=True)
class DimensionBarData:
    bars: tuple[Bar, ...]


class DimensionBarChart(_HorizontalBars):
    """The dimension scores as bars (0–100) with the low–high range and band boundaries."""

    def _draw_background(self, plot: pg.PlotItem, top: float) -> None:
        for edge in BAND_EDGES:
            line = pg.InfiniteLine(pos=edge, angle=90,
                                   pen=pg.mkPen(self.grid, width=1, style=Qt.PenStyle.DashLine))
            plot.addItem(line)
        self.set_ticks("bottom", [(v, str(v)) for v in (0, 20, 40, 60, 80, 100)])

    def describe(self, data: tuple[Bar, ...]) -> str:
        return spoken_list([spoken_value(b.label, b.value, b.verdict, b.low, b.high)
                            for b in data])

    def set_bars(self, bars: list[Bar]) -> bool:
        return self.set_data(tuple(bars))


class DriverBarChart(_HorizontalBars):
    """The answered indicators that add the most points to the overall exposure, coloured by
    dimension, with a legend of the dimensions."""

    x_max = None
    LABEL_CHARS = 22  # an indicator's id and name: wrapped narrower it ran to four lines

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self._below: _LegendRow | None = None

    def set_bars(self, bars: list[Bar], legend: list[tuple[str, str]] | None = None) -> bool:
        return self.set_data((tuple(bars), tuple(legend or ())))

    def _bar_colour(self, colour: str) -> str:
        """A dimension's colour, in a shade that stands out from the chart's background."""
        return self.series_ink(colour)

    def describe(self, data: tuple[tuple[Bar, ...], tuple[tuple[str, str], ...]]) -> str:
        bars, _legend = data
        return spoken_list([spoken_points(b.label, b.value) for b in bars])

    def _draw(self, data: Any) -> None:
        bars, legend = data
        self._draw_bars(bars)
        box = self._legend_below()
        box.setVisible(bool(legend))
        for name, colour in legend:
            box.addItem(pg.ScatterPlotItem(symbol="s", size=10,
                                           brush=pg.mkBrush(self._bar_colour(colour)),
                                           pen=None), name)
        self._fit_legend()

    def minimumSizeHint(self) -> QSize:
        """Room for the legend's rows under the bars too, and for its widest entry."""
        hint = super().minimumSizeHint()
        box = self.__dict__.get("_below")
        if box is None or not box.isVisible() or not box.items:
            return hint
        rows = -(-len(box.items) // max(1, box.columnCount))
        widest = max(label.item.boundingRect().width() for _sample, label in box.items)
        return QSize(max(hint.width(), round(widest) + 44 + 16),  # one entry a row, whole
                     hint.height() + rows * self._metrics().lineSpacing() * 3 // 2)

    def legend_entries(self) -> list[tuple[str, QRectF]]:
        """The legend under the bars as shown: each entry's name and the box of its sample and
        text in this widget's coordinates; empty with no legend (read only: for tests)."""
        box = self._below
        if box is None or not box.isVisible():
            return []
        return [(str(label.text),
                 self.widget_box(sample.sceneBoundingRect() | label.item.sceneBoundingRect()))
                for sample, label in box.items]

    def _legend_below(self) -> _LegendRow:
        """The legend in its own row under the x axis, across the chart's width: inside the
        plot it covered bars and their values whenever the lower bars were nearly as long."""
        if self._below is None:
            self._below = _LegendRow(colCount=1, labelTextColor=self.ink, horSpacing=16,
                                     verSpacing=-4)
            self.getPlotItem().layout.addItem(self._below, 4, 0, 1, 3)
        self._below.clear()
        self._below.setLabelTextColor(self.ink)  # the theme's, which may have changed
        return self._below

    def close(self) -> None:
        # pyqtgraph's close() clears the scene, deleting the legend's items, then resizes the
        # view: the legend must not be measured again (that crashed the process).
        self._below = None
        super().close()

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        self._fit_legend()  # first: the plot is laid out for the new width next
        super().resizeEvent(event)  # pyqtgraph also calls it (with None) while it is built

    def _fit_legend(self) -> None:
        """As many columns as the width takes, so the legend never widens the chart."""
        box: _LegendRow | None = self.__dict__.get("_below")
        if box is None or not box.items:
            return
        widest = max(label.item.boundingRect().width() for _sample, label in box.items) + 44
        columns = max(1, min(len(box.items), int(self.width() * 0.95 // widest)))
        if columns != box.columnCount:
            box.setColumnCount(columns)


class _LegendRow(pg.LegendItem):  # type: ignore[misc]
    """A legend laid out by the plot's layout: pyqtgraph's own sizing (meant for a legend
    floating over the plot) fixed its width from its stretched labels and widened the chart."""

    def updateSize(self) -> None:
        self.updateGeometry()


def lighter(colour: str, factor: int = 130) -> str:
    return str(QColor(colour).lighter(factor).name())


@dataclass(frozen=True)
class GroupedBars:
    categories: tuple[str, ...]  # top to bottom
    series: tuple[tuple[str, str, tuple[float | None, ...]], ...]  # (name, colour, values)
    verdicts: tuple[tuple[str, ...], ...] = ()  # per series, per category: said with each


class GroupedBarChart(_LabelledBars):
    """Several assessments' dimension scores side by side (the plain view of the radar)."""

    PLOT_CHARS = 20  # several bars a row, to compare: the labels wrap first

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.bars: list[tuple[str, str, float]] = []  # (category, series, value), for tests
        self.getPlotItem().showGrid(x=True, y=False, alpha=0.25)

    def describe(self, data: GroupedBars) -> str:
        named = len(data.series) > 1
        return ". ".join(spoken_series(name, [
            spoken_value(c, v, at(at_row(data.verdicts, k), i))
            for i, (c, v) in enumerate(zip(data.categories, values, strict=True))], named=named)
            for k, (name, _colour, values) in enumerate(data.series))

    def _draw(self, data: GroupedBars) -> None:
        plot = self.getPlotItem()
        count = len(data.categories)
        groups = max(1, len(data.series))
        height = 0.8 / groups
        self.bars = []
        self._set_labels([(count - i, c) for i, c in enumerate(data.categories)])
        self.set_ticks("bottom", [(v, str(v)) for v in (0, 20, 40, 60, 80, 100)])
        for k, (name, colour, values) in enumerate(data.series):
            ys = [count - i + 0.4 - height * (k + 0.5) for i in range(count)]
            widths = [v or 0 for v in values]
            plot.addItem(pg.BarGraphItem(x0=[0] * count, y=ys, width=widths, height=height * 0.9,
                                         brush=pg.mkBrush(self.series_ink(colour)),
                                         pen=pg.mkPen(self.muted)))
            self.bars += [(c, name, v or 0.0) for c, v in zip(data.categories, values,
                                                                 strict=True)]
        plot.setXRange(0, 100, padding=0.02)
        plot.setYRange(0.4, count + 0.6, padding=0)


@dataclass(frozen=True)
class Trend:
    name: str
    points: tuple[tuple[float, float | None, float | None, float | None], ...]  # x, v, lo, hi
    labels: tuple[str, ...]  # x tick labels (dates)
    verdicts: tuple[str, ...] = ()  # per point, in words: said with its value


class TrendChart(Chart):
    """One country's overall exposure over time, with its low–high range."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.values: list[float | None] = []
        self.getPlotItem().showGrid(x=False, y=True, alpha=0.25)
        self.setMinimumSize(0, 0)  # the size hint below, from the font
        self._xs: list[float] = []
        self.getPlotItem().vb.sigResized.connect(self._fit_x_range)

    def minimumSizeHint(self) -> QSize:
        """Two dates apart under the points (the others thinned out), the 0–100 axis, a
        title of two lines."""
        metrics = QFontMetrics(self.font())
        return QSize(metrics.horizontalAdvance("0000-00-00") * 2 + metrics.averageCharWidth()
                     * 10, metrics.lineSpacing() * 12)

    def describe(self, data: Trend) -> str:
        return spoken_series(data.name, [
            spoken_value(label, v, at(data.verdicts, i), lo, hi)
            for i, (label, (_x, v, lo, hi)) in enumerate(zip(data.labels, data.points,
                                                             strict=True))], named=True)

    def _draw(self, data: Trend) -> None:
        plot = self.getPlotItem()
        xs = [p[0] for p in data.points]
        self.values = [p[1] for p in data.points]
        for edge in BAND_EDGES:
            plot.addItem(pg.InfiniteLine(pos=edge, angle=0,
                                         pen=pg.mkPen(self.grid, style=Qt.PenStyle.DashLine)))
        scored = [(x, v, lo, hi) for x, v, lo, hi in data.points if v is not None]
        if scored:
            plot.addItem(pg.ErrorBarItem(
                x=np.array([p[0] for p in scored], dtype=float),
                y=np.array([((p[2] or 0) + (p[3] or 0)) / 2 for p in scored]),
                height=np.array([(p[3] or 0) - (p[2] or 0) for p in scored]), beam=0.15,
                pen=pg.mkPen(self.muted, width=1)))
            colour = self.series_ink(series_colour(0))
            plot.plot([p[0] for p in scored], [p[1] for p in scored],
                      pen=pg.mkPen(colour, width=2.5), symbol="o", symbolSize=8,
                      symbolBrush=colour, symbolPen=pg.mkPen(colour))
        # from 0 to the band line above the highest whisker (0–100 left the scores of a
        # low exposure a sliver at the bottom, out of sight in a tall chart)
        highest = max((v for p in scored for v in (p[1], p[3]) if v is not None), default=0.0)
        top = min(100, max(BAND_EDGES[0], math.ceil((highest + 2) / 20) * 20))
        plot.setYRange(0, top, padding=0.02)
        self._xs = xs
        self._fit_x_range()
        self.set_ticks("bottom", list(zip(xs, data.labels, strict=True)))

    def _fit_x_range(self, *_args: object) -> None:
        """Room beside the first and the last point for half their date: the axis leaves out
        a label that runs past its end."""
        plot = self.getPlotItem()
        if plot is None or not self._xs:
            return
        low, high = min(self._xs), max(self._xs)
        width = plot.vb.width()
        half = QFontMetrics(plot.getAxis("bottom").style["tickFont"] or self.font()) \
            .horizontalAdvance("0000-00-00") / 2 + 4
        pad = 0.5
        if width > 2 * half:
            pad = max(pad, half * max(high - low, 1) / (width - 2 * half))
        plot.setXRange(low - pad, high + pad, padding=0)
