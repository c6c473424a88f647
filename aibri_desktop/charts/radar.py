"""The dimensions as a radar, each series with its low–high range drawn as a band.

Radar areas exaggerate differences, so the results page shows the same numbers as bars beside
it; the radar is for shape, the bars for reading values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen, QPolygonF, QResizeEvent
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsPolygonItem, QWidget

from ..palette import GRID, MUTED, series_colour
from ..palette import INK as TEXT
from .base import Chart

RINGS = (20, 40, 60, 80, 100)
LABEL_SCALE = 0.95  # axis labels, relative to the chart's font
X_HALF_RANGE = 1.95  # the web's radius is 1; the rest is room for the axis labels


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
        self._axis_labels: list[tuple[float, float, tuple[float, float], pg.TextItem]] = []
        # the web (rings, spokes, labels) stays while the axes do: a new comparison redraws
        # only its series
        self._web_axes: tuple[str, ...] = ()
        self._series_items: list[QGraphicsItem] = []

    def axis_label_boxes(self) -> list[tuple[str, QRectF]]:
        """The axis labels as shown: each one's text and its box in this widget's coordinates
        (read only: for tests)."""
        return [(str(label.toPlainText()), self.widget_box(label.sceneBoundingRect()))
                for *_place, label in self._axis_labels]

    @staticmethod
    def point(axis: int, count: int, value: float) -> tuple[float, float]:
        """Axis 0 points up; the others follow clockwise. Radius 1 = 100."""
        angle = math.pi / 2 - 2 * math.pi * axis / count
        r = max(0.0, min(100.0, value)) / 100
        return (r * math.cos(angle), r * math.sin(angle))

    def _polygon(self, values: tuple[float | None, ...]) -> list[tuple[float, float]]:
        n = len(values)
        return [self.point(i, n, v or 0.0) for i, v in enumerate(values)]

    def _clear(self, data: RadarData) -> None:
        if data.axes == self._web_axes and len(data.axes) >= 3:
            plot = self.getPlotItem()
            for item in self._series_items:
                plot.removeItem(item)
        else:
            super()._clear(data)
            self._web_axes = ()
        self._series_items = []

    def _draw(self, data: RadarData) -> None:
        n = len(data.axes)
        self.polygons = []
        if data.axes != self._web_axes:
            self._draw_web(data.axes)
        if n < 3:
            return
        for index, series in enumerate(data.series):
            colour = QColor(series_colour(index))
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
            self._add_series_item(item)
            closed = [*polygon, polygon[0]]
            self._add_series_item(pg.ScatterPlotItem(
                [p[0] for p in polygon], [p[1] for p in polygon], size=7,
                brush=pg.mkBrush(colour), pen=None))
            self.polygons.append(closed)

    def _add_series_item(self, item: QGraphicsItem) -> None:
        self.getPlotItem().addItem(item)
        self._series_items.append(item)

    def _draw_web(self, axes: tuple[str, ...]) -> None:
        plot = self.getPlotItem()
        n = len(axes)
        self.labels = []
        self._axis_labels = []
        self._web_axes = axes
        if n < 3:
            return
        grid_pen = pg.mkPen(GRID, width=1)
        for ring in RINGS:
            outline = [self.point(i, n, ring) for i in range(n)] + [self.point(0, n, ring)]
            plot.addItem(pg.PlotCurveItem([p[0] for p in outline], [p[1] for p in outline],
                                          pen=grid_pen))
            label = pg.TextItem(str(ring), color=MUTED, anchor=(0, 0.5))
            label.setFont(self.label_font(0.8))
            x, y = self.point(0, n, ring)
            label.setPos(x + 0.02, y)
            plot.addItem(label)
        for i, name in enumerate(axes):
            x, y = self.point(i, n, 100)
            plot.addItem(pg.PlotCurveItem([0, x], [0, y], pen=grid_pen))
            anchor = _anchor(x, y)
            text = pg.TextItem(_wrap(name), color=TEXT, anchor=anchor)
            text.setFont(self.label_font(LABEL_SCALE))
            text.setPos(x * 1.06, y * 1.06)
            plot.addItem(text)
            self.labels.append(name)
            self._axis_labels.append((x * 1.06, y * 1.06, anchor, text))
        self._fit_range()

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        super().resizeEvent(event)
        if self.__dict__.get("_axis_labels"):  # pyqtgraph calls it while it is built, too
            self._fit_range()

    def _fit_range(self) -> None:
        """Show the web with every axis label whole. Labels keep their size in pixels while
        the web scales with the chart, so a narrow chart or a large font needs more room
        around the web: the range is found by rounds of fitting the labels at the
        scale the previous round gave."""
        plot = self.getPlotItem()
        if plot is None:  # being destroyed
            return
        width, height = plot.vb.width(), plot.vb.height()
        left, right, bottom, top = -X_HALF_RANGE, X_HALF_RANGE, -1.3, 1.55
        if width > 0 and height > 0 and self._axis_labels:
            self._shrink_labels_to(width * 0.3)
            margin = 6.0
            for _round in range(20):  # converges geometrically; 20 rounds are plenty
                per_px = max((right - left) / width, (top - bottom) / height)
                for x, y, (ax, ay), label in self._axis_labels:
                    box = label.textItem.boundingRect()
                    w, h = (box.width() + margin) * per_px, (box.height() + margin) * per_px
                    left, right = min(left, x - ax * w), max(right, x + (1 - ax) * w)
                    bottom, top = min(bottom, y - (1 - ay) * h), max(top, y + ay * h)
                half = max(-left, right)  # the web stays centred
                left, right = -half, half
        plot.setRange(xRange=(left, right), yRange=(bottom, top), padding=0)

    def _shrink_labels_to(self, widest: float) -> None:
        """In a small chart (or with a large font) smaller labels, down to 60 %, so the web
        keeps some size: no zoom can fit a label wider than half the chart beside it."""
        labels = [label for *_place, label in self._axis_labels]
        for label in labels:
            label.setFont(self.label_font(LABEL_SCALE))
        natural = max(label.textItem.boundingRect().width() for label in labels)
        if natural > widest:
            scale = max(0.6, LABEL_SCALE * widest / natural)
            for label in labels:
                label.setFont(self.label_font(scale))

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
        self._add_series_item(item)


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
