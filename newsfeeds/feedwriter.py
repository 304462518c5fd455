"""Store → static feed files: RSS 2.0, Atom 1.0 and JSON Feed 1.1 per site, section, tag, author and
custom feed, each with a page for people (`<feed>.html`).

Feeds are built from the store (so they keep their history), newest first, and are byte-stable:
every date comes from the items, never from the clock, so an unchanged site leaves every file
untouched. Only feeds marked dirty by the store (or missing on disk) are rebuilt; a custom feed only
when one of its sources is. Each file stays within a byte budget (NEWSFEEDS_MAX_FEED_BYTES): the
oldest items are left out, never part of one.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import mimetypes
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

from lxml import etree  # first: feedgen.util uses lxml.etree without importing it
from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.ext.dc import DcEntryExtension, DcExtension
from feedgen.ext.media import MediaEntryExtension, MediaExtension
from feedgen.feed import FeedGenerator

from newsfeeds import __version__
from newsfeeds.customfeeds import CustomFeed, SharedFeeds, due, fingerprint, select
from newsfeeds.feedindex import write_index
from newsfeeds.feedpage import PageFacts, render_page
from newsfeeds.files import StagedWrites, remove_stale_temporaries
from newsfeeds.html import xml_safe
from newsfeeds.lock import waiting_lock
from newsfeeds.profiles import Profile, bare_profile
from newsfeeds.store import ArticleRecord, CustomFeedState, Store, StoreLocation, open_store

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

FORMAT_VERSION = "2"  # bump when the output format changes, so every feed is rebuilt once
FORMATS = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}
OUTPUTS = (*FORMATS, "html")  # the three feed formats and the feed's page
JSONFEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM_NS = "http://www.w3.org/2005/Atom"
DEFAULT_MAX_BYTES = 512 * 1024
ANALYZE_AFTER = 100  # feeds to render in one pass above which the store's statistics are refreshed first


@dataclass
class WriteResult:
    """What a feed-writing pass did, for logs and the run report."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    feeds: int = 0
    index_due: bool = False

    def merge(self, other: WriteResult) -> None:
        self.written += other.written
        self.unchanged += other.unchanged
        self.feeds += other.feeds
        self.index_due = self.index_due or other.index_due


def _files_under(root: Path, site: str) -> tuple[str, frozenset[str]]:
    """Every file of a site's feed directory, as paths relative to the feed directory."""
    found: list[str] = []
    pending = [site]
    while pending:
        relative = pending.pop()
        try:
            entries = list(os.scandir(root / relative))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append(f"{relative}/{entry.name}")
            else:
                found.append(f"{relative}/{entry.name}")
    return site, frozenset(found)


def feed_path(site: str, kind: str, slug: str, fmt: str) -> str:
    """Where a feed lives, relative to the feed directory (a custom feed across sites: custom/<slug>)."""
    if kind == "all":
        return f"{site}/all.{fmt}"
    return f"{site}/{kind}/{slug}.{fmt}" if site else f"{kind}/{slug}.{fmt}"


@dataclass(frozen=True)
class FeedOptions:
    """How every feed is written, from the NEWSFEEDS_* settings (picklable: worker processes render too)."""

    base_url: str
    max_items: int = 50
    max_bytes: int = DEFAULT_MAX_BYTES
    hubs: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> FeedOptions:
        from newsfeeds.config import setting

        from newsfeeds.websub import hub_urls

        return cls(setting(settings, "NEWSFEEDS_BASE_URL"), setting(settings, "NEWSFEEDS_MAX_ITEMS"),
                   setting(settings, "NEWSFEEDS_MAX_FEED_BYTES"), hub_urls(setting(settings, "NEWSFEEDS_WEBSUB_HUBS")))


@dataclass
class _Plan:
    """One writing pass over a site: what to render, and what has been staged so far."""

    config: str
    facts: str
    stored: tuple[str | None, str | None]
    result: WriteResult = field(default_factory=WriteResult)
    todo: list[tuple[str, str]] = field(default_factory=list)
    done: list[tuple[str, str]] = field(default_factory=list)
    customs: list[Any] = field(default_factory=list)

    def staged(self, outcome: WriteResult, kind: str, slug: str) -> None:
        self.result.merge(outcome)
        self.done.append((kind, slug))


class Pending(Protocol):
    done: bool

    def result(self) -> Any: ...


