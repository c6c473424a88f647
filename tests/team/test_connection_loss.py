"""A server that stops, hangs or holds a lock: the app says so in one sentence within its time
limits (storage/server.py), keeps nothing of a change it could not finish, and carries on
when the server is back, without being reopened.

These tests stop their own server (``durable``: a commit is written out before it is
confirmed, as on a real server, so an immediate stop loses nothing that was committed); the
session's shared server is never touched. Each test prints what it measured (``-rP``).
"""

from __future__ import annotations

import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from aibri_desktop.services import Services
from aibri_desktop.storage import server as server_settings
from aibri_desktop.storage.database import BusyError, ConnectionLostError
from aibri_desktop.storage.sqlite_files import DatabaseError
from helpers.pgserver import PostgresServer, database_name
from helpers.services import create_reference_assessment
from team.conftest import running_server

Aibri = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def server() -> Iterator[PostgresServer]:
    yield from running_server(durable=True)


@pytest.fixture
def url(server: PostgresServer) -> Iterator[str]:
    """A database of its own on the module's server; the server running again afterwards,
    whatever the test did to it."""
    made = server.new_database("aibri_loss")
    yield made
    if not server.running():
        server.start_again()
    server.drop_database(made)


def _one_sentence(message: str) -> str:
    assert len(message.splitlines()) == 1 and "Traceback" not in message, message
    assert "(Background on this error" not in message and "psycopg." not in message, message
    return message


def _stored(server: PostgresServer, url: str, assessment_id: str) -> tuple[Any, ...]:
    """What the server holds of one assessment, read outside the app: its revision, the
    answer rows, the history rows and the library's change counter."""
    name = database_name(url)
    rows = server.query(name, f"""
        SELECT (SELECT revision FROM assessments WHERE id = '{assessment_id}'),
               (SELECT count(*) FROM answers WHERE assessment_id = '{assessment_id}'),
               (SELECT count(*) FROM answer_history WHERE assessment_id = '{assessment_id}'),
               (SELECT value FROM meta WHERE key = 'library_changes')""")
    return rows[0]


def _answer(services: Services, assessment_id: str) -> None:
    services.assessments.answer(assessment_id=assessment_id, indicator_id="DS-02", who="ana",
                                level=4)


def _one_change_later(before: tuple[Any, ...], after: tuple[Any, ...]) -> None:
    revision, answers, history, counter = before
    assert after == (revision + 1, answers + 1, history + 1, str(int(counter) + 1))


def test_a_stopped_server_is_one_sentence_and_the_same_services_carry_on(
        server: PostgresServer, url: str) -> None:
    services = Services.open(url)
    try:
        assessment_id = create_reference_assessment(services, answered=False)
        before = _stored(server, url, assessment_id)
        server.stop_now()
        started = time.perf_counter()
        with pytest.raises(ConnectionLostError) as caught:
            _answer(services, assessment_id)
        failed_in = time.perf_counter() - started
        assert isinstance(caught.value, DatabaseError)
        assert "was lost; nothing of this change was written" in _one_sentence(
            str(caught.value))
        assert failed_in < 2
        server.start_again()
        started = time.perf_counter()
        _answer(services, assessment_id)  # the pool replaces its dead connections itself
        recovered_in = time.perf_counter() - started
        assert services.assessments.load(assessment_id).answers["DS-02"].level == 4
    finally:
        services.close()
    _one_change_later(before, _stored(server, url, assessment_id))
    print(f"stopped server: refused in {failed_in:.3f} s; after the restart, saved in "
          f"{recovered_in:.3f} s")


def test_a_server_stopped_in_the_middle_of_a_change_keeps_none_of_it(
        server: PostgresServer, url: str) -> None:
    """The server stops after the answer, its history row and the assessment's new scores
    were sent, just before the change counter and the commit: none of them is kept."""
    services = Services.open(url)
    try:
        assessment_id = create_reference_assessment(services, answered=False)
        before = _stored(server, url, assessment_id)
        written: list[str] = []  # the tables the unit wrote to, in order

        def stop_before_the_counter(_connection: Any, _cursor: Any, statement: str,
                                    *_args: Any) -> None:
            words = statement.split(None, 3)
            if words[0] not in ("INSERT", "UPDATE"):
                return
            table = words[2] if words[0] == "INSERT" else words[1]
            if table == "meta" and "meta" not in written:  # the counter: the last write
                server.stop_now()
            written.append(table)

        event.listen(services.database.engine, "before_cursor_execute",
                     stop_before_the_counter)
        started = time.perf_counter()
        with pytest.raises(ConnectionLostError) as caught:
            _answer(services, assessment_id)
        failed_in = time.perf_counter() - started
        event.remove(services.database.engine, "before_cursor_execute",
                     stop_before_the_counter)
        _one_sentence(str(caught.value))
        assert {"answers", "answer_history", "assessments"} <= set(written[:-1])
        server.start_again()
        assert _stored(server, url, assessment_id) == before  # none of them was kept
        _answer(services, assessment_id)
    finally:
        services.close()
    _one_change_later(before, _stored(server, url, assessment_id))
    print(f"server stopped mid-change: refused in {failed_in:.3f} s")


def test_the_command_line_against_a_stopped_server(server: PostgresServer, url: str,
                                                    aibri: Aibri) -> None:
    services = Services.open(url)
    try:
        assessment_id = create_reference_assessment(services, answered=False)
    finally:
        services.close()
    before = _stored(server, url, assessment_id)
    server.stop_now()
    started = time.perf_counter()
    result = aibri("--db", url, "answer", assessment_id, "DS-02", "--level", "4")
    took = time.perf_counter() - started
    assert result.returncode == 1 and result.stdout == ""
    assert "cannot be opened" in _one_sentence(result.stderr.strip())
    assert took < 15
    server.start_again()
    assert _stored(server, url, assessment_id) == before
    print(f"aibri answer, server stopped: exit {result.returncode} in {took:.2f} s")


