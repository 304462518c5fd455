"""The store: every article ever seen, so feeds keep their history and re-runs only do new work.

One interface (`Store`), two backends chosen by NEWSFEEDS_DB: SQLite, embedded and the default
(`newsfeeds.store.sqlite`), and PostgreSQL, shared by many processes and machines
(`newsfeeds.store.postgres`, imported only when a store lives there). `open_store` opens either.
"""

from __future__ import annotations

import sqlite3
import sys

from newsfeeds.store.base import (
    BUSY_TIMEOUT, FEED_ALL, MEMBERSHIP, ArticleInput, ArticleRecord, CustomFeedState, FeedSummary, PendingArticle,
    SQLStore, Store, StoreBusy, StoreError, Walk, WalkStep, utc_iso,
)
from newsfeeds.store.location import POSTGRESQL, SQLITE, LocationError, StoreLocation, parse_location, store_location
from newsfeeds.store.schema import SCHEMA_VERSION
from newsfeeds.store.sqlite import SQLiteStore

__all__ = [
    "BUSY_TIMEOUT", "FEED_ALL", "MEMBERSHIP", "POSTGRESQL", "SCHEMA_VERSION", "SQLITE", "ArticleInput", "ArticleRecord",
    "CustomFeedState", "FeedSummary", "LocationError", "PendingArticle", "SQLStore", "SQLiteStore", "Store", "StoreBusy",
    "StoreError", "StoreLocation", "Walk", "WalkStep", "database_errors", "open_store", "parse_location",
    "store_location", "utc_iso",
]


def open_store(location: StoreLocation, readonly: bool = False, busy_timeout: float = BUSY_TIMEOUT) -> SQLStore:
    """The store at `location`, its schema brought up to date (unless `readonly`)."""
    if location.kind == POSTGRESQL:
        from newsfeeds.store.postgres import PostgresStore

        return PostgresStore(location, readonly=readonly, busy_timeout=busy_timeout)
    return SQLiteStore(location, readonly=readonly, busy_timeout=busy_timeout)


def database_errors() -> tuple[type[Exception], ...]:
    """The exceptions a backend raises when its database fails under a query (damage, a lost server)."""
    found: list[type[Exception]] = [sqlite3.DatabaseError]
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None:
        found.append(psycopg.Error)
    return tuple(found)
