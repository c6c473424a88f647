"""The results page and its charts: the reference numbers, live updates, flags that open."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage

from aibri_desktop.charts.bars import Bar, DimensionBarChart, DriverBarChart
from aibri_desktop.charts.radar import RadarChart, RadarData, RadarSeries
from aibri_desktop.palette import NO_SCORE
from aibri_desktop.services import Services
from aibri_desktop.ui.main_window import MainWindow
from helpers import reference
from helpers.services import create_reference_assessment


@pytest.fixture
def opened(window: MainWindow, services: Services) -> MainWindow:
    window.open_assessment(create_reference_assessment(services))
    window.show_page(2)
    return window


def test_reference_fixture_as_displayed(opened: MainWindow) -> None:
    page = opened.results
    want = reference.expected()
    o, r = want["overall"], want["residual"]
    assert page.overall_score.text() == o["score"]
    assert page.verdict_text() == "at least Elevated, at most High"
    assert o["verdict"]["bands"] == ["Elevated", "High"]
    assert page.settle.text() == f"The band cannot settle unless at least " \
        f"{o['must_answer'][0]} is answered."
    assert page.overall_detail.text() == (
        f"Range {o['low']}–{o['high']} · coverage {float(o['coverage']) * 100:.1f} %")
    assert page.provisional.isHidden()
    assert page.residual.text() == (
        f"Residual exposure after mitigation capacity: at least Elevated, at most High, "
        f"provisional (score {r['score']}, range {r['low']}–{r['high']}; capacity "
        f"{r['capacity']}, factor m = {r['factor']})")
    assert r["verdict"]["bands"] == ["Elevated", "High"] and r["provisional"]
    flags = page.flag_texts()
    assert [t.split(" — ")[1].split(":")[0] for t in flags] == ["DS-01", "TD-01", "TD-03",
                                                                  "DS-04"]
    assert flags[0].startswith("■ Red flag") and "Provisional" in flags[1]
    assert "Possible" in flags[2] and "not applicable" in flags[3]
    # TD-03 was never looked at: not yet answered (an unknown would say "unknown")
    assert "Possible red flag (not yet answered)" in flags[2]
    # a dimension bar names one band only when its verdict is settled; an open one is drawn
    # as its span of band colours, not in one band's colour
    for bar in page.dimension_bars.data:
        dim = {"Data sovereignty": "DS", "Technology dependency": "TD",
               "Governance alignment": "GA"}[bar.label]
        verdict = want["dimensions"][dim]["verdict"]
        if verdict["settled"]:
            assert bar.span == () and bar.text.split()[1] == verdict["bands"][0], bar
        else:
            assert bar.colour == NO_SCORE and len(bar.span) == len(verdict["bands"]), bar
            assert f"{verdict['bands'][0]}–{verdict['bands'][-1]}" in bar.text, bar
    bars = dict(page.dimension_bars.bars)
    assert bars == {"Data sovereignty": 80.0, "Technology dependency": 81.3,
                    "Governance alignment": 50.0}
    assert page.radar.labels == ["Data sovereignty", "Technology dependency",
                                 "Governance alignment"]
    drivers = [label.split()[0] for label, _ in page.driver_bars.bars]
    assert drivers == ["TD-01", "DS-01", "GA-02", "DS-02", "TD-02"]
    assert dict(page.driver_bars.bars)[page.driver_bars.bars[0][0]] == 37.5


def test_an_answer_change_updates_headline_and_charts(qtbot, opened: MainWindow) -> None:
    page = opened.results
    radar_before = page.radar.polygons[0]
    redraws = (page.radar.redraws, page.dimension_bars.redraws, page.driver_bars.redraws)
    opened.show_indicator("TD-01")
    qtbot.keyClick(opened.questionnaire.navigator, Qt.Key.Key_0)
    assert page.radar.redraws == redraws[0], "a hidden page waits until it is shown"
    opened.show_page(2)  # no refresh button: showing the page brings it up to date
    # TD = (0 + 25) / 4 = 6.25 → 6.3; overall = (80 + 2·6.25 + 50) / 4 = 35.6 (Guarded)
    assert page.overall_score.text() == "35.6"
    assert page.verdict_text() == "at least Guarded, at most Elevated"
    assert dict(page.dimension_bars.bars)["Technology dependency"] == 6.3
    assert page.radar.polygons[0] != radar_before
    assert "TD-01" not in [label.split()[0] for label, _ in page.driver_bars.bars]
    assert not any("TD-01" in t and "Red flag" in t for t in page.flag_texts())
    after_level = (page.radar.redraws, page.dimension_bars.redraws, page.driver_bars.redraws)
    assert all(a == b + 1 for a, b in zip(after_level, redraws, strict=True))
    # A text-only change redraws no chart.
    opened.show_indicator("TD-01")
    opened.questionnaire.panel.evidence.setPlainText("new note")
    opened.questionnaire.panel.flush()
    opened.show_page(2)
    assert (page.radar.redraws, page.dimension_bars.redraws,
            page.driver_bars.redraws) == after_level


def test_clicking_a_flag_opens_its_indicator(qtbot, opened: MainWindow) -> None:
    page = opened.results
    item = page.flags.item(2)  # TD-03, possible red flag
    rect = page.flags.visualItemRect(item)
    qtbot.mouseClick(page.flags.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.pages.currentWidget() is opened.questionnaire
    assert opened.questionnaire.current_indicator_id() == "TD-03"


def test_radar_points_follow_the_values(qtbot) -> None:
    chart = RadarChart("test")
    qtbot.addWidget(chart)
    data = RadarData(axes=("A", "B", "C", "D"),
                     series=(RadarSeries("x", (100.0, 50.0, None, 25.0),
                                         (80.0, 40.0, 0.0, 0.0), (100.0, 60.0, 100.0, 50.0)),))
    assert chart.set_data(data)
    points = chart.polygons[0]
    expected = [(0.0, 1.0), (0.5, 0.0), (0.0, 0.0), (-0.25, 0.0), (0.0, 1.0)]
    for (x, y), (ex, ey) in zip(points, expected, strict=True):
        assert math.isclose(x, ex, abs_tol=1e-9) and math.isclose(y, ey, abs_tol=1e-9)
    assert chart.labels == ["A", "B", "C", "D"]
    assert not chart.set_data(data), "the same data must not redraw"
    assert chart.redraws == 1


def test_radar_keeps_its_web_and_replaces_only_the_series(qtbot) -> None:
    """A new comparison on the same axes redraws the series and keeps the web: nothing
    of the old series stays behind, and new axes draw a new web."""
    chart = RadarChart("test")
    qtbot.addWidget(chart)
    axes = ("A", "B", "C")
    two = RadarData(axes, (RadarSeries("x", (10.0, 20.0, 30.0), (0.0,) * 3, (50.0,) * 3),
                           RadarSeries("y", (40.0, 50.0, 60.0))))
    one = RadarData(axes, (RadarSeries("z", (100.0, 100.0, 100.0)),))
    chart.set_data(two)
    items_with_two = len(chart.getPlotItem().items)
    web = [item for item in chart.getPlotItem().items if isinstance(item, pg.TextItem)]
    chart.set_data(one)
    items = chart.getPlotItem().items
    # the web is the same objects; of the series only "z" is left: its polygon and points
    assert [item for item in items if isinstance(item, pg.TextItem)] == web
    # gone: x's band, polygon and points, y's polygon and points; come: z's polygon and points
    assert len(items) == items_with_two - 5 + 2
    assert len(chart.polygons) == 1 and math.isclose(chart.polygons[0][0][1], 1.0)
    chart.set_data(RadarData(("A", "B", "C", "D"), one.series[:0]))
    assert chart.labels == ["A", "B", "C", "D"]
    assert [item.toPlainText() for item in chart.getPlotItem().items
            if isinstance(item, pg.TextItem) and item.toPlainText() in "ABCD"] == list("ABCD")


def test_bar_charts_keep_order_labels_and_values(qtbot, tmp_path: Path) -> None:
    bars = DimensionBarChart("dims")
    qtbot.addWidget(bars)
    bars.set_bars([Bar("One", 10.0, "#4575b4", 5.0, 20.0, "10.0 Low"),
                   Bar("Two", None, "#bdbdbd", 0.0, 100.0, "no score")])
    assert bars.bars == [("One", 10.0), ("Two", 0.0)]
    bars.resize(500, 300)
    bars.show()
    qtbot.waitExposed(bars)

    def labels_beside_their_bars() -> None:
        labels = bars.tick_labels("left")
        assert [text for text, _box in labels] == ["One", "Two"]
        (_, one), (_, two) = labels
        area = bars.plot_area()
        assert one.bottom() <= two.top(), "One above Two, in the order given"
        for box in (one, two):
            assert box.right() <= area.left() and bars.rect().contains(box.toRect()), box
            assert area.top() <= box.center().y() <= area.bottom(), (box, area)

    qtbot.waitUntil(labels_beside_their_bars, timeout=5_000)
    drivers = DriverBarChart("drivers")
    qtbot.addWidget(drivers)
    drivers.set_bars([Bar("TD-01 x", 37.5, "#0072B2", text="37.5")], legend=[("TD", "#0072B2")])
    assert drivers.bars == [("TD-01 x", 37.5)]
    drivers.resize(600, 400)
    target = tmp_path / "drivers.png"
    drivers.export_png(target, width=1200)
    image = QImage(str(target))
    assert image.width() == 1200 and image.height() > 100
    assert [p.name for p in tmp_path.iterdir()] == ["drivers.png"], "no temp file left"


def test_results_drawn_when_shown_show_the_assessment_opened_last(
        opened: MainWindow, services: Services) -> None:
    # Opening goes to the questionnaire; the hidden results page draws only when shown, and
    # then for the assessment opened last, not the one it showed before.
    first = opened.results.overall_score.text()
    services.demo.generate(count=3, seed=11)
    summaries = services.assessments.list_summaries()
    other = next(r for r in summaries
                 if r.overall_score is not None and f"{r.overall_score:.1f}" != first)
    opened.open_assessment(other.id)
    assert not opened.results.isVisible()
    opened.show_page(2)
    assert opened.results.overall_score.text() == f"{other.overall_score:.1f}"


DIMENSIONS = ("Data sovereignty", "Technology dependency", "Governance alignment",
              "Infrastructure and energy", "Economic and market exposure")


@pytest.mark.parametrize(("size", "font_scale"), [((390, 330), 1.0), ((470, 360), 1.5),
                                                  ((300, 260), 1.5)])
def test_radar_axis_labels_stay_whole_inside_the_chart(
        qtbot, size: tuple[int, int], font_scale: float) -> None:
    chart = RadarChart("Dimensions")
    qtbot.addWidget(chart)
    font = chart.font()
    font.setPointSizeF(font.pointSizeF() * font_scale)
    chart.setFont(font)
    chart.set_data(RadarData(axes=DIMENSIONS, series=(RadarSeries("x", (40.0,) * 5),)))
    chart.resize(*size)
    chart.show()
    qtbot.waitExposed(chart)

    def labels_whole_inside() -> None:  # they follow the view's range once it is laid out
        labels = chart.axis_label_boxes()
        assert [text.replace("\n", " ") for text, _box in labels] == list(DIMENSIONS)
        view = QRectF(chart.rect())
        for text, box in labels:
            assert not box.isEmpty() and view.contains(box), f"{text!r} at {box} leaves {view}"

    qtbot.waitUntil(labels_whole_inside, timeout=5_000)


@pytest.mark.parametrize(("width", "columns"), [(780, 3), (520, 2), (380, 1)])
def test_driver_legend_sits_under_the_bars_and_never_widens_the_chart(
        qtbot, width: int, columns: int) -> None:
    chart = DriverBarChart("What drives the score (points)")
    qtbot.addWidget(chart)
    chart.set_bars([Bar(f"XX-0{i} question", 2.7 - i * 0.2, "#0072B2", text="x")
                    for i in range(8)],
                   legend=[(name, "#0072B2") for name in DIMENSIONS])
    chart.resize(width, 350)
    chart.show()
    qtbot.waitExposed(chart)

    def legend_in_rows_under_the_bars() -> None:
        entries = chart.legend_entries()
        assert [name for name, _box in entries] == list(DIMENSIONS)
        rows = sorted({round(box.top()) for _name, box in entries})
        first_row = [box for _name, box in entries if round(box.top()) == rows[0]]
        assert len(first_row) == columns
        assert len(rows) == math.ceil(len(DIMENSIONS) / columns)
        bars_area = chart.plot_area()
        view = QRectF(chart.rect())
        for name, box in entries:
            assert box.top() >= bars_area.bottom(), f"{name!r} at {box} covers the bars"
            assert view.contains(box), f"{name!r} at {box} is outside the chart {view}"

    qtbot.waitUntil(legend_in_rows_under_the_bars, timeout=5_000)
    assert chart.width() == width, "the legend made the chart wider"


def test_a_driver_chart_with_its_legend_closes_without_crashing() -> None:
    """close() (as pytest-qt calls it on a failed test's widgets) cleared the scene and then
    measured the deleted legend: the process died, and every later test's result with it."""
    code = "\n".join([
        "from PySide6.QtWidgets import QApplication",
        "app = QApplication([])",
        "from aibri_desktop.charts.bars import Bar, DriverBarChart",
        "chart = DriverBarChart('drivers')",
        "chart.set_bars([Bar('TD-01 x', 37.5, '#0072B2', text='37.5')],",
        "               legend=[('TD', '#0072B2'), ('DS', '#E69F00')])",
        "chart.resize(600, 350)",
        "chart.show()",
        "app.processEvents()",
        "chart.close()",
        "print('closed')",
    ])
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "closed"


def test_a_final_kept_on_version_1_is_labelled_and_a_reviewer_can_rescore_it(
        qtbot, window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    file = Path(__file__).parents[1] / "fixtures" / "exchange" / "version-2.aibri"
    imported = services.exchange.import_file(file).assessment_ids
    final = next(i for i in imported if services.assessments.load(i).status == "final")
    window.open_assessment(final)
    window.show_page(2)
    page = window.results
    assert page.rules_note.isVisible() and page.rescore_button.isVisible()
    score = page.overall_score.text()
    assert page.rules_note.text().startswith(
        f"Figures under scoring rules version 1, as signed off: {score} ")
    assert f"Under version 2, shown below: {page.verdict_text()}." in page.rules_note.text()
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(
        lambda *args, **kwargs: ("Ana Reviewer", True)))
    qtbot.mouseClick(page.rescore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.rules_note.isVisible(), timeout=3000)
    assert not page.rescore_button.isVisible()
    assert services.assessments.load(final).scoring_rules == 2
    assert page.overall_score.text() == score  # the same answers, the same score


# ---- the library's decision threshold (docs/scoring.md, "The decision threshold") ----------

THRESHOLD_LINES = {
    "open": "Is exposure High or above? Open — the unknowns allow either.",
    "yes": "Is exposure High or above? Yes — the whole range is at or above 60.",
    "no": "Is exposure High or above? No — the whole range is below 60.",
}


@pytest.mark.parametrize("case", reference.CASES)
def test_the_threshold_is_answered_under_the_verdict(window: MainWindow, services: Services,
                                                     case: str) -> None:
    services.library.set_threshold("high", who="Ministry")
    window.open_assessment(create_reference_assessment(services, case=case))
    window.show_page(2)
    page = window.results
    want = reference.expected(case)["overall"]["threshold_60"]
    assert page.threshold_text() == THRESHOLD_LINES[want]
    line = page.threshold_line
    assert line.isVisible()
    # one line under the verdict, above the score of the answered indicators, not clipped
    top = line.mapTo(page, line.rect().topLeft()).y()
    assert page.overall_band.mapTo(page, page.overall_band.rect().bottomLeft()).y() <= top
    assert top < page.score_caption.mapTo(page, page.score_caption.rect().topLeft()).y()
    assert line.height() >= line.heightForWidth(line.width())


def test_no_threshold_no_line_and_one_set_elsewhere_shows_when_the_page_does(
        window: MainWindow, services: Services, tmp_path: Path) -> None:
    window.open_assessment(create_reference_assessment(services))
    window.show_page(2)
    page = window.results
    assert page.threshold_text() == "" and page.threshold_line.isHidden()
    from helpers.services import open_services

    elsewhere = open_services(tmp_path, "ui.sqlite3")  # another window or aibri threshold
    elsewhere.library.set_threshold("elevated", who="Ana")
    elsewhere.close()
    window.show_page(0)
    window.show_page(2)
    # case 1's range is 56.3–77.1: at or above 40 whatever the open indicators turn out to be
    assert page.threshold_text() == ("Is exposure Elevated or above? Yes — the whole range is "
                                     "at or above 40.")


def test_an_answer_that_moves_the_range_moves_the_answer(qtbot, window: MainWindow,
                                                        services: Services) -> None:
    """Case 1 is open at 60 (56.3–77.1); TD-03 at level 4 lifts the low end over 60."""
    services.library.set_threshold("high", who="Ministry")
    assessment_id = create_reference_assessment(services)
    window.open_assessment(assessment_id)
    window.show_page(2)
    page = window.results
    assert page.threshold_text() == THRESHOLD_LINES["open"]
    window.open.answer("TD-03", {"state": "answered", "level": 4})
    low = services.assessments.load(assessment_id).score.overall.low
    assert low is not None and low >= 60
    assert page.threshold_text() == THRESHOLD_LINES["yes"]


@pytest.mark.parametrize("case", reference.CASES)
def test_every_reference_case_reads_as_worked_by_hand(window: MainWindow, services: Services,
                                                      case: str) -> None:
    """The results page's text for each hand-worked case: the verdict leads, the score is the
    answered indicators', what must be answered is named, "provisional" where it applies."""
    from aibri_desktop.domain.verdict import Verdict

    window.open_assessment(create_reference_assessment(services, case=case))
    window.show_page(2)
    page = window.results
    o = reference.expected(case)["overall"]
    verdict = Verdict.from_json(o["verdict"])
    assert verdict is not None and page.verdict_text() == verdict.words()
    assert page.overall_score.text() == f"{float(o['score']):.1f}"
    assert page.overall_detail.text().startswith(
        f"Range {float(o['low']):.1f}–{float(o['high']):.1f} · coverage ")
    assert page.provisional.isVisible() is o["provisional"]
    needed = o["must_answer"]
    if not needed:
        assert page.settle.isHidden()
    elif len(needed) == 1:
        assert page.settle.text() == f"The band cannot settle unless at least {needed[0]} is " \
                                     "answered."
    else:
        assert page.settle.text() == ("The band cannot settle unless at least "
                                      f"{', '.join(needed[:-1])} and {needed[-1]} are answered.")
