"""Everything fits in a 1024×768 window, at the normal font and at 150 %.

The real window (``aibri_desktop.ui.smoke.Session``, the one ``aibri screenshots`` uses) visits
every page and dialog of ``Session.pages()`` on the sample assessments, and every tab of their
tab widgets; ``helpers.fit`` checks each visible label, button, tab, header section, table cell,
combo box, placeholder and chart, and says what does not fit as a bug report would. What it
checks and what it exempts (and why) is in ``tests/helpers/fit.py``.

Users saw, at 1024×768: "20406080 100" under the results bars and "41.1 Eleva" at a bar's end;
at 150 % the bar chart of the compare page gone and its dates on top of each other, the
library's verdict column cut with the later columns out of sight, "Analyst judg" on a tab and a
table header reading "hange (".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

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
from aibri_desktop.domain.bands import Band
from aibri_desktop.ui.models.library_model import BAND
from aibri_desktop.ui.pages.questionnaire_page import QuestionnairePage
from aibri_desktop.ui.smoke import Session
from aibri_desktop.ui.style import band_label
from aibri_desktop.ui.widgets.elided_label import ElidedLabel
from aibri_desktop.ui.words import unbroken_figures
from helpers.fit import Misfit, chart_misfits, larger_font, misfits, page_misfits

SCREEN = QSize(1024, 768)
SCALES = {"100 %": 1.0, "150 %": 1.5}
# the pages and dialogs of Session.pages() (one added there is walked and checked too)
PAGES = {"welcome", "library", "new-assessment", "follow-up", "settings",
         "settings-frameworks", "settings-backups", "settings-database", "settings-reference",
         "guide",
         "methodology", "shortcuts", "about", "register", "questionnaire", "results",
         "questionnaire-follow-up", "compare-countries", "compare-over-time",
         "questionnaire-range", "questionnaire-range-invalid", "questionnaire-suggestion"}


# ---- the charts, alone, at their least size and a large font --------------------------------

DIMENSIONS = ("Data sovereignty", "Technology dependency", "Governance reliance and engagement",
              "Infrastructure and energy", "Economic and market exposure")


def _charts() -> list[Chart]:
    dims = DimensionBarChart("Scores and ranges")
    dims.set_bars([Bar(name, value, "#4575b4", low, high, text)
                   for name, value, low, high, text in zip(
                       DIMENSIONS, (41.1, 100.0, 25.0, 88.0, 5.6), (30.0, 95.0, 20.0, 60.0, 0.0),
                       (50.0, 100.0, 40.0, 100.0, 31.0),
                       ("41.1 Elevated", "100.0 Severe (p)", "25.0\nGuarded–Elevated",
                        "88.0\nHigh–Severe", "5.6\nLow–Guarded"), strict=True)])
    drivers = DriverBarChart("What drives the score (points)")
    drivers.set_bars([Bar(f"IE-0{i} Dependence on supplier satellite system", 2.8 - i * 0.3,
                          "#0072B2", text=f"{2.8 - i * 0.3:.1f}") for i in range(8)],
                     legend=[(name, "#0072B2") for name in DIMENSIONS])
    grouped = GroupedBarChart("Dimension scores (on the common indicators)")
    grouped.set_data(GroupedBars(DIMENSIONS, tuple(
        (f"series {k}", "#E69F00", tuple(20.0 * k + 5 * i for i in range(5)))
        for k in range(4))))
    trend = TrendChart("Overall exposure over time")
    trend.set_data(Trend("x", tuple((float(n), 20.0 + n, 10.0, 30.0 + n) for n in range(6)),
                         tuple(f"{2024 + n}-03-01" for n in range(6))))
    return [dims, drivers, grouped, trend]


@pytest.mark.parametrize("scale", list(SCALES.values()), ids=list(SCALES))
def test_charts_at_their_least_size_keep_values_whole_and_ticks_apart(
        qtbot, scale: float) -> None:
    """Each bar chart asks for the width its labels and values need (wrapping long labels),
    thins its bottom axis to the labels that stand apart, and runs its x axis on past the
    longest bar as far as the value after it needs."""
    with larger_font(scale):
        for chart in _charts():
            qtbot.addWidget(chart)
            chart.resize(chart.minimumSizeHint().expandedTo(chart.minimumSize()))
            chart.show()
            qtbot.waitExposed(chart)

            def fits(c: Chart = chart) -> None:
                # as a layout does: the least size again once the labels are wrapped to it
                c.resize(c.minimumSizeHint().expandedTo(c.minimumSize()))
                found = [str(m) for m in chart_misfits(f"{c.width()}×{c.height()}", c)]
                assert not found, "\n".join(found)

            qtbot.waitUntil(fits, timeout=5_000)
            labels = [text for text, _box in chart.tick_labels("bottom")]
            assert len(labels) >= 2, f"{type(chart).__name__} keeps two x labels: {labels}"


def test_a_figure_stays_on_one_line_with_its_unit() -> None:
    """Results at 150 % broke "18" / "% Guarded" (the robustness sentence, wrapped)."""
    sentence = "Low in 82 % of 2,000 draws; 18 % Guarded. Between 16.7 and 21.0 in 90 % of draws."
    assert unbroken_figures(sentence) == sentence.replace(" %", "\u00a0%")
    assert unbroken_figures("coverage – · 100%") == "coverage – · 100%"


# ---- the checker finds what it is for ---------------------------------------------------------

def test_the_checker_reports_cut_texts_as_bug_reports(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    cut = QLabel("A label far too long for its width", window)
    cut.setObjectName("cutLabel")
    cut.setFixedWidth(60)
    elided = ElidedLabel("An elided label with its whole text in the tooltip", window)
    elided.setFixedWidth(60)
    elided.setToolTip(elided.text())
    silent = ElidedLabel("An elided label with no tooltip at all", window)
    silent.setFixedWidth(60)
    wrapped = QLabel("A word-wrapped label takes the lines it needs", window)
    wrapped.setWordWrap(True)
    button = QPushButton("A button with a long text", window)
    button.setFixedWidth(50)
    tabs = QTabWidget(window)
    tabs.addTab(QWidget(), "Flags and options")
    tabs.addTab(QWidget(), "Analyst judgement")
    tabs.setFixedWidth(150)
    table = QTableWidget(1, 2, window)
    table.setHorizontalHeaderLabels(["item", "change (last − first)"])
    table.horizontalHeader().resizeSection(1, 40)
    table.setFixedWidth(300)
    row = QHBoxLayout()
    for small in (cut, elided, silent, button):
        row.addWidget(small)
    layout = QVBoxLayout(window)
    layout.addLayout(row)
    for wide in (wrapped, tabs, table):
        layout.addWidget(wide)
    window.show()
    qtbot.waitExposed(window)
    found = {(m.widget, m.text): m for m in misfits("test page", window)}
    label = found[("QLabel", "A label far too long for its width")]
    assert str(label).startswith("test page: QLabel 'cutLabel': 'A label far too long for "
                                 "its width' is cut (needs ")
    assert label.needed > label.available == 60
    assert ("ElidedLabel", "An elided label with no tooltip at all") in found
    assert ("ElidedLabel", elided.text()) not in found, "elided, whole in its tooltip: exempt"
    assert all(m.text != wrapped.text() for m in found.values()), "word-wrapped: exempt"
    assert ("QPushButton", "A button with a long text") in found
    assert any(m.widget == "QTabBar tab" for m in found.values())
    assert ("QHeaderView section", "change (last − first)") in found


def test_the_checker_finds_overlapping_ticks_and_values_cut_by_the_plot(qtbot) -> None:
    chart = DimensionBarChart("dims")
    qtbot.addWidget(chart)
    chart.set_bars([Bar("One", 90.0, "#4575b4", text="90.0 Severe and more words")])
    plot = chart.getPlotItem()
    plot.vb.sigResized.disconnect(chart._fit_x_range)  # as the chart drew before
    chart.resize(220, 200)
    chart.show()
    qtbot.waitExposed(chart)
    chart._ticks.clear()  # no thinning either
    plot.setXRange(0, 100, padding=0)
    plot.getAxis("bottom").setTicks([[(v, str(v)) for v in range(0, 101, 10)]])
    problems = {m.problem for m in chart_misfits("test", chart)}
    assert "tick labels overlap" in problems
    assert "is cut by the plot's edge" in problems


# ---- the window, page by page (module fixtures: the app's font is the session's meanwhile) --

@dataclass
class Walk:
    misfits: dict[str, list[Misfit]] = field(default_factory=dict)
    band_column: tuple[int, int] = (0, 0)  # the library's verdict column: (width, needed)
    tabs: dict[str, list[str]] = field(default_factory=dict)  # results' tab titles shown
    # the questionnaire pages: what the score strip, the panel and the keys' hint do not show
    # whole (they wrap where plain labels would be cut, so the checker above exempts them)
    questionnaire: dict[str, list[str]] = field(default_factory=dict)


def _walk(session: Session) -> Walk:
    walk = Walk()
    window = session.window

    def look(name: str, root: QWidget) -> None:
        session.settle()
        walk.misfits[name] = page_misfits(name, root, SCREEN, session.settle)

    look("welcome", window)
    session.load_samples()
    for name, show in session.pages():
        opened = show()
        look(name, opened or window)
        if name == "library":
            table = window.library.table
            metrics = table.fontMetrics()
            swatch, margins = 16 + 3 + 1, 2 * 3  # as the library's delegate paints them
            needed = max(metrics.horizontalAdvance(band_label(band)) for band in Band)
            walk.band_column = (table.horizontalHeader().sectionSize(BAND),
                                needed + swatch + margins)
        if name.startswith("questionnaire"):
            walk.questionnaire[name] = _questionnaire_cuts(window.questionnaire)
        if name == "results":
            bar = window.results.left_tabs.tabBar()
            walk.tabs[name] = [bar.tabText(i) for i in range(bar.count())
                               if bar.tabRect(i).right() < bar.width()]
        if opened is not None:
            opened.close()
    return walk


def _shown_whole(label: QLabel, within: QWidget) -> bool:
    """A label inside ``within`` as tall as its wrapped text, or as wide as its one line."""
    place = QRect(label.mapTo(within, QPoint(0, 0)), label.size())
    if not label.isVisible() or not within.rect().contains(place):
        return False
    if label.wordWrap():
        return label.height() >= label.heightForWidth(label.width())
    return label.width() >= label.sizeHint().width()


def _questionnaire_cuts(page: QuestionnairePage) -> list[str]:
    """What of the live score, the range pickers and the keys' hint is not shown whole.

    Users saw the strip end in "coverage 80.0…" at 1280×800 (the range never shown) and lose
    coverage and range at 150 %; the question pane scroll sideways at 150 %, the pickers
    shrunk to "2 — A regu…"; the keys' hint cut at "Alt+PgDn/…"."""
    cuts: list[str] = []
    strip = page.strip
    if strip.height() < strip.heightForWidth(strip.width()):
        cuts.append(f"the score strip is {strip.height()} px tall, its figures need "
                    f"{strip.heightForWidth(strip.width())} px")
    for label in (strip.dimension_band, strip.dimension_score, strip.dimension_detail,
                  strip.overall_band, strip.overall_score, strip.overall_detail):
        text = label.text().replace("\u00a0", " ")
        if label.isVisibleTo(strip) and not _shown_whole(label, strip):
            cuts.append(f"the score strip cuts {text!r}")
    for label in (strip.dimension_detail, strip.overall_detail):
        if not {"coverage", "range"} <= set(label.text().replace("\u00a0", " ").split()):
            cuts.append(f"the score strip's detail {label.text()!r} lacks coverage or range")
    panel = page.panel
    body = panel.widget()
    assert body is not None
    if panel.horizontalScrollBar().isVisible() or body.width() > panel.viewport().width():
        cuts.append(f"the question pane scrolls sideways: {body.width()} px in "
                    f"{panel.viewport().width()} px")
    picker = panel.range_low
    least = picker.fontMetrics().averageCharWidth() * 24  # "2 — A regulator operates…"
    if panel.range_row.isVisible() and picker.width() < least:
        cuts.append(f"the range's pickers are {picker.width()} px: '{picker.currentText()}' "
                    "shows a few characters")
    hint = page.hint
    lines = round(hint.height() / hint.fontMetrics().height())
    if not _shown_whole(hint, page) or lines > 2:
        cuts.append(f"the keys' hint is cut or on {lines} lines")
    return cuts