class Helper(Protocol):
    """Where feeds can be rendered besides this process (newsfeeds.workers.ExtractionPool)."""

    def submit(self, fn: Any, *args: Any, profile: Profile | None = None) -> Pending | None: ...

    def poll(self) -> None: ...


class FeedWriter:
    """Writes one site's feeds and the shared index into a directory a web server serves as is."""

    def __init__(self, store: Store, out_dir: str | Path, base_url: str, max_items: int = 50, *,
                 max_bytes: int = DEFAULT_MAX_BYTES, hubs: tuple[str, ...] = (), shared: SharedFeeds | None = None,
                 now: datetime | None = None) -> None:
        self.store = store
        self.out_dir = Path(out_dir)
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.max_items = max_items
        self._present: tuple[str, frozenset[str]] = ("", frozenset())
        self.max_bytes = max_bytes
        self.hubs = hubs
        self.shared = shared or SharedFeeds((), {}, "")
        self.now = now or datetime.now(timezone.utc)

    @classmethod
    def from_settings(cls, store: Store, settings: BaseSettings, now: datetime | None = None) -> FeedWriter:
        """The writer a crawl or `scrapy write-feeds` uses: NEWSFEEDS_* settings and the shared custom feeds."""
        from newsfeeds.config import setting
        from newsfeeds.customfeeds import load_shared_feeds

        options = FeedOptions.from_settings(settings)
        return cls(store, setting(settings, "NEWSFEEDS_DIR"), options.base_url, options.max_items,
                   max_bytes=options.max_bytes, hubs=options.hubs, shared=load_shared_feeds(settings), now=now)

    @property
    def options(self) -> FeedOptions:
        return FeedOptions(self.base_url, self.max_items, self.max_bytes, self.hubs)

    def url_for(self, relative: str) -> str:
        return self.base_url + quote(relative)

    def write_site(self, profile: Profile, helper: Helper | None = None, index: bool = True) -> WriteResult:
        """Rebuild the site's dirty or missing feeds, then the index (unless `index` is False: the caller
        writes it once for many sites); returns what was written. With a `helper` (the crawl's extraction
        workers, idle by now), feeds are rendered there and here at once, each side taking the next
        feed when it is free."""
        plan = self._plan(profile)
        if helper is None or len(plan.todo) <= 4:
            helper = None
        with StagedWrites() as staged:
            for kind, slug, outputs in self._rendered(profile, plan.todo, EntryCache(profile), helper):
                plan.staged(self._stage(profile.name, kind, slug, outputs, staged), kind, slug)
        return self._finish(profile, plan, index)

    async def write_site_async(self, profile: Profile, pool: Any, index: bool = True) -> WriteResult:
        """`write_site` for a process crawling other sites meanwhile (crawlall): every feed is rendered by
        the workers while the event loop goes on downloading; this process only stages the files."""
        plan = self._plan(profile)
        cache = EntryCache(profile)
        gate = asyncio.Semaphore(2 * max(1, pool.size))  # enough to keep every worker busy, not the whole site queued

        async def one(kind: str, slug: str, staged: StagedWrites) -> None:
            def here() -> dict[str, bytes]:
                return self.render_feed(profile, kind, slug, cache)
            async with gate:
                try:
                    outputs = await pool.run(render_elsewhere, self.store.location, self.options, profile.name, kind,
                                             slug, profile=profile, local=here)
                except Exception as exc:
                    logger.warning("Rendering feed %s/%s in a worker failed (%s); rendering it here", kind, slug, exc)
                    outputs = here()
            plan.staged(self._stage(profile.name, kind, slug, outputs, staged), kind, slug)

        staged = StagedWrites()
        outcomes = await asyncio.gather(*(one(kind, slug, staged) for kind, slug in plan.todo), return_exceptions=True)
        failures = [o for o in outcomes if isinstance(o, BaseException)]
        if failures:
            staged.abort()
            raise failures[0]  # after every feed settled: nothing is staged into an aborted batch
        try:
            await asyncio.to_thread(staged.commit)  # the fsyncs wait on the disk, not on the event loop
        except BaseException:
            staged.abort()
            raise
        return self._finish(profile, plan, index)

    def _plan(self, profile: Profile) -> _Plan:
        """Which of the site's feeds need rendering: dirty ones, those missing on disk, due custom feeds."""
        site = profile.name
        self._present = _files_under(self.out_dir, site)
        for name in self._present[1]:  # only this site's: other sites' runs may be writing theirs
            if name.rsplit("/", 1)[-1].startswith(".") and name.endswith(".tmp"):
                (self.out_dir / name).unlink(missing_ok=True)  # a killed writer's, never visible under a feed name
        plan = _Plan(config=self._fingerprint(profile), facts=json.dumps({"title": profile.title, "url": profile.url}),
                     stored=(self.store.get_meta(f"feeds_config:{site}"), self.store.get_meta(f"site:{site}")))
        if plan.stored[0] != plan.config:
            self.store.mark_all_dirty(site)
        self._index_authors(profile)
        dirty_feeds: set[tuple[str, str]] = set()
        for kind, slug, dirty in self.store.all_feeds(site):
            plan.result.feeds += 1
            if dirty:
                dirty_feeds.add((kind, slug))
            if not dirty and self._on_disk(site, kind, slug):
                plan.result.unchanged += len(OUTPUTS)
            else:
                plan.todo.append((kind, slug))
        plan.customs = self._due_custom_feeds(profile, dirty_feeds, plan.config, plan.result)
        if len(plan.todo) > ANALYZE_AFTER:
            self.store.refresh_statistics()
        return plan

    def _finish(self, profile: Profile, plan: _Plan, index: bool) -> WriteResult:
        """Custom feeds, the site's facts, the index, and the rendered feeds marked clean."""
        site, result = profile.name, plan.result
        if plan.customs or self.shared.feeds:
            # Shared custom feeds live outside the site's directory: other sites' runs write them too.
            with waiting_lock(self.out_dir), StagedWrites() as staged:
                for feed, sites, state_fingerprint in plan.customs:
                    result.merge(self._write_custom(profile, feed, sites, state_fingerprint, staged))
                self._remove_undefined_custom_feeds(profile)
        if plan.stored != (plan.config, plan.facts):  # no write transaction at all for an unchanged site
            with self.store.transaction():
                self.store.set_meta(f"feeds_config:{site}", plan.config)
                self.store.set_meta(f"site:{site}", plan.facts)
        result.index_due = bool(result.written or plan.done or not (self.out_dir / "index.html").exists())
        if index and result.index_due:
            result.written += self.write_index()
        if plan.done:
            self.store.mark_clean(site, plan.done)
        return result

    def write_index(self) -> list[str]:
        """index.html, feeds.opml and feed.xsl from the whole store, under a lock so that runs of
        different sites finishing together cannot interleave their reads and writes."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        with waiting_lock(self.out_dir):
            remove_stale_temporaries(self.out_dir, recursive=False)
            with StagedWrites() as staged:
                return write_index(self.store, self.out_dir, self.base_url, staged)

    def _rendered(self, profile: Profile, todo: list[tuple[str, str]], cache: EntryCache,
                  helper: Helper | None) -> Iterator[tuple[str, str, dict[str, bytes]]]:
        """Every feed of `todo` rendered, here or by the helper: it keeps two feeds queued, this process
        renders the next one whenever no answer is waiting. A helper that fails leaves its feed to us."""
        queue = deque(todo)
        remote: deque[tuple[str, str, Any]] = deque()
        while queue or remote:
            while helper is not None and queue and len(remote) < 2:
                kind, slug = queue.pop()  # from the end: this process works from the front
                call = helper.submit(render_elsewhere, self.store.location, self.options, profile.name, kind, slug,
                                     profile=profile)
                if call is None:
                    queue.append((kind, slug))
                    helper = None
                    break
                remote.append((kind, slug, call))
            if remote and (not queue or remote[0][2].done):
                kind, slug, call = remote.popleft()
                try:
                    yield kind, slug, call.result()
                except Exception as exc:
                    logger.warning("Rendering feed %s/%s in a worker failed (%s); rendering it here", kind, slug, exc)
                    yield kind, slug, self.render_feed(profile, kind, slug, cache)
            elif queue:
                kind, slug = queue.popleft()
                yield kind, slug, self.render_feed(profile, kind, slug, cache)
            if helper is not None and remote:
                helper.poll()

    def render_feed(self, profile: Profile, kind: str, slug: str, cache: EntryCache | None = None) -> dict[str, bytes]:
        """One feed in all three formats and its page ({} when it has no article)."""
        articles = self.store.feed_articles(profile.name, kind, slug, self.max_items)
        if not articles:
            return {}
        cache = cache or EntryCache(profile)
        name = self.store.feed_name(profile.name, kind, slug)
        meta = FeedMeta.build(profile, kind, slug, name, self)
        return self.render_documents(meta, articles, cache)

    def render_documents(self, meta: FeedMeta, articles: list[ArticleRecord], cache: EntryCache) -> dict[str, bytes]:
        """The three formats within the byte budget, and the page listing the same items."""
        def formats(items: list[ArticleRecord]) -> dict[str, bytes]:
            return {"rss": render_rss(meta, items, cache), "atom": render_atom(meta, items, cache),
                    "json": render_json(meta, items, cache)}

        outputs, kept = within_budget(formats, articles, self.max_bytes)
        if len(kept) < len(articles):
            logger.info("%s: %d of %d items fit in %d bytes", meta.self_urls["rss"], len(kept), len(articles), self.max_bytes)
        outputs["html"] = render_page(meta.page, kept, lambda site: cache.profile_of(site).tz,
                                      lambda site: cache.profile_of(site).title)
        return outputs

    def write_feed(self, profile: Profile, kind: str, slug: str, staged: StagedWrites) -> WriteResult:
        """Build one feed and stage the files whose bytes changed."""
        return self._stage(profile.name, kind, slug, self.render_feed(profile, kind, slug), staged)

    def _stage(self, site: str, kind: str, slug: str, outputs: dict[str, bytes],
               staged: StagedWrites) -> WriteResult:
        result = WriteResult()
        for fmt, data in outputs.items():
            relative = feed_path(site, kind, slug, fmt)
            if staged.stage(self.out_dir / relative, data):
                result.written.append(relative)
            else:
                result.unchanged += 1
        return result

    def _on_disk(self, site: str, kind: str, slug: str) -> bool:
        if site and site == self._present[0]:  # listed once per pass: a stat per file cost a fifth of an unchanged run
            return all(feed_path(site, kind, slug, f) in self._present[1] for f in OUTPUTS)
        return all((self.out_dir / feed_path(site, kind, slug, f)).exists() for f in OUTPUTS)

    def _fingerprint(self, profile: Profile) -> str:
        return fingerprint([FORMAT_VERSION, __version__, self.base_url, self.max_items, self.max_bytes, self.hubs,
                            _profile_facts(profile)])

    # --- author feeds ------------------------------------------------------------------------------
    def _index_authors(self, profile: Profile) -> None:
        """Relink every stored article's authors when the author rules changed (or the store predates
        author feeds); new articles are linked as they are stored."""
        key = f"authors_config:{profile.name}"
        rules = fingerprint([profile.authors.fingerprint(), profile.name, profile.title])
        if self.store.get_meta(key) != rules:
            changed = self.store.relink_authors(profile.name, profile.people)
            self.store.set_meta(key, rules)
            if changed:
                logger.info("Author feeds of %s: the bylines of %d article(s) were read again", profile.name, changed)

    # --- custom feeds --------------------------------------------------------------------------------
    def _custom_feeds(self, profile: Profile) -> list[tuple[CustomFeed, list[str]]]:
        """The site's own custom feeds and the shared ones that may draw from it, with the sites each reads."""
        found = [(feed, [profile.name]) for feed in profile.feeds]
        for feed in self.shared.feeds:
            if not feed.sites or profile.name in feed.sites:
                found.append((feed, list(feed.sites) if feed.sites else self.store.sites()))
        return found

    def custom_feed_keys(self, profile: Profile) -> set[str]:
        """Keys of the site's articles that some custom feed holds now: retention must keep them too."""
        return {article.key for feed, sites in self._custom_feeds(profile)
                for article in select(self.store, feed, sites, self.max_items, self.now).articles
                if article.site == profile.name}

    def _due_custom_feeds(self, profile: Profile, dirty: set[tuple[str, str]], config: str,
                          result: WriteResult) -> list[tuple[CustomFeed, list[str], str]]:
        """Custom feeds to render now: changed sources or definition, files missing, or an item aged out."""
        states = {(s.owner, s.slug): s for s in self.store.custom_feed_states()}
        now = self.now.astimezone(timezone.utc).isoformat()
        todo = []
        for feed, sites in self._custom_feeds(profile):
            result.feeds += 1
            facts = [_profile_facts(self._profile_for(site, profile)) for site in sites]
            state_fingerprint = fingerprint([config if feed.owner else None, self._fingerprint_shared(), feed.owner,
                                             feed.slug, feed.fingerprint(), profile.content, facts])
            state = states.get((feed.owner, feed.slug))
            fresh = (state is not None and state.fingerprint == state_fingerprint
                     and (state.items == 0 or self._on_disk(feed.owner, "custom", feed.slug))
                     and not (state.expires and state.expires <= now) and not due(feed, profile.name, dirty, self.store))
            if fresh:
                result.unchanged += len(OUTPUTS)
            else:
                todo.append((feed, sites, state_fingerprint))
        return todo

    def _fingerprint_shared(self) -> list[Any]:
        return [FORMAT_VERSION, __version__, self.base_url, self.max_items, self.max_bytes, self.hubs]

    def _profile_for(self, site: str, current: Profile) -> Profile:
        """A site's profile for rendering its articles: the crawl's own, a shared file's, or a bare UTC one."""
        if site == current.name:
            return current
        known = self.shared.profiles.get(site)
        if known is not None:
            return known
        return bare_profile(site, self.base_url)

    def render_custom(self, profile: Profile, feed: CustomFeed, sites: list[str]) -> tuple[dict[str, bytes], list[ArticleRecord]]:
        """A custom feed's files and items ({} and [] when its rules select nothing)."""
        selection = select(self.store, feed, sites, self.max_items, self.now)
        if not selection.articles:
            return {}, []
        owner = self._profile_for(feed.owner, profile) if feed.owner else None
        cache = EntryCache(owner or profile, content=feed.content or (owner or profile).content,
                           profile_of=lambda site: self._profile_for(site, profile))
        meta = FeedMeta.custom(feed, owner, [self._profile_for(s, profile) for s in sites], self)
        outputs = self.render_documents(meta, selection.articles, cache)
        return outputs, selection.articles

    def _write_custom(self, profile: Profile, feed: CustomFeed, sites: list[str], state_fingerprint: str,
                      staged: StagedWrites) -> WriteResult:
        outputs, articles = self.render_custom(profile, feed, sites)
        selection_expires = None
        if feed.max_age and articles:
            selection_expires = (datetime.fromisoformat(articles[-1].sort_time) + feed.max_age).isoformat()
        # An empty selection writes nothing: the last files stay as they were, the index stops listing it.
        newest = max((a.sort_time for a in articles), default=None)
        self.store.save_custom_feed_state(CustomFeedState(feed.owner, feed.slug, feed.title, state_fingerprint,
                                                          len(articles), newest, selection_expires))
        return self._stage(feed.owner, "custom", feed.slug, outputs, staged)

    def _remove_undefined_custom_feeds(self, profile: Profile) -> None:
        """Files and state of custom feeds whose definition was removed (this site's, or shared ones)."""
        mine = {f.slug for f in profile.feeds}
        shared = {f.slug for f in self.shared.feeds}
        for state in self.store.custom_feed_states():
            if state.owner == profile.name and state.slug not in mine or state.owner == "" and state.slug not in shared:
                for fmt in OUTPUTS:
                    (self.out_dir / feed_path(state.owner, "custom", state.slug, fmt)).unlink(missing_ok=True)
                self.store.drop_custom_feed_state(state.owner, state.slug)
                logger.info("Custom feed %s is no longer defined: its files were removed",
                            f"{state.owner}/{state.slug}" if state.owner else state.slug)


