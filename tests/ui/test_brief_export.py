"""Exporting briefs from the window: one from the results page, many from the library."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from aibri_desktop.services import Services
from aibri_desktop.ui.dialogs.export_brief import BriefOptions, ExportBriefDialog
from aibri_desktop.ui.dialogs.messages import FolderDialog
from aibri_desktop.ui.main_window import MainWindow
from aibri_desktop.ui.settings import AppSettings
from helpers.services import create_reference_assessment


def test_export_from_the_results_page_opens_the_pdf(qtbot, window: MainWindow,
                                                     services: Services, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    window.open_assessment(create_reference_assessment(services))
    target = tmp_path / "out" / "brief.pdf"
    target.parent.mkdir()
    seen: dict[str, object] = {}

    def ask(cls, name, marking, settings, parent=None):
        seen["name"], seen["marking"] = name, marking
        return BriefOptions(target, evidence=True, include_assessor=False,
                            marking="RESTRICTED", open_after=True)

    opened: list[Path] = []
    monkeypatch.setattr(ExportBriefDialog, "ask", classmethod(ask))
    monkeypatch.setattr(window, "open_in_viewer", opened.append)
    window.show_page(2)
    window.results.export_button.click()
    qtbot.waitUntil(lambda: opened == [target], timeout=15_000)
    assert target.read_bytes().startswith(b"%PDF")
    register = window.show_register()
    qtbot.addWidget(register)
    assert register.model.rowCount() == 1
    import hashlib

    sha = register.model.data(register.model.index(0, 6))
    assert sha == hashlib.sha256(target.read_bytes()).hexdigest()
    assert register.model.data(register.model.index(0, 2)) == "RESTRICTED"
    register.export_csv(tmp_path / "register.csv")
    assert sha in (tmp_path / "register.csv").read_text(encoding="utf-8-sig")
    assert seen["name"] == "REFERENCE-Republic-of-Avalon-Reference-fixture-2026-11-01.pdf"


def test_export_as_word_from_the_results_page_writes_a_docx(
        qtbot, window: MainWindow, services: Services, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The real dialog: Word chosen with its button, the brief written is a Word document
    (and registered as one), and opened as the dialog said it would be."""
    import zipfile

    from docx import Document

    window.open_assessment(create_reference_assessment(services))
    folder = tmp_path / "out"
    folder.mkdir()
    said: list[str] = []

    def ask(cls, name, marking, settings, parent=None):
        dialog = cls(name, marking, settings, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.mouseClick(dialog.word, Qt.MouseButton.LeftButton)
        assert dialog.word.isChecked() and not dialog.pdf.isChecked()
        assert dialog.path.text().endswith(".docx")
        said.append(dialog.open_after.text())
        _export_as(qtbot, dialog, str(folder / Path(dialog.path.text()).name))
        return dialog.options

    opened: list[Path] = []
    monkeypatch.setattr(ExportBriefDialog, "ask", classmethod(ask))
    monkeypatch.setattr(window, "open_in_viewer", opened.append)
    window.show_page(2)
    window.results.export_button.click()
    target = folder / "REFERENCE-Republic-of-Avalon-Reference-fixture-2026-11-01.docx"
    qtbot.waitUntil(lambda: opened == [target], timeout=15_000)
    assert said == ["Open the Word document when it is written"]
    assert zipfile.is_zipfile(target) and not target.read_bytes().startswith(b"%PDF")
    with zipfile.ZipFile(target) as archive:
        assert "word/document.xml" in archive.namelist()
    document = Document(str(target))
    assert "Executive summary" in [p.text for p in document.paragraphs]
    section = document.sections[0]
    assert section.page_width is not None and round(section.page_width.cm, 1) == 21.0
    register = window.show_register()
    qtbot.addWidget(register)
    assert register.model.rowCount() == 1


def test_the_format_is_a_visible_choice_that_names_itself(qtbot, settings: AppSettings,
                                                           tmp_path: Path) -> None:
    dialog = _open_dialog(qtbot, settings)
    assert dialog.pdf.isVisible() and dialog.word.isVisible()
    assert dialog.pdf.isChecked(), "PDF unless Word was chosen last time"
    assert dialog.open_after.text() == "Open the PDF when it is written"
    qtbot.mouseClick(dialog.word, Qt.MouseButton.LeftButton)
    assert dialog.path.text().endswith("x.docx")
    assert "PDF" not in dialog.open_after.text()
    assert dialog.path.accessibleName() == "Word document (DOCX) file"
    qtbot.mouseClick(dialog.pdf, Qt.MouseButton.LeftButton)
    assert dialog.path.text().endswith("x.pdf")
    assert dialog.open_after.text() == "Open the PDF when it is written"
    # a name typed with the other suffix chooses that format
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        _export_as(qtbot, dialog, str(tmp_path / "brief.docx"))
    assert dialog.word.isChecked()
    assert dialog.options is not None and dialog.options.path == tmp_path / "brief.docx"
    again = _open_dialog(qtbot, settings)
    assert again.word.isChecked(), "the format chosen last comes first"
    assert again.path.text() == str(tmp_path / "x.docx")
    assert again.open_after.text() == "Open the Word document when it is written"


def test_the_dialog_shows_its_words_whole(qtbot, settings: AppSettings) -> None:
    """Every label, button and check box at least as wide as its text (nothing clipped)."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    dialog = _open_dialog(qtbot, settings)
    dialog.word.setChecked(True)
    shown: list[QAbstractButton | QLabel] = [*dialog.findChildren(QAbstractButton),
                                             *dialog.findChildren(QLabel)]
    seen = [widget for widget in shown if widget.isVisible() and widget.text()]
    assert len(seen) >= 12  # six row labels, two formats, three check boxes, the buttons
    for widget in seen:
        hint = widget.sizeHint().width()
        assert widget.width() >= hint, (widget.text(), widget.width(), hint)


def _export_as(qtbot, dialog: ExportBriefDialog, file_name: str) -> None:
    """Replace the file name as a user would (select all, type) and press Export."""
    dialog.path.setFocus()
    qtbot.keyClick(dialog.path, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.path, file_name)
    assert dialog.path.text() == file_name
    export = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert export is not None and export.text() == "Export" and export.isVisible()
    qtbot.mouseClick(export, Qt.MouseButton.LeftButton)


def _open_dialog(qtbot, settings: AppSettings) -> ExportBriefDialog:
    dialog = ExportBriefDialog("x.pdf", "OFFICIAL", settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_dialog_checks_the_file_name(qtbot, settings: AppSettings, tmp_path: Path) -> None:
    dialog = _open_dialog(qtbot, settings)
    assert not dialog.assessor.isChecked(), "names are off by default"
    assert not dialog.error.isVisible()
    missing = tmp_path / "missing"
    _export_as(qtbot, dialog, str(missing / "x.pdf"))
    assert dialog.isVisible(), "the dialog stays open to correct the name"
    assert dialog.error.isVisible()
    assert dialog.error.text() == f"The folder {missing} does not exist."
    _export_as(qtbot, dialog, str(tmp_path / "x.txt"))
    assert dialog.isVisible() and dialog.error.isVisible()
    assert dialog.error.text() == ("Give a file name ending in .pdf (or .docx for an editable "
                                   "document).")
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        _export_as(qtbot, dialog, str(tmp_path / "x.docx"))
    assert not dialog.isVisible()
    assert dialog.options == BriefOptions(tmp_path / "x.docx", evidence=False,
                                          include_assessor=False, marking="OFFICIAL",
                                          open_after=settings.open_pdf_after_export)
    assert settings.recent("brief_folder") == str(tmp_path), "the next export starts there"


def test_the_dialog_accepts_a_pdf_with_the_marking_chosen(qtbot, settings: AppSettings,
                                                          tmp_path: Path) -> None:
    dialog = _open_dialog(qtbot, settings)
    qtbot.mouseClick(dialog.evidence, Qt.MouseButton.LeftButton)
    assert dialog.evidence.isChecked()
    marking = dialog.marking.lineEdit()
    assert marking is not None
    qtbot.keyClick(marking, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(marking, "RESTRICTED")
    qtbot.keyClicks(dialog.recipient, "Ministry Y")
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        _export_as(qtbot, dialog, str(tmp_path / "x.pdf"))
    assert dialog.options == BriefOptions(tmp_path / "x.pdf", evidence=True,
                                          include_assessor=False, marking="RESTRICTED",
                                          open_after=settings.open_pdf_after_export,
                                          recipient="Ministry Y")


def test_batch_export_of_selected_assessments(qtbot, window: MainWindow, services: Services,
                                              tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    window.library.welcome.samples_button.click()
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 6, timeout=10_000)
    ids = [window.library.model.summary(r).id for r in range(3)]
    window.library.select_ids(ids)
    monkeypatch.setattr(FolderDialog, "ask", classmethod(lambda cls, p, t, s: tmp_path))
    window.act("export_briefs").trigger()
    qtbot.waitUntil(lambda: "Wrote 3 briefs" in window.statusBar().currentMessage(),
                    timeout=30_000)
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert len(pdfs) == 3
    assert all(p.name.startswith("DEMO-FICTIONAL-DATA-") for p in pdfs)


def test_batch_export_can_be_cancelled(qtbot, window: MainWindow, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    window.library.welcome.samples_button.click()
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 6, timeout=10_000)
    window.library.select_ids([window.library.model.summary(r).id for r in range(6)])
    monkeypatch.setattr(FolderDialog, "ask", classmethod(lambda cls, p, t, s: tmp_path))
    window.act("export_briefs").trigger()
    progress = window.findChild(QProgressDialog)
    assert progress is not None
    cancel = progress.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    cancel.click()
    qtbot.waitUntil(lambda: "Cancelled" in window.statusBar().currentMessage(), timeout=30_000)
    assert len(list(tmp_path.glob("*.pdf"))) < 6
    assert not list(tmp_path.glob("*.part")), "no half-written file"
