"""Themes and contrast: every text colour the app shows keeps WCAG contrast with what it sits
on, in the light, dark and high-contrast themes, on the real widgets as they render."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QStyle,
    QStyleOptionFrame,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from aibri_desktop.charts.bars import Bar, DimensionBarChart
from aibri_desktop.domain.bands import Band
from aibri_desktop.palette import (
    AA,
    AAA,
    BAND_COLOURS,
    BAND_TEXT,
    MARKING,
    MARKING_TEXT,
    NO_SCORE,
    NO_SCORE_TEXT,
    THEMES,
    contrast_ratio,
    readable,
    text_pairs,
    tones,
)
from aibri_desktop.services import Services
from aibri_desktop.ui.main_window import MainWindow
from aibri_desktop.ui.models.navigator_model import Mark
from aibri_desktop.ui.navigation import PageId
from aibri_desktop.ui.settings import AppSettings
from aibri_desktop.ui.style import roles_of
from aibri_desktop.ui.theme import Theme, applied_theme, apply_theme
from aibri_desktop.ui.widgets.earlier_answer import EarlierAnswerBar
from aibri_desktop.ui.widgets.suggestion_bar import SuggestionBar
from helpers.services import create_reference_assessment

THEME_NAMES = ["light", "dark", "high-contrast"]


def _minimum(theme: str) -> float:
    return AAA if theme == "high-contrast" else AA


# ---- the pure figures --------------------------------------------------------------------------

def test_contrast_ratio_is_wcag_2() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)  # symmetric
    assert contrast_ratio("#4575b4", "#4575b4") == pytest.approx(1.0)
    # WCAG's worked values: #767676 is the lightest grey with 4.5:1 on white
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#777777", "#ffffff") < 4.5
    assert contrast_ratio("#f00", "#fff") == pytest.approx(4.0, abs=0.01)


def test_readable_keeps_a_colour_that_passes_and_shades_one_that_fails() -> None:
    assert readable("#1a5fb4", "#ffffff") == "#1a5fb4"
    darker = readable("#E69F00", "#ffffff")  # Okabe-Ito orange on white: 2.2
    assert contrast_ratio(darker, "#ffffff") >= AA
    lighter = readable("#0072B2", "#000000", minimum=AAA)
    assert contrast_ratio(lighter, "#000000") >= AAA


@pytest.mark.parametrize("band", list(Band))
def test_every_band_chip_keeps_its_text_readable(band: Band) -> None:
    assert contrast_ratio(BAND_TEXT[band], BAND_COLOURS[band]) >= AA


def test_the_other_fixed_fills_keep_their_text_readable() -> None:
    assert contrast_ratio(NO_SCORE_TEXT, NO_SCORE) >= AA
    assert contrast_ratio(MARKING_TEXT, MARKING) >= AAA


@pytest.mark.parametrize("theme", THEME_NAMES)
def test_every_text_pair_of_a_theme_keeps_its_contrast(theme: str) -> None:
    failing = {name: round(contrast_ratio(fg, bg), 2)
               for name, (fg, bg) in text_pairs(THEMES[theme]).items()
               if contrast_ratio(fg, bg) < _minimum(theme)}
    assert failing == {}


def test_a_system_palette_gets_tones_that_fit_it(qapp: QApplication) -> None:
    """The system's palette is not ours, but the app's own colours on it still contrast."""
    roles = roles_of(qapp.palette())  # the test run's: Fusion's light palette
    own = {name: pair for name, pair in text_pairs(roles).items()
           if name.startswith(("muted", "quiet", "error", "success", "warning", "info",
                               "range", "score", "robustness", "earlier", "carried",
                               "suggestion", "scoring", "locked", "chart"))}
    assert {name: contrast_ratio(*pair) for name, pair in own.items()
            if contrast_ratio(*pair) < AA} == {}
    grey = replace(THEMES["light"], window="#c0c0c0", base="#d0d0d0", alternate_base="#c8c8c8")
    t = tones(grey)  # a murky grey desktop theme: the tones darken until they pass
    for colour in (t.muted, t.error, t.success, t.warning, t.info, t.range):
        assert contrast_ratio(colour, grey.window) >= AA


# ---- the real widgets, in each theme -------------------------------------------------------------

@pytest.fixture
def restore_theme(qapp: QApplication) -> Iterator[None]:
    before = applied_theme(qapp)
    yield
    apply_theme(qapp, before)


def _themed(qapp: QApplication, theme: str) -> None:
    apply_theme(qapp, theme)
    qapp.processEvents()


def _background(widget: QWidget) -> str:
    """The background the widget says it paints (its palette, after its style sheet)."""
    widget.ensurePolished()
    return widget.palette().color(widget.backgroundRole()).name()


def _rendered(widget: QWidget, area: QRect | None = None) -> set[str]:
    """The colours of the widget's pixels as it renders (within ``area``)."""
    image = (widget.grab(area) if area is not None else widget.grab()).toImage()
    return {QColor(image.pixel(x, y)).name()
            for x in range(image.width()) for y in range(image.height())}


