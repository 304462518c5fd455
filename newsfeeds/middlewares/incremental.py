"""IncrementalMiddleware: what makes a re-run cheap and brings a failed article back, kept in the store
the way Scrapy's HttpCacheMiddleware and RetryMiddleware keep theirs.

- Listing requests (meta VALIDATE) ask conditionally, with the validators the store has for their URL
  (If-None-Match, If-Modified-Since), unless told not to (meta REFRESH: the crawl refreshes, or the
  listing's walk is unfinished, newsfeeds.frontier). The validators of a
  listing the spider could read (it sets LISTING_READ) are saved when the run finishes, unless something
  seen in it is neither stored nor pending: then the next run reads every listing afresh.
- An article request (meta ARTICLE) that finally fails (an error status once Scrapy's retries are spent,
  a download error, a redirect loop, a redirect off the site) counts one more failed attempt on its
  pending record (meta LISTED names it), so the next run retries it; it is never taken as seen. A pending
  article from an earlier run (meta PENDING) whose URL has left the site is forgotten.

It sits first among the downloader middlewares (priority 40): it sees each request before the others
and only the final outcome of each (what RetryMiddleware, BackoffMiddleware and RedirectMiddleware
gave up on). A failure raised past it (another middleware's process_response failing, e.g. a redirect
to a URL no request can have) reaches only the spider's errback, which hands it here (`failed_elsewhere`).
"""

from __future__ import annotations

import logging
import weakref
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from newsfeeds.runtime import crawl_clock, crawl_store, profile_of
from newsfeeds.store import StoreBusy
from newsfeeds.urls import on_domains

logger = logging.getLogger("newsfeeds.spider")  # the name operators know these lines by

ARTICLE = "newsfeeds_article"          # an article page: a final failure makes it a pending retry
PENDING = "newsfeeds_pending"          # a pending article from an earlier run
LISTED = "newsfeeds_listed"            # the URL of the article's pending record (the link as the listing gave it)
VALIDATE = "newsfeeds_validate"        # a listing document: its validators are kept
REFRESH = "newsfeeds_refresh"          # ask without validators (the crawl re-reads everything)
LISTING_READ = "newsfeeds_listing_read"  # set by the spider: the document listed what it should
NOTED = "newsfeeds_failure_noted"      # this middleware has remembered the request's failure

_instances: weakref.WeakKeyDictionary[Crawler, IncrementalMiddleware] = weakref.WeakKeyDictionary()


def failed_elsewhere(crawler: Crawler, request: Request, reason: str) -> None:
    """An article request failed where the middleware could not see it: remember it all the same."""
    middleware = _instances.get(crawler)
    if middleware is not None and not request.meta.get(NOTED):
        middleware.failed(request, reason)


class IncrementalMiddleware:
    """Conditional listing requests and pending retries, through the crawl's store (newsfeeds.runtime.CrawlStore)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.crawl = crawl_store(crawler)
        self.answers: dict[str, tuple[dict[str, Any], str | None, str | None]] = {}
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(self.request_scheduled, signal=signals.request_scheduled)
        _instances[crawler] = self

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        meta = request.meta
        if meta.get(PENDING) and not meta.get("redirect_urls") and not meta.get("retry_times"):  # once per URL
            if not on_domains(request.url, profile_of(self.crawler).allowed_domains):
                listed = meta.get(LISTED) or request.url
                self.crawl.write_now(lambda: self.crawl.store.remove_pending(profile_of(self.crawler).name, listed),
                                     f"forgetting {listed}")
                raise IgnoreRequest("a pending article no longer on the site's domains: forgotten")
        if meta.get(VALIDATE) and not meta.get(REFRESH):
            etag, modified = self.crawl.store.validators(request.url)
            if etag:
                request.headers.setdefault("If-None-Match", etag)
            if modified:
                request.headers.setdefault("If-Modified-Since", modified)

    def process_response(self, request: Request, response: Response) -> Response:
        meta = request.meta
        if meta.get(VALIDATE) and response.status == 200:
            etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
            if etag or modified:
                self.answers[request.url] = (meta, etag.decode("latin-1") if etag else None,
                                             modified.decode("latin-1") if modified else None)
        elif meta.get(ARTICLE) and not 200 <= response.status < 300:
            self.failed(request, f"HTTP {response.status}")
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if request.meta.get(ARTICLE) and not isinstance(exception, IgnoreRequest):
            self.failed(request, f"{type(exception).__name__}: {exception}")

    def request_dropped(self, request: Request, spider: Spider) -> None:
        """A redirect that leads back to a URL already fetched (a loop) is dropped without an errback."""
        if request.meta.get(ARTICLE) and request.meta.get("redirect_urls"):
            self.failed(request, f"redirect loop via {request.url}")

    def request_scheduled(self, request: Request, spider: Spider) -> None:
        """A redirect off the site is dropped at scheduling without an errback; keep the article pending."""
        if (request.meta.get(ARTICLE) and request.meta.get("redirect_urls")
                and not on_domains(request.url, profile_of(self.crawler).allowed_domains)):
            self.failed(request, f"redirected off the site to {request.url}")

    def failed(self, request: Request, reason: str) -> None:
        """Count, log and remember a failed article for the next run (never as seen)."""
        request.meta[NOTED] = True
        url = request.meta.get(LISTED) or (request.meta.get("redirect_urls") or [request.url])[0]
        self.crawler.stats.inc_value("newsfeeds/article_failed")  # type: ignore[union-attr]
        logger.error("Article %s failed: %s; it will be retried by the next run", url, reason)
        sections = list(request.meta.get("newsfeeds_sections", []))
        site = profile_of(self.crawler).name
        try:
            self.crawl.store.add_pending(site, url, sections, reason, crawl_clock(self.crawler))
        except StoreBusy:
            self.crawl.unsaved.append((url, sections, reason))  # remembered when the crawl ends (CrawlStore.settle)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Keep the validators of the listings read this run, if the run finished and lost nothing."""
        read = [(url, etag, modified) for url, (meta, etag, modified) in self.answers.items() if meta.get(LISTING_READ)]
        if reason != "finished" or not read:
            return
        if self.crawl.incomplete:
            logger.warning("Not saving listing validators: some articles are neither stored nor pending, so the "
                           "next run reads every listing page afresh")
            return
        try:
            self.crawl.write_now(lambda: self.crawl.store.save_validators(read, crawl_clock(self.crawler)),
                                 "saving listing validators")
        except StoreBusy as exc:
            logger.warning("Listing validators not saved (%s): the next run reads the listings in full", exc)
