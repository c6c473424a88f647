"""Settings: where the database lives (the Database tab), the default marking, what happens
after an export, and the library's decision threshold and paper (settings of the library,
saved through its service, which a team's server lets only a reviewer or the owner change)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.roles import Action, Role, refusal
from ...services.errors import DatabaseError, InvalidInputError, ServiceError
from ...services.files import write_text_atomically
from ...services.who import current_user
from ..ops import Operations
from ..settings import AppSettings
from ..style import band_label, set_tone
from ..theme import Theme, apply_theme
from ..words import translate
from .messages import Messages
from .new_assessment import MARKINGS

if TYPE_CHECKING:
    from ...services.framework_service import FrameworkService
    from ...services.library_settings import LibrarySettingsService
    from ...services.reference import ReferenceService
    from ...services.safety import SafetyService


class SettingsDialog(QDialog):
    def __init__(self, settings: AppSettings, current_database: str,
                 parent: QWidget | None = None,
                 frameworks: FrameworkService | None = None, ops: Operations | None = None,
                 safety: SafetyService | None = None,
                 library: LibrarySettingsService | None = None,
                 reference: ReferenceService | None = None, *, user: str | None = None,
                 role: Role = Role.SINGLE) -> None:
        super().__init__(parent)
        self._reference = reference
        self._frameworks = frameworks
        self._library = library
        self._ops = ops
        self._safety = safety
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 84)
        self._settings = settings
        # the library's own settings: a team's server lets only a reviewer or the owner
        # change them (None: this connection may)
        self._library_refusal = refusal(role, Action.SETTINGS, user or "", _=translate)
        self._on_server = user is not None  # backups are the server's: snapshots here

        self.marking = QComboBox(self)
        self.marking.setEditable(True)
        self.marking.addItems(MARKINGS)
        self.marking.setCurrentText(settings.default_marking)
        self.marking.setAccessibleName(self.tr("Default classification marking"))
        self.open_pdf = QCheckBox(self.tr("Open PDF briefs in the system viewer after export"),
                                  self)
        self.open_pdf.setChecked(settings.open_pdf_after_export)
        self.theme = QComboBox(self)
        self.theme.setAccessibleName(self.tr("Theme"))
        for theme in Theme:
            self.theme.addItem(theme.label(), theme.value)
        self.theme.setCurrentIndex(max(self.theme.findData(Theme.parse(settings.theme).value), 0))
        self.theme.setToolTip(self.tr("System follows the desktop's colours; high contrast "
                                      "draws white text on black with outlined controls"))

        form = QFormLayout()
        form.addRow(self.tr("Default marking"), self.marking)
        form.addRow(self.tr("After export"), self.open_pdf)
        form.addRow(self.tr("Theme"), self.theme)
        if library is not None:
            form.addRow(self.tr("Decision threshold (for this library)"),
                        self._threshold_field(library))
            form.addRow(self.tr("Paper for briefs (for this library)"),
                        self._paper_field(library))
            if self._library_refusal is not None:
                self._refuse_library_settings(self._library_refusal)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        general = QWidget(self)
        general_layout = QVBoxLayout(general)
        general_layout.addLayout(form)
        general_layout.addStretch(1)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(general, self.tr("General"))
        if frameworks is not None:
            self.tabs.addTab(self._frameworks_tab(frameworks), self.tr("Frameworks"))
        if safety is not None and ops is not None:
            self.tabs.addTab(self._backups_tab(), self.tr("Backups"))
        # the Database tab comes before the reference data, so the tabs before it keep the
        # places the screenshots and the smoke test open them at
        # loaded with the dialog, not the window: the tab's URLs need SQLAlchemy, which the
        # window's first paint must not wait for (tests/ui/test_startup.py)
        from .database_tab import DatabaseTab

        self.database_tab = DatabaseTab(settings.database_path, current_database, user=user,
                                        role=role, ops=ops, parent=self)
        self.tabs.addTab(self.database_tab, self.tr("Database"))
        self.database = self.database_tab.path  # the file, as the General tab had it
        self.database_note = self.database_tab.change_note
        self.database_warning = self.database_tab.path_warning
        if reference is not None and ops is not None:
            self.tabs.addTab(self._reference_tab(reference), self.tr("Reference data"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        if parent is not None:  # never larger than the window it opens over: on a small
            # screen at a large font the descriptions asked for 80 characters beside the
            # form's labels and the lists for a dozen rows, past the screen's edges
            self.resize(self.sizeHint().boundedTo(parent.window().size() * 0.95))

    # ---- the library's decision threshold ----------------------------------------------------

    def _refuse_library_settings(self, reason: str) -> None:
        """The connected role may not change the library's settings: the fields stay as
        they are, disabled, with the reason on them and under the threshold."""
        for field in (self.threshold, self.paper):
            field.setEnabled(False)
            field.setToolTip(reason)
        self.library_refusal = QLabel(reason, self)
        self.library_refusal.setObjectName("libraryRefusal")
        self.library_refusal.setWordWrap(True)
        set_tone(self.library_refusal, "warning")
        self._threshold_column.insertWidget(1, self.library_refusal)

    def _threshold_field(self, library: LibrarySettingsService) -> QVBoxLayout:
        """None, or a band's lower edge: "Is exposure High or above?" is then answered yes,
        no or open on the results page and in the briefs, for everyone using the library."""
        from ...services.library_settings import THRESHOLD_BANDS  # the window starts without

        self.threshold = QComboBox(self)
        self.threshold.setAccessibleName(self.tr("Decision threshold for this library"))
        self.threshold.addItem(self.tr("none"), None)
        for band in THRESHOLD_BANDS:
            self.threshold.addItem(self.tr("{band} or above").format(band=band_label(band)),
                                   band.key)
        try:
            current = library.threshold()
        except (ServiceError, DatabaseError):
            current = None
            self.threshold.setEnabled(False)
        self._threshold_key = current.key if current is not None else None
        self.threshold.setCurrentIndex(max(self.threshold.findData(self._threshold_key), 0))
        note = QLabel(self.tr(
            "Set by the ministry and shared by everyone who uses this library. The results "
            "page and the briefs then ask “Is exposure High or above?” and answer yes, no, or "
            "open while the unknowns allow either. Guarded starts at 20, Elevated at 40, High "
            "at 60, Severe at 80."), self)
        note.setWordWrap(True)
        self.threshold_message = QLabel(self)
        self.threshold_message.setObjectName("thresholdMessage")
        self.threshold_message.setWordWrap(True)
        set_tone(self.threshold_message, "error")
        self.threshold_message.setVisible(False)
        self._threshold_column = column = QVBoxLayout()
        column.addWidget(self.threshold, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(note)
        column.addWidget(self.threshold_message)
        return column

    def _paper_field(self, library: LibrarySettingsService) -> QComboBox:
        """A4 or US Letter, for every brief written from this library (PDF and Word)."""
        self.paper = QComboBox(self)
        self.paper.setAccessibleName(self.tr("Paper for briefs"))
        self.paper.addItem(self.tr("A4"), "a4")
        self.paper.addItem(self.tr("US Letter"), "letter")
        try:
            self._paper_key: str | None = library.paper()
        except (ServiceError, DatabaseError):
            self._paper_key = None
            self.paper.setEnabled(False)
        self.paper.setCurrentIndex(max(self.paper.findData(self._paper_key), 0))
        return self.paper

    def _save_paper(self) -> bool:
        library = self._library
        if library is None or not self.paper.isEnabled():
            return True
        chosen = str(self.paper.currentData())
        if chosen == self._paper_key:
            return True
        who = current_user()
        if self._ops is not None:
            return self._ops.run(lambda: library.set_paper(chosen, who=who)) is not None
        try:
            library.set_paper(chosen, who=who)
        except (ServiceError, DatabaseError) as exc:
            self.threshold_message.setText(str(exc))
            self.threshold_message.setVisible(True)
            return False
        return True

    def _save_threshold(self) -> bool:
        """Save a changed threshold through the library's service (announced to the window
        when it has ``ops``); False, with the reason shown, if it was refused."""
        library = self._library
        if library is None or not self.threshold.isEnabled():
            return True
        chosen = self.threshold.currentData()
        if chosen == self._threshold_key:
            return True
        who = current_user()
        if self._ops is not None:
            change = self._ops.run(lambda: library.set_threshold(chosen, who=who))
            if change is None:
                return False  # the window reports why
        else:
            try:
                library.set_threshold(chosen, who=who)
            except (ServiceError, DatabaseError) as exc:
                self.threshold_message.setText(str(exc))
                self.threshold_message.setVisible(True)
                return False
        self._threshold_key = chosen
        return True

    # ---- frameworks ------------------------------------------------------------------------

    def _frameworks_tab(self, frameworks: FrameworkService) -> QWidget:
        tab = QWidget(self)
        intro = QLabel(self.tr(
            "New assessments can use any framework listed here. To make your own, save a copy "
            "of a framework, edit its wording, weights or indicators (give it a new id or "
            "version), check it with “aibri framework validate”, then add it. Existing "
            "assessments keep the framework version they were made with."), tab)
        intro.setWordWrap(True)
        self.framework_list = QListWidget(tab)
        self.framework_list.setAccessibleName(self.tr("Available frameworks"))
        self.framework_list.setWordWrap(True)
        self.framework_list.setResizeMode(QListWidget.ResizeMode.Adjust)  # rewrapped on resize
        self.framework_list.setSpacing(2)
        add = QPushButton(self.tr("Add framework file…"), tab)
        add.clicked.connect(self._add_framework)
        copy = QPushButton(self.tr("Save a copy to edit…"), tab)
        copy.clicked.connect(self._copy_framework)
        self.framework_message = QLabel(tab)
        self.framework_message.setWordWrap(True)
        self.framework_message.setObjectName("frameworkMessage")
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(copy)
        row.addStretch(1)
        suppliers_intro = QLabel(self.tr(
            "Supplier profiles: the states whose exposure an assessment of framework 2 can "
            "measure. Each lists that state's laws, instruments, vendors and lenders with a "
            "source for every entry. A ministry can add its own profile (checked like a "
            "framework); an assessment keeps the profile it was answered with."), tab)
        suppliers_intro.setWordWrap(True)
        self.supplier_list = QListWidget(tab)
        self.supplier_list.setAccessibleName(self.tr("Supplier profiles"))
        self.supplier_list.setWordWrap(True)
        self.supplier_list.setResizeMode(QListWidget.ResizeMode.Adjust)  # rewrapped on resize
        self.supplier_list.setSpacing(2)
        add_supplier = QPushButton(self.tr("Add supplier profile…"), tab)
        add_supplier.clicked.connect(self._add_supplier)
        supplier_row = QHBoxLayout()
        supplier_row.addWidget(add_supplier)
        supplier_row.addStretch(1)
        column = QVBoxLayout(tab)
        column.addWidget(intro)
        column.addWidget(self.framework_list, 2)
        column.addLayout(row)
        column.addWidget(suppliers_intro)
        column.addWidget(self.supplier_list, 1)
        column.addLayout(supplier_row)
        column.addWidget(self.framework_message)
        self._fill_frameworks(frameworks)
        self._fill_suppliers(frameworks)
        return tab

    def _fill_suppliers(self, frameworks: FrameworkService) -> None:
        self.supplier_list.clear()
        origins = {"bundled": self.tr("bundled"), "user": self.tr("added"),
                   "imported": self.tr("imported")}
        for profile, origin in frameworks.supplier_profiles():
            entries = sum(1 for _e in profile.entries())
            self.supplier_list.addItem(self.tr(
                "{name} — {label} ({origin})\n{entries} sourced entries, as of {as_of} · "
                "{hash}").format(name=profile.name.get()[:1].upper() + profile.name.get()[1:],
                                 label=profile.label,
                                 origin=origins.get(origin, origin), entries=entries,
                                 as_of=profile.as_of, hash=profile.content_hash[:12]))

    def add_supplier_file(self, path: Path) -> bool:
        """Check a supplier profile file and add it; say what happened either way."""
        assert self._frameworks is not None
        try:
            change = self._frameworks.add_supplier_file(path)
        except ServiceError as exc:
            self._say(str(exc), error=True)
            return False
        self._say(change.summary)
        self._fill_suppliers(self._frameworks)
        return True

    def _add_supplier(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Add a supplier profile"), "",
                                              self.tr("Supplier profiles (*.json)"))
        if path:
            self.add_supplier_file(Path(path))

    def _fill_frameworks(self, frameworks: FrameworkService) -> None:
        self.framework_list.clear()
        self._entries = frameworks.entries()
        for entry in self._entries:
            f = entry.framework
            modules = ", ".join(f.optional_dimension_ids) or self.tr("none")
            origin = self.tr("bundled") if entry.origin == "bundled" else self.tr("added")
            count = sum(1 for _i in f.indicators())
            self.framework_list.addItem(self.tr(
                "{name} — {id} {version} ({origin})\n{count} indicators · optional modules: "
                "{modules} · {hash}").format(name=f.name.get(), id=f.id, version=f.version,
                                             origin=origin, count=count, modules=modules,
                                             hash=f.content_hash[:12]))
        self.framework_list.setCurrentRow(0)

    def add_framework_file(self, path: Path) -> bool:
        assert self._frameworks is not None
        try:
            change = self._frameworks.add_file(path)
        except ServiceError as exc:
            self._say(str(exc), error=True)
            return False
        self._say(change.summary)
        self._fill_frameworks(self._frameworks)
        return True

    def save_copy(self, path: Path) -> bool:
        assert self._frameworks is not None
        row = self.framework_list.currentRow()
        entry = self._entries[max(row, 0)]
        try:
            text = self._frameworks.bundled_text(entry.framework)
            write_text_atomically(path, text)
        except (ServiceError, OSError) as exc:
            self._say(str(exc), error=True)
            return False
        self._say(self.tr("Saved a copy to {path}. Change its id or version before adding "
                          "it.").format(path=path))
        return True

    def _say(self, text: str, *, error: bool = False) -> None:
        self.framework_message.setText(text)
        set_tone(self.framework_message, "error" if error else "success")

    def _add_framework(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Add a framework file"), "",
                                              self.tr("Framework files (*.json)"))
        if path:
            self.add_framework_file(Path(path))

    def _copy_framework(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save a copy of the framework"),
                                              "my-framework.json",
                                              self.tr("Framework files (*.json)"))
        if path:
            self.save_copy(Path(path))

    # ---- reference data --------------------------------------------------------------------

    def _reference_tab(self, reference: ReferenceService) -> QWidget:
        tab = QWidget(self)
        intro = QLabel(self.tr(
            "Public facts about real countries suggest answers in the questionnaire; nothing "
            "is filled in without the analyst. Facts reach a minister's brief, so a dataset "
            "is used only after a named approver in the ministry accepts it. A verified list "
            "was read whole from its publisher; a reconstructed one came another way (its "
            "source says how). An incomplete list only confirms what it lists."), tab)
        intro.setWordWrap(True)
        self.reference_status = QLabel(tab)
        self.reference_status.setObjectName("referenceStatus")
        self.reference_status.setWordWrap(True)
        self.reference_lists = QListWidget(tab)
        self.reference_lists.setAccessibleName(self.tr("Reference lists"))
        self.reference_lists.setWordWrap(True)
        self.reference_lists.setResizeMode(QListWidget.ResizeMode.Adjust)  # rewrapped on resize
        # no spacing: with it Qt wrapped an item for a row a pixel wider than it paints it,
        # and a title as wide as the row lost its second line ("…November" / "2023)…")
        self.approver = QLineEdit(tab)
        self.approver.setAccessibleName(self.tr("Approver's name"))
        self.approver.setPlaceholderText(self.tr("Approver's name and role"))
        self.approver.setMinimumWidth(  # the placeholder whole beside the two buttons
            self.approver.fontMetrics().horizontalAdvance(self.approver.placeholderText()) + 24)
        self.approve_button = QPushButton(self.tr("Approve this dataset"), tab)
        self.approve_button.clicked.connect(self.approve_reference)
        take = QPushButton(self.tr("Import a newer dataset…"), tab)
        take.clicked.connect(self._import_reference)
        if self._library_refusal is not None:  # the reference data is the library's too
            take.setEnabled(False)
            take.setToolTip(self._library_refusal)
        row = QHBoxLayout()
        row.addWidget(self.approver, 1)
        row.addWidget(self.approve_button)
        row.addWidget(take)
        self.reference_message = QLabel(tab)
        self.reference_message.setWordWrap(True)
        column = QVBoxLayout(tab)
        column.addWidget(intro)
        column.addWidget(self.reference_status)
        column.addWidget(self.reference_lists, 1)
        column.addLayout(row)
        column.addWidget(self.reference_message)
        self._fill_reference(reference)
        return tab

    def _fill_reference(self, reference: ReferenceService) -> None:
        from datetime import date

        from ...domain.reference import age_months

        try:
            dataset = reference.dataset()
        except ServiceError as exc:
            self.reference_status.setText(str(exc))
            self.approve_button.setEnabled(False)
            return
        approval = reference.approval()
        status = self.tr("Reference data {version} of {date} ({hash}).").format(
            version=dataset.version, date=dataset.date, hash=dataset.content_hash[:12])
        if approval is None:
            status += " " + self.tr("Not approved: suggestions are shown but cannot be "
                                    "accepted.")
        else:
            status += " " + self.tr("Approved by {by} on {at}.").format(by=approval.by,
                                                                        at=approval.at[:10])
        self.reference_status.setText(status)
        refused = self._library_refusal
        self.approver.setEnabled(approval is None and refused is None)
        self.approve_button.setEnabled(approval is None and refused is None)
        if refused is not None:
            self.approve_button.setToolTip(refused)
            self.reference_message.setText(refused)
        self.reference_lists.clear()
        today = date.today()
        for item in dataset.lists:
            age = age_months(item.as_of, today)
            state = (self.tr("verified") if item.status == "verified"
                     else self.tr("reconstructed"))
            complete = (self.tr("complete") if item.complete
                        else self.tr("incomplete: confirms only"))
            stale = (" · " + self.tr("stale (older than {n} months)").format(
                n=item.max_age_months) if age > item.max_age_months else "")
            self.reference_lists.addItem(self.tr(
                "{name}\n{count} facts · {state} · {complete} · as of {as_of}{stale}").format(
                name=item.name.get(), count=len(item.facts), state=state, complete=complete,
                as_of=item.as_of, stale=stale))

    def import_reference_file(self, path: Path) -> bool:
        """Take a newer dataset (checked whole first; a verified backup is made first)."""
        reference, ops = self._reference, self._ops
        assert reference is not None and ops is not None
        change = ops.run(lambda: reference.import_file(path))
        if change is None:
            self.reference_message.setText(self.tr("Nothing was imported (see the message)."))
            set_tone(self.reference_message, "error")
            return False
        self.reference_message.setText(change.summary)
        set_tone(self.reference_message, "success")
        self._fill_reference(reference)
        return True

    def _import_reference(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import reference data"), "",
                                              self.tr("Reference datasets (*.json)"))
        if path:
            self.import_reference_file(Path(path))

    def approve_reference(self) -> bool:
        """The approver named in the field accepts the dataset (recorded with the date)."""
        reference, ops = self._reference, self._ops
        assert reference is not None and ops is not None
        name = self.approver.text()
        if not name.strip():
            self.reference_message.setText(self.tr("Type the approver's name first."))
            set_tone(self.reference_message, "error")
            return False
        change = ops.run(lambda: reference.approve(name))
        if change is None:
            return False
        self.reference_message.setText(change.summary)
        set_tone(self.reference_message, "success")
        self._fill_reference(reference)
        return True

    # ---- backups ---------------------------------------------------------------------------

    def _backups_tab(self) -> QWidget:
        tab = QWidget(self)
        intro = QLabel(self.tr(
            "The server's own backups (pg_dump, point-in-time recovery) are the primary ones. "
            "Back up now writes a verified .aibri snapshot of every assessment into your own "
            "data folder: read back and counted before it is kept. To bring assessments back, "
            "import a snapshot (File → Import .aibri file…).") if self._on_server else self.tr(
            "Verified backups are made with SQLite's backup API and checked before they are "
            "kept: before every upgrade, import and restore, every 15 minutes while data "
            "changes, and when the app closes. Restoring keeps the current state as a backup "
            "too."), tab)
        intro.setWordWrap(True)
        self.backup_list = QListWidget(tab)
        self.backup_list.setAccessibleName(self.tr("Verified backups, newest first"))
        now = QPushButton(self.tr("Back up now"), tab)
        now.clicked.connect(self.back_up_now)
        restore = QPushButton(self.tr("Restore selected…"), tab)
        restore.clicked.connect(self.restore_selected)
        if self._on_server:
            restore.setEnabled(False)
            restore.setToolTip(self.tr(
                "A library on a server is not restored from here: import a snapshot, or "
                "restore the whole server from its own backups with pg_restore."))
        self.backup_message = QLabel(tab)
        self.backup_message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(now)
        row.addWidget(restore)
        row.addStretch(1)
        column = QVBoxLayout(tab)
        column.addWidget(intro)
        column.addWidget(self.backup_list, 1)
        column.addLayout(row)
        column.addWidget(self.backup_message)
        self._fill_backups()
        return tab

    def _fill_backups(self) -> None:
        assert self._safety is not None
        self.backup_list.clear()
        self._backups = self._safety.backups()
        from ...services.safety import Snapshot  # the dialog's: see DatabaseTab above

        for b in self._backups:
            line = self.tr("{when} — {reason} — {size} KB").format(
                when=b.taken.astimezone().strftime("%Y-%m-%d %H:%M:%S"), reason=b.reason,
                size=b.size // 1024)
            problem = b.problem if isinstance(b, Snapshot) and not b.verified else ""
            if problem:  # the line says it; the tip says why (it names a long file)
                line = self.tr("{line} — NOT VERIFIED: changed since it was made").format(
                    line=line)
            self.backup_list.addItem(line)
            if problem:
                self.backup_list.item(self.backup_list.count() - 1).setToolTip(problem)
        if not self._backups:
            self.backup_list.addItem(self.tr("No backups yet."))

    def back_up_now(self) -> None:
        assert self._ops is not None and self._safety is not None
        safety = self._safety
        self._ops.start(lambda _p: safety.backup("manual"),
                        on_done=lambda _b: self._fill_backups(),
                        on_failed=self.backup_message.setText)

    def restore_selected(self) -> None:
        assert self._ops is not None and self._safety is not None
        row = self.backup_list.currentRow()
        if row < 0 or row >= len(self._backups):
            return
        chosen = self._backups[row]
        if not Messages.confirm(self, self.tr("Restore"), self.tr(
                "Replace the database with the backup from {when}? The current state is kept "
                "as a backup first.").format(when=chosen.taken.astimezone().strftime(
                    "%Y-%m-%d %H:%M")), action=self.tr("Restore")):
            return
        safety = self._safety
        if self._ops.run(lambda: safety.restore(chosen.path)) is not None:
            self.backup_message.setText(self.tr("Restored the backup from {when}.").format(
                when=chosen.taken.astimezone().strftime("%Y-%m-%d %H:%M")))
            self._fill_backups()

    @classmethod
    def ask(cls, settings: AppSettings, current_database: str,
            parent: QWidget | None = None, frameworks: FrameworkService | None = None,
            ops: Operations | None = None, safety: SafetyService | None = None,
            library: LibrarySettingsService | None = None,
            reference: ReferenceService | None = None, *, user: str | None = None,
            role: Role = Role.SINGLE) -> bool:
        dialog = cls(settings, current_database, parent, frameworks, ops, safety, library,
                     reference, user=user, role=role)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _save(self) -> None:
        try:  # a path, or a server's URL without a password
            text = self.database_tab.value()
        except InvalidInputError:
            self.tabs.setCurrentWidget(self.database_tab)  # the reason is shown there
            return
        if not self._save_threshold() or not self._save_paper():
            return  # refused: the dialog stays open with the reason, nothing else is saved
        from ...paths import default_database_path

        self._settings.database_path = "" if text == str(default_database_path()) else text
        self._settings.default_marking = self.marking.currentText().strip()
        self._settings.open_pdf_after_export = self.open_pdf.isChecked()
        self._settings.theme = str(self.theme.currentData())
        self._settings.sync()
        app = QApplication.instance()
        if isinstance(app, QApplication):  # at once: every colour follows the palette
            apply_theme(app, self._settings.theme)
        self.accept()
