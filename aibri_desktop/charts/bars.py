"""Horizontal bar charts: the dimensions with their ranges, and the drivers of the score."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from .base import GRID, TEXT, Chart

BAND_EDGES = (20, 40, 60, 80)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    colour: str
    low: float | None = None
    high: float | None = None
    text: str = ""  # printed at the end of the bar


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
                brushes=[pg.mkBrush(b.colour) for b in bars], pens=[pg.mkPen("#5f6368")] * count))
            ranged = [(y, b) for y, b in zip(ys, bars, strict=True)
                      if b.low is not None and b.high is not None]
            if ranged:
                plot.addItem(pg.ErrorBarItem(
                    x=np.array([(b.low + b.high) / 2 for _y, b in ranged]),  # type: ignore[operator]
                    y=np.array([y for y, _b in ranged], dtype=float),
                    width=np.array([b.high - b.low for _y, b in ranged]),  # type: ignore[operator]
                    beam=0.25, pen=pg.mkPen("#202124", width=1.5)))
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

    def set_bars(self, bars: list[Bar], legend: list[tuple[str, str]] | None = None) -> bool:
        return self.set_data((tuple(bars), tuple(legend or ())))

    def _draw(self, data: Any) -> None:
        bars, legend = data
        self._draw_bars(bars)
        if legend:
            # bottom right: the bars are sorted longest first, so the shortest are there
            box = self.getPlotItem().addLegend(offset=(-10, -10), labelTextColor=TEXT)
            for name, colour in legend:
                box.addItem(pg.ScatterPlotItem(symbol="s", size=10, brush=pg.mkBrush(colour),
                                               pen=None), name)


def lighter(colour: str, factor: int = 130) -> str:
    return str(QColor(colour).lighter(factor).name())
