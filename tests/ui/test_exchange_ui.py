"""Import and export from the window."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    assert messages[-1][0] == "error" and "not a readable ZIP" in messages[-1][1]
    window.library.select_ids([r.id for r in services.assessments.list_summaries()])
    monkeypatch.setattr(FolderDialog, "ask", classmethod(lambda cls, p, t, s: tmp_path))
    window.act("export_csv").trigger()
    text = (tmp_path / "REFERENCE-aibri-answers.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbfClassification: REFERENCE")
    scores = (tmp_path / "REFERENCE-aibri-scores.csv").read_text(encoding="utf-8-sig")
    assert scores.count("\n") == 4
