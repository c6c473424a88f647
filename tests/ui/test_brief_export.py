"""Exporting briefs from the window: one from the results page, many from the library."""

from __future__ import annotations

from pathlib import Path

import pytest

from aibri_desktop.services import Services
from aibri_desktop.ui.dialogs.export_brief import BriefOptions, ExportBriefDialog
from aibri_desktop.ui.dialogs.messages import FolderDialog
from aibri_desktop.ui.main_window import MainWindow
from helpers.services import create_reference_assessment


def test_export_from_the_results_page_opens_the_pdf(qtbot, window: MainWindow,
                                                     services: Services, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    window.open_assessment(create_reference_assessment(services))
    target = tmp_path / "out" / "brief.pdf"
    target.parent.mkdir()
    seen: dict[str, object] = {}

    def ask(cls, name, marking, settings, parent=None):  # type: ignore[no-untyped-def]
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


def test_the_dialog_checks_the_file_name(qtbot, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = ExportBriefDialog("x.pdf", "OFFICIAL", settings)
    qtbot.addWidget(dialog)
    assert not dialog.assessor.isChecked(), "names are off by default"
    dialog.path.setText(str(tmp_path / "missing" / "x.pdf"))
    dialog._accept()
    assert "does not exist" in dialog.error.text() and dialog.options is None
    dialog.path.setText(str(tmp_path / "x.txt"))
    dialog._accept()
    assert "ending in .pdf" in dialog.error.text()
    dialog.path.setText(str(tmp_path / "x.docx"))
    dialog._accept()
    assert dialog.options is not None and dialog.options.path.suffix == ".docx"
    dialog.options = None
    dialog.path.setText(str(tmp_path / "x.pdf"))
    dialog._accept()
    assert dialog.options is not None and dialog.options.marking == "OFFICIAL"


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
    window.findChild(QProgressDialog).findChild(QPushButton).click()  # "Cancel"
    qtbot.waitUntil(lambda: "Cancelled" in window.statusBar().currentMessage(), timeout=30_000)
    assert len(list(tmp_path.glob("*.pdf"))) < 6
    assert not list(tmp_path.glob("*.part")), "no half-written file"
