"""Comparing from the library as an analyst would."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from aibri_desktop.domain.answers import AnswerState
from aibri_desktop.services import Services
from aibri_desktop.ui.main_window import MainWindow


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
    overall = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    # DS = level × 25 on its two answers; TD = level × 25; overall = mean of DS and TD.
    assert overall == ["Overall exposure", "25.0", "50.0", "100.0", "+75"]
    rise = model.data(model.index(0, 4), Qt.ItemDataRole.ForegroundRole)
    assert rise.name() == "#b3261e"  # a rise: red, and with a + sign
    assert page.trend.isVisible() and page.trend.values == [25.0, 50.0, 100.0]
    lines = page.change_texts()
    assert lines[0].startswith("+37.50  TD-01  answer changed  1 → 4")
    assert page.changes_title.text().endswith("+75.00 points")
    dialog = page.side_by_side("DS-04")
    qtbot.addWidget(dialog)
    text = page.last_side_by_side.toPlainText()
    assert text.count("Kenya") == 3 and "level 1" in text and "level 4" in text
