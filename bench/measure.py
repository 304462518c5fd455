"""Running crawls as subprocesses and reading what they left: wall and CPU time, the run report,
the server's request log and the feed directory's files."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timezone
from pathlib import Path
from typing import Any

from synthetic import SectionSpec, SyntheticArticle

from newsfeeds.tags import base_slug, name_key
from newsfeeds.urls import identity_key

ROOT = Path(__file__).resolve().parent.parent
FEED_SUFFIXES = (".rss", ".atom", ".json", ".html")
FORMATS = ("rss", "atom", "json", "html")  # the three feed formats and each feed's page


@dataclass
class Run:
    """One crawl subprocess: how long it took, what it said, what it fetched."""

    label: str
    code: int
    wall: float
    cpu: float
    log: Path
    stats: dict[str, Any] = field(default_factory=dict)
    requests: list[tuple[str, str, int]] = field(default_factory=list)
    peak_rss_kb: int = 0

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def timed(label: str, args: Sequence[str], cwd: Path, log: Path, env: dict[str, str] | None = None,
          timeout: float = 3600) -> Run:
    """Run a command to completion, charging it its own wall and CPU time and its peak memory (the
    largest resident set of it and of the processes it reaped, from wait4)."""
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(list(args), cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        code, usage = reap(process, started + timeout)
    wall = time.perf_counter() - started
    return Run(label, code, wall, usage.ru_utime + usage.ru_stime, log, peak_rss_kb=usage.ru_maxrss)


def reap(process: subprocess.Popen[Any], deadline: float) -> tuple[int, Any]:
    """Wait for a process (killing it past `deadline`, a perf_counter time); its exit code and resource usage,
    whose ru_maxrss is the largest resident set of it and of the processes it reaped."""
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            process.kill()
        time.sleep(0.01)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage


@dataclass(frozen=True)
class CrawlSettings:
    """What both crawlers share, so the comparison is like for like."""

    concurrency: int
    per_domain: int
    max_pages: int

    def scrapy_settings(self) -> dict[str, str]:
        return {
            "CONCURRENT_REQUESTS": str(self.concurrency),
            "CONCURRENT_REQUESTS_PER_DOMAIN": str(self.per_domain),
            "AUTOTHROTTLE_ENABLED": "False",
            "DOWNLOAD_DELAY": "0",
            "ROBOTSTXT_OBEY": "True",
            "COOKIES_ENABLED": "False",
            "TELNETCONSOLE_ENABLED": "False",
            "LOG_LEVEL": "INFO",
        }


def our_crawl(label: str, site_url: str, workspace: Path, settings: CrawlSettings, db: str = "") -> Run:
    """`scrapy crawl indiablooms` through the whole pipeline, as cron runs it (on the SQLite store in the
    workspace, or on the store `db` names)."""
    data = workspace / "data"
    merged = {
        "NEWSFEEDS_DATA_DIR": str(data),
        "NEWSFEEDS_DB": db or str(data / "newsfeeds.sqlite3"),
        "NEWSFEEDS_DIR": str(workspace / "feeds"),
        "NEWSFEEDS_BASE_URL": "http://feeds.bench.test/",
        "NEWSFEEDS_MAX_PAGES": str(settings.max_pages),
        **settings.scrapy_settings(),
    }
    args = [sys.executable, "-m", "scrapy", "crawl", "indiablooms", "-a", f"site_url={site_url}"]
    for name, value in merged.items():
        args += ["-s", f"{name}={value}"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workspace.mkdir(parents=True, exist_ok=True)
    run = timed(label, args, ROOT, workspace / f"{label}.log", env)
    run.stats = read_report(data / "last-run.json")
    return run


def bare_crawl(label: str, site_url: str, sections: Iterable[SectionSpec], workspace: Path,
               settings: CrawlSettings, spider: str = "bare_spider.py") -> Run:
    """A plain Scrapy baseline (`spider` in bench/), run from outside the project so none of its settings apply."""
    workspace.mkdir(parents=True, exist_ok=True)
    stats_path = workspace / "bare-stats.json"
    args = [sys.executable, "-m", "scrapy", "runspider", str(ROOT / "bench" / spider),
            "-a", f"site_url={site_url}", "-a", "sections=" + ",".join(s.key for s in sections),
            "-a", f"stats_out={stats_path}", "-a", f"max_pages={settings.max_pages}"]
    for name, value in settings.scrapy_settings().items():
        args += ["-s", f"{name}={value}"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRAPY_")}
    run = timed(label, args, workspace, workspace / f"{label}.log", env)
    run.stats = json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.exists() else {}
    return run


def read_report(path: Path) -> dict[str, Any]:
    """Our run report for the site (the file holds one report per site)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if isinstance(data, dict) and "site" not in data:
        return data.get("indiablooms", {})
    return data if isinstance(data, dict) else {}


