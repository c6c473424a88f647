"""New assessment, Settings and Help, driven as a user would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from aibri_desktop import __version__
from aibri_desktop.domain.bands import Band
from aibri_desktop.services import Services
from aibri_desktop.ui.dialogs.new_assessment import NewAssessmentDialog, supplier_choices
from aibri_desktop.ui.dialogs.settings_dialog import SettingsDialog
from aibri_desktop.ui.main_window import MainWindow
from aibri_desktop.ui.settings import AppSettings
from helpers.ui import make_window


def _press_create(dialog: NewAssessmentDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_create_an_assessment_through_the_dialog(qtbot, window: MainWindow, services: Services,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, NewAssessmentDialog] = {}

    def ask(cls, countries, frameworks, settings, parent=None, *, suppliers,
            count_suggestions=None):
        dialog = cls(countries, frameworks, settings, parent, suppliers=suppliers,
                     count_suggestions=count_suggestions)
        qtbot.addWidget(dialog)
        seen["dialog"] = dialog
        dialog.show()
        _press_create(dialog)  # nothing filled in yet
        assert dialog.errors["country"].text() == "A country is needed."
        assert dialog.errors["title"].text() == "A title is needed."
        assert dialog.request is None and dialog.isVisible()
        qtbot.keyClicks(dialog.country, "Ivory Coast")
        popup = dialog.country.completer().popup()
        assert popup.isVisible()
        assert dialog.country.suggestions()[0] == "Côte d'Ivoire (CI)"
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        assert dialog.country.text() == "Côte d'Ivoire (CI)"
        qtbot.keyClicks(dialog.title_edit, "  Abidjan   cloud review ")
        dialog.as_of.setDate(QDate(2026, 3, 31))
        dialog.marking.setCurrentText("RESTRICTED")
        _press_create(dialog)  # whose view it is is asked, never guessed
        assert dialog.request is None and dialog.errors["perspective"].isVisible()
        dialog.inside.click()
        _press_create(dialog)
        assert dialog.errors["country"].isHidden() and dialog.errors["title"].isHidden()
        return dialog.request

    monkeypatch.setattr(NewAssessmentDialog, "ask", classmethod(ask))
    window.act("new").trigger()
    (row,) = services.assessments.list_summaries()
    assert (row.country_code, row.title) == ("CI", "Abidjan cloud review")
    record = services.assessments.load(row.id)
    assert record.marking == "RESTRICTED" and record.as_of.isoformat() == "2026-03-31"
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 1)
    assert window.library.proxy.index(0, 1).data() == "Abidjan cloud review"
    assert window.current is not None and window.current.id == row.id
    assert window.banner.text().startswith("RESTRICTED")


def test_an_unknown_country_is_explained_beside_the_field(qtbot, services: Services,
                                                         settings: AppSettings) -> None:
    dialog = NewAssessmentDialog(services.countries, services.assessments.frameworks(), settings,
                                 suppliers=supplier_choices(services.suppliers))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.country, "Atlantis")
    qtbot.keyClicks(dialog.title_edit, "x")
    _press_create(dialog)
    assert dialog.errors["country"].text() == "Choose a country from the list."
    assert dialog.request is None
    dialog.country.clear()
    qtbot.keyClicks(dialog.country, "Turk")
    assert "Türkiye (TR)" in dialog.country.suggestions()
    assert "Turkmenistan (TM)" in dialog.country.suggestions()


def test_settings_persist_across_a_restart_of_the_window(qtbot, services: Services,
                                                         tmp_path: Path, messages) -> None:
    settings = AppSettings.at(tmp_path / "persist.ini")
    first = make_window(qtbot, services, settings)
    dialog = SettingsDialog(settings, str(services.database.path), first)
    qtbot.addWidget(dialog)
    dialog.marking.setCurrentText("CONFIDENTIAL")
    dialog.open_pdf.setChecked(False)
    dialog.database.setText(str(tmp_path / "elsewhere.sqlite3"))
    assert "next time" in dialog.database_note.text()
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save is not None
    save.click()
    first.resize(1111, 777)
    first.close()

    reopened_settings = AppSettings.at(tmp_path / "persist.ini")
    second = make_window(qtbot, services, reopened_settings)
    assert reopened_settings.default_marking == "CONFIDENTIAL"
    assert reopened_settings.open_pdf_after_export is False
    assert reopened_settings.database_path == str(tmp_path / "elsewhere.sqlite3")
    assert (second.width(), second.height()) == (1111, 777)
    dialog2 = NewAssessmentDialog(services.countries, services.assessments.frameworks(),
                                  reopened_settings, suppliers=supplier_choices(services.suppliers))
    qtbot.addWidget(dialog2)
    assert dialog2.marking.currentText() == "CONFIDENTIAL"
    second.close()


def _save(dialog: SettingsDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save is not None
    save.click()


def test_settings_set_the_paper_the_librarys_briefs_are_written_on(
        qtbot, window: MainWindow, services: Services) -> None:
    def dialog() -> SettingsDialog:
        opened = SettingsDialog(window.settings, str(services.database.path), window,
                                services.framework_files, window.ops, services.safety,
                                services.library)
        qtbot.addWidget(opened)
        return opened

    first = dialog()
    assert [first.paper.itemText(i) for i in range(first.paper.count())] == ["A4",
                                                                            "US Letter"]
    assert first.paper.currentText() == "A4"
    first.paper.setCurrentIndex(first.paper.findText("US Letter"))
    _save(first)
    assert services.library.paper() == "letter"
    assert services.safety.check().log[0].event == "paper"
    assert dialog().paper.currentText() == "US Letter"


def test_settings_set_the_librarys_threshold_and_the_results_line_follows(
        qtbot, window: MainWindow, services: Services) -> None:
    from aibri_desktop.services.who import current_user
    from helpers.services import create_reference_assessment

    window.open_assessment(create_reference_assessment(services))
    window.show_page(2)
    assert window.results.threshold_text() == ""

    def dialog() -> SettingsDialog:
        opened = SettingsDialog(window.settings, str(services.database.path), window,
                                services.framework_files, window.ops, services.safety,
                                services.library)
        qtbot.addWidget(opened)
        return opened

    first = dialog()
    choices = [first.threshold.itemText(i) for i in range(first.threshold.count())]
    assert choices == ["none", "Guarded or above", "Elevated or above", "High or above",
                       "Severe or above"]
    assert first.threshold.currentText() == "none"
    first.threshold.setCurrentIndex(first.threshold.findText("High or above"))
    _save(first)
    assert first.result() == SettingsDialog.DialogCode.Accepted
    assert services.library.threshold() is Band.HIGH
    entry = services.safety.check().log[0]
    assert (entry.event, entry.by) == ("threshold", current_user())
    # the results page shows it at once: case 1 (56.3–77.1) is open at 60
    assert window.results.threshold_text() == ("Is exposure High or above? Open — the "
                                               "unknowns allow either.")

    second = dialog()  # the stored threshold is what the dialog shows next
    assert second.threshold.currentText() == "High or above"
    second.threshold.setCurrentIndex(second.threshold.findText("none"))
    _save(second)
    assert services.library.threshold() is None
    assert window.results.threshold_text() == ""
    assert window.results.threshold_line.isHidden()


def test_a_threshold_that_cannot_be_saved_keeps_the_dialog_open(
        qtbot, services: Services, settings: AppSettings) -> None:
    """A library open read-only (another copy of the app has it): the threshold is refused
    with the reason beside it, nothing is saved, and the dialog stays open."""
    path = services.database.path
    assert path is not None
    reader = Services.open(path, read_only=True)
    try:
        dialog = SettingsDialog(settings, str(path), library=reader.library)
        qtbot.addWidget(dialog)
        dialog.marking.setCurrentText("SECRET")
        dialog.threshold.setCurrentIndex(dialog.threshold.findText("Severe or above"))
        dialog.show()
        _save(dialog)
        assert dialog.isVisible()
        assert "read-only" in dialog.threshold_message.text()
        assert dialog.threshold_message.isVisible()
        assert settings.default_marking != "SECRET"  # nothing else was saved either
        assert services.library.threshold() is None
    finally:
        reader.close()


def test_settings_warn_about_network_shares(qtbot, settings: AppSettings) -> None:
    dialog = SettingsDialog(settings, "/tmp/a.sqlite3")
    qtbot.addWidget(dialog)
    dialog.database.setText("//fileserver/share/aibri.sqlite3")
    assert "network share" in dialog.database_warning.text()
    dialog.database.setText(str(Path.home() / "Dropbox" / "aibri.sqlite3"))
    assert "synchronised" in dialog.database_warning.text()
    dialog.database.setText("/tmp/local.sqlite3")
    assert dialog.database_warning.isHidden()


def test_help_guide_shortcuts_and_about(qtbot, window: MainWindow) -> None:
    guide = window.show_guide("keyboard")
    qtbot.addWidget(guide)
    assert "How scores are built" in guide.browser.toPlainText()
    shortcuts = window.show_shortcuts()
    qtbot.addWidget(shortcuts)
    rows = dict(shortcuts.rows())
    assert rows["New assessment"] == "Ctrl+N"
    assert rows["Duplicate as follow-up"] == "Ctrl+D"
    assert rows["Settings"] == "Ctrl+,"
    assert rows["Undo"] == "Ctrl+Z"
    assert rows["Questionnaire: Next indicator"] == "Alt+Down"
    assert rows["Questionnaire: Choose level 3"] == "3"
    assert rows["Questionnaire: Not applicable"] == "N"
    about = window.show_about()
    qtbot.addWidget(about)
    bundled = window.services.frameworks.default()
    assert __version__ in about.text.text() and bundled.version in about.text.text()
    licences = about.show_licences()
    qtbot.addWidget(licences)
    assert licences.isVisible()
