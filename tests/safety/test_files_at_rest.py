"""Owner-only at rest: with an ordinary umask (0022) the database with its -wal and -shm, the
backups and their folders, the lock file, the error log, briefs, exports and CSVs are readable
by their user only; a file the user already had keeps its mode."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from aibri_desktop.paths import new_private_file, private_folder
from aibri_desktop.services.files import write_bytes_atomically
from aibri_desktop.storage.backup import copy_database, make_backup, recover_from_backup

MARKER = "SECRET-EVIDENCE-7f3a"


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _wide(path: Path) -> list[str]:
    """Every file and folder at or under ``path`` with a group or other permission."""
    found = []
    paths = [path, *path.rglob("*")] if path.is_dir() else [path]
    for each in paths:
        mode = stat.S_IMODE(each.lstat().st_mode)
        if mode & 0o077:
            found.append(f"{each} {mode:o}")
    return found


@pytest.fixture(scope="module")
def cli_session(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One command-line session with a permissive umask: a database made, a backup, a brief,
    two CSVs, an export, then an unexpected error (logged) whose SQL carried ``MARKER``."""
    base = tmp_path_factory.mktemp("at-rest")
    data, out = base / "data", base / "out"
    out.mkdir()
    env = {**os.environ, "AIBRI_DATA_DIR": str(data), "AIBRI_CONFIG_DIR": str(base / "config"),
           "QT_QPA_PLATFORM": "offscreen"}
    env.pop("AIBRI_DB", None)

    def aibri(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "aibri_desktop", *args], env=env,
                              capture_output=True, text=True, timeout=120, check=False,
                              preexec_fn=lambda: os.umask(0o022))

    assert aibri("demo", "--count", "1").returncode == 0
    database = data / "aibri.sqlite3"
    con = sqlite3.connect(database)
    assessment, indicator = con.execute(
        "SELECT assessment_id, indicator_id FROM answers LIMIT 1").fetchone()
    con.close()
    outputs = {"brief": out / "brief.pdf", "answers": out / "answers.csv",
               "scores": out / "scores.csv", "export": out / "one.aibri"}
    for args in (("backup",),
                 ("brief", assessment, "--out", str(outputs["brief"])),
                 ("export-csv", assessment, "--answers", str(outputs["answers"]),
                  "--scores", str(outputs["scores"])),
                 ("export", assessment, "--out", str(outputs["export"]))):
        result = aibri(*args)
        assert result.returncode == 0, result.stderr
    # a hand-made rule that refuses the answer's history row: an IntegrityError whose SQL
    # parameters hold the evidence just typed
    con = sqlite3.connect(database)
    con.execute("CREATE TRIGGER refuse BEFORE INSERT ON answer_history "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
    con.commit()
    con.close()
    failed = aibri("answer", assessment[:8], indicator, "--level", "2", "--evidence", MARKER)
    return {"data": data, "outputs": outputs, "failed": failed}


def test_everything_a_command_line_session_makes_is_owner_only(
        cli_session: dict[str, object]) -> None:
    data = cli_session["data"]
    outputs = cli_session["outputs"]
    assert isinstance(data, Path) and isinstance(outputs, dict)
    made = {p.name for p in data.rglob("*")}
    assert {"aibri.sqlite3", "aibri-backups", "aibri-errors.log"} <= made
    assert any(name.endswith(".sqlite3") and name.startswith("aibri-s") for name in made)
    assert _wide(data) == []
    for path in outputs.values():
        assert path.is_file()
        assert _wide(path) == []


def test_the_error_log_carries_no_user_content(cli_session: dict[str, object]) -> None:
    failed = cli_session["failed"]
    data = cli_session["data"]
    assert isinstance(failed, subprocess.CompletedProcess) and isinstance(data, Path)
    assert failed.returncode == 70
    log = (data / "aibri-errors.log").read_text(encoding="utf-8")
    assert "IntegrityError" in log and "refused by the test" in log  # the details are there
    assert MARKER not in log  # the evidence is not
    assert MARKER not in failed.stderr
    assert len(failed.stderr.strip().splitlines()) == 1, failed.stderr
    assert stat.S_IMODE((data / "aibri-errors.log").stat().st_mode) == 0o600


def test_the_wal_and_shm_of_a_new_database_are_owner_only(tmp_path: Path,
                                                          permissive_umask: None) -> None:
    from aibri_desktop.services import Services

    services = Services.open(tmp_path / "new" / "aibri.sqlite3")
    try:
        services.safety.backup("manual")  # a write: the -wal is in use
        names = {p.name for p in (tmp_path / "new").iterdir()}
        assert {"aibri.sqlite3-wal", "aibri.sqlite3-shm"} <= names
        assert _wide(tmp_path / "new") == []
    finally:
        services.close()


def test_the_lock_file_is_owner_only(qapp: object, tmp_path: Path,
                                     permissive_umask: None) -> None:
    from aibri_desktop.ui.instance import lock_database

    lock = lock_database(tmp_path / "folder" / "a.sqlite3")
    try:
        assert lock.held
        assert (tmp_path / "folder" / "a.sqlite3.lock").exists()
        assert _wide(tmp_path / "folder") == []
    finally:
        assert lock.lock is not None
        lock.lock.unlock()


def test_backup_folders_made_wide_before_are_tightened(tmp_path: Path,
                                                       permissive_umask: None) -> None:
    database = tmp_path / "d.sqlite3"
    sqlite3.connect(database).close()
    folder = tmp_path / "aibri-backups" / "d"
    folder.mkdir(parents=True, mode=0o755)
    made = make_backup(database, "manual")
    assert _wide(tmp_path / "aibri-backups") == []
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600


def test_a_recovered_database_is_owner_only(tmp_path: Path, permissive_umask: None) -> None:
    database = tmp_path / "d.sqlite3"
    sqlite3.connect(database).close()
    made = make_backup(database, "manual")
    recover_from_backup(database, made.path)
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


def test_a_copy_into_an_existing_database_keeps_its_mode(tmp_path: Path,
                                                         permissive_umask: None) -> None:
    source, target = tmp_path / "s.sqlite3", tmp_path / "t.sqlite3"
    sqlite3.connect(source).close()
    sqlite3.connect(target).close()
    target.chmod(0o640)  # the user's choice
    copy_database(source, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_new_output_is_owner_only_and_an_existing_one_keeps_its_mode(
        tmp_path: Path, permissive_umask: None) -> None:
    fresh, kept = tmp_path / "fresh.csv", tmp_path / "kept.csv"
    kept.write_text("old")
    kept.chmod(0o644)  # made by the user, readable by their group: that stays
    write_bytes_atomically(fresh, b"new")
    write_bytes_atomically(kept, b"new")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.stat().st_mode) == 0o644
    assert kept.read_bytes() == b"new"


def test_private_folders_and_files(tmp_path: Path, permissive_umask: None) -> None:
    named = tmp_path / "named"
    named.mkdir(mode=0o755)
    named.chmod(0o755)
    private_folder(named / "a" / "b")
    assert stat.S_IMODE(named.stat().st_mode) == 0o755  # the user's folder is not changed
    assert _wide(named / "a") == []
    assert new_private_file(named / "c" / "f") is True
    assert new_private_file(named / "c" / "f") is False  # there already: left as it is
    assert _wide(named / "c") == []


def test_the_default_data_folder_of_an_older_install_is_tightened(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, permissive_umask: None) -> None:
    from aibri_desktop.paths import user_data_dir

    monkeypatch.delenv("AIBRI_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    folder = user_data_dir()
    assert folder.is_relative_to(tmp_path)
    folder.mkdir(parents=True)
    folder.chmod(0o755)  # as versions before owner-only made it
    private_folder(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
