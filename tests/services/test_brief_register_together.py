"""A brief and its entry in the register of issued briefs succeed together: a read-only
database writes no file (it used to write the file, skip the entry and say nothing was
written), and a register that cannot commit after the file is written says exactly that."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from aibri_desktop.services import Services
from aibri_desktop.services import briefs as briefs_module
from aibri_desktop.services.errors import ServiceError
from aibri_desktop.services.files import write_user_file
from helpers.services import create_reference_assessment, open_services, recorded


@pytest.mark.sqlite_file  # opens the SQLite file by its path
def test_a_read_only_window_writes_no_brief(tmp_path: Path) -> None:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    services.close()
    read_only = Services.open(tmp_path / "aibri.sqlite3", read_only=True)
    target = tmp_path / "brief.pdf"
    with pytest.raises(ServiceError, match=r"not written.*read-only.*register is unchanged"):
        read_only.briefs.write(assessment_id, target, who="t")
    assert not target.exists()
    assert read_only.briefs.register() == []
    read_only.close()


def test_a_register_that_cannot_commit_says_the_file_was_written(tmp_path: Path,
                                                                 monkeypatch) -> None:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    target = tmp_path / "brief.pdf"

    commit = Session.commit
    file_written: list[Path] = []

    def write_then_note(path: Path, data: bytes) -> None:
        write_user_file(path, data)
        file_written.append(path)

    def full(session: Session) -> None:  # the disk fills up as the entry commits
        if file_written:
            raise OperationalError("COMMIT", {}, Exception("database or disk is full"))
        commit(session)

    monkeypatch.setattr(briefs_module, "write_user_file", write_then_note)

    monkeypatch.setattr(Session, "commit", full)
    with pytest.raises(ServiceError) as refused:
        services.briefs.write(assessment_id, target, who="t")
    monkeypatch.undo()
    message = str(refused.value)
    assert f"written to {target}" in message and "could not be entered in the register" in message
    assert "\n" not in message
    assert target.exists() and services.briefs.register() == []
    services.close()


def test_the_register_keeps_the_absolute_path(tmp_path: Path, monkeypatch) -> None:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    monkeypatch.chdir(tmp_path)
    services.briefs.write(assessment_id, Path("relative-brief.pdf"), who="t")
    assert services.briefs.register()[0]["file_name"] == str(tmp_path / "relative-brief.pdf")
    services.close()


def test_briefs_written_in_a_batch_name_who_issued_them(tmp_path: Path) -> None:
    services = open_services(tmp_path)
    first = create_reference_assessment(services)
    second = create_reference_assessment(services)
    folder = tmp_path / "out"
    folder.mkdir()
    written = services.briefs.write_many([first, second], folder, who="A. Analyst")
    entries = services.briefs.register()
    services.close()
    assert len(written) == 2 and all(path.exists() for path in written)
    assert sorted(e["assessment_id"] for e in entries) == sorted([first, second])
    assert {e["issued_by"] for e in entries} == {recorded("A. Analyst")}  # it used to be empty
