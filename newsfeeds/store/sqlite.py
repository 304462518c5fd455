"""The embedded store, the default: one SQLite file in WAL mode, short transactions, zero set-up."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsfeeds.store.base import BUSY_TIMEOUT, SQLStore, StoreBusy, StoreError
from newsfeeds.store.location import SQLITE, StoreLocation


def is_busy(exc: BaseException) -> bool:
    """Whether SQLite gave up waiting for another connection's lock (as opposed to real damage)."""
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


class SQLiteStore(SQLStore):
    """One SQLite file. Writers queue on SQLite's one write lock (BEGIN IMMEDIATE)."""

    dialect = "sqlite"
    IN_ORDER = "CROSS JOIN"  # SQLite's planner keeps this order: a feed's members first, then their articles

    def __init__(self, path: str | Path | StoreLocation, readonly: bool = False, busy_timeout: float = BUSY_TIMEOUT) -> None:
        location = path if isinstance(path, StoreLocation) else StoreLocation(SQLITE, Path(path))
        assert location.path is not None
        super().__init__(location, readonly, busy_timeout)
        self.path = location.path
        if readonly:
            self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create its directory ({exc.strerror}). "
                             "Set NEWSFEEDS_DB to a writable location.") from None
        try:
            # Autocommit: every write is an explicit BEGIN IMMEDIATE ... COMMIT (transaction()), so a
            # writer takes the lock before it reads and never has to upgrade a stale read snapshot,
            # the SQLITE_BUSY that no busy timeout can wait out.
            self.db = sqlite3.connect(self.path, timeout=busy_timeout, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._open()
        except sqlite3.DatabaseError as exc:
            if is_busy(exc):
                raise StoreBusy(f"{self.path}: another process kept the database locked for {busy_timeout:g} s") from None
            raise StoreError(
                f"{self.path}: not a usable newsfeeds database ({exc}). Nothing was changed. Restore it from a "
                f"backup, or move it aside to start a fresh store (feeds then start from an empty history)."
            ) from None

    def _begin(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def _end(self, commit: bool) -> None:
        self.db.execute("COMMIT" if commit else "ROLLBACK")

    def _is_busy(self, exc: BaseException) -> bool:
        return is_busy(exc)

    def has_table(self, name: str) -> bool:
        return self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None

    def check(self) -> None:
        """Read every page once (PRAGMA quick_check): corruption found before a run, not halfway through."""
        try:
            problems = [r[0] for r in self.db.execute("PRAGMA quick_check")]
        except sqlite3.DatabaseError as exc:
            problems = [str(exc)]
        if problems != ["ok"]:
            raise StoreError(f"{self.path}: the database is damaged ({'; '.join(problems[:3])}). Nothing was changed. "
                             "Restore it from a backup, or try: sqlite3 FILE '.recover' | sqlite3 NEW.sqlite3")

    def close(self) -> None:
        try:
            self.db.in_transaction  # noqa: B018 - raises on a connection closed already
        except sqlite3.ProgrammingError:
            return
        try:
            if self._depth == 0 and not self.db.in_transaction and not self.readonly:
                try:
                    self.db.execute("PRAGMA optimize")  # keeps the planner's statistics fresh as the store grows
                except sqlite3.OperationalError:
                    pass  # another process is writing; the next close will do it
        finally:
            self.db.close()
