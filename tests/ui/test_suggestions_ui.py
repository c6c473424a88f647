"""Suggestions from public data in the questionnaire: shown with their facts, accepted,
narrowed or rejected by the analyst, never filled in by themselves."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from aibri_desktop.domain.answers import AnswerState
from aibri_desktop.services import Services
from aibri_desktop.ui.main_window import MainWindow


def _open_kenya(qtbot, window: MainWindow, services: Services) -> str:
    change = window.ops.run(lambda: services.assessments.create(
        country_code="KE", title="Kenya 2026", as_of=date(2026, 11, 1),
        modules=frozenset({"MC"})))
    assert change is not None
    window.open_assessment(change.assessment_id)
    qtbot.waitUntil(lambda: bool(window.open.suggested), timeout=5000)
    return change.assessment_id


def _row_text(window: MainWindow, indicator_id: str) -> str:
    page = window.questionnaire
    return str(page.model.index_of(indicator_id).data(Qt.ItemDataRole.DisplayRole))


def test_a_suggestion_waits_until_approved_and_accepted_and_can_be_undone(
        qtbot, window: MainWindow, services: Services) -> None:
    kenya = _open_kenya(qtbot, window, services)
    assert "5 suggestion(s) from public data wait" in window.statusBar().currentMessage()
    assert "not approved" in window.statusBar().currentMessage()
    assert services.assessments.load(kenya).answers == {}  # nothing filled in by itself
    assert _row_text(window, "MC-03").endswith("◆")
    page = window.questionnaire
    page.go_to("MC-03")
    bar = page.panel.suggestion
    assert bar.isVisible()
    assert bar.text().startswith("Suggested from public data: level 4 — GCI 2024 Tier 1")
    assert "ITU Global Cybersecurity Index 2024: tier: 1, as of 2024-09 (reconstructed list)" \
        in bar.facts.text()
    assert "ITU; World Bank Data360" in bar.facts.toolTip()
    assert "stale" in bar.facts.text()
    assert not bar.accept_button.isEnabled() and "not approved" in bar.note.text()

    services.reference.approve("Approver")
    window.open_assessment(kenya)  # read again: now approved
    qtbot.waitUntil(lambda: window.open.reference_approved, timeout=5000)
    page.go_to("MC-03")
    assert bar.accept_button.isEnabled() and not bar.narrow_button.isEnabled()  # a level
    bar.accept_button.click()
    answer = services.assessments.load(kenya).answers["MC-03"]
    assert (answer.state, answer.level) == (AnswerState.ANSWERED, 4)
    assert answer.evidence.startswith("Public data (reference data 2026.11.28)")
    assert page.panel.level_buttons[4].isChecked() and bar.isHidden()
    assert not _row_text(window, "MC-03").endswith("◆")
    undo = window.act("undo")
    assert undo.text().startswith("&Undo: MC-03")
    undo.trigger()
    assert "MC-03" not in services.assessments.load(kenya).answers or \
        services.assessments.load(kenya).answers["MC-03"].state is AnswerState.UNANSWERED
    # the accept undone, the suggestion is offered again, here and on reopening
    assert bar.isVisible() and bar.accept_button.isEnabled()
    assert _row_text(window, "MC-03").endswith("◆")
    assert {o.suggestion.indicator: o.status
            for o in services.reference.offered(kenya)}["MC-03"] == "new"
    bar.accept_button.click()
    assert services.assessments.load(kenya).answers["MC-03"].level == 4


def test_narrow_accepts_the_range_and_puts_the_keyboard_on_it_and_reject_hides_it(
        qtbot, window: MainWindow, services: Services) -> None:
    services.reference.approve("Approver")
    kenya = _open_kenya(qtbot, window, services)
    page = window.questionnaire
    page.go_to("DS-01")
    bar = page.panel.suggestion
    assert bar.text() == "Suggested from public data: between level 0 and level 2"
    assert bar.narrow_button.isEnabled()
    bar.narrow_button.click()
    answer = services.assessments.load(kenya).answers["DS-01"]
    assert (answer.state, answer.level_low, answer.level_high) == (AnswerState.RANGE, 0, 2)
    assert page.panel.chosen_range() == (0, 2)
    page.go_to("GA-05")
    assert bar.isVisible()
    bar.reject_button.click()
    assert bar.isHidden() and "GA-05" not in services.assessments.load(kenya).answers
    statuses = {o.suggestion.indicator: o.status for o in services.reference.offered(kenya)}
    assert statuses["GA-05"] == "rejected" and statuses["DS-01"] == "accepted"


def test_a_fictional_country_gets_no_suggestion_bar(qtbot, window: MainWindow,
                                                    services: Services) -> None:
    change = window.ops.run(lambda: services.assessments.create(
        country_code="XA", title="Avalon", as_of=date(2026, 1, 1)))
    assert change is not None
    window.open_assessment(change.assessment_id)
    window.questionnaire.go_to("DS-01")
    qtbot.wait(100)
    assert window.questionnaire.panel.suggestion.isHidden()


def test_the_approver_accepts_the_dataset_in_settings_and_the_open_assessment_follows(
        qtbot, window: MainWindow, services: Services) -> None:
    from aibri_desktop.ui.dialogs.settings_dialog import SettingsDialog

    _open_kenya(qtbot, window, services)
    dialog = SettingsDialog(window.settings, str(services.database.path), window,
                            services.framework_files, window.ops, services.safety,
                            services.library, services.reference)
    qtbot.addWidget(dialog)
    assert dialog.tabs.tabText(dialog.tabs.count() - 1) == "Reference data"
    assert "Not approved" in dialog.reference_status.text()
    assert dialog.reference_lists.count() == 10
    first = dialog.reference_lists.item(0).text()
    assert first.startswith("Data-protection and privacy legislation (UNCTAD")
    assert "193 facts · verified · complete · as of 2026-03-05" in first
    assert not dialog.approve_reference()  # no name: nothing happens
    assert "name first" in dialog.reference_message.text()
    dialog.approver.setText("Amina Odhiambo, Director")
    assert dialog.approve_reference()
    assert "Approved by Amina Odhiambo, Director on" in dialog.reference_status.text()
    assert not dialog.approve_button.isEnabled()
    qtbot.waitUntil(lambda: window.open.reference_approved, timeout=5000)
    window.questionnaire.go_to("MC-03")
    assert window.questionnaire.panel.suggestion.accept_button.isEnabled()


def test_assessment_evidence_requests_writes_the_list_of_the_open_assessment(
        qtbot, window: MainWindow, services: Services, tmp_path) -> None:
    from aibri_desktop.ui.actions.briefs import write_requests

    assert not window.act("evidence_requests").isEnabled()  # nothing open yet
    _open_kenya(qtbot, window, services)
    assert window.act("evidence_requests").isEnabled()
    target = tmp_path / "requests.pdf"
    write_requests(window, target)
    qtbot.waitUntil(target.exists, timeout=10_000)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith(
        f"Wrote the evidence requests {target}"), timeout=5000)
    assert target.read_bytes().startswith(b"%PDF")


def test_new_assessment_says_how_many_suggestions_wait_for_a_real_country(
        qtbot, services: Services, settings) -> None:
    from aibri_desktop.ui.dialogs.new_assessment import NewAssessmentDialog, supplier_choices

    dialog = NewAssessmentDialog(services.countries, services.assessments.frameworks(),
                                 settings, suppliers=supplier_choices(services.suppliers),
                                 count_suggestions=services.reference.count_for)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.country.set_country(services.countries.get("BR"))
    assert dialog.suggestions_note.isVisible()
    assert dialog.suggestions_note.text().startswith(
        "◆ Public data suggests answers to 6 item(s) for Brazil")  # the core items
    dialog._module_boxes["MC"].setChecked(True)  # and the GCI tier of the MC module
    assert dialog.suggestions_note.text().startswith(
        "◆ Public data suggests answers to 7 item(s) for Brazil")
    dialog.country.set_country(services.countries.get("XA"))  # fictional: no facts
    assert dialog.suggestions_note.isHidden()
