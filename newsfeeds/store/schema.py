"""The store's schema and its history: each version is a migration, applied in order and in one
transaction when a store is opened, so a store written by an older newsfeeds upgrades itself.

Version 1 is the schema as newsfeeds wrote it before versions were counted (its tables created from one
text, recognised by the text's digest); its text is frozen here. A change to the schema is a new
migration at the end of MIGRATIONS, never an edit of an earlier one. The DDL is written once, in the
SQL both backends speak; `ddl_for` adapts it to PostgreSQL (text compared byte by byte, as SQLite does).
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsfeeds.urls import identity_key

if TYPE_CHECKING:
    from newsfeeds.store.base import SQLStore

# --- version 1, frozen: the core tables, author and custom feeds, site health ---------------------------
V1_CORE = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    site TEXT NOT NULL,
    key TEXT NOT NULL,
    guid TEXT NOT NULL,
    url TEXT NOT NULL,
    title TEXT NOT NULL,
    author TEXT,
    summary TEXT,
    body TEXT,
    image TEXT,
    page_section TEXT,
    published_utc TEXT,
    published_date TEXT,
    published_raw TEXT,
    published_source TEXT,
    published_relative INTEGER NOT NULL DEFAULT 0,
    modified_utc TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    updated_utc TEXT,
    sort_time TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    PRIMARY KEY (site, key)
);
CREATE INDEX IF NOT EXISTS articles_by_time ON articles (site, sort_time DESC, key DESC);
CREATE TABLE IF NOT EXISTS tags (
    site TEXT NOT NULL, slug TEXT NOT NULL, name TEXT NOT NULL, name_key TEXT NOT NULL,
    PRIMARY KEY (site, slug), UNIQUE (site, name_key)
);
CREATE TABLE IF NOT EXISTS article_tags (
    site TEXT NOT NULL, key TEXT NOT NULL, slug TEXT NOT NULL, PRIMARY KEY (site, slug, key)
);
DROP INDEX IF EXISTS article_tags_by_key;
CREATE INDEX IF NOT EXISTS article_tags_key_slug ON article_tags (site, key, slug);
CREATE TABLE IF NOT EXISTS sections (
    site TEXT NOT NULL, slug TEXT NOT NULL, name TEXT NOT NULL, url TEXT NOT NULL, PRIMARY KEY (site, slug)
);
CREATE TABLE IF NOT EXISTS article_sections (
    site TEXT NOT NULL, key TEXT NOT NULL, slug TEXT NOT NULL, PRIMARY KEY (site, slug, key)
);
DROP INDEX IF EXISTS article_sections_by_key;
CREATE INDEX IF NOT EXISTS article_sections_key_slug ON article_sections (site, key, slug);
CREATE TABLE IF NOT EXISTS feeds (
    site TEXT NOT NULL, kind TEXT NOT NULL, slug TEXT NOT NULL, dirty INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (site, kind, slug)
);
CREATE TABLE IF NOT EXISTS validators (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, checked TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pending (
    site TEXT NOT NULL, url TEXT NOT NULL, sections TEXT NOT NULL, attempts INTEGER NOT NULL,
    last_error TEXT, last_attempt TEXT NOT NULL, PRIMARY KEY (site, url)
);
CREATE TABLE IF NOT EXISTS tombstones (
    site TEXT NOT NULL, key TEXT NOT NULL, first_seen TEXT NOT NULL, pruned TEXT NOT NULL,
    PRIMARY KEY (site, key)
);
"""
V1_FEEDS = """
CREATE TABLE IF NOT EXISTS authors (
    site TEXT NOT NULL, slug TEXT NOT NULL, name TEXT NOT NULL, name_key TEXT NOT NULL,
    PRIMARY KEY (site, slug), UNIQUE (site, name_key)
);
CREATE TABLE IF NOT EXISTS article_authors (
    site TEXT NOT NULL, key TEXT NOT NULL, slug TEXT NOT NULL, PRIMARY KEY (site, slug, key)
);
CREATE INDEX IF NOT EXISTS article_authors_key_slug ON article_authors (site, key, slug);
CREATE TABLE IF NOT EXISTS custom_feeds (
    owner TEXT NOT NULL, slug TEXT NOT NULL, title TEXT NOT NULL, fingerprint TEXT NOT NULL,
    items INTEGER NOT NULL, newest TEXT, expires TEXT, PRIMARY KEY (owner, slug)
);
"""
V1_HEALTH = """
CREATE TABLE IF NOT EXISTS site_health (
    site TEXT PRIMARY KEY, state TEXT NOT NULL, since TEXT NOT NULL, last_run TEXT NOT NULL,
    last_success TEXT, failures INTEGER NOT NULL DEFAULT 0, reason TEXT NOT NULL DEFAULT '', announced TEXT
);
CREATE TABLE IF NOT EXISTS site_days (
    site TEXT NOT NULL, day TEXT NOT NULL, runs INTEGER NOT NULL DEFAULT 0, failed_runs INTEGER NOT NULL DEFAULT 0,
    new_articles INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (site, day)
);
"""
V1_TEXT = V1_CORE + V1_FEEDS + V1_HEALTH
V1_DIGEST = hashlib.sha256(V1_TEXT.encode()).hexdigest()[:16]  # what version 1 stores keep as schema_digest


