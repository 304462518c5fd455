"""Store → static feed files: RSS 2.0, Atom 1.0 and JSON Feed 1.1 per site, section and tag.

Feeds are built from the store (so they keep their history), newest first, and are byte-stable:
every date comes from the items, never from the clock, so an unchanged site leaves every file
untouched. Only feeds marked dirty by the store (or missing on disk) are rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import logging
import mimetypes
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, urlsplit

from lxml import etree  # first: feedgen.util uses lxml.etree without importing it
from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.ext.dc import DcEntryExtension, DcExtension
from feedgen.ext.media import MediaEntryExtension, MediaExtension
from feedgen.feed import FeedGenerator

from newsfeeds import __version__
from newsfeeds.feedindex import write_index
from newsfeeds.files import StagedWrites, remove_stale_temporaries
from newsfeeds.html import xml_safe
from newsfeeds.lock import waiting_lock
from newsfeeds.profiles import Profile
from newsfeeds.store import ArticleRecord, SQLiteStore

logger = logging.getLogger(__name__)

FORMAT_VERSION = "1"  # bump when the output format changes, so every feed is rebuilt once
FORMATS = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}
JSONFEED_VERSION = "https://jsonfeed.org/version/1.1"
STYLESHEET = "feed.xsl"


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


def feed_path(site: str, kind: str, slug: str, fmt: str) -> str:
    """Where a feed lives, relative to the feed directory."""
    if kind == "all":
        return f"{site}/all.{fmt}"
    return f"{site}/{kind}/{slug}.{fmt}"


class Pending(Protocol):
    done: bool

    def result(self) -> Any: ...


class Helper(Protocol):
    """Where feeds can be rendered besides this process (newsfeeds.workers.ExtractionPool)."""

    def submit(self, fn: Any, *args: Any, profile: Profile | None = None) -> Pending | None: ...

    def poll(self) -> None: ...


class FeedWriter:
    """Writes one site's feeds and the shared index into a directory a web server serves as is."""

    def __init__(self, store: SQLiteStore, out_dir: str | Path, base_url: str, max_items: int = 50) -> None:
        self.store = store
        self.out_dir = Path(out_dir)
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.max_items = max_items

    def url_for(self, relative: str) -> str:
        return self.base_url + quote(relative)

    def write_site(self, profile: Profile, helper: Helper | None = None, index: bool = True) -> WriteResult:
        """Rebuild the site's dirty or missing feeds, then the index (unless `index` is False: the caller
        writes it once for many sites); returns what was written. With a `helper` (the crawl's extraction
        workers, idle by now), feeds are rendered there and here at once, each side taking the next
        feed when it is free."""
        site = profile.name
        remove_stale_temporaries(self.out_dir / site)  # only this site's: other sites' runs may be writing
        fingerprint = self._fingerprint(profile)
        if self.store.get_meta(f"feeds_config:{site}") != fingerprint:
            self.store.mark_all_dirty(site)
        result = WriteResult()
        done: list[tuple[str, str]] = []
        todo: list[tuple[str, str]] = []
        for kind, slug, dirty in self.store.all_feeds(site):
            result.feeds += 1
            if not dirty and all((self.out_dir / feed_path(site, kind, slug, f)).exists() for f in FORMATS):
                result.unchanged += len(FORMATS)
            else:
                todo.append((kind, slug))
        cache = EntryCache(profile)
        if helper is None or len(todo) <= 4:
            helper = None
        with StagedWrites() as staged:
            for kind, slug, outputs in self._rendered(profile, todo, cache, helper):
                result.merge(self._stage(profile, kind, slug, outputs, staged))
                done.append((kind, slug))
        with self.store.transaction():
            self.store.set_meta(f"feeds_config:{site}", fingerprint)
            self.store.set_meta(f"site:{site}", json.dumps({"title": profile.title, "url": profile.url}))
        result.index_due = bool(result.written or done or not (self.out_dir / "index.html").exists())
        if index and result.index_due:
            result.written += self.write_index()
        self.store.mark_clean(site, done)
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
                call = helper.submit(render_elsewhere, str(self.store.path), self.base_url, self.max_items, profile.name,
                                     kind, slug, profile=profile)
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
        """One feed in all three formats ({} when it has no article)."""
        articles = self.store.feed_articles(profile.name, kind, slug, self.max_items)
        if not articles:
            return {}
        cache = cache or EntryCache(profile)
        name = self.store.feed_name(profile.name, kind, slug)
        meta = FeedMeta.build(profile, kind, slug, name, self)
        return {
            "rss": render_rss(meta, articles, profile, cache),
            "atom": render_atom(meta, articles, profile, cache),
            "json": render_json(meta, articles, profile, cache),
        }

    def write_feed(self, profile: Profile, kind: str, slug: str, staged: StagedWrites) -> WriteResult:
        """Build one feed and stage the files whose bytes changed."""
        return self._stage(profile, kind, slug, self.render_feed(profile, kind, slug), staged)

    def _stage(self, profile: Profile, kind: str, slug: str, outputs: dict[str, bytes],
               staged: StagedWrites) -> WriteResult:
        result = WriteResult()
        for fmt, data in outputs.items():
            relative = feed_path(profile.name, kind, slug, fmt)
            if staged.stage(self.out_dir / relative, data):
                result.written.append(relative)
            else:
                result.unchanged += 1
        return result

    def _fingerprint(self, profile: Profile) -> str:
        payload = json.dumps([FORMAT_VERSION, __version__, self.base_url, self.max_items, profile.title, profile.url,
                              profile.description, profile.language, profile.timezone,
                              [(s.slug, s.name, s.url) for s in profile.sections]])
        return hashlib.sha256(payload.encode()).hexdigest()


