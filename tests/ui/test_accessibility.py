"""What a screen reader says: every control on every page and dialog has a name, each chart
describes its values in words (kept up to date with its data), and a band chip says which
band it shows and of what."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from aibri_desktop.charts.bars import (
    Bar,
    DimensionBarChart,
    GroupedBarChart,
    GroupedBars,
    Trend,
    TrendChart,
)
from aibri_desktop.charts.radar import RadarChart, RadarData, RadarSeries
from aibri_desktop.domain.compare_summary import compared_dimensions, verdict_words
from aibri_desktop.services import Services
from aibri_desktop.ui.main_window import MainWindow
from aibri_desktop.ui.navigation import PageId
from aibri_desktop.ui.smoke import Session
from aibri_desktop.ui.words import translate
from helpers import reference
from helpers.keyboard import (
    SURFACES,
    Opener,
    describe,
    focusable,
    sample_session,
    spoken_description,
    spoken_name,
    surfaces,
)
from helpers.services import create_reference_assessment


@pytest.fixture(scope="module")
def session(qapp: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    yield from sample_session(tmp_path_factory)


@pytest.fixture(scope="module")
def openers(session: Session) -> dict[str, Opener]:
    return surfaces(session)


def unnamed(top: QWidget) -> list[str]:
    """The controls of a window a user can put the focus on (by Tab or by clicking; disabled
    ones too, which a screen reader lists) that have no name, each as a bug report names it."""
    controls = [w for w in top.findChildren(QWidget)
                if w.window() is top and w.isVisible()
                and w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.focusProxy() is None]
    assert set(focusable(top)) <= set(controls)
    return [f"- {describe(w)}, in {describe(w.parentWidget())}" for w in controls
            if not spoken_name(w)]


@pytest.mark.parametrize("name", SURFACES)
def test_every_control_has_a_name(qtbot, session: Session, openers: dict[str, Opener],
                                  name: str) -> None:
    top = openers[name]()
    session.settle()
    try:
        missing = unnamed(top)
    finally:
        if top is not session.window:
            top.close()
    assert not missing, (f"On “{name}”, a screen reader finds no name for:\n"
                         + "\n".join(missing))


def test_the_welcome_page_controls_have_names(window: MainWindow) -> None:
    assert window.library.welcome.isVisible()
    missing = unnamed(window)
    assert not missing, "On the welcome page, no name for:\n" + "\n".join(missing)


# ---- charts ----------------------------------------------------------------------------------

DIMENSIONS = {"DS": "Data sovereignty", "TD": "Technology dependency",
              "GA": "Governance alignment"}


def _words(figures: dict[str, Any]) -> str:
    """A figure's verdict as the fixture states it, in the words a reader hears."""
    bands = figures["verdict"]["bands"]
    words = bands[0] if figures["verdict"]["settled"] else \
        f"at least {bands[0]}, at most {bands[-1]}"
    return words + (", provisional" if figures["provisional"] else "")


def _said(name: str, figures: dict[str, Any]) -> str:
    """"Data sovereignty 80.0, at least High, at most Severe (range 66.7–83.3)"."""
    text = f"{name} {figures['score']}, {_words(figures)}"
    if figures["low"] != figures["high"]:
        text += f" (range {figures['low']}–{figures['high']})"
    return text


@pytest.fixture
def results(window: MainWindow, services: Services) -> MainWindow:
    window.open_assessment(create_reference_assessment(services))
    window.show_page(PageId.RESULTS)
    return window


def test_the_results_charts_say_their_values_with_verdicts(results: MainWindow) -> None:
    """The radar and the bars say each dimension's score, verdict and range as the reference
    fixture has them; the drivers chart says each driver's points."""
    page = results.results
    want = reference.expected()
    said = "; ".join(_said(name, want["dimensions"][d]) for d, name in DIMENSIONS.items())
    assert spoken_description(page.radar) == said
    assert spoken_description(page.dimension_bars) == said
    drivers = spoken_description(page.driver_bars)
    assert drivers == "; ".join(f"{label} {value:.1f} points"
                                for label, value in page.driver_bars.bars)
    assert drivers.count("points") == len(page.driver_bars.bars) > 0


def test_a_chart_description_follows_its_data(qtbot, results: MainWindow) -> None:
    """Answering moves the score: the charts' words move with it."""
    page = results.questionnaire
    results.show_page(PageId.QUESTIONNAIRE)
    page.go_to("TD-03")
    qtbot.keyClick(page.navigator, Qt.Key.Key_0)
    results.show_page(PageId.RESULTS)
    td = next(bar for bar in results.results.dimension_bars.data
              if bar.label == DIMENSIONS["TD"])
    assert td.value == 54.2  # 325 / 6, as test_questionnaire has it
    for chart in (results.results.radar, results.results.dimension_bars):
        assert "Technology dependency 54.2, " in spoken_description(chart), chart.title


