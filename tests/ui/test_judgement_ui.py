"""Judgement round trip: edited on the results page (autosaved, undoable) → in the brief."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from aibri_desktop.services import Services
from aibri_desktop.ui.main_window import MainWindow
from helpers.services import create_reference_assessment


def test_judgement_edited_in_the_app_reaches_the_brief(qtbot, window: MainWindow,
                                                      services: Services, tmp_path: Path) -> None:
    assessment_id = create_reference_assessment(services)
    window.open_assessment(assessment_id)
    window.show_page(2)
    panel = window.results.judgement
    qtbot.keyClicks(panel.key_edits[0], "Compute is concentrated in one vendor.")
    qtbot.waitUntil(lambda: panel.saved_label.text() == "Judgement saved.", timeout=5000)
    panel.dimension.setCurrentIndex(panel.dimension.findData("TD"))
    panel.comment.setPlainText("Exit from the compute contract is untested.")
    panel.option.setCurrentIndex(panel.option.findData("TD-01-a"))
    panel.choice.setCurrentIndex(panel.choice.findData("reword"))
    qtbot.keyClicks(panel.wording, "Test the exit from the compute contract this year")
    panel.commit()
    stored = services.assessments.load(assessment_id).judgements
    assert stored.key == ("Compute is concentrated in one vendor.",)
    assert stored.comments == {"TD": "Exit from the compute contract is untested."}
    assert stored.options["TD-01-a"].text == "Test the exit from the compute contract this year"
    target = tmp_path / "judged.pdf"
    services.briefs.write(assessment_id, target)
    summary = PdfReader(target).pages[1].extract_text()
    assert "1. Compute is concentrated in one vendor." in summary
    assert "Test the exit from the compute contract this year [analyst's wording]" in summary
    assert window.act("undo").text().startswith("&Undo: judgement")
    window.act("undo").trigger()
    assert services.assessments.load(assessment_id).judgements.options == {}


def test_a_comment_keeps_its_dimension_while_typing_goes_on(qtbot, window: MainWindow,
                                                           services: Services) -> None:
    """Saving a comment used to reload the whole record: the selector jumped back to the first
    dimension and the next keys landed in the wrong one (a comment typed for GA moved to DS)."""
    assessment_id = create_reference_assessment(services)
    window.open_assessment(assessment_id)
    window.show_page(2)
    panel = window.results.judgement
    panel.dimension.setCurrentIndex(panel.dimension.findData("GA"))
    qtbot.keyClicks(panel.comment, "Alignment with the supplier's standards")
    qtbot.waitUntil(lambda: panel.saved_label.text() == "Judgement saved.", timeout=5000)
    qtbot.keyClicks(panel.comment, " is formal.")  # typing goes on after the autosave
    assert panel.dimension.currentData() == "GA"
    assert panel.comment.toPlainText() == "Alignment with the supplier's standards is formal."
    qtbot.waitUntil(lambda: panel.saved_label.text() == "Judgement saved.", timeout=5000)
    assert panel.dimension.currentData() == "GA"
    assert services.assessments.load(assessment_id).judgements.comments == {
        "GA": "Alignment with the supplier's standards is formal."}
