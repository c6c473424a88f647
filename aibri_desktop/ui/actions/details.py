"""Assessment → Details…: the details of the one assessment chosen in the library, or of the
open one, changed through the same service as ``aibri edit``, undoable from Edit → Undo. A
role that may not change assessments (a reader on a shared server) sees them read-only, with
the reason where a final assessment's lock shows."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox

from ...domain.details import Details, change_words
from ...domain.roles import Action
from ..dialogs.details_dialog import DetailsDialog
from ..undo import DetailsCommand

if TYPE_CHECKING:
    from ...services.records import AssessmentRecord
    from ..main_window import MainWindow


def _tr(text: str) -> str:
    return QCoreApplication.translate("Details", text)


def _target(window: MainWindow) -> AssessmentRecord | None:
    """The library's one chosen assessment while the library is shown, else the open one."""
    from ..navigation import PageId

    if window.current_page() is PageId.LIBRARY:
        ids = window.library.selected_ids()
        if len(ids) != 1:
            return None
        if window.current is not None and window.current.id == ids[0]:
            return window.current
        try:
            return window.services.assessments.load(ids[0])
        except Exception as exc:  # removed meanwhile, a busy database: one sentence
            window.report_failure(str(exc))
            return None
    return window.current


def edit_details(window: MainWindow) -> Details | None:
    """Show the dialog; save what changed, push it on the undo stack. The details saved."""
    record = _target(window)
    if record is None:
        return None
    history = window.services.assessments.detail_history(record.id)
    refused = window.open.refused(Action.EDIT)
    if refused and not record.locked:  # a locked one's dialog is read-only already
        show_read_only(DetailsDialog(record, history, window), refused)
        return None
    details = DetailsDialog.ask(record, history, window)
    if details is None:
        return None
    before = record.details
    if not save_details(window, record.id, details, before):
        return None
    changes = before.differences(details)
    text = _tr("details: {changes}").format(changes=change_words(changes, _=_tr))
    window.undo_stack.push(DetailsCommand(
        before, details, text,
        lambda target, expected: save_details(window, record.id, target, expected)))
    return details


def show_read_only(dialog: DetailsDialog, reason: str) -> None:
    """The dialog as it shows a final assessment's details (nothing can be changed, only
    closed), with ``reason`` where the lock is said."""
    dialog.lock.setText(reason)
    dialog.lock.setVisible(True)
    for widget in (dialog.title_edit, dialog.as_of, dialog.marking, dialog.assessor,
                   dialog.perspective, *dialog.modules.values()):
        widget.setEnabled(False)
    dialog.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
    dialog.exec()


def save_details(window: MainWindow, assessment_id: str, details: Details,
                 expected: Details) -> bool:
    """Save through the open assessment if it is the one open (its pages follow at once),
    else through the service (the library's row follows the change it announces)."""
    if window.current is not None and window.current.id == assessment_id:
        change = window.open.set_details(details, expected=expected)
    else:
        from ...services.who import current_user

        given = {f.name: getattr(details, f.name) for f in fields(details)}
        services = window.services
        change = window.ops.run(lambda: services.assessments.edit_details(
            assessment_id=assessment_id, who=current_user(), expected=expected, **given))
    if change is None:
        return False
    window.statusBar().showMessage(change.summary, 8000)
    return True
