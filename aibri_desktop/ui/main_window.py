"""The main window: a side bar of pages, menus and toolbar, status bar and marking banner."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSize, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressDialog,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME
from ..domain.judgements import Judgements
from ..services.changes import Change, ChangeKind
from ..services.filenames import marking_prefix, suggested_filename
from ..services.records import AssessmentRecord, AssessmentSummary
from ..services.who import current_user
from .dialogs.export_brief import ExportBriefDialog
from .dialogs.help_dialogs import AboutDialog, GuideDialog, MethodologyDialog, ShortcutsDialog
from .dialogs.messages import ConflictDialog, FolderDialog, Messages
from .dialogs.new_assessment import NewAssessmentDialog
from .dialogs.register_dialog import RegisterDialog
from .dialogs.settings_dialog import SettingsDialog
from .ops import CANCELLED, Operations
from .pages.library_page import LibraryPage
from .settings import AppSettings
from .startup import wait_until_open
from .widgets.banner import MarkingBanner

if TYPE_CHECKING:
    from ..services import Services
    from .pages.compare_page import ComparePage
    from .pages.questionnaire_page import QuestionnairePage
    from .pages.results_page import ResultsPage

LIBRARY = 0
QUESTIONNAIRE = 1
BACKUP_EVERY_MS = 15 * 60 * 1000  # while data changes: a verified backup every 15 minutes
RESULTS = 2
COMPARE = 3


class MainWindow(QMainWindow):
    """``first_rows``: the library rows read before the services were open (see
    :mod:`.startup`); the window then finishes its start in :meth:`services_ready`. The
    questionnaire, results and compare pages are built when first needed or, at the latest,
    just after the start, so the charting libraries do not delay the first window."""

    def __init__(self, services: Services, settings: AppSettings,
                 ops: Operations | None = None, parent: QWidget | None = None, *,
                 first_rows: list[AssessmentSummary] | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.settings = settings
        self.ops = ops or Operations(self)
        self.current: AssessmentRecord | None = None
        self.setWindowTitle(APP_NAME)
        self.resize(1280, 800)
        self.setMinimumSize(900, 600)
        self.setAcceptDrops(True)

        self.undo_stack = QUndoStack(self)
        self.library = LibraryPage(services, self.ops, settings, self)
        self._built: dict[int, QWidget] = {}  # QUESTIONNAIRE, RESULTS, COMPARE once built
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.library)
        self.nav = QListWidget(self)
        self.nav.setObjectName("sideBar")
        self.nav.setAccessibleName(self.tr("Pages"))
        self.nav.setIconSize(QSize(20, 20))
        widest = max(self.fontMetrics().horizontalAdvance(t) for t in
                     (self.tr("Library"), self.tr("Questionnaire"), self.tr("Results"),
                      self.tr("Compare")))
        self.nav.setFixedWidth(widest + 40)
        self._add_nav_item(self.tr("Library"))
        for title in (self.tr("Questionnaire"), self.tr("Results")):
            item = self._add_nav_item(title)  # enabled once an assessment is open
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        self._add_nav_item(self.tr("Compare"))
        self.nav.currentRowChanged.connect(self._nav_changed)
        self.banner = MarkingBanner(self)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(self.banner)
        right_layout.addWidget(self.pages, 1)
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(right, 1)
        self.setCentralWidget(central)

        self.actions_by_name: dict[str, QAction] = {}
        self._build_actions()
        self.library.open_requested.connect(self.open_assessment)
        self.library.new_requested.connect(self.new_assessment)
        self.library.selection_changed.connect(self._update_actions)
        self.library.context_actions = [self.act("open"), self.act("compare"), None,
                                        self.act("duplicate"),
                                        self.act("final"), self.act("archive"), None,
                                        self.act("delete"), self.act("restore")]
        self.ops.changed.connect(self._on_change)
        self.ops.failed.connect(self._on_failed)
        self._changes_since_backup = 0
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(BACKUP_EVERY_MS)
        self._backup_timer.timeout.connect(self._periodic_backup)
        self._backup_timer.start()
        self.nav.setCurrentRow(LIBRARY)
        self._restore_state()
        self._update_actions()
        self.integrity_report: object = None
        if first_rows is None:
            self.library.reload()
            self.services_ready()
        else:
            self.library.show_rows(first_rows)
            self.statusBar().showMessage(self.tr("Opening the database…"))

    def services_ready(self, *, reload_library: bool = False) -> None:
        """The database is open: say which, start the check run at every start, and build
        the other pages, one per turn of the event loop."""
        services = self.services
        self.statusBar().showMessage(self.tr("Database: {path}").format(
            path=services.database.path or services.database.url))
        if reload_library:
            self.library.reload()
        if services.database.path is not None:
            self.ops.start(lambda _p: services.safety.check(), on_done=self._checked,
                           on_failed=lambda _m: None)
        QTimer.singleShot(0, self._build_next_page)

    # ---- the pages built after the start ---------------------------------------------------

    def _build_next_page(self) -> None:
        """One page per turn of the event loop, so input between them is not held up."""
        if len(self._built) < 3:
            self._ensure_pages(LIBRARY + len(self._built) + 1)
            QTimer.singleShot(0, self._build_next_page)

    def _ensure_pages(self, upto: int) -> None:
        """Build the pages up to index ``upto`` in order (their index is their nav row)."""
        if upto in self._built:
            return
        wait_until_open(self.services)  # the open loads these modules on its thread
        from .pages.compare_page import ComparePage
        from .pages.questionnaire_page import QuestionnairePage
        from .pages.results_page import ResultsPage

        while upto not in self._built:
            index = LIBRARY + len(self._built) + 1
            page: QWidget
            if index == QUESTIONNAIRE:
                page = QuestionnairePage(self.services, self.ops, self.settings,
                                         self.undo_stack, self)
            elif index == RESULTS:
                results = page = ResultsPage(self.ops, self, self.services, self.undo_stack)
                results.indicator_requested.connect(self.show_indicator)
                results.export_requested.connect(self.export_brief)
            else:
                compare = page = ComparePage(self.services, self)
                compare.add_requested.connect(
                    partial(self._add_selected_to_compare, compare))
                compare.failed.connect(self._on_failed)
            self.pages.addWidget(page)
            self._built[index] = page

    def _add_selected_to_compare(self, compare: ComparePage) -> None:
        compare.add_ids(self.library.selected_ids())

    @property
    def questionnaire(self) -> QuestionnairePage:
        self._ensure_pages(QUESTIONNAIRE)
        return cast("QuestionnairePage", self._built[QUESTIONNAIRE])

    @property
    def results(self) -> ResultsPage:
        self._ensure_pages(RESULTS)
        return cast("ResultsPage", self._built[RESULTS])

    @property
    def compare(self) -> ComparePage:
        self._ensure_pages(COMPARE)
        return cast("ComparePage", self._built[COMPARE])

    def _checked(self, report: object) -> None:
        """The check run at every start: a changed row is reported, never silently used."""
        self.integrity_report = report
        if getattr(report, "ok", True):
            return
        if not getattr(report, "damaged", True):
            self.act("adopt").setEnabled(not self.services.database.read_only)
            self.statusBar().showMessage(self.tr(
                "This library was sealed on another computer: its rows cannot be verified "
                "here until it is adopted (File → Adopt this library…)."))
            self.adopt_library()
            return
        rows = "; ".join(getattr(report, "changed_rows", ())[:3])
        structure = getattr(report, "structure", "ok")
        Messages.error(self, APP_NAME, self.tr(
            "The database check found damage: {problem}. Nothing was repaired or rewritten. "
            "Restore the newest verified backup from Settings → Backups.").format(
            problem=structure if structure != "ok" else
            self.tr("changed outside the app: {rows}").format(rows=rows)))

    # ---- building --------------------------------------------------------------------------

    def _add_nav_item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text, self.nav)
        item.setSizeHint(QSize(0, self.fontMetrics().height() + 16))
        return item

    def _enable_assessment_pages(self, enabled: bool) -> None:
        for row in (QUESTIONNAIRE, RESULTS):
            item = self.nav.item(row)
            flags = item.flags()
            item.setFlags(flags | Qt.ItemFlag.ItemIsEnabled if enabled
                          else flags & ~Qt.ItemFlag.ItemIsEnabled)

    def act(self, name: str) -> QAction:
        return self.actions_by_name[name]

    def _action(self, name: str, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(tip or text.replace("&", ""))
        action.triggered.connect(lambda _checked=False: slot())
        self.actions_by_name[name] = action
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        S = QKeySequence.StandardKey
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(a("new", self.tr("&New assessment…"), self.new_assessment,
                              QKeySequence(S.New), self.tr("Start a new assessment")))
        file_menu.addAction(a("open", self.tr("&Open"), self.library.open_selected, "Ctrl+O",
                              self.tr("Open the selected assessment")))
        file_menu.addAction(a("samples", self.tr("Load &sample assessments"),
                              self.library.load_samples, None,
                              self.tr("Add illustrative assessments of fictional countries")))
        file_menu.addSeparator()
        file_menu.addAction(a("import", self.tr("&Import .aibri file…"), self.import_file,
                              "Ctrl+I", self.tr("Import assessments from an exchange file")))
        file_menu.addAction(a("export_aibri", self.tr("Export selected to .&aibri…"),
                              self.export_selected_aibri, None,
                              self.tr("Write the selected assessments to one exchange file")))
        file_menu.addAction(a("export_csv", self.tr("Export selected as &CSV…"),
                              self.export_selected_csv, None,
                              self.tr("Answers and scores of the selected assessments")))
        file_menu.addAction(a("export_brief", self.tr("&Export brief…"), self.export_brief,
                              "Ctrl+E", self.tr("Write the country brief of the open "
                                                "assessment as a PDF")))
        file_menu.addAction(a("export_briefs", self.tr("Export briefs of &selected…"),
                              self.export_selected_briefs, None,
                              self.tr("Write a brief for each selected assessment")))
        file_menu.addAction(a("register", self.tr("&Register of issued briefs…"),
                              self.show_register))
        adopt = a("adopt", self.tr("A&dopt this library…"), self.adopt_library, None,
                  self.tr("Seal a library copied from another computer with this computer's "
                          "key, so its rows can be verified here"))
        adopt.setEnabled(False)  # until the start-up check finds the library sealed elsewhere
        file_menu.addAction(adopt)
        file_menu.addSeparator()
        file_menu.addAction(a("settings", self.tr("Se&ttings…"), self.open_settings, "Ctrl+,"))
        file_menu.addSeparator()
        file_menu.addAction(a("quit", self.tr("&Quit"), self.close, QKeySequence(S.Quit)))
        if self.act("quit").shortcut().isEmpty():
            self.act("quit").setShortcut(QKeySequence("Ctrl+Q"))

        edit = self.menuBar().addMenu(self.tr("&Edit"))
        self.edit_menu = edit
        undo = a("undo", self.tr("&Undo"), self.undo_stack.undo, QKeySequence(S.Undo))
        redo = a("redo", self.tr("&Redo"), self.undo_stack.redo, "Ctrl+Shift+Z")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        undo.setEnabled(False)
        redo.setEnabled(False)
        self.undo_stack.canUndoChanged.connect(undo.setEnabled)
        self.undo_stack.canRedoChanged.connect(redo.setEnabled)
        self.undo_stack.undoTextChanged.connect(
            lambda t: undo.setText(self.tr("&Undo: {change}").format(change=t) if t
                                   else self.tr("&Undo")))
        self.undo_stack.redoTextChanged.connect(
            lambda t: redo.setText(self.tr("&Redo: {change}").format(change=t) if t
                                   else self.tr("&Redo")))
        edit.addAction(undo)
        edit.addAction(redo)
        edit.addSeparator()
        edit.addAction(a("find", self.tr("&Find in library"), self._find, QKeySequence(S.Find)))

        assessment = self.menuBar().addMenu(self.tr("&Assessment"))
        assessment.addAction(a("duplicate", self.tr("&Duplicate as follow-up"),
                               self.library.duplicate_selected, "Ctrl+D",
                               self.tr("Start a new draft seeded from this assessment")))
        assessment.addAction(a("compare", self.tr("&Compare selected"), self.compare_selected,
                               "Ctrl+K", self.tr("Compare the selected assessments")))
        assessment.addAction(a("final", self.tr("Mark &final"), self.library.mark_final_selected,
                               None, self.tr("Lock the answers of the selected assessments")))
        assessment.addAction(a("archive", self.tr("&Archive"), self.library.archive_selected))
        assessment.addSeparator()
        assessment.addAction(a("delete", self.tr("De&lete"), self.library.delete_selected,
                               QKeySequence(S.Delete)))
        assessment.addAction(a("restore", self.tr("&Restore"), self.library.restore_selected))
        assessment.addAction(a("purge", self.tr("&Purge for good…"), self.library.purge_selected,
                               None, self.tr("Remove deleted assessments and their history "
                                             "from the database for good")))
        assessment.addAction(a("show_deleted", self.tr("Show &deleted assessments"),
                               self._show_deleted))

        self.view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.view_menu.addAction(a("page_library", self.tr("&Library"),
                                   lambda: self.show_page(LIBRARY), "Ctrl+1"))
        self.view_menu.addAction(a("page_questionnaire", self.tr("&Questionnaire"),
                                   lambda: self.show_page(QUESTIONNAIRE), "Ctrl+2"))
        self.view_menu.addAction(a("page_results", self.tr("&Results"),
                                   lambda: self.show_page(RESULTS), "Ctrl+3"))
        self.view_menu.addAction(a("page_compare", self.tr("&Compare"),
                                   lambda: self.show_page(COMPARE), "Ctrl+4"))

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(a("guide", self.tr("User &guide"), self.show_guide,
                              QKeySequence(S.HelpContents)))
        help_menu.addAction(a("methodology", self.tr("&Methodology"), self.show_methodology))
        help_menu.addAction(a("shortcuts", self.tr("&Keyboard shortcuts"), self.show_shortcuts))
        help_menu.addAction(a("about", self.tr("&About AIBRI Desktop"), self.show_about))

        toolbar = self.addToolBar(self.tr("Main"))
        toolbar.setObjectName("mainToolBar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for name in ("new", "open", "duplicate", "final", "delete"):
            toolbar.addAction(self.act(name))
        toolbar.addSeparator()
        toolbar.addAction(self.act("settings"))
        toolbar.addAction(self.act("guide"))

    # ---- pages -----------------------------------------------------------------------------

    def show_page(self, index: int) -> None:
        item = self.nav.item(index)
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.nav.setCurrentRow(index)

    def _nav_changed(self, row: int) -> None:
        if row >= 0:
            if row != LIBRARY:
                self._ensure_pages(row)
            self.pages.setCurrentIndex(row)
            self._update_actions()

    def _find(self) -> None:
        self.show_page(LIBRARY)
        self.library.focus_search()

    def _show_deleted(self) -> None:
        self.show_page(LIBRARY)
        self.library.show_deleted()

    # ---- assessments -----------------------------------------------------------------------

    def new_assessment(self) -> None:
        request = NewAssessmentDialog.ask(self.services.countries,
                                          self.services.assessments.frameworks(),
                                          self.settings, self)
        if request is None:
            return
        change = self.ops.run(lambda: self.services.assessments.create(
            country_code=request.country.code, title=request.title, as_of=request.as_of,
            assessor=request.assessor, marking=request.marking, framework=request.framework,
            modules=request.modules))
        if change is not None:
            self.open_assessment(change.assessment_id)

    def open_assessment(self, assessment_id: str) -> None:
        try:
            record = self.services.assessments.load(assessment_id)
        except Exception as exc:  # reported, never a traceback
            self._on_failed(str(exc))
            return
        self._show_record(record)
        self.statusBar().showMessage(self.tr("Opened “{title}”.").format(title=record.title))
        self.show_page(QUESTIONNAIRE)
        self.questionnaire.navigator.setFocus()

    def _show_record(self, record: AssessmentRecord) -> None:
        """Give the open assessment to every page that shows it (without switching pages)."""
        self.current = record
        self.banner.show_marking(record.marking, f"{record.country.name} — {record.title}")
        self.setWindowTitle(f"{record.title} — {APP_NAME}")
        self._enable_assessment_pages(True)
        self.questionnaire.load(record)
        self.results.load(record)

    # ---- briefs ----------------------------------------------------------------------------

    def export_brief(self) -> None:
        record = self.current
        if record is None:
            return
        self.questionnaire.flush()
        options = ExportBriefDialog.ask(suggested_filename(record), record.marking,
                                        self.settings, self)
        if options is None:
            return
        progress = self._progress(self.tr("Writing the brief…"), cancellable=False)

        def done(change: object) -> None:
            progress.close()
            if options.open_after:
                self.open_in_viewer(options.path)

        def failed(message: str) -> None:
            progress.close()
            self._on_failed(message)

        who = current_user()
        self.ops.start(lambda _p: self.services.briefs.write(
            record.id, options.path, evidence=options.evidence, marking=options.marking,
            include_assessor=options.include_assessor, recipient=options.recipient, who=who),
            on_done=done, on_failed=failed)

    def export_selected_briefs(self) -> None:
        ids = self.library.selected_ids()
        if not ids:
            return
        folder = FolderDialog.ask(self, self.tr("Folder for the briefs"),
                                  self.settings.recent("brief_folder", str(Path.home())))
        if folder is None:
            return
        progress = self._progress(self.tr("Writing {n} briefs…").format(n=len(ids)),
                                  cancellable=True, maximum=len(ids))
        task = None

        def done(paths: object) -> None:
            progress.close()
            count = len(paths) if isinstance(paths, list) else 0
            self.statusBar().showMessage(self.tr("Wrote {n} briefs to {folder}.").format(
                n=count, folder=folder), 10000)

        def failed(message: str) -> None:
            progress.close()
            if message == CANCELLED:
                self.statusBar().showMessage(self.tr(
                    "Cancelled; the briefs written so far are in {folder}.").format(
                    folder=folder), 10000)
            else:
                self._on_failed(message)

        task = self.ops.start(lambda report: self.services.briefs.write_many(
            ids, folder, progress=report), on_done=done, on_failed=failed,
            on_progress=lambda n, _total: progress.setValue(n))
        progress.canceled.connect(lambda: setattr(task, "cancelled", True))

    def _progress(self, label: str, *, cancellable: bool, maximum: int = 0) -> QProgressDialog:
        dialog = QProgressDialog(label, self.tr("Cancel") if cancellable else "", 0, maximum,
                                 self)
        dialog.setWindowTitle(APP_NAME)
        dialog.setMinimumDuration(300)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.setValue(0)
        return dialog

    # ---- exchange --------------------------------------------------------------------------

    def import_file(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Import assessments"),
                                                    self.settings.recent("exchange_folder"),
                                                    self.tr("AIBRI exchange files (*.aibri)"))
            if not chosen:
                return
            path = Path(chosen)
        self.settings.set_recent("exchange_folder", str(path.parent))
        try:
            plan = self.services.exchange.plan(path, "skip")
        except Exception as exc:  # validation problems: one clear message, nothing written
            self._on_failed(str(exc))
            return
        policy = "skip"
        if plan.skipped:
            choice = ConflictDialog.ask(self, plan.skipped)
            if choice is None:
                return
            policy = choice
        allow_older = False
        if policy == "replace":
            plan = self.services.exchange.plan(path, "replace")
            if plan.older:
                allow_older = Messages.confirm(self, self.tr("Older revisions"), self.tr(
                    "{n} assessment(s) in the file are OLDER revisions of ones here (e.g. "
                    "“{title}”). Replacing them loses the newer work. Replace anyway?").format(
                    n=len(plan.older), title=plan.older[0]), action=self.tr("Replace anyway"))
                if not allow_older:
                    return
        # One transaction: Cancel rolls the whole import back, so nothing is half imported.
        count = plan.new + plan.replaced + plan.copied + plan.skipped
        progress = self._progress(self.tr("Importing {n} assessment(s)…").format(n=count),
                                  cancellable=True, maximum=max(count, 1))

        def done(change: object) -> None:
            progress.close()
            self.library.reload()
            summary = change.summary if isinstance(change, Change) else ""
            if "\n" in summary or "skipped" in summary or "without the link" in summary:
                # what was not imported as asked must be read, not flash by in the status bar
                Messages.info(self, self.tr("Import"), summary)

        def failed(message: str) -> None:
            progress.close()
            if message == CANCELLED:
                self.statusBar().showMessage(
                    self.tr("Import cancelled; nothing was imported."), 10000)
            else:
                self._on_failed(message)

        def advanced(done: int, total: int) -> None:
            # the import counts its steps (scoring, then writing), not assessments
            progress.setMaximum(total)
            progress.setValue(done)

        task = self.ops.start(lambda report: self.services.exchange.import_file(
            path, on_conflict=policy, allow_older=allow_older, progress=report),
            on_done=done, on_failed=failed, on_progress=advanced)
        progress.canceled.connect(lambda: setattr(task, "cancelled", True))

    def export_selected_aibri(self) -> None:
        ids = self.library.selected_ids()
        if not ids:
            return
        deleted = self.library.selected_statuses().count("deleted")
        if deleted and not Messages.confirm(self, APP_NAME, self.tr(
                "{n} of the chosen assessments are deleted. Export them too, marked deleted? "
                "(To export one as it was, restore it first.)").format(n=deleted),
                action=self.tr("Export them too")):
            return
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export to an exchange file"),
            str(Path(self.settings.recent("exchange_folder", str(Path.home())))
                / f"{self._marking_prefix(ids)}assessments.aibri"),
            self.tr("AIBRI exchange files (*.aibri)"))
        if chosen:
            target = Path(chosen).with_suffix(".aibri")
            self.ops.run(lambda: self.services.exchange.export(
                ids, target, include_deleted=bool(deleted)))

    def export_selected_csv(self) -> None:
        ids = self.library.selected_ids()
        folder = FolderDialog.ask(self, self.tr("Folder for the CSV files"),
                                  self.settings.recent("exchange_folder", str(Path.home())))
        if ids and folder is not None:
            prefix = self._marking_prefix(ids)
            self.ops.run(lambda: self.services.exchange.export_csv(
                ids, folder / f"{prefix}aibri-answers.csv", folder / f"{prefix}aibri-scores.csv"))

    def _marking_prefix(self, ids: list[str]) -> str:
        """Suggested file names start with the marking, so a listing shows what is inside.
        One query for the markings: loading every chosen record on the GUI thread (answers,
        framework and all) held the window up for a large selection."""
        return marking_prefix(self.services.assessments.markings(ids))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(u.toLocalFile().endswith(".aibri") for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.toLocalFile().endswith(".aibri"):
                event.acceptProposedAction()
                self.import_file(Path(url.toLocalFile()))
                return

    def compare_selected(self) -> None:
        ids = self.library.selected_ids()
        if len(ids) < 2:
            self.statusBar().showMessage(self.tr("Select two or more assessments to compare."),
                                         8000)
            return
        self.compare.set_ids(ids)
        self.show_page(COMPARE)

    def show_register(self) -> RegisterDialog:
        dialog = RegisterDialog(self.services.briefs, self)
        dialog.show()
        return dialog

    def open_in_viewer(self, path: Path) -> None:
        """The system's PDF viewer (a local file: nothing goes on the network)."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def show_indicator(self, indicator_id: str) -> None:
        """Open an indicator of the open assessment in the questionnaire."""
        self.show_page(QUESTIONNAIRE)
        self.questionnaire.go_to(indicator_id)
        self.questionnaire.panel.setFocus()

    def _refresh_current(self) -> None:
        if self.current is None:
            return
        try:
            record = self.services.assessments.load(self.current.id)
        except Exception as exc:
            self._on_failed(str(exc))
            return
        self._show_record(record)

    def close_assessment(self) -> None:
        self.questionnaire.flush()
        self.current = None
        self.undo_stack.clear()
        self.banner.clear_marking()
        self.setWindowTitle(APP_NAME)
        self._enable_assessment_pages(False)
        self.show_page(LIBRARY)

    def _on_change(self, change: Change) -> None:
        if change.assessment_ids:
            self._changes_since_backup += 1
        if change.assessment_ids == ("*",):  # a restore replaced everything
            self.close_assessment()
            self.library.reload()
        if change.summary:
            self.statusBar().showMessage(change.summary, 8000)
        if self.current is not None and self.current.id in change.assessment_ids:
            if change.kind is ChangeKind.DELETED:
                self.close_assessment()
            elif change.kind in (ChangeKind.STATUS, ChangeKind.RESTORED):
                self._refresh_current()
            elif change.kind is ChangeKind.JUDGED and isinstance(
                    judgements := change.details.get("judgements"), Judgements):
                # the results page shows what it saved: no reload (it reset the judgement
                # panel and sent the next keys to another dimension)
                self.current = replace(self.current, judgements=judgements)
        self._update_actions()

    def _on_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        Messages.error(self, APP_NAME, message)

    def _update_actions(self) -> None:
        on_library = self.pages.currentIndex() == LIBRARY
        ids = self.library.selected_ids() if on_library else []
        statuses = self.library.selected_statuses() if on_library else []
        has = bool(ids)
        deleted = "deleted" in statuses
        self.act("open").setEnabled(has and not deleted)
        self.act("duplicate").setEnabled(has and not deleted)
        self.act("final").setEnabled(has and not deleted and all(s == "draft" for s in statuses))
        self.act("archive").setEnabled(has and not deleted and "archived" not in statuses)
        self.act("delete").setEnabled(has and not deleted)
        self.act("restore").setEnabled(has and all(s == "deleted" for s in statuses))
        self.act("purge").setEnabled(has and all(s == "deleted" for s in statuses))
        self.act("export_briefs").setEnabled(has and not deleted)
        self.act("compare").setEnabled(len(ids) >= 2 and not deleted)
        self.act("export_aibri").setEnabled(has)
        self.act("export_csv").setEnabled(has and not deleted)
        self.act("export_brief").setEnabled(self.current is not None)

    # ---- dialogs ---------------------------------------------------------------------------

    def open_settings(self) -> None:
        database = str(self.services.database.path or self.services.database.url)
        if SettingsDialog.ask(self.settings, database, self, self.services.framework_files,
                              self.ops, self.services.safety):
            self.statusBar().showMessage(self.tr("Settings saved."), 5000)

    def show_guide(self, anchor: str = "") -> GuideDialog:
        dialog = GuideDialog(anchor, self)
        dialog.show()
        return dialog

    def show_methodology(self) -> MethodologyDialog:
        dialog = MethodologyDialog(self)
        dialog.show()
        return dialog

    def shortcut_actions(self) -> list[QAction]:
        return list(self.actions_by_name.values())

    def extra_shortcuts(self) -> list[tuple[str, str]]:
        """Keys that belong to a page rather than to a menu action."""
        return [(self.tr("Questionnaire: {action}").format(action=name), keys)
                for name, keys in self.questionnaire.shortcuts]

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self.shortcut_actions(), self.extra_shortcuts(), self)
        dialog.show()
        return dialog

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self.services.assessments.frameworks(), self)
        dialog.show()
        return dialog

    # ---- state -----------------------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = self.settings.geometry("main")
        if geometry is not None:
            self.restoreGeometry(geometry)
        header = self.settings.geometry("library_header")
        if header is not None:
            self.library.table.horizontalHeader().restoreState(header)

    def adopt_library(self) -> None:
        """A library copied from another computer: after the person confirms that they trust
        this copy, re-seal its rows with this computer's key (recorded in the library log)."""
        report = self.integrity_report
        key = getattr(report, "sealed_elsewhere", None)
        if key is None or self.services.database.read_only:
            return
        if not Messages.confirm(self, APP_NAME, self.tr(
                "This library was sealed on another computer (key {key}), so its rows cannot "
                "be verified here, and briefs from it are refused or marked UNVERIFIED.\n\n"
                "Adopt it if you trust this copy (for example, you moved it from your old "
                "laptop yourself): every row is sealed with this computer's key as it is now, "
                "a backup is made first, and the adoption is recorded in the library log with "
                "your name.").format(key=key), action=self.tr("Adopt this library")):
            return
        who = current_user()

        def adopted(change: object) -> None:
            self.act("adopt").setEnabled(False)
            self.integrity_report = None
            self.services_checked_again()
            Messages.info(self, APP_NAME, getattr(change, "summary", ""))

        self.ops.start(lambda _p: self.services.safety.adopt(who), on_done=adopted)

    def services_checked_again(self) -> None:
        """Run the start-up check again (after an adoption) and keep its report."""
        self.ops.start(lambda _p: self.services.safety.check(), on_done=self._checked,
                       on_failed=lambda _m: None)

    def save_state(self) -> None:
        self.settings.set_geometry("main", self.saveGeometry())
        self.settings.set_geometry("library_header",
                                   self.library.table.horizontalHeader().saveState())
        self.settings.sync()

    def _periodic_backup(self, reason: str = "periodic") -> None:
        if not self._changes_since_backup or self.services.database.read_only or \
                self.services.database.path is None:
            return
        self._changes_since_backup = 0
        self.ops.start(lambda _p: self.services.safety.backup(reason),
                       on_done=lambda made: self.statusBar().showMessage(
                           self.tr("Verified backup written ({size} KB).").format(
                               size=made.size // 1024), 5000))

    def closeEvent(self, event: QCloseEvent) -> None:
        if QUESTIONNAIRE in self._built:
            self.questionnaire.flush()
        self._backup_timer.stop()
        self._periodic_backup("on-close")
        if RESULTS in self._built:
            self.results.stop()
        self.save_state()
        self.ops.wait()
        super().closeEvent(event)