def _text_contrast(box: QWidget, label: QWidget, background: str) -> float:
    """The contrast of a label's text as the box renders it: its most contrasting pixel
    against the box's background (text antialiasing only ever lowers it)."""
    inner = (box.rect().adjusted(8, 8, -8, -8) if label is box  # inside border and padding
             else QRect(label.mapTo(box, label.rect().topLeft()), label.size()))
    pixels = _rendered(box, inner)
    assert len(pixels) > 1, f"{label.objectName() or label} shows no text"
    return max(contrast_ratio(colour, background) for colour in pixels)


def _text_colour(label: QWidget) -> str:
    label.ensurePolished()
    return label.palette().color(label.foregroundRole()).name()


def _chips(label: QLabel) -> list[tuple[str, str]]:
    """The (text, fill) colours of the band chips in a verdict's rich text."""
    return [(fg, bg) for bg, fg in re.findall(
        r"background-color:\s*(#[0-9a-fA-F]{6});\s*color:\s*(#[0-9a-fA-F]{6})", label.text())]


@pytest.mark.parametrize("theme", THEME_NAMES)
def test_score_strip_robustness_and_carried_over_bar_read_well(
        qtbot, qapp: QApplication, restore_theme: None, window: MainWindow,
        services: Services, theme: str) -> None:
    original = create_reference_assessment(services)
    follow_up = services.assessments.duplicate_as_follow_up(assessment_id=original, who="t")
    window.open_assessment(follow_up.assessment_id)
    page = window.questionnaire
    page.go_to("DS-01")
    _themed(qapp, theme)  # after the window is built: the change takes effect at once
    minimum = _minimum(theme)
    roles = THEMES[theme]

    strip = page.strip
    assert strip.isVisible()
    ground = _background(strip)
    assert ground != roles.window_text  # never the text colour: the bug users saw
    assert ground in _rendered(strip), "the strip paints the background it says it has"
    for label in (strip.dimension_name, strip.overall_name, strip.dimension_score,
                  strip.overall_score, strip.dimension_detail, strip.overall_detail):
        assert contrast_ratio(_text_colour(label), ground) >= minimum, label.text()
        assert _text_contrast(strip, label, ground) >= minimum, label.text()
    chips = _chips(strip.overall_band) + _chips(strip.dimension_band)
    assert chips, "the verdicts show band chips"
    for text, fill in chips:
        assert contrast_ratio(text, fill) >= AA

    bar = page.panel.carried_bar
    assert bar.isVisible()
    ground = _background(bar)
    assert ground in _rendered(bar)
    assert contrast_ratio(_text_colour(page.panel.carried_text), ground) >= minimum
    assert _text_contrast(bar, page.panel.carried_text, ground) >= minimum

    navigator = page.navigator
    base = navigator.palette().color(QPalette.ColorRole.Base).name()
    for mark in Mark:
        assert contrast_ratio(mark.colour, base) >= minimum, mark
    model = page.model
    for d in range(model.rowCount()):
        dimension = model.index(d, 0)
        for i in range(model.rowCount(dimension)):
            shown = model.data(model.index(i, 0, dimension), Qt.ItemDataRole.ForegroundRole)
            if shown is not None:  # unanswered and range rows have their own colour
                assert contrast_ratio(shown.name(), base) >= minimum

    window.show_page(PageId.RESULTS)
    box = window.results.robustness_label
    qtbot.waitUntil(box.isVisible)
    ground = _background(box)
    assert ground in _rendered(box)
    assert contrast_ratio(_text_colour(box), ground) >= minimum
    assert _text_contrast(box, box, ground) >= minimum