def _profile_facts(profile: Profile) -> list[Any]:
    """What of a profile shows in its feeds: a change rebuilds them."""
    return [profile.title, profile.url, profile.description, profile.language, profile.timezone, profile.content,
            [(s.slug, s.name, s.url) for s in profile.sections]]


def within_budget(render: Any, articles: list[ArticleRecord], budget: int) -> tuple[dict[str, bytes], list[ArticleRecord]]:
    """Render the newest items that keep every format within `budget` bytes: the oldest are left out
    first and an item is never cut; a single item larger than the budget is still published."""
    outputs: dict[str, bytes] = render(articles)
    count = len(articles)
    while count > 1 and any(len(data) > budget for data in outputs.values()):
        fitting = min(_items_within(fmt, data, budget, count) for fmt, data in outputs.items())
        count = max(1, min(fitting, count - 1))
        outputs = render(articles[:count])
    if any(len(data) > budget for data in outputs.values()):
        logger.warning("One item is larger than the feed byte budget (%d bytes); it is published whole", budget)
    return outputs, articles[:count]


_ITEM_STARTS = {"rss": b"<item>", "atom": b"<entry>", "json": b'\n    {"id": '}


def _items_within(fmt: str, data: bytes, budget: int, count: int) -> int:
    """How many leading items of a rendered file fit in `budget`, from where each item starts (an
    estimate the caller confirms by rendering: the file's closing part is counted as it is now)."""
    marker = _ITEM_STARTS[fmt]
    starts = []
    position = data.find(marker)
    while position != -1:
        starts.append(position)
        position = data.find(marker, position + len(marker))
    if len(starts) != count:
        return count - 1
    if fmt == "json":
        tail = len(data) - data.rfind(b"\n  ]")
    else:
        closing = b"</item>" if fmt == "rss" else b"</entry>"
        tail = len(data) - (data.rfind(closing) + len(closing))
    fitting = 0
    for index in range(1, count + 1):
        end = starts[index] if index < count else len(data) - tail
        if end + tail <= budget:
            fitting = index
    return fitting


