"""What a reader sees in the charts: the data in view, scales that start at 0, ring numbers
clear of the data, series that stand out from the background, texts at the application's
size.

Reviewers of the screenshots found the trend's scores below the fold of a 30–100 axis, radar
webs of 150 px at the bottom of their cells with "20 40 60 80" under the data lines, a dark
blue series barely visible on the dark themes, values touching their whiskers, no 0 on the
x axes and chart texts that kept their size at 150 %.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import pairwise

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QGraphicsPolygonItem

from aibri_desktop.charts.bars import (
    Bar,
    DimensionBarChart,
    DriverBarChart,
    GroupedBarChart,
    GroupedBars,
    Trend,
    TrendChart,
)
from aibri_desktop.charts.base import Chart
from aibri_desktop.charts.radar import RadarChart, RadarData, RadarSeries
from aibri_desktop.domain.answers import AnswerState
from aibri_desktop.palette import NON_TEXT, SERIES, THEMES, contrast_ratio, mix, tones
from aibri_desktop.services import Services
from aibri_desktop.ui.main_window import MainWindow
from aibri_desktop.ui.navigation import PageId
from aibri_desktop.ui.theme import applied_theme, apply_theme
from helpers.fit import larger_font

DIMENSIONS = ("Data sovereignty", "Technology dependency",
              "Governance reliance and engagement", "Infrastructure and energy",
              "Economic and market exposure")


def _shown(qtbot, chart: Chart, width: int = 420, height: int = 380) -> Chart:
    qtbot.addWidget(chart)
    chart.resize(width, height)
    chart.show()
    qtbot.waitExposed(chart)
    chart.grab()  # pyqtgraph lays out and places its texts as it paints
    return chart


def _to_widget(chart: Chart, x: float, y: float) -> QPointF:
    """A point of the data in the chart's widget coordinates."""
    view = chart.getPlotItem().vb
    return QPointF(chart.mapFromScene(view.mapViewToScene(QPointF(x, y))))


# ---- the trend: every point and whisker in view --------------------------------------------

def _low_trend() -> Trend:
    """As the sample follow-ups: scores of 14–18, ranges of 12–32."""
    points = ((0.0, 17.8, 15.1, 31.5), (1.0, 16.6, 14.0, 30.4), (2.0, 14.9, 12.6, 29.2),
              (3.0, 14.3, 12.2, 28.7))
    return Trend("Highland", points, ("2026-11-30", "2027-03-01", "2028-03-01", "2029-03-01"))


@pytest.mark.parametrize("height", [260, 700])
def test_the_trend_shows_every_point_and_whisker_from_0(qtbot, height: int) -> None:
    chart = _shown(qtbot, TrendChart("Overall exposure over time"), 380, height)
    data = _low_trend()
    chart.set_data(data)
    chart.grab()
    low, high = chart.getPlotItem().vb.viewRange()[1]
    assert low <= 0 and max(p[3] or 0 for p in data.points) < high <= 100 * 1.02
    assert high <= 60, f"a trend of 12–32 on an axis to {high:.0f} sits at its bottom"
    area = chart.plot_area()
    for x, value, lo, hi in data.points:
        for y in (value, lo, hi):
            assert y is not None
            assert area.contains(_to_widget(chart, x, y)), (x, y, area)
    left = [text for text, _box in chart.tick_labels("left")]
    assert "0" in left, left
    dates = [text for text, _box in chart.tick_labels("bottom")]
    assert dates and dates[-1] == "2029-03-01", dates


def test_a_trend_near_100_keeps_its_axis_at_100(qtbot) -> None:
    chart = _shown(qtbot, TrendChart("Overall exposure over time"), 380, 300)
    chart.set_data(Trend("x", ((0.0, 90.0, 80.0, 100.0), (1.0, 95.0, 90.0, 100.0)),
                         ("2026-01-01", "2027-01-01")))
    low, high = chart.getPlotItem().vb.viewRange()[1]
    assert low <= 0 and 100 <= high <= 102.5


