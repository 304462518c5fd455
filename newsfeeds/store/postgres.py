"""The shared store: a PostgreSQL database that many crawler processes, on one machine or several, write
to at once, backed up and monitored like the operator's other databases.

The same SQL as the SQLite store (newsfeeds.store.base) runs over psycopg 3: `?` placeholders become
`%s`, rows read by index and by column name. Text columns compare byte by byte ("C" collation), so
keys, slugs and times sort exactly as in SQLite and feeds come out byte-identical from either store.
Writers of different sites touch different rows; when two do meet on one row, the second waits up to
the busy timeout (lock_timeout), then the write is retried whole (StoreBusy), as with SQLite.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import errors
from psycopg.conninfo import conninfo_to_dict

from newsfeeds.store.base import BUSY_TIMEOUT, SQLStore, StoreError
from newsfeeds.store.location import StoreLocation

# The advisory lock key under which a store's schema is upgraded (one process at a time).
SCHEMA_LOCK = 0x6E657773_00000001  # "news", 1
BUSY = (errors.LockNotAvailable, errors.DeadlockDetected, errors.SerializationFailure)
HELP = ("Check that the server runs and that the database and role exist (README: 'A shared store: "
        "PostgreSQL'); give the password in ~/.pgpass or PGPASSWORD rather than in NEWSFEEDS_DB.")


@lru_cache(maxsize=512)
def to_pyformat(sql: str) -> str:
    """`?` placeholders as psycopg's `%s` (and a literal % doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class Row(tuple):  # type: ignore[type-arg]
    """A result row read by position or by column name, like sqlite3.Row."""

    names: dict[str, int]

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self.names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self.names)


@lru_cache(maxsize=256)
def _row_class(names: tuple[str, ...]) -> type[Row]:
    return type("Row", (Row,), {"names": {name: index for index, name in enumerate(names)}})


def _rows(cursor: Any) -> Callable[[Sequence[Any]], Row]:
    """psycopg row factory: one Row class per column list (read from the result, cheaper than `description`)."""
    result = cursor.pgresult
    if result is None or not result.nfields:
        return tuple  # type: ignore[return-value]
    return _row_class(tuple(result.fname(i).decode() for i in range(result.nfields)))


class Connection:
    """The DB-API face the shared store code talks to: execute and executemany with `?` placeholders."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self.connection = connection

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.connection.execute(to_pyformat(sql), tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self.connection.cursor() as cursor:
            cursor.executemany(to_pyformat(sql), [tuple(row) for row in rows])

    def close(self) -> None:
        self.connection.close()


def connect(location: StoreLocation, purpose: str) -> psycopg.Connection[Any]:
    """An autocommit connection to the store's database, named for pg_stat_activity; a clear StoreError
    (password masked) when the server cannot be reached or refuses us."""
    given = _conninfo(location)
    extra: dict[str, Any] = {}
    if "application_name" not in given:
        extra["application_name"] = f"newsfeeds {purpose} on {socket.gethostname()} pid {os.getpid()}"[:63]
    if "connect_timeout" not in given:
        extra["connect_timeout"] = 10
    try:
        return psycopg.connect(location.dsn, autocommit=True, row_factory=_rows, **extra)  # type: ignore[arg-type]
    except psycopg.Error as exc:
        reason = location.scrub(" ".join(str(exc).split()))
        raise StoreError(f"{location}: cannot connect to PostgreSQL ({reason}). {HELP}") from None


def _conninfo(location: StoreLocation) -> dict[str, Any]:
    try:
        return conninfo_to_dict(location.dsn)
    except psycopg.ProgrammingError as exc:
        raise StoreError(f"{location}: not a PostgreSQL URL libpq understands ({location.scrub(str(exc))})") from None


class PostgresStore(SQLStore):
    """A PostgreSQL database as the store; `readonly` opens it for reading only (feed rendering in worker
    processes, `scrapy status`)."""

    dialect = "postgresql"
    IN_ORDER = "JOIN"

    def __init__(self, location: StoreLocation, readonly: bool = False, busy_timeout: float = BUSY_TIMEOUT) -> None:
        super().__init__(location, readonly, busy_timeout)
        self._pipeline: Any = None
        connection = connect(location, "reader" if readonly else "store")
        self.db = Connection(connection)
        try:
            connection.execute(f"SET lock_timeout = {int(busy_timeout * 1000)}")
            if readonly:
                connection.execute("SET default_transaction_read_only = on")
            else:
                # As the SQLite store's synchronous=NORMAL: a commit does not wait for its WAL flush. A server
                # crash may lose the last fraction of a second of writes (never half of one), which the next
                # run fetches again; a killed crawl loses nothing it committed.
                connection.execute("SET synchronous_commit = off")
            self._open()
        except psycopg.Error as exc:
            connection.close()
            if self._is_busy(exc):
                from newsfeeds.store.base import StoreBusy

                raise StoreBusy(f"{location}: another process is upgrading the store (waited {busy_timeout:g} s)") from None
            raise StoreError(f"{location}: not a usable newsfeeds database ({location.scrub(str(exc).strip())}). "
                             "Nothing was changed.") from None

    def _begin(self) -> None:
        """A write transaction in pipeline mode: statements whose results are not read (BEGIN, inserts,
        COMMIT) travel together, so a transaction costs the round trips of its reads, not of every statement."""
        pipeline = self.db.connection.pipeline()
        pipeline.__enter__()
        self._pipeline = pipeline
        self.db.connection.execute("BEGIN")

    def _end(self, commit: bool) -> None:
        connection = self.db.connection
        pipeline, self._pipeline = self._pipeline, None
        if connection.closed:
            return
        if commit:
            connection.execute("COMMIT")
            if pipeline is not None:
                pipeline.__exit__(None, None, None)  # sends what is queued; raises what any statement met
            return
        if pipeline is not None:
            try:
                pipeline.__exit__(None, None, None)
            except psycopg.Error:
                pass  # the statement that failed is why we roll back
        if connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            connection.execute("ROLLBACK")

    def _is_busy(self, exc: BaseException) -> bool:
        return isinstance(exc, BUSY)

    def _lock_schema(self) -> None:
        self.db.execute("SELECT pg_advisory_xact_lock(?)", (SCHEMA_LOCK,))

    def has_table(self, name: str) -> bool:
        # A plain query of the catalog, not to_regclass(): that reads a catalog snapshot which may not yet show
        # a table another process created while this one waited for the schema lock (several processes opening
        # a new store at once, as a backfill's do).
        return self.db.execute("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE relname = ? "
                               "AND relnamespace = current_schema()::regnamespace)", (name,)).fetchone()[0]

    def check(self) -> None:
        """Every table is there and readable (PostgreSQL checks its own pages as it reads them)."""
        missing = [table for table in self.tables() if not self.has_table(table)]
        if missing:
            raise StoreError(f"{self.location}: tables missing from the store ({', '.join(missing)}). Nothing was "
                             "changed. Restore the database from a backup (pg_restore).")
        for table in self.tables():
            self.db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchall()

    def refresh_statistics(self) -> None:
        """ANALYZE: autovacuum has not seen a store a first crawl has just filled, and without statistics the
        planner reads a site's memberships whole for every feed."""
        self.db.execute(f"ANALYZE {', '.join(self.tables())}")

    def close(self) -> None:
        self.db.close()
