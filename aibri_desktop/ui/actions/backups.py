"""The backups the window makes by itself: every 15 minutes while data changes, one when it
closes, and one after an unclean exit. Each is verified, and written behind the window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer

if TYPE_CHECKING:
    from ..main_window import MainWindow

BACKUP_EVERY_MS = 15 * 60 * 1000


def _tr(text: str) -> str:
    return QCoreApplication.translate("Backups", text)


class PeriodicBackup(QObject):
    """``changes`` counts the changes since the last backup (the window adds them); the
    timer's backup, and the one at closing, are made only when there are some."""

    def __init__(self, window: MainWindow, every_ms: int = BACKUP_EVERY_MS) -> None:
        super().__init__(window)
        self._window = window
        self.changes = 0
        self._timer = QTimer(self)
        self._timer.setInterval(every_ms)
        self._timer.timeout.connect(self.back_up_if_changed)
        self._timer.start()

    def back_up_if_changed(self, reason: str = "periodic") -> None:
        window = self._window
        if not self.changes or not window.attached:
            return
        database = window.services.database
        if database.read_only or database.path is None:
            return
        self.changes = 0
        safety = window.services.safety
        window.ops.start(lambda _progress: safety.backup(reason),
                         on_done=lambda made: window.statusBar().showMessage(
                             _tr("Verified backup written ({size} KB).").format(
                                 size=made.size // 1024), 5000))

    def closing(self) -> None:
        """The window closes: no more timed backups, and the last changes backed up."""
        self._timer.stop()
        self.back_up_if_changed("on-close")


def back_up_after_unclean_exit(window: MainWindow) -> None:
    """The last run did not end cleanly: an extra backup behind the window, which must not
    hold up the start or be reported if it fails."""
    safety = window.services.safety
    window.ops.start(lambda _progress: safety.backup("after-unclean-exit"),
                     on_done=lambda _made: None, on_failed=lambda _message: None)

