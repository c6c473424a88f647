"""A real PostgreSQL server for the tests: Debian's package (installed by ``make test`` through
``tools/sysdeps.py --ensure postgres``), started as an unprivileged user on a private socket
directory, one per test process, and stopped afterwards.

``initdb`` refuses to run as root: as root the server runs as the ``postgres`` user the
package creates; as anyone else, as that user. Only a Unix socket is opened (no TCP port), in
a folder only the server's user and the tests use. Each test gets a database of its own.

``start(tls=True)`` also listens on 127.0.0.1 (a free port), with TLS only: a certificate
authority and a server certificate for ``localhost`` made here with the ``openssl`` command,
and a pg_hba.conf that admits TCP connections through ``hostssl`` alone.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    import psycopg


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


def _openssl(*args: str, cwd: Path) -> None:
    done = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise ServerUnavailable(f"openssl {args[0]} failed: "
                                f"{done.stderr.strip().splitlines()[-1:]}")


# The extensions of the two kinds of certificate: a CA that signs, and a server named localhost
# (by its subject alternative name, which is what a client checks, not the common name).
_OPENSSL_CONFIG = """\
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


def make_ca(folder: Path, name: str) -> tuple[Path, Path]:
    """A new certificate authority (an EC key, valid two days) in ``folder``: its certificate
    and its key, ``name``.crt and ``name``.key. Needs the ``openssl`` command."""
    if shutil.which("openssl") is None:
        raise ServerUnavailable("The openssl command is not installed; the TLS tests make "
                                "their certificates with it (apt-get install openssl).")
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "openssl.cnf"
    config.write_text(_OPENSSL_CONFIG, encoding="utf-8")
    _openssl("req", "-x509", "-new", "-noenc", "-newkey", "ec", "-pkeyopt",
             "ec_paramgen_curve:prime256v1", "-keyout", f"{name}.key", "-out", f"{name}.crt",
             "-days", "2", "-subj", f"/CN=AIBRI test CA {name}", "-config", config.name,
             "-extensions", "ca", cwd=folder)
    (folder / f"{name}.key").chmod(0o600)
    return folder / f"{name}.crt", folder / f"{name}.key"


@dataclass(frozen=True)
class ServerTls:
    """The TLS files of a server started with ``tls=True``."""

    ca_cert: Path  # the CA that signed the server's certificate: a client's sslrootcert
    server_cert: Path  # for CN and subject alternative name localhost
    server_key: Path  # owned by the server's user, mode 0600 (the server refuses it otherwise)


def _make_server_tls(folder: Path, user: str, owned: bool) -> ServerTls:
    """A CA and a server certificate for localhost signed by it, in ``folder``; the server's
    files handed to the server's ``user`` (``owned``: when the tests run as root)."""
    ca_cert, ca_key = make_ca(folder, "ca")
    _openssl("req", "-new", "-noenc", "-newkey", "ec", "-pkeyopt",
             "ec_paramgen_curve:prime256v1", "-keyout", "server.key", "-out", "server.csr",
             "-subj", "/CN=localhost", "-config", "openssl.cnf", cwd=folder)
    _openssl("x509", "-req", "-in", "server.csr", "-CA", ca_cert.name, "-CAkey", ca_key.name,
             "-set_serial", str(random.SystemRandom().getrandbits(63)), "-days", "2",
             "-out", "server.crt", "-extfile", "openssl.cnf", "-extensions", "server",
             cwd=folder)
    tls = ServerTls(ca_cert, folder / "server.crt", folder / "server.key")
    tls.server_key.chmod(0o600)
    if owned:
        owner = pwd.getpwnam(user)
        for path in (folder, tls.server_cert, tls.server_key):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    return tls


# With TLS: the Unix socket as before, and TCP from 127.0.0.1 only through TLS (no plain
# ``host`` line, so an unencrypted TCP connection finds no entry and is refused).
_TLS_HBA = """\
local all all trust
hostssl all all 127.0.0.1/32 trust
"""


def _listening_ports() -> set[int]:
    """The TCP ports something listens on here (from /proc; empty where there is none)."""
    ports: set[int] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 3 and fields[3] == "0A":  # LISTEN
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def _free_ports(first: int) -> list[int]:
    """``first`` and then random ports, none of them in use now (a race with another program
    is caught by the retry in :meth:`PostgresServer.start`)."""
    taken = _listening_ports()
    pick = random.Random(os.getpid())
    candidates = [first, *(pick.randrange(20000, 60000) for _ in range(20))]
    return [port for port in candidates if port not in taken][:5]


def database_name(url: str) -> str:
    """The database a URL of :meth:`PostgresServer.url` or ``tls_url`` names."""
    return url.split("?", 1)[0].rsplit("/", 1)[1]


