"""Delete is soft: a deleted assessment's text stays in the database and its backups. Purge
removes it for good (its answers, history and text leave the file), keeps the register's
entries of briefs that left and the follow-ups (without their link), is logged, and offers to
remove the backups that still hold it. A deleted assessment does not export or brief."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from aibri_desktop.services.errors import ServiceError
from helpers.services import create_reference_assessment, open_services

MARKER = "Purge-marker-evidence-7f3a"


def _library(tmp_path: Path) -> tuple[Path, str, str]:
    services = open_services(tmp_path)
    doomed = create_reference_assessment(services)
    follow = services.assessments.duplicate_as_follow_up(assessment_id=doomed, who="t")
    services.assessments.answer(assessment_id=doomed, indicator_id="DS-01", who="t",
                                evidence=MARKER)  # after the follow-up copied its answers
    services.briefs.write(doomed, tmp_path / "left-the-building.pdf", who="t")
    services.safety.backup("manual")
    services.assessments.delete(assessment_ids=[doomed])
    path = services.database.path
    services.close()
    assert path is not None
    return path, doomed, follow.assessment_id


def _file_holds(path: Path, text: str) -> bool:
    data = b"".join(Path(str(path) + suffix).read_bytes() for suffix in ("", "-wal")
                    if Path(str(path) + suffix).exists())
    return text.encode() in data


def test_purge_removes_the_text_from_the_file_and_keeps_what_must_stay(tmp_path: Path) -> None:
    path, doomed, follow = _library(tmp_path)
    assert _file_holds(path, MARKER)  # a soft delete leaves it there
    services = open_services(tmp_path)
    change = services.assessments.purge(assessment_ids=[doomed], who="ana")
    assert "Backups made before still hold them" in change.summary
    newest = services.safety.backups()[0]
    assert newest.reason == "after-purge" and MARKER.encode() not in newest.path.read_bytes()
    assert doomed not in {s.id for s in services.assessments.list_summaries(deleted=None)}
    follow_up = services.assessments.load(follow)
    assert follow_up.predecessor_id is None
    register = services.briefs.register()
    assert len(register) == 1 and register[0]["assessment_id"] == ""
    report = services.safety.check()
    assert report.ok, report
    assert report.log[0].event == "purged" and report.log[0].by == "ana"
    assert doomed in report.log[0].detail and "Reference fixture" not in report.log[0].detail
    services.close()
    assert not _file_holds(path, MARKER)
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM answer_history WHERE assessment_id = ?",
                       (doomed,)).fetchone()[0] == 0
    con.close()


def test_only_a_deleted_assessment_is_purged(tmp_path: Path) -> None:
    services = open_services(tmp_path)
    change = services.assessments.create(country_code="KE", title="Live one",
                                         as_of=date(2026, 1, 1))
    with pytest.raises(ServiceError, match="not deleted; delete it first"):
        services.assessments.purge(assessment_ids=[change.assessment_id], who="t")
    assert services.assessments.count() == 1
    services.close()


def test_a_deleted_assessment_neither_exports_nor_briefs(tmp_path: Path) -> None:
    path, doomed, _follow = _library(tmp_path)
    services = open_services(tmp_path)
    with pytest.raises(ServiceError, match="is deleted; restore it first"):
        services.exchange.export([doomed], tmp_path / "x.aibri")
    with pytest.raises(ServiceError, match="is deleted; restore it first"):
        services.exchange.export_csv([doomed], tmp_path / "a.csv", tmp_path / "s.csv")
    with pytest.raises(ServiceError, match="is deleted; restore it first"):
        services.briefs.write(doomed, tmp_path / "b.pdf", who="t")
    assert not any((tmp_path / n).exists() for n in ("x.aibri", "a.csv", "s.csv", "b.pdf"))
    services.exchange.export([doomed], tmp_path / "x.aibri", include_deleted=True)
    services.close()
    assert path.exists()


def test_the_command_line_purges_and_prunes_the_backups_that_hold_it(aibri,
                                                                     tmp_path: Path) -> None:
    path, doomed, _follow = _library(tmp_path)
    refused = aibri("--db", str(path), "purge", doomed, input="")
    assert refused.returncode != 0 and "--yes" in refused.stderr
    assert _file_holds(path, MARKER)
    done = aibri("--db", str(path), "purge", doomed, "--yes")
    assert done.returncode == 0, done.stderr
    assert "Purged 1 assessment(s)" in done.stdout
    assert "backup(s) made before still hold them" in done.stdout
    assert not _file_holds(path, MARKER)
    unasked = aibri("--db", str(path), "purge", doomed, "--prune-backups", input="")
    assert unasked.returncode != 0 and "--yes" in unasked.stderr  # removing backups asks too
    assert any(MARKER.encode() in b.read_bytes()
               for b in (path.parent / "aibri-backups" / path.stem).glob("*.sqlite3"))
    pruned = aibri("--db", str(path), "purge", doomed, "--prune-backups", "--yes")
    assert pruned.returncode == 0, pruned.stderr
    assert "Removed" in pruned.stdout
    backups = list((path.parent / "aibri-backups" / path.stem).glob("*.sqlite3"))
    assert backups, "the backups that do not hold it are kept"
    assert not any(MARKER.encode() in b.read_bytes() for b in backups)


def test_the_window_purges_after_confirming_and_offers_the_backups(qtbot, tmp_path: Path,
                                                                   monkeypatch) -> None:
    from aibri_desktop.ui.dialogs.messages import Messages
    from aibri_desktop.ui.main_window import MainWindow
    from aibri_desktop.ui.settings import AppSettings

    path, doomed, _follow = _library(tmp_path)
    asked: list[str] = []

    def confirm(_cls: object, _parent: object, _title: str, text: str, action: str) -> bool:
        asked.append(action)
        return True

    monkeypatch.setattr(Messages, "confirm", classmethod(confirm))
    monkeypatch.setattr(Messages, "error", classmethod(
        lambda cls, p, t, text: pytest.fail(text)))
    services = open_services(tmp_path)
    window = MainWindow(services, AppSettings.at(tmp_path / "s.ini"))
    qtbot.addWidget(window)
    qtbot.waitUntil(window.library.is_loaded, timeout=10_000)
    monkeypatch.setattr(window.library, "selected_ids", lambda: [doomed])
    monkeypatch.setattr(window.library, "selected_statuses", lambda: ["deleted"])
    window.library.purge_selected()
    assert asked == ["Purge for good", "Remove those backups"]
    assert doomed not in {s.id for s in services.assessments.list_summaries(deleted=None)}
    assert services.safety.backups_holding((doomed,)) == []
    window.close()
    services.close()
    assert not _file_holds(path, MARKER)
