"""The window follows changes made elsewhere (the command line here) to the open assessment:
they appear within a second, the user's place is kept, and an edit or undo based on values
that changed meanwhile is refused with a message, never laid over them."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from aibri_desktop.domain.answers import AnswerState
from aibri_desktop.domain.summary import score_value
from aibri_desktop.services import Services
from aibri_desktop.ui.main_window import MainWindow
from aibri_desktop.ui.models.navigator_model import MARK_ROLE, Mark


def _cli(services: Services, *args: str) -> None:
    assert services.database.path is not None
    done = subprocess.run([sys.executable, "-m", "aibri_desktop", "--db",
                           str(services.database.path), *args],
                          check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def _open(window: MainWindow, services: Services) -> str:
    assessment_id = services.assessments.create(
        country_code="KE", title="Nairobi review", as_of=date(2026, 6, 1)).assessment_id
    window.library.reload()
    window.open_assessment(assessment_id)
    return assessment_id


def test_a_command_line_answer_appears_within_a_second_and_keeps_the_place(
        qtbot, window: MainWindow, services: Services, messages) -> None:
    assessment_id = _open(window, services)
    page = window.questionnaire
    page.go_to("DS-01")
    qtbot.keyClick(page.navigator, Qt.Key.Key_2)  # an undoable edit made in the window
    assert services.assessments.load(assessment_id).answers["DS-01"].level == 2
    page.go_to("GA-03")  # the user's place: an indicator, a dimension and a text field
    page.panel.evidence.setFocus()
    qtbot.keyClicks(page.panel.evidence, "Draft note")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.panel.evidence, timeout=2000)
    scroll = page.navigator.verticalScrollBar().value()
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)

    _cli(services, "answer", assessment_id, "DS-01", "--level", "4")
    stored = services.assessments.load(assessment_id)
    started = time.monotonic()
    qtbot.waitUntil(lambda: page.model.index_of("DS-01").data().startswith(Mark.ANSWERED.symbol)
                    and window.open.answers["DS-01"].level == 4, timeout=1000)
    seen_after = time.monotonic() - started
    assert seen_after < 1.0
    # the score strip shows the stored score, the status bar says what happened
    assert page.strip.overall_score.text() == f"score {score_value(stored.score.overall.score)}"
    assert any("Changed elsewhere: DS-01" in text for text in said)
    # the place is kept: same indicator, same field with its focus and unsaved text, scroll
    assert page.current_indicator_id() == "GA-03"
    assert QApplication.focusWidget() is page.panel.evidence
    assert page.panel.evidence.toPlainText() == "Draft note"
    assert page.navigator.verticalScrollBar().value() == scroll
    assert page.model.data(page.model.index_of("DS-01"), MARK_ROLE) is Mark.ANSWERED

    # undoing the window's own edit would now overwrite the command line's: refused
    page.panel.flush()  # the draft note is saved (if its pause has not passed yet)
    window.undo_stack.undo()  # the draft note (its own, unchanged since): undone
    assert services.assessments.load(assessment_id).answers["GA-03"].evidence == ""
    window.undo_stack.undo()  # DS-01 2 → unanswered: DS-01 changed elsewhere since
    errors = [text for kind, text in messages if kind == "error"]
    assert errors and "DS-01 was changed elsewhere" in errors[-1]
    assert services.assessments.load(assessment_id).answers["DS-01"].level == 4
    assert window.open.answers["DS-01"].level == 4


def test_an_edit_made_on_stale_values_is_refused_and_the_fresh_ones_shown(
        qtbot, window: MainWindow, services: Services, messages) -> None:
    assessment_id = _open(window, services)
    page = window.questionnaire
    page.go_to("TD-02")
    window.open.stop()  # no polling: the key below comes before the window has looked
    _cli(services, "answer", assessment_id, "TD-02", "--unknown")
    qtbot.keyClick(page.navigator, Qt.Key.Key_3)
    errors = [text for kind, text in messages if kind == "error"]
    assert errors and "TD-02 was changed elsewhere" in errors[-1]
    record = services.assessments.load(assessment_id)
    assert record.answers["TD-02"].state is AnswerState.UNKNOWN  # the command line's stays
    assert page.panel.chosen_state() is AnswerState.UNKNOWN  # and is what the window shows
    assert page.model.data(page.model.index_of("TD-02"), MARK_ROLE) is Mark.UNKNOWN
    assert page.save_label.text().startswith("Not saved")


def test_deleted_then_purged_elsewhere_locks_then_closes(
        qtbot, window: MainWindow, services: Services, messages) -> None:
    """Another program on the same library: a delete locks the open answers, a purge closes
    the assessment; each with a sentence in the status bar."""
    assessment_id = _open(window, services)
    assert services.database.path is not None
    other = Services.open(services.database.path)
    try:
        other.assessments.delete(assessment_ids=[assessment_id])
        qtbot.waitUntil(lambda: window.open.record is not None and window.open.record.deleted,
                        timeout=1000)
        assert "deleted" in window.questionnaire.panel.locked_label.text()
        other.assessments.purge(assessment_ids=[assessment_id], who="someone")
        qtbot.waitUntil(lambda: window.open.record is None, timeout=1000)
        assert "removed elsewhere" in window.statusBar().currentMessage()
        assert window.pages.currentWidget() is window.library
    finally:
        other.close()