def test_a_change_waiting_on_a_locked_assessment_gives_up_at_the_lock_timeout(
        server: PostgresServer, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server_settings, "LOCK_TIMEOUT_MS", 1000)  # read at engine creation
    services = Services.open(url)
    holder = server.connect(database_name(url))
    try:
        with services.database.engine.connect() as connection:
            assert connection.exec_driver_sql("SHOW lock_timeout").scalar() == "1s"
        assessment_id = create_reference_assessment(services, answered=False)
        before = _stored(server, url, assessment_id)
        holder.execute("SELECT id FROM assessments WHERE id = %s FOR UPDATE",
                       (assessment_id,))  # another session's open change of this row
        started = time.perf_counter()
        with pytest.raises(BusyError) as caught:
            _answer(services, assessment_id)
        waited = time.perf_counter() - started
        assert "Someone else was changing the same assessment" in _one_sentence(
            str(caught.value))
        assert 0.9 < waited < 5
        holder.rollback()
        assert _stored(server, url, assessment_id) == before
        _answer(services, assessment_id)
    finally:
        holder.close()
        services.close()
    _one_change_later(before, _stored(server, url, assessment_id))
    print(f"locked assessment: BusyError after {waited:.2f} s (lock timeout 1 s)")


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A socket folder where something accepts connections and never answers (a server that
    hangs): the URL of a database there. Short path: a socket's name has a length limit."""
    with tempfile.TemporaryDirectory(prefix="aibri-hang-") as folder, socket.socket(
            socket.AF_UNIX) as listener:
        listener.bind(str(Path(folder) / ".s.PGSQL.5999"))
        listener.listen(8)
        yield f"postgresql+psycopg://aibri@/aibri?host={folder}&port=5999"


def test_no_server_in_the_socket_folder_is_one_line_at_once(tmp_path: Path) -> None:
    started = time.perf_counter()
    with pytest.raises(DatabaseError) as caught:
        Services.open(f"postgresql+psycopg://aibri@/aibri?host={tmp_path}&port=5999")
    took = time.perf_counter() - started
    message = _one_sentence(str(caught.value))
    assert "cannot be opened" in message and "No such file or directory" in message
    assert took < server_settings.CONNECT_TIMEOUT_S
    print(f"no server in the socket folder: refused in {took:.3f} s")


def test_a_server_that_never_answers_is_given_up_at_the_connect_timeout(
        silent_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server_settings, "CONNECT_TIMEOUT_S", 2)  # read at engine creation
    started = time.perf_counter()
    with pytest.raises(DatabaseError) as caught:
        Services.open(silent_server)
    took = time.perf_counter() - started
    assert "connection timeout expired" in _one_sentence(str(caught.value))
    assert 1.9 < took < 5
    print(f"server that never answers: given up in {took:.2f} s (connect timeout 2 s)")


@pytest.mark.slow
def test_the_command_line_gives_up_on_a_server_that_never_answers(
        silent_server: str, aibri: Aibri) -> None:
    """The real connect timeout, end to end: one line within about 15 seconds."""
    started = time.perf_counter()
    result = aibri("--db", silent_server, "answer", "any-id", "DS-02", "--level", "4")
    took = time.perf_counter() - started
    assert result.returncode == 1
    assert "connection timeout expired" in _one_sentence(result.stderr.strip())
    # the connect timeout, plus the command's own start-up (6-8 s on a loaded 2-core machine)
    assert server_settings.CONNECT_TIMEOUT_S <= took < server_settings.CONNECT_TIMEOUT_S + 10
    print(f"aibri answer, server that never answers: exit {result.returncode} in {took:.2f} s")


def test_the_window_keeps_an_edit_the_server_did_not_take_and_saves_it_on_retry(
        server: PostgresServer, url: str, qtbot: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Connection loss mid-edit in the window: one message, the note stays in the form as
    typed with Retry beside the save state, and Retry saves it once the server is back."""
    from aibri_desktop.ui.dialogs.messages import Messages
    from aibri_desktop.ui.settings import AppSettings
    from helpers.ui import make_window

    said: list[str] = []
    monkeypatch.setattr(Messages, "error", classmethod(
        lambda _cls, _parent, _title, text, **_kw: said.append(text)))
    services = Services.open(url)
    try:
        assessment_id = create_reference_assessment(services)
        window = make_window(qtbot, services, AppSettings.at(tmp_path / "s.ini"))
        window.open_assessment(assessment_id)
        page = window.questionnaire
        page.go_to("DS-02")
        before = _stored(server, url, assessment_id)
        server.stop_now()
        page.panel.evidence.setPlainText("Ministry circular 12/2026, read on site")
        page.flush()
        assert len(said) == 1 and "connection to the server" in _one_sentence(said[0])
        assert page.retry.isVisible()
        assert "press Retry" in page.save_label.text()
        assert page.panel.evidence.toPlainText() == "Ministry circular 12/2026, read on site"

        server.start_again()
        page.go_to("DS-01")  # the user moved on meanwhile: Retry goes back to the change
        assert page.retry_pending()
        assert not page.retry.isVisible() and page.current_indicator_id() == "DS-02"
        revision, answers, history, counter = before  # DS-02 had an answer: one row changed
        assert _stored(server, url, assessment_id) == (
            revision + 1, answers, history + 1, str(int(counter) + 1))
        assert services.assessments.load(assessment_id).answers["DS-02"].evidence == (
            "Ministry circular 12/2026, read on site")
        window.close()
    finally:
        services.close()
