"""The section-page spider every site uses: it only routes — listing pages to links, links to article
pages, article pages to the extractors — and asks the store what is already known. It writes nothing:
articles, sightings and discovered links go to the item pipelines, listing validators and failed
articles are the incremental middleware's (newsfeeds.middlewares.incremental). Article requests come
from the frontier (newsfeeds.frontier), which feeds them from the store's records of discovered links."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any, ClassVar

from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from newsfeeds.backfill import backfill_settings
from newsfeeds.config import setting
from newsfeeds.customfeeds import load_shared_feeds
from newsfeeds.extract.listing import ListingPage
from newsfeeds.extract.sources import newest_sitemaps, read_feed, read_sitemap, select_entries
from newsfeeds.frontier import Frontier, frontier_of
from newsfeeds.items import Article, Discovered, Dismissed, ListingEntry, Sighting
from newsfeeds.middlewares.incremental import (
    ARTICLE, LISTED, LISTING_READ, PENDING, REFRESH, VALIDATE, failed_elsewhere,
)
from newsfeeds.normalize import NormalizeRules
from newsfeeds.profiles import Profile, ProfileError, Section, find_profile, load_profile
from newsfeeds.runtime import crawl_clock, crawl_store, pool_for
from newsfeeds.store import PendingArticle, Store, WalkStep
from newsfeeds.encoding import decode_html
from newsfeeds.urls import canonical_url, identity_key
from newsfeeds.websub import hub_urls
from newsfeeds.workers import ExtractionPool, read_article

logger = logging.getLogger(__name__)

TRUE_WORDS = ("1", "true", "yes", "on")
WALK = "newsfeeds_walk"          # a listing page of a full walk ("full") or of the walk from page 1 ("head")
FLOOR = "newsfeeds_floor"        # the head walk reads at least this far before it may stop at known articles
STOP_BEFORE = "newsfeeds_stop_before"  # the head walk stops before this page: an unfinished full walk resumes there


def flag(value: Any) -> bool:
    """A spider argument that switches something on (`-a refresh=1`, `-a backfill=yes`)."""
    return value is True or str(value or "").lower() in TRUE_WORDS


def resolve_profile(spidercls: type[SectionSpider], spider_args: dict[str, Any], settings: Any) -> Profile:
    """The profile a crawl will use: `-a profile=` (a path or a name), else the spider's own; then
    `-a site_url=` points it at another origin. Raises ProfileError with a fix on any mistake."""
    name = spider_args.get("profile") or spidercls.profile_name
    if isinstance(name, Profile):
        return name  # already resolved (crawlall)
    if not name:
        raise ProfileError("-a profile", "profile", f"spider {spidercls.name!r} needs a profile",
                           "Run: scrapy crawl site -a profile=path/to/site.toml (or a name from the profiles directory)")
    directory = Path(setting(settings, "NEWSFEEDS_PROFILES_DIR"))
    profile = load_profile(find_profile(str(name), directory))
    # The feeds across sites and the hubs are part of every crawl's output: a mistake stops it before it starts.
    load_shared_feeds(settings)
    hub_urls(setting(settings, "NEWSFEEDS_WEBSUB_HUBS"))
    site_url = spider_args.get("site_url")
    return profile.pointed_at(site_url) if site_url else profile


class SectionSpider(Spider):
    """Crawl a site's section pages and their article pages, as its profile describes."""

    name = "section"
    profile_name: ClassVar[str] = ""

    def __init__(self, *args: Any, profile: Profile | None = None, max_pages: str | int | None = None,
                 refresh: str | bool | None = None, backfill: str | bool | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.backfill = flag(backfill)  # one process of a backfill sharing a Redis frontier (newsfeeds.backfill)
        self._max_pages_arg = int(max_pages) if max_pages not in (None, "") else None
        self._refresh_arg = flag(refresh) if refresh not in (None, "") else None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SectionSpider:
        profile = resolve_profile(cls, kwargs, crawler.settings)
        kwargs.pop("profile", None)
        kwargs.pop("site_url", None)
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.profile = profile
        spider.site = profile.name
        spider.allowed_domains = list(profile.allowed_domains)
        spider.store = crawl_store(crawler).store  # read only: what is known, what waits for a retry
        spider.refresh = spider._refresh_arg if spider._refresh_arg is not None else setting(crawler.settings, "NEWSFEEDS_REFRESH")
        spider.max_pages = spider._max_pages_arg or setting(crawler.settings, "NEWSFEEDS_MAX_PAGES") or profile.max_pages
        spider.pool = pool_for(crawler)
        spider.rules = NormalizeRules.from_settings(crawler.settings)
        spider.frontier = frontier_of(crawler)
        if spider.backfill:
            backfill_settings(crawler.settings, profile)
        return spider

    profile: Profile
    site: str
    refresh: bool
    max_pages: int
    store: Store
    allowed_domains: list[str]
    pool: ExtractionPool | None
    rules: NormalizeRules
    frontier: Frontier

    def _inc(self, key: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(f"newsfeeds/{key}", count)

    async def start(self) -> AsyncIterator[Any]:
        """Each section's listing walks; the articles follow from the frontier (earlier runs' records first)."""
        self.frontier.open(self.site, self.article_request)
        for section in self.profile.sections:
            for request in self._walks(section, 0):
                yield request

    def _walks(self, section: Section, index: int) -> Iterator[Request]:
        """The listing requests that start a section's source this run. A sitemap or feed is read whole.
        HTML pagination: a listing never walked to its end (or max_pages) is walked in full from page 1; one
        whose full walk was cut short resumes where it stopped, while a walk from page 1 looks for what is
        new in front of it; otherwise the walk from page 1 is conditional and stops at known articles."""
        source = section.sources[index]
        if source.kind != "html":
            yield self._listing_request(source.url, section, 1, index)
            return
        if self.backfill:  # every listing page, whatever earlier walks found (newsfeeds.backfill)
            yield self._listing_request(source.url, section, 1, index, walk="full")
            return
        plan = self.frontier.plan(section.slug, source.url, self.max_pages)
        if not plan.complete and plan.resume_url is None:
            yield self._listing_request(source.url, section, 1, index, walk="full")
            return
        if plan.resume_url is not None:
            self._inc("walks_resumed")
            logger.info("%s: resuming the walk of its listing at page %d (%s)", section.name, plan.resume_page,
                        plan.resume_url)
            yield self._listing_request(plan.resume_url, section, plan.resume_page or 1, index, walk="full")
        yield self._listing_request(source.url, section, 1, index, walk="head", floor=plan.floor,
                                    stop_before=plan.resume_page, conditional=plan.settled)

    def article_request(self, pending: PendingArticle, earlier: bool) -> Request:
        """The request for an article the store has pending (found by a listing, this run or an earlier one)."""
        listing = ListingEntry(**json.loads(pending.listing)) if pending.listing else None
        meta: dict[str, Any] = {"newsfeeds_sections": pending.sections, "newsfeeds_listing": listing,
                                ARTICLE: True, LISTED: pending.url}
        if earlier:
            meta[PENDING] = True
        return Request(pending.url, callback=self.parse_article, errback=self.article_failed, meta=meta)

    def _listing_request(self, url: str, section: Section, page: int, source: int = 0, walk: str = "",
                         floor: int = 1, stop_before: int | None = None, conditional: bool = True) -> Request:
        """A listing document of one of the section's sources: an HTML page, a sitemap (or robots.txt)
        or a feed, asked for conditionally unless refreshing or the walk must read it whole. `page` 1 is
        the document a source starts from."""
        return Request(url, callback=self.parse_listing, errback=self.listing_failed,
                       meta={"newsfeeds_section": section, "newsfeeds_page": page, "newsfeeds_source": source,
                             "handle_httpstatus_list": [304], VALIDATE: True,
                             REFRESH: self.refresh or not conditional or walk == "full",
                             WALK: walk, FLOOR: floor, STOP_BEFORE: stop_before},
                       # a site-wide sitemap or feed may serve several sections, each with its own `match`
                       priority=10, dont_filter=section.sources[source].kind != "html")

    def parse_listing(self, response: Response) -> Iterator[Any]:
        section: Section = response.meta["newsfeeds_section"]
        page: int = response.meta["newsfeeds_page"]
        index: int = response.meta.get("newsfeeds_source", 0)
        source = section.sources[index]
        self._inc("listing_pages")
        if response.status == 304:
            self._inc("listing_not_modified")
            logger.debug("%s: %s not modified since the last run", section.name, response.url)
            if response.meta.get(WALK) == "head" and self.frontier.head(section.slug, source.url) is not None:
                yield Discovered(self.site, [], WalkStep(section.slug, source.url, False, page, None, False))
            return
        if source.kind != "html":
            yield from self._parse_machine_listing(response, section, index, page)
            return
        if not isinstance(response, TextResponse):
            yield from self._no_links(section, index, page, response.url, "is not HTML ("
                                      + (response.headers.get("Content-Type") or b"?").decode("latin-1") + ")")
            return
        listing = ListingPage(response.url, _text(response), self.profile)
        links = listing.article_links()
        self._inc("links_found", len(links))
        if not links:
            yield from self._no_links(section, index, page, response.url, "has no article links")
            return
        response.meta[LISTING_READ] = True
        yield from self._sighting(section, links)
        known, fresh = self._unknown(section, [(url, None) for url in links])
        meta = response.meta
        full = meta.get(WALK) == "full"
        next_url = listing.next_page()
        going_on = bool(next_url) and page < self.max_pages
        if not full and going_on:
            if known == len(links) and not self.refresh and page >= meta.get(FLOOR, 1):
                logger.info("%s page %d lists only known articles; not paging further", section.name, page)
                going_on = False
            elif meta.get(STOP_BEFORE) and page + 1 >= meta[STOP_BEFORE]:
                going_on = False  # the resumed full walk reads on from there
        step = WalkStep(section.slug, section.sources[index].url, full, page, next_url, going_on) \
            if meta.get(WALK) else None
        follow = None
        if going_on and next_url:
            follow = self._listing_request(next_url, section, page + 1, index, walk=meta.get(WALK, ""),
                                           floor=meta.get(FLOOR, 1), stop_before=meta.get(STOP_BEFORE),
                                           conditional=not meta.get(REFRESH))
        if fresh or follow is not None or full or \
                (step is not None and self.frontier.head(step.section, step.url) is not None):
            yield Discovered(self.site, fresh, step, follow)

    def _parse_machine_listing(self, response: Response, section: Section, index: int, page: int) -> Iterator[Any]:
        """A sitemap (index), robots.txt or feed: more sitemaps to read, or article entries."""
        source = section.sources[index]
        now = crawl_clock(self.crawler)
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        if source.kind == "feed":
            document = read_feed(response.body, response.url, content_type)
        else:
            document = read_sitemap(response.body, response.url, self.settings.getint("DOWNLOAD_MAXSIZE"))
        if document.sitemaps:
            response.meta[LISTING_READ] = True
            children = newest_sitemaps(document.sitemaps, source, self.profile, now, self.max_pages)
            for child in children:
                yield self._listing_request(child, section, page + 1 if document.kind != "robots" else page, index)
            if children:
                return
        entries = select_entries(document.entries, source, self.profile, now)
        self._inc("links_found", len(entries))
        if not entries:
            problem = document.problem or ("lists no sitemaps" if document.kind == "robots"
                                           else "lists no article entries" if not document.entries
                                           else f"lists {len(document.entries)} entries, none on the site or matching")
            yield from self._no_links(section, index, page, response.url, problem)
            return
        response.meta[LISTING_READ] = True
        yield from self._sighting(section, [e.url for e in entries])
        _, fresh = self._unknown(section, [(e.url, e) for e in entries])
        if fresh:
            yield Discovered(self.site, fresh)

    def _sighting(self, section: Section, urls: list[str]) -> Iterator[Sighting]:
        """The articles a listing page of a section shows belong to that section's feed."""
        if section.in_feeds:
            yield Sighting(site=self.site, section=section.slug, urls=[canonical_url(url) for url in urls],
                           keys=[identity_key(url) for url in urls])

    def _unknown(self, section: Section, links: list[tuple[str, ListingEntry | None]]
                 ) -> tuple[int, list[tuple[str, str, list[str], str | None]]]:
        """How many links the store knows (stored or pruned), and the others as pending records (url, key,
        sections, listing entry as JSON), once per article; refreshing, every link is fetched again."""
        keys = [identity_key(url) for url, _ in links]
        first: dict[str, tuple[str, ListingEntry | None]] = {}
        for key, link in zip(keys, links):
            first.setdefault(key, link)
        known = set() if self.refresh else self.store.known(self.site, first)
        sections = [section.slug] if section.in_feeds else []
        fresh = [(url, key, sections, json.dumps(asdict(entry)) if entry else None)
                 for key, (url, entry) in first.items() if key not in known]
        count = sum(1 for key in keys if key in known)
        self._inc("articles_known_skipped", count)
        return count, fresh

    def _no_links(self, section: Section, index: int, page: int, url: str, problem: str) -> Iterator[Request]:
        """A listing document without article links: on a source's first document, the section falls
        back to its next source for this run (healthy, with a warning); without one left, the run is
        unhealthy, as a layout change should be."""
        source = section.sources[index]
        if page == 1 and index + 1 < len(section.sources):
            following = section.sources[index + 1]
            note = f"{section.name}: {source.kind} {url} {problem}, used {following.kind} {following.url}"
            logger.warning("%s: %s listing %s %s (has the site changed?); this run uses %s %s instead. "
                           "Repair the profile's first source: scrapy check-site %s", section.name, source.kind, url,
                           problem, following.kind, following.url, self.site)
            self._inc("listing_fallback")
            fallbacks = self.crawler.stats.get_value("newsfeeds/fallbacks") or []
            self.crawler.stats.set_value("newsfeeds/fallbacks", [*fallbacks, note])
            yield from self._walks(section, index + 1)
            return
        self._inc("listing_empty")
        logger.warning("Listing %s (%s, %s, page %d) %s: has the site's layout changed?",
                       url, section.name, source.kind, page, problem)

    def listing_failed(self, failure: Failure) -> Iterator[Request]:
        request = failure.request  # type: ignore[attr-defined]
        section: Section = request.meta["newsfeeds_section"]
        index: int = request.meta.get("newsfeeds_source", 0)
        page: int = request.meta.get("newsfeeds_page", 1)
        self._inc("listing_failed")
        response = getattr(failure.value, "response", None)
        if page == 1 and index + 1 < len(section.sources) and response is not None and response.status in (404, 410):
            yield from self._no_links(section, index, page, request.url, f"is gone (HTTP {response.status})")
            return
        if page == 1:
            self._inc("sections_unreachable")
        logger.error("Listing page %s failed: %s", request.url, _describe(failure))

    async def parse_article(self, response: Response) -> list[Article | Dismissed]:
        """A coroutine returning a list, not an async generator: Scrapy's middlewares then handle a plain
        list, which costs less per article."""
        listed = response.meta.get(LISTED)
        if not isinstance(response, TextResponse):
            self._inc("missing/html")
            logger.warning("Article %s is not HTML (%s); skipped", response.url,
                           (response.headers.get("Content-Type") or b"?").decode("latin-1"))
            return [Dismissed(self.site, listed)] if listed else []
        self._inc("article_pages")
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        now = crawl_clock(self.crawler)
        sections = list(response.meta.get("newsfeeds_sections", []))
        listing = response.meta.get("newsfeeds_listing")
        if self.pool is not None:
            item = await self.pool.article(self.profile, response.url, response.body, content_type, now, sections, listing)
        else:
            item = read_article(self.site, response.url, response.body, content_type, self.profile, now, sections,
                                self.rules, listing)
        if item is None:
            self._inc("missing/title")
            logger.warning("No title found on %s; not emitted (check the profile's title selector)", response.url)
            return [Dismissed(self.site, listed)] if listed else []
        item.pending_url = listed
        return [item]

    def article_failed(self, failure: Failure) -> list[Dismissed]:
        """A request the crawl chose not to send (robots.txt, off the site) is counted and not asked for
        again; any other failure is the incremental middleware's to remember (it has seen most already)."""
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(IgnoreRequest) and not getattr(failure.value, "response", None):
            self._inc("article_ignored")
            logger.info("Article %s not fetched: %s", request.url, failure.value)
            listed = request.meta.get(LISTED)
            return [Dismissed(self.site, listed)] if listed else []
        failed_elsewhere(self.crawler, request, _describe(failure))
        return []


def _text(response: TextResponse) -> str:
    """The page's text, trusting its bytes over a charset declaration they contradict."""
    text, _ = decode_html(response.body, (response.headers.get("Content-Type") or b"").decode("latin-1"))
    return text


def _describe(failure: Failure) -> str:
    value = failure.value
    response = getattr(value, "response", None)
    if response is not None:
        return f"HTTP {response.status}"
    return f"{type(value).__name__}: {value}"
