"""A private, throwaway PostgreSQL server: `initdb` into a temporary directory, listening on a free port
of 127.0.0.1 only, removed when stopped. The test suite and the benchmark start one from the system's
PostgreSQL binaries, so they never depend on (or touch) a server someone else runs.

PostgreSQL refuses to run as root; as root, the server runs as the `postgres` system user that the
Debian/Ubuntu package creates, and its directory is handed to that user.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from itertools import count
from pathlib import Path
from types import TracebackType
from typing import Any

SYSTEM_USER = "postgres"
ROLE = "newsfeeds"


def find_binaries() -> Path | None:
    """The directory holding initdb and pg_ctl: $NEWSFEEDS_PG_BINDIR, Debian's /usr/lib/postgresql/<newest>/bin,
    or the PATH; None when PostgreSQL is not installed."""
    candidates = [os.environ.get("NEWSFEEDS_PG_BINDIR", "")]
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: _major(p.parent.name), reverse=True)
    candidates += [str(p) for p in versions]
    on_path = shutil.which("initdb")
    candidates.append(str(Path(on_path).parent) if on_path else "")
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    return None


def _major(name: str) -> int:
    return int(name) if name.isdigit() else 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LocalPostgres:
    """One server for one test session or benchmark run. `url(db)` reaches database `db` as the role
    `newsfeeds` (password authentication over TCP); `create_database()` makes a fresh, empty one."""

    def __init__(self, bindir: Path | None = None, durable: bool = False) -> None:
        found = bindir or find_binaries()
        if found is None:
            raise FileNotFoundError("PostgreSQL's initdb and pg_ctl were not found (apt-get install postgresql)")
        self.bindir = found
        self.durable = durable  # fsync on (the benchmark); off for tests, which never crash the server
        self.password = secrets.token_urlsafe(18)
        self.port = 0
        self.root = Path()
        self._names = count(1)
        self._owner: pwd.struct_passwd | None = None

    # --- life ----------------------------------------------------------------------------------------
    def start(self) -> LocalPostgres:
        if os.geteuid() == 0:
            try:
                self._owner = pwd.getpwnam(SYSTEM_USER)
            except KeyError:
                raise RuntimeError(f"PostgreSQL does not run as root and there is no {SYSTEM_USER!r} user "
                                   "(apt-get install postgresql creates it)") from None
        self.root = Path(tempfile.mkdtemp(prefix="newsfeeds-pg-"))
        if self._owner is not None:
            os.chown(self.root, self._owner.pw_uid, self._owner.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", SYSTEM_USER, "--auth-local=trust", "--auth-host=scram-sha-256",
                  "-E", "UTF8", "--locale=C", "--no-sync")
        last: Exception | None = None
        for _ in range(5):
            self.port = free_port()
            self._configure()
            try:
                self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w", "-t", "60", "start")
                break
            except subprocess.CalledProcessError as exc:  # the port was taken in between: try another
                last = exc
        else:
            raise RuntimeError(f"PostgreSQL did not start: {last}\n{self.log_tail()}")
        self.admin(f"CREATE ROLE {ROLE} LOGIN CREATEDB PASSWORD '{self.password}'")
        return self

    def stop(self) -> None:
        if self.root.name and (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop", check=False)
        if self.root.name:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> LocalPostgres:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    # --- use -----------------------------------------------------------------------------------------
    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str, password: bool = True) -> str:
        secret = f":{self.password}" if password else ""
        return f"postgresql://{ROLE}{secret}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str | None = None) -> str:
        """A fresh, empty database owned by the `newsfeeds` role; returns its name."""
        name = name or f"store_{os.getpid()}_{next(self._names)}"
        self.admin(f'CREATE DATABASE "{name}" OWNER {ROLE}')
        return name

    def admin(self, sql: str, database: str = "postgres") -> list[tuple[Any, ...]]:
        """Run one statement as the superuser over the server's private socket."""
        import psycopg

        with psycopg.connect(host=str(self.root), port=self.port, user=SYSTEM_USER, dbname=database,
                             autocommit=True) as connection:
            cursor = connection.execute(sql)  # type: ignore[arg-type]  # our own fixed statements
            return cursor.fetchall() if cursor.description else []

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join((self.root / "server.log").read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    # --- helpers -------------------------------------------------------------------------------------
    def _configure(self) -> None:
        settings = {
            "listen_addresses": "'127.0.0.1'", "port": str(self.port), "unix_socket_directories": f"'{self.root}'",
            "max_connections": "200", "shared_buffers": "64MB", "logging_collector": "off",
        }
        if not self.durable:
            settings |= {"fsync": "off", "full_page_writes": "off"}
        conf = self.data / "postgresql.auto.conf"
        conf.write_text("".join(f"{key} = {value}\n" for key, value in settings.items()))
        self._give(conf)

    def _give(self, path: Path) -> None:
        if self._owner is not None:
            os.chown(path, self._owner.pw_uid, self._owner.pw_gid)

    def _run(self, tool: str, *args: str, check: bool = True) -> None:
        kwargs: dict[str, Any] = {}
        if self._owner is not None:
            kwargs = {"user": self._owner.pw_uid, "group": self._owner.pw_gid, "extra_groups": []}
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "TZ": "UTC"}
        done = subprocess.run([str(self.bindir / tool), *args], capture_output=True, text=True, env=env,
                              cwd=self.root, timeout=120, **kwargs)
        if check and done.returncode != 0:
            raise subprocess.CalledProcessError(done.returncode, [tool, *args], done.stdout, done.stderr)
