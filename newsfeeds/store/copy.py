"""A whole store copied into another, e.g. SQLite into PostgreSQL: every row of every table, values as
they are (text and integers, NULLs kept), so feeds written from the copy are byte-identical to feeds
written from the original.

Resumable: rows go over in primary-key order, in batches; each batch is committed in the target
together with where it ended (meta `copy_after:<table>`), so a copy that is stopped or killed picks up
after its last batch when run again. The target must be empty, or a copy of this same source in
progress (meta `copy_source` is the source's `store_id`). At the end each table is compared, row by
row in key order (as a digest), with the source.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from newsfeeds.store.base import SQLStore, StoreError

# Each table's primary key: the order rows are copied in and the key a batch resumes after.
KEYS = {
    "meta": ("key",), "articles": ("site", "key"), "tags": ("site", "slug"), "article_tags": ("site", "slug", "key"),
    "sections": ("site", "slug"), "article_sections": ("site", "slug", "key"), "feeds": ("site", "kind", "slug"),
    "validators": ("url",), "pending": ("site", "url"), "tombstones": ("site", "key"), "authors": ("site", "slug"),
    "article_authors": ("site", "slug", "key"), "custom_feeds": ("owner", "slug"), "site_health": ("site",),
    "site_days": ("site", "day"), "walks": ("site", "section", "url"),
}
# The target's own: what it is and how far a copy into it has come.
OWN_META = ("schema_version", "store_id", "schema_digest")
SOURCE = "copy_source"
DONE = "copy_complete"
AFTER = "copy_after:"


@dataclass
class CopyReport:
    """What a copy did, per table: rows copied by this run, rows in the target at the end."""

    resumed: bool = False
    already: bool = False
    copied: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)


def copy_store(source: SQLStore, target: SQLStore, batch: int = 1000,
               progress: Callable[[str], None] = lambda line: None) -> CopyReport:
    """Copy every table of `source` into `target` (see the module's docstring); StoreError when the
    target holds another store's data, or when the two differ once the copy is done."""
    source_id = source.get_meta("store_id")
    if not source_id:
        raise StoreError(f"{source.location}: the store has no store_id; open it once with this version first")
    report = CopyReport()
    if target.get_meta(DONE) == source_id:
        report.already = True
        return report
    started = target.get_meta(SOURCE)
    if started not in (None, source_id):
        raise StoreError(f"{target.location}: holds a copy of another store; give an empty database")
    if started is None:
        busy = [table for table in KEYS if table != "meta" and _any_row(target, table)]
        own = [k for k, in target.db.execute("SELECT key FROM meta").fetchall() if k not in OWN_META]
        if busy or own:
            raise StoreError(f"{target.location}: not empty ({', '.join(busy or own)} already hold data); "
                             "store-copy only fills an empty store. Nothing was changed.")
        target.set_meta(SOURCE, source_id)
    else:
        report.resumed = True
    for table, key in KEYS.items():
        after = target.get_meta(AFTER + table)
        if after == "done":
            continue
        resume = tuple(json.loads(after)) if after else None
        if resume:
            progress(f"{table}: resuming after {resume}")
        report.copied[table] = _copy_table(source, target, table, key, resume, batch)
        target.set_meta(AFTER + table, "done")
    for table, key in KEYS.items():
        ours, theirs = _digest(source, table, key), _digest(target, table, key)
        if ours != theirs:
            raise StoreError(f"{target.location}: table {table} differs from the source after the copy ({theirs[0]} rows, "
                             f"the source has {ours[0]}); the source changed meanwhile. Stop every crawl and copy "
                             "again into an empty database.")
        report.total[table] = theirs[0]
    with target.transaction():
        for table in KEYS:
            target.delete_meta(AFTER + table)
        target.set_meta(DONE, source_id)
    return report


def _any_row(store: SQLStore, table: str) -> bool:
    return store.db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None


def _columns(store: SQLStore, table: str) -> list[str]:
    cursor = store.db.execute(f"SELECT * FROM {table} LIMIT 0")
    return [column[0] for column in cursor.description]


def _only_copied(table: str) -> tuple[str, tuple[Any, ...]]:
    """A condition leaving out the rows that belong to the target itself (its meta)."""
    if table != "meta":
        return "", ()
    marks = ", ".join("?" * len(OWN_META))
    return f"key NOT IN ({marks}) AND key NOT LIKE 'copy!_%' ESCAPE '!'", OWN_META


def _pages(store: SQLStore, table: str, columns: list[str], key: tuple[str, ...], after: tuple[Any, ...] | None,
           batch: int) -> Iterator[list[tuple[Any, ...]]]:
    """The table's rows in key order, `batch` at a time, strictly after `after`."""
    order = ", ".join(key)
    positions = [columns.index(k) for k in key]
    while True:
        where, params = _only_copied(table)
        conditions = [where] if where else []
        if after is not None:
            conditions.append(f"({order}) > ({', '.join('?' * len(key))})")
            params = (*params, *after)
        sql = f"SELECT {', '.join(columns)} FROM {table}"
        if conditions:
            sql += " WHERE " + " AND ".join(conditions)
        rows = [tuple(row) for row in store.db.execute(f"{sql} ORDER BY {order} LIMIT ?", (*params, batch))]
        if not rows:
            return
        yield rows
        after = tuple(rows[-1][p] for p in positions)


def _copy_table(source: SQLStore, target: SQLStore, table: str, key: tuple[str, ...],
                after: tuple[Any, ...] | None, batch: int) -> int:
    columns = _columns(source, table)
    rest = [c for c in columns if c not in key]
    update = f"DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in rest)}" if rest else "DO NOTHING"
    insert = (f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
              f"ON CONFLICT ({', '.join(key)}) {update}")
    positions = [columns.index(k) for k in key]
    copied = 0
    for rows in _pages(source, table, columns, key, after, batch):
        last = [rows[-1][p] for p in positions]
        with target.transaction():  # the rows and where they end, together: a kill loses at most this batch
            target.db.executemany(insert, rows)
            target.set_meta(AFTER + table, json.dumps(last))
        copied += len(rows)
    return copied


def _digest(store: SQLStore, table: str, key: tuple[str, ...]) -> tuple[int, str]:
    """Rows and a digest of every value of a table, in key order (what a lossless copy keeps)."""
    columns = sorted(_columns(store, table))
    digest = hashlib.sha256()
    count = 0
    for rows in _pages(store, table, columns, key, None, 5000):
        for row in rows:
            digest.update(json.dumps(row, ensure_ascii=False).encode())
            count += 1
    return count, digest.hexdigest()
