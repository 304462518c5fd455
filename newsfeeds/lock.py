"""One run per site at a time: an exclusive lock on a file per site in the data directory, so runs of
different sites (separate cron lines, or `crawlall` beside `crawl`) proceed side by side.

The kernel drops a flock() lock when its holder dies, so a run killed with SIGKILL never leaves a
lock that blocks the next one; the file's content (pid, start time) only serves the message.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType


class LockedError(RuntimeError):
    """Another run holds the lock."""


class RunLock:
    """Context manager holding an exclusive, non-blocking lock for the life of a run."""

    def __init__(self, path: str | Path, site: str = "") -> None:
        self.path = Path(path)
        self.site = site
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = self.path.read_text(encoding="utf-8", errors="replace").strip() or "unknown process"
            os.close(fd)
            of = f" of site {self.site}" if self.site else ""
            raise LockedError(f"another newsfeeds run{of} holds {self.path} ({holder}); "
                              "exiting without touching anything") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} since {datetime.now(timezone.utc).replace(microsecond=0).isoformat()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> RunLock:
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