_elsewhere: dict[tuple[StoreLocation, FeedOptions], FeedWriter] = {}
_caches: dict[str, tuple[Profile, EntryCache]] = {}


def render_elsewhere(location: StoreLocation, options: FeedOptions, site: str, kind: str, slug: str) -> dict[str, bytes]:
    """Render one feed in a worker process that has been sent the site's profile (see newsfeeds.workers),
    from the store opened there for reading (a SQLite file, or its own connection to PostgreSQL)."""
    from newsfeeds.workers import worker_profile

    key = (location, options)
    if key not in _elsewhere:
        _elsewhere[key] = FeedWriter(open_store(location, readonly=True), Path("."), options.base_url, options.max_items,
                                     max_bytes=options.max_bytes, hubs=options.hubs)
    profile = worker_profile(site)
    if site not in _caches or _caches[site][0] is not profile:
        _caches[site] = (profile, EntryCache(profile))
    return _elsewhere[key].render_feed(profile, kind, slug, _caches[site][1])


@dataclass(frozen=True)
class FeedMeta:
    """The channel-level facts of one feed."""

    title: str
    description: str
    home_url: str
    self_urls: dict[str, str]
    language: str
    site_title: str
    site_url: str
    zone: ZoneInfo
    hubs: tuple[str, ...]
    page: PageFacts

    @classmethod
    def build(cls, profile: Profile, kind: str, slug: str, name: str, writer: FeedWriter) -> FeedMeta:
        site = profile.title
        if kind == "all":
            title, description, home = site, f"Every article from {site}", profile.url
        elif kind == "section":
            section_url = next((s.url for s in profile.sections if s.slug == slug), profile.url)
            title, description, home = f"{site}: {name}", f"The {name} section of {site}", section_url
        elif kind == "author":
            title, description, home = f"{site}: {name}", f"Articles by {name} on {site}", profile.url
        else:
            title, description, home = f"{site}: {name}", f"Articles tagged “{name}” on {site}", profile.url
        return cls.of(title, description, home, profile.language, site, profile.url, profile.tz,
                      feed_path(profile.name, kind, slug, "{fmt}"), writer)

    @classmethod
    def custom(cls, feed: CustomFeed, owner: Profile | None, sources: list[Profile], writer: FeedWriter) -> FeedMeta:
        """A custom feed's channel: its site's, or for a feed across sites the feed directory's own."""
        if owner is not None:
            return cls.of(f"{owner.title}: {feed.title}", feed.description or f"{feed.title}, from {owner.title}",
                          owner.url, owner.language, owner.title, owner.url, owner.tz,
                          feed_path(owner.name, "custom", feed.slug, "{fmt}"), writer)
        names = ", ".join(p.title for p in sources) or "every site"
        language = sources[0].language if sources and all(p.language == sources[0].language for p in sources) else "en"
        return cls.of(feed.title, feed.description or f"{feed.title}, from {names}", writer.base_url + "index.html",
                      language, names, writer.base_url + "index.html", ZoneInfo("UTC"),
                      feed_path("", "custom", feed.slug, "{fmt}"), writer, show_site=True)

    @classmethod
    def of(cls, title: str, description: str, home: str, language: str, site_title: str, site_url: str, zone: ZoneInfo,
           path: str, writer: FeedWriter, show_site: bool = False) -> FeedMeta:
        urls = {fmt: writer.url_for(path.format(fmt=fmt)) for fmt in FORMATS}
        title, description, site_title = xml_safe(title), xml_safe(description), xml_safe(site_title)
        page = PageFacts(title=title, site_title=site_title, description=description, home_url=site_url,
                         language=language, feed_urls=urls, depth=path.count("/"), show_site=show_site)
        return cls(title=title, description=description, home_url=home, self_urls=urls, language=language,
                   site_title=site_title, site_url=site_url, zone=zone, hubs=writer.hubs, page=page)


