"""Atomic, change-aware file writes: a reader or web server never sees half a file, and an unchanged
file keeps its bytes and its modification time (so conditional GETs get 304)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_if_changed(path: Path, data: bytes) -> bool:
    """Replace `path` with `data` atomically unless it already holds exactly that; True if written."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
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


def remove_stale_temporaries(root: Path) -> int:
    """Delete temporary files a killed writer left behind; they were never visible under a feed name."""
    removed = 0
    if not root.exists():
        return 0
    for temp in root.rglob(".*.tmp"):
        try:
            temp.unlink()
            removed += 1
        except OSError:
            pass
    return removed
