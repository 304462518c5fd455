"""Atomic, change-aware file writes: a reader or web server never sees half a file, and an unchanged
file keeps its bytes and its modification time (so conditional GETs get 304)."""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SYNC_THREADS = 8  # fsyncs in flight at once: the file system commits them together


def holds(path: Path, data: bytes) -> bool:
    """Whether the file already has exactly these bytes (size first: most changes change it)."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except FileNotFoundError:
        return False


def write_if_changed(path: Path, data: bytes) -> bool:
    """Replace `path` with `data` atomically unless it already holds exactly that; True if written."""
    if holds(path, data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
    return True


def remove_stale_temporaries(root: Path, recursive: bool = True) -> int:
    """Delete temporary files a killed writer left behind; they were never visible under a feed name.
    Call it only where no other live writer can be staging (a site's own directory under its lock)."""
    removed = 0
    if not root.exists():
        return 0
    for temp in root.rglob(".*.tmp") if recursive else root.glob(".*.tmp"):
        try:
            temp.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def sync_path(path: Path | str) -> None:
    """fsync a file, or a directory (a rename is only as durable as its directory's entry)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_all(paths: list[Path] | list[str]) -> None:
    """fsync many files, several at a time: one after another, each waits for its own journal commit."""
    if len(paths) < 2:
        for path in paths:
            sync_path(path)
        return
    with ThreadPoolExecutor(min(SYNC_THREADS, len(paths))) as pool:
        list(pool.map(sync_path, paths))


class StagedWrites:
    """Many atomic replacements, durable before any is visible: each changed file is written to a hidden
    temporary; at commit every temporary is fsynced (several at once), then each is renamed over its
    target and every directory touched is synced. A reader (or a process killed at any point) only ever
    sees complete old or complete new files; leftover temporaries are hidden, never served, and removed
    by the next pass. Only our own files are flushed: os.sync() would flush every process's writes on a
    shared host."""

    def __init__(self) -> None:
        self._staged: list[tuple[str, Path]] = []

    def stage(self, path: Path, data: bytes) -> bool:
        """Queue `data` for `path` unless the file already holds exactly that; True if queued."""
        if holds(path, data):
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(temp, 0o644)
        except BaseException:
            os.unlink(temp)
            raise
        self._staged.append((temp, path))
        return True

    def commit(self) -> None:
        """Make every staged file durable, put each in place, then make the renames durable."""
        if not self._staged:
            return
        sync_all([temp for temp, _ in self._staged])
        directories: dict[Path, None] = {}
        for temp, path in self._staged:
            os.replace(temp, path)
            directories[path.parent] = None
        self._staged.clear()
        sync_all(list(directories))

    def abort(self) -> None:
        for temp, _ in self._staged:
            try:
                os.unlink(temp)
            except FileNotFoundError:
                pass
        self._staged.clear()

    def __enter__(self) -> StagedWrites:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()