def _local(value: str, zone: ZoneInfo) -> datetime:
    return datetime.fromisoformat(value).astimezone(zone)


def _entry_updated(article: ArticleRecord) -> str:
    return max(article.sort_time, article.updated_utc or "", article.modified_utc or "")


def _newest(articles: Iterable[ArticleRecord]) -> str:
    return max(_entry_updated(a) for a in articles)


def _image_type(url: str) -> str:
    guessed, _ = mimetypes.guess_type(urlsplit(url).path)
    return guessed if guessed and guessed.startswith("image/") else "image/jpeg"


class LeadImage(BaseEntryExtension):
    """The lead image as an Atom rel="enclosure" link (feedgen drops `rel` from entry links)."""

    def __init__(self) -> None:
        self.url: str | None = None

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        if self.url:
            etree.SubElement(entry, "link", rel="enclosure", href=self.url,
                             type=_image_type(self.url))
        return entry


class EntryCache:
    """Each article's feed entry and JSON item, built once per writing pass however many feeds it is
    in (an article sits in the site feed, its sections, tags and authors). `content="summary"` builds
    entries without bodies; `profile_of` names each article's site profile in a feed across sites."""

    def __init__(self, profile: Profile, limit: int = 1500, content: str | None = None,
                 profile_of: Any = None) -> None:
        self.profile = profile
        self.limit = limit
        self.full = (content or profile.content) == "full"
        self._profile_of = profile_of
        self._entries: dict[tuple[str, str], FeedEntry] = {}
        self._items: dict[tuple[str, str], str] = {}

    def profile_of(self, site: str) -> Profile:
        return self._profile_of(site) if self._profile_of is not None else self.profile

    def entry(self, article: ArticleRecord) -> FeedEntry:
        return self._get(self._entries, article, _feed_entry)

    def item(self, article: ArticleRecord) -> str:
        """The article's JSON Feed item, already encoded."""
        return self._get(self._items, article, _json_item)

    def _get(self, cache: dict[tuple[str, str], Any], article: ArticleRecord, build: Any) -> Any:
        """Least recently used out first: recent stories recur in many feeds, old ones in few."""
        key = (article.site, article.key)
        value = cache.pop(key, None)
        if value is None:
            value = build(article, self.profile_of(article.site), self.full)
            if len(cache) >= self.limit:
                del cache[next(iter(cache))]
        cache[key] = value
        return value