_elsewhere: dict[tuple[str, str, int], FeedWriter] = {}
_caches: dict[str, tuple[Profile, EntryCache]] = {}


def render_elsewhere(db_path: str, base_url: str, max_items: int, site: str, kind: str, slug: str) -> dict[str, bytes]:
    """Render one feed in a worker process that has been sent the site's profile (see newsfeeds.workers)."""
    from newsfeeds.workers import worker_profile

    key = (db_path, base_url, max_items)
    if key not in _elsewhere:
        _elsewhere[key] = FeedWriter(SQLiteStore(db_path, readonly=True), Path("."), base_url, max_items)
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
    stylesheet: str
    language: str
    site_title: str

    @classmethod
    def build(cls, profile: Profile, kind: str, slug: str, name: str, writer: FeedWriter) -> FeedMeta:
        site = profile.title
        if kind == "all":
            title, description, home = site, f"Every article from {site}", profile.url
        elif kind == "section":
            section_url = next((s.url for s in profile.sections if s.slug == slug), profile.url)
            title, description, home = f"{site}: {name}", f"The {name} section of {site}", section_url
        else:
            title, description, home = f"{site}: {name}", f"Articles tagged “{name}” on {site}", profile.url
        depth = 1 if kind == "all" else 2
        return cls(
            title=xml_safe(title), description=xml_safe(description), home_url=home,
            self_urls={fmt: writer.url_for(feed_path(profile.name, kind, slug, fmt)) for fmt in FORMATS},
            stylesheet="../" * depth + STYLESHEET, language=profile.language, site_title=xml_safe(site),
        )


def _local(value: str, profile: Profile) -> datetime:
    return datetime.fromisoformat(value).astimezone(profile.tz)


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
    in (an article sits in the site feed, its sections and its tags)."""

    def __init__(self, profile: Profile, limit: int = 1500) -> None:
        self.profile = profile
        self.limit = limit
        self._entries: dict[str, FeedEntry] = {}
        self._items: dict[str, str] = {}

    def entry(self, article: ArticleRecord) -> FeedEntry:
        return self._get(self._entries, article, _feed_entry)

    def item(self, article: ArticleRecord) -> str:
        """The article's JSON Feed item, already encoded."""
        return self._get(self._items, article, _json_item)

    def _get(self, cache: dict[str, Any], article: ArticleRecord, build: Any) -> Any:
        """Least recently used out first: recent stories recur in many feeds, old ones in few."""
        value = cache.pop(article.key, None)
        if value is None:
            value = build(article, self.profile)
            if len(cache) >= self.limit:
                del cache[next(iter(cache))]
        cache[article.key] = value
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


def _feed_entry(article: ArticleRecord, profile: Profile) -> FeedEntry:
    fe = _Entry()
    # Registered by class: feedgen's load_extension first tries to import a module that does not
    # exist, a file-system search per call.
    fe.register_extension("dc", DcEntryExtension, atom=True, rss=True)
    fe.register_extension("media", MediaEntryExtension, atom=True, rss=True)
    fe.register_extension("lead", LeadImage, atom=True, rss=False)
    fe.guid(article.guid, permalink=article.guid == article.url)
    fe.title(xml_safe(article.title))
    fe.link(href=article.url, rel="alternate", type="text/html")
    published = _local(article.sort_time, profile)
    fe.published(published)
    fe.pubDate(published)
    fe.updated(_local(_entry_updated(article), profile))
    author = xml_safe(article.author or profile.title)
    fe.author(name=author)
    fe.dc.dc_creator(author)
    if article.summary:
        fe.summary(xml_safe(article.summary))
    if article.body:
        fe.content(xml_safe(article.body), type="html")
    for _, tag in article.tags:
        fe.category(term=xml_safe(tag), label=xml_safe(tag))
    if article.image:
        fe.media.content({"url": article.image, "medium": "image", "type": _image_type(article.image), "group": None})
        fe.lead.url = article.image
    return fe