@pytest.mark.parametrize("theme", THEME_NAMES)
def test_suggestion_and_earlier_answer_bars_read_well(qtbot, qapp: QApplication,
                                                      restore_theme: None, theme: str) -> None:
    _themed(qapp, theme)
    minimum = _minimum(theme)
    suggestion = SuggestionBar()
    qtbot.addWidget(suggestion)
    suggestion.show_gap("Only data about another supplier state: nothing suggested here.")
    suggestion.note.setText("The reference data is not approved yet.")
    suggestion.note.show()
    earlier = EarlierAnswerBar()
    qtbot.addWidget(earlier)
    earlier.answer_label.setText("Before, in aibri 1.1.0 (DS-01): level 1")
    for bar in (suggestion, earlier):
        bar.resize(520, 160)
        bar.show()
    qapp.processEvents()
    for bar, labels in ((suggestion, (suggestion.title, suggestion.note)),
                        (earlier, (earlier.answer_label, earlier.note))):
        ground = _background(bar)
        assert ground in _rendered(bar)
        for label in labels:
            assert contrast_ratio(_text_colour(label), ground) >= minimum, label.text()
            assert _text_contrast(bar, label, ground) >= minimum, label.text()


def test_a_theme_change_restyles_what_is_shown_at_once(qtbot, qapp: QApplication,
                                                       restore_theme: None) -> None:
    _themed(qapp, "light")
    bar = SuggestionBar()
    qtbot.addWidget(bar)
    bar.show_gap("A gap")
    bar.show()
    light = _background(bar), _text_colour(bar.title)
    _themed(qapp, "dark")
    dark = _background(bar), _text_colour(bar.title)
    assert light != dark
    assert dark == (tones(THEMES["dark"]).info_panel.background,
                    tones(THEMES["dark"]).info_panel.text)


@pytest.mark.parametrize("theme", THEME_NAMES)
def test_charts_take_their_colours_from_the_palette(qtbot, qapp: QApplication,
                                                    restore_theme: None, theme: str) -> None:
    chart = DimensionBarChart("Scores")
    qtbot.addWidget(chart)
    chart.set_bars([Bar("One", 10.0, BAND_COLOURS[Band.LOW], 5.0, 20.0, "10.0 Low")])
    _themed(qapp, theme)  # drawn before: redrawn in the new colours
    expected = tones(THEMES[theme])
    assert chart.backgroundBrush().color().name() == expected.chart.background
    axis = chart.getPlotItem().getAxis("left")
    text = axis.textPen().color().name()
    assert text == expected.chart.text
    assert contrast_ratio(text, expected.chart.background) >= _minimum(theme)
    labels = [item for item in chart.getPlotItem().items if hasattr(item, "textItem")]
    assert labels and all(label.textItem.defaultTextColor().name() == expected.chart.text
                          for label in labels)


def test_high_contrast_outlines_survive_garbage_collection(qapp: QApplication,
                                                           restore_theme: None) -> None:
    apply_theme(qapp, Theme.HIGH_CONTRAST)
    gc.collect()
    assert type(qapp.style()).__name__ == "_OutlinedStyle"  # its Python drawing still runs
    apply_theme(qapp, Theme.SYSTEM)
    assert type(qapp.style()).__name__ != "_OutlinedStyle"


def _edges(image: QImage) -> dict[str, set[str]]:
    """The colours along each edge of an image (its outermost pixels)."""
    w, h = image.width(), image.height()
    runs = {"top": [(x, 0) for x in range(4, w - 4)],
            "bottom": [(x, h - 1) for x in range(4, w - 4)],
            "left": [(0, y) for y in range(4, h - 4)],
            "right": [(w - 1, y) for y in range(4, h - 4)]}
    return {edge: {QColor(image.pixel(x, y)).name() for x, y in points}
            for edge, points in runs.items()}


