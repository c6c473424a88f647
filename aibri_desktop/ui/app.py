"""Starting the desktop app: the QApplication, translations, settings, services, the window."""

from __future__ import annotations

import contextlib
import os
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import APP_NAME, __version__

if TYPE_CHECKING:
    from ..services import Services
    from ..services.summaries import AssessmentSummary
    from .main_window import MainWindow
    from .settings import AppSettings
    from .startup import LibraryOpening, Opened


def application() -> QApplication:
    """The one QApplication, created with the app's identity and translations."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Work behind the window (the check of every row's checksum that each start runs, batch
    # briefs, imports) shares Python's lock with the GUI thread, which waits up to this
    # interval (5 ms by default) each time it wants the lock back. Measured with
    # benchmarks/open_during_check.py (the check running behind the window on 10,000
    # assessments, 2 CPUs): opening an assessment 139-190 ms at 5 ms, 97-123 ms at 1 ms
    # (38-64 ms with no check running); a filter keystroke 86-118 ms at 5 ms, 72-86 ms at
    # 1 ms. The start is the same either way (0.96-1.02 s).
    sys.setswitchinterval(0.001)
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        QGuiApplication.highDpiScaleFactorRoundingPolicy().PassThrough)
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("AIBRI")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("aibri")  # matches resources/desktop/aibri.desktop (Wayland)
    app.setWindowIcon(_icon())
    _install_translators(app)
    return app


def _icon() -> QIcon:
    from ..paths import resources_dir

    icon = QIcon()
    for png in sorted((resources_dir() / "icons").glob("aibri-*.png")):
        icon.addFile(str(png))
    return icon


def _install_translators(app: QApplication) -> None:
    from ..paths import resources_dir

    locale = QLocale()
    folder = resources_dir() / "translations"
    for name, path in (("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
                       ("aibri", str(folder))):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", path):
            app.installTranslator(translator)


def display_problem() -> str | None:
    """On Linux without a display Qt would abort; say so in one line instead."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("No display was found (DISPLAY and WAYLAND_DISPLAY are not set). Start AIBRI "
            "Desktop from a desktop session, or use the command line (aibri --help).")