def _generator(meta: FeedMeta, articles: list[ArticleRecord], profile: Profile, fmt: str,
               cache: EntryCache) -> FeedGenerator:
    fg = FeedGenerator()
    fg.register_extension("dc", DcExtension, DcEntryExtension, atom=True, rss=True)
    fg.register_extension("media", MediaExtension, MediaEntryExtension, atom=True, rss=True)
    fg.register_extension("lead", BaseExtension, LeadImage, atom=True, rss=False)
    fg.id(meta.self_urls[fmt])
    fg.title(meta.title)
    fg.description(meta.description)
    fg.subtitle(meta.description)
    fg.link(href=meta.self_urls[fmt], rel="self", type=FORMATS[fmt])
    fg.link(href=meta.home_url, rel="alternate", type="text/html")  # feedgen takes the last link as RSS <link>
    fg.language(profile.language)
    fg.generator("newsfeeds", version=__version__)
    newest = _local(_newest(articles), profile)
    fg.lastBuildDate(newest)
    fg.updated(newest)
    for article in articles:
        fg.add_entry(cache.entry(article), order="append")
    return fg


def _with_stylesheet(xml: bytes, href: str) -> bytes:
    declaration, _, rest = xml.partition(b"?>")
    pi = f'\n<?xml-stylesheet type="text/xsl" href="{href}"?>'.encode()
    return declaration + b"?>" + pi + rest


def render_rss(meta: FeedMeta, articles: list[ArticleRecord], profile: Profile, cache: EntryCache) -> bytes:
    """RSS 2.0 with atom:link self, dc:creator and media:content."""
    return _with_stylesheet(_generator(meta, articles, profile, "rss", cache).rss_str(pretty=True), meta.stylesheet)


def render_atom(meta: FeedMeta, articles: list[ArticleRecord], profile: Profile, cache: EntryCache) -> bytes:
    """Atom 1.0 with an author on every entry and the lead image as an enclosure link."""
    return _with_stylesheet(_generator(meta, articles, profile, "atom", cache).atom_str(pretty=True), meta.stylesheet)


def _json_item(article: ArticleRecord, profile: Profile) -> str:
    item: dict[str, object] = {
        "id": article.guid,
        "url": article.url,
        "title": xml_safe(article.title),
    }
    item["content_html"] = xml_safe(article.body or "") or f"<p>{_escape(article.summary or article.title)}</p>"
    if article.summary:
        item["summary"] = xml_safe(article.summary)
    if article.image:
        item["image"] = article.image
    item["date_published"] = _local(article.sort_time, profile).isoformat()
    updated = _entry_updated(article)
    if updated != article.sort_time:
        item["date_modified"] = _local(updated, profile).isoformat()
    item["tags"] = [xml_safe(name) for _, name in article.tags]
    item["authors"] = [{"name": xml_safe(article.author or profile.title)}]
    return _dumps(item)


def _dumps(value: object) -> str:
    """Compact JSON, through the C encoder (json.dumps with `indent` runs in pure Python)."""
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def render_json(meta: FeedMeta, articles: list[ArticleRecord], profile: Profile, cache: EntryCache) -> bytes:
    """JSON Feed 1.1."""
    document = {
        "version": JSONFEED_VERSION,
        "title": meta.title,
        "home_page_url": meta.home_url,
        "feed_url": meta.self_urls["json"],
        "description": meta.description,
        "language": profile.language,
        "authors": [{"name": meta.site_title, "url": profile.url}],
    }
    # One member per line and one item per line: readable, and each item is encoded once per pass.
    members = [f"  {_dumps(key)}: {_dumps(value)}" for key, value in document.items()]
    items = ",\n".join(f"    {cache.item(article)}" for article in articles)
    members.append(f'  "items": [\n{items}\n  ]')
    return ("{\n" + ",\n".join(members) + "\n}\n").encode("utf-8")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
