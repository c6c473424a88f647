"""One app per database: a second copy is told (and may open read-only); a stale lock left by
a crashed copy is recovered."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from aibri_desktop.services import Services
from aibri_desktop.services.errors import DatabaseError
from aibri_desktop.ui.instance import lock_database
from helpers.services import create_reference_assessment, open_services


def test_a_second_lock_on_the_same_database_is_refused(qapp, tmp_path: Path) -> None:
    database = tmp_path / "a.sqlite3"
    first = lock_database(database)
    assert first.held and not first.recovered_stale
    code = ("import sys; from pathlib import Path\n"
            "from PySide6.QtCore import QCoreApplication\n"
            "app = QCoreApplication([])\n"
            "from aibri_desktop.ui.instance import lock_database\n"
            f"lock = lock_database(Path({str(database)!r}))\n"
            "print(lock.held, lock.owner)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    held, owner = out.stdout.split(" ", 1)
    assert held == "False" and str(os.getpid()) in owner
    assert first.lock is not None
    first.lock.unlock()


def test_a_stale_lock_after_a_crash_is_recovered(qapp, tmp_path: Path) -> None:
    database = tmp_path / "b.sqlite3"
    code = ("import os; from pathlib import Path\n"
            "from PySide6.QtCore import QCoreApplication\n"
            "app = QCoreApplication([])\n"
            "from aibri_desktop.ui.instance import lock_database\n"
            f"lock = lock_database(Path({str(database)!r}))\n"
            "assert lock.held\n"
            "os._exit(0)  # ends without unlocking, like a crash")
    subprocess.run([sys.executable, "-c", code], check=True)
    assert Path(str(database) + ".lock").exists()
    again = lock_database(database)
    assert again.held and again.recovered_stale
    assert again.lock is not None
    again.lock.unlock()


def test_read_only_refuses_changes_with_a_clear_message(tmp_path: Path) -> None:
    writer = open_services(tmp_path)
    assessment_id = create_reference_assessment(writer)
    reader = Services.open(tmp_path / "aibri.sqlite3", read_only=True)
    assert reader.assessments.load(assessment_id).title == "Reference fixture"
    with pytest.raises(DatabaseError, match="open read-only"):
        reader.assessments.answer(assessment_id=assessment_id, indicator_id="DS-02", who="t",
                                  level=0)
    assert writer.assessments.load(assessment_id).answers["DS-02"].level == 2
    reader.close()
    writer.close()
