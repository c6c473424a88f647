"""``aibri backup`` on a server: a verified .aibri snapshot of the whole library in this user's
data folder, that ``aibri import`` brings back whole; the server's own backups (pg_dump,
point-in-time recovery) stay the primary ones, and every answer says so."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from aibri_desktop.exchange.aibri_file import read_exchange
from aibri_desktop.services import Services
from aibri_desktop.services import safety as safety_module
from aibri_desktop.services.errors import InvalidInputError, ServiceError
from aibri_desktop.services.safety import NOT_APPLICABLE, Snapshot
from aibri_desktop.storage.models import (
    AnswerHistoryRow,
    AnswerRow,
    Assessment,
    DetailHistoryRow,
)
from helpers.services import create_reference_assessment

PRIMARY = "pg_dump, point-in-time recovery"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("AIBRI_DATA_DIR", str(folder))
    return folder


def _fill(s: Services) -> dict[str, str]:
    """A library with answers and their history, details history, a follow-up (a link to
    keep), a deleted assessment and a few generated ones."""
    first = create_reference_assessment(s)
    s.assessments.answer(assessment_id=first, indicator_id="DS-02", who="ana", level=4)
    s.assessments.edit_details(assessment_id=first, who="ana", title="Kept on the server",
                               as_of=date(2027, 1, 1))
    follow = s.assessments.duplicate_as_follow_up(assessment_id=first, who="ana").assessment_id
    gone = s.assessments.create(country_code="FR", title="Deleted one",
                                as_of=date(2026, 5, 1)).assessment_id
    s.assessments.delete(assessment_ids=[gone])
    s.demo.generate(count=3, seed=7)
    return {"first": first, "follow": follow, "gone": gone}


def _counts(s: Services) -> tuple[set[str], int, int, int]:
    with s.database.session() as session:
        def count(table: Any) -> int:
            return int(session.scalar(select(func.count()).select_from(table)) or 0)

        ids = set(session.scalars(select(Assessment.id)))
        return ids, count(AnswerRow), count(AnswerHistoryRow), count(DetailHistoryRow)


def _import_into_laptop(snapshot: Snapshot, folder: Path) -> Services:
    laptop = Services.open(folder / "x.sqlite3")
    for part in snapshot.parts:  # in order: a predecessor comes before its follow-ups
        laptop.exchange.import_file(part, on_conflict="skip")
    return laptop


def test_a_snapshot_brings_the_whole_library_back(server_services: Services, data_dir: Path,
                                                  tmp_path: Path) -> None:
    s = server_services
    ids = _fill(s)
    made = s.safety.backup("manual")
    assert isinstance(made, Snapshot) and made.verified and len(made.parts) == 1
    assert made.path == made.parts[0] and made.path.suffix == ".aibri"
    assert made.folder.parent.parent == data_dir / "aibri-backups"
    assert made.folder.parent.name.endswith("_" + s.database.url.split("@/")[1].split("?")[0])
    assert oct(made.folder.stat().st_mode & 0o777) == "0o700"
    assert oct(made.path.stat().st_mode & 0o777) == "0o600"
    # the recorded SHA-256, as sha256sum -c reads it
    digest, name = made.sums.read_text(encoding="utf-8").split()
    assert name == made.path.name and len(digest) == 64
    expected = _counts(s)
    assert made.counts is not None
    assert (made.counts.assessments, made.counts.answers, made.counts.history,
            made.counts.details) == (len(expected[0]), *expected[1:])

    laptop = _import_into_laptop(made, tmp_path)
    try:
        assert _counts(laptop) == expected
        assert laptop.assessments.load(ids["follow"]).predecessor_id == ids["first"]
        assert laptop.assessments.load(ids["gone"]).deleted
        assert laptop.assessments.load(ids["first"]).title == "Kept on the server"
    finally:
        laptop.close()

    listed = s.safety.backups()
    assert [b.path for b in listed] == [made.path]
    assert isinstance(listed[0], Snapshot) and listed[0].verified
    assert listed[0].size == made.size and listed[0].taken == made.taken


def test_a_large_library_is_split_into_parts_imported_in_order(
        server_services: Services, data_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    s = server_services
    ids = _fill(s)
    monkeypatch.setattr(safety_module, "MAX_ASSESSMENTS", 2)  # 6 assessments: 3 files
    made = s.safety.backup("manual")
    assert isinstance(made, Snapshot) and len(made.parts) == 3 and made.path == made.folder
    assert [p.name.rsplit("-", 1)[1] for p in made.parts] == [
        "part01of03.aibri", "part02of03.aibri", "part03of03.aibri"]
    laptop = _import_into_laptop(made, tmp_path)
    try:
        assert _counts(laptop) == _counts(s)
        assert laptop.assessments.load(ids["follow"]).predecessor_id == ids["first"]
    finally:
        laptop.close()


def test_a_snapshot_is_one_moment_while_the_team_keeps_working(
        server_services: Services, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = server_services
    ids = _fill(s)
    before = _counts(s)
    real = safety_module._export_parts

    def others_write_meanwhile(*args: Any) -> Any:
        # after the library was counted, before it is exported: another analyst's changes
        s.assessments.answer(assessment_id=ids["first"], indicator_id="DS-02", who="bo",
                             level=2)
        s.assessments.create(country_code="FR", title="Made meanwhile", as_of=date(2026, 6, 1))
        return real(*args)

    monkeypatch.setattr(safety_module, "_export_parts", others_write_meanwhile)
    made = s.safety.backup("manual")
    assert isinstance(made, Snapshot) and made.verified and made.counts is not None
    assert (made.counts.ids, made.counts.answers, made.counts.history) == (
        frozenset(before[0]), before[1], before[2])  # the moment it began, whole
    assert len(_counts(s)[0]) == len(before[0]) + 1


def test_a_snapshot_changed_by_one_byte_is_reported_unverified(
        server_services: Services, data_dir: Path) -> None:
    s = server_services
    _fill(s)
    made = s.safety.backup("manual")
    assert isinstance(made, Snapshot)
    data = bytearray(made.path.read_bytes())
    data[len(data) // 2] ^= 0x01
    made.path.write_bytes(bytes(data))
    [listed] = s.safety.backups()
    assert isinstance(listed, Snapshot) and not listed.verified
    assert "does not match its SHA-256" in listed.problem
    report = s.safety.check()
    assert (report.backups, report.unverified_backups) == (0, 1)
    assert report.ok  # the library itself is sound: only the copy of it is not

    # a damaged snapshot never takes the place of a good one: the next is made and counted
    again = s.safety.backup("manual")
    assert isinstance(again, Snapshot) and again.sequence == made.sequence + 1
    assert [b.verified for b in s.safety.backups() if isinstance(b, Snapshot)] == [True, False]


def test_a_snapshot_that_fails_verification_is_not_kept(
        server_services: Services, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = server_services
    _fill(s)
    real = read_exchange

    def drops_one(data: bytes) -> Any:
        exchange = real(data)
        exchange.assessments.pop()
        return exchange

    monkeypatch.setattr(safety_module, "read_exchange", drops_one)
    with pytest.raises(ServiceError) as failure:
        s.safety.backup("manual")
    message = str(failure.value)
    assert "failed its verification" in message and "was not kept" in message
    assert PRIMARY in message and len(message.splitlines()) == 1
    assert s.safety.backups() == []
    assert os.listdir(s.safety.snapshot_folder()) == []  # no staging folder left behind


def test_check_and_restore_on_a_server(server_services: Services, data_dir: Path) -> None:
    s = server_services
    _fill(s)
    report = s.safety.check()
    assert report.structure == NOT_APPLICABLE and report.changed_rows == ()
    assert report.ok and not report.damaged and report.server is not None
    assert report.backups == 0
    made = s.safety.backup("manual")
    assert s.safety.check().newest_backup == s.safety.backups()[0]
    with pytest.raises(InvalidInputError) as refused:
        s.safety.restore(made.path)
    message = str(refused.value)
    assert len(message.splitlines()) == 1
    assert "aibri import" in message and "pg_restore" in message and "nothing was changed" in (
        message)
    assert _counts(s)[0]  # untouched


def test_after_a_purge_the_snapshots_that_hold_it_can_go(server_services: Services,
                                                         data_dir: Path) -> None:
    s = server_services
    ids = _fill(s)
    made = s.safety.backup("manual")
    s.assessments.purge(assessment_ids=[ids["gone"]], who="owner")
    after = s.safety.backup("after-purge")
    holding = s.safety.backups_holding((ids["gone"],))
    assert [b.path for b in holding] == [made.path]
    assert s.safety.remove_backups(holding).summary == "Removed 1 snapshot(s)."
    assert [b.path for b in s.safety.backups()] == [after.path]


def test_an_empty_library_has_nothing_to_snapshot(server_services: Services,
                                                  data_dir: Path) -> None:
    with pytest.raises(InvalidInputError, match="nothing to snapshot"):
        server_services.safety.backup("manual")
    assert server_services.safety.backups() == []


def test_the_command_line_on_a_server(server_services: Services, pg_url: str,
                                      aibri: Callable[..., Any], tmp_path: Path) -> None:
    _fill(server_services)
    env = {"AIBRI_CONFIG_DIR": str(tmp_path / "config")}
    made = aibri("--db", pg_url, "backup", extra_env=env)
    assert made.returncode == 0, made.stderr
    lines = made.stdout.splitlines()
    assert lines[0].startswith("Verified snapshot written: ")
    path = Path(lines[0].split(": ", 1)[1].rsplit(" (", 1)[0])
    assert path.is_file() and path.is_relative_to(tmp_path / "data" / "aibri-backups")
    assert any(line.startswith("It holds 6 assessment(s)") for line in lines)
    assert any("aibri import FILE --on-conflict skip|replace|copy" in line for line in lines)
    assert PRIMARY in lines[-1] and "docs/team-server.md" in lines[-1]

    listed = aibri("--db", pg_url, "backups", extra_env=env)
    assert listed.returncode == 0, listed.stderr
    assert "verified" in listed.stdout and str(path) in listed.stdout
    assert PRIMARY in listed.stdout.splitlines()[-1]

    checked = aibri("--db", pg_url, "check", extra_env=env)
    assert checked.returncode == 0, checked.stderr
    assert "Structure and references: not applicable on a server" in checked.stdout
    assert "Row checksums: ok" in checked.stdout
    assert "Backups of a database file: not applicable on a server" in checked.stdout
    assert "Verified snapshots (.aibri): 1, newest " in checked.stdout
    assert PRIMARY in checked.stdout

    refused = aibri("--db", pg_url, "restore", str(path), extra_env=env)
    assert refused.returncode == 1
    assert len(refused.stderr.strip().splitlines()) == 1 and "pg_restore" in refused.stderr


def test_settings_backups_on_a_server_shows_snapshots_and_no_restore(
        server_services: Services, data_dir: Path, qtbot: Any, tmp_path: Path) -> None:
    """Settings → Backups on a server: the server's backups named as the primary ones, each
    snapshot listed with a damaged one marked, and Restore disabled with the reason."""
    from PySide6.QtWidgets import QLabel, QPushButton

    from aibri_desktop.ui.dialogs.settings_dialog import SettingsDialog
    from aibri_desktop.ui.ops import Operations
    from aibri_desktop.ui.settings import AppSettings

    s = server_services
    _fill(s)
    made = s.safety.backup("manual")
    data = bytearray(made.path.read_bytes())
    data[len(data) // 2] ^= 0x01
    made.path.write_bytes(bytes(data))
    s.safety.backup("manual")
    dialog = SettingsDialog(AppSettings.at(tmp_path / "s.ini"), s.database.url, None,
                            ops=Operations(), safety=s.safety, user=s.database.user,
                            role=s.database.role)
    qtbot.addWidget(dialog)
    tab = dialog.backup_list.parentWidget()
    assert tab is not None
    texts = [dialog.backup_list.item(i).text() for i in range(dialog.backup_list.count())]
    assert len(texts) == 2 and "NOT VERIFIED" not in texts[0]
    assert texts[1].endswith("NOT VERIFIED: changed since it was made")
    assert "SHA-256" in dialog.backup_list.item(1).toolTip()  # why, in full
    restore = next(b for b in tab.findChildren(QPushButton)
                   if b.text() == "Restore selected…")
    assert not restore.isEnabled() and "pg_restore" in restore.toolTip()
    labels = " ".join(w.text() for w in tab.findChildren(QLabel))
    assert "primary ones" in labels
