"""What every chart shares: the palette's colours, no pyqtgraph menu, PNG export, data
equality."""

from __future__ import annotations

import html
import math
import os
import tempfile
from itertools import pairwise
from pathlib import Path
from typing import Any

import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter
from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Slot
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QPainter,
    QPalette,
    QPicture,
    QResizeEvent,
)
from PySide6.QtWidgets import QFileDialog, QWidget

# The series and band colours come from palette.py (shared with the briefs); the background,
# text, grid and outlines from the application's palette (the theme), fitted for contrast.
from ..palette import INK, NON_TEXT, Roles, Tones, mix, readable, tones

pg.setConfigOptions(antialias=True, background="w", foreground=INK)


def chart_tones() -> Tones:
    """The tones of the application's palette now: a chart's are ``chart`` (background,
    text, grid as ``edge``) and ``chart_muted``."""
    palette = QGuiApplication.palette()
    group = QPalette.ColorGroup.Active
    return tones(Roles.read(lambda name: palette.color(group, getattr(QPalette.ColorRole, name))
                            .name()))


class Chart(pg.PlotWidget):  # type: ignore[misc]
    """A plot with our defaults. Subclasses implement ``_draw(data)``."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent, axisItems={side: _EndsAxis(orientation=side)
                                                   for side in ("bottom", "left")})
        self.setAccessibleName(title)
        self.title = title
        self.data: Any = None
        self.redraws = 0
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.colours = chart_tones()
        self._apply_colours()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):  # a theme chosen, or the system's switched
            app.paletteChanged.connect(self._palette_changed)
        self.setMinimumSize(200, 170)
        self.preferred_height = 0  # what a page would like (sizeHint); 0: the least height
        self._ticks: dict[str, list[tuple[float, str]]] = {}  # every label an axis may show
        plot = self.getPlotItem()
        # the title over the whole chart, not only the plot beside the labels: it wraps to the
        # chart's width (_fit_title) and never makes the chart wider than its widget
        plot.layout.removeItem(plot.titleLabel)
        plot.layout.addItem(plot.titleLabel, 0, 0, 1, 3)
        self._fit_axis_ends()
        view = plot.vb
        view.sigResized.connect(self._thin_ticks)
        view.sigXRangeChanged.connect(self._thin_ticks)
        save = QAction(self.tr("Save chart as PNG…"), self)
        save.triggered.connect(self._ask_save)
        self.addAction(save)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def set_data(self, data: Any) -> bool:
        """Redraw only when the data differs from what is shown; True if it redrew."""
        if data == self.data:
            return False
        self.data = data
        self._clear(data)
        self._draw(data)
        self.setAccessibleDescription(self.describe(data))
        self._fit_title()
        self.redraws += 1
        return True

    def _clear(self, data: Any) -> None:
        """Remove what was drawn before ``data`` is drawn (a chart may keep what stays)."""
        plot = self.getPlotItem()
        plot.clear()
        if plot.legend is not None:  # clear() leaves the legend: empty it, or entries pile up
            plot.legend.clear()

    def _draw(self, data: Any) -> None:
        raise NotImplementedError

    def describe(self, data: Any) -> str:
        """The values drawn, in words (see :mod:`.spoken`): the accessible description a
        screen reader says for the chart, kept with every change of its data."""
        return ""

    # ---- colours ---------------------------------------------------------------------------

    @property
    def ink(self) -> str:
        """Text: titles, labels, values."""
        return self.colours.chart.text

    @property
    def muted(self) -> str:
        """Secondary text, axes and outlines."""
        return self.colours.chart_muted

    @property
    def grid(self) -> str:
        return self.colours.chart.edge

    def _apply_colours(self) -> None:
        self.setBackground(self.colours.chart.background)
        plot = self.getPlotItem()
        for side in ("left", "bottom", "right", "top"):
            axis = plot.getAxis(side)
            axis.setPen(pg.mkPen(self.muted))
            axis.setTextPen(pg.mkPen(self.ink))
        plot.setTitle(self.title, color=self.ink, size=f"{self.font().pointSizeF():.0f}pt")
        if plot.legend is not None:
            plot.legend.setLabelTextColor(self.ink)

    @Slot()
    def _palette_changed(self) -> None:
        now = chart_tones()
        if now == self.colours:
            return
        self.colours = now
        self._apply_colours()
        data, self.data = self.data, None
        if data is not None:  # drawn again from nothing, in the new colours
            self._forget_drawing()
            self.set_data(data)

    def _forget_drawing(self) -> None:
        """Before a redraw in new colours: forget what a chart keeps from its last drawing."""

    def changeEvent(self, event: QEvent) -> None:
        """The application's font changed (a larger one chosen): the texts drawn in the plot
        (values, axis names) took their size from the old one, so the chart is drawn again."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and "_ticks" in self.__dict__:
            self._apply_colours()  # the title's size, too
            self._fit_axis_ends()
            data, self.data = self.data, None
            if data is not None:
                self._forget_drawing()
                self.set_data(data)
            self._fit_title()
            self.updateGeometry()

    def series_ink(self, colour: str, *fills: float) -> str:
        """A series colour as drawn on this chart: itself, or the nearest shade of it (the same
        hue, lighter on a dark background, darker on a light one) that keeps the contrast of
        graphics (3:1, WCAG 1.4.11) with the chart's background and with the fills drawn
        under its lines (``fills``: the shares, 0 to 1, of the shade over the background)."""
        background = self.colours.chart.background
        shade = colour
        for _round in range(4):  # a fill moves with the shade: a few rounds settle it
            grounds = [background, *(mix(background, shade, share) for share in fills)]
            shade = readable(colour, *grounds, minimum=NON_TEXT)
        return shade

    @property
    def dark(self) -> bool:
        """A dark chart background: fills and hatches need more of their colour to show."""
        return bool(QColor(self.colours.chart.background).lightnessF() < 0.5)

    def legend(self, offset: tuple[int, int]) -> Any:
        """The plot's one legend, created on first use."""
        plot = self.getPlotItem()
        legend = plot.legend or plot.addLegend(offset=offset)
        legend.setLabelTextColor(self.ink)
        return legend

    def label_font(self, scale: float = 1.0) -> QFont:
        """The application's font (which this widget inherits) at ``scale``: the chart's
        texts grow with it."""
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * scale)
        return font

    def sizeHint(self) -> QSize:
        """The least size, or as tall as the page would like it (``preferred_height``);
        never the size it last had, as QGraphicsView's hint (the scene's size) was: a chart
        once made tall by a layout stayed that tall."""
        least = self.minimumSizeHint().expandedTo(self.minimumSize())
        return QSize(max(least.width(), 300), max(least.height(), self.preferred_height))

    # ---- texts that fit the chart's size -----------------------------------------------------

    def set_title(self, title: str) -> None:
        self.title = title
        self._fit_title()

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        super().resizeEvent(event)  # pyqtgraph calls it (with None) while it is built, too
        if "_ticks" in self.__dict__:
            self._fit_title()

    def _fit_title(self) -> None:
        """The title on as many lines as the chart's width needs (a chart in a narrow column,
        or a large font, cut it at both ends), in a row as tall as they are."""
        plot = self.getPlotItem()
        if plot is None or not self.title:
            return
        font = QFont(self.font())
        font.setPointSizeF(round(font.pointSizeF()))  # as the title is sized ("14pt")
        lines = wrap_words(self.title, QFontMetrics(font), self.width() - 16)
        shown = "<br>".join(html.escape(line, quote=False) for line in lines)
        changed = plot.titleLabel.text != shown
        if changed:
            plot.setTitle(shown)  # keeps the colour and size it was given
        tall = max(30, math.ceil(plot.titleLabel.itemRect().height()))
        if changed or plot.titleLabel.maximumHeight() != tall:
            plot.titleLabel.setMaximumHeight(tall)  # pyqtgraph fixes one line's 30 px
            plot.layout.setRowFixedHeight(0, tall)
            # the plot keeps a width its longer title forced on it until laid out again
            pg.GraphicsView.resizeEvent(self, None)

    def set_ticks(self, axis: str, ticks: list[tuple[float, str]]) -> None:
        """The labelled ticks of an axis along the bottom: as many of them as the width
        shows apart (every second, third… one, counted from the last), the others as
        unlabelled ticks; thinned again whenever the width or range changes."""
        self._ticks[axis] = list(ticks)
        self._thin_ticks()

    def _fit_axis_ends(self) -> None:
        """The axes draw a label a little past their start (pyqtgraph left out any that
        did): the 0 at the start of a bar chart's or a trend's axis shows."""
        for side in ("bottom", "left"):
            axis = self.getPlotItem().getAxis(side)
            if isinstance(axis, _EndsAxis):
                metrics = QFontMetrics(axis.style["tickFont"] or self.font())
                axis.prepareGeometryChange()
                axis.start_room = self._start_room(metrics) if side == "bottom" \
                    else metrics.height() // 2 + 2
                axis.picture = None  # drawn again with the labels it may show now
                axis.update()

    @staticmethod
    def _start_room(metrics: QFontMetrics) -> int:
        """How far (pixels) a bottom label may run past the start of the axis: "0" centred
        on it, with a little to spare."""
        return metrics.horizontalAdvance("0") // 2 + 3

    def _thin_ticks(self, *_args: object) -> None:
        plot = self.getPlotItem()
        ticks = self._ticks.get("bottom") if plot is not None else None
        if not ticks:
            return
        axis = plot.getAxis("bottom")
        metrics = QFontMetrics(axis.style["tickFont"] or self.font())
        low, high = plot.vb.viewRange()[0]
        per_unit = plot.vb.width() / (high - low) if high > low else 0.0
        widths = [metrics.horizontalAdvance(text) for _value, text in ticks]
        gap = metrics.horizontalAdvance("00")
        past = self._start_room(metrics) - 1  # what the axis allows past its start
        shown = list(range(len(ticks)))
        if per_unit > 0:  # those too near an end for their text are left out by the axis
            inside = [i for i, (value, _text) in enumerate(ticks)
                      if (value - low) * per_unit >= widths[i] / 2 - past
                      and (high - value) * per_unit >= widths[i] / 2]
            # every step-th label, counted from 0 where the axis has one (it is always
            # labelled), else from the last (a trend's latest date)
            origin = next((k for k, i in enumerate(inside) if ticks[i][0] == 0), None)
            for step in range(1, len(ticks) + 1):
                shown = (inside[origin::step] if origin is not None
                         else inside[::-step][::-1])
                if all(abs(ticks[b][0] - ticks[a][0]) * per_unit >= (widths[a] + widths[b]) / 2
                       + gap for a, b in pairwise(shown)):
                    break
        major = [ticks[i] for i in shown]
        minor = [(ticks[i][0], "") for i in range(len(ticks)) if i not in shown]
        axis.setTicks([major, minor] if minor else [major])

    # ---- what the user sees, in this widget's coordinates (read only: for tests) --------------

    def widget_box(self, scene_rect: QRectF) -> QRectF:
        """A rectangle of the chart's scene in this widget's coordinates."""
        return QRectF(self.mapFromScene(scene_rect).boundingRect())

    def plot_area(self) -> QRectF:
        """Where the data is drawn, inside the axes."""
        return self.widget_box(self.getPlotItem().vb.sceneBoundingRect())

    def tick_labels(self, axis: str = "left") -> list[tuple[str, QRectF]]:
        """The tick labels the axis draws (pyqtgraph leaves out those with no room), in the
        order it draws them, each with its box."""
        item = self.getPlotItem().getAxis(axis)
        if not item.isVisible():
            return []
        picture = QPicture()
        painter = QPainter(picture)  # as the axis measures its text when it paints
        try:
            if item.style["tickFont"]:
                painter.setFont(item.style["tickFont"])
            specs = item.generateDrawSpecs(painter)
        finally:
            painter.end()
        if specs is None:
            return []
        return [(str(text), self.widget_box(item.mapRectToScene(rect)))
                for rect, _flags, text in specs[2] if text]

    def export_png(self, path: Path, width: int = 1600) -> None:
        """Write the chart as a PNG, atomically (a failure leaves any earlier file intact)."""
        exporter = ImageExporter(self.getPlotItem())
        exporter.parameters()["width"] = width
        image = exporter.export(toBytes=True)
        handle, temporary = tempfile.mkstemp(prefix=".chart-", suffix=".png", dir=path.parent)
        os.close(handle)
        try:
            if not image.save(temporary, "PNG"):
                raise OSError(f"could not write {path}")
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)

    def _ask_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save chart as PNG"),
                                              f"{self.title}.png", "PNG (*.png)")
        if path:
            self.export_png(Path(path))


class _EndsAxis(pg.AxisItem):  # type: ignore[misc]
    """An axis that draws a label ``start_room`` pixels past its start (the bottom axis's
    left end, the left axis's lower end: where the two meet), grid or not: pyqtgraph left out
    the 0 at the start of an axis, whose text runs past it; never past its other end, where
    the chart's edge would cut it."""

    start_room = 0

    def boundingRect(self) -> QRectF:
        rect: QRectF = super().boundingRect()
        if self.orientation == "bottom":
            return rect.adjusted(-self.start_room, 0, 0, 0)
        return rect.adjusted(0, 0, 0, self.start_room)


def wrap_words(text: str, metrics: QFontMetrics, width: int) -> list[str]:
    """``text`` in lines no wider than ``width`` where its spaces allow."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines
