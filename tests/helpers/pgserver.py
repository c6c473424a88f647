"""A real PostgreSQL server for the tests: Debian's package (installed by ``make test`` through
``tools/sysdeps.py --ensure postgres``), started as an unprivileged user on a private socket
directory, one per test process, and stopped afterwards.

``initdb`` refuses to run as root: as root the server runs as the ``postgres`` user the
package creates; as anyone else, as that user. Only a Unix socket is opened (no TCP port), in
a folder only the server's user and the tests use. Each test gets a database of its own.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


class ServerUnavailable(RuntimeError):
    """PostgreSQL cannot be started here: one line saying why (the suite fails, never skips)."""


def server_binaries() -> Path:
    """The newest installed PostgreSQL server's bin folder."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name) if Path(
                       p).parent.parent.name.isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise ServerUnavailable(
        "PostgreSQL's server is not installed (no initdb): run 'python3 tools/sysdeps.py "
        "--ensure postgres', or 'make test', which does.")


def _as_server_user() -> tuple[list[str], str]:
    """The command prefix that runs a program as the server's user, and that user's name."""
    if os.geteuid() != 0:
        return [], pwd.getpwuid(os.geteuid()).pw_name
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise ServerUnavailable("There is no 'postgres' user to run the server as (initdb "
                                "refuses root); install Debian's postgresql package.") from None
    runuser = shutil.which("runuser") or "/sbin/runuser"
    return [runuser, "-u", "postgres", "--"], "postgres"


@dataclass
class PostgresServer:
    """A running server: ``url(database)`` names a database on it."""

    folder: Path
    socket_dir: Path
    port: int
    user: str
    _prefix: list[str]
    _bin: Path
    _names: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @classmethod
    def start(cls) -> PostgresServer:
        binaries = server_binaries()
        prefix, user = _as_server_user()
        folder = Path(tempfile.mkdtemp(prefix="aibri-pg-"))
        data, sockets = folder / "data", folder / "socket"
        sockets.mkdir()
        if prefix:
            owner = pwd.getpwnam(user)
            for path in (folder, sockets):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        folder.chmod(0o700)
        port = 5432 + (os.getpid() % 20000)  # the socket file's name; no TCP port opens
        init = subprocess.run(
            [*prefix, str(binaries / "initdb"), "-D", str(data), "-U", user, "-A", "trust",
             "-E", "UTF8", "--locale=C", "--no-sync"],
            capture_output=True, text=True, check=False)
        if init.returncode != 0:
            shutil.rmtree(folder, ignore_errors=True)
            raise ServerUnavailable(f"initdb failed: {init.stderr.strip().splitlines()[-1:]}")
        options = (f"-k {sockets} -p {port} -c listen_addresses='' -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off "
                   "-c max_connections=60")
        started = subprocess.run(
            [*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-w",
             "-t", "30", "-l", str(folder / "server.log"), "start"],
            capture_output=True, text=True, check=False)
        if started.returncode != 0:
            log = (folder / "server.log").read_text(errors="replace") if (
                folder / "server.log").exists() else started.stderr
            shutil.rmtree(folder, ignore_errors=True)
            raise ServerUnavailable(f"the PostgreSQL server did not start: "
                                    f"{log.strip().splitlines()[-1:]}")
        return cls(folder, sockets, port, user, prefix, binaries)

    def url(self, database: str = "postgres") -> str:
        return (f"postgresql+psycopg://{self.user}@/{database}?host={self.socket_dir}"
                f"&port={self.port}")

    def admin(self, sql: str) -> None:
        """Run one statement on the server's own database, outside a transaction."""
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), port=self.port, user=self.user,
                             dbname="postgres", autocommit=True) as connection:
            connection.execute(sql.encode())

    def new_database(self, prefix: str = "aibri") -> str:
        """A new empty database; its URL."""
        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        self.admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.split("@/", 1)[1].split("?", 1)[0]
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        subprocess.run([*self._prefix, str(self._bin / "pg_ctl"), "-D",
                        str(self.folder / "data"), "-m", "immediate", "-w", "stop"],
                       capture_output=True, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)
