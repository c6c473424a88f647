"""The library page as a user works it: welcome, samples, search, filters, sort, actions."""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtTest import QAbstractItemModelTester

from aibri_desktop.services import Services
from aibri_desktop.ui.dialogs.follow_up import FollowUpDialog
from aibri_desktop.ui.main_window import MainWindow
from aibri_desktop.ui.models.library_model import (
    BAND,
    COUNTRY,
    SCORE,
    STATUS,
    TITLE,
    LibraryFilterProxy,
    LibraryTableModel,
)


def _visible_titles(window: MainWindow) -> list[str]:
    proxy = window.library.proxy
    return [proxy.index(r, TITLE).data() for r in range(proxy.rowCount())]


def _load_samples(qtbot, window: MainWindow) -> None:
    window.library.welcome.samples_button.click()
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 6, timeout=10_000)


def test_empty_database_shows_the_welcome(qtbot, window: MainWindow) -> None:
    assert window.library.stack.currentWidget() is window.library.welcome
    assert window.library.welcome.isVisible()
    _load_samples(qtbot, window)
    assert window.library.stack.currentWidget() is not window.library.welcome
    assert window.library.count_label.text() == "6 of 6 assessments shown"
    assert all("fictional" in t for t in _visible_titles(window))


def test_item_models_pass_the_model_tester(qtbot, services: Services) -> None:
    services.demo.generate(count=15, seed=3)
    model = LibraryTableModel()
    proxy = LibraryFilterProxy()
    proxy.setSourceModel(model)
    testers = [QAbstractItemModelTester(m, QAbstractItemModelTester.FailureReportingMode.Warning)
               for m in (model, proxy)]
    rows = services.assessments.list_summaries(deleted=None)
    model.set_summaries(rows[:10])
    model.upsert(rows[8:])  # two replaced, five added
    assert model.rowCount() == 15
    proxy.set_search("avalon")
    proxy.set_band("high")
    proxy.set_band(None)
    proxy.set_search("")
    proxy.sort(SCORE, Qt.SortOrder.DescendingOrder)
    scores = [model.summary(r).overall_score or -1 for r in range(model.rowCount())]
    assert scores == sorted(scores, reverse=True)
    model.set_summaries([])
    assert proxy.rowCount() == 0
    assert len(testers) == 2


def test_search_as_you_type_finds_alternative_names(qtbot, window: MainWindow,
                                                    services: Services) -> None:
    for code, title in (("TR", "Ankara digital review"), ("CI", "Abidjan data review"),
                        ("KE", "Nairobi cloud review")):
        window.ops.run(partial(services.assessments.create, country_code=code, title=title,
                               as_of=date(2026, 5, 1)))
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 3)
    qtbot.keyClicks(window.library.search, "Turkey")
    assert _visible_titles(window) == ["Ankara digital review"]
    window.library.search.clear()
    qtbot.keyClicks(window.library.search, "ivory coast")
    assert _visible_titles(window) == ["Abidjan data review"]
    window.library.search.clear()
    qtbot.keyClicks(window.library.search, "CLOUD")
    assert _visible_titles(window) == ["Nairobi cloud review"]
    window.library.search.clear()
    assert len(_visible_titles(window)) == 3
    assert window.library.count_label.text() == "3 of 3 assessments shown"


def test_filters_and_sorting(qtbot, window: MainWindow, services: Services) -> None:
    _load_samples(qtbot, window)
    library = window.library
    library.band.setCurrentIndex(library.band.findData("high"))  # "At least High"
    shown = [library.proxy.index(r, BAND).data() for r in range(library.proxy.rowCount())]
    assert shown and all(s.startswith(("High", "Severe", "at least High", "at least Severe"))
                         for s in shown)
    library.band.setCurrentIndex(library.band.findData("open"))
    shown = [library.proxy.index(r, BAND).data() for r in range(library.proxy.rowCount())]
    verdicts = [r.verdict for r in services.assessments.list_summaries()]
    assert len(shown) == sum(1 for v in verdicts if v is not None and not v.settled)
    assert shown and all(s.startswith("at least") for s in shown)
    library.band.setCurrentIndex(0)
    library.region.setCurrentIndex(library.region.findData("Fictional"))
    assert library.proxy.rowCount() == 6
    library.status.setCurrentIndex(library.status.findData("archived"))
    archived = [r.id for r in services.assessments.list_summaries() if r.status == "archived"]
    assert library.proxy.rowCount() == len(archived)
    library.status.setCurrentIndex(0)
    header = library.table.horizontalHeader()
    header.setSortIndicator(SCORE, Qt.SortOrder.AscendingOrder)
    scores = [float(library.proxy.index(r, SCORE).data()) for r in range(6)]
    assert scores == sorted(scores)
    header.setSortIndicator(COUNTRY, Qt.SortOrder.AscendingOrder)
    countries = [library.proxy.index(r, COUNTRY).data() for r in range(6)]
    assert countries == sorted(countries)
    # after sorting, the filters still find the right rows (their data moved with them)
    library.band.setCurrentIndex(library.band.findData("high"))  # "At least High"
    shown = [library.proxy.index(r, BAND).data() for r in range(library.proxy.rowCount())]
    assert shown and all(s.startswith(("High", "Severe", "at least High", "at least Severe"))
                         for s in shown)
    library.band.setCurrentIndex(library.band.findData("open"))
    shown = [library.proxy.index(r, BAND).data() for r in range(library.proxy.rowCount())]
    verdicts = [r.verdict for r in services.assessments.list_summaries()]
    assert len(shown) == sum(1 for v in verdicts if v is not None and not v.settled)
    assert shown and all(s.startswith("at least") for s in shown)
    library.band.setCurrentIndex(0)
    first_title = library.proxy.index(0, TITLE).data()
    library.search.setText(first_title[:12].upper())
    qtbot.waitUntil(lambda: library.proxy.rowCount() >= 1)
    assert all(library.proxy.index(r, TITLE).data().upper().startswith(first_title[:12].upper())
               for r in range(library.proxy.rowCount()))


