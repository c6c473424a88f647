"""The library: every saved assessment, searchable and filterable, with the actions on them."""

from __future__ import annotations

import gc
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.bands import Band
from ...domain.roles import Action, refusal
from ...services.changes import Change, ChangeKind
from ...services.who import current_user
from ..dialogs.follow_up import FollowUpDialog
from ..dialogs.messages import Messages
from ..models.library_model import (
    ACTIVE,
    BAND,
    CHANGED,
    COUNTRY,
    COVERAGE,
    FRAMEWORK,
    ID_ROLE,
    SCORE,
    STATUS,
    TITLE,
    LibraryFilterProxy,
    LibraryTableModel,
)
from ..ops import Operations, ProgressFn
from ..settings import AppSettings
from ..style import band_label, status_label
from ..widgets.library_delegate import LibraryDelegate
from ..words import translate
from .welcome import WelcomePanel

if TYPE_CHECKING:
    from ...services import Services
    from ...services.summaries import AssessmentSummary

SAMPLE_COUNT = 6
SAMPLE_SEED = 2026


class LibraryPage(QWidget):
    """``services`` may be None while the database is still opening: the page then shows the
    rows it is given (:meth:`show_rows`), which can be searched, filtered, sorted and chosen,
    and asks for nothing that needs the database until :meth:`attach`."""

    open_requested = Signal(str)
    selection_changed = Signal()
    new_requested = Signal()

    def __init__(self, services: Services | None, ops: Operations, settings: AppSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services_or_none = services
        self._ops = ops
        self._settings = settings
        self.model = LibraryTableModel(self)
        self.proxy = LibraryFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._loaded = False

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search country or title"))
        self.search.setToolTip(self.tr("Search country or title (Ctrl+F)"))
        # the placeholder whole, with room for the clear button and the frame
        self.search.setMinimumWidth(
            self.search.fontMetrics().horizontalAdvance(self.search.placeholderText())
            + 2 * self.search.fontMetrics().height() + 16)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search the library"))
        self.search.textChanged.connect(self._search_changed)
        self.region = QComboBox(self)
        self.region.setAccessibleName(self.tr("Region filter"))
        self.region.addItem(self.tr("All regions"), None)
        self.region.currentIndexChanged.connect(
            lambda: self._filter_changed(region=self.region.currentData()))
        self.band = QComboBox(self)
        self.band.setAccessibleName(self.tr("Band filter"))
        self.band.addItem(self.tr("All bands"), None)
        for band in Band:  # "at least": the verdict's lowest band is this one or above
            self.band.addItem(self.tr("At least {band}").format(band=band_label(band)),
                              band.key)
        self.band.addItem(self.tr("Open (not settled)"), "open")
        self.band.addItem(self.tr("No score yet"), "none")
        self.band.currentIndexChanged.connect(
            lambda: self._filter_changed(band=self.band.currentData()))
        self.status = QComboBox(self)
        self.status.setAccessibleName(self.tr("Status filter"))
        self.status.addItem(self.tr("Draft, final and archived"), ACTIVE)
        for key in ("draft", "final", "archived", "deleted"):
            self.status.addItem(status_label(key), key)
        self.status.currentIndexChanged.connect(
            lambda: self._filter_changed(status=self.status.currentData()))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("libraryCount")

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setItemDelegate(LibraryDelegate(self.proxy, self.table))
        self.table.setAccessibleName(self.tr("Saved assessments"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 10)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.sectionResized.connect(self._fit_title)
        header.setSortIndicator(CHANGED, Qt.SortOrder.DescendingOrder)
        self._size_columns()
        self.table.viewport().installEventFilter(self)
        self.table.selectionModel().selectionChanged.connect(self.selection_changed)
        self.context_actions: list[QAction | None] = []

        self.welcome = WelcomePanel(self)
        self.welcome.new_requested.connect(self.new_requested)
        self.welcome.samples_requested.connect(self.load_samples)
        self.welcome.new_button.setEnabled(services is not None)
        self.welcome.samples_button.setEnabled(services is not None)
        self.loading = QLabel(self.tr("Opening the library…"), self)
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.region, 1)
        filters.addWidget(self.band, 1)
        filters.addWidget(self.status, 1)
        table_page = QWidget(self)
        table_layout = QVBoxLayout(table_page)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(filters)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(self.count_label)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.loading)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(table_page)
        self._table_page = table_page
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        ops.changed.connect(self._on_change)

    def _size_columns(self) -> None:
        """Widths from the font in use, so a 150 % font still shows whole headers and values."""
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        samples = {COUNTRY: "Republic of Avalon (XX)", FRAMEWORK: "aibri 1.0.0",
                   STATUS: status_label("archived"), SCORE: "100.0",
                   BAND: self.tr("at least {low}, at most {high}").format(
                       low=band_label(Band.ELEVATED), high=band_label(Band.SEVERE)) + " (p)",
                   COVERAGE: "100 %",
                   CHANGED: "2026-11-28 15:55"}
        swatch = 16 + 4  # the band's colour square beside a settled verdict (the delegate)
        longest_band = max(metrics.horizontalAdvance(band_label(band)) for band in Band)
        for column, sample in samples.items():
            # the header whole, with room for the sort arrow when the column is sorted by
            width = max(metrics.horizontalAdvance(sample) + 28,
                        header.sectionSizeFromContents(column).width())
            if column == BAND:  # "Elevated" with its swatch, however narrow the samples
                width = max(width, longest_band + swatch + 28)
            if column == COUNTRY:
                width = min(width, metrics.horizontalAdvance("M") * 13)
            header.resizeSection(column, width)
        header.setMinimumSectionSize(metrics.horizontalAdvance("M") * 3)
        self._fit_title()

    def _fit_title(self, *_args: object) -> None:
        """The title takes the room the other columns leave, but never less than ~18 letters.
        When they do not all fit (a small window, a large font), the title takes the room
        the columns before it and the next few leave, so that the view ends where a column
        ends, none cut in half at the right edge: the later ones are a scroll away. The
        verdict always shows whole: for it the title gives way down to ~8 letters (elided,
        whole in its tooltip)."""
        header = self.table.horizontalHeader()
        shown = sorted((c for c in range(self.model.columnCount())
                        if c != TITLE and not header.isSectionHidden(c)),
                       key=header.visualIndex)
        viewport = self.table.viewport().width()
        letter = self.table.fontMetrics().horizontalAdvance("M")
        least = letter * 18
        width = viewport - sum(header.sectionSize(c) for c in shown)
        if width < least:
            ends = []  # the title's width when the view ends at the right of each column
            taken = 0
            for column in shown:
                taken += header.sectionSize(column)
                ends.append((column, viewport - taken))
            whole = [room for _column, room in ends if room >= least]
            band = next((room for column, room in ends if column == BAND), least)
            width = whole[-1] if whole else least
            if header.visualIndex(TITLE) < header.visualIndex(BAND) and band < least:
                width = max(letter * 8, band)
        if header.sectionSize(TITLE) != width:
            header.blockSignals(True)
            header.resizeSection(TITLE, width)
            header.blockSignals(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_title()
        return super().eventFilter(watched, event)

    # ---- loading ---------------------------------------------------------------------------

    def attach(self, services: Services) -> None:
        """The database is open: what needs it can now be asked for."""
        self._services_or_none = services
        database = services.database  # on a shared server, a reader may not add assessments
        refused = refusal(database.role, Action.EDIT, database.user or "", _=translate) or ""
        for button in (self.welcome.new_button, self.welcome.samples_button):
            button.setEnabled(not refused)
            button.setToolTip(refused)

    def is_attached(self) -> bool:
        return self._services_or_none is not None

    @property
    def _services(self) -> Services:
        if self._services_or_none is None:
            raise RuntimeError("The library's database is not open yet.")
        return self._services_or_none

    def reload(self) -> None:
        """Load the rows off the GUI thread; the page says so meanwhile."""
        if not self._loaded:
            self.stack.setCurrentWidget(self.loading)
        self._ops.start(lambda _progress: self._services.assessments.list_summaries(deleted=None),
                        on_done=self._loaded_rows)

    def show_rows(self, rows: list[AssessmentSummary]) -> None:
        """Rows read before the services were open (the start-up's quick read)."""
        self._loaded_rows(rows)

    def _loaded_rows(self, rows: list) -> None:  # type: ignore[type-arg]
        self.model.set_summaries(rows)
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._loaded = True
        self._refresh_regions()
        self._show_state()
        # What is loaded now lives for the session: out of the cyclic collector's sight, a full
        # collection no longer walks 10,000 rows in the middle of a comparison (a 120 ms pause
        # in one run of five). Rows hold no reference cycles; reference counting frees them.
        gc.freeze()

    def is_loaded(self) -> bool:
        return self._loaded

    def painted_last(self) -> QWidget:
        """The widget whose paint completes what the page shows: the table's cells, or the
        welcome panel of an empty library."""
        if self.stack.currentWidget() is self._table_page:
            return self.table.viewport()
        return self.stack.currentWidget() or self

    def _show_state(self) -> None:
        empty = self.model.rowCount() == 0
        self.stack.setCurrentWidget(self.welcome if empty else self._table_page)
        self._update_count()

    def _refresh_regions(self) -> None:
        current = self.region.currentData()
        self.region.blockSignals(True)
        while self.region.count() > 1:
            self.region.removeItem(1)
        for name in self.model.region_names():
            self.region.addItem(name, name)
        position = self.region.findData(current)
        self.region.setCurrentIndex(max(position, 0))
        self.region.blockSignals(False)

    def _on_change(self, change: Change[Any]) -> None:
        if not self._loaded or not change.assessment_ids or not self.is_attached():
            return
        if change.kind is ChangeKind.BULK:
            self.reload()
            return
        rows = self._services.assessments.list_summaries(deleted=None, ids=change.assessment_ids)
        self.model.upsert(rows)
        if change.kind is ChangeKind.CREATED:
            self._refresh_regions()
        self._show_state()

    # ---- filtering -------------------------------------------------------------------------

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _filter_changed(self, **change: object) -> None:
        if "region" in change:
            self.proxy.set_region(change["region"])  # type: ignore[arg-type]
        if "band" in change:
            self.proxy.set_band(change["band"])  # type: ignore[arg-type]
        if "status" in change:
            self.proxy.set_status(str(change["status"]))
        self._update_count()

    def show_deleted(self) -> None:
        self.status.setCurrentIndex(self.status.findData("deleted"))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(self.tr("{shown} of {total} assessments shown").format(
            shown=f"{shown:,}", total=f"{total:,}"))

    # ---- selection and actions -------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows()
        return [str(index.data(ID_ROLE)) for index in rows]

    def selected_statuses(self) -> list[str]:
        return [self.model.statuses[self.proxy.mapToSource(i).row()]
                for i in self.table.selectionModel().selectedRows()]

    def select_ids(self, ids: list[str]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        for assessment_id in ids:
            row = self.model.row_of(assessment_id)
            if row is None:
                continue
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if index.isValid():
                selection.select(index, QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)
                self.table.scrollTo(index)

    def open_selected(self) -> None:
        ids = self.selected_ids()
        if ids and self.is_attached():
            self.open_requested.emit(ids[0])

    def _activated(self, index: QModelIndex) -> None:
        # Before the database is open the status bar says it is opening; opening waits.
        if index.isValid() and self.is_attached():
            self.open_requested.emit(str(index.data(ID_ROLE)))

    def selected_summaries(self) -> list[AssessmentSummary]:
        return [self.model.summary(self.proxy.mapToSource(i).row())
                for i in self.table.selectionModel().selectedRows()]

    def duplicate_selected(self) -> None:
        """A follow-up of each selected assessment, after the dialog asked for its title,
        as-of date and framework version."""
        sources = self.selected_summaries()
        if not sources:
            return
        request = FollowUpDialog.ask(sources, self._services.assessments.frameworks(), self)
        if request is None:
            return
        created = []
        for source in sources:
            change = self._ops.run(partial(self._services.assessments.duplicate_as_follow_up,
                                           assessment_id=source.id, who=current_user(),
                                           title=request.title, as_of=request.as_of,
                                           framework=request.framework))
            if change is not None:
                created.append(change.assessment_id)
        if created:
            self.select_ids(created)

    def mark_final_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        question = self.tr("Mark {n} assessment(s) final? Their answers will be locked; a "
                           "follow-up is the way to change them.").format(n=len(ids))
        database = self._services.database
        who = database.user if database.on_server and database.user else current_user()
        if database.on_server:  # the connected login signs: nobody signs for someone else
            question += " " + self.tr("They are signed off by {login}, the login connected "
                                      "to the server.").format(login=who)
        if Messages.confirm(self, self.tr("Mark final"), question, action=self.tr("Mark final")):
            self._ops.run(lambda: self._services.assessments.mark_final(assessment_ids=ids,
                                                                        who=who))

    def archive_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self._ops.run(lambda: self._services.assessments.archive(assessment_ids=ids))

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids or "deleted" in self.selected_statuses():
            return
        if Messages.confirm(self, self.tr("Delete"), self.tr(
                "Delete {n} assessment(s)? You can restore them from the “Deleted” status "
                "filter.").format(n=len(ids)), action=self.tr("Delete")):
            self._ops.run(lambda: self._services.assessments.delete(assessment_ids=ids))

    def purge_selected(self) -> None:
        """Remove deleted assessments for good, after a plain confirmation; then offer to
        remove the backups that still hold them."""
        ids = tuple(self.selected_ids())
        if not ids or any(s != "deleted" for s in self.selected_statuses()):
            return
        if not Messages.confirm(self, self.tr("Purge"), self.tr(
                "Purge {n} deleted assessment(s)? Their answers, history and text are removed "
                "from this database for good and cannot be restored. Backups made before "
                "still hold them; you will be asked about those next.").format(n=len(ids)),
                action=self.tr("Purge for good")):
            return
        who = current_user()
        if self._ops.run(lambda: self._services.assessments.purge(assessment_ids=ids,
                                                                  who=who)) is None:
            return
        holding = self._services.safety.backups_holding(ids)
        if holding and Messages.confirm(self, self.tr("Purge"), self.tr(
                "{n} backup(s) made before the purge still hold these assessments. Remove "
                "those backups too? The backups that do not hold them are kept.").format(
                n=len(holding)), action=self.tr("Remove those backups")):
            self._ops.run(lambda: self._services.safety.remove_backups(holding))

    def restore_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self._ops.run(lambda: self._services.assessments.restore(assessment_ids=ids))

    def load_samples(self) -> None:
        self.welcome.samples_button.setEnabled(False)

        def done(_change: object) -> None:
            self.welcome.samples_button.setEnabled(True)

        def failed(message: str) -> None:
            self.welcome.samples_button.setEnabled(True)
            Messages.error(self, self.tr("Sample assessments"), message)

        def work(progress: ProgressFn) -> Change[Any]:
            return self._services.demo.generate(count=SAMPLE_COUNT, seed=SAMPLE_SEED,
                                                who="samples", progress=progress)

        self._ops.start(work, on_done=done, on_failed=failed)

    def _context_menu(self, position) -> None:  # type: ignore[no-untyped-def]
        if not self.context_actions:
            return
        menu = QMenu(self)
        for action in self.context_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.exec(self.table.viewport().mapToGlobal(position))
