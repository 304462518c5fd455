"""Article extraction and normalization in worker processes.

Scrapy runs on one core; turning article HTML into clean fields is the CPU-heavy part of a crawl. With
more than one core, pages are decoded, extracted and normalized in a small process pool — one round
trip per article — while the main process keeps downloading, so a CPU-bound crawl (a fast or local
site) is not limited to one core.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime

from newsfeeds.encoding import decode_html
from newsfeeds.extract.article import ArticleFields, ArticlePage
from newsfeeds.items import Article
from newsfeeds.normalize import NormalizeRules, normalize_article
from newsfeeds.profiles import Profile

_profile: Profile | None = None
_rules: NormalizeRules | None = None


def default_workers() -> int:
    """One worker per spare core, at most two; none on a single-core machine."""
    return max(0, min(2, (os.cpu_count() or 1) - 1))


def extract_fields(url: str, body: bytes, content_type: str, profile: Profile, now: datetime) -> ArticleFields:
    """Decode a page by its bytes and extract its fields: the one code path, pooled or not."""
    text, _ = decode_html(body, content_type)
    return ArticlePage(url, text, profile, now=now).fields()


def read_article(site: str, url: str, body: bytes, content_type: str, profile: Profile, now: datetime,
                 sections: list[str], rules: NormalizeRules | None = None) -> Article | None:
    """The article a fetched page holds (None without a title), normalized when `rules` are given."""
    fields = extract_fields(url, body, content_type, profile, now)
    if not fields.title:
        return None
    item = Article(
        site=site, url=fields.url, response_url=url, fetched_at=now,
        title=fields.title, published_candidates=fields.published, modified_candidates=fields.modified,
        tags=fields.tags, author=fields.author, section=fields.section, sections=sections,
        summary=fields.summary, body=fields.body, image=fields.image, sources=fields.sources,
    )
    if rules is not None:
        normalize_article(item, profile, rules, notes=item.notes)
        item.normalized = True
    return item


def current_profile() -> Profile:
    """The profile this worker process serves."""
    assert _profile is not None, "not a newsfeeds worker process"
    return _profile


def _start(profile: Profile, rules: NormalizeRules) -> None:
    global _profile, _rules
    _profile, _rules = profile, rules


def _read(site: str, url: str, body: bytes, content_type: str, now: datetime, sections: list[str]) -> Article | None:
    assert _profile is not None
    return read_article(site, url, body, content_type, _profile, now, sections, _rules)


class ExtractionPool:
    """A process pool that extracts and normalizes article pages for one site's profile."""

    def __init__(self, profile: Profile, workers: int, rules: NormalizeRules) -> None:
        self.profile = profile
        self.executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_start, initargs=(profile, rules))

    async def article(self, site: str, url: str, body: bytes, content_type: str, now: datetime,
                      sections: list[str]) -> Article | None:
        return await asyncio.get_running_loop().run_in_executor(
            self.executor, _read, site, url, body, content_type, now, sections)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
