"""Comparing from the library as an analyst would."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from aibri_desktop.domain.answers import AnswerState
from aibri_desktop.services import Services
from aibri_desktop.ui.main_window import MainWindow
from aibri_desktop.ui.pages.compare_page import ComparePage
from helpers.services import create_reference_assessment


def test_select_three_in_the_library_and_compare(qtbot, window: MainWindow,
                                                 services: Services) -> None:
    ids = []
    for n, level in enumerate((1, 2, 4)):
        change = services.assessments.create(country_code="KE", title=f"Kenya {2024 + n}",
                                             as_of=date(2024 + n, 1, 1))
        for indicator in ("DS-01", "DS-04", "TD-01"):
            services.assessments.answer(assessment_id=change.assessment_id,
                                        indicator_id=indicator, who="t",
                                        state=AnswerState.ANSWERED, level=level)
        ids.append(change.assessment_id)
    window.library.reload()
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 3)
    window.library.select_ids(ids)
    assert window.act("compare").isEnabled()
    window.act("compare").trigger()
    page = window.compare
    assert window.pages.currentWidget() is page
    assert [page.chosen.item(i).data(Qt.ItemDataRole.UserRole + 1) for i in range(3)] == ids
    model = page.table_model
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert header[1:] == ["Kenya, 2024-01-01", "Kenya, 2025-01-01", "Kenya, 2026-01-01",
                          "change (last − first)"]
    overall = [model.data(model.index(1, c)) for c in range(model.columnCount())]
    # DS = level × 25 on its two answers; TD = level × 25; overall = mean of DS and TD.
    assert overall == ["Overall exposure: score of the answered indicators (ranges at their "
                       "middle)", "25.0", "50.0", "100.0", "+75.0 (not established)"]
    rise = model.data(model.index(1, 4), Qt.ItemDataRole.ForegroundRole)
    assert rise.name() == "#b3261e"  # a rise: red, and with a + sign
    assert page.trend.isVisible() and page.trend.values == [25.0, 50.0, 100.0]
    lines = page.change_texts()
    # a finding is named by its short title (framework 2.0, the default)
    assert lines[0] == "+37.5  TD-01 Supplier share of public AI compute  answer changed: " \
        "level 1 → level 4"
    assert page.changes_title.text().endswith(": 25.0 → 100.0, +75.0 points")
    dialog = page.side_by_side("DS-04")
    qtbot.addWidget(dialog)
    text = page.last_side_by_side.toPlainText()
    assert text.count("Kenya") == 3 and "level 1" in text and "level 4" in text


def _page_texts(page: ComparePage) -> tuple[list[str], list[list[str]]]:
    model = page.table_model
    chosen = [page.chosen.item(i).text() for i in range(page.chosen.count())]
    rows = [[model.data(model.index(r, c)) for c in range(model.columnCount())]
            for r in range(model.rowCount())]
    return chosen, rows


def test_the_page_states_verdicts_and_whether_the_change_is_established(
        qtbot, window: MainWindow, services: Services) -> None:
    """The reference assessment and a follow-up (DS-02 2 → 4, DS-03 unknown → 3, GA-01 0 →
    unknown), as an analyst reads them on the page."""
    first = create_reference_assessment(services)
    follow = services.assessments.duplicate_as_follow_up(assessment_id=first, who="t",
                                                         as_of=date(2027, 11, 1))
    for indicator, level in (("DS-02", 4), ("DS-03", 3)):
        services.assessments.answer(assessment_id=follow.assessment_id, indicator_id=indicator,
                                    who="t", state=AnswerState.ANSWERED, level=level)
    services.assessments.answer(assessment_id=follow.assessment_id, indicator_id="GA-01",
                                who="t", state=AnswerState.UNKNOWN)
    page = window.compare
    page.set_ids([first, follow.assessment_id])
    chosen, rows = _page_texts(page)
    assert chosen[0].endswith("—  at least Elevated, at most High (score of the answered "
                              "indicators 73.1)")
    assert "at least High, at most Severe" in chosen[1]
    by_label = {r[0]: r[1:] for r in rows}
    assert by_label["Overall exposure: verdict"][:2] == ["at least Elevated, at most High",
                                                         "at least High, at most Severe"]
    assert by_label["Overall exposure: score of the answered indicators (ranges at their "
                    "middle)"] == ["73.1", "83.3", "+10.2 (not established)"]
    assert by_label["DS-03"] == ["unknown", "3", "newly answered (was unknown)"]
    assert by_label["MC-02"] == ["unknown", "unknown", "unknown"]
    assert page.change_note.text().startswith(
        "The change is not established: the ranges 56.3–77.1 and 63.5–88.5 overlap")
    lines = page.change_texts()
    assert lines == ["+6.2  GA-01  now unknown (was level 0)",
                     "+4.2  DS-02  answer changed: level 2 → level 4",
                     "−0.2  DS-03  newly answered (was unknown): level 3"]
    everything = " ".join([*chosen, *(" ".join(r) for r in rows), *lines])
    assert "not answered" not in everything and "– →" not in everything
    assert not page.radar.title.endswith("(on the common indicators)")


def test_the_page_labels_scores_on_the_common_indicators_and_shows_no_score(
        qtbot, window: MainWindow, services: Services) -> None:
    """Kenya 2024 with only DS-01 at 4 and the IE module; Kenya 2025 without IE, DS-01
    unknown: compared on the common indicators, and the later one has no score."""
    made = []
    for year, modules in ((2024, ["IE"]), (2025, [])):
        change = services.assessments.create(country_code="KE", title=f"Kenya {year}",
                                             as_of=date(year, 1, 1), modules=modules)
        made.append(change.assessment_id)
    services.assessments.answer(assessment_id=made[0], indicator_id="DS-01", who="t",
                                state=AnswerState.ANSWERED, level=4)
    services.assessments.answer(assessment_id=made[1], indicator_id="DS-01", who="t",
                                state=AnswerState.UNKNOWN)
    page = window.compare
    page.set_ids(made)
    chosen, rows = _page_texts(page)
    assert "own, as stored: " in chosen[0] and "; on the common indicators: " in chosen[0]
    assert "provisional" in chosen[0] and "provisional" in chosen[1]
    labels = [r[0] for r in rows]
    assert "Overall exposure, own (as stored): verdict" in labels
    assert not any(label.startswith("Overall exposure:") for label in labels)
    score = next(r for r in rows if r[0].startswith(
        "Overall exposure on the common indicators: score"))
    assert score[1:] == ["100.0", "no score", ""]
    assert page.changes_title.text().endswith(
        "on the common indicators: 100.0 → no score")
    assert "100" not in " ".join(page.change_texts())
    assert page.radar.title.endswith("(on the common indicators)")