@pytest.fixture(scope="module", params=list(SCALES), ids=list(SCALES))
def walked(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
           ) -> Iterator[Walk]:
    """The window at 1024×768 with the font at 100 % or 150 %, every page visited once."""
    folder: Path = tmp_path_factory.mktemp("fit")
    session = Session(folder, (SCREEN.width(), SCREEN.height()), SCALES[request.param])
    try:
        yield _walk(session)
    finally:
        session.close()


def test_every_page_and_dialog_is_walked(walked: Walk) -> None:
    assert set(walked.misfits) >= PAGES, "a page that was walked is no longer"


def test_no_text_is_cut_and_no_chart_labels_overlap(walked: Walk) -> None:
    found = [str(m) for page in walked.misfits.values() for m in page]
    assert not found, f"{len(found)} texts do not fit:\n" + "\n".join(found)


def test_the_library_verdict_column_shows_the_longest_band_with_its_swatch(
        walked: Walk) -> None:
    width, needed = walked.band_column
    assert width >= needed, f"the verdict column is {width} px; 'Elevated' and its " \
                            f"swatch need {needed} px"


def test_the_questionnaire_shows_its_score_pickers_and_keys_whole(walked: Walk) -> None:
    """The score strip shows coverage and range in full at 1024×768 (two rows and wrapped
    when one row does not fit), the question pane never scrolls sideways, the range's pickers
    show a level's text and the keys' hint takes at most two lines."""
    assert {"questionnaire", "questionnaire-range", "questionnaire-range-invalid"} <= \
        set(walked.questionnaire)
    found = [f"{name}: {cut}" for name, cuts in walked.questionnaire.items() for cut in cuts]
    assert not found, "\n".join(found)


def test_both_results_tabs_show_their_titles(walked: Walk) -> None:
    assert walked.tabs["results"] == ["Flags and options", "Analyst judgement"]
