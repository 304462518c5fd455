"""The store: every article ever seen, so feeds keep their history and re-runs only do new work.

`Store` is what the rest of newsfeeds asks of it; `SQLStore` implements it once, in the SQL that SQLite
and PostgreSQL both speak, over a connection with a DB-API `execute` (`?` placeholders, rows readable by
index and by column name). The backends (newsfeeds.store.sqlite, newsfeeds.store.postgres) add the
connection, transactions, the schema's upgrades and their own integrity check.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, ClassVar, Protocol, TypeVar

from newsfeeds.html import xml_safe
from newsfeeds.sitehealth import HealthRecords, SiteHealth
from newsfeeds.store.location import StoreLocation
from newsfeeds.store.schema import MIGRATIONS, SCHEMA_VERSION, stored_version
from newsfeeds.tags import name_key, unique_slug
from newsfeeds.urls import identity_key

logger = logging.getLogger(__name__)
FEED_ALL = ("all", "")
# Feed kinds whose members are listed in a table: kind -> (membership table, names table).
MEMBERSHIP = {"tag": ("article_tags", "tags"), "section": ("article_sections", "sections"),
              "author": ("article_authors", "authors")}

class StoreError(RuntimeError):
    """The database cannot be used; the message names the store (never its password) and what to do."""


class StoreBusy(RuntimeError):
    """Another process held what a write needs longer than we wait in one go: try again later."""


BUSY_TIMEOUT = 2.0  # seconds one write waits for another process's transaction before StoreBusy
_T = TypeVar("_T")
CHUNK = 500  # rows per multi-row statement (well within both backends' limits on parameters)
DISCOVERED_CHUNK = 100  # pending rows (nine values each) per statement


def _writes(method: Callable[..., _T]) -> Callable[..., _T]:
    """Run a store method as one short write transaction (or inside the one already open)."""
    @functools.wraps(method)
    def wrapper(self: SQLStore, *args: Any, **kwargs: Any) -> _T:
        with self.transaction():
            return method(self, *args, **kwargs)
    return wrapper


@dataclass(frozen=True)
class ArticleRecord:
    """An article as the store keeps it and the feed writer reads it."""

    site: str
    key: str
    guid: str
    url: str
    title: str
    author: str | None
    summary: str | None
    body: str | None
    image: str | None
    published_utc: str | None
    published_date: str | None
    published_raw: str | None
    published_source: str | None
    modified_utc: str | None
    first_seen: str
    updated_utc: str | None
    sort_time: str
    tags: tuple[tuple[str, str], ...] = ()
    sections: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ArticleInput:
    """A normalized article ready to be stored."""

    site: str
    key: str
    url: str
    title: str
    author: str | None = None
    summary: str | None = None
    body: str | None = None
    image: str | None = None
    page_section: str | None = None
    published: datetime | date | None = None
    published_raw: str | None = None
    published_source: str | None = None
    published_relative: bool = False
    modified: datetime | None = None
    tags: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()  # the persons of the byline (newsfeeds.authors.byline_people)


@dataclass(frozen=True)
class PendingArticle:
    """An article URL a listing named that is not stored yet: discovered (no attempt failed yet) or failed
    `attempts` times. `seq` is the order it was found in; `listing` what a sitemap or feed said of it (JSON)."""

    seq: int
    url: str
    sections: list[str]
    attempts: int = 0
    listing: str | None = None


@dataclass(frozen=True)
class Walk:
    """How far the pagination of one listing (a section's first page `url`) got: its full walk read pages
    1..`depth` and `next_url` follows them (None: the pagination ended there); `head` is the page an
    unfinished walk from page 1 was about to read (None: the last one finished)."""

    section: str
    url: str
    depth: int = 0
    next_url: str | None = None
    head: int | None = None


@dataclass(frozen=True)
class WalkStep:
    """One listing page read: its walk (`full`, or the head walk that may stop at known articles), its
    number, the page after it (None: none), and whether the walk goes on there."""

    section: str
    url: str
    full: bool
    page: int
    next_url: str | None
    going_on: bool


@dataclass(frozen=True)
class CustomFeedState:
    """What the store remembers of a custom feed between runs: the definition it was rendered from, what
    the index shows of it, and when its oldest item ages out of its max_age window."""

    owner: str
    slug: str
    title: str
    fingerprint: str
    items: int
    newest: str | None
    expires: str | None


@dataclass(frozen=True)
class FeedSummary:
    """One feed as the index page lists it."""

    site: str
    kind: str
    slug: str
    name: str
    count: int
    newest: str | None


class Store(Protocol):
    """What the crawl, the feed writer and the commands need from a store, whichever backend holds it.
    Every write is one short transaction of its own (or joins the one `transaction()` opened)."""

    location: StoreLocation

    def transaction(self) -> AbstractContextManager[None]: ...
    def check(self) -> None: ...
    def close(self) -> None: ...
    def commit(self) -> None: ...
    def refresh_statistics(self) -> None: ...
    # settings the store keeps for the feed writer and the commands
    def get_meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...
    def delete_meta(self, key: str) -> None: ...
    # articles
    def is_known(self, site: str, key: str) -> bool: ...
    def known(self, site: str, keys: Iterable[str]) -> set[str]: ...
    def sites(self) -> list[str]: ...
    def count_articles(self, site: str | None = None) -> int: ...
    def register_sections(self, site: str, sections: Iterable[tuple[str, str, str]]) -> None: ...
    def save_article(self, article: ArticleInput, now: datetime, tz: tzinfo) -> str: ...
    def add_tags(self, site: str, key: str, names: Iterable[str]) -> None: ...
    def add_section(self, site: str, key: str, section: str) -> bool: ...
    def add_sections(self, site: str, keys: Iterable[str], section: str) -> int: ...
    def prune(self, site: str, older_than: datetime, keep_per_feed: int, now: datetime,
              also_keep: Collection[str] = ()) -> int: ...
    # feeds
    def mark_all_dirty(self, site: str) -> None: ...
    def all_feeds(self, site: str) -> list[tuple[str, str, bool]]: ...
    def mark_clean(self, site: str, feeds: Iterable[tuple[str, str]]) -> None: ...
    def feed_name(self, site: str, kind: str, slug: str) -> str: ...
    def feed_articles(self, site: str, kind: str, slug: str, limit: int) -> list[ArticleRecord]: ...
    def feed_summaries(self) -> list[FeedSummary]: ...
    # author and custom feeds (plain SQL; rule matching happens in Python, newsfeeds.customfeeds)
    def relink_authors(self, site: str, people_of: Callable[[str | None], list[str]]) -> int: ...
    def member_slugs(self, site: str, kind: str, names: Iterable[str]) -> dict[str, str]: ...
    def feed_candidates(self, site: str, sources: dict[str, list[str]] | None, after: tuple[str, str] | None,
                        limit: int) -> list[ArticleRecord]: ...
    def custom_feed_states(self) -> list[CustomFeedState]: ...
    def save_custom_feed_state(self, state: CustomFeedState) -> None: ...
    def drop_custom_feed_state(self, owner: str, slug: str) -> None: ...
    # conditional requests and retries (newsfeeds.middlewares.incremental)
    def validators(self, url: str) -> tuple[str | None, str | None]: ...
    def save_validators(self, entries: Iterable[tuple[str, str | None, str | None]], now: datetime) -> None: ...
    def add_pending(self, site: str, url: str, sections: Iterable[str], error: str, now: datetime) -> None: ...
    def pending(self, site: str, max_attempts: int = 10) -> list[tuple[str, list[str]]]: ...
    def remove_pending(self, site: str, url: str) -> None: ...
    # the crawl's frontier: discovered articles and how far each listing walk got (newsfeeds.frontier)
    def add_discovered(self, site: str, links: Iterable[tuple[str, str, list[str], str | None]], now: datetime,
                       step: WalkStep | None = None) -> int: ...
    def pending_batch(self, site: str, after: tuple[int, str] | None, limit: int,
                      max_attempts: int = 10) -> list[PendingArticle]: ...
    def last_pending(self, site: str) -> int | None: ...
    def count_pending(self, site: str, max_attempts: int = 10) -> int: ...
    def walks(self, site: str) -> list[Walk]: ...
    # per-site health history (newsfeeds.sitehealth)
    def record_run(self, site: str, healthy: bool, reason: str, new_articles: int, now: datetime,
                   unhealthy_after: int = 1) -> SiteHealth: ...
    def mark_announced(self, site: str, state: str) -> None: ...
    def site_health(self, site: str | None = None, days: int = 30) -> list[SiteHealth]: ...


def utc_iso(value: datetime) -> str:
    """The one textual form of an instant in the store: UTC, seconds, sortable as text."""
    return value.astimezone(timezone.utc).replace(microsecond=0).isoformat()


class SQLStore(HealthRecords):
    """The store's logic, once for both backends: a subclass opens `db` and supplies transactions,
    busy detection, its integrity check and whether a table exists."""

    dialect: ClassVar[str]
    IN_ORDER: ClassVar[str] = "JOIN"  # a join that walks the left table first (SQLite: CROSS JOIN)
    location: StoreLocation
    db: Any  # the connection: execute(sql, params) -> cursor, executemany(sql, rows)
    busy_timeout: float
    readonly: bool
    _slug_cache: dict[tuple[str, str, str], str]
    _marked: set[tuple[str, str, str]]  # feeds this connection already marked dirty

    def __init__(self, location: StoreLocation, readonly: bool, busy_timeout: float) -> None:
        self.location = location
        self.readonly = readonly
        self.busy_timeout = busy_timeout
        self._slug_cache = {}
        self._marked = set()
        self._depth = 0

    # --- what a backend supplies ---------------------------------------------------------------
    def _begin(self) -> None:
        raise NotImplementedError

    def _end(self, commit: bool) -> None:
        raise NotImplementedError

    def _is_busy(self, exc: BaseException) -> bool:
        """Whether a failed statement was waiting for another connection (try again), not broken."""
        raise NotImplementedError

    def _lock_schema(self) -> None:
        """Inside the upgrade's transaction: make other processes opening the store wait for it."""

    def has_table(self, name: str) -> bool:
        raise NotImplementedError

    def check(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def refresh_statistics(self) -> None:
        """Before many reads right after many writes (a first crawl's feeds): let the planner know the tables."""

    def tables(self) -> list[str]:
        """Every table of the store, in the order a copy fills them."""
        return ["meta", "articles", "tags", "article_tags", "sections", "article_sections", "feeds", "validators",
                "pending", "tombstones", "authors", "article_authors", "custom_feeds", "site_health", "site_days",
                "walks"]

    # --- opening -------------------------------------------------------------------------------
    def _open(self) -> None:
        """Bring the schema up to this version's (a new store gets every migration)."""
        if not self.readonly:
            self._upgrade()

    def _version(self) -> int:
        if not self.has_table("meta"):
            return 0
        rows = dict(self.db.execute("SELECT key, value FROM meta WHERE key IN ('schema_version', 'schema_digest')"))
        return stored_version(rows)

    def _upgrade(self) -> None:
        """Apply the migrations this store lacks, in one transaction (none at all when it is current: every
        cron run of every site opens the store, and DDL would take the write lock each time)."""
        version = self._version()
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.location}: written by a newer newsfeeds (schema {version}, this one knows up to "
                             f"{SCHEMA_VERSION}); upgrade newsfeeds.")
        with self.transaction():
            self._lock_schema()
            version = self._version()  # another process may have upgraded it meanwhile
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.location}: written by a newer newsfeeds (schema {version}); upgrade newsfeeds.")
            for migration in MIGRATIONS:
                if migration.version > version:
                    migration.apply(self)
            self.db.execute("INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (str(SCHEMA_VERSION),))
        if version:
            logger.info("Store %s upgraded from schema version %d to %d", self.location, version, SCHEMA_VERSION)

    # --- transactions ------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One short write transaction: it waits (up to the busy timeout) for what another process
        holds, so concurrent writers queue instead of failing; nested calls join the open transaction.
        Raises StoreBusy when the wait is not enough (nothing of the transaction is kept)."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            self._begin()
        except Exception as exc:
            if self._is_busy(exc):
                raise StoreBusy(f"{self.location}: another process is writing (waited {self.busy_timeout:g} s)") from None
            raise
        self._depth = 1
        try:
            yield
        except BaseException as exc:
            self._depth = 0
            self._forget()
            self._end(commit=False)
            if isinstance(exc, Exception) and self._is_busy(exc):
                raise StoreBusy(f"{self.location}: another process holds rows this write needs "
                                f"(waited {self.busy_timeout:g} s)") from None
            raise
        self._depth = 0
        try:
            self._end(commit=True)
        except Exception as exc:
            self._forget()
            self._end(commit=False)
            if self._is_busy(exc):
                raise StoreBusy(f"{self.location}: the write could not be committed now ({exc})") from None
            raise

    def _forget(self) -> None:
        """After a rollback: cached slugs and dirty marks may name rows that were never written."""
        self._slug_cache.clear()
        self._marked.clear()

    def commit(self) -> None:
        """Nothing to do: every write commits itself (kept for callers written before that)."""

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @_writes
    def delete_meta(self, key: str) -> None:
        self.db.execute("DELETE FROM meta WHERE key = ?", (key,))

    @_writes
    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    # --- what we have seen -------------------------------------------------------------------
    def is_known(self, site: str, key: str) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM articles WHERE site = ? AND key = ? UNION ALL SELECT 1 FROM tombstones WHERE site = ? AND key = ? LIMIT 1",
            (site, key, site, key),
        ).fetchone()
        return row is not None

    def known(self, site: str, keys: Iterable[str]) -> set[str]:
        """Which of these article keys the store knows (stored or pruned): one query per listing page."""
        wanted = list(dict.fromkeys(keys))
        found: set[str] = set()
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start:start + CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.db.execute(
                f"SELECT key FROM articles WHERE site = ? AND key IN ({marks}) UNION "
                f"SELECT key FROM tombstones WHERE site = ? AND key IN ({marks})", (site, *chunk, site, *chunk)))
        return found

    def sites(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT site FROM articles ORDER BY site")]

    def count_articles(self, site: str | None = None) -> int:
        if site is None:
            return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        return self.db.execute("SELECT COUNT(*) FROM articles WHERE site = ?", (site,)).fetchone()[0]

    @_writes
    def register_sections(self, site: str, sections: Iterable[tuple[str, str, str]]) -> None:
        """Record the profile's sections (slug, name, url) so their feeds have names."""
        for slug, name, url in sections:
            self.db.execute(
                "INSERT INTO sections VALUES (?, ?, ?, ?) ON CONFLICT(site, slug) DO UPDATE SET name = excluded.name, url = excluded.url",
                (site, slug, name, url),
            )

    @_writes
    def save_article(self, article: ArticleInput, now: datetime, tz: tzinfo) -> str:
        """Insert or update an article; returns 'new', 'updated' or 'unchanged'. First-seen never moves."""
        article = _storable(article)
        site, key = article.site, article.key
        now_iso = utc_iso(now)
        # Both reads go out before either is read: one round trip to a database server, not two.
        found = self.db.execute("SELECT * FROM articles WHERE site = ? AND key = ?", (site, key))
        linked = self.db.execute("SELECT slug FROM article_sections WHERE site = ? AND key = ?", (site, key))
        row = found.fetchone()
        sections = list(dict.fromkeys([*(r[0] for r in linked.fetchall()), *article.sections]))  # a listing may have linked some
        published = article.published
        raw, source, relative = article.published_raw, article.published_source, article.published_relative
        if row is not None and row["published_utc"] is not None or row is not None and row["published_date"] is not None:
            if relative or published is None:
                published = _stored_published(row)
                raw, source, relative = row["published_raw"], row["published_source"], bool(row["published_relative"])
        published_utc = utc_iso(published) if isinstance(published, datetime) else None
        published_date = published.isoformat() if isinstance(published, date) and not isinstance(published, datetime) else None
        first_seen = row["first_seen"] if row is not None else now_iso
        if row is not None and (row["published_utc"], row["published_date"]) == (published_utc, published_date):
            sort_time = row["sort_time"]
        else:
            sort_time = _sort_time(published, first_seen, tz, self._same_day_count(site, published_date))
        modified_utc = utc_iso(article.modified) if article.modified else None
        digest = _content_hash(article, published_utc or published_date)
        tag_slugs = [self._tag_slug(site, name) for name in article.tags]
        author_slugs = [self._name_slug("authors", site, name) for name in article.authors]
        if row is None:
            guid = article.url
            self.db.execute(
                "INSERT INTO articles (site, key, guid, url, title, author, summary, body, image, page_section, "
                "published_utc, published_date, published_raw, published_source, published_relative, modified_utc, "
                "first_seen, last_seen, updated_utc, sort_time, content_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (site, key, guid, article.url, article.title, article.author, article.summary, article.body, article.image,
                 article.page_section, published_utc, published_date, raw, source, int(relative), modified_utc,
                 first_seen, now_iso, None, sort_time, digest),
            )
            outcome = "new"
        elif row["content_hash"] != digest or row["url"] != article.url:
            updated = modified_utc if modified_utc and modified_utc > (row["updated_utc"] or "") else now_iso
            self.db.execute(
                "UPDATE articles SET url = ?, title = ?, author = ?, summary = ?, body = ?, image = ?, page_section = ?, "
                "published_utc = ?, published_date = ?, published_raw = ?, published_source = ?, published_relative = ?, "
                "modified_utc = ?, last_seen = ?, updated_utc = ?, sort_time = ?, content_hash = ? WHERE site = ? AND key = ?",
                (article.url, article.title, article.author, article.summary, article.body, article.image, article.page_section,
                 published_utc, published_date, raw, source, int(relative), modified_utc, now_iso,
                 updated if row["content_hash"] != digest else row["updated_utc"], sort_time, digest, site, key),
            )
            outcome = "updated"
        else:
            self.db.execute("UPDATE articles SET last_seen = ? WHERE site = ? AND key = ?", (now_iso, site, key))
            outcome = "unchanged"
        if outcome == "new":  # every feed it is in changes: nothing to learn from the links
            for table, slugs in (("article_tags", tag_slugs), ("article_sections", article.sections),
                                 ("article_authors", author_slugs)):
                self._link_many(table, site, key, slugs, report=False)
            added_tags, added_sections, added_authors = tag_slugs, list(article.sections), author_slugs
        else:
            added_tags = self._link_many("article_tags", site, key, tag_slugs)
            added_sections = self._link_many("article_sections", site, key, article.sections)
            added_authors = self._relink(site, key, author_slugs)
        if outcome != "unchanged":
            tags = tag_slugs if outcome == "new" else self._slugs_of(site, key, "article_tags")
            self._mark_dirty(site, [FEED_ALL] + [("tag", s) for s in tags] + [("section", s) for s in sections]
                             + [("author", s) for s in {*author_slugs, *added_authors}])
        else:
            self._mark_dirty(site, [("tag", s) for s in added_tags] + [("section", s) for s in added_sections]
                             + [("author", s) for s in added_authors])
        # Stored: no longer waiting, under this URL or another form of it (whichever process recorded it).
        # Two statements, each on its index: with OR, SQLite would read every pending record of the site.
        self.db.execute("DELETE FROM pending WHERE site = ? AND key = ?", (site, key))
        self.db.execute("DELETE FROM pending WHERE site = ? AND url = ?", (site, article.url))
        return outcome

    def _same_day_count(self, site: str, published_date: str | None) -> int:
        if not published_date:
            return 0
        return self.db.execute("SELECT COUNT(*) FROM articles WHERE site = ? AND published_date = ?",
                               (site, published_date)).fetchone()[0]

    @_writes
    def add_tags(self, site: str, key: str, names: Iterable[str]) -> None:
        """Merge more tags into an article (the same article reached twice in one run)."""
        added = self._link_many("article_tags", site, key, [self._tag_slug(site, n) for n in names])
        if added:
            self._mark_dirty(site, [("tag", s) for s in added])

    @_writes
    def add_section(self, site: str, key: str, section: str) -> bool:
        """Record that a section lists an article; True when that is news."""
        added = self._link_many("article_sections", site, key, [section])
        if added and self.db.execute("SELECT 1 FROM articles WHERE site = ? AND key = ?", (site, key)).fetchone():
            self._mark_dirty(site, [("section", section)])
        return bool(added)

    @_writes
    def add_sections(self, site: str, keys: Iterable[str], section: str) -> int:
        """Record that a listing page of a section lists these articles; returns how many were news. (Two
        statements per page, however many articles it lists: a round trip to a database server counts.)"""
        added = [key for key, _ in self._links("article_sections", site, [(key, section) for key in keys])]
        stored = False
        for start in range(0, len(added), CHUNK):
            chunk = added[start:start + CHUNK]
            stored = stored or self.db.execute(f"SELECT 1 FROM articles WHERE site = ? AND key IN ({','.join('?' * len(chunk))}) "
                                               "LIMIT 1", (site, *chunk)).fetchone() is not None
        if stored:
            self._mark_dirty(site, [("section", section)])
        return len(added)

    def _link_many(self, table: str, site: str, key: str, slugs: Iterable[str], report: bool = True) -> list[str]:
        """Link an article to these slugs; returns the slugs that were not linked yet, in their order."""
        return [slug for _, slug in self._links(table, site, [(key, slug) for slug in slugs], report)]

    def _links(self, table: str, site: str, pairs: Iterable[tuple[str, str]], report: bool = True) -> list[tuple[str, str]]:
        """Insert (key, slug) membership rows in one statement per chunk; returns the new ones, in order
        (unless not `report`: then nothing waits for the answer)."""
        wanted = list(dict.fromkeys(pairs))
        added: set[tuple[str, str]] = set()
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start:start + CHUNK]
            rows = self.db.execute(
                f"INSERT INTO {table} (site, key, slug) VALUES {', '.join(['(?, ?, ?)'] * len(chunk))} "
                f"ON CONFLICT DO NOTHING{' RETURNING key, slug' if report else ''}",
                [v for key, slug in chunk for v in (site, key, slug)])
            if report:
                added.update((row[0], row[1]) for row in rows.fetchall())
        return [pair for pair in wanted if pair in added]

    def _slugs_of(self, site: str, key: str, table: str) -> list[str]:
        return [r[0] for r in self.db.execute(f"SELECT slug FROM {table} WHERE site = ? AND key = ?", (site, key))]

    def _tag_slug(self, site: str, name: str) -> str:
        return self._name_slug("tags", site, name)

    def _name_slug(self, table: str, site: str, name: str) -> str:
        """The slug a tag or author name has on this site, given a new one on first sight."""
        nkey = name_key(name)
        cached = self._slug_cache.get((table, site, nkey))
        if cached:
            return cached
        row = self.db.execute(f"SELECT slug FROM {table} WHERE site = ? AND name_key = ?", (site, nkey)).fetchone()
        if row:
            slug = row[0]
        else:
            taken = {r[0] for r in self.db.execute(f"SELECT slug FROM {table} WHERE site = ?", (site,))}
            slug = unique_slug(name, taken)
            self.db.execute(f"INSERT INTO {table} VALUES (?, ?, ?, ?)", (site, slug, name, nkey))
        self._slug_cache[(table, site, nkey)] = slug
        return slug

    def _relink(self, site: str, key: str, author_slugs: list[str]) -> list[str]:
        """Make an article's authors exactly these; returns the slugs added or removed (their feeds changed)."""
        old = set(self._slugs_of(site, key, "article_authors"))
        new = set(author_slugs)
        if old == new:
            return []
        self.db.executemany("DELETE FROM article_authors WHERE site = ? AND key = ? AND slug = ?",
                            [(site, key, s) for s in old - new])
        self._link_many("article_authors", site, key, [s for s in author_slugs if s not in old])
        return sorted(old ^ new)

    @_writes
    def relink_authors(self, site: str, people_of: Callable[[str | None], list[str]]) -> int:
        """Recompute every stored article's authors (the author rules changed, or the store predates author
        feeds); marks the author feeds that gained or lost articles. Returns how many articles changed."""
        linked: dict[str, set[str]] = {}
        for key, slug in self.db.execute("SELECT key, slug FROM article_authors WHERE site = ?", (site,)).fetchall():
            linked.setdefault(key, set()).add(slug)
        changed, gone, added, touched = 0, [], [], set()  # whole-site statements, not a few per article
        for key, author in self.db.execute("SELECT key, author FROM articles WHERE site = ?", (site,)).fetchall():
            slugs = [self._name_slug("authors", site, name) for name in people_of(author)]
            old = linked.get(key, set())
            if old != set(slugs):
                changed += 1
                gone += [(site, key, s) for s in old - set(slugs)]
                added += [(key, s) for s in slugs if s not in old]
                touched |= old ^ set(slugs)
        if gone:
            self.db.executemany("DELETE FROM article_authors WHERE site = ? AND key = ? AND slug = ?", gone)
        self._links("article_authors", site, added, report=False)
        self._mark_dirty(site, [("author", s) for s in sorted(touched)])
        return changed

    # --- feeds -----------------------------------------------------------------------------------
    def _mark_dirty(self, site: str, feeds: Iterable[tuple[str, str]]) -> None:
        fresh = [(site, kind, slug) for kind, slug in dict.fromkeys(feeds) if (site, kind, slug) not in self._marked]
        if not fresh:
            return
        self.db.executemany(
            "INSERT INTO feeds (site, kind, slug, dirty) VALUES (?, ?, ?, 1) ON CONFLICT(site, kind, slug) DO UPDATE SET dirty = 1",
            fresh,
        )
        self._marked.update(fresh)

    @_writes
    def mark_all_dirty(self, site: str) -> None:
        feeds = [FEED_ALL]
        feeds += [("tag", r[0]) for r in self.db.execute("SELECT DISTINCT slug FROM article_tags WHERE site = ?", (site,))]
        feeds += [("section", r[0]) for r in self.db.execute("SELECT slug FROM sections WHERE site = ?", (site,))]
        feeds += [("author", r[0]) for r in self.db.execute("SELECT DISTINCT slug FROM article_authors WHERE site = ?", (site,))]
        self._mark_dirty(site, feeds)

    def all_feeds(self, site: str) -> list[tuple[str, str, bool]]:
        """Every feed of a site that has at least one article: (kind, slug, dirty)."""
        rows = self.db.execute(
            "SELECT f.kind, f.slug, f.dirty FROM feeds f WHERE f.site = ? AND ("
            " (f.kind = 'all' AND EXISTS (SELECT 1 FROM articles a WHERE a.site = f.site)) OR"
            " (f.kind = 'tag' AND EXISTS (SELECT 1 FROM article_tags t JOIN articles a ON a.site = t.site AND a.key = t.key"
            "   WHERE t.site = f.site AND t.slug = f.slug)) OR"
            " (f.kind = 'author' AND EXISTS (SELECT 1 FROM article_authors w JOIN articles a ON a.site = w.site AND a.key = w.key"
            "   WHERE w.site = f.site AND w.slug = f.slug)) OR"
            " (f.kind = 'section' AND EXISTS (SELECT 1 FROM article_sections s JOIN articles a ON a.site = s.site AND a.key = s.key"
            "   WHERE s.site = f.site AND s.slug = f.slug AND s.slug IN (SELECT slug FROM sections WHERE site = f.site))))"
            " ORDER BY f.kind, f.slug",
            (site,),
        )
        return [(r[0], r[1], bool(r[2])) for r in rows]

    @_writes
    def mark_clean(self, site: str, feeds: Iterable[tuple[str, str]]) -> None:
        cleaned = [(site, kind, slug) for kind, slug in feeds]
        self.db.executemany("UPDATE feeds SET dirty = 0 WHERE site = ? AND kind = ? AND slug = ?", cleaned)
        self._marked.difference_update(cleaned)

    def feed_name(self, site: str, kind: str, slug: str) -> str:
        row = None
        if kind in MEMBERSHIP:
            row = self.db.execute(f"SELECT name FROM {MEMBERSHIP[kind][1]} WHERE site = ? AND slug = ?", (site, slug)).fetchone()
        return row[0] if row else slug

    def feed_articles(self, site: str, kind: str, slug: str, limit: int) -> list[ArticleRecord]:
        """The newest `limit` articles of one feed, newest first, ties broken by key for stable output."""
        # IN_ORDER fixes the join order on SQLite: walk the feed's own members, not every article of the site.
        if kind in MEMBERSHIP:
            rows = self.db.execute(
                f"SELECT a.* FROM {MEMBERSHIP[kind][0]} t {self.IN_ORDER} articles a ON a.site = t.site AND a.key = t.key "
                "WHERE t.site = ? AND t.slug = ? ORDER BY a.sort_time DESC, a.key DESC LIMIT ?", (site, slug, limit))
        else:
            rows = self.db.execute("SELECT * FROM articles WHERE site = ? ORDER BY sort_time DESC, key DESC LIMIT ?",
                                   (site, limit))
        return self._records(site, rows.fetchall())

    def _records(self, site: str, found: list[Any]) -> list[ArticleRecord]:
        """Rows of one site's articles with their tags and sections."""
        keys = [row["key"] for row in found]
        tags = self._memberships(site, keys, "SELECT at.key, t.slug, t.name FROM article_tags at JOIN tags t "
                                             "ON t.site = at.site AND t.slug = at.slug WHERE at.site = ? AND at.key IN ({}) "
                                             "ORDER BY t.name_key")
        sections = self._memberships(site, keys, "SELECT a.key, s.slug, s.name FROM article_sections a JOIN sections s "
                                                 "ON s.site = a.site AND s.slug = a.slug WHERE a.site = ? AND a.key IN ({}) "
                                                 "ORDER BY s.slug")
        return [self._record(row, tags.get(row["key"], ()), sections.get(row["key"], ())) for row in found]

    def _memberships(self, site: str, keys: list[str], query: str) -> dict[str, tuple[tuple[str, str], ...]]:
        found: dict[str, list[tuple[str, str]]] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            for key, slug, name in self.db.execute(query.format(",".join("?" * len(chunk))), (site, *chunk)):
                found.setdefault(key, []).append((slug, name))
        return {key: tuple(values) for key, values in found.items()}

    def _record(self, row: Any, tags: tuple[tuple[str, str], ...],
                sections: tuple[tuple[str, str], ...]) -> ArticleRecord:
        return ArticleRecord(
            site=row["site"], key=row["key"], guid=row["guid"], url=row["url"], title=row["title"], author=row["author"],
            summary=row["summary"], body=row["body"], image=row["image"], published_utc=row["published_utc"],
            published_date=row["published_date"], published_raw=row["published_raw"],
            published_source=row["published_source"], modified_utc=row["modified_utc"], first_seen=row["first_seen"],
            updated_utc=row["updated_utc"], sort_time=row["sort_time"], tags=tags, sections=sections,
        )

    def feed_summaries(self) -> list[FeedSummary]:
        """Every feed of every site with its item count and newest item time, for the index and OPML.
        (IN_ORDER walks the membership tables first, whatever statistics SQLite's planner has.)"""
        summaries: list[FeedSummary] = []
        for row in self.db.execute("SELECT site, COUNT(*), MAX(sort_time) FROM articles GROUP BY site ORDER BY site"):
            summaries.append(FeedSummary(row[0], "all", "", "All articles", row[1], row[2]))
        for kind in ("section", "tag", "author"):  # sections by slug, tags and authors by name
            members, names = MEMBERSHIP[kind]
            ordered = "m.slug" if kind == "section" else "n.name_key"
            for row in self.db.execute(
                f"SELECT m.site, m.slug, n.name, COUNT(*), MAX(a.sort_time) FROM {members} m "
                f"{self.IN_ORDER} articles a ON a.site = m.site AND a.key = m.key "
                f"JOIN {names} n ON n.site = m.site AND n.slug = m.slug GROUP BY m.site, m.slug, n.name, {ordered} "
                f"ORDER BY m.site, {ordered}"
            ):
                summaries.append(FeedSummary(row[0], kind, row[1], row[2], row[3], row[4]))
        return summaries

    # --- custom feeds: candidates by plain SQL, rules applied in Python (newsfeeds.customfeeds) ---------
    def member_slugs(self, site: str, kind: str, names: Iterable[str]) -> dict[str, str]:
        """Name (or slug) -> slug for the sections, tags or authors of a site that exist in the store."""
        table = MEMBERSHIP[kind][1]
        found: dict[str, str] = {}
        for name in names:
            row = self.db.execute(f"SELECT slug FROM {table} WHERE site = ? AND (slug = ? OR lower(name) = lower(?))",
                                  (site, name, name)).fetchone()
            if row is None and kind != "section":
                row = self.db.execute(f"SELECT slug FROM {table} WHERE site = ? AND name_key = ?",
                                      (site, name_key(name))).fetchone()
            if row is not None:
                found[name] = row[0]
        return found

    def feed_candidates(self, site: str, sources: dict[str, list[str]] | None, after: tuple[str, str] | None,
                        limit: int) -> list[ArticleRecord]:
        """One page of a site's articles, newest first, that belong to any of the given sections, tags or
        authors (kind -> slugs; None: every article), strictly older than `after` (sort_time, key)."""
        where = ["a.site = ?"]
        params: list[object] = [site]
        if sources is not None:
            alternatives = []
            for kind, slugs in sources.items():
                if slugs:
                    alternatives.append(f"EXISTS (SELECT 1 FROM {MEMBERSHIP[kind][0]} m WHERE m.site = a.site AND "
                                        f"m.key = a.key AND m.slug IN ({','.join('?' * len(slugs))}))")
                    params += slugs
            if not alternatives:
                return []
            where.append(f"({' OR '.join(alternatives)})")
        if after is not None:
            where.append("(a.sort_time < ? OR a.sort_time = ? AND a.key < ?)")
            params += [after[0], after[0], after[1]]
        rows = self.db.execute(f"SELECT a.* FROM articles a WHERE {' AND '.join(where)} "
                               "ORDER BY a.sort_time DESC, a.key DESC LIMIT ?", (*params, limit))
        return self._records(site, rows.fetchall())

    def custom_feed_states(self) -> list[CustomFeedState]:
        rows = self.db.execute("SELECT owner, slug, title, fingerprint, items, newest, expires FROM custom_feeds "
                               "ORDER BY owner, slug")
        return [CustomFeedState(*row) for row in rows]

    @_writes
    def save_custom_feed_state(self, state: CustomFeedState) -> None:
        self.db.execute(
            "INSERT INTO custom_feeds VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(owner, slug) DO UPDATE SET "
            "title = excluded.title, fingerprint = excluded.fingerprint, items = excluded.items, "
            "newest = excluded.newest, expires = excluded.expires",
            (state.owner, state.slug, state.title, state.fingerprint, state.items, state.newest, state.expires))

    @_writes
    def drop_custom_feed_state(self, owner: str, slug: str) -> None:
        self.db.execute("DELETE FROM custom_feeds WHERE owner = ? AND slug = ?", (owner, slug))

    # --- conditional requests and retries ----------------------------------------------------------
    def validators(self, url: str) -> tuple[str | None, str | None]:
        row = self.db.execute("SELECT etag, last_modified FROM validators WHERE url = ?", (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    @_writes
    def save_validators(self, entries: Iterable[tuple[str, str | None, str | None]], now: datetime) -> None:
        self.db.executemany(
            "INSERT INTO validators VALUES (?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, "
            "last_modified = excluded.last_modified, checked = excluded.checked",
            [(url, etag, modified, utc_iso(now)) for url, etag, modified in entries],
        )

    @_writes
    def add_pending(self, site: str, url: str, sections: Iterable[str], error: str, now: datetime) -> None:
        """Remember an article that could not be fetched so the next run retries it."""
        row = self.db.execute("SELECT sections, attempts FROM pending WHERE site = ? AND url = ?", (site, url)).fetchone()
        merged = sorted(set(json.loads(row[0]) if row else []) | set(sections))
        self.db.execute(
            "INSERT INTO pending (site, url, sections, attempts, last_error, last_attempt, key) VALUES (?, ?, ?, 1, ?, ?, ?) "
            "ON CONFLICT(site, url) DO UPDATE SET sections = excluded.sections, attempts = pending.attempts + 1, "
            "last_error = excluded.last_error, last_attempt = excluded.last_attempt",
            (site, url, json.dumps(merged), error[:500], utc_iso(now), identity_key(url)),
        )

    def pending(self, site: str, max_attempts: int = 10) -> list[tuple[str, list[str]]]:
        rows = self.db.execute("SELECT url, sections FROM pending WHERE site = ? AND attempts < ? ORDER BY url",
                               (site, max_attempts))
        return [(r[0], json.loads(r[1])) for r in rows]

    # --- the frontier: articles discovered and not stored yet, listing walks ---------------------------
    @_writes
    def add_discovered(self, site: str, links: Iterable[tuple[str, str, list[str], str | None]], now: datetime,
                       step: WalkStep | None = None) -> int:
        """Record article links a listing page named (url, key, sections, listing JSON), after every one recorded
        before, and how far the listing's walk got, in one transaction: a run killed at any moment leaves
        either the page read or not at all. A URL already pending keeps its place. Returns the links added."""
        fresh = list({url: (url, key, sections, listing) for url, key, sections, listing in links}.values())
        added = 0
        if fresh:
            # Numbers are never given twice, even once the records before have gone: a run reading the
            # table in order (newsfeeds.frontier) must meet every record added behind where it reads.
            counter = f"pending_seq:{site}"
            last = max(int(self.get_meta(counter) or 0),
                       self.db.execute("SELECT MAX(seq) FROM pending WHERE site = ?", (site,)).fetchone()[0] or 0)
            self.set_meta(counter, str(last + len(fresh)))
            stamp = utc_iso(now)
            for start in range(0, len(fresh), DISCOVERED_CHUNK):
                chunk = fresh[start:start + DISCOVERED_CHUNK]
                values: list[object] = []
                for offset, (url, key, sections, listing) in enumerate(chunk, start=last + start + 1):
                    values += [site, url, json.dumps(sorted(set(sections))), 0, None, stamp, key, listing, offset]
                rows = self.db.execute(
                    "INSERT INTO pending (site, url, sections, attempts, last_error, last_attempt, key, listing, seq) "
                    f"VALUES {', '.join(['(?, ?, ?, ?, ?, ?, ?, ?, ?)'] * len(chunk))} "
                    "ON CONFLICT (site, url) DO NOTHING RETURNING url", values)
                added += len(rows.fetchall())
        if step is not None:
            self._walked(site, step, now)
        return added

    def _walked(self, site: str, step: WalkStep, now: datetime) -> None:
        if step.full:  # the full walk read pages 1..page; next_url follows them
            self.db.execute(
                "INSERT INTO walks (site, section, url, depth, next_url, head, updated) VALUES (?, ?, ?, ?, ?, NULL, ?) "
                "ON CONFLICT (site, section, url) DO UPDATE SET depth = excluded.depth, next_url = excluded.next_url, "
                "updated = excluded.updated", (site, step.section, step.url, step.page, step.next_url, utc_iso(now)))
            return
        head = step.page + 1 if step.going_on else None
        self.db.execute(
            "INSERT INTO walks (site, section, url, depth, next_url, head, updated) VALUES (?, ?, ?, 0, NULL, ?, ?) "
            "ON CONFLICT (site, section, url) DO UPDATE SET head = excluded.head, updated = excluded.updated",
            (site, step.section, step.url, head, utc_iso(now)))

    def pending_batch(self, site: str, after: tuple[int, str] | None, limit: int,
                      max_attempts: int = 10) -> list[PendingArticle]:
        """The next pending articles in the order they were found, strictly after `after` (seq, url)."""
        seq, url = after if after is not None else (-1, "")
        rows = self.db.execute(
            "SELECT seq, url, sections, attempts, listing FROM pending WHERE site = ? AND attempts < ? "
            "AND (seq, url) > (?, ?) ORDER BY seq, url LIMIT ?", (site, max_attempts, seq, url, limit))
        return [PendingArticle(r[0], r[1], json.loads(r[2]), r[3], r[4]) for r in rows]

    def last_pending(self, site: str) -> int | None:
        """The `seq` of the last pending article found (None: nothing pending)."""
        return self.db.execute("SELECT MAX(seq) FROM pending WHERE site = ?", (site,)).fetchone()[0]

    def count_pending(self, site: str, max_attempts: int = 10) -> int:
        return self.db.execute("SELECT COUNT(*) FROM pending WHERE site = ? AND attempts < ?",
                               (site, max_attempts)).fetchone()[0]

    def walks(self, site: str) -> list[Walk]:
        rows = self.db.execute("SELECT section, url, depth, next_url, head FROM walks WHERE site = ? ORDER BY section, url",
                               (site,))
        return [Walk(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    @_writes
    def remove_pending(self, site: str, url: str) -> None:
        self.db.execute("DELETE FROM pending WHERE site = ? AND url = ?", (site, url))

    # --- retention -----------------------------------------------------------------------------
    @_writes
    def prune(self, site: str, older_than: datetime, keep_per_feed: int, now: datetime,
              also_keep: Collection[str] = ()) -> int:
        """Drop articles older than a cutoff unless still inside some feed's window (`also_keep`: the
        keys custom feeds hold, which their rules decide); keep a tombstone so a pruned article that
        reappears on a listing is not taken for news."""
        cutoff = utc_iso(older_than)
        keep: set[str] = set(also_keep)
        for kind, slug, _ in self.all_feeds(site):
            keep.update(a.key for a in self._feed_keys(site, kind, slug, keep_per_feed))
        old = [r[0] for r in self.db.execute("SELECT key FROM articles WHERE site = ? AND sort_time < ?", (site, cutoff))]
        doomed = [k for k in old if k not in keep]
        for key in doomed:
            first_seen = self.db.execute("SELECT first_seen FROM articles WHERE site = ? AND key = ?", (site, key)).fetchone()[0]
            self.db.execute("INSERT INTO tombstones (site, key, first_seen, pruned) VALUES (?, ?, ?, ?) ON CONFLICT (site, key) "
                            "DO UPDATE SET first_seen = excluded.first_seen, pruned = excluded.pruned",
                            (site, key, first_seen, utc_iso(now)))
            for table in ("articles", "article_tags", "article_sections", "article_authors"):
                self.db.execute(f"DELETE FROM {table} WHERE site = ? AND key = ?", (site, key))
        if doomed:
            self._mark_dirty(site, [FEED_ALL])  # the index's item counts changed
        return len(doomed)

    def _feed_keys(self, site: str, kind: str, slug: str, limit: int) -> Iterator[ArticleRecord]:
        yield from self.feed_articles(site, kind, slug, limit)


def _stored_published(row: Any) -> datetime | date | None:
    if row["published_utc"]:
        return datetime.fromisoformat(row["published_utc"])
    if row["published_date"]:
        return date.fromisoformat(row["published_date"])
    return None


def _sort_time(published: datetime | date | None, first_seen: str, tz: tzinfo, same_day: int = 0) -> str:
    """The instant an article is filed under: its publication time; for a day-only date, the first
    sighting if it fell on that day, else the start of that day in the site's zone (a second apart
    per article already filed there, so same-day items keep their discovery order and distinct
    times); with no date, the first sighting."""
    if isinstance(published, datetime):
        return utc_iso(published)
    if isinstance(published, date):
        seen = datetime.fromisoformat(first_seen)
        if seen.astimezone(tz).date() == published:
            return first_seen
        return utc_iso(datetime.combine(published, time(0, 0), tzinfo=tz) + timedelta(seconds=min(same_day, 3599)))
    return first_seen


def _storable(article: ArticleInput) -> ArticleInput:
    """Text the database and every feed format can hold: no lone surrogates or XML-forbidden characters."""
    def safe(value: str | None) -> str | None:
        return xml_safe(value) if value else value

    return replace(article, title=xml_safe(article.title), author=safe(article.author), summary=safe(article.summary),
                   body=safe(article.body), image=safe(article.image), url=xml_safe(article.url),
                   tags=tuple(t for t in (xml_safe(t).strip() for t in article.tags) if t))


def _content_hash(article: ArticleInput, published: str | None) -> str:
    payload = json.dumps([article.title, article.author, article.summary, article.body, article.image, published],
                         ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()

