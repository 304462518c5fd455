"""`scrapy extract`: what a crawl would make of article pages, one JSON object per page.

The crawl's own reading function (`newsfeeds.workers.read_article`: bytes decoded as the crawl
decodes them, extracted, then normalized with the settings' rules), so a user can check a profile
before scheduling it, and extraction can be measured on saved pages. Files are read as bytes; URLs
are fetched with Scrapy's own downloader.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from parsel import Selector
from scrapy import Request, Spider
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from newsfeeds.commands import guarded, quiet_logs
from newsfeeds.config import setting
from newsfeeds.dates import ParsedDate
from newsfeeds.encoding import decode_html
from newsfeeds.health import EXIT_ERROR, EXIT_OK
from newsfeeds.html import body_text
from newsfeeds.items import Article
from newsfeeds.normalize import NormalizeRules
from newsfeeds.profiles import Profile, find_profile, generic_profile, load_profile
from newsfeeds.urls import is_web_url
from newsfeeds.workers import read_article

FIELDS = ("url", "title", "published", "modified", "tags", "author", "section", "summary", "image", "body")


@dataclass
class Page:
    """One input: where it came from, the URL to read it as, and its bytes (or why there are none)."""

    input: str
    url: str
    body: bytes | None = None
    content_type: str = ""
    error: str | None = None
    fetched_at: datetime | None = None


def extract_page(url: str, page: bytes | str, profile: Profile, fetched_at: datetime | None = None,
                 rules: NormalizeRules | None = None, content_type: str = "") -> Article:
    """An article exactly as a crawl would store it: the crawl's own read-extract-normalize function
    on the page's bytes (text is taken as UTF-8 bytes)."""
    now = fetched_at or datetime.now(timezone.utc)
    body = page.encode("utf-8") if isinstance(page, str) else page
    article = read_article(profile.name, url, body, content_type, profile, now, [], rules or NormalizeRules(),
                           keep_untitled=True)
    assert article is not None
    return article


def report(article: Article, page: Page, with_body: bool = False, with_text: bool = False) -> dict[str, Any]:
    """The JSON object printed for one page: normalized fields and the layer behind each."""
    sources = dict(article.sources)
    if article.published is not None and article.published_source:
        sources["published"] = article.published_source
    if article.modified is not None and article.modified_candidates:
        sources["modified"] = _modified_source(article)
    result: dict[str, Any] = {
        "input": page.input,
        "url": article.url,
        "title": article.title or None,
        "published": _iso(article.published),
        "modified": _iso(article.modified),
        "tags": article.tags,
        "author": article.author,
        "section": article.section,
        "summary": article.summary,
        "image": article.image,
        "sources": {k: v for k, v in sources.items() if k in FIELDS and (k == "url" or result_has(article, k))},
    }
    if with_body:
        result["body"] = article.body
    if with_text:
        result["text"] = body_text(article.body or "")
    return result


def result_has(article: Article, name: str) -> bool:
    """Sources are listed only for fields that have a value."""
    return bool(getattr(article, name, None))


def _iso(value: ParsedDate | None) -> str | None:
    """ISO 8601 with the page's offset, or a plain date."""
    return value.isoformat() if value is not None else None


def _modified_source(article: Article) -> str:
    """The layer the chosen modified time came from."""
    raw = article.modified.raw if article.modified else None
    return next((source for value, source in article.modified_candidates if value == raw), "")


def url_in_file(html: str) -> str | None:
    """The address a saved page names for itself: its canonical link or og:url."""
    selector = Selector(text=html[:300_000] or "<html></html>")
    for xpath in ('//link[contains(concat(" ", normalize-space(@rel), " "), " canonical ")]/@href',
                  '//meta[@property="og:url"]/@content', '//meta[@name="original-source"]/@content'):
        value = (selector.xpath(xpath).get() or "").strip()
        if is_web_url(value):
            return value
    return None


