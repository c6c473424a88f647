"""The dimensions as a radar, each series with its low–high range drawn as a band.

Radar areas exaggerate differences, so the results page shows the same numbers as bars beside
it; the radar is for shape, the bars for reading values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetrics,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsPolygonItem, QWidget

from ..palette import series_colour
from .base import Chart, wrap_words
from .spoken import at, at_value, spoken_series, spoken_value

RINGS = (20, 40, 60, 80, 100)
LABEL_SCALE = 0.95  # axis names, relative to the chart's font (the application's)
LEAST_LABEL_SCALE = 0.85  # the smallest they get in a small chart: they wrap first
RING_SCALE = 0.85  # the rings' numbers
LABEL_SHARE = 0.3  # an axis name no wider than this share of the chart, wrapped if need be
LABEL_CHARS = (10, 14, 20)  # ... nor than so many average characters: the largest web
WEB_ROOM = 1.08  # the web's radius is 1: room for its points and outlines beyond it


@dataclass(frozen=True)
class RadarSeries:
    name: str
    values: tuple[float | None, ...]  # one per axis, 0–100; None = no score
    low: tuple[float | None, ...] = ()
    high: tuple[float | None, ...] = ()
    verdicts: tuple[str, ...] = ()  # one per axis, in words ("Guarded"), said with the value


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
        self._ring_labels: list[pg.TextItem] = []
        # the web (rings, spokes, labels) stays while the axes do: a new comparison redraws
        # only its series
        self._web_axes: tuple[str, ...] = ()
        self._series_items: list[QGraphicsItem] = []
        self._outlines: list[list[tuple[float, float]]] = []  # every line a series draws
        self._per_px = 0.0  # data units per pixel, as last fitted
        self.setMinimumSize(0, 0)  # the size hint below, from the font
        # fitted to the plot's size once it has it (a resize event comes before the layout)
        self.getPlotItem().vb.sigResized.connect(self._fit_range)

    def minimumSizeHint(self) -> QSize:
        """Room for a web that still shows its shape between axis labels of two lines of
        some 14 characters each side (the web about as wide as one of them), at the font in
        use."""
        metrics = QFontMetrics(self.font())
        return QSize(metrics.averageCharWidth() * 40, metrics.lineSpacing() * 12)

    def _forget_drawing(self) -> None:
        self._web_axes = ()  # the web too is drawn again, in the new colours

    def axis_label_boxes(self) -> list[tuple[str, QRectF]]:
        """The axis labels as shown: each one's text and its box in this widget's coordinates
        (read only: for tests)."""
        return [(str(label.toPlainText()), self.widget_box(label.sceneBoundingRect()))
                for *_place, label in self._axis_labels]

    def ring_label_boxes(self) -> list[tuple[str, QRectF]]:
        """The rings' numbers as shown: each one's text and the box of its ink in this
        widget's coordinates (read only: for tests)."""
        return [(str(label.toPlainText()), self._ink_box(label))
                for label in self._ring_labels if label.isVisible()]

    def outline_paths(self) -> list[list[QPointF]]:
        """Every line the series draw (polygons, their ranges' edges) in this widget's
        coordinates (read only: for tests)."""
        view = self.getPlotItem().vb
        return [[QPointF(self.mapFromScene(view.mapViewToScene(QPointF(x, y))))
                 for x, y in line] for line in self._outlines]

    def _ink_box(self, label: pg.TextItem) -> QRectF:
        margin = label.textItem.document().documentMargin()
        return self.widget_box(label.sceneBoundingRect()).adjusted(margin, margin, -margin,
                                                                   -margin)

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
        self._outlines = []

    def describe(self, data: RadarData) -> str:
        named = len(data.series) > 1
        return ". ".join(spoken_series(s.name, [
            spoken_value(axis, at_value(s.values, i), at(s.verdicts, i), at_value(s.low, i),
                         at_value(s.high, i)) for i, axis in enumerate(data.axes)], named=named)
            for s in data.series)

    def _draw(self, data: RadarData) -> None:
        n = len(data.axes)
        self.polygons = []
        if data.axes != self._web_axes:
            self._draw_web(data.axes)
        if n < 3:
            return
        # on a dark background a translucent fill shows less: more of the colour
        alone = len(data.series) == 1
        fill_alpha = (90 if alone else 55) if self.dark else (60 if alone else 35)
        for index, series in enumerate(data.series):
            colour = QColor(self.series_ink(series_colour(index), fill_alpha / 255))
            if series.low and series.high:
                self._band(series, colour)
            polygon = self._polygon(series.values)
            item = QGraphicsPolygonItem(QPolygonF([QPointF(x, y) for x, y in polygon]))
            fill = QColor(colour)
            fill.setAlpha(fill_alpha)
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
            self._outlines.append(closed)
        self._place_rings()

    def _add_series_item(self, item: QGraphicsItem) -> None:
        self.getPlotItem().addItem(item)
        self._series_items.append(item)

    def _draw_web(self, axes: tuple[str, ...]) -> None:
        plot = self.getPlotItem()
        n = len(axes)
        self.labels = []
        self._axis_labels = []
        self._ring_labels = []
        self._web_axes = axes
        if n < 3:
            return
        grid_pen = pg.mkPen(self.grid, width=1)
        for ring in RINGS:
            outline = [self.point(i, n, ring) for i in range(n)] + [self.point(0, n, ring)]
            plot.addItem(pg.PlotCurveItem([p[0] for p in outline], [p[1] for p in outline],
                                          pen=grid_pen))
        for i, name in enumerate(axes):
            x, y = self.point(i, n, 100)
            plot.addItem(pg.PlotCurveItem([0, x], [0, y], pen=grid_pen))
            anchor = _anchor(x, y)
            text = pg.TextItem(_wrap(name), color=self.ink, anchor=anchor)
            text.setFont(self.label_font(LABEL_SCALE))
            text.setPos(x * 1.06, y * 1.06)
            plot.addItem(text)
            self.labels.append(name)
            self._axis_labels.append((x * 1.06, y * 1.06, anchor, text))
        # the rings' numbers over the web's lines (an opaque ground in the chart's colour
        # hides the ring under each), under the series: placed in the emptiest sector
        for ring in RINGS:
            label = pg.TextItem(str(ring), color=self.muted, anchor=(0.5, 0.5),
                                fill=pg.mkBrush(self.colours.chart.background))
            label.setFont(self.label_font(RING_SCALE))
            label.textItem.document().setDocumentMargin(1)
            self._ring_labels.append(label)
            plot.addItem(label)
        self._fit_range()

    def _fit_range(self, *_args: object) -> None:
        """Show the web with every axis label whole, centred, as large as the plot allows:
        the labels wrapped narrower where the width is short (side labels), wider where the
        height is (labels above and below), whichever leaves the larger web."""
        plot = self.getPlotItem()
        if plot is None:  # being destroyed
            return
        width, height = plot.vb.width(), plot.vb.height()
        extents = (-WEB_ROOM, WEB_ROOM, -WEB_ROOM, WEB_ROOM)
        if width > 0 and height > 0 and self._axis_labels:
            chars = QFontMetrics(self.font()).averageCharWidth()
            limit = width * LABEL_SHARE
            # the widest first: a narrower wrap (more lines) only for a web larger by a bit
            widths = sorted({min(limit, chars * count) for count in LABEL_CHARS}, reverse=True)
            best: tuple[float, float, tuple[float, float, float, float]] | None = None
            for widest in widths:
                self._fit_labels(widest, limit)
                tried = self._extents(width, height)
                per_px = max((tried[1] - tried[0]) / width, (tried[3] - tried[2]) / height)
                if best is None or per_px < best[0] * 0.95:
                    best = (per_px, widest, tried)
            if best is not None:
                if best[1] != widths[-1]:
                    self._fit_labels(best[1], limit)
                extents = best[2]
        left, right, bottom, top = extents
        # the web with its labels in the middle of the plot: the view's locked aspect widens
        # whichever range has room to spare on both sides alike
        plot.setRange(xRange=(left, right), yRange=(bottom, top), padding=0)
        if width > 0 and height > 0:
            self._per_px = max((right - left) / width, (top - bottom) / height)
            self._place_rings()

    def _extents(self, width: float, height: float) -> tuple[float, float, float, float]:
        """The range (left, right, bottom, top) that shows the web and its labels whole in a
        plot of ``width`` × ``height`` pixels. Labels keep their size in pixels while the web
        scales with the chart, so a narrow chart or a large font needs more room around the
        web: found by rounds of fitting the labels at the scale the previous round gave."""
        room, margin = WEB_ROOM, 6.0
        left, right, bottom, top = -room, room, -room, room
        for _round in range(20):  # converges geometrically; 20 rounds are plenty
            per_px = max((right - left) / width, (top - bottom) / height)
            left, right, bottom, top = -room, room, -room, room
            for x, y, (ax, ay), label in self._axis_labels:
                box = label.textItem.boundingRect()
                w, h = (box.width() + margin) * per_px, (box.height() + margin) * per_px
                left, right = min(left, x - ax * w), max(right, x + (1 - ax) * w)
                bottom, top = min(bottom, y - (1 - ay) * h), max(top, y + ay * h)
            half = max(-left, right)  # the web stays centred across
            left, right = -half, half
        return left, right, bottom, top

    def _fit_labels(self, widest: float, limit: float) -> None:
        """Each axis name on as few lines as fit ``widest`` pixels, the lines alike in length
        (a longer word on a line of its own); at the chart's font scaled by LABEL_SCALE,
        smaller (to LEAST_LABEL_SCALE) only when a single word is wider than ``limit``."""
        labels = [label for *_place, label in self._axis_labels]
        scales = (LABEL_SCALE, 0.9, LEAST_LABEL_SCALE)
        for scale in scales:
            font = self.label_font(scale)
            metrics = QFontMetrics(font)
            texts = ["\n".join(_balanced(name, metrics, widest)) for name in self.labels]
            if all(metrics.horizontalAdvance(line) <= limit
                   for text in texts for line in text.split("\n")):
                break
        for label, text in zip(labels, texts, strict=True):
            if label.textItem.font() != font:
                label.setFont(font)
            if label.toPlainText() != text:
                label.setText(text)

    def _place_rings(self) -> None:
        """The rings' numbers along the middle of the sector between two axes where most of
        them are clear of the data (of sectors alike, where the series reach least, then the
        one nearest the upper right, where readers look for a scale); as many as stand apart
        at this size (every second one, or just 100, in a small chart); none where an axis
        label sits or a series' line or point would run through it."""
        labels = self._ring_labels
        per_px = self._per_px
        n = len(self._web_axes)
        if not labels or n < 3 or per_px <= 0:
            return
        inward = math.cos(math.pi / n)  # a ring's side is this far from the centre
        margin = labels[0].textItem.document().documentMargin()

        def ink(label: pg.TextItem) -> tuple[float, float]:  # its text's size, in data units
            box = label.textItem.boundingRect()
            return ((box.width() - 2 * margin) * per_px, (box.height() - 2 * margin) * per_px)

        taken = []  # the axis labels' boxes: (left, right, bottom, top)
        for x, y, (ax, ay), label in self._axis_labels:
            w, h = ink(label)
            taken.append((x - ax * w, x + (1 - ax) * w, y - (1 - ay) * h, y + ay * h))
        clearance = 4 * per_px  # a series' points are 7 px across
        sizes = [ink(label) for label in labels]
        last = len(labels) - 1
        best: tuple[tuple[int, int, int], float, list[bool]] | None = None
        for rank, sector in enumerate(self._sectors(n)):
            angle = math.pi / 2 - 2 * math.pi * (sector + 0.5) / n
            # two along the bisector stand apart across or up and down, whichever comes first
            wide, tall = (size + 2 * per_px for size in sizes[-1])
            across, upward = abs(math.cos(angle)), abs(math.sin(angle))
            needed = min(wide / across if across > 1e-6 else math.inf,
                         tall / upward if upward > 1e-6 else math.inf)
            gap = (RINGS[1] - RINGS[0]) / 100 * inward
            step = max(1, min(len(labels), math.ceil(needed / gap)))  # at the least, 100 alone
            clear = []
            for ring, (w, h) in zip(RINGS, sizes, strict=True):
                r = ring / 100 * inward
                cx, cy = r * math.cos(angle), r * math.sin(angle)
                box = QRectF(cx - w / 2 - clearance, cy - h / 2 - clearance,
                             w + 2 * clearance, h + 2 * clearance)
                free = not any(box.left() < right and box.right() > left and box.top() < top
                               and box.bottom() > bottom for left, right, bottom, top in taken)
                clear.append(free and not any(_crosses(box, line) for line in self._outlines))
            # every step-th ring from 100 down (100, 60, 20), or from the next one down
            # (80, 40), where more of those are clear of the data
            for phase in range(step):
                shown = [clear[i] and (last - i) % step == phase for i in range(len(labels))]
                key = (sum(shown), -rank, -phase)
                if best is None or key > best[0]:
                    best = (key, angle, shown)
        if best is None:
            return
        _key, angle, shown = best
        for ring, label, visible in zip(RINGS, labels, shown, strict=True):
            r = ring / 100 * inward
            label.setPos(r * math.cos(angle), r * math.sin(angle))
            label.setVisible(visible)

    def _sectors(self, n: int) -> list[int]:
        """The sectors (between axis k and the next clockwise), those where the series reach
        least first; of those alike, the one nearest the upper right first."""
        data = self.data if isinstance(self.data, RadarData) else None
        reach = [0.0] * n
        for series in data.series if data is not None else ():
            for i in range(n):
                for values in (series.values, series.high):
                    value = at_value(values, i)
                    reach[i] = max(reach[i], value or 0.0)

        def angle_off(k: int) -> float:
            bisector = 90 - 360 * (k + 0.5) / n
            return abs((bisector - 45 + 180) % 360 - 180)

        return sorted(range(n), key=lambda k: (round(max(reach[k], reach[(k + 1) % n]), 6),
                                               angle_off(k)))

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
        fill.setAlpha(150 if self.dark else 45)  # a hatch: half its pixels show the colour
        item.setBrush(QBrush(fill, Qt.BrushStyle.Dense4Pattern))
        pen = QPen(colour, 1.5 if self.dark else 1, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        item.setPen(pen)
        self._add_series_item(item)
        self._outlines += [[*outer, outer[0]], [*inner, inner[0]]]


def _crosses(box: QRectF, line: list[tuple[float, float]]) -> bool:
    """Whether a polyline (data units) runs through a box (data units, y up)."""
    edges = [QLineF(box.topLeft(), box.topRight()), QLineF(box.topRight(), box.bottomRight()),
             QLineF(box.bottomRight(), box.bottomLeft()), QLineF(box.bottomLeft(), box.topLeft())]
    for (x1, y1), (x2, y2) in pairwise(line):
        if box.contains(QPointF(x1, y1)) or box.contains(QPointF(x2, y2)):
            return True
        segment = QLineF(x1, y1, x2, y2)
        if any(segment.intersects(edge)[0] == QLineF.IntersectionType.BoundedIntersection
               for edge in edges):
            return True
    return False


def _balanced(name: str, metrics: QFontMetrics, widest: float) -> list[str]:
    """``name`` on the fewest lines no wider than ``widest`` pixels, alike in length; a word
    wider than that on a line of its own."""
    words = name.split(" ")
    spans = sorted({metrics.horizontalAdvance(" ".join(words[i:j]))
                    for i in range(len(words)) for j in range(i + 1, len(words) + 1)})
    for count in range(1, len(words) + 1):
        for width in spans:  # the narrowest width that takes ``count`` lines
            lines = wrap_words(name, metrics, width)
            if len(lines) <= count:
                if width <= widest:
                    return lines
                break
    return wrap_words(name, metrics, int(widest))


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
