"""The progress dialog the slow actions show while their work runs behind the window."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from ... import APP_NAME

SHOW_AFTER_MS = 300  # quicker work finishes without a dialog flashing up


def progress_dialog(parent: QWidget, label: str, *, cancellable: bool,
                    maximum: int = 0) -> QProgressDialog:
    """A dialog shown only if the work takes longer than ``SHOW_AFTER_MS``; ``maximum`` 0 is a
    busy indicator. It is deleted when closed, so a later action never finds it."""
    cancel = QCoreApplication.translate("Progress", "Cancel") if cancellable else ""
    dialog = QProgressDialog(label, cancel, 0, maximum, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowTitle(APP_NAME)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    if not cancellable:
        dialog.setCancelButton(None)
    dialog.setValue(0)
    return dialog
