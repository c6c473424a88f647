"""Import of .aibri files and export of the chosen assessments (.aibri, CSV) from the window.

Reading and checking an untrusted file, planning its import and writing exports all run behind
the window; the questions (conflicts, older revisions) are asked on the GUI thread in between.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog

from ... import APP_NAME
from ...services.changes import Change
from ...services.filenames import marking_prefix
from ..dialogs.messages import ConflictDialog, FolderDialog, Messages
from ..ops import CANCELLED, ProgressFn
from .progress import progress_dialog

if TYPE_CHECKING:
    from ...services.exchange_service import ImportPlan
    from ..main_window import MainWindow

CONTEXT = "Exchange"
POLICIES = ("skip", "replace")  # planned together: "copy" imports what "skip" would, plus copies


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


# ---- import ---------------------------------------------------------------------------------

def import_file(window: MainWindow, path: Path | None = None) -> None:
    """Check and plan the file behind the window, then ask about conflicts and import it.
    A file that fails the check gets one message and changes nothing."""
    if path is None:
        path = _ask_for_file(window)
        if path is None:
            return
    window.settings.set_recent("exchange_folder", str(path.parent))
    exchange = window.services.exchange
    checking = progress_dialog(window, _tr("Checking {name}…").format(name=path.name),
                               cancellable=True)
    window.statusBar().showMessage(_tr("Checking {name}…").format(name=path.name))

    def planned(plans: dict[str, ImportPlan]) -> None:
        cancelled = checking.wasCanceled()
        checking.close()
        window.statusBar().clearMessage()
        if cancelled:
            window.statusBar().showMessage(_tr("Import cancelled; nothing was imported."),
                                           10000)
        else:
            _ask_and_import(window, path, plans)

    def failed(message: str) -> None:
        checking.close()
        window.statusBar().clearMessage()
        window.report_failure(message)

    window.ops.start(lambda _progress: exchange.plans(path, POLICIES), on_done=planned,
                     on_failed=failed)


def _ask_for_file(window: MainWindow) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(window, _tr("Import assessments"),
                                            window.settings.recent("exchange_folder"),
                                            _tr("AIBRI exchange files (*.aibri)"))
    return Path(chosen) if chosen else None


def _ask_and_import(window: MainWindow, path: Path, plans: dict[str, ImportPlan]) -> None:
    plan = plans["skip"]
    policy = "skip"
    if plan.skipped:
        choice = ConflictDialog.ask(window, plan.skipped)
        if choice is None:
            return
        policy = choice
    allow_older = False
    if policy == "replace":
        plan = plans["replace"]
        if plan.older:
            allow_older = Messages.confirm(window, _tr("Older revisions"), _tr(
                "{n} assessment(s) in the file are OLDER revisions of ones here (e.g. "
                "“{title}”). Replacing them loses the newer work. Replace anyway?").format(
                n=len(plan.older), title=plan.older[0]), action=_tr("Replace anyway"))
            if not allow_older:
                return
    _import(window, path, plan, policy, allow_older=allow_older)


def _import(window: MainWindow, path: Path, plan: ImportPlan, policy: str, *,
            allow_older: bool) -> None:
    # One transaction: Cancel rolls the whole import back, so nothing is half imported.
    count = plan.new + plan.replaced + plan.copied + plan.skipped
    progress = progress_dialog(window, _tr("Importing {n} assessment(s)…").format(n=count),
                               cancellable=True, maximum=max(count, 1))
    exchange = window.services.exchange

    def done(change: object) -> None:
        progress.close()
        window.library.reload()
        summary = change.summary if isinstance(change, Change) else ""
        if "\n" in summary or "skipped" in summary or "without the link" in summary:
            # what was not imported as asked must be read, not flash by in the status bar
            Messages.info(window, _tr("Import"), summary)

    def failed(message: str) -> None:
        progress.close()
        if message == CANCELLED:
            window.statusBar().showMessage(_tr("Import cancelled; nothing was imported."),
                                           10000)
        else:
            window.report_failure(message)

    def advanced(done: int, total: int) -> None:
        # the import counts its steps (scoring, then writing), not assessments
        progress.setMaximum(total)
        progress.setValue(done)

    def work(report: ProgressFn) -> object:
        return exchange.import_file(path, on_conflict=policy, allow_older=allow_older,
                                    progress=report)

    task = window.ops.start(work, on_done=done, on_failed=failed, on_progress=advanced)
    progress.canceled.connect(lambda: setattr(task, "cancelled", True))


# ---- export ---------------------------------------------------------------------------------

def export_selected_aibri(window: MainWindow) -> None:
    """The chosen assessments to one exchange file (deleted ones only when confirmed)."""
    ids = window.library.selected_ids()
    if not ids:
        return
    deleted = window.library.selected_statuses().count("deleted")
    if deleted and not Messages.confirm(window, APP_NAME, _tr(
            "{n} of the chosen assessments are deleted. Export them too, marked deleted? "
            "(To export one as it was, restore it first.)").format(n=deleted),
            action=_tr("Export them too")):
        return
    exchange = window.services.exchange

    def ask_and_export(prefix: str) -> None:
        start = Path(window.settings.recent("exchange_folder", str(Path.home())))
        chosen, _ = QFileDialog.getSaveFileName(
            window, _tr("Export to an exchange file"), str(start / f"{prefix}assessments.aibri"),
            _tr("AIBRI exchange files (*.aibri)"))
        if chosen:
            target = Path(chosen).with_suffix(".aibri")
            _export(window, len(ids),
                    lambda: exchange.export(ids, target, include_deleted=bool(deleted)))

    _with_marking_prefix(window, ids, ask_and_export)


def export_selected_csv(window: MainWindow) -> None:
    """Answers and scores of the chosen assessments, as two CSV files in a chosen folder."""
    ids = window.library.selected_ids()
    folder = FolderDialog.ask(window, _tr("Folder for the CSV files"),
                              window.settings.recent("exchange_folder", str(Path.home())))
    if not ids or folder is None:
        return
    exchange = window.services.exchange

    def export(prefix: str) -> None:
        _export(window, len(ids), lambda: exchange.export_csv(
            ids, folder / f"{prefix}aibri-answers.csv", folder / f"{prefix}aibri-scores.csv"))

    _with_marking_prefix(window, ids, export)


def _with_marking_prefix(window: MainWindow, ids: list[str],
                         then: Callable[[str], None]) -> None:
    """Suggested file names start with the marking, so a listing shows what is inside. The
    markings are one SELECT, read behind the window all the same: at 10,000 chosen assessments
    it took 110-125 ms, long enough to hold the window up."""
    assessments = window.services.assessments
    window.ops.start(lambda _progress: marking_prefix(assessments.markings(ids)),
                     on_done=then)


def _export(window: MainWindow, count: int, write: Callable[[], object]) -> None:
    """Write behind the window; its change (its summary in the status bar) or its one error
    comes back through the window's operations."""
    progress = progress_dialog(window, _tr("Exporting {n} assessment(s)…").format(n=count),
                               cancellable=False)

    def done(_change: object) -> None:
        progress.close()

    def failed(message: str) -> None:
        progress.close()
        window.report_failure(message)

    window.ops.start(lambda _progress: write(), on_done=done, on_failed=failed)