@pytest.mark.parametrize("theme", ["dark", "high-contrast"])
def test_fields_have_a_line_all_round(qtbot, qapp: QApplication, restore_theme: None,
                                      theme: str) -> None:
    """Dark: line edits, text boxes, combo boxes (editable or not) and date fields were a
    near-black box on dark grey with no edge; high contrast drew a frame's top and left only
    (a scroll area's viewport covered its right and bottom)."""
    _themed(qapp, theme)
    roles = THEMES[theme]
    line = roles.window_text if theme == "high-contrast" else roles.mid
    assert contrast_ratio(line, roles.window) >= 3 and contrast_ratio(line, roles.base) >= 3
    host = QWidget()
    qtbot.addWidget(host)
    editable = QComboBox(host)
    editable.setEditable(True)
    editable.addItem("OFFICIAL")
    chosen = QComboBox(host)
    chosen.addItem("Not set")
    fields: list[QWidget] = [QLineEdit(host), QPlainTextEdit(host), QTextBrowser(host),
                             editable, chosen, QDateEdit(host)]
    layout = QVBoxLayout(host)
    for field in fields:
        field.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not the focus colour
        layout.addWidget(field)
    host.resize(300, 400)
    host.show()
    qtbot.waitExposed(host)
    for field in fields:
        edges = _edges(field.grab().toImage())
        assert all(line in colours for colours in edges.values()), (type(field).__name__,
                                                                    edges)
    # with the focus: 2 px of the highlight colour, on all four sides of a scroll area too
    text = QTextBrowser()
    qtbot.addWidget(text)
    text.resize(200, 120)
    option = QStyleOptionFrame()
    option.initFrom(text)
    option.rect = text.rect()
    option.state |= QStyle.StateFlag.State_HasFocus
    image = QImage(text.size(), QImage.Format.Format_RGB32)
    image.fill(QColor(roles.base))
    painter = QPainter(image)
    qapp.style().drawPrimitive(QStyle.PrimitiveElement.PE_Frame, option, painter, text)
    painter.end()
    assert all(colours == {roles.highlight} for colours in _edges(image).values())


@pytest.mark.parametrize("theme", [*THEME_NAMES, "system"])
def test_check_boxes_and_radio_buttons_grow_with_the_font(qtbot, qapp: QApplication,
                                                          restore_theme: None,
                                                          theme: str) -> None:
    """At 150 % the box and the dot stayed 13–14 px beside the larger text."""
    _themed(qapp, theme)
    sizes = []
    for scale in (1.0, 1.5, 2.0):
        box, radio = QCheckBox("Mitigation capacity"), QRadioButton("Unknown (U)")
        for widget, metric in ((box, QStyle.PixelMetric.PM_IndicatorWidth),
                               (radio, QStyle.PixelMetric.PM_ExclusiveIndicatorWidth)):
            qtbot.addWidget(widget)
            font = QFont(qapp.font())
            font.setPointSizeF(font.pointSizeF() * scale)
            widget.setFont(font)
            size = widget.style().pixelMetric(metric, None, widget)
            assert size >= round(widget.fontMetrics().height() * 0.9), (theme, scale)
            sizes.append(size)
    assert sizes[0] < sizes[2] < sizes[4], sizes


def test_the_settings_dialog_chooses_the_theme_and_applies_it(
        qtbot, qapp: QApplication, restore_theme: None, settings: AppSettings,
        tmp_path: Path) -> None:
    from aibri_desktop.ui.dialogs.settings_dialog import SettingsDialog

    assert settings.theme == "system"
    dialog = SettingsDialog(settings, str(tmp_path / "x.sqlite3"))
    qtbot.addWidget(dialog)
    assert [dialog.theme.itemData(i) for i in range(dialog.theme.count())] == \
        ["system", "light", "dark", "high-contrast"]
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog._save()
    assert settings.theme == "dark"
    assert AppSettings.at(tmp_path / "settings.ini").theme == "dark"
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == THEMES["dark"].window


def test_deleted_library_rows_stay_readable_after_a_theme_change(
        qapp: QApplication, restore_theme: None) -> None:
    """A deleted row is painted in the muted tone of the palette in use, worked out again
    when the theme changes (it was a fixed grey, 2.9:1 on the dark base)."""
    from datetime import UTC, date, datetime

    from PySide6.QtCore import Qt

    from aibri_desktop.services.summaries import AssessmentSummary
    from aibri_desktop.ui.models.library_model import LibraryTableModel

    _themed(qapp, "light")
    model = LibraryTableModel()
    row = AssessmentSummary(
        id="a" * 36, country_code="XA", country="Avalon", region="", alt_names="",
        title="Gone", status="draft", framework_id="aibri", framework_version="2.0.0",
        overall_score=None, overall_band=None, coverage=None, provisional=True, red_flags=0,
        as_of=date(2026, 1, 1), updated_at=datetime(2026, 1, 1, tzinfo=UTC), deleted=True)
    model.set_summaries([row])
    for theme in ("light", "dark", "high-contrast"):
        _themed(qapp, theme)
        colour = model.data(model.index(0, 1), Qt.ItemDataRole.ForegroundRole).name()
        base = qapp.palette().base().color().name()
        assert contrast_ratio(colour, base) >= _minimum(theme), (theme, colour, base)
