"""A changed byte inside a row's text, which SQLite's integrity_check does not see, is found by
the per-row checksums; ordinary use never trips them."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from aibri_desktop.services import Services
from helpers.services import create_reference_assessment, open_services


def _flip_in_file(path: Path, needle: bytes) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    raw = bytearray(path.read_bytes())
    at = raw.find(needle)
    assert at >= 0
    while at >= 0:  # the text is in the row and in its history: change every copy
        raw[at] ^= 0x20  # e.g. "m" -> "M": still valid UTF-8, still a valid page
        at = raw.find(needle, at + 1)
    path.write_bytes(bytes(raw))


def test_everyday_writes_keep_every_checksum(tmp_path: Path) -> None:
    services = open_services(tmp_path)
    reference_id = create_reference_assessment(services)
    services.demo.generate(count=20, seed=3)
    follow = services.assessments.duplicate_as_follow_up(assessment_id=reference_id, who="t")
    services.assessments.answer(assessment_id=follow.assessment_id, indicator_id="DS-02",
                                who="t", level=1, evidence="changed")
    services.assessments.mark_final(assessment_ids=[reference_id])
    services.assessments.delete(assessment_ids=[follow.assessment_id])
    services.assessments.restore(assessment_ids=[follow.assessment_id])
    services.exchange.export([reference_id], tmp_path / "x.aibri")
    services.exchange.import_file(tmp_path / "x.aibri", on_conflict="copy")
    services.assessments.create(country_code="KE", title="Fresh", as_of=date(2026, 1, 1))
    report = services.safety.check()
    assert report.ok, report
    services.close()


def test_a_changed_byte_in_an_answer_is_detected(aibri, tmp_path: Path) -> None:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    services.assessments.answer(assessment_id=assessment_id, indicator_id="TD-02", who="t",
                                evidence="Contract register 2026: marker-for-the-test")
    path = services.database.path
    services.close()
    assert path is not None
    _flip_in_file(path, b"marker-for-the-test")
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"  # SQLite sees nothing
    con.close()
    result = aibri("--db", str(path), "check")
    assert result.returncode == 1
    assert "changed outside the app" in result.stderr and "TD-02" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_changed_byte_in_an_assessment_title_is_detected(tmp_path: Path) -> None:
    services = open_services(tmp_path)
    change = services.assessments.create(country_code="KE", title="Title-marker-xyz",
                                         as_of=date(2026, 1, 1))
    path = services.database.path
    services.close()
    assert path is not None
    _flip_in_file(path, b"Title-marker-xyz")
    reopened = open_services(tmp_path)
    report = reopened.safety.check()
    assert not report.ok and report.changed_rows
    assert change.assessment_id in report.changed_rows[0]
    reopened.close()


def test_a_changed_byte_is_reported_when_the_window_opens(qtbot, tmp_path: Path,
                                                          monkeypatch) -> None:
    from aibri_desktop.ui.dialogs.messages import Messages
    from aibri_desktop.ui.main_window import MainWindow
    from aibri_desktop.ui.settings import AppSettings

    services = open_services(tmp_path)
    create_reference_assessment(services)
    services.assessments.answer(assessment_id=services.assessments.list_summaries()[0].id,
                                indicator_id="GA-01", who="t", evidence="window-marker-abc")
    path = services.database.path
    services.close()
    assert path is not None
    _flip_in_file(path, b"window-marker-abc")
    shown: list[str] = []
    monkeypatch.setattr(Messages, "error", classmethod(lambda cls, p, t, text: shown.append(text)))
    reopened = open_services(tmp_path)
    window = MainWindow(reopened, AppSettings.at(tmp_path / "s.ini"))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.integrity_report is not None, timeout=10_000)
    assert shown and "changed outside the app" in shown[0] and "GA-01" in shown[0]
    window.close()
    reopened.close()


def test_a_failing_backup_keeps_the_earlier_ones(tmp_path: Path, monkeypatch) -> None:
    import sqlite3 as sqlite

    import pytest

    from aibri_desktop.services.errors import ServiceError

    services = open_services(tmp_path)
    create_reference_assessment(services)
    good = services.safety.backup("manual")
    before = good.path.read_bytes()

    class FullDisk(sqlite.Connection):
        def backup(self, *args, **kwargs):
            raise sqlite.OperationalError("database or disk is full")

    monkeypatch.setattr(sqlite, "connect", FullDisk)
    with pytest.raises(ServiceError, match="could not be written"):
        services.safety.backup("manual")
    monkeypatch.undo()
    assert [b.path for b in services.safety.backups()] == [good.path]
    assert good.path.read_bytes() == before
    assert not list(good.path.parent.glob("*.partial"))
    assert services.safety.check().ok
    services.close()


def test_a_removed_checksum_is_reported_and_never_resealed(aibri, tmp_path: Path) -> None:
    """Setting checksum = NULL by hand made every open (and `aibri check` itself) re-seal the
    row and report "ok": a hand edit could hide behind it. A missing checksum is reported like a
    wrong one, at every check, and no open renews it."""
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    path = services.database.path
    services.close()
    assert path is not None
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE answers SET evidence = 'edited by hand', checksum = NULL "
                    "WHERE assessment_id = ? AND indicator_id = 'DS-01'", (assessment_id,))
        con.execute("UPDATE assessments SET checksum = NULL WHERE id = ?", (assessment_id,))
    con.close()
    for _ in range(2):  # the first check's open must not have sealed anything for the second
        result = aibri("--db", str(path), "check")
        assert result.returncode == 1, result.stdout
        assert "DS-01" in result.stderr and "checksum is missing" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    reopened = open_services(tmp_path)
    assert not reopened.safety.check().ok
    reopened.close()
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM answers WHERE checksum IS NULL").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM assessments WHERE checksum IS NULL").fetchone()[0] == 1
    con.close()


def _kenya_with_decisions(tmp_path: Path) -> tuple[Services, str]:
    services = open_services(tmp_path)
    kenya = services.assessments.create(country_code="KE", title="Kenya", as_of=date(2026, 11, 1),
                                        modules=frozenset({"MC"})).assessment_id
    services.reference.approve("approver")
    services.reference.accept(kenya, ["MC-03"], "decider-marker-one")
    services.reference.reject(kenya, ["GA-05"], "analyst")
    return services, kenya


def test_a_changed_suggestion_decision_is_detected(aibri, tmp_path: Path) -> None:
    """What the analyst decided about public data is sealed like an answer: a brief says
    which answers came from it."""
    services, kenya = _kenya_with_decisions(tmp_path)
    assert services.safety.check().ok
    path = services.database.path
    services.close()
    assert path is not None
    _flip_in_file(path, b"decider-marker-one")
    result = aibri("--db", str(path), "check")
    assert result.returncode == 1
    assert f"the accepted suggestion for MC-03 of assessment {kenya}" in result.stderr


def test_decisions_written_before_schema_9_are_sealed_on_the_first_open(tmp_path: Path) -> None:
    services, _kenya = _kenya_with_decisions(tmp_path)
    path = services.database.path
    services.close()
    assert path is not None
    con = sqlite3.connect(path)  # the library as schema 8 left it: no checksum column
    con.execute("ALTER TABLE suggestion_decisions DROP COLUMN checksum")
    con.execute("DROP TABLE detail_history")  # schema 10
    con.execute("UPDATE alembic_version SET version_num = '0008'")
    con.execute("PRAGMA user_version = 8")
    con.commit()
    con.close()
    reopened = open_services(tmp_path)
    assert reopened.database.upgraded_from == 8
    report = reopened.safety.check()
    assert report.ok, report
    reopened.close()
    con = sqlite3.connect(path)
    sums = con.execute("SELECT indicator_id, checksum FROM suggestion_decisions "
                       "ORDER BY 1").fetchall()
    con.close()
    assert [i for i, _s in sums] == ["GA-05", "MC-03"] and all(s for _i, s in sums)