# ---- every x axis labels its 0 ------------------------------------------------------------------

def _bar_charts() -> list[Chart]:
    dims = DimensionBarChart("Scores and ranges")
    dims.set_bars([Bar(name, value, "#91bfdb", low, high, text) for name, value, low, high, text
                   in zip(DIMENSIONS, (5.6, 8.0, 25.0, 25.0, 29.2), (4.0, 6.0, 20.0, 21.0, 24.0),
                          (31.5, 15.0, 40.0, 35.0, 39.0),
                          ("5.6\nLow–Guarded", "8.0 Low", "25.0\nGuarded–Elevated",
                           "25.0 Guarded", "29.2 Guarded"), strict=True)])
    drivers = DriverBarChart("What drives the score (points)")
    drivers.set_bars([Bar(f"IE-0{i} Standing vendor access", 2.8 - i * 0.3, "#CC79A7",
                          text=f"{2.8 - i * 0.3:.1f}") for i in range(6)],
                     legend=[("Infrastructure and energy", "#CC79A7")])
    grouped = GroupedBarChart("Dimension scores")
    grouped.set_data(GroupedBars(DIMENSIONS[:3], (("a", SERIES[0], (5.0, 8.0, 25.0)),
                                                  ("b", SERIES[1], (64.0, 76.0, 56.0)))))
    return [dims, drivers, grouped]


@pytest.mark.parametrize("index", [0, 1, 2], ids=["scores", "drivers", "grouped"])
def test_the_x_axis_labels_0_at_its_start(qtbot, index: int) -> None:
    chart = _shown(qtbot, _bar_charts()[index], 560, 360)

    def zero_at_the_start() -> None:
        chart.grab()
        labels = chart.tick_labels("bottom")
        assert labels and labels[0][0] in ("0", "0.0"), labels
        origin = _to_widget(chart, 0, 0).x()
        assert abs(labels[0][1].center().x() - origin) <= 2, (labels[0], origin)
        assert chart.rect().contains(labels[0][1].toRect())

    qtbot.waitUntil(zero_at_the_start, timeout=5_000)


# ---- values clear of their whiskers and of the plot's edge ---------------------------------------

@pytest.mark.parametrize("scale", [1.0, 1.5], ids=["100 %", "150 %"])
def test_values_stand_clear_of_their_whiskers_and_the_edge(qtbot, scale: float) -> None:
    with larger_font(scale):
        chart = _bar_charts()[0]
        _shown(qtbot, chart, round(390 * scale), round(350 * scale))
        assert isinstance(chart, DimensionBarChart)
        ends = [max(b.value or 0, b.high or 0) for b in chart.data]

        def apart() -> None:
            chart.grab()
            area = chart.plot_area()
            values = [item for item in chart.getPlotItem().items
                      if isinstance(item, pg.TextItem) and item.toPlainText()]
            assert len(values) == len(ends)
            for item, end in zip(values, ends, strict=True):
                margin = item.textItem.document().documentMargin()
                ink = chart.widget_box(item.sceneBoundingRect()).adjusted(margin, margin,
                                                                          -margin, -margin)
                whisker = _to_widget(chart, end, 0).x()
                assert ink.left() - whisker >= 5, (item.toPlainText(), ink, whisker)
                assert area.right() - ink.right() >= 5, (item.toPlainText(), ink, area)

        qtbot.waitUntil(apart, timeout=5_000)


# ---- the radar: centred, large, its ring numbers clear of the data -------------------------------

def _radar_data() -> RadarData:
    return RadarData(DIMENSIONS, (
        RadarSeries("Highland", (5.6, 8.0, 25.0, 25.0, 29.2), (4.0, 6.0, 20.0, 21.0, 24.0),
                    (31.5, 15.0, 40.0, 35.0, 39.0)),
        RadarSeries("Galdoria", (64.0, 76.0, 56.0, 60.0, 41.0)),
        RadarSeries("Fenmark", (86.0, 78.0, 75.0, 90.0, 62.0))))