def statements(text: str) -> list[str]:
    return [s.strip() for s in text.split(";") if s.strip()]


def ddl_for(dialect: str, statement: str) -> str:
    """A DDL statement in a backend's dialect: PostgreSQL compares text byte by byte ("C" collation),
    as SQLite does, so keys, slugs and times sort the same in both stores (and in feeds built from them)."""
    if dialect == "postgresql":
        return re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', statement)
    return statement


def _v1(store: SQLStore) -> None:
    for statement in statements(V1_TEXT):
        store.db.execute(ddl_for(store.dialect, statement))


def _v2(store: SQLStore) -> None:
    # A day-only date files an article after the others of that day: counting them walked the whole site.
    store.db.execute("CREATE INDEX IF NOT EXISTS articles_by_day ON articles (site, published_date)")
    # Who this store is: `scrapy store-copy` resumes a copy only into a store being filled from the same one.
    store.db.execute("INSERT INTO meta (key, value) VALUES ('store_id', ?) ON CONFLICT (key) DO NOTHING",
                     (uuid.uuid4().hex,))
    store.db.execute("DELETE FROM meta WHERE key = 'schema_digest'")  # versions are counted from now on


V3_WALKS = """
CREATE TABLE IF NOT EXISTS walks (
    site TEXT NOT NULL, section TEXT NOT NULL, url TEXT NOT NULL,
    depth INTEGER NOT NULL DEFAULT 0, next_url TEXT, head INTEGER, updated TEXT NOT NULL,
    PRIMARY KEY (site, section, url)
);
CREATE INDEX IF NOT EXISTS pending_in_order ON pending (site, seq, url);
CREATE INDEX IF NOT EXISTS pending_by_key ON pending (site, key)
"""


def _v3(store: SQLStore) -> None:
    # `pending` becomes every article URL a listing named that is not stored yet: discovered (attempts 0),
    # or failed (attempts 1 and more). `seq` is the order they were found in, `key` their identity, and
    # `listing` what a sitemap or feed said about them. `walks` is how far each listing's pagination got.
    for column in ("key TEXT", "listing TEXT", "seq INTEGER NOT NULL DEFAULT 0"):
        store.db.execute(ddl_for(store.dialect, f"ALTER TABLE pending ADD COLUMN {column}"))
    for statement in statements(V3_WALKS):
        store.db.execute(ddl_for(store.dialect, statement))
    rows = store.db.execute("SELECT site, url FROM pending").fetchall()
    if rows:
        store.db.executemany("UPDATE pending SET key = ? WHERE site = ? AND url = ?",
                             [(identity_key(url), site, url) for site, url in rows])


@dataclass(frozen=True)
class Migration:
    """One step of the schema's history."""

    version: int
    what: str
    apply: Callable[[SQLStore], None]


MIGRATIONS = (
    Migration(1, "articles, tags, sections, feeds, validators, pending retries, tombstones, authors, custom feeds, "
                 "site health", _v1),
    Migration(2, "an index of articles by day; the store's id; versions counted", _v2),
    Migration(3, "pending holds every discovered article not stored yet, in order; how far each listing walk got", _v3),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def stored_version(meta: dict[str, str]) -> int:
    """The version a store's meta rows say it has: 0 for a new store, and for a store written before
    versions were counted whose tables are older than version 1's (its digest differs)."""
    version = int(meta.get("schema_version") or 0)
    if version == 1 and meta.get("schema_digest") != V1_DIGEST:
        return 0  # version 1's statements complete it (they are all IF NOT EXISTS)
    return version
