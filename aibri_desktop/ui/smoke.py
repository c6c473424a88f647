"""``aibri --smoke-test`` and ``aibri screenshots DIR``: the real window, offscreen.

Both run on a temporary database and settings file, never the user's, load the sample
assessments and visit every page, so CI can prove the GUI starts and a person can look at what
a user would see.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

WAIT_MS = 30_000


def _offscreen() -> None:
    from ..paths import resources_dir

    if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
        # a 1920×1200 virtual screen: the default 800×800 one would clamp the window
        screen = resources_dir() / "qt" / "offscreen-screen.json"
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
    _quiet_offscreen_noise()
    if "XDG_RUNTIME_DIR" not in os.environ:
        import atexit
        import shutil

        runtime = Path(tempfile.mkdtemp(prefix="aibri-runtime-"))
        runtime.chmod(0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)
        atexit.register(shutil.rmtree, runtime, ignore_errors=True)  # nothing left in /tmp


# Messages the offscreen platform prints for things it cannot do; nothing is wrong.
OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints()",
                   "This plugin does not support raise()",
                   "This plugin does not support grabbing the keyboard")


def _quiet_offscreen_noise() -> None:
    import sys

    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if message in OFFSCREEN_NOISE:
            return
        if kind != QtMsgType.QtDebugMsg:
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)


def _wait(condition: Callable[[], bool], what: str) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + WAIT_MS / 1000
    while not condition():
        QApplication.processEvents()
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.01)


class Session:
    """A window on a fresh temporary database and settings file."""

    def __init__(self, folder: Path, size: tuple[int, int] = (1280, 800),
                 font_scale: float = 1.0, theme: str | None = None) -> None:
        from ..services import Services
        from .app import application
        from .main_window import MainWindow
        from .settings import AppSettings
        from .theme import applied_theme, apply_theme

        self.app = application()
        self._font = self.app.font()
        self._theme = applied_theme(self.app)
        if theme is not None:  # before the window, as at a start in that theme
            apply_theme(self.app, theme)
        if font_scale != 1.0:
            font = self.app.font()
            font.setPointSizeF(font.pointSizeF() * font_scale)
            self.app.setFont(font)
        self.services = Services.open(folder / "smoke.sqlite3")
        self.settings = AppSettings.at(folder / "settings.ini")
        if theme is not None:  # as the Settings dialog shows it
            self.settings.theme = theme
        self.window = MainWindow(self.services, self.settings)
        self.window.resize(*size)
        self.window.show()
        _wait(self.window.library.is_loaded, "the library")

    def load_samples(self) -> None:
        self.window.library.load_samples()
        _wait(lambda: self.window.library.model.rowCount() > 0, "the sample assessments")
        # a ministry's decision threshold, so the results page shows its answer
        self.services.library.set_threshold("high", who="sample data")

    def settle(self) -> None:
        for _ in range(5):
            self.app.processEvents()

    def grab(self, path: Path, widget: QWidget | None = None) -> None:
        self.settle()
        if not (widget or self.window).grab().save(str(path)):
            raise RuntimeError(f"could not write {path}")

    def pages(self) -> list[tuple[str, Callable[[], QWidget | None]]]:
        """(name, show it) for every page and dialog; a step returns a dialog to grab, if any."""
        w = self.window
        from .navigation import PageId


        def select_first() -> None:
            w.show_page(PageId.LIBRARY)
            if w.library.model.rowCount():
                w.library.select_ids([w.library.model.summary(0).id])

        def new_dialog() -> QWidget:
            from .dialogs.new_assessment import NewAssessmentDialog, supplier_choices

            dialog = NewAssessmentDialog(self.services.countries,
                                         self.services.assessments.frameworks(), self.settings,
                                         w, suppliers=supplier_choices(self.services.suppliers))
            dialog.country.setText("Ivory")
            dialog.country._suggest("Ivory")
            dialog.validate()
            dialog.show()
            return dialog

        def follow_up_dialog() -> QWidget:
            """Duplicate as follow-up, with the first sample chosen (nothing is made)."""
            from .dialogs.follow_up import FollowUpDialog

            select_first()
            dialog = FollowUpDialog(w.library.selected_summaries(),
                                    self.services.assessments.frameworks(), w)
            dialog.show()
            return dialog

        def details_dialog() -> QWidget:
            """Assessment → Details… of the first sample with a module, one module turned off
            (what that does to the scores is shown; nothing is saved)."""
            from .dialogs.details_dialog import DetailsDialog

            rows = w.library.model
            records = [self.services.assessments.load(rows.summary(r).id)
                       for r in range(rows.rowCount())]
            record = next((r for r in records if r.modules and not r.locked), records[0])
            dialog = DetailsDialog(record, self.services.assessments.detail_history(record.id),
                                   w)
            for box in dialog.modules.values():
                if box.isChecked():
                    box.setChecked(False)
                    break
            dialog.show()
            return dialog

        def settings_at(tab: int) -> QWidget:
            """Settings… as the window opens it (every service, so every tab), on ``tab``:
            each shot of a tab shows the one real dialog."""
            from .dialogs.settings_dialog import SettingsDialog

            dialog = SettingsDialog(self.settings, str(self.services.database.path), w,
                                    self.services.framework_files, w.ops, self.services.safety,
                                    self.services.library, self.services.reference)
            dialog.tabs.setCurrentIndex(tab if tab >= 0 else dialog.tabs.count() + tab)
            dialog.show()
            return dialog

        def backups_tab() -> QWidget:
            self.services.safety.backup("manual")  # a backup to list
            return settings_at(2)

        def register() -> QWidget:
            """The register after two briefs have left: an empty table shows nothing."""
            from ..services.who import current_user

            folder = Path(str(self.services.database.path)).parent
            model = w.library.model
            for r, recipient in ((0, "Minister's office"), (1, "")):
                summary = model.summary(r)
                self.services.briefs.write(summary.id, folder / f"brief-{r + 1}.pdf",
                                           recipient=recipient, who=current_user())
            return w.show_register()

        steps: list[tuple[str, Callable[[], QWidget | None]]] = [
            ("library", select_first),
            ("new-assessment", new_dialog),
            ("follow-up", follow_up_dialog),
            ("details", details_dialog),
            ("settings", lambda: settings_at(0)),
            ("settings-frameworks", lambda: settings_at(1)),
            ("settings-backups", backups_tab),
            ("settings-database", lambda: settings_at(-2)),
            ("settings-reference", lambda: settings_at(-1)),
            ("guide", w.show_guide),
            ("methodology", w.show_methodology),
            ("shortcuts", w.show_shortcuts),
            ("about", w.show_about),
            ("register", register),
        ]
        steps += self.assessment_pages()
        return steps

    def assessment_pages(self) -> list[tuple[str, Callable[[], QWidget | None]]]:
        """Pages that show one open assessment (questionnaire, results, ...)."""
        w = self.window
        from .navigation import PageId

        rows = w.library.model

        def questionnaire() -> None:
            draft = next(rows.summary(r) for r in range(rows.rowCount())
                         if rows.summary(r).status == "draft")
            w.open_assessment(draft.id)

        def follow_up() -> None:
            from ..services.who import current_user

            source = w.current.id if w.current else rows.summary(0).id
            change = w.ops.run(lambda: self.services.assessments.duplicate_as_follow_up(
                assessment_id=source, who=current_user()))
            assert change is not None
            w.open_assessment(change.assessment_id)
            w.questionnaire.step(2)

        def results() -> None:
            questionnaire()
            w.show_page(PageId.RESULTS)
            _wait(lambda: w.results.robustness is not None, "the robustness figures")

        def compare_countries() -> None:
            w.show_page(PageId.LIBRARY)
            by_country: dict[str, str] = {}
            for r in range(rows.rowCount()):
                by_country.setdefault(rows.summary(r).country_code, rows.summary(r).id)
            w.library.select_ids(list(by_country.values())[:3])
            w.compare_selected()

        def compare_over_time() -> None:
            import random
            from datetime import date

            from ..services.who import current_user

            assessments = self.services.assessments
            base = rows.summary(0).id
            ids = [base]
            rng = random.Random(5)
            for year in (2027, 2028, 2029):
                change = assessments.duplicate_as_follow_up(
                    assessment_id=ids[-1], who=current_user(), as_of=date(year, 3, 1),
                    title=f"Review {year} (illustrative)")
                record = assessments.load(change.assessment_id)
                for indicator in list(record.framework.indicators())[:30]:
                    answer = record.answers.get(indicator.id)
                    if answer and answer.level is not None and rng.random() < 0.4:
                        assessments.answer(assessment_id=record.id, indicator_id=indicator.id,
                                           who=current_user(),
                                           level=max(0, answer.level - rng.randint(0, 2)))
                ids.append(change.assessment_id)
            w.library.reload()
            w.compare.set_ids(ids)
            w.show_page(PageId.COMPARE)

        def questionnaire_range() -> None:
            """A range answered by keys as an analyst would: B, 1, 3 on one indicator; then
            B, 2, 4 on the next (the navigator shows both)."""
            from ..domain.answers import AnswerState

            questionnaire()
            page = w.questionnaire
            for low, high in ((1, 3), (2, 4)):
                page.choose_range()
                page.choose(AnswerState.ANSWERED, low)
                page.choose(AnswerState.ANSWERED, high)
                if (low, high) == (1, 3):
                    page.step(1)
            page.panel.ensureWidgetVisible(page.panel.range_row)

        def questionnaire_suggestion() -> None:
            """A real country (Kenya): what public data suggests for the summit item."""
            from datetime import date

            change = w.ops.run(lambda: self.services.assessments.create(
                country_code="KE", title="Kenya 2026 (screenshot)", as_of=date(2026, 11, 1)))
            assert change is not None
            w.open_assessment(change.assessment_id)
            _wait(lambda: bool(w.open.suggested), "the suggestions from public data")
            w.questionnaire.go_to("GA-05")

        def questionnaire_range_invalid() -> None:
            """B, 0, 4 on the next indicator: refused, and the panel says why."""
            from ..domain.answers import AnswerState

            page = w.questionnaire
            page.step(1)
            page.choose_range()
            page.choose(AnswerState.ANSWERED, 0)
            page.choose(AnswerState.ANSWERED, 4)

        return [("questionnaire", questionnaire), ("results", results),
                ("questionnaire-follow-up", follow_up), ("compare-countries", compare_countries),
                ("compare-over-time", compare_over_time),
                ("questionnaire-range", questionnaire_range),
                ("questionnaire-range-invalid", questionnaire_range_invalid),
                ("questionnaire-suggestion", questionnaire_suggestion)]

    def close(self) -> None:
        for widget in self.app.topLevelWidgets():
            if widget is not self.window and widget.isVisible():
                widget.close()
        self.window.close()
        self.services.close()
        self.app.setFont(self._font)
        from .theme import apply_theme

        apply_theme(self.app, self._theme)


def smoke_test() -> int:
    """Start offscreen on a temporary database, open every page, exit 0 on success."""
    _offscreen()
    with tempfile.TemporaryDirectory(prefix="aibri-smoke-") as folder:
        session = Session(Path(folder))
        from .startup import seconds_since_process_start

        to_window = seconds_since_process_start()
        from PySide6.QtGui import QGuiApplication

        platform = QGuiApplication.platformName()
        session.load_samples()
        count = session.window.library.model.rowCount()
        visited = []
        for name, show in session.pages():
            opened = show()
            session.settle()
            if opened is not None:
                opened.close()
            visited.append(name)
        session.close()
        restart = _start_again(Path(folder))
    print(f"smoke test passed on the {platform} platform: {count} sample assessments, "
          f"pages: {', '.join(visited)}; window ready {to_window:.2f} s after the process "
          f"started; {restart}")
    return 0


def _start_again(folder: Path) -> str:
    """The start a user gets on a saved library, as ``aibri`` makes it: the rows read first,
    the services opened behind the window; then an assessment opened through them."""
    from ..services.summaries import quick_library
    from .app import application, show_library_first
    from .settings import AppSettings

    started = time.perf_counter()
    rows = quick_library(folder / "smoke.sqlite3")
    if not rows:
        raise RuntimeError("the saved library could not be read before the open")
    window, opening = show_library_first(application(), folder / "smoke.sqlite3", rows,
                                         AppSettings.at(folder / "settings.ini"))
    _wait(lambda: window.library.model.rowCount() == len(rows), "the saved rows")
    shown = time.perf_counter() - started
    _wait(lambda: window.pages.count() == 4, "the services and pages behind the window")
    ready = time.perf_counter() - started
    window.open_assessment(rows[0].id)
    if window.current is None or window.current.id != rows[0].id:
        raise RuntimeError("an assessment did not open after the start behind the window")
    window.close()
    services = opening.finish()
    if services is not None:
        services.close()
    return (f"started again on {len(rows)} saved: rows shown after {shown * 1000:.0f} ms, "
            f"services and pages after {ready * 1000:.0f} ms")


# The screenshots `aibri screenshots` writes: each theme in its folder (light at the top), at
# each of its sizes, a size being (name, window size, font scale, file name suffix).
SHOT_SIZES = {
    "1280x800": ((1280, 800), 1.0, ""),
    "1024x768": ((1024, 768), 1.0, "-1024x768"),
    "1024x768-150": ((1024, 768), 1.5, "-1024x768-150"),
}
SHOT_THEMES = {
    "light": ("", ("1280x800", "1024x768", "1024x768-150")),
    "dark": ("dark", ("1280x800", "1024x768", "1024x768-150")),
    "high-contrast": ("high-contrast", ("1280x800", "1024x768", "1024x768-150")),
}


def shot_plan(target: Path, themes: list[str] | None = None, sizes: list[str] | None = None,
              ) -> list[tuple[str, Path, str]]:
    """(theme, folder, size) of each run of every page that ``screenshots`` makes."""
    return [(theme, target / folder if folder else target, size)
            for theme, (folder, theme_sizes) in SHOT_THEMES.items() if not themes or theme in themes
            for size in theme_sizes if not sizes or size in sizes]


def screenshots(target: Path, themes: list[str] | None = None,
                sizes: list[str] | None = None) -> int:
    """A PNG of every page in each theme and size of SHOT_THEMES (light into ``target``, the
    others into a folder of their name), or only the ``themes`` and ``sizes`` asked for."""
    started = time.perf_counter()
    _offscreen()
    written = 0
    for theme, folder, size_name in shot_plan(target, themes, sizes):
        folder.mkdir(parents=True, exist_ok=True)
        size, scale, suffix = SHOT_SIZES[size_name]
        written += _shoot(folder, size, scale, suffix, theme)
    print(f"wrote {written} screenshots to {target} in {time.perf_counter() - started:.0f} s")
    return 0


def _shoot(target: Path, size: tuple[int, int], scale: float, suffix: str, theme: str) -> int:
    """Every page at one size and theme; the number of PNGs written."""
    written = 0
    with tempfile.TemporaryDirectory(prefix="aibri-shots-") as folder:
        session = Session(Path(folder), size, scale, theme)
        session.grab(target / f"welcome{suffix}.png")
        written += 1
        session.load_samples()
        for name, show in session.pages():
            opened = show()
            session.grab(target / f"{name}{suffix}.png", opened)
            if opened is not None:
                opened.close()
            written += 1
        session.close()
    return written
