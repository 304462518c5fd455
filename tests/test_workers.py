"""The extraction workers: a crawl gets the same articles and feeds from them as from the main process,
and a worker that dies (the kernel's OOM killer, an operator's kill) costs speed, never an article."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import urllib.request
from dataclasses import asdict, replace
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newsfeeds.demo import ARTICLES, article_path
from newsfeeds.feedwriter import FeedWriter
from newsfeeds.items import Article
from newsfeeds.normalize import NormalizeRules
from newsfeeds.profiles import load_profile
from newsfeeds.store import SQLiteStore
from newsfeeds.store.copy import copy_store
from newsfeeds.workers import ExtractionPool, read_article

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 27, 6, 30, tzinfo=timezone.utc)
RULES = NormalizeRules()


@pytest.fixture
def pages(demo_server) -> list[tuple[str, bytes]]:
    """A dozen article pages as the demo site serves them."""
    fetched = []
    for article in ARTICLES[:12]:
        url = demo_server.url.rstrip("/") + article_path(article)
        with urllib.request.urlopen(url, timeout=10) as response:
            fetched.append((url, response.read()))
    return fetched


@pytest.fixture
def profile(demo_server):
    return load_profile(ROOT / "sites" / "indiablooms.toml").pointed_at(demo_server.url)


def here(profile, url: str, body: bytes) -> Article | None:
    return read_article("indiablooms", url, body, "text/html; charset=utf-8", profile, NOW, ["world"], RULES)


def pooled(pool: ExtractionPool, profile, pages: list[tuple[str, bytes]], kill_first: bool = False) -> list[Article | None]:
    async def crawl() -> list[Article | None]:
        calls = [asyncio.ensure_future(pool.article(profile, url, body, "text/html; charset=utf-8", NOW, ["world"]))
                 for url, body in pages]
        await asyncio.sleep(0)  # every call is now sent
        if kill_first:
            os.kill(pool.workers[0].process.pid, signal.SIGKILL)
        return list(await asyncio.gather(*calls))
    return asyncio.run(crawl())


def test_a_worker_extracts_exactly_what_the_main_process_would(profile, pages):
    pool = ExtractionPool(1, RULES)
    try:
        results = pooled(pool, profile, pages)
    finally:
        pool.close()
    expected = [here(profile, url, body) for url, body in pages]
    assert all(r is not None for r in results)
    assert [asdict(r) for r in results] == [asdict(e) for e in expected]  # type: ignore[arg-type]
    assert all(r.normalized and r.published is not None for r in results)  # type: ignore[union-attr]


def test_a_killed_worker_costs_speed_not_articles(profile, pages, caplog):
    pool = ExtractionPool(1, RULES)
    caplog.set_level(logging.ERROR, logger="newsfeeds.workers")
    try:
        results = pooled(pool, profile, pages, kill_first=True)
        later = pooled(pool, profile, pages[:2])
    finally:
        pool.close()
    expected = [here(profile, url, body) for url, body in pages]
    assert [asdict(r) for r in results] == [asdict(e) for e in expected]  # type: ignore[arg-type]
    assert [asdict(r) for r in later] == [asdict(e) for e in expected[:2]]  # type: ignore[arg-type]
    assert not pool.workers[0].alive
    assert "extracted in the main process" in caplog.text


def test_one_pool_serves_several_sites_each_with_its_own_profile(profile, pages):
    """crawlall's thirty sites share one process's workers; each page is read with its own site's rules."""
    elsewhere = replace(profile, name="otherpaper", timezone="America/New_York")
    pool = ExtractionPool(1, RULES)
    try:
        ours = pooled(pool, profile, pages[:4])
        theirs = pooled(pool, elsewhere, pages[:4])
    finally:
        pool.close()
    assert len(pool.workers) == 1
    assert [asdict(r) for r in ours] == [asdict(here(profile, u, b)) for u, b in pages[:4]]  # type: ignore[arg-type]
    assert [asdict(r) for r in theirs] == [  # type: ignore[arg-type]
        asdict(read_article("otherpaper", u, b, "text/html; charset=utf-8", elsewhere, NOW, ["world"], RULES))  # type: ignore[arg-type]
        for u, b in pages[:4]]
    in_site_zone = [(a, b) for a, b in zip(ours, theirs)  # times the page gave without an offset
                    if a and b and a.published and isinstance(a.published.value.tzinfo, ZoneInfo)]
    assert in_site_zone and all(a.published.value != b.published.value for a, b in in_site_zone)  # type: ignore[union-attr]


def test_an_error_in_a_worker_reaches_the_caller(profile):
    pool = ExtractionPool(1, RULES)
    assert pool.workers == []  # none started before there is work
    try:
        call = pool.submit(int, "not a number")
        assert call is not None
        with pytest.raises(ValueError, match="not a number"):
            call.result()
        again = pool.submit(int, "42")  # the worker lives on
        assert again is not None and again.result() == 42
    finally:
        pool.close()
    assert not pool.workers[0].process.is_alive()


def test_feeds_rendered_with_a_worker_are_byte_for_byte_those_rendered_alone(demo_crawl, tmp_path, store):
    """On either store: the worker opens its own connection to it (by its location) to render feeds."""
    server, workspace, _ = demo_crawl
    profile = load_profile(ROOT / "sites" / "indiablooms.toml").pointed_at(server.url)
    crawled = SQLiteStore(workspace.db, readonly=True)
    try:
        copy_store(crawled, store)
    finally:
        crawled.close()
    outputs = {}
    for label, workers in (("alone", 0), ("helped", 1)):
        store.mark_all_dirty(profile.name)
        pool = ExtractionPool(workers, RULES) if workers else None
        try:
            FeedWriter(store, tmp_path / label, "http://feeds.test/").write_site(profile, helper=pool)
        finally:
            if pool is not None:
                pool.close()
        outputs[label] = {p.relative_to(tmp_path / label): p.read_bytes() for p in (tmp_path / label).rglob("*") if p.is_file()}
    assert len(outputs["alone"]) > 100
    assert outputs["helped"] == outputs["alone"]


def test_a_page_larger_than_the_socket_buffers_goes_through_whole(profile, pages):
    url, body = next((u, b) for u, b in pages if b"IBNS" in b)
    paragraphs = b"".join(b"<p>Paragraph %d of a very long report on the harbour accounts.</p>" % n for n in range(40000))
    end = body.index(b"</p>", body.index(b"IBNS")) + len(b"</p>")  # after the story's first paragraph
    big = body[:end] + paragraphs + body[end:]
    assert len(big) > 2_000_000 and big != body
    pool = ExtractionPool(1, RULES)
    try:
        [result] = pooled(pool, profile, [(url, big)])
    finally:
        pool.close()
    expected = here(profile, url, big)
    assert result is not None and expected is not None
    assert asdict(result) == asdict(expected)
    assert "Paragraph 39999 of" in (result.body or "")
