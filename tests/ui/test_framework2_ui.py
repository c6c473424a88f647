"""Framework 2.0 in the window: the supplier state and perspective asked at creation and said
where the assessment is shown, the navigator narrowed to what public sources can answer, and
a 1.1.0 assessment carried to 2.0 with its earlier answers beside the changed items."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from aibri_desktop.domain.answers import AnswerState
from aibri_desktop.domain.framework import Framework
from aibri_desktop.services import Services
from aibri_desktop.ui.dialogs.follow_up import FollowUpDialog
from aibri_desktop.ui.dialogs.new_assessment import NewAssessmentDialog, supplier_choices
from aibri_desktop.ui.main_window import MainWindow
from aibri_desktop.ui.settings import AppSettings


def _create(window: MainWindow, services: Services, framework: Framework | None = None) -> str:
    change = window.ops.run(lambda: services.assessments.create(
        country_code="KE", title="Nairobi review", as_of=date(2026, 6, 1), framework=framework))
    assert change is not None
    return change.assessment_id


def _framework(services: Services, version: str) -> Framework:
    return next(f for f in services.assessments.frameworks() if f.version == version)


def _rows(window: MainWindow) -> list[str]:
    """The indicator ids the navigator shows, top to bottom."""
    model = window.questionnaire.model
    return [str(model.index(i, 0, model.index(d, 0)).data(Qt.ItemDataRole.UserRole + 1))
            for d in range(model.rowCount()) for i in range(model.rowCount(model.index(d, 0)))]


def test_the_dialog_creates_an_outside_in_assessment_of_exposure_to_the_us(
        qtbot, window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    def ask(cls, countries, frameworks, settings, parent=None, *, suppliers,
            count_suggestions=None):
        dialog = cls(countries, frameworks, settings, parent, suppliers=suppliers,
                     count_suggestions=count_suggestions)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.framework.currentText().endswith("version 2.0.0")  # the default
        assert dialog.supplier.currentText() == "The People's Republic of China (CN)"
        assert dialog.supplier.isEnabled() and dialog.supplier_note.isHidden()
        dialog.country.set_country(services.countries.get("KE"))
        qtbot.keyClicks(dialog.title_edit, "Kenya, US exposure")
        dialog.supplier.setCurrentIndex(dialog.supplier.findText("The United States (US)"))
        dialog.outside.click()
        dialog.as_of.setDate(QDate(2026, 5, 1))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        return dialog.request

    monkeypatch.setattr(NewAssessmentDialog, "ask", classmethod(ask))
    window.act("new").trigger()
    (row,) = services.assessments.list_summaries()
    record = services.assessments.load(row.id)
    assert record.supplier is not None and record.supplier.id == "US"
    assert record.perspective == "outside"
    assert record.framework.version == "2.0.0"
    assert "exposure to the United States" in window.banner.text()
    assert "outside-in view (another country)" in window.banner.text()
    assert window.windowTitle().startswith("Kenya, US exposure — exposure to the United States")
    assert window.results.overall_caption.text() == "Overall exposure to the United States"


def test_a_version_1_framework_fixes_the_supplier_and_says_why(
        qtbot, services: Services, settings: AppSettings) -> None:
    dialog = NewAssessmentDialog(services.countries, services.assessments.frameworks(), settings,
                                 suppliers=supplier_choices(services.suppliers))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.supplier.setCurrentIndex(1)  # the United States
    dialog.framework.setCurrentIndex(dialog.framework.findText(
        "AIBRI — AI Belt and Road exposure framework, version 1.1.0"))
    assert not dialog.supplier.isEnabled()
    assert dialog.supplier.currentText() == "The People's Republic of China (CN)"
    assert dialog.supplier_note.isVisible()
    assert "written for the People's Republic of China" in dialog.supplier_note.text()
    assert dialog.selected_supplier() is None  # the framework names its supplier itself


def test_only_what_public_sources_can_answer_hides_and_restores(
        qtbot, window: MainWindow, services: Services) -> None:
    window.open_assessment(_create(window, services))
    page = window.questionnaire
    everything = _rows(window)
    assert page.public_only.isEnabled()
    assert page.shown_count.text() == f"All {len(everything)} indicators shown"
    page.go_to("DS-03")
    assert page.panel.answerable.text() == "Answerable from: the assessed government's records"
    page.public_only.click()
    shown = _rows(window)
    assert "DS-03" not in shown and "DS-04" not in shown and "TD-10" not in shown
    assert "DS-01" in shown and "DS-02" in shown
    assert page.shown_count.text() == f"{len(shown)} of {len(everything)} indicators shown"
    assert page.current_indicator_id() == "DS-05"  # the next one shown after DS-03
    assert page.panel.answerable.text() == ("Answerable from: public sources, the assessed "
                                            "government's records")
    page.public_only.click()
    assert _rows(window) == everything
    assert page.current_indicator_id() == "DS-05"  # the place is kept
    assert page.shown_count.text() == f"All {len(everything)} indicators shown"
    page.public_only.click()
    window.show_indicator("TD-10")  # e.g. a red flag on the results page: shown, all again
    assert page.current_indicator_id() == "TD-10" and not page.public_only.isChecked()
    assert _rows(window) == everything


def test_the_toggle_is_disabled_for_a_version_1_framework(
        qtbot, window: MainWindow, services: Services) -> None:
    window.open_assessment(_create(window, services))
    window.questionnaire.public_only.click()
    window.open_assessment(_create(window, services, framework=_framework(services, "1.1.0")))
    page = window.questionnaire
    assert not page.public_only.isEnabled() and not page.public_only.isChecked()
    assert page.shown_count.text() == "All 30 indicators shown"
    assert "does not say which sources" in page.public_only.toolTip()
    assert page.panel.answerable.isHidden()
    assert "exposure to the People's Republic of China" in window.banner.text()


def test_a_follow_up_carries_a_1_1_0_assessment_to_2_0_with_the_earlier_answers(
        qtbot, window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    old = _create(window, services, framework=_framework(services, "1.1.0"))
    answer = services.assessments.answer
    answer(assessment_id=old, indicator_id="DS-01", who="t", level=1, evidence="Act of 2019.")
    answer(assessment_id=old, indicator_id="DS-02", who="t", level=3)
    answer(assessment_id=old, indicator_id="DS-06", who="t", state=AnswerState.RANGE,
           level_low=2, level_high=4)
    seen: dict[str, str] = {}

    def ask(cls, sources, frameworks, parent=None):
        dialog = cls(sources, frameworks, parent)
        qtbot.addWidget(dialog)
        assert dialog.title_edit.text() == "Nairobi review (follow-up)"
        assert dialog.as_of.date() == QDate.currentDate()
        assert dialog.framework.currentText() == "Keep aibri 1.1.0 (its current version)"
        assert dialog.carries.text().startswith("Every answer carries over")
        assert dialog.select_version("2.0.0")
        seen["carries"] = dialog.carries.text()
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        return dialog.request

    monkeypatch.setattr(FollowUpDialog, "ask", classmethod(ask))
    library = window.library
    qtbot.waitUntil(lambda: library.model.row_of(old) is not None)
    library.select_ids([old])
    window.act("duplicate").trigger()
    v2 = list(_framework(services, "2.0.0").indicators())
    unchanged = sum(1 for i in v2 if i.previous is not None and i.previous.unchanged)
    assert seen["carries"] == (
        f"{unchanged} of the {len(v2)} items are unchanged since 1.1.0: their answers carry "
        "over, to review. Changed and split items start unanswered, with the old answer shown "
        "beside them.")
    (new,) = [s for s in services.assessments.list_summaries() if s.id != old]
    assert (new.title, new.framework_version) == ("Nairobi review (follow-up)", "2.0.0")
    record = services.assessments.load(new.id)
    assert record.supplier is not None and record.supplier.id == "CN"
    carried = record.answers["DS-02"]
    assert (carried.level, carried.carried_over) == (3, True)
    assert "DS-01" not in record.answers and "DS-06" not in record.answers

    window.open_assessment(new.id)
    page = window.questionnaire
    page.go_to("DS-01")
    bar = page.panel.earlier
    qtbot.waitUntil(bar.isVisible)
    level_1 = _framework(services, "1.1.0").indicator("DS-01").levels[1].get()
    assert bar.text() == f"Before, in aibri 1.1.0 (DS-01): level 1 — {level_1}"
    assert bar.evidence_label.text() == "Evidence then: Act of 2019."
    assert bar.note.text().startswith("This item changed in this version")
    page.go_to("DS-06")
    assert bar.text() == "Before, in aibri 1.1.0 (DS-06): between level 2 and level 4"
    page.go_to("DS-12")  # the new half of DS-06 (scale and vendor access were asked at once)
    assert bar.isVisible()
    assert bar.text() == "Before, in aibri 1.1.0 (DS-06): between level 2 and level 4"
    assert bar.note.text().startswith("This item is new in this version: it was split from "
                                      "DS-06")
    page.go_to("DS-02")  # carried over: no earlier answer beside it
    assert bar.isHidden() and page.panel.carried_bar.isVisible()


def test_a_ministry_adds_its_own_supplier_profile_in_settings(
        qtbot, window: MainWindow, services: Services, settings: AppSettings,
        tmp_path) -> None:
    import json

    from aibri_desktop import paths
    from aibri_desktop.ui.dialogs.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.settings, str(services.database.path), window,
                            services.framework_files, window.ops, services.safety,
                            services.library)
    qtbot.addWidget(dialog)
    listed = [dialog.supplier_list.item(i).text() for i in range(dialog.supplier_list.count())]
    assert [line.split(" — ")[1].split(" (")[0] for line in listed] == ["CN 1.0.0", "US 1.0.0"]
    assert all("(bundled)" in line and "sourced entries" in line for line in listed)

    broken = tmp_path / "broken.json"
    broken.write_text('{"format": 1, "id": "US"', encoding="utf-8")
    assert not dialog.add_supplier_file(broken)
    assert dialog.framework_message.text().count("\n") == 0
    assert "broken.json" in dialog.framework_message.text()
    assert dialog.supplier_list.count() == 2

    doc = json.loads((paths.suppliers_dir() / "us.json").read_text(encoding="utf-8"))
    doc["version"] = "1.1.0"
    doc["lists"]["gnss"][0]["note"] = {"en": "A ministry's own note."}
    own = tmp_path / "us-own.json"
    own.write_text(json.dumps(doc), encoding="utf-8")
    assert dialog.add_supplier_file(own)
    assert dialog.framework_message.text().startswith("Added supplier profile US 1.1.0")
    assert "US 1.1.0 (added)" in dialog.supplier_list.item(2).text()
    # the New-assessment dialog offers the newest profile of each state at once
    choices = supplier_choices(services.suppliers)
    assert [(p.id, p.version) for p in choices] == [("CN", "1.0.0"), ("US", "1.1.0")]
