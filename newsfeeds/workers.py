"""Article extraction and normalization in worker processes.

Scrapy runs on one core; turning article HTML into clean fields is the CPU-heavy part of a crawl. With
more than one core, pages are decoded and extracted in a small process pool while the main process
keeps downloading, so a CPU-bound crawl (a fast or local site) is not limited to one core.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timedelta

from newsfeeds.encoding import decode_html
from newsfeeds.extract.article import ArticleFields, ArticlePage
from newsfeeds.items import Article
from newsfeeds.pipelines.normalize import normalize_article
from newsfeeds.profiles import Profile

_profile: Profile | None = None


def default_workers() -> int:
    """One worker per spare core, at most two; none on a single-core machine."""
    return max(0, min(2, (os.cpu_count() or 1) - 1))


def extract_fields(url: str, body: bytes, content_type: str, profile: Profile, now: datetime) -> ArticleFields:
    """Decode a page by its bytes and extract its fields: the one code path, pooled or not."""
    text, _ = decode_html(body, content_type)
    return ArticlePage(url, text, profile, now=now).fields()


def current_profile() -> Profile:
    """The profile this worker process serves."""
    assert _profile is not None, "not a newsfeeds worker process"
    return _profile


def _start(profile: Profile) -> None:
    global _profile
    _profile = profile


def _run(url: str, body: bytes, content_type: str, now: datetime) -> ArticleFields:
    assert _profile is not None
    return extract_fields(url, body, content_type, _profile, now)


def _normalize(item: Article, max_title: int, future: timedelta) -> tuple[Article, list[tuple[int, str]]]:
    assert _profile is not None
    notes: list[tuple[int, str]] = []
    normalize_article(item, _profile, max_title=max_title, future=future, notes=notes)
    return item, notes


class ExtractionPool:
    """A process pool that extracts and normalizes article pages for one site's profile."""

    def __init__(self, profile: Profile, workers: int) -> None:
        self.profile = profile
        self.executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_start, initargs=(profile,))

    async def fields(self, url: str, body: bytes, content_type: str, now: datetime) -> ArticleFields:
        return await asyncio.get_running_loop().run_in_executor(self.executor, _run, url, body, content_type, now)

    async def normalize(self, item: Article, max_title: int, future: timedelta) -> tuple[Article, list[tuple[int, str]]]:
        return await asyncio.get_running_loop().run_in_executor(self.executor, _normalize, item, max_title, future)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