class _Entry(FeedEntry):
    """A feed entry whose XML is built once per writing pass, however many feeds it is in: each feed
    is serialized before the next is built, so lxml can move the same element into the next tree."""

    _rss: etree._Element | None = None
    _atom: etree._Element | None = None

    def rss_entry(self, extensions: bool = True) -> etree._Element:
        if self._rss is None:
            self._rss = super().rss_entry(extensions)
        return self._rss

    def atom_entry(self, extensions: bool = True) -> etree._Element:
        if self._atom is None:
            self._atom = super().atom_entry(extensions)
        return self._atom


def _feed_entry(article: ArticleRecord, profile: Profile, full: bool = True) -> FeedEntry:
    fe = _Entry()
    # Registered by class: feedgen's load_extension first tries to import a module that does not
    # exist, a file-system search per call.
    fe.register_extension("dc", DcEntryExtension, atom=True, rss=True)
    fe.register_extension("media", MediaEntryExtension, atom=True, rss=True)
    fe.register_extension("lead", LeadImage, atom=True, rss=False)
    fe.guid(article.guid, permalink=article.guid == article.url)
    fe.title(xml_safe(article.title))
    fe.link(href=article.url, rel="alternate", type="text/html")
    published = _local(article.sort_time, profile.tz)
    fe.published(published)
    fe.pubDate(published)
    fe.updated(_local(_entry_updated(article), profile.tz))
    author = xml_safe(article.author or profile.title)
    fe.author(name=author)
    fe.dc.dc_creator(author)
    if article.summary:
        fe.summary(xml_safe(article.summary))
    if article.body and full:
        fe.content(xml_safe(article.body), type="html")
    for _, tag in article.tags:
        fe.category(term=xml_safe(tag), label=xml_safe(tag))
    if article.image:
        fe.media.content({"url": article.image, "medium": "image", "type": _image_type(article.image), "group": None})
        fe.lead.url = article.image
    return fe