class _Fetcher(Spider):
    """Fetches the given URLs once each with the project's politeness settings, and nothing else."""

    name = "newsfeeds-extract"
    custom_settings = {
        "ITEM_PIPELINES": {},
        "EXTENSIONS": {"newsfeeds.extensions.feeds.FeedsOnClose": None, "newsfeeds.extensions.report.RunReport": None},
    }

    def __init__(self, *args: Any, pages: list[Page] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pages = pages or []

    async def start(self) -> AsyncIterator[Any]:
        for page in self.pages:
            yield Request(page.url, callback=self.got, errback=self.failed, cb_kwargs={"page": page}, dont_filter=True)

    def got(self, response: Response, page: Page) -> Iterator[Any]:
        if isinstance(response, TextResponse):
            page.url = response.url
            page.body = response.body
            page.content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        else:
            page.error = f"not HTML ({(response.headers.get('Content-Type') or b'?').decode('latin-1')})"
        return iter(())

    def failed(self, failure: Failure) -> None:
        page: Page = failure.request.cb_kwargs["page"]  # type: ignore[attr-defined]
        response = getattr(failure.value, "response", None)
        page.error = f"HTTP {response.status}" if response is not None else f"{type(failure.value).__name__}: {failure.value}"


class Command(ScrapyCommand):
    """scrapy extract FILE_OR_URL ... [--url URL] [--profile NAME] [--timezone ZONE] [--now ISO] [--body] [--text]"""
    requires_project = True

    def syntax(self) -> str:
        return "[options] FILE_OR_URL ..."

    def short_desc(self) -> str:
        return "Print what a crawl would extract from saved article pages or URLs, as JSON lines"

    def long_desc(self) -> str:
        return (
            "Read each saved HTML file or fetch each URL, extract it with a site profile (--profile/--site) or "
            "the built-in generic one, and print one JSON object per page: url, title, published, modified, tags, "
            "author, section, summary, image and, under sources, which layer of the page produced each field. "
            "Exit 0 when every page was read, 1 when some could not be, 2 on usage or profile errors."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--url", action="append", default=[], metavar="URL",
                            help="original address of a saved file (repeat once per file, in order); "
                                 "default: the file's canonical link")
        parser.add_argument("--profile", "--site", dest="site_profile", metavar="NAME_OR_PATH",
                            help="site profile (a name from the profiles directory or a .toml path); default: generic")
        parser.set_defaults(profile=None)  # --profile here is the site profile, not Scrapy's cProfile output
        parser.add_argument("--timezone", metavar="IANA_NAME",
                            help="zone for times printed without an offset, with the generic profile (default: an "
                                 "offset the page uses elsewhere, else its country's zone if it has one, else UTC)")
        parser.add_argument("--now", metavar="ISO_INSTANT",
                            help="when the pages were fetched, for relative dates such as '2 hours ago' "
                                 "(default: a saved file's modification time; now for URLs)")
        parser.add_argument("--body", action="store_true", help="also print the cleaned article body (HTML)")
        parser.add_argument("--text", action="store_true",
                            help="also print the article body as plain text, paragraphs separated by blank lines")
        parser.add_argument("--indent", type=int, default=None, help="pretty-print with this indent")

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """JSON on stdout should not drown in INFO logs; -L still sets the level."""
        super().process_options(args, opts)
        quiet_logs(self.settings, opts)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError("give at least one saved HTML file or URL")
        if opts.site_profile and opts.timezone:
            raise UsageError("--timezone is for the generic profile; a site profile has its own timezone")
        if opts.now:
            try:
                opts.now = datetime.fromisoformat(opts.now.replace("Z", "+00:00"))
            except ValueError:
                raise UsageError(f"--now {opts.now!r} is not an ISO 8601 instant such as 2024-05-17T08:00:00+00:00") from None
            if opts.now.utcoffset() is None:
                raise UsageError("--now needs an offset, e.g. 2024-05-17T08:00:00+00:00")
        self.exitcode = guarded(lambda: self._run(args, opts))

    def _run(self, args: list[str], opts: argparse.Namespace) -> int:
        assert self.settings is not None
        profile = None
        if opts.site_profile:
            profile = load_profile(find_profile(opts.site_profile, Path(setting(self.settings, "NEWSFEEDS_PROFILES_DIR"))))
        pages = self._inputs(args, opts.url)
        to_fetch = [p for p in pages if p.body is None and p.error is None]
        if to_fetch:
            self._fetch(to_fetch)
        rules = NormalizeRules.from_settings(self.settings)
        failed = 0
        for page in pages:
            if page.body is None:
                failed += 1
                self._print({"input": page.input, "url": page.url or None, "error": page.error or "not fetched"}, opts)
                continue
            site_profile = profile or generic_profile(page.url, opts.timezone)
            article = extract_page(page.url, page.body, site_profile, opts.now or page.fetched_at, rules, page.content_type)
            self._print(report(article, page, opts.body, opts.text), opts)
        return EXIT_ERROR if failed else EXIT_OK

    def _inputs(self, args: list[str], urls: list[str]) -> list[Page]:
        """Files read now (paired in order with --url), URLs left for the fetcher."""
        files = [a for a in args if not is_web_url(a)]
        if urls and len(urls) != len(files):
            raise UsageError(f"--url was given {len(urls)} time(s) for {len(files)} file(s); give one per file, in order")
        for url in urls:
            if not is_web_url(url):
                raise UsageError(f"--url {url!r} is not an http(s) URL")
        pending = iter(urls)
        pages: list[Page] = []
        for arg in args:
            if is_web_url(arg):
                pages.append(Page(arg, arg))
                continue
            path = Path(arg)
            given = next(pending, None)
            try:
                data = path.read_bytes()
                saved = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
            except OSError as exc:
                pages.append(Page(arg, given or "", error=f"cannot read file: {exc.strerror or exc}"))
                continue
            url = given or url_in_file(decode_html(data)[0]) or path.resolve().as_uri()
            pages.append(Page(arg, url, body=data, fetched_at=saved))
        return pages

    def _fetch(self, pages: list[Page]) -> None:
        """Fetch every URL in one small crawl with the project's settings."""
        assert self.crawler_process is not None
        self.crawler_process.crawl(_Fetcher, pages=pages)
        self.crawler_process.start()

    @staticmethod
    def _print(obj: dict[str, Any], opts: argparse.Namespace) -> None:
        sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=opts.indent) + "\n")
        sys.stdout.flush()