def test_each_chart_kind_says_what_it_draws(qtbot) -> None:
    radar = RadarChart("Dimensions")
    qtbot.addWidget(radar)
    radar.set_data(RadarData(("A", "B", "C"), (
        RadarSeries("Kenya, 2026", (36.4, 52.0, None), verdicts=("Guarded", "Elevated", "")),
        RadarSeries("Ghana, 2026", (10.0, 20.0, 30.0), low=(5.0, 20.0, 25.0),
                    high=(15.0, 20.0, 35.0), verdicts=("Low", "Guarded", "Guarded")))))
    assert spoken_description(radar) == (
        "Kenya, 2026: A 36.4, Guarded; B 52.0, Elevated; C: no score. "
        "Ghana, 2026: A 10.0, Low (range 5.0–15.0); B 20.0, Guarded; "
        "C 30.0, Guarded (range 25.0–35.0)")
    radar.set_data(RadarData(("A", "B", "C"), (RadarSeries("Kenya", (1.0, 2.0, 3.0)),)))
    assert spoken_description(radar) == "A 1.0; B 2.0; C 3.0", "one series: no name needed"

    grouped = GroupedBarChart("Dimension scores")
    qtbot.addWidget(grouped)
    grouped.set_data(GroupedBars(("A", "B"), (("X", "#000000", (40.0, None)),
                                              ("Y", "#ffffff", (61.5, 80.0))),
                                 (("Elevated", "no score"), ("High", "Severe"))))
    assert spoken_description(grouped) == "X: A 40.0, Elevated; B: no score. " \
        "Y: A 61.5, High; B 80.0, Severe"

    trend = TrendChart("Over time")
    qtbot.addWidget(trend)
    trend.set_data(Trend("Kenya", ((0.0, 41.1, 40.0, 45.0), (1.0, 38.0, 38.0, 38.0)),
                         ("2026-01-01", "2027-01-01"), ("Elevated", "Guarded")))
    assert spoken_description(trend) == "Kenya: 2026-01-01 41.1, Elevated (range 40.0–45.0); " \
        "2027-01-01 38.0, Guarded"

    bars = DimensionBarChart("Scores")
    qtbot.addWidget(bars)
    bars.set_bars([Bar("A", 12.0, "#000000", 10.0, 14.0, verdict="Low")])
    assert spoken_description(bars) == "A 12.0, Low (range 10.0–14.0)"
    assert bars.accessibleName() == "Scores"


def test_the_compare_charts_say_each_assessment_s_values(qtbot, window: MainWindow,
                                                         services: Services) -> None:
    """One country twice (a follow-up): the radar and the bars name each assessment with its
    values and verdicts, the trend says each date's overall exposure."""
    first = create_reference_assessment(services)
    change = services.assessments.duplicate_as_follow_up(assessment_id=first, who="test")
    window.library.reload()
    window.compare.set_ids([first, change.assessment_id])
    window.show_page(PageId.COMPARE)
    page = window.compare
    assert page.comparison is not None
    summary = page.comparison.summary
    radar, grouped = spoken_description(page.radar), spoken_description(page.bars)
    for a in summary["assessments"]:
        for d in compared_dimensions(a):
            if d["kind"] != "exposure":
                continue
            value = f"{d['name']} {d['score']:.1f}, {verdict_words(d, _=translate)}"
            assert value in radar and value in grouped, value
    assert radar.count(". ") == grouped.count(". ") == 1, "two assessments, each named"
    trend = spoken_description(page.trend)
    assert page.trend.isVisibleTo(page) and trend.startswith(page.trend.data.name + ": ")
    for label, (_x, value, _lo, _hi) in zip(page.trend.data.labels, page.trend.data.points,
                                             strict=True):
        assert f"{label} {value:.1f}, " in trend


# ---- band chips --------------------------------------------------------------------------------

def test_band_chips_say_which_band_and_of_what(qtbot, results: MainWindow) -> None:
    want = reference.expected()
    overall = f"Overall band: {_words({**want['overall'], 'provisional': False})}"
    assert spoken_name(results.results.overall_band) == overall
    strip = results.questionnaire.strip
    assert spoken_name(strip.overall_band) == overall
    results.questionnaire.go_to("DS-01")
    ds = want["dimensions"]["DS"]
    assert spoken_name(strip.dimension_band) == \
        f"Data sovereignty band: {_words({**ds, 'provisional': False})}"