@dataclass
class PostgresServer:
    """A running server: ``url(database)`` names a database on it (through its Unix socket);
    with TLS, ``tls_url(database)`` names it through TCP and TLS."""

    folder: Path
    socket_dir: Path
    port: int  # the Unix socket file's number and, with TLS, the TCP port on 127.0.0.1
    user: str
    _prefix: list[str]
    _bin: Path
    _options: str
    tls: ServerTls | None = None
    _names: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @classmethod
    def start(cls, *, tls: bool = False, durable: bool = False) -> PostgresServer:
        """``durable``: a commit is written out before it is confirmed (PostgreSQL's default,
        off here for speed), so that :meth:`stop_now` loses nothing that was committed."""
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
        port = 5432 + (os.getpid() % 20000)  # the socket file's name; a TCP port with TLS
        init = subprocess.run(
            [*prefix, str(binaries / "initdb"), "-D", str(data), "-U", user, "-A", "trust",
             "-E", "UTF8", "--locale=C", "--no-sync"],
            capture_output=True, text=True, check=False)
        if init.returncode != 0:
            shutil.rmtree(folder, ignore_errors=True)
            raise ServerUnavailable(f"initdb failed: {init.stderr.strip().splitlines()[-1:]}")
        common = (f"-k {sockets} -c fsync=off -c full_page_writes=off -c max_connections=60"
                  f" -c synchronous_commit={'on' if durable else 'off'}")
        server_tls: ServerTls | None = None
        if tls:
            try:
                server_tls = _make_server_tls(folder / "tls", user, bool(prefix))
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            (data / "pg_hba.conf").write_text(_TLS_HBA, encoding="utf-8")
            common += (f" -c listen_addresses='127.0.0.1' -c ssl=on"
                       f" -c ssl_cert_file='{server_tls.server_cert}'"
                       f" -c ssl_key_file='{server_tls.server_key}'")
        else:
            common += " -c listen_addresses=''"
        failure: str | None = "no free TCP port was found"
        for attempt in _free_ports(port) if tls else [port]:
            server = cls(folder, sockets, attempt, user, prefix, binaries,
                         f"-p {attempt} {common}", server_tls)
            failure = server._launch()
            if failure is None:
                return server
            if not (tls and "Address already in use" in failure):  # else: the next port
                break
        shutil.rmtree(folder, ignore_errors=True)
        raise ServerUnavailable(f"the PostgreSQL server did not start: "
                                f"{failure.strip().splitlines()[-1:] if failure else ''}")

    def _launch(self) -> str | None:
        """Start the server on its data folder; None when it runs, else why not (its log)."""
        log = self.folder / "server.log"
        log.unlink(missing_ok=True)
        started = subprocess.run(
            [*self._prefix, str(self._bin / "pg_ctl"), "-D", str(self.folder / "data"),
             "-o", self._options, "-w", "-t", "30", "-l", str(log), "start"],
            capture_output=True, text=True, check=False)
        if started.returncode == 0:
            return None
        return log.read_text(errors="replace") if log.exists() else started.stderr

    def stop_now(self) -> None:
        """Stop the server at once, as a crash or a pulled cable would (``-m immediate``: no
        goodbye to the clients, open transactions lost; the last commits too unless the
        server was started ``durable``); :meth:`start_again` brings it back on the same
        socket and port, with its data."""
        subprocess.run([*self._prefix, str(self._bin / "pg_ctl"), "-D",
                        str(self.folder / "data"), "-m", "immediate", "-w", "stop"],
                       capture_output=True, check=False)

    def running(self) -> bool:
        return subprocess.run([*self._prefix, str(self._bin / "pg_ctl"), "-D",
                               str(self.folder / "data"), "status"],
                              capture_output=True, check=False).returncode == 0

    def start_again(self) -> None:
        failure = self._launch()
        if failure is not None:
            raise ServerUnavailable(f"the PostgreSQL server did not start again: "
                                    f"{failure.strip().splitlines()[-1:]}")

    def url(self, database: str = "postgres") -> str:
        return (f"postgresql+psycopg://{self.user}@/{database}?host={self.socket_dir}"
                f"&port={self.port}")

    def tls_url(self, database: str = "postgres", *, host: str = "localhost",
                sslmode: str = "verify-full", rootcert: Path | None = None) -> str:
        """The database through TCP on 127.0.0.1 (named ``host``) and TLS; ``rootcert`` the
        CA a client trusts (the server's own CA unless given)."""
        assert self.tls is not None, "start(tls=True) makes the server listen on TCP"
        ca = quote(str(rootcert or self.tls.ca_cert), safe="/")
        return (f"postgresql+psycopg://{self.user}@{host}:{self.port}/{database}"
                f"?sslmode={sslmode}&sslrootcert={ca}")

    def connect(self, database: str = "postgres", *,
                autocommit: bool = False) -> psycopg.Connection[tuple[Any, ...]]:
        """A connection of the tests' own to a database (by name), through the Unix socket."""
        import psycopg

        return psycopg.connect(host=str(self.socket_dir), port=self.port, user=self.user,
                               dbname=database, autocommit=autocommit)

    def admin(self, sql: str) -> None:
        """Run one statement on the server's own database, outside a transaction."""
        with self.connect(autocommit=True) as connection:
            connection.execute(sql.encode())

    def query(self, database: str, sql: str) -> list[tuple[Any, ...]]:
        """The rows of one query on a database (by name), read outside the app."""
        with self.connect(database, autocommit=True) as connection:
            return connection.execute(sql.encode()).fetchall()

    def new_database(self, prefix: str = "aibri") -> str:
        """A new empty database; its URL."""
        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        self.admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = database_name(url)
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        self.stop_now()
        shutil.rmtree(self.folder, ignore_errors=True)