def test_the_search_shows_its_placeholder_whole_and_keeps_the_key_in_its_tooltip(
        qtbot, window: MainWindow) -> None:
    """At 150 % it read "Search country or title (Ct…"."""
    search = window.library.search
    metrics = search.fontMetrics()
    assert "Ctrl+F" in search.toolTip() and "Ctrl+F" not in search.placeholderText()
    assert search.minimumWidth() > metrics.horizontalAdvance(search.placeholderText())


def test_duplicate_delete_and_restore(qtbot, window: MainWindow, services: Services,
                                      messages, monkeypatch) -> None:
    def ask(cls, sources, frameworks, parent=None):  # the dialog's defaults, accepted
        dialog = cls(sources, frameworks, parent)
        qtbot.addWidget(dialog)
        assert dialog.title_edit.cursorPosition() == 0, "the title's start in view"
        dialog.buttons.accepted.emit()
        return dialog.request

    monkeypatch.setattr(FollowUpDialog, "ask", classmethod(ask))
    _load_samples(qtbot, window)
    library = window.library
    first = library.model.summary(0)
    library.select_ids([first.id])
    assert window.act("duplicate").isEnabled()
    window.act("duplicate").trigger()
    qtbot.waitUntil(lambda: library.model.rowCount() == 7)
    follow_up = [r for r in services.assessments.list_summaries()
                 if r.title == f"{first.title} (follow-up)"]
    assert len(follow_up) == 1
    assert library.selected_ids() == [follow_up[0].id]
    assert "carried-over answers to review" in window.statusBar().currentMessage()

    window.act("delete").trigger()
    assert messages[-1][0] == "confirm" and "restore them" in messages[-1][1]
    assert library.proxy.rowCount() == 6
    assert follow_up[0].id not in [library.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1)
                                   for r in range(library.proxy.rowCount())]
    window.act("show_deleted").trigger()
    assert library.proxy.rowCount() == 1
    library.select_ids([follow_up[0].id])
    assert window.act("restore").isEnabled() and not window.act("delete").isEnabled()
    window.act("restore").trigger()
    assert library.proxy.rowCount() == 0
    library.status.setCurrentIndex(0)
    assert library.proxy.rowCount() == 7


def test_multi_select_and_mark_final(qtbot, window: MainWindow, services: Services) -> None:
    _load_samples(qtbot, window)
    library = window.library
    drafts = [r.id for r in services.assessments.list_summaries() if r.status == "draft"][:2]
    library.select_ids(drafts)
    assert sorted(library.selected_ids()) == sorted(drafts)
    window.act("final").trigger()
    statuses = {r.id: r.status for r in services.assessments.list_summaries()}
    assert [statuses[i] for i in drafts] == ["final", "final"]
    assert not window.act("final").isEnabled()  # the selection is no longer draft


def test_open_shows_the_marking_banner(qtbot, window: MainWindow) -> None:
    _load_samples(qtbot, window)
    assert not window.banner.isVisible()
    first = window.library.model.summary(0)
    index = window.library.proxy.index(0, 0)
    window.library.table.doubleClicked.emit(index)
    assert window.current is not None and window.current.id == first.id
    assert window.banner.isVisible()
    assert window.banner.text().startswith("DEMO — FICTIONAL DATA")