class HubLinks(BaseExtension):
    """WebSub hubs as atom:link rel="hub" in an RSS channel (feedgen writes only rel="self" there)."""

    def __init__(self) -> None:
        self.urls: tuple[str, ...] = ()

    def extend_ns(self) -> dict[str, str]:
        return {"atom": ATOM_NS}

    def extend_rss(self, rss_feed: etree._Element) -> etree._Element:
        channel = rss_feed[0]
        self_link = channel.find(f"{{{ATOM_NS}}}link")
        position = list(channel).index(self_link) + 1 if self_link is not None else len(channel)
        for offset, url in enumerate(self.urls):
            link = etree.Element(f"{{{ATOM_NS}}}link", href=url, rel="hub")
            channel.insert(position + offset, link)
        return rss_feed


def _generator(meta: FeedMeta, articles: list[ArticleRecord], fmt: str, cache: EntryCache) -> FeedGenerator:
    fg = FeedGenerator()
    fg.register_extension("dc", DcExtension, DcEntryExtension, atom=True, rss=True)
    fg.register_extension("media", MediaExtension, MediaEntryExtension, atom=True, rss=True)
    fg.register_extension("lead", BaseExtension, LeadImage, atom=True, rss=False)
    fg.id(meta.self_urls[fmt])
    fg.title(meta.title)
    fg.description(meta.description)
    fg.subtitle(meta.description)
    if meta.hubs:
        fg.register_extension("hubs", HubLinks, BaseEntryExtension, atom=False, rss=True)
        fg.hubs.urls = meta.hubs
        for hub in meta.hubs:
            fg.link(href=hub, rel="hub")
    fg.link(href=meta.self_urls[fmt], rel="self", type=FORMATS[fmt])
    fg.link(href=meta.home_url, rel="alternate", type="text/html")  # feedgen takes the last link as RSS <link>
    fg.language(meta.language)
    fg.generator("newsfeeds", version=__version__)
    newest = _local(_newest(articles), meta.zone)
    fg.lastBuildDate(newest)
    fg.updated(newest)
    for article in articles:
        fg.add_entry(cache.entry(article), order="append")
    return fg


