"""Horizontal bar charts: the dimensions with their ranges, and the drivers of the score."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import QWidget

from ..palette import GRID, MUTED, series_colour
from ..palette import INK as TEXT
from .base import Chart

BAND_EDGES = (20, 40, 60, 80)


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


class _HorizontalBars(Chart):
    """Bars listed top to bottom; the x axis is points."""

    x_max: float | None = 100.0

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.bars: list[tuple[str, float]] = []  # drawn (label, value), for tests
        self.getPlotItem().getAxis("left").setStyle(tickTextOffset=6)
        self.getPlotItem().showGrid(x=True, y=False, alpha=0.25)

    def _draw(self, data: Any) -> None:
        self._draw_bars(data)

    def _draw_bars(self, bars: tuple[Bar, ...]) -> None:
        plot = self.getPlotItem()
        count = len(bars)
        self.bars = [(b.label, b.value or 0.0) for b in bars]
        ys = [count - i for i in range(count)]
        axis = plot.getAxis("left")
        axis.setTicks([[(y, b.label) for y, b in zip(ys, bars, strict=True)]])
        axis.setTextPen(TEXT)
        top = self.x_max or max([b.high or b.value or 0 for b in bars] + [1.0]) * 1.25
        self._draw_background(plot, top)
        if count:
            plot.addItem(pg.BarGraphItem(
                x0=[0] * count, y=ys, width=[b.value or 0 for b in bars], height=0.6,
                brushes=[pg.mkBrush(b.colour) for b in bars], pens=[pg.mkPen(MUTED)] * count))
            ranged = [(y, b) for y, b in zip(ys, bars, strict=True)
                      if b.low is not None and b.high is not None]
            if ranged:
                plot.addItem(pg.ErrorBarItem(
                    x=np.array([(b.low + b.high) / 2 for _y, b in ranged]),  # type: ignore[operator]
                    y=np.array([y for y, _b in ranged], dtype=float),
                    width=np.array([b.high - b.low for _y, b in ranged]),  # type: ignore[operator]
                    beam=0.25, pen=pg.mkPen(TEXT, width=1.5)))
            strips = [(y, part) for y, b in zip(ys, bars, strict=True) for part in b.span]
            if strips:
                plot.addItem(pg.BarGraphItem(
                    x0=[p[0] for _y, p in strips], width=[p[1] - p[0] for _y, p in strips],
                    y=[y - 0.38 for y, _p in strips], height=0.14,
                    brushes=[pg.mkBrush(p[2]) for _y, p in strips],
                    pens=[pg.mkPen(None)] * len(strips)))
            for y, bar in zip(ys, bars, strict=True):
                if bar.text:
                    label = pg.TextItem(bar.text, color=TEXT, anchor=(0, 0.5))
                    label.setFont(self.label_font(0.9))
                    end = max(bar.value or 0, bar.high or 0)
                    label.setPos(end + top * 0.01, y)
                    plot.addItem(label)
        plot.setXRange(0, top * 1.55 if self.x_max else top, padding=0)
        plot.setYRange(0.4, count + 0.6, padding=0)

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
                                   pen=pg.mkPen(GRID, width=1, style=Qt.PenStyle.DashLine))
            plot.addItem(line)
        plot.getAxis("bottom").setTicks([[(v, str(v)) for v in (0, 20, 40, 60, 80, 100)]])

    def set_bars(self, bars: list[Bar]) -> bool:
        return self.set_data(tuple(bars))


class DriverBarChart(_HorizontalBars):
    """The answered indicators that add the most points to the overall exposure, coloured by
    dimension, with a legend of the dimensions."""

    x_max = None

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self._below: _LegendRow | None = None

    def set_bars(self, bars: list[Bar], legend: list[tuple[str, str]] | None = None) -> bool:
        return self.set_data((tuple(bars), tuple(legend or ())))

    def _draw(self, data: Any) -> None:
        bars, legend = data
        self._draw_bars(bars)
        box = self._legend_below()
        box.setVisible(bool(legend))
        for name, colour in legend:
            box.addItem(pg.ScatterPlotItem(symbol="s", size=10, brush=pg.mkBrush(colour),
                                           pen=None), name)
        self._fit_legend()

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
            self._below = _LegendRow(colCount=1, labelTextColor=TEXT, horSpacing=16,
                                     verSpacing=-4)
            self.getPlotItem().layout.addItem(self._below, 4, 0, 1, 3)
        self._below.clear()
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


class GroupedBarChart(Chart):
    """Several assessments' dimension scores side by side (the plain view of the radar)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.bars: list[tuple[str, str, float]] = []  # (category, series, value), for tests
        self.getPlotItem().showGrid(x=True, y=False, alpha=0.25)

    def _draw(self, data: GroupedBars) -> None:
        plot = self.getPlotItem()
        count = len(data.categories)
        groups = max(1, len(data.series))
        height = 0.8 / groups
        self.bars = []
        plot.getAxis("left").setTicks([[(count - i, c) for i, c in enumerate(data.categories)]])
        plot.getAxis("bottom").setTicks([[(v, str(v)) for v in (0, 20, 40, 60, 80, 100)]])
        for k, (name, colour, values) in enumerate(data.series):
            ys = [count - i + 0.4 - height * (k + 0.5) for i in range(count)]
            widths = [v or 0 for v in values]
            plot.addItem(pg.BarGraphItem(x0=[0] * count, y=ys, width=widths, height=height * 0.9,
                                         brush=pg.mkBrush(colour), pen=pg.mkPen(MUTED)))
            self.bars += [(c, name, v or 0.0) for c, v in zip(data.categories, values,
                                                                 strict=True)]
        plot.setXRange(0, 100, padding=0.02)
        plot.setYRange(0.4, count + 0.6, padding=0)


@dataclass(frozen=True)
class Trend:
    name: str
    points: tuple[tuple[float, float | None, float | None, float | None], ...]  # x, v, lo, hi
    labels: tuple[str, ...]  # x tick labels (dates)


class TrendChart(Chart):
    """One country's overall exposure over time, with its low–high range."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.values: list[float | None] = []
        self.getPlotItem().showGrid(x=False, y=True, alpha=0.25)

    def _draw(self, data: Trend) -> None:
        plot = self.getPlotItem()
        xs = [p[0] for p in data.points]
        self.values = [p[1] for p in data.points]
        for edge in BAND_EDGES:
            plot.addItem(pg.InfiniteLine(pos=edge, angle=0,
                                         pen=pg.mkPen(GRID, style=Qt.PenStyle.DashLine)))
        scored = [(x, v, lo, hi) for x, v, lo, hi in data.points if v is not None]
        if scored:
            plot.addItem(pg.ErrorBarItem(
                x=np.array([p[0] for p in scored], dtype=float),
                y=np.array([((p[2] or 0) + (p[3] or 0)) / 2 for p in scored]),
                height=np.array([(p[3] or 0) - (p[2] or 0) for p in scored]), beam=0.15,
                pen=pg.mkPen(MUTED, width=1)))
            plot.plot([p[0] for p in scored], [p[1] for p in scored],
                      pen=pg.mkPen(series_colour(0), width=2.5), symbol="o", symbolSize=8,
                      symbolBrush=series_colour(0))
        plot.getAxis("bottom").setTicks([list(zip(xs, data.labels, strict=True))])
        plot.setYRange(0, 100, padding=0.02)
        if xs:
            plot.setXRange(min(xs) - 0.5, max(xs) + 0.5, padding=0)