def run_gui(database: str | None) -> int:
    """``aibri`` with no command: open the window on the chosen or remembered database."""
    problem = display_problem()
    if problem:
        sys.stderr.write(f"aibri: {problem}\n")
        return 1
    app = application()
    from ..paths import default_database_path
    from .instance import lock_database
    from .main_window import MainWindow
    from .settings import AppSettings
    from .theme import apply_theme

    settings = AppSettings.user()
    apply_theme(app, settings.theme)  # before any window: the first paint is in the theme
    spec = database or settings.database_path or str(default_database_path())
    path = None if "://" in spec else Path(spec).expanduser().absolute()
    lock = lock_database(path)
    read_only = False
    if not lock.held:
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, app.translate(
            "App", "{path} is already open in another copy of AIBRI Desktop ({owner}). Two "
            "copies writing to one database could lose work.").format(path=path,
                                                                      owner=lock.owner),
            QMessageBox.StandardButton.NoButton)
        read = box.addButton(app.translate("App", "Open read-only"),
                             QMessageBox.ButtonRole.AcceptRole)
        box.addButton(app.translate("App", "Quit"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is not read:
            return 1
        read_only = True
    first_rows = None
    if path is not None and not read_only:
        from ..services.summaries import quick_library

        first_rows = quick_library(path)  # None: a new, older or unreadable file
        if first_rows is None and not path.exists():
            first_rows = []  # the first start: the window first, the new library made behind
    opening: LibraryOpening | None = None
    services: Services | None = None
    if first_rows is None:  # the open, its checks and messages come before the window
        services = _open_services(app, spec, path, read_only=read_only)
        if services is None:
            return 1
        if lock.recovered_stale and not read_only:
            with contextlib.suppress(Exception):  # an extra backup must not block the start
                services.safety.backup("after-unclean-exit")
        window = MainWindow(services, settings)
        if read_only:
            window.setWindowTitle(window.windowTitle() + app.translate("App", " (read-only)"))
        window.show()
    else:  # the library shows at once; the services open behind it
        assert path is not None  # rows are read only from a file
        window, opening = show_library_first(app, path, first_rows, settings,
                                             after_crash=lock.recovered_stale)
    from .startup import report_start

    report_start(window, window.library.painted_last())
    code = app.exec()
    if opening is not None:
        services = opening.finish()  # an open still running ends first, then is closed
    if services is not None:
        services.close()
    if lock.lock is not None:
        lock.lock.unlock()
    return int(code)


def _open_services(app: QApplication, spec: str, path: Path | None, *,
                   read_only: bool) -> Services | None:
    """The ordinary open, before the window: a damaged file gets the offer of its newest
    verified backup; any other refusal its one message."""
    from ..services import Services
    from ..services.errors import DatabaseError

    try:
        return Services.open(spec, read_only=read_only)
    except DatabaseError as exc:
        return _recover_or_refuse(app, path if not read_only else None, str(exc))


def _recover_or_refuse(app: QApplication, path: Path | None, message: str) -> Services | None:
    """A database that cannot be opened: its newest verified backup offered (when ``path``
    is given), else the one message. The services of the restored backup, or None."""
    recovered = offer_recovery(app, path, message) if path is not None else None
    if recovered is None:
        QMessageBox.critical(None, APP_NAME, message)
    return recovered


def show_library_first(app: QApplication, path: Path, rows: list[AssessmentSummary],
                       settings: AppSettings, *, after_crash: bool = False,
                       ) -> tuple[MainWindow, LibraryOpening]:
    """The window on the rows of ``quick_library(path)``, shown, with the services opening
    behind it from its first paint and handed to it when open (``aibri`` and
    ``aibri --smoke-test`` start this way)."""
    from .main_window import MainWindow
    from .startup import LibraryOpening

    window = MainWindow(None, settings, first_rows=rows)
    opening = LibraryOpening(partial(open_quietly, str(path)),
                             lambda opened: _opened(app, window, opening, path, after_crash,
                                                    opened))
    window.show()
    opening.start_after_first_paint(window.library.painted_last())
    return window, opening


def open_quietly(spec: str) -> Services:
    """The open behind the window (on a worker thread). It also loads the modules of the
    pages built once it has ended, pyqtgraph among them: importing only defines classes (no
    widget is made off the GUI thread) and keeps ~0.3 s of imports from freezing the window."""
    from ..services import Services

    services = Services.open(spec)
    from .pages import compare_page, questionnaire_page, results_page  # noqa: F401

    return services


def _opened(app: QApplication, window: MainWindow, opening: LibraryOpening, path: Path,
            after_crash: bool, opened: Opened) -> None:
    """The open behind the window has ended. On success the window finishes its start; a
    damaged file is handled as on the ordinary path (its newest backup offered), with the
    window hidden meanwhile so nothing is done on the damaged data."""
    from ..services.errors import DatabaseError
    from .actions.backups import back_up_after_unclean_exit

    services, error = opened.services, opened.error
    if services is not None:
        window.attach(services, reload_library=services.countries_rewritten)
        if after_crash:  # the extra backup runs in the background, not before the work
            back_up_after_unclean_exit(window)
        return
    window.hide()
    message = str(error) if isinstance(error, DatabaseError) else app.translate(
        "App", "{path} could not be opened ({problem}). Nothing was changed.").format(
        path=path, problem=error)
    recovered = _recover_or_refuse(app, path if isinstance(error, DatabaseError) else None,
                                   message)
    if recovered is None:
        app.exit(1)
        return
    opening.replace(recovered)
    window.attach(recovered, reload_library=True)
    window.show()


def offer_recovery(app: QApplication, path: Path, problem: str) -> Services | None:
    """A damaged database: say what is wrong and offer the newest backup that passes the
    restore's checks; the damaged file is kept aside, never deleted."""
    from ..services import Services
    from ..services.safety import recover_database, usable_backup

    newest = usable_backup(path)
    if newest is None or not path.exists():
        return None
    when = newest.taken.astimezone().strftime("%Y-%m-%d %H:%M")
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, app.translate(
        "App", "{problem}\n\nThe newest verified backup is from {when} ({reason}). Restore it? "
        "The damaged file is kept beside the database, renamed.").format(
        problem=problem, when=when, reason=newest.reason), QMessageBox.StandardButton.NoButton)
    restore_button = box.addButton(app.translate("App", "Restore the newest backup"),
                                   QMessageBox.ButtonRole.AcceptRole)
    box.addButton(app.translate("App", "Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not restore_button:
        return None
    try:
        aside = recover_database(path, newest)
        services = Services.open(path)
    except Exception as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return None
    QMessageBox.information(None, APP_NAME, app.translate(
        "App", "Restored the backup from {when}. The damaged file is kept as {aside}.").format(
        when=when, aside=aside))
    return services
