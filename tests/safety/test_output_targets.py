"""Where a brief, export or CSV is written: only over a regular file the user may write, never
through a link, into a pipe or over a device; the temporary beside it is owner-only, fits a
name of the longest legal length, and what a killed earlier write left there is removed."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from aibri_desktop.services import files
from aibri_desktop.services.errors import ServiceError
from aibri_desktop.services.files import write_bytes_atomically, write_user_file

OLD = time.time() - 3600


def _refused(target: Path, words: str) -> None:
    with pytest.raises(ServiceError) as raised:
        write_user_file(target, b"new")
    message = str(raised.value)
    assert "Nothing was written" in message and words in message
    assert "\n" not in message


def _no_temporaries(folder: Path) -> None:
    assert [p.name for p in folder.iterdir() if p.name.endswith(".part")] == []


def test_a_read_only_file_is_refused_and_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"old")
    target.chmod(0o444)
    _refused(target, "read-only")
    assert target.read_bytes() == b"old"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    _no_temporaries(tmp_path)


@pytest.mark.timeout(20)
def test_a_pipe_is_refused_without_waiting_for_a_reader(tmp_path: Path) -> None:
    target = tmp_path / "answers.csv"
    os.mkfifo(target)
    _refused(target, "not a regular file")
    assert stat.S_ISFIFO(target.lstat().st_mode)
    _no_temporaries(tmp_path)


def test_a_device_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    real_replace = os.replace

    def guarded(source: str | Path, target: str | Path) -> None:
        # a write that got this far would put a regular file in place of /dev/null
        if Path(target) == Path("/dev/null"):
            raise AssertionError("the write went ahead: /dev/null would have been replaced")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", guarded)
    _refused(Path("/dev/null"), "not a regular file")
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_a_symbolic_link_is_refused_and_its_target_unchanged(tmp_path: Path) -> None:
    real = tmp_path / "real.aibri"
    real.write_bytes(b"old")
    link = tmp_path / "export.aibri"
    link.symlink_to(real)
    _refused(link, "symbolic link")
    assert link.is_symlink() and real.read_bytes() == b"old"
    _no_temporaries(tmp_path)


def test_the_other_writers_refuse_a_link_with_an_os_error(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_bytes(b"old")
    link = tmp_path / "comparison.csv"
    link.symlink_to(real)
    with pytest.raises(OSError, match="symbolic link"):
        write_bytes_atomically(link, b"new")  # the comparison CSV, a framework's copy
    assert link.is_symlink() and real.read_bytes() == b"old"


@pytest.mark.parametrize("name", ["b" * 251 + ".pdf", "x" + "é" * 123 + "xxxx.csv"],
                         ids=["ascii", "two-byte-characters"])
def test_a_name_of_the_longest_legal_length_is_written(tmp_path: Path, name: str) -> None:
    assert len(os.fsencode(name)) == 255
    target = tmp_path / name
    write_user_file(target, b"first")
    write_user_file(target, b"second")  # and replaced
    assert target.read_bytes() == b"second"
    _no_temporaries(tmp_path)


def _watch_temporaries(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The mode of each temporary at the moment it is renamed over its target."""
    modes: list[int] = []
    real_replace = os.replace

    def watching(source: str | Path, target: str | Path) -> None:
        modes.append(stat.S_IMODE(os.stat(source).st_mode))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", watching)
    return modes


def test_the_temporary_is_owner_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    modes = _watch_temporaries(monkeypatch)
    previous = os.umask(0o022)
    try:
        write_user_file(tmp_path / "brief.pdf", b"data")
    finally:
        os.umask(previous)
    assert modes == [0o600]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def live_pid() -> Iterator[Callable[[], int]]:
    children: list[subprocess.Popen[bytes]] = []

    def start() -> int:
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        children.append(child)
        return child.pid

    yield start
    for child in children:
        child.kill()
        child.wait()


def test_leftovers_of_a_killed_write_are_removed_by_the_next(
        tmp_path: Path, live_pid: Callable[[], int]) -> None:
    target = tmp_path / "brief.pdf"
    stale_old_style = tmp_path / ".brief.pdf.abcd1234.part"  # mkstemp's, before the pid
    stale_of_the_dead = tmp_path / f".brief.pdf.{_dead_pid()}.0badc0de.part"
    young_old_style = tmp_path / ".brief.pdf.efgh5678.part"
    running = tmp_path / f".brief.pdf.{live_pid()}.1234abcd.part"  # a write going on now
    other_target = tmp_path / ".other.pdf.ijkl9012.part"
    for path in (stale_old_style, stale_of_the_dead, young_old_style, running, other_target):
        path.write_bytes(b"x" * 1000)
    for path in (stale_old_style, stale_of_the_dead, running, other_target):
        os.utime(path, (OLD, OLD))
    write_user_file(target, b"brief")
    assert target.read_bytes() == b"brief"
    assert not stale_old_style.exists() and not stale_of_the_dead.exists()
    assert young_old_style.exists() and running.exists()  # perhaps still being written
    assert other_target.exists()  # another target's: its own next write removes it


def test_leftovers_of_a_long_name_are_found(tmp_path: Path) -> None:
    name = "c" * 251 + ".pdf"
    leftover = tmp_path / f"{files.temporary_prefix(tmp_path / name)}{_dead_pid()}.00ff00ff.part"
    leftover.write_bytes(b"x")
    assert len(os.fsencode(leftover.name)) <= 255
    write_user_file(tmp_path / name, b"brief")
    assert not leftover.exists()