def test_the_selection_stays_on_its_assessment_through_search_and_sort(
        qtbot, window: MainWindow) -> None:
    _load_samples(qtbot, window)
    library = window.library
    library.search.clear()
    target = library.proxy.index(2, TITLE).data()

    def selected() -> list[str]:
        return [library.proxy.index(i.row(), TITLE).data()
                for i in library.table.selectionModel().selectedRows()]

    library.table.selectRow(2)
    assert selected() == [target]

    library.search.setText(target[:6])  # still matches: still selected, on its new row
    assert selected() == [target]
    library.table.horizontalHeader().setSortIndicator(SCORE, Qt.SortOrder.AscendingOrder)
    assert selected() == [target]
    library.table.horizontalHeader().setSortIndicator(TITLE, Qt.SortOrder.DescendingOrder)
    assert selected() == [target]
    library.search.setText("no assessment has this title")
    assert library.proxy.rowCount() == 0 and selected() == []
    assert library.count_label.text() == f"0 of {library.model.rowCount()} assessments shown"


def test_a_search_typed_letter_by_letter_shows_what_the_whole_word_shows(
        qtbot, window: MainWindow) -> None:
    _load_samples(qtbot, window)  # a longer search narrows the rows already shown
    library = window.library
    library.search.clear()
    every = sorted(_visible_titles(window))
    typed = {}
    for text in ("f", "fe", "fen", "fenm", "fen", "f", "fx", ""):
        library.search.setText(text)
        typed[text] = sorted(_visible_titles(window))
    for text, shown in typed.items():
        library.search.setText("")
        library.search.setText(text)  # at once, from every row
        assert sorted(_visible_titles(window)) == shown, text
    assert typed[""] == every and typed["fx"] == [] and 0 < len(typed["fenm"]) < len(every)


def _cell_pixels(window: MainWindow, row: int, column: int) -> tuple[QImage, QRect]:
    table = window.library.table
    image = table.viewport().grab().toImage()
    return image, table.visualRect(window.library.proxy.index(row, column))


def _dark_columns(image: QImage, rect: QRect) -> list[int]:
    """The x positions in a cell where text is drawn (pixels much darker than the background)."""
    middle = rect.center().y()
    return [x for x in range(rect.left() + 1, rect.right() - 1)
            if QColor(image.pixel(x, middle)).lightness() < 110]


def test_rows_are_painted_as_a_user_reads_them(qtbot, window: MainWindow,
                                                services: Services) -> None:
    services.demo.generate(count=12, seed=5)
    window.library.reload()
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 12)
    window.resize(1280, 800)
    qtbot.wait(50)
    proxy = window.library.proxy
    settled = next(r for r in range(proxy.rowCount())
                   if proxy.index(r, BAND).data(Qt.ItemDataRole.DecorationRole) is not None)
    image, rect = _cell_pixels(window, settled, BAND)
    swatch = QColor(image.pixel(rect.left() + 3 + 8, rect.center().y()))
    assert swatch == proxy.index(settled, BAND).data(Qt.ItemDataRole.DecorationRole)
    # the verdict's words follow the swatch, and figures sit at the right of their cell
    assert _dark_columns(image, rect)[0] > rect.left() + 3 + 16
    image, rect = _cell_pixels(window, settled, SCORE)
    drawn = _dark_columns(image, rect)
    assert drawn and min(drawn) > rect.left() + rect.width() // 2
    image, rect = _cell_pixels(window, settled, COUNTRY)
    drawn = _dark_columns(image, rect)
    assert drawn and min(drawn) < rect.left() + 10
    # a selected row is filled with the palette's highlight
    window.library.table.selectRow(settled)
    image, rect = _cell_pixels(window, settled, TITLE)
    highlight = window.library.table.palette().color(QPalette.ColorGroup.Active,
                                                    QPalette.ColorRole.Highlight)
    assert QColor(image.pixel(rect.right() - 2, rect.top() + 2)) == highlight


def test_a_title_too_long_for_its_column_ends_in_an_ellipsis_and_shows_whole_in_the_tooltip(
        qtbot, window: MainWindow, services: Services) -> None:
    title = "A very long review title " * 6
    window.ops.run(partial(services.assessments.create, country_code="KE", title=title.strip(),
                           as_of=date(2026, 5, 1)))
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 1)
    table = window.library.table
    table.setColumnWidth(TITLE, 120)
    qtbot.wait(20)
    index = window.library.proxy.index(0, TITLE)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == title.strip()
    image, rect = _cell_pixels(window, 0, TITLE)
    drawn = _dark_columns(image, rect)
    assert drawn and max(drawn) < rect.right() - 1  # cut before the edge, not clipped by it
    # a changed row repaints with its new status (what is painted is kept per row until then)
    assert window.library.proxy.index(0, STATUS).data() == "Draft"
    window.ops.run(partial(services.assessments.archive,
                           assessment_ids=[window.library.model.summary(0).id]))
    qtbot.waitUntil(lambda: window.library.proxy.index(0, STATUS).data() == "Archived")