def _crosses(box: QRectF, line: list[QPointF]) -> bool:
    edges = [QLineF(box.topLeft(), box.topRight()), QLineF(box.topRight(), box.bottomRight()),
             QLineF(box.bottomRight(), box.bottomLeft()), QLineF(box.bottomLeft(), box.topLeft())]
    for a, b in pairwise(line):
        if box.contains(a) or box.contains(b):
            return True
        if any(QLineF(a, b).intersects(edge)[0] == QLineF.IntersectionType.BoundedIntersection
               for edge in edges):
            return True
    return False


@pytest.mark.parametrize("size", [(560, 500), (371, 368), (389, 347), (700, 300)])
def test_the_radar_is_centred_and_its_ring_numbers_clear_of_the_data(
        qtbot, size: tuple[int, int]) -> None:
    chart = RadarChart("Dimensions, overlaid")
    chart.set_data(_radar_data())
    _shown(qtbot, chart, *size)

    def looks_right() -> None:
        chart.grab()
        area = chart.plot_area()
        centre = _to_widget(chart, 0, 0)
        radius = abs(_to_widget(chart, 0, 1).y() - centre.y())
        assert 2 * radius >= 0.4 * min(area.width(), area.height()), (radius, area)
        # the web and its labels in the middle of the plot
        shown = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
        for _text, box in chart.axis_label_boxes():
            shown = shown.united(box)
        assert abs(shown.center().y() - area.center().y()) <= 0.05 * area.height() + 2, \
            (shown, area)
        assert abs(shown.center().x() - area.center().x()) <= 0.05 * area.width() + 2, \
            (shown, area)
        rings = chart.ring_label_boxes()
        assert rings, "some ring is numbered"
        lines = chart.outline_paths()
        for text, box in rings:
            assert area.contains(box), (text, box, area)
            for line in lines:
                assert not _crosses(box, line), f"the ring number {text} lies on a series' line"

    qtbot.waitUntil(looks_right, timeout=5_000)


# ---- series colours stand out from every theme's chart background --------------------------------

@pytest.fixture
def restore_theme(qapp: QApplication) -> Iterator[None]:
    before = applied_theme(qapp)
    yield
    apply_theme(qapp, before)


@pytest.mark.parametrize("theme", ["light", "dark", "high-contrast"])
def test_series_keep_3_to_1_on_the_chart_background(qtbot, qapp: QApplication,
                                                    restore_theme: None, theme: str) -> None:
    apply_theme(qapp, theme)
    qapp.processEvents()
    background = tones(THEMES[theme]).chart.background
    radar = RadarChart("Dimensions, overlaid")
    qtbot.addWidget(radar)
    radar.set_data(RadarData(DIMENSIONS, tuple(
        RadarSeries(f"s{k}", tuple(10.0 * k + 5 * i for i in range(5)))
        for k in range(len(SERIES)))))
    polygons = [item for item in radar.getPlotItem().items
                if isinstance(item, QGraphicsPolygonItem)]
    assert len(polygons) == len(SERIES)
    for index, item in enumerate(polygons):
        line = item.pen().color().name()
        fill = item.brush().color()
        under = mix(background, line, fill.alphaF())  # the series' own fill, inside its line
        assert contrast_ratio(line, background) >= NON_TEXT, (index, line, background)
        assert contrast_ratio(line, under) >= NON_TEXT, (index, line, under)
    single = RadarChart("Dimensions")
    qtbot.addWidget(single)
    single.set_data(RadarData(DIMENSIONS, (RadarSeries("x", (20.0,) * 5, (10.0,) * 5,
                                                       (40.0,) * 5),)))
    (polygon,) = [item for item in single.getPlotItem().items
                  if isinstance(item, QGraphicsPolygonItem)]
    assert contrast_ratio(polygon.pen().color().name(), background) >= NON_TEXT
    trend = TrendChart("Overall exposure over time")
    qtbot.addWidget(trend)
    trend.set_data(_low_trend())
    (curve,) = trend.getPlotItem().listDataItems()
    assert contrast_ratio(curve.opts["pen"].color().name(), background) >= NON_TEXT
    grouped = GroupedBarChart("Dimension scores")
    qtbot.addWidget(grouped)
    grouped.set_data(GroupedBars(DIMENSIONS[:1], tuple((f"s{k}", colour, (50.0,))
                                                       for k, colour in enumerate(SERIES))))
    fills = [item.opts["brush"].color().name() for item in grouped.getPlotItem().items
             if isinstance(item, pg.BarGraphItem)]
    assert len(fills) == len(SERIES)
    assert all(contrast_ratio(fill, background) >= NON_TEXT for fill in fills), fills


