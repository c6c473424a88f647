"""The main window: a side bar of pages, menus and toolbar, status bar and marking banner."""

from __future__ import annotations

from collections.abc import Callable
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
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME
from ..domain.roles import Role, role_name
from ..services.changes import Change
from ..services.records import AssessmentRecord
from ..services.summaries import AssessmentSummary
from .actions import backups, briefs, exchange
from .actions import details as details_actions
from .actions import library as library_actions
from .actions.enabled import enabled_actions, role_reasons
from .dialogs.help_dialogs import AboutDialog, GuideDialog, MethodologyDialog, ShortcutsDialog
from .dialogs.messages import Messages
from .dialogs.new_assessment import NewAssessmentDialog, supplier_choices
from .dialogs.settings_dialog import SettingsDialog
from .models.open_assessment import OpenAssessment
from .navigation import ASSESSMENT_PAGES, NAV_ORDER, PageId, page_at
from .ops import Operations
from .pages.library_page import LibraryPage
from .settings import AppSettings
from .widgets.banner import MarkingBanner
from .words import exposure_text, measured_text, translate

if TYPE_CHECKING:
    from ..services import Services
    from ..services.safety import CheckReport
    from .dialogs.register_dialog import RegisterDialog
    from .pages.compare_page import ComparePage
    from .pages.questionnaire_page import QuestionnairePage
    from .pages.results_page import ResultsPage

LIBRARY = PageId.LIBRARY
QUESTIONNAIRE = PageId.QUESTIONNAIRE
RESULTS = PageId.RESULTS
COMPARE = PageId.COMPARE