# --- what the server saw ----------------------------------------------------------------------------
def classify(requests: Sequence[tuple[str, str, int]], sections: Sequence[SectionSpec]) -> dict[str, int]:
    """Requests by kind: robots.txt, listing pages (and how many were 304), articles, other."""
    listing_roots = {f"/{s.key}" for s in sections}
    counts = {"total": len(requests), "robots": 0, "listing": 0, "listing_304": 0, "article": 0, "other": 0}
    for _, path, status in requests:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if clean == "/robots.txt":
            counts["robots"] += 1
        elif clean in listing_roots or "/page/" in clean:
            counts["listing"] += 1
            counts["listing_304"] += status == 304
        elif clean.endswith("/details"):
            counts["article"] += 1
        else:
            counts["other"] += 1
    return counts


# --- what the crawl wrote ----------------------------------------------------------------------------
Snapshot = dict[str, tuple[int, int, int]]


def snapshot(directory: Path) -> Snapshot:
    """Every file under a directory with its inode, mtime and size: an atomic replace changes the inode."""
    files: Snapshot = {}
    if not directory.exists():
        return files
    for path in directory.rglob("*"):
        if path.is_file():
            stat = path.stat()
            files[path.relative_to(directory).as_posix()] = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    return files


def rewritten(before: Snapshot, after: Snapshot) -> set[str]:
    """Files created, replaced or modified between two snapshots."""
    return {name for name, facts in after.items() if before.get(name) != facts}


def is_feed(name: str) -> bool:
    return name.endswith(FEED_SUFFIXES) and "/" in name


def is_custom(name: str) -> bool:
    """A custom feed's file: whether new articles enter it depends on its rules, so it is reported apart."""
    return name.startswith("custom/") or "/custom/" in name


def expected_feed_files(site: str, articles: Sequence[SyntheticArticle], db: Path) -> set[str]:
    """The feed files (and pages) new articles belong in: the site's `all` feed, their sections' and their tags'."""
    slugs = tag_slugs(site, {t for a in articles for t in a.tags}, db)
    feeds = {f"{site}/all"}
    feeds |= {f"{site}/section/{a.section.slug}" for a in articles}
    feeds |= {f"{site}/tag/{slugs[t]}" for a in articles for t in a.tags}
    return {f"{feed}.{fmt}" for feed in feeds for fmt in FORMATS}


def tag_slugs(site: str, names: Iterable[str], db: Path) -> dict[str, str]:
    """The slug the store gave each tag name (its feed's file name), else the readable base slug."""
    found: dict[str, str] = {}
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            for name in names:
                row = conn.execute("SELECT slug FROM tags WHERE site = ? AND name_key = ?", (site, name_key(name))).fetchone()
                if row:
                    found[name] = row[0]
    except sqlite3.Error:
        pass
    return {name: found.get(name, base_slug(name)) for name in names}


def extraction_check(site: str, origin: str, articles: Sequence[SyntheticArticle], db: Path) -> dict[str, int]:
    """How many generated stories the store holds with the right date, tags and section."""
    counts = {"articles": len(articles), "stored": 0, "date": 0, "tags": 0, "section": 0}
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        for article in articles:
            key = identity_key(origin.rstrip("/") + article.path)
            row = conn.execute("SELECT published_utc FROM articles WHERE site = ? AND key = ?", (site, key)).fetchone()
            if row is None:
                continue
            counts["stored"] += 1
            expected = article.published.astimezone(timezone.utc).replace(microsecond=0).isoformat()
            counts["date"] += row[0] == expected
            tags = {r[0] for r in conn.execute(
                "SELECT t.name FROM article_tags a JOIN tags t ON t.site = a.site AND t.slug = a.slug "
                "WHERE a.site = ? AND a.key = ?", (site, key))}
            counts["tags"] += {name_key(t) for t in tags} == {name_key(t) for t in article.tags}
            sections = {r[0] for r in conn.execute(
                "SELECT slug FROM article_sections WHERE site = ? AND key = ?", (site, key))}
            counts["section"] += sections == {article.section.slug}
    return counts
