"""What every chart shares: white background, no pyqtgraph menu, PNG export, data equality."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAction, QFont, QPainter, QPicture
from PySide6.QtWidgets import QFileDialog, QWidget

# Every colour comes from palette.py (shared with the briefs); TEXT is its ink.
from ..palette import INK as TEXT

pg.setConfigOptions(antialias=True, background="w", foreground=TEXT)


class Chart(pg.PlotWidget):  # type: ignore[misc]
    """A plot with our defaults. Subclasses implement ``_draw(data)``."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.setAccessibleName(title)
        self.title = title
        self.data: Any = None
        self.redraws = 0
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.getPlotItem().setTitle(title, color=TEXT, size=f"{self.font().pointSizeF():.0f}pt")
        self.setMinimumSize(200, 170)
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

    def legend(self, offset: tuple[int, int]) -> Any:
        """The plot's one legend, created on first use."""
        plot = self.getPlotItem()
        return plot.legend or plot.addLegend(offset=offset, labelTextColor=TEXT)

    def label_font(self, scale: float = 1.0) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * scale)
        return font

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
                for rect, _flags, text in specs[2]]

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
