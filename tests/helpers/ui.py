"""Building the real main window in a test."""

from __future__ import annotations

from aibri_desktop.services import Services
from aibri_desktop.ui.main_window import MainWindow
from aibri_desktop.ui.settings import AppSettings


def make_window(qtbot, services: Services, settings: AppSettings) -> MainWindow:
    window = MainWindow(services, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.library.is_loaded, timeout=10_000)
    return window
