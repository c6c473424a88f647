"""A damaged database is refused, kept aside and replaced by the newest verified backup; a
full disk is one clear message; the app runs with no network at all."""

from __future__ import annotations

import hashlib
import json
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

    def tiny(dbapi_connection, _record) -> None:
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


# ---- no network ---------------------------------------------------------------------------------

NO_NETWORK = Path(__file__).resolve().parents[1] / "helpers" / "no_network.py"
CAUGHT = 86  # no_network.py's exit code when it sees network use


def _offline_env(tmp_path: Path) -> dict[str, str]:
    """Nothing of this machine's environment (no proxy settings, no display)."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(tmp_path),
            "AIBRI_DATA_DIR": str(tmp_path / "data")}


def _end_to_end(launch: list[str], tmp_path: Path, env: dict[str, str]) -> None:
    """The window's smoke test, demo data, the library list and a PDF brief, each step a new
    process started with ``launch`` (the command that stands for ``python -m aibri_desktop``)."""

    def aibri(*args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([*launch, *args], capture_output=True, text=True, timeout=180,
                                check=False, env=env)
        assert result.returncode == 0, (args, result.returncode, result.stderr)
        return result

    db = str(tmp_path / "offline.sqlite3")
    assert "smoke test passed" in aibri("--smoke-test").stdout
    aibri("--db", db, "demo", "--count", "3")
    listed = json.loads(aibri("--db", db, "list", "--json").stdout)
    assert len(listed) == 3
    out = tmp_path / "brief.pdf"
    aibri("--db", db, "brief", listed[0]["id"], "--out", str(out))
    assert out.read_bytes().startswith(b"%PDF")


def _network_namespaces_refused() -> str | None:
    """Why this machine cannot run a process without a network namespace, or None."""
    if shutil.which("unshare") is None:
        return "no `unshare` command (util-linux) on this machine"
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True,
                           check=False)
    if probe.returncode != 0:
        return (f"`unshare -n` is refused here (exit {probe.returncode}: "
                f"{probe.stderr.strip() or 'no message'}), as in many containers")
    return None


def test_end_to_end_with_no_network(tmp_path: Path) -> None:
    """With no network interface at all (not even loopback). Where network namespaces are
    refused this is skipped, and shown as skipped in the summary (pytest -ra); the audit-hook
    test below proves the same steps make no network call on every machine."""
    refused = _network_namespaces_refused()
    if refused is not None:
        pytest.skip(f"cannot cut the network: {refused}; "
                    "test_end_to_end_makes_no_network_call still ran")
    _end_to_end(["unshare", "-n", sys.executable, "-m", "aibri_desktop"], tmp_path,
                _offline_env(tmp_path))


def test_end_to_end_makes_no_network_call(tmp_path: Path) -> None:
    """The same steps with an audit hook, installed before anything else runs, that ends the
    process on any connect, bind (but to a Unix socket), sendto, name lookup or urllib request."""
    log = tmp_path / "network.log"
    _end_to_end([sys.executable, str(NO_NETWORK)], tmp_path,
                {**_offline_env(tmp_path), "NO_NETWORK_LOG": str(log)})
    assert not log.exists(), f"network use: {log.read_text()}"


@pytest.mark.parametrize(("code", "event"), [
    ('socket.create_connection(("127.0.0.1", 9))', "socket.getaddrinfo"),
    ('socket.socket().connect(("127.0.0.1", 9))', "socket.connect"),
    ('socket.socket().bind(("127.0.0.1", 0))', "socket.bind"),
    ('socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("127.0.0.1", 9))',
     "socket.sendto"),
    ('socket.gethostbyname("localhost")', "socket.gethostbyname"),
    ('urllib.request.urlopen("http://127.0.0.1:9/", timeout=1)', "urllib.Request"),
], ids=["create_connection", "connect", "bind", "sendto", "gethostbyname", "urlopen"])
def test_the_network_guard_catches_what_it_must(tmp_path: Path, code: str, event: str) -> None:
    """Control: the hook of the test above really fires, before the call can go out, and the
    process cannot carry on (the line after the call never runs)."""
    log = tmp_path / "network.log"
    result = subprocess.run(
        [sys.executable, str(NO_NETWORK), "-c",
         f"import socket, urllib.request\n{code}\nprint('carried on')"],
        capture_output=True, text=True, timeout=60, check=False,
        env={**_offline_env(tmp_path), "NO_NETWORK_LOG": str(log)})
    assert result.returncode == CAUGHT, result
    assert "carried on" not in result.stdout
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"network use under no_network: {event} ")
    assert lines[0] in result.stderr


def test_the_network_guard_lets_unix_sockets_through(tmp_path: Path) -> None:
    """Control: a Unix-domain socket (the single-instance lock's kind) is not network use."""
    log = tmp_path / "network.log"
    code = ("import socket\nserver = socket.socket(socket.AF_UNIX)\n"
            f"server.bind({str(tmp_path / 's')!r})\nserver.listen()\n"
            f"client = socket.socket(socket.AF_UNIX)\nclient.connect({str(tmp_path / 's')!r})\n"
            "print('connected')")
    result = subprocess.run([sys.executable, str(NO_NETWORK), "-c", code], capture_output=True,
                            text=True, timeout=60, check=False,
                            env={**_offline_env(tmp_path), "NO_NETWORK_LOG": str(log)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "connected" and not log.exists()