class MainWindow(QMainWindow):
    """The window, its navigation and its menus; what the menus do is in :mod:`.actions`.

    ``services`` None: the database is still opening (see :mod:`.startup`). The window then
    shows ``first_rows``, the library rows read before, with what needs the database disabled,
    and finishes its start in :meth:`attach`. The questionnaire, results and compare pages
    are built when first needed or, at the latest, just after the start, so the charting
    libraries do not delay the first window."""

    def __init__(self, services: Services | None, settings: AppSettings,
                 ops: Operations | None = None, parent: QWidget | None = None, *,
                 first_rows: list[AssessmentSummary] | None = None) -> None:
        super().__init__(parent)
        self._services: Services | None = None
        self.settings = settings
        self.ops = ops or Operations(self)
        # the one owner of the open assessment's state; pages read it and follow its signals
        self.open = OpenAssessment(services, self.ops, self)
        self.open.replaced.connect(self._assessment_replaced)
        self.open.followed.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.open.suggestions_ready.connect(self._announce_suggestions)
        self._announced: str | None = None  # the assessment whose suggestions were announced
        self.setWindowTitle(APP_NAME)
        self.resize(1280, 800)
        self.setMinimumSize(900, 600)
        self.setAcceptDrops(True)

        self.undo_stack = QUndoStack(self)
        self.library = LibraryPage(None, self.ops, settings, self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.library)
        self._built: dict[PageId, QWidget] = {PageId.LIBRARY: self.library}
        # the other pages, each made by its own method when first needed (see page())
        self._builders: dict[PageId, Callable[[], QWidget]] = {
            PageId.QUESTIONNAIRE: self._build_questionnaire,
            PageId.RESULTS: self._build_results,
            PageId.COMPARE: self._build_compare,
        }
        self.nav = QListWidget(self)
        self.nav.setObjectName("sideBar")
        self.nav.setAccessibleName(self.tr("Pages"))
        self.nav.setIconSize(QSize(20, 20))
        titles = {PageId.LIBRARY: self.tr("Library"),
                  PageId.QUESTIONNAIRE: self.tr("Questionnaire"),
                  PageId.RESULTS: self.tr("Results"), PageId.COMPARE: self.tr("Compare")}
        widest = max(self.fontMetrics().horizontalAdvance(t) for t in titles.values())
        self.nav.setFixedWidth(widest + 40)
        for page_id in NAV_ORDER:
            self._add_nav_item(titles[page_id])
        # the assessment pages while one is open; compare once the database is open
        for page_id in (*ASSESSMENT_PAGES, PageId.COMPARE):
            self._set_nav_enabled(page_id, False)
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
        self._tips: dict[str, tuple[str, str]] = {}  # name -> its tool tip and status tip
        # on a shared server: as whom the user acts, always in sight (see attach)
        self.connected_as = QLabel(self)
        self.connected_as.setObjectName("connectedAs")
        self.connected_as.hide()
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
        self.backup = backups.PeriodicBackup(self)
        # the start-up check's report (see actions.library), once it has come back
        self.integrity_report: CheckReport | None = None
        self.nav.setCurrentRow(NAV_ORDER.index(PageId.LIBRARY))
        self._restore_state()
        self._update_actions()
        if services is not None:
            self.attach(services, reload_library=True)
        else:
            self.library.show_rows(first_rows or [])
            self.statusBar().showMessage(self.tr("Opening the database…"))

    # ---- the database ----------------------------------------------------------------------

    def attach(self, services: Services, *, reload_library: bool = False) -> None:
        """The database is open: say which, start the check every start runs, enable what
        needs the database, and build the other pages, one per turn of the event loop."""
        self._services = services
        self.open.attach(services)
        self.library.attach(services)
        self.statusBar().showMessage(self.tr("Database: {path}").format(
            path=services.database.path or services.database.url))
        self._show_connected_as()
        if reload_library:
            self.library.reload()
        library_actions.start_check(self)
        self._set_nav_enabled(PageId.COMPARE, True)
        self._update_actions()
        QTimer.singleShot(0, self._build_next_page)

    def _show_connected_as(self) -> None:
        """On a shared server, the status bar says for good as whom (and in which role) the
        user acts; an SQLite file's window shows nothing of it. The menus then show each
        action's tip, where a disabled action says why."""
        database = self.services.database
        if not database.on_server:
            return
        self.connected_as.setText(self.tr("Shared server: {user} ({role})").format(
            user=database.user, role=role_name(database.role, translate)))
        self.connected_as.setToolTip(self.tr(
            "Every change you make is recorded as made by {user}; the server's grants for "
            "the {role} role decide what you may do.").format(
            user=database.user, role=role_name(database.role, translate)))
        self.statusBar().addPermanentWidget(self.connected_as)
        self.connected_as.show()
        for menu in self.menuBar().findChildren(QMenu):
            menu.setToolTipsVisible(True)

    @property
    def role(self) -> Role:
        """The connected role on a shared server; on an SQLite file (or before the database
        is open), the sole user, who may do everything."""
        return self._services.database.role if self._services is not None else Role.SINGLE

    @property
    def attached(self) -> bool:
        """Whether the database is open (:meth:`attach` has been called)."""
        return self._services is not None

    @property
    def services(self) -> Services:
        if self._services is None:  # what needs them is disabled until attach()
            raise RuntimeError("The database is not open yet.")
        return self._services

    # ---- the pages built after the start ---------------------------------------------------

    def _build_next_page(self) -> None:
        """One page per turn of the event loop, so input between them is not held up."""
        waiting = [page_id for page_id in self._builders if page_id not in self._built]
        if waiting:
            self.page(waiting[0])
            QTimer.singleShot(0, self._build_next_page)

    def page(self, page_id: PageId) -> QWidget:
        """The page, built by its builder if this is the first time it is needed (which
        needs the open database). The stack holds the built pages in side bar order."""
        page = self._built.get(page_id)
        if page is None:
            if not self.attached:
                raise RuntimeError("The database is not open yet.")
            page = self._builders[page_id]()
            self.pages.insertWidget(sum(1 for built in self._built if built < page_id), page)
            self._built[page_id] = page
        return page

    def current_page(self) -> PageId:
        shown = self.pages.currentWidget()
        return next((page_id for page_id, page in self._built.items() if page is shown),
                    PageId.LIBRARY)

    def _ensure_pages(self, upto: PageId) -> None:
        """Build ``upto`` and the pages above it in the side bar: opening an assessment needs
        both of its pages there to follow it."""
        for page_id in NAV_ORDER[:NAV_ORDER.index(upto) + 1]:
            self.page(page_id)

    def _build_questionnaire(self) -> QWidget:
        from .pages.questionnaire_page import QuestionnairePage

        page = QuestionnairePage(self.open, self.settings, self.undo_stack, self)
        # a refused change: the status bar no longer says the one before it was "Saved."
        page.save_refused.connect(lambda text: self.statusBar().showMessage(text, 10000))
        return page

    def _build_results(self) -> QWidget:
        from .pages.results_page import ResultsPage

        results = ResultsPage(self.open, self.undo_stack, self)
        results.indicator_requested.connect(self.show_indicator)
        results.export_requested.connect(self.export_brief)
        return results

    def _build_compare(self) -> QWidget:
        from .pages.compare_page import ComparePage

        compare = ComparePage(self.services, self)
        compare.add_requested.connect(partial(self._add_selected_to_compare, compare))
        compare.failed.connect(self._on_failed)
        return compare

    def _add_selected_to_compare(self, compare: ComparePage) -> None:
        compare.add_ids(self.library.selected_ids())

    @property
    def questionnaire(self) -> QuestionnairePage:
        return cast("QuestionnairePage", self.page(PageId.QUESTIONNAIRE))

    @property
    def results(self) -> ResultsPage:
        return cast("ResultsPage", self.page(PageId.RESULTS))

    @property
    def compare(self) -> ComparePage:
        return cast("ComparePage", self.page(PageId.COMPARE))

    # ---- building --------------------------------------------------------------------------

    def _add_nav_item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text, self.nav)
        item.setSizeHint(QSize(0, self.fontMetrics().height() + 16))
        return item

    def _enable_assessment_pages(self, enabled: bool) -> None:
        for page_id in ASSESSMENT_PAGES:
            self._set_nav_enabled(page_id, enabled)

    def _set_nav_enabled(self, page_id: PageId, enabled: bool) -> None:
        item = self.nav.item(NAV_ORDER.index(page_id))
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
        self._tips[name] = (action.toolTip(), tip)  # shown again when a role's reason is not
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
        assessment.addAction(a("details", self.tr("De&tails…"), self.edit_details, "Ctrl+Shift+E",
                               self.tr("Change the title, as-of date, marking, assessor, "
                                       "perspective or modules of the assessment")))
        assessment.addAction(a("duplicate", self.tr("&Duplicate as follow-up"),
                               self.library.duplicate_selected, "Ctrl+D",
                               self.tr("Start a new draft seeded from this assessment")))
        assessment.addAction(a("compare", self.tr("&Compare selected"), self.compare_selected,
                               "Ctrl+K", self.tr("Compare the selected assessments")))
        assessment.addAction(a("final", self.tr("Mark &final"), self.library.mark_final_selected,
                               None, self.tr("Lock the answers of the selected assessments")))
        assessment.addAction(a("archive", self.tr("&Archive"), self.library.archive_selected))
        assessment.addAction(a("evidence_requests", self.tr("&Evidence requests…"),
                               self.export_requests, None,
                               self.tr("Write the open items of the open assessment as "
                                       "requests for evidence (PDF, Word or CSV)")))
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

    def show_page(self, page: PageId | int) -> None:
        """Show a page (by name, or by its side bar row), if its row is enabled."""
        page_id = page_at(page)
        if page_id is None:
            return
        row = NAV_ORDER.index(page_id)
        item = self.nav.item(row)
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.nav.setCurrentRow(row)

    def _nav_changed(self, row: int) -> None:
        page_id = page_at(row)
        if page_id is not None:
            self.pages.setCurrentWidget(self.page(page_id))
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
                                          self.settings, self,
                                          suppliers=supplier_choices(self.services.suppliers),
                                          count_suggestions=self.services.reference.count_for)
        if request is None:
            return
        change = self.ops.run(lambda: self.services.assessments.create(
            country_code=request.country.code, title=request.title, as_of=request.as_of,
            assessor=request.assessor, marking=request.marking, framework=request.framework,
            modules=request.modules, supplier=request.supplier,
            perspective=request.perspective))
        if change is not None:
            self.open_assessment(change.assessment_id)

    @property
    def current(self) -> AssessmentRecord | None:
        """The open assessment's record (owned by :attr:`open`), or None."""
        return self.open.record

    def _announce_suggestions(self) -> None:
        """Once per opened assessment: how many suggestions from public data wait."""
        record = self.open.record
        if record is None or record.id == self._announced:
            return
        self._announced = record.id
        waiting = sum(1 for o in self.open.suggested.values() if o.status == "new")
        if not waiting:
            return
        text = self.tr("◆ {n} suggestion(s) from public data wait for review in the "
                       "questionnaire.").format(n=waiting)
        if not self.open.reference_approved:
            text += " " + self.tr("The reference data is not approved yet.")
        self.statusBar().showMessage(text, 15000)

    def open_assessment(self, assessment_id: str) -> None:
        self._ensure_pages(RESULTS)  # the pages follow the open assessment from its opening
        if not self.open.open(assessment_id):
            return
        record = self.open.record
        assert record is not None
        self.statusBar().showMessage(self.tr("Opened “{title}”.").format(title=record.title))
        self.show_page(QUESTIONNAIRE)
        self.questionnaire.navigator.setFocus()

    def _assessment_replaced(self, record: AssessmentRecord | None) -> None:
        """Opened, read again or closed: the banner, the title and the pages that show it."""
        if record is None:
            self.banner.clear_marking()
            self.setWindowTitle(APP_NAME)
            self._enable_assessment_pages(False)
            if self.current_page() in ASSESSMENT_PAGES:
                self.show_page(LIBRARY)
        else:
            # what is measured before the title: a long title is what gets shortened
            self.banner.show_marking(record.marking, f"{record.country.name}  ·  "
                                     f"{measured_text(record)}  ·  {record.title}")
            self.setWindowTitle(f"{record.title} — {exposure_text(record)} — {APP_NAME}")
            self._enable_assessment_pages(True)
        self._update_actions()

    # ---- briefs ----------------------------------------------------------------------------

    def export_brief(self) -> None:
        briefs.export_brief(self)

    def export_selected_briefs(self) -> None:
        briefs.export_selected_briefs(self)

    def export_requests(self) -> None:
        briefs.export_requests(self)

    def edit_details(self) -> None:
        details_actions.edit_details(self)

    # ---- exchange --------------------------------------------------------------------------

    def import_file(self, path: Path | None = None) -> None:
        exchange.import_file(self, path)

    def export_selected_aibri(self) -> None:
        exchange.export_selected_aibri(self)

    def export_selected_csv(self) -> None:
        exchange.export_selected_csv(self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.act("import").isEnabled() and any(u.toLocalFile().endswith(".aibri")
                                                   for u in event.mimeData().urls()):
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
        return briefs.show_register(self)

    def open_in_viewer(self, path: Path) -> None:
        """The system's PDF viewer (a local file: nothing goes on the network)."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def show_indicator(self, indicator_id: str) -> None:
        """Open an indicator of the open assessment in the questionnaire."""
        self.show_page(QUESTIONNAIRE)
        self.questionnaire.go_to(indicator_id)
        self.questionnaire.panel.setFocus()

    def close_assessment(self) -> None:
        if QUESTIONNAIRE in self._built:
            self.questionnaire.flush()
        self.open.close()
        self.show_page(LIBRARY)

    def _on_change(self, change: Change[object]) -> None:
        """What the window itself shows of a change: the status bar, the backup count, the
        library after a restore. The open assessment follows changes on its own."""
        if change.assessment_ids:
            self.backup.changes += 1
        if change.assessment_ids == ("*",):  # a restore replaced everything
            self.library.reload()
        if change.summary:
            self.statusBar().showMessage(change.summary, 8000)
        self._update_actions()

    def _on_failed(self, message: str) -> None:
        self.report_failure(message)

    def report_failure(self, message: str) -> None:
        """Why an action failed, in one sentence: in the status bar and a message box."""
        self.statusBar().showMessage(message, 10000)
        Messages.error(self, APP_NAME, message)

    def update_actions(self) -> None:
        """Enable each action as the rules in :mod:`.actions.enabled` say for the library's
        selection, the open assessment, the database and the connected role (an action the
        role may not take says why in its tips)."""
        on_library = self.current_page() is PageId.LIBRARY
        adoptable = self.attached and library_actions.is_adoptable(
            self.integrity_report, self.services.database.read_only)
        rules = enabled_actions(self.library.selected_statuses() if on_library else [],
                                on_library=on_library, has_open=self.current is not None,
                                attached=self.attached, adoptable=adoptable, role=self.role)
        database = self._services.database if self._services is not None else None
        reasons = role_reasons(self.role, database.user or "" if database else "", translate)
        for name, enabled in rules.items():
            action = self.act(name)
            action.setEnabled(enabled)
            # disabled by the role: its tips say why, instead of what it does
            tool_tip, status_tip = (reasons[name], reasons[name]) if name in reasons \
                else self._tips[name]
            action.setToolTip(tool_tip)
            action.setStatusTip(status_tip)

    def _update_actions(self) -> None:
        self.update_actions()

    # ---- dialogs ---------------------------------------------------------------------------

    def open_settings(self) -> None:
        database = str(self.services.database.path or self.services.database.url)
        if SettingsDialog.ask(self.settings, database, self, self.services.framework_files,
                              self.ops, self.services.safety, self.services.library,
                              self.services.reference, user=self.services.database.user,
                              role=self.services.database.role):
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
        library_actions.adopt_library(self)

    def save_state(self) -> None:
        self.settings.set_geometry("main", self.saveGeometry())
        self.settings.set_geometry("library_header",
                                   self.library.table.horizontalHeader().saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if QUESTIONNAIRE in self._built:
            self.questionnaire.flush()
        self.backup.closing()
        self.open.stop()
        if self.attached:  # the start-up check may still run in its child: not waited for
            from ..services.safety import stop_child_checks

            stop_child_checks()
        self.save_state()
        self.ops.wait()
        super().closeEvent(event)
