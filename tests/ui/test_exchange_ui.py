"""Import and export from the window."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from aibri_desktop.services import Services
from aibri_desktop.ui.dialogs.messages import ConflictDialog, FolderDialog
from aibri_desktop.ui.main_window import MainWindow
from helpers.services import create_reference_assessment, open_services


def test_import_with_conflicts_and_export_csv(qtbot, window: MainWindow, services: Services,
                                              tmp_path: Path, messages,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    source = open_services(tmp_path / "src")
    assessment_id = create_reference_assessment(source)
    source.exchange.export([assessment_id], tmp_path / "one.aibri")
    source.close()
    window.import_file(tmp_path / "one.aibri")
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 1, timeout=10_000)
    asked: list[int] = []

    def ask(cls, parent, n: int) -> str:
        asked.append(n)
        return "copy"

    monkeypatch.setattr(ConflictDialog, "ask", classmethod(ask))
    window.import_file(tmp_path / "one.aibri")
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 2, timeout=10_000)
    assert asked == [1]
    titles = sorted(r.title for r in services.assessments.list_summaries())
    assert titles == ["Reference fixture", "Reference fixture (imported copy)"]
    (tmp_path / "garbage.aibri").write_bytes(b"not a zip")
    window.import_file(tmp_path / "garbage.aibri")
    qtbot.waitUntil(lambda: bool(messages) and messages[-1][0] == "error", timeout=10_000)
    assert "not a readable ZIP" in messages[-1][1]
    window.library.select_ids([r.id for r in services.assessments.list_summaries()])
    monkeypatch.setattr(FolderDialog, "ask", classmethod(lambda cls, p, t, s: tmp_path))
    window.act("export_csv").trigger()
    scores_file = tmp_path / "REFERENCE-aibri-scores.csv"
    qtbot.waitUntil(scores_file.exists, timeout=10_000)
    text = (tmp_path / "REFERENCE-aibri-answers.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbfClassification: REFERENCE")
    scores = (tmp_path / "REFERENCE-aibri-scores.csv").read_text(encoding="utf-8-sig")
    assert scores.count("\n") == 4


def test_an_import_skipping_a_signed_off_assessment_says_so(
        qtbot, window: MainWindow, services: Services, tmp_path: Path, messages,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The lines an import leaves for the user (a final assessment not replaced) are shown,
    not only logged."""
    assessment_id = create_reference_assessment(services)
    services.exchange.export([assessment_id], tmp_path / "mine.aibri")
    services.assessments.mark_final(assessment_ids=[assessment_id], who="reviewer.r")
    window.library.reload()
    monkeypatch.setattr(ConflictDialog, "ask", classmethod(lambda cls, p, n: "replace"))
    window.import_file(tmp_path / "mine.aibri")
    qtbot.waitUntil(lambda: any(kind == "info" for kind, _ in messages), timeout=15_000)
    text = next(text for kind, text in messages if kind == "info")
    assert "skipped: Reference fixture is final" in text and "--on-conflict copy" in text
    assert services.assessments.load(assessment_id).status == "final"


def test_cancelling_an_import_imports_nothing(qtbot, window: MainWindow, services: Services,
                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            ) -> None:
    source = open_services(tmp_path / "src")
    source.demo.generate(count=6, seed=8)
    source.exchange.export([r.id for r in source.assessments.list_summaries()],
                           tmp_path / "six.aibri")
    source.close()
    clicked = threading.Event()
    real = services.exchange.import_file

    def import_file(path, *, progress, **kwargs):
        def report(done: int, total: int) -> None:
            progress(done, total)
            if done == 1:
                assert clicked.wait(30), "the test did not press Cancel"
        return real(path, progress=report, **kwargs)

    monkeypatch.setattr(services.exchange, "import_file", import_file)
    window.import_file(tmp_path / "six.aibri")

    def importing() -> QProgressDialog | None:  # the file's check has its own dialog first
        return next((d for d in window.findChildren(QProgressDialog)
                     if d.labelText() == "Importing 6 assessment(s)…"), None)

    qtbot.waitUntil(lambda: importing() is not None, timeout=10_000)
    dialog = importing()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.value() >= 1, timeout=10_000)
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    cancel.click()
    clicked.set()
    qtbot.waitUntil(lambda: "cancelled" in window.statusBar().currentMessage(), timeout=15_000)
    assert window.statusBar().currentMessage() == "Import cancelled; nothing was imported."
    assert services.assessments.list_summaries() == []


def test_csv_export_names_start_with_the_markings(qtbot, window: MainWindow,
                                                  services: Services, tmp_path: Path,
                                                  monkeypatch) -> None:
    services.demo.generate(count=3, seed=2)
    ids = [s.id for s in services.assessments.list_summaries()]
    monkeypatch.setattr(window.library, "selected_ids", lambda: ids)
    monkeypatch.setattr(FolderDialog, "ask", classmethod(lambda cls, p, t, s: tmp_path))
    window.export_selected_csv()  # the markings are read, then the files written, behind it
    expected = ["DEMO-FICTIONAL-DATA-aibri-answers.csv", "DEMO-FICTIONAL-DATA-aibri-scores.csv"]
    qtbot.waitUntil(lambda: sorted(p.name for p in tmp_path.glob("*.csv")) == expected,
                    timeout=10_000)


def test_a_malformed_file_is_read_behind_the_window_and_gets_one_message(
        qtbot, window: MainWindow, services: Services, tmp_path: Path, messages,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The untrusted file is read and checked on a worker thread; its one error comes back to
    the window, and nothing is imported."""
    readers: list[threading.Thread] = []
    real = services.exchange.read

    def read(path: Path) -> object:
        readers.append(threading.current_thread())
        return real(path)

    monkeypatch.setattr(services.exchange, "read", read)
    asked: list[int] = []
    monkeypatch.setattr(ConflictDialog, "ask", classmethod(lambda cls, p, n: asked.append(n)))
    (tmp_path / "bad.aibri").write_bytes(b"PK\x03\x04 truncated")
    window.import_file(tmp_path / "bad.aibri")
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert window.ops.wait(10_000)
    QApplication.processEvents()  # anything else the work sent back has now arrived
    assert len(messages) == 1 and messages[0][0] == "error"
    assert "bad.aibri" in messages[0][1]
    assert window.statusBar().currentMessage() == messages[0][1]
    assert len(readers) == 1 and readers[0] is not threading.main_thread(), \
        "the file was read once, off the GUI thread"
    assert asked == [] and services.assessments.list_summaries() == []
