"""The check of the whole library that every start runs behind the window, what the window says
about its report, and adopting a library copied from another computer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from ... import APP_NAME
from ...services.who import current_user
from ..dialogs.messages import Messages

if TYPE_CHECKING:
    from ...services.safety import CheckReport
    from ..main_window import MainWindow


def _tr(text: str) -> str:
    return QCoreApplication.translate("Library", text)


def start_check(window: MainWindow) -> None:
    """Check every row behind the window; the report is kept as ``window.integrity_report``.
    A check that cannot run says nothing: the open itself has already checked the file."""
    from ...services.safety import check_in_child  # loaded once the services are open

    path = window.services.database.path
    if path is None:
        return
    # in a process of its own: the hashing never takes Python's lock from the window
    window.ops.start(lambda _progress: check_in_child(path),
                     on_done=lambda report: report_check(window, report),
                     on_failed=lambda _message: None)


def is_adoptable(report: CheckReport | None, read_only: bool) -> bool:
    """Sealed on another computer and otherwise sound, in a database this copy may write."""
    return (report is not None and not read_only and not report.damaged
            and report.sealed_elsewhere is not None)


def report_check(window: MainWindow, report: CheckReport) -> None:
    """A changed row is reported, never silently used; a library sealed elsewhere is offered
    for adoption."""
    window.integrity_report = report
    window.update_actions()
    if report.ok:
        return
    if not report.damaged:
        window.statusBar().showMessage(_tr(
            "This library was sealed on another computer: its rows cannot be verified "
            "here until it is adopted (File → Adopt this library…)."))
        adopt_library(window)
        return
    rows = "; ".join(report.changed_rows[:3])
    Messages.error(window, APP_NAME, _tr(
        "The database check found damage: {problem}. Nothing was repaired or rewritten. "
        "Restore the newest verified backup from Settings → Backups.").format(
        problem=report.structure if report.structure != "ok" else
        _tr("changed outside the app: {rows}").format(rows=rows)))


def adopt_library(window: MainWindow) -> None:
    """A library copied from another computer: after the person confirms that they trust this
    copy, re-seal its rows with this computer's key (recorded in the library log)."""
    report = window.integrity_report
    if not is_adoptable(report, window.services.database.read_only):
        return
    assert report is not None
    if not Messages.confirm(window, APP_NAME, _tr(
            "This library was sealed on another computer (key {key}), so its rows cannot "
            "be verified here, and briefs from it are refused or marked UNVERIFIED.\n\n"
            "Adopt it if you trust this copy (for example, you moved it from your old "
            "laptop yourself): every row is sealed with this computer's key as it is now, "
            "a backup is made first, and the adoption is recorded in the library log with "
            "your name.").format(key=report.sealed_elsewhere),
            action=_tr("Adopt this library")):
        return
    who = current_user()
    safety = window.services.safety

    def adopted(change: object) -> None:
        window.integrity_report = None
        window.update_actions()
        start_check(window)
        Messages.info(window, APP_NAME, getattr(change, "summary", ""))

    window.ops.start(lambda _progress: safety.adopt(who), on_done=adopted)