def render_rss(meta: FeedMeta, articles: list[ArticleRecord], cache: EntryCache) -> bytes:
    """RSS 2.0 with atom:link self (and hub), dc:creator and media:content."""
    return _generator(meta, articles, "rss", cache).rss_str(pretty=True)


def render_atom(meta: FeedMeta, articles: list[ArticleRecord], cache: EntryCache) -> bytes:
    """Atom 1.0 with an author on every entry and the lead image as an enclosure link."""
    return _generator(meta, articles, "atom", cache).atom_str(pretty=True)


def _json_item(article: ArticleRecord, profile: Profile, full: bool = True) -> str:
    item: dict[str, object] = {
        "id": article.guid,
        "url": article.url,
        "title": xml_safe(article.title),
    }
    body = article.body if full else None
    item["content_html"] = xml_safe(body or "") or f"<p>{_escape(article.summary or article.title)}</p>"
    if article.summary:
        item["summary"] = xml_safe(article.summary)
    if article.image:
        item["image"] = article.image
    item["date_published"] = _local(article.sort_time, profile.tz).isoformat()
    updated = _entry_updated(article)
    if updated != article.sort_time:
        item["date_modified"] = _local(updated, profile.tz).isoformat()
    item["tags"] = [xml_safe(name) for _, name in article.tags]
    item["authors"] = [{"name": xml_safe(article.author or profile.title)}]
    return _dumps(item)


def _dumps(value: object) -> str:
    """Compact JSON, through the C encoder (json.dumps with `indent` runs in pure Python)."""
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def render_json(meta: FeedMeta, articles: list[ArticleRecord], cache: EntryCache) -> bytes:
    """JSON Feed 1.1 (WebSub hubs as `hubs`)."""
    document: dict[str, object] = {
        "version": JSONFEED_VERSION,
        "title": meta.title,
        "home_page_url": meta.home_url,
        "feed_url": meta.self_urls["json"],
        "description": meta.description,
        "language": meta.language,
        "authors": [{"name": meta.site_title, "url": meta.site_url}],
    }
    if meta.hubs:
        document["hubs"] = [{"type": "WebSub", "url": hub} for hub in meta.hubs]
    # One member per line and one item per line: readable, and each item is encoded once per pass.
    members = [f"  {_dumps(key)}: {_dumps(value)}" for key, value in document.items()]
    items = ",\n".join(f"    {cache.item(article)}" for article in articles)
    members.append(f'  "items": [\n{items}\n  ]')
    return ("{\n" + ",\n".join(members) + "\n}\n").encode("utf-8")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
