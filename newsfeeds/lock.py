"""One run per site at a time, so runs of different sites (separate cron lines, `crawlall` beside
`crawl`, other machines) proceed side by side while two runs of one site never overlap.

One abstraction, `RunLock`, with two implementations chosen by where the store is:
- `FileLock` (SQLite store): an exclusive flock() on a file per site in the data directory. The kernel
  drops it when its holder dies, so a run killed with SIGKILL never blocks the next one; the file's
  content (pid, start time) only serves the message.
- `AdvisoryLock` (PostgreSQL store): a session-level advisory lock in the store's database, held on one
  dedicated connection per process for the run, so runs on different machines exclude each other too.
  The server drops it when that connection ends, which a killed process's does at once (a machine that
  vanishes: when the server's TCP keepalive gives up on it).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Protocol

from newsfeeds.store.location import StoreLocation


class LockedError(RuntimeError):
    """Another run holds the lock."""


class RunLock(Protocol):
    """An exclusive, non-blocking lock held for the life of a run: `acquire` raises LockedError at once
    when another run holds it."""

    site: str

    @property
    def held(self) -> bool: ...
    def acquire(self) -> None: ...
    def release(self) -> None: ...
    def __enter__(self) -> RunLock: ...
    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None: ...


class FileLock:
    """A run lock on a file (flock), for runs on one machine sharing a SQLite store."""

    def __init__(self, path: str | Path, site: str = "", shared: bool = False) -> None:
        self.path = Path(path)
        self.site = site
        self.shared = shared  # held by a backfill's processes together (newsfeeds.backfill), never beside a run
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = self.path.read_text(encoding="utf-8", errors="replace").strip() or "unknown process"
            os.close(fd)
            of = f" of site {self.site}" if self.site else ""
            raise LockedError(f"another newsfeeds run{of} holds {self.path} ({holder}); "
                              "exiting without touching anything") from None
        if not self.shared:
            os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} since {datetime.now(timezone.utc).replace(microsecond=0).isoformat()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            if not self.shared:
                os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.release()


def site_lock_path(lock_dir: str | Path, site: str) -> Path:
    """Each site's lock file (site names are checked to be safe file names)."""
    return Path(lock_dir) / f"{site}.lock"


@contextmanager
def waiting_lock(path: str | Path) -> Iterator[None]:
    """Hold a short exclusive lock, waiting for it: for brief shared work such as rewriting index.html.
    `path` may be a directory (locking the feed directory itself leaves no lock file to serve)."""
    path = Path(path)
    if path.is_dir():
        fd = os.open(path, os.O_RDONLY)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing drops the lock


def advisory_key(site: str) -> int:
    """The 64-bit advisory lock key of a site's runs (the same on every machine and every version)."""
    return int.from_bytes(hashlib.sha256(f"newsfeeds run lock: {site}".encode()).digest()[:8], "big", signed=True)


class _LockSession:
    """The one connection a process holds its advisory locks on, open while it holds any."""

    def __init__(self, location: StoreLocation) -> None:
        from newsfeeds.store.postgres import connect

        self.connection = connect(location, "locks")
        self.keys: set[int] = set()


_sessions: dict[str, _LockSession] = {}


class AdvisoryLock:
    """A run lock in a PostgreSQL store's database (pg_try_advisory_lock), for runs on any number of
    machines sharing that store."""

    def __init__(self, location: StoreLocation, site: str, shared: bool = False) -> None:
        self.location = location
        self.site = site
        self.key = advisory_key(site)
        self.shared = shared
        self._take = "SELECT pg_try_advisory_lock_shared(%s)" if shared else "SELECT pg_try_advisory_lock(%s)"
        self._give = "SELECT pg_advisory_unlock_shared(%s)" if shared else "SELECT pg_advisory_unlock(%s)"
        self._session: _LockSession | None = None

    @property
    def held(self) -> bool:
        return self._session is not None

    def acquire(self) -> None:
        session = _sessions.get(self.location.identity)
        if session is None:
            session = _sessions[self.location.identity] = _LockSession(self.location)
        row = session.connection.execute(self._take, (self.key,)).fetchone()
        if row is not None and row[0]:
            session.keys.add(self.key)
            self._session = session
            return
        holder = self._holder(session)
        self._close_if_idle(session)
        raise LockedError(f"another newsfeeds run of site {self.site} holds its lock in {self.location} ({holder}); "
                          "exiting without touching anything")

    def _holder(self, session: _LockSession) -> str:
        """Who holds the lock, as the holder's connection names itself (host and pid)."""
        key = self.key & 0xFFFFFFFFFFFFFFFF
        row = session.connection.execute(
            "SELECT a.application_name, a.client_addr::text, a.backend_start FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
            "AND l.classid::bigint = %s AND l.objid::bigint = %s AND l.objsubid = 1",
            (key >> 32, key & 0xFFFFFFFF)).fetchone()
        if row is None:
            return "a connection that has just ended"
        name, address, since = row[0], row[1], row[2]
        started = since.astimezone(timezone.utc).replace(microsecond=0).isoformat() if since else "?"
        return f"{name or 'unnamed connection'}{f' from {address}' if address else ''} since {started}"

    def release(self) -> None:
        session, self._session = self._session, None
        if session is None:
            return
        session.keys.discard(self.key)
        if not session.connection.closed:
            try:
                session.connection.execute(self._give, (self.key,))
            except Exception:  # noqa: BLE001 - the connection is gone, and the lock with it
                pass
        self._close_if_idle(session)

    def _close_if_idle(self, session: _LockSession) -> None:
        if not session.keys:
            session.connection.close()
            if _sessions.get(self.location.identity) is session:
                del _sessions[self.location.identity]

    def __enter__(self) -> AdvisoryLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.release()


def lock_for(location: StoreLocation, lock_dir: Path, site: str, shared: bool = False) -> RunLock:
    """A site's run lock (not yet acquired): in the PostgreSQL store's database, else a file in `lock_dir`.
    A shared one is held by every process of a backfill at once, and excludes the site's ordinary runs."""
    if location.kind == "postgresql":
        return AdvisoryLock(location, site, shared)
    return FileLock(site_lock_path(lock_dir, site), site, shared)
