"""Country briefs from the window: the open assessment's (with its options dialog), a batch for
the chosen assessments, and the register of briefs issued."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from ...services.filenames import suggested_filename
from ...services.who import current_user
from ..dialogs.export_brief import ExportBriefDialog
from ..dialogs.messages import FolderDialog
from ..dialogs.register_dialog import RegisterDialog
from ..ops import CANCELLED, ProgressFn
from .progress import progress_dialog

if TYPE_CHECKING:
    from ..main_window import MainWindow

CONTEXT = "Briefs"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def export_brief(window: MainWindow) -> None:
    """The open assessment's brief, written behind the window and opened after if asked."""
    record = window.current
    if record is None:
        return
    window.questionnaire.flush()
    options = ExportBriefDialog.ask(suggested_filename(record), record.marking,
                                    window.settings, window)
    if options is None:
        return
    progress = progress_dialog(window, _tr("Writing the brief…"), cancellable=False)
    briefs = window.services.briefs
    who = current_user()

    def done(_change: object) -> None:
        progress.close()
        if options.open_after:
            window.open_in_viewer(options.path)

    def failed(message: str) -> None:
        progress.close()
        window.report_failure(message)

    window.ops.start(lambda _progress: briefs.write(
        record.id, options.path, evidence=options.evidence, marking=options.marking,
        include_assessor=options.include_assessor, recipient=options.recipient, who=who),
        on_done=done, on_failed=failed)


def export_requests(window: MainWindow) -> None:
    """The open assessment's evidence request list, to a file the user chooses."""
    from PySide6.QtWidgets import QFileDialog

    record = window.current
    if record is None:
        return
    name = suggested_filename(record, suffix="-evidence-requests.pdf")
    path, _filter = QFileDialog.getSaveFileName(
        window, _tr("Write the evidence requests"), str(Path.home() / name),
        _tr("PDF (*.pdf);;Word document (*.docx);;CSV table (*.csv)"))
    if path:
        write_requests(window, Path(path))


def write_requests(window: MainWindow, path: Path) -> None:
    """Write it behind the window; the status bar says what was written, or why not."""
    record = window.current
    if record is None:
        return
    briefs = window.services.briefs
    window.ops.start(lambda _progress: briefs.write_requests(record.id, path),
                     on_done=lambda _change: None, on_failed=window.report_failure)


def export_selected_briefs(window: MainWindow) -> None:
    """A brief for each chosen assessment into one folder; Cancel keeps those written."""
    ids = window.library.selected_ids()
    if not ids:
        return
    folder = FolderDialog.ask(window, _tr("Folder for the briefs"),
                              window.settings.recent("brief_folder", str(Path.home())))
    if folder is None:
        return
    progress = progress_dialog(window, _tr("Writing {n} briefs…").format(n=len(ids)),
                               cancellable=True, maximum=len(ids))
    briefs = window.services.briefs

    def done(paths: object) -> None:
        progress.close()
        count = len(paths) if isinstance(paths, list) else 0
        window.statusBar().showMessage(_tr("Wrote {n} briefs to {folder}.").format(
            n=count, folder=folder), 10000)

    def failed(message: str) -> None:
        progress.close()
        if message == CANCELLED:
            window.statusBar().showMessage(_tr(
                "Cancelled; the briefs written so far are in {folder}.").format(
                folder=folder), 10000)
        else:
            window.report_failure(message)

    def work(report: ProgressFn) -> object:
        return briefs.write_many(ids, folder, progress=report, who=current_user())

    task = window.ops.start(work, on_done=done, on_failed=failed,
                            on_progress=lambda n, _total: progress.setValue(n))
    progress.canceled.connect(lambda: setattr(task, "cancelled", True))


def show_register(window: MainWindow) -> RegisterDialog:
    """The register of issued briefs (a window of its own, not modal)."""
    dialog = RegisterDialog(window.services.briefs, window)
    dialog.show()
    return dialog
