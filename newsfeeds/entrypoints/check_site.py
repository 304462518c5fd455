"""`scrapy check-site PROFILE`: fetch every listing source of a profile and a few of the articles each
one lists, and say per source and per field what was found and from which layer, what looks wrong,
and the fix where one is obvious. How a profile is written for a new site, and repaired after a
redesign."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from parsel import Selector
from scrapy import Request, Spider
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from newsfeeds.commands import guarded, quiet_logs
from newsfeeds.commands.extract import Page, report
from newsfeeds.config import setting
from newsfeeds.dates import DateParseError, parse_date
from newsfeeds.encoding import decode_html
from newsfeeds.extract.listing import ListingPage, looks_like_article
from newsfeeds.extract.sources import newest_sitemaps, read_feed, read_sitemap, select_entries
from newsfeeds.health import EXIT_OK, EXIT_UNHEALTHY
from newsfeeds.items import ListingEntry
from newsfeeds.normalize import NormalizeRules
from newsfeeds.profiles import Profile, Section, Source, find_profile, load_profile
from newsfeeds.runtime import settings_clock
from newsfeeds.spider import _describe
from newsfeeds.urls import canonical_url, is_web_url, on_domains
from newsfeeds.workers import read_article

FIELDS = ("title", "published", "modified", "tags", "author", "section", "summary", "image")
MAX_HOPS = 3   # robots.txt -> sitemap index -> sitemap


@dataclass
class ArticleCheck:
    """One sampled article: each field's value and the layer it came from, or why it failed."""

    url: str
    fields: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    error: str = ""


@dataclass
class SourceCheck:
    """What one listing source of a section gave."""

    section: str
    position: int
    kind: str
    url: str
    fetched: list[str] = field(default_factory=list)
    status: str = ""
    document: str = ""
    listed: int = 0
    links: list[str] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    advertised_feeds: list[str] = field(default_factory=list)
    robots_sitemaps: list[str] = field(default_factory=list)
    articles: list[ArticleCheck] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)


