"""The PostgreSQL column: the same cold crawl and unchanged re-run on a PostgreSQL store as on the SQLite
store, on the same synthetic site in the same rounds, against a server this benchmark starts itself
(newsfeeds.pgserver: initdb into a temporary directory, 127.0.0.1, fsync on), and each store's size
per 1,000 articles."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from measure import Run

from newsfeeds.pgserver import LocalPostgres, find_binaries
from newsfeeds.store import open_store, parse_location

STEP = "(f) PostgreSQL store"


class Postgres:
    """The benchmark's server, one fresh database per crawl workspace."""

    def __init__(self) -> None:
        self.server: LocalPostgres | None = None
        self.urls: dict[Path, str] = {}

    def start(self) -> str:
        """'' when started, else why not."""
        if find_binaries() is None:
            return "PostgreSQL is not installed (apt-get install postgresql): the PostgreSQL column is left out"
        self.server = LocalPostgres(durable=True).start()
        return ""

    def url_for(self, workspace: Path) -> str:
        assert self.server is not None
        if workspace not in self.urls:
            self.urls[workspace] = self.server.url(self.server.create_database(f"bench_{len(self.urls)}"))
        return self.urls[workspace]

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()


def sqlite_bytes(db: Path) -> int:
    """The SQLite store's size on disk, its write-ahead log folded in first."""
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db.stat().st_size


def postgres_bytes(url: str) -> int:
    """The store's tables with their indexes and TOAST in PostgreSQL (the database's own catalogs left out)."""
    store = open_store(parse_location(url), readonly=True)
    try:
        return sum(int(store.db.execute("SELECT pg_total_relation_size(?)", (table,)).fetchone()[0])
                   for table in store.tables())
    finally:
        store.close()


def articles_in(store_at: str) -> int:
    store = open_store(parse_location(store_at), readonly=True)
    try:
        return store.count_articles()
    finally:
        store.close()


def report(results: Any, sqlite_cold: list[Run], pg_cold: list[Run], sqlite_rerun: Run | None, pg_reruns: list[Run],
           sqlite_db: Path, pg_url: str, articles_of: Any) -> None:
    """Rows of the PostgreSQL column: throughput ratio, re-run cost ratio, size per 1,000 articles."""
    ours, theirs = min(sqlite_cold, key=lambda r: r.wall), min(pg_cold, key=lambda r: r.wall)
    sqlite_rate, pg_rate = articles_of(ours, True) / ours.wall, articles_of(theirs, True) / theirs.wall
    ratio = pg_rate / sqlite_rate if sqlite_rate else 0.0
    results.add(STEP, "cold crawl on PostgreSQL: articles new, exit", f"{articles_of(theirs, True)}, {theirs.code}",
                f"{articles_of(ours, True)}, 0", articles_of(theirs, True) == articles_of(ours, True) and theirs.code == 0)
    results.add(STEP, "cold crawl: wall / CPU time, SQLite | PostgreSQL",
                f"{ours.wall:.1f} s / {ours.cpu:.1f} s | {theirs.wall:.1f} s / {theirs.cpu:.1f} s")
    results.add(STEP, "cold crawl throughput, SQLite | PostgreSQL", f"{sqlite_rate:.1f} | {pg_rate:.1f} articles/s")
    results.add(STEP, "cold crawl throughput ratio PostgreSQL / SQLite", f"{ratio:.2f}", ">= 0.8", ratio >= 0.8)
    if sqlite_rerun is not None and pg_reruns:
        best = min(pg_reruns, key=lambda r: r.wall)
        cost = best.wall / sqlite_rerun.wall if sqlite_rerun.wall else 0.0
        results.add(STEP, "unchanged re-run: wall, SQLite | PostgreSQL (best of rounds)",
                    f"{sqlite_rerun.wall:.2f} s | {best.wall:.2f} s (exit {best.code})")
        results.add(STEP, "unchanged re-run cost ratio PostgreSQL / SQLite (wall)", f"{cost:.2f}", "<= 1.5",
                    cost <= 1.5 and best.code == 0)
        results.notes.append("Unchanged re-run walls on PostgreSQL per round: "
                             + ", ".join(f"{r.wall:.2f}" for r in pg_reruns) + " s.")
    sqlite_size, pg_size = sqlite_bytes(sqlite_db), postgres_bytes(pg_url)
    sqlite_n, pg_n = articles_in(str(sqlite_db)), articles_in(pg_url)
    results.add(STEP, "store size per 1,000 articles, SQLite | PostgreSQL",
                f"{sqlite_size / sqlite_n * 1000 / 2**20:.2f} MiB | {pg_size / pg_n * 1000 / 2**20:.2f} MiB")
    results.notes.append("Cold crawl walls on PostgreSQL per round: " + ", ".join(f"{r.wall:.1f}" for r in pg_cold) + " s.")
