"""The dimensions as a radar, each series with its low–high range drawn as a band.

Radar areas exaggerate differences, so the results page shows the same numbers as bars beside
it; the radar is for shape, the bars for reading values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsPolygonItem, QWidget

from .base import GRID, SERIES_COLOURS, TEXT, Chart

RINGS = (20, 40, 60, 80, 100)


@dataclass(frozen=True)
class RadarSeries:
    name: str
    values: tuple[float | None, ...]  # one per axis, 0–100; None = no score
    low: tuple[float | None, ...] = ()
    high: tuple[float | None, ...] = ()


@dataclass(frozen=True)
class RadarData:
    axes: tuple[str, ...]
    series: tuple[RadarSeries, ...]


class RadarChart(Chart):
    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.hideAxis("left")
        self.hideAxis("bottom")
        self.setAspectLocked(True)
        self.polygons: list[list[tuple[float, float]]] = []  # drawn series, for tests
        self.labels: list[str] = []

    @staticmethod
    def point(axis: int, count: int, value: float) -> tuple[float, float]:
        """Axis 0 points up; the others follow clockwise. Radius 1 = 100."""
        angle = math.pi / 2 - 2 * math.pi * axis / count
        r = max(0.0, min(100.0, value)) / 100
        return (r * math.cos(angle), r * math.sin(angle))

    def _polygon(self, values: tuple[float | None, ...]) -> list[tuple[float, float]]:
        n = len(values)
        return [self.point(i, n, v or 0.0) for i, v in enumerate(values)]

    def _draw(self, data: RadarData) -> None:
        plot = self.getPlotItem()
        n = len(data.axes)
        self.polygons = []
        self.labels = []
        if n < 3:
            return
        grid_pen = pg.mkPen(GRID, width=1)
        for ring in RINGS:
            outline = [self.point(i, n, ring) for i in range(n)] + [self.point(0, n, ring)]
            plot.addItem(pg.PlotCurveItem([p[0] for p in outline], [p[1] for p in outline],
                                          pen=grid_pen))
            label = pg.TextItem(str(ring), color="#5f6368", anchor=(0, 0.5))
            label.setFont(self.label_font(0.8))
            x, y = self.point(0, n, ring)
            label.setPos(x + 0.02, y)
            plot.addItem(label)
        for i, name in enumerate(data.axes):
            x, y = self.point(i, n, 100)
            plot.addItem(pg.PlotCurveItem([0, x], [0, y], pen=grid_pen))
            text = pg.TextItem(_wrap(name), color=TEXT, anchor=_anchor(x, y))
            text.setFont(self.label_font(0.95))
            text.setPos(x * 1.06, y * 1.06)
            plot.addItem(text)
            self.labels.append(name)
        for index, series in enumerate(data.series):
            colour = QColor(SERIES_COLOURS[index % len(SERIES_COLOURS)])
            if series.low and series.high:
                self._band(series, colour)
            polygon = self._polygon(series.values)
            item = QGraphicsPolygonItem(QPolygonF([QPointF(x, y) for x, y in polygon]))
            fill = QColor(colour)
            fill.setAlpha(60 if len(data.series) == 1 else 35)
            item.setBrush(QBrush(fill))
            pen = QPen(colour, 2.5)
            pen.setCosmetic(True)
            item.setPen(pen)
            plot.addItem(item)
            closed = [*polygon, polygon[0]]
            plot.addItem(pg.ScatterPlotItem([p[0] for p in polygon], [p[1] for p in polygon],
                                            size=7, brush=pg.mkBrush(colour), pen=None))
            self.polygons.append(closed)
        plot.setRange(xRange=(-1.95, 1.95), yRange=(-1.25, 1.5), padding=0)

    def _band(self, series: RadarSeries, colour: QColor) -> None:
        outer = self._polygon(series.high)
        inner = self._polygon(series.low)
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.OddEvenFill)
        path.addPolygon(QPolygonF([QPointF(x, y) for x, y in outer]))
        path.closeSubpath()
        path.addPolygon(QPolygonF([QPointF(x, y) for x, y in inner]))
        path.closeSubpath()
        item = QGraphicsPathItem(path)
        fill = QColor(colour)
        fill.setAlpha(45)
        item.setBrush(QBrush(fill, Qt.BrushStyle.Dense4Pattern))
        pen = QPen(colour, 1, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        item.setPen(pen)
        self.getPlotItem().addItem(item)


def _wrap(name: str, width: int = 14) -> str:
    """Long axis names on two lines, so they stay inside the chart."""
    if len(name) <= width or " " not in name:
        return name
    words = name.split(" ")
    best = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) -
                                                       len(" ".join(words[i:]))))
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


def _anchor(x: float, y: float) -> tuple[float, float]:
    """Place an axis label outside the web: left of, right of, above or below its point."""
    horizontal = 0.5 if abs(x) < 0.05 else (0.0 if x > 0 else 1.0)
    vertical = 1.0 if y > 0.5 else (0.0 if y < -0.5 else 0.5)
    return (horizontal, vertical)