# ---- chart texts at the application's font size --------------------------------------------------

def test_chart_texts_follow_the_application_font(qtbot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    normal = app.font()
    radar = RadarChart("Dimensions")
    radar.set_data(_radar_data())
    _shown(qtbot, radar, 620, 520)
    bars = _bar_charts()[0]
    _shown(qtbot, bars, 620, 520)

    def sizes() -> tuple[float, float, float]:
        names = [label.textItem.font().pointSizeF() for _x, _y, _a, label in radar._axis_labels]
        rings = [label.textItem.font().pointSizeF() for label in radar._ring_labels]
        values = [item.textItem.font().pointSizeF() for item in bars.getPlotItem().items
                  if isinstance(item, pg.TextItem)]
        return min(names), min(rings), min(values)

    before = sizes()
    for size in before:
        assert size >= 0.8 * normal.pointSizeF(), before
    font = QFont(normal)
    font.setPointSizeF(normal.pointSizeF() * 1.5)
    app.setFont(font)
    try:
        def grown() -> None:
            after = sizes()
            for old, new in zip(before, after, strict=True):
                assert new >= 1.4 * old, (before, after)

        qtbot.waitUntil(grown, timeout=5_000)
        assert radar.font().pointSizeF() == pytest.approx(font.pointSizeF())
    finally:
        app.setFont(normal)


# ---- the compare page at 1280×800: the trend's data and dates on the first screen ----------------

def test_the_compare_page_shows_its_charts_whole_on_the_first_screen(
        qtbot, window: MainWindow, services: Services) -> None:
    ids = []
    for n, level in enumerate((1, 1, 0, 0)):
        change = services.assessments.create(country_code="KE", title=f"Kenya {2024 + n}",
                                             as_of=date(2024 + n, 3, 1))
        for indicator in ("DS-01", "DS-04", "TD-01", "GA-01"):
            services.assessments.answer(assessment_id=change.assessment_id,
                                        indicator_id=indicator, who="t",
                                        state=AnswerState.ANSWERED, level=level)
        ids.append(change.assessment_id)
    window.resize(1280, 800)
    window.library.reload()
    window.compare.set_ids(ids)
    window.show_page(PageId.COMPARE)
    page = window.compare
    viewport = page._scroll.viewport()

    def whole() -> None:
        assert page.trend.isVisible()
        for chart in (page.radar, page.bars, page.trend):
            top_left = chart.mapTo(viewport, chart.rect().topLeft())
            bottom = top_left.y() + chart.height()
            assert top_left.y() >= 0 and bottom <= viewport.height(), \
                (type(chart).__name__, top_left.y(), bottom, viewport.height())
        chart = page.trend
        chart.grab()
        dates = chart.tick_labels("bottom")
        assert dates, "the dates show"
        for _text, box in dates:
            assert chart.rect().contains(box.toRect())

    qtbot.waitUntil(whole, timeout=10_000)
