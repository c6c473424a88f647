"""A damaged database is refused, kept aside and replaced by the newest verified backup; a
full disk is one clear message; the app runs with no network at all."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from aibri_desktop.services import Services
from aibri_desktop.services.errors import DatabaseError
from aibri_desktop.services.safety import newest_backup, recover_database
from helpers.services import create_reference_assessment, open_services


def test_damaged_database_recovered_from_the_newest_backup(tmp_path: Path) -> None:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    services.safety.backup("manual")
    path = services.database.path
    services.close()
    assert path is not None
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    raw = bytearray(path.read_bytes())
    raw[0:16] = b"garbage-header!!"
    path.write_bytes(bytes(raw))
    damaged = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(DatabaseError):
        Services.open(path)
    backup = newest_backup(path)
    assert backup is not None and backup.reason == "manual"
    aside = recover_database(path, backup)
    assert hashlib.sha256(aside.read_bytes()).hexdigest() == damaged, "kept, byte for byte"
    reopened = Services.open(path)
    assert reopened.assessments.load(assessment_id).title == "Reference fixture"
    reopened.close()


def test_a_full_disk_while_saving_is_one_message_and_changes_nothing(tmp_path: Path) -> None:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    with services.database.engine.connect() as con:
        pages = con.exec_driver_sql("PRAGMA page_count").scalar()
    from sqlalchemy import event

    def tiny(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    services.database.engine.dispose()
    event.listen(services.database.engine, "connect", tiny)
    before = services.assessments.load(assessment_id)
    from aibri_desktop.ui.ops import EXPECTED

    with pytest.raises(EXPECTED) as info:
        services.assessments.answer(assessment_id=assessment_id, indicator_id="TD-03",
                                    who="t", level=2, evidence="x" * 90_000)
    assert "full" in str(info.value).lower()
    event.remove(services.database.engine, "connect", tiny)
    services.database.engine.dispose()
    after = services.assessments.load(assessment_id)
    assert after.answers == before.answers and after.revision == before.revision
    assert services.safety.check().ok
    services.close()


@pytest.mark.skipif(shutil.which("unshare") is None, reason="no unshare on this machine")
def test_end_to_end_with_no_network(tmp_path: Path) -> None:
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("network namespaces are not permitted here")
    db = str(tmp_path / "offline.sqlite3")
    steps = [["--smoke-test"], ["--db", db, "demo", "--count", "3"], ["--db", db, "list"]]
    for args in steps:
        result = subprocess.run(["unshare", "-n", sys.executable, "-m", "aibri_desktop", *args],
                                capture_output=True, text=True, timeout=180, check=False,
                                env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
                                     "AIBRI_DATA_DIR": str(tmp_path / "d"),
                                     "XDG_RUNTIME_DIR": str(tmp_path)})
        assert result.returncode == 0, (args, result.stderr)
    listed = subprocess.run(["unshare", "-n", sys.executable, "-m", "aibri_desktop", "--db", db,
                             "list", "--json"], capture_output=True, text=True, check=True,
                            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    ids = [line for line in listed.stdout.splitlines() if '"id"' in line]
    first = ids[0].split('"')[3]
    out = tmp_path / "brief.pdf"
    result = subprocess.run(["unshare", "-n", sys.executable, "-m", "aibri_desktop", "--db", db,
                             "brief", first, "--out", str(out)], capture_output=True, text=True,
                            check=False, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
