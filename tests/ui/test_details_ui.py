"""Assessment → Details…: the details of the open (or chosen) assessment change in a dialog
that says what a module change does before it is saved; saved at once, undoable, followed by
the pages; read-only for a final assessment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog

from aibri_desktop.domain.details import modules_effect
from aibri_desktop.services import Services
from aibri_desktop.ui.dialogs.details_dialog import DetailsDialog
from aibri_desktop.ui.main_window import MainWindow
from aibri_desktop.ui.navigation import PageId
from helpers.services import create_reference_assessment

Fill = Callable[[DetailsDialog], None]


def _answering(monkeypatch: pytest.MonkeyPatch, fill: Fill) -> list[DetailsDialog]:
    """The dialog, when shown, is filled by ``fill`` and Save is pressed."""
    shown: list[DetailsDialog] = []

    def exec_(dialog: DetailsDialog) -> int:
        shown.append(dialog)
        fill(dialog)
        dialog.buttons.accepted.emit()
        return int(dialog.result())

    monkeypatch.setattr(DetailsDialog, "exec", exec_)
    return shown


def test_details_change_from_the_open_assessment_and_undo(
        qtbot, window: MainWindow, services: Services,
        monkeypatch: pytest.MonkeyPatch) -> None:
    assessment_id = create_reference_assessment(services)
    window.open_assessment(assessment_id)
    window.show_page(PageId.QUESTIONNAIRE)
    before = services.assessments.load(assessment_id)
    assert window.act("details").isEnabled()

    def fill(dialog: DetailsDialog) -> None:
        dialog.title_edit.setText("Reference, revised")
        dialog.as_of.setDate(QDate(2027, 3, 1))
        dialog.assessor.setText("A. Analyst")
        dialog.modules["MC"].setChecked(False)  # the residual goes, the answers stay
        expected = modules_effect(before.framework, before.answers, before.modules,
                                  before.modules - {"MC"})
        shown_effect = dialog.effect.text()
        assert shown_effect.startswith("Overall exposure")
        assert "Set aside while off" in shown_effect and "Mitigation" in shown_effect
        assert f"{float(expected.after.overall.score or 0):.1f}" in shown_effect

    shown = _answering(monkeypatch, fill)
    window.act("details").trigger()
    assert len(shown) == 1 and shown[0].result() == QDialog.DialogCode.Accepted
    stored = services.assessments.load(assessment_id)
    assert (stored.title, stored.as_of, stored.assessor, stored.modules) == (
        "Reference, revised", date(2027, 3, 1), "A. Analyst", frozenset())
    assert stored.answers == before.answers
    # the window follows at once: its title, the open record, the status bar
    assert window.current is not None and window.current.title == "Reference, revised"
    assert window.current.modules == frozenset()
    assert "Reference, revised" in window.windowTitle()
    assert window.statusBar().currentMessage().startswith("Details of “Reference, revised” saved")
    assert window.act("undo").text().startswith("&Undo: details: Title: Reference fixture →")

    window.act("undo").trigger()
    undone = services.assessments.load(assessment_id)
    assert undone.details == before.details and undone.answers == before.answers
    assert window.current is not None and window.current.details == before.details
    window.act("redo").trigger()
    assert services.assessments.load(assessment_id).title == "Reference, revised"
    assert [c.field for c in services.assessments.detail_history(assessment_id)] == [
        "title", "as_of", "assessor", "modules"] * 3  # done, undone, redone: all recorded


def test_details_of_the_one_chosen_in_the_library(
        qtbot, window: MainWindow, services: Services,
        monkeypatch: pytest.MonkeyPatch) -> None:
    assessment_id = create_reference_assessment(services)
    window.library.reload()
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 1, timeout=5000)
    window.show_page(PageId.LIBRARY)
    window.library.select_ids([assessment_id])
    assert window.act("details").isEnabled()
    _answering(monkeypatch, lambda d: d.marking.setCurrentText("OFFICIAL"))
    window.act("details").trigger()
    assert services.assessments.load(assessment_id).marking == "OFFICIAL"
    window.act("undo").trigger()
    assert services.assessments.load(assessment_id).marking == "REFERENCE"


def test_an_empty_title_is_refused_in_the_dialog(
        qtbot, window: MainWindow, services: Services,
        monkeypatch: pytest.MonkeyPatch) -> None:
    assessment_id = create_reference_assessment(services)
    window.open_assessment(assessment_id)
    shown = _answering(monkeypatch, lambda d: d.title_edit.setText("   "))
    window.act("details").trigger()
    assert shown[0].result() != QDialog.DialogCode.Accepted
    assert shown[0].error.text() == "An assessment needs a title."
    assert services.assessments.load(assessment_id).title == "Reference fixture"
    assert services.assessments.detail_history(assessment_id) == []


def test_a_final_assessment_shows_its_details_read_only(
        qtbot, window: MainWindow, services: Services) -> None:
    assessment_id = create_reference_assessment(services)
    services.assessments.edit_details(assessment_id=assessment_id, who="ana", title="Before")
    services.assessments.mark_final(assessment_ids=[assessment_id], who="reviewer")
    record = services.assessments.load(assessment_id)
    dialog = DetailsDialog(record, services.assessments.detail_history(assessment_id), window)
    qtbot.addWidget(dialog)
    assert "is final: nothing of it can change" in dialog.lock.text()
    assert not dialog.title_edit.isEnabled() and not dialog.modules["MC"].isEnabled()
    assert dialog.buttons.buttons()[0].text() == "Close"
    assert "ana · Title: Reference fixture → Before" in dialog.history.item(0).text()