class _CheckSpider(Spider):
    """Fetches each source's documents (following robots.txt and sitemap indexes) and a few articles."""

    name = "newsfeeds-check-site"
    custom_settings = {
        "ITEM_PIPELINES": {},
        "EXTENSIONS": {"newsfeeds.extensions.feeds.FeedsOnClose": None, "newsfeeds.extensions.report.RunReport": None,
                       "newsfeeds.extensions.history.SiteHistory": None},
    }

    def __init__(self, *args: Any, profile: Profile, checks: list[SourceCheck], articles: int, now: datetime,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.profile = profile
        self.checks = checks
        self.articles = articles
        self.now = now
        self.rules = NormalizeRules()
        self.allowed_domains = list(profile.allowed_domains)
        self.by_section = {s.name: s for s in profile.sections}

    async def start(self) -> AsyncIterator[Any]:
        for check in self.checks:
            yield self._document(check.url, check, 0)

    def _document(self, url: str, check: SourceCheck, hop: int) -> Request:
        return Request(url, callback=self.listing, errback=self.failed, dont_filter=True,
                       cb_kwargs={"check": check, "hop": hop})

    def _source(self, check: SourceCheck) -> tuple[Section, Source]:
        section = self.by_section[check.section]
        return section, section.sources[check.position]

    def listing(self, response: Response, check: SourceCheck, hop: int) -> Iterator[Any]:
        check.fetched.append(response.url)
        check.status = f"HTTP {response.status}"
        section, source = self._source(check)
        if source.kind == "html":
            if not isinstance(response, TextResponse):
                check.document = "not HTML"
                return
            text, _ = decode_html(response.body, (response.headers.get("Content-Type") or b"").decode("latin-1"))
            check.document = "html"
            check.links = ListingPage(response.url, text, self.profile).article_links()
            check.listed = len(check.links)
            selector = Selector(text=text or "<html></html>", base_url=response.url)
            check.anchors = [canonical_url(u) for u in (urljoin(response.url, h.strip()) for h in
                             selector.xpath("//a/@href").getall()) if is_web_url(u) and on_domains(u, self.profile.allowed_domains)]
            check.advertised_feeds = [urljoin(response.url, h) for h in selector.xpath(
                '//link[@rel="alternate"][contains(@type, "rss") or contains(@type, "atom") or contains(@type, "json")]/@href').getall()]
            yield from self._articles(check, [(u, None) for u in check.links])
            return
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        document = (read_feed(response.body, response.url, content_type) if source.kind == "feed"
                    else read_sitemap(response.body, response.url, self.settings.getint("DOWNLOAD_MAXSIZE")))
        check.document = document.problem or document.kind
        if document.kind == "robots":
            check.robots_sitemaps = [u for u, _ in document.sitemaps]
        if document.sitemaps and hop < MAX_HOPS:
            for child in newest_sitemaps(document.sitemaps, source, self.profile, self.now, 1):
                yield self._document(child, check, hop + 1)
            return
        check.listed = len(document.entries)
        entries = select_entries(document.entries, source, self.profile, self.now)
        check.links = [e.url for e in entries]
        check.entries = [asdict(e) for e in entries]
        yield from self._articles(check, [(e.url, e) for e in entries])

    def _articles(self, check: SourceCheck, links: list[tuple[str, ListingEntry | None]]) -> Iterator[Request]:
        for url, entry in links[:self.articles]:
            sample = ArticleCheck(url)
            check.articles.append(sample)
            yield Request(url, callback=self.article, errback=self.article_failed, dont_filter=True,
                          cb_kwargs={"sample": sample, "entry": entry}, priority=-1)

    def article(self, response: Response, sample: ArticleCheck, entry: ListingEntry | None) -> None:
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        if not isinstance(response, TextResponse):
            sample.error = f"not HTML ({content_type or '?'})"
            return
        item = read_article(self.profile.name, response.url, response.body, content_type, self.profile, self.now, [],
                            self.rules, entry)
        if item is None:
            sample.error = "no title found, neither on the page nor in the listing"
            return
        printed = report(item, Page(response.url, response.url))
        sample.sources = printed.pop("sources", {})
        sample.fields = {k: printed.get(k) for k in FIELDS}
        sample.fields["_candidates"] = item.published_candidates[:6]

    def failed(self, failure: Failure) -> None:
        check: SourceCheck = failure.request.cb_kwargs["check"]  # type: ignore[attr-defined]
        check.fetched.append(failure.request.url)  # type: ignore[attr-defined]
        check.status = _describe(failure)

    def article_failed(self, failure: Failure) -> None:
        sample: ArticleCheck = failure.request.cb_kwargs["sample"]  # type: ignore[attr-defined]
        sample.error = _describe(failure)


# --- judging what was fetched ------------------------------------------------------------------------------
def judge(checks: list[SourceCheck], profile: Profile, now: datetime, future: timedelta) -> None:
    """Fill each check's problems and suggestions."""
    seen_articles = {u for c in checks if c.kind != "html" for u in c.links}
    for check in checks:
        where = f"{check.kind} {check.url}"
        if not check.status.startswith("HTTP 2"):
            check.problems.append(f"{where}: fetch failed ({check.status or 'no answer'})")
            continue
        if not check.links:
            check.problems.append(f"{where}: no article links ({check.document}; {check.listed} listed)")
            check.suggestions += _fixes_for_empty(check, profile, seen_articles)
        _judge_articles(check, profile, now, future)
        if check.kind != "html" and check.entries and not any(e["published"] or e["modified"] for e in check.entries):
            check.suggestions.append(f"{where}: its entries carry no dates; the article pages' own dates are used")
        if check.kind == "html":
            check.suggestions += _sources_to_add(check, profile)


def _judge_articles(check: SourceCheck, profile: Profile, now: datetime, future: timedelta) -> None:
    where = f"{check.kind} {check.url}"
    read = [a for a in check.articles if not a.error]
    for sample in check.articles:
        if sample.error:
            check.problems.append(f"{sample.url}: {sample.error}")
            continue
        if not sample.fields.get("published"):
            check.problems.append(f"{sample.url}: no publication date (neither the page nor the listing gives one)")
        for raw, layer in sample.fields.get("_candidates", []):
            try:
                parsed = parse_date(raw, tz=profile.tz, now=now, dayfirst=profile.dayfirst, formats=profile.date_formats,
                                    max_future=timedelta(days=365 * 50))
            except DateParseError:
                continue
            if parsed.instant(profile.tz) > now + future:
                check.problems.append(f"{sample.url}: the {layer} date {raw!r} is in the future (ignored)")
            break
    titles = [a.fields.get("title") for a in read]
    if len(titles) >= 2 and len(set(titles)) == 1:
        check.problems.append(f"{where}: all {len(titles)} articles have the same title {titles[0]!r} "
                              "(a site-wide element? set [fields.title] css)")
    entry_titles = [e["title"] for e in check.entries if e.get("title")]
    if len(entry_titles) >= 3 and len(set(entry_titles)) == 1:
        check.problems.append(f"{where}: all {len(entry_titles)} entries have the same title {entry_titles[0]!r}")
    for entry in check.entries:
        if entry.get("published"):
            try:
                parsed = parse_date(entry["published"], tz=profile.tz, now=now, max_future=timedelta(days=365 * 50))
            except DateParseError:
                continue
            if parsed.instant(profile.tz) > now + future:
                check.problems.append(f"{where}: entry {entry['url']} is dated in the future ({entry['published']})")


def _fixes_for_empty(check: SourceCheck, profile: Profile, seen_articles: set[str]) -> list[str]:
    """The obvious repairs of a source without links."""
    fixes = []
    if check.kind == "html" and check.anchors:
        known = [u for u in dict.fromkeys(check.anchors) if u in seen_articles]
        basis = known or [u for u in dict.fromkeys(check.anchors) if looks_like_article(u)]
        patterns = suggest_patterns(basis)
        if patterns:
            what = (f"the {len(known)} links to articles the other sources list" if known
                    else f"the {len(basis)} article-like links on the page")
            fixes.append(f"{check.kind} {check.url}: [links] pattern = {json.dumps(patterns)} matches {what}")
        elif seen_articles:
            fixes.append(f"{check.kind} {check.url}: the page links to none of the {len(seen_articles)} articles the "
                         "sitemap/feed sources list (stories drawn by a script?); put the sitemap or feed source first")
    return fixes


def _sources_to_add(check: SourceCheck, profile: Profile) -> list[str]:
    """Machine-readable sources the site offers that the profile does not use."""
    known = {src.url for s in profile.sections for src in s.sources}
    fixes = []
    for url in dict.fromkeys(check.advertised_feeds):
        if url not in known and on_domains(url, profile.allowed_domains):
            fixes.append(f"the page advertises the feed {url}: add sources = [{{ feed = \"{urlsplit(url).path}\" }}] "
                         "as a fallback")
    return fixes


def suggest_patterns(urls: list[str]) -> list[str]:
    """Path regexes for a set of article URLs: one per shape (segment count), literal where every URL
    agrees, \\d{n} or \\d+ for numbers, a short alternation for a few words, [^/]+ elsewhere."""
    groups: dict[tuple[int, bool], list[list[str]]] = {}
    for url in urls:
        path = urlsplit(url).path
        segments = [s for s in path.split("/") if s]
        if segments:
            groups.setdefault((len(segments), path.endswith("/")), []).append(segments)
    patterns = []
    for (_, slash), members in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        if len(members) < max(2, len(urls) // 5):
            continue
        parts = []
        for column in zip(*members):
            values = set(column)
            if all(v.isdigit() for v in values):    # years, months, ids: they change, even if these agree
                lengths = {len(v) for v in values}
                parts.append(rf"\d{{{lengths.pop()}}}" if len(lengths) == 1 else r"\d+")
            elif len(values) == 1:
                parts.append(re.escape(column[0]))
            elif len(values) <= 3 and len(members) >= 2 * len(values):
                parts.append("(?:" + "|".join(sorted(re.escape(v) for v in values)) + ")")
            else:
                ext = {v.rsplit(".", 1)[1] for v in values if "." in v}
                parts.append(r"[^/]+" + (re.escape("." + ext.pop()) if len(ext) == 1 and all("." in v for v in values) else ""))
        patterns.append("^/" + "/".join(parts) + ("/" if slash else "") + "$")
    return patterns


# --- printing -------------------------------------------------------------------------------------------------
def as_text(profile: Profile, checks: list[SourceCheck]) -> str:
    lines = [f"Profile {profile.source} (site {profile.name}), {profile.url}", ""]
    for name in dict.fromkeys(c.section for c in checks):
        lines.append(f"Section {name}")
        for check in (c for c in checks if c.section == name):
            via = " -> ".join(check.fetched[1:]) if len(check.fetched) > 1 else ""
            lines.append(f"  source {check.position + 1}: {check.kind} {check.url}" + (f" (read {via})" if via else ""))
            lines.append(f"    {check.status or 'not fetched'}, {check.document or '-'}: {check.listed} listed, "
                         f"{len(check.links)} article links")
            if check.entries:
                count = len(check.entries)
                def share(key: str) -> str:
                    return f"{sum(1 for e in check.entries if e.get(key))}/{count}"
                lines.append(f"    entries: dates {share('published')}, titles {share('title')}, "
                             f"keywords {share('keywords')}, modified {share('modified')}")
            for url in check.links[:3]:
                lines.append(f"    link {url}")
            for sample in check.articles:
                lines.append(f"    article {sample.url}")
                if sample.error:
                    lines.append(f"      error: {sample.error}")
                    continue
                for name_ in FIELDS:
                    value = sample.fields.get(name_)
                    shown = ", ".join(value) if isinstance(value, list) else (value or "-")
                    shown = str(shown)
                    shown = shown if len(shown) <= 70 else shown[:67] + "..."
                    layer = sample.sources.get(name_, "")
                    lines.append(f"      {name_:<10} {shown:<72} {('from ' + layer) if layer and value else ''}".rstrip())
        lines.append("")
    problems = [p for c in checks for p in c.problems]
    fixes = list(dict.fromkeys(f for c in checks for f in c.suggestions))
    lines.append(f"Problems ({len(problems)}):" if problems else "Problems: none")
    lines += [f"  - {p}" for p in problems]
    if fixes:
        lines.append(f"Suggestions ({len(fixes)}):")
        lines += [f"  - {f}" for f in fixes]
    return "\n".join(lines) + "\n"


def as_json(profile: Profile, checks: list[SourceCheck]) -> str:
    data = [asdict(c) for c in checks]
    for check in data:
        for sample in check["articles"]:
            sample["fields"].pop("_candidates", None)
    return json.dumps({"profile": profile.source, "site": profile.name, "sources": data,
                       "problems": [p for c in checks for p in c.problems],
                       "suggestions": list(dict.fromkeys(f for c in checks for f in c.suggestions))},
                      indent=2, ensure_ascii=False) + "\n"


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[options] PROFILE"

    def short_desc(self) -> str:
        return "Check a site profile against the live site: sources, links, fields and their layers, problems, fixes"

    def long_desc(self) -> str:
        return (self.short_desc() + ". Fetches each listing source of each section (HTML listing, sitemap, feed) and a "
                "few of the articles each lists. Exit 0 when nothing looks wrong, 3 when something does, 2 on usage "
                "or profile errors.")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--site-url", metavar="URL", help="check the profile against another origin (a mirror, the demo)")
        parser.add_argument("--articles", type=int, default=2, metavar="N", help="articles to fetch per source (default 2)")
        parser.add_argument("--section", action="append", default=[], metavar="NAME", help="only this section (repeatable)")
        parser.add_argument("--json", action="store_true", help="print JSON instead of text")

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        quiet_logs(self.settings, opts)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one profile: a name from the profiles directory or a path to a .toml file")
        self.exitcode = guarded(lambda: self._run(args[0], opts))

    def _run(self, name: str, opts: argparse.Namespace) -> int:
        assert self.settings is not None and self.crawler_process is not None
        profile = load_profile(find_profile(name, Path(setting(self.settings, "NEWSFEEDS_PROFILES_DIR"))))
        if opts.site_url:
            profile = profile.pointed_at(opts.site_url)
        sections = [s for s in profile.sections if not opts.section or s.name in opts.section or s.slug in opts.section]
        if not sections:
            raise UsageError(f"no section named {opts.section}; sections: {', '.join(s.name for s in profile.sections)}")
        checks = [SourceCheck(s.name, i, src.kind, src.url) for s in sections for i, src in enumerate(s.sources)]
        now = settings_clock(self.settings)
        self.crawler_process.crawl(_CheckSpider, profile=profile, checks=checks, articles=max(0, opts.articles), now=now)
        self.crawler_process.start()
        judge(checks, profile, now, timedelta(hours=setting(self.settings, "NEWSFEEDS_FUTURE_TOLERANCE_HOURS")))
        sys.stdout.write(as_json(profile, checks) if opts.json else as_text(profile, checks))
        return EXIT_UNHEALTHY if any(c.problems for c in checks) else EXIT_OK
