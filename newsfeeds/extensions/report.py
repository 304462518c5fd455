"""RunReport: one summary log line and a JSON report per run, for the operator and for monitoring."""

from __future__ import annotations

import json
import resource
import logging
from datetime import datetime, timezone
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from newsfeeds.config import data_path
from newsfeeds.files import write_if_changed
from newsfeeds.health import EXIT_OK, EXIT_UNHEALTHY
from newsfeeds.lock import waiting_lock
from newsfeeds.runtime import after_feeds

logger = logging.getLogger("newsfeeds.run")


class RunReport:
    """Summarize the run from the crawl's counters; the exit code follows the `healthy` verdict."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.started = datetime.now(timezone.utc)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunReport:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> Any:
        return after_feeds(self.crawler, lambda: self._report(spider, reason))

    def _report(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats()
        report = build_report(getattr(spider, "site", spider.name), stats, self.started, reason)
        self.crawler.newsfeeds_report = report  # type: ignore[attr-defined]
        if not getattr(self.crawler, "newsfeeds_batch", False):  # crawlall saves every site's report at the end
            save_reports(self.crawler.settings, [report])
        level = logging.INFO if report["healthy"] else logging.ERROR
        logger.log(
            level,
            "RUN %s site=%s new=%d updated=%d known=%d failed=%d feeds_written=%d requests=%d seconds=%.1f reason=%s",
            "OK" if report["healthy"] else "UNHEALTHY", report["site"], report["articles"]["new"],
            report["articles"]["updated"], report["articles"]["skipped_known"], report["articles"]["failed"],
            report["feeds"]["files_written"], report["requests"], report["seconds"], report["reason"],
        )


def save_reports(settings: Any, reports: list[dict[str, Any]]) -> None:
    """Put these sites' reports into the run report file, keeping the other sites' (under a lock: runs of
    other sites update it too)."""
    if not reports:
        return
    path = data_path(settings, "NEWSFEEDS_REPORT", "last-run.json")
    try:
        with waiting_lock(path.with_name(f".{path.name}.lock")):
            everything = _read(path)
            everything.update((r["site"], r) for r in reports)
            write_if_changed(path, (json.dumps(everything, indent=2, sort_keys=True) + "\n").encode())
    except OSError as exc:
        logger.error("Cannot write the run report %s: %s", path, exc)


def build_report(site: str, stats: dict[str, Any], started: datetime, close_reason: str) -> dict[str, Any]:
    """The run report as a plain dict (also what tests and monitoring read)."""
    def count(key: str) -> int:
        return int(stats.get(key, 0) or 0)

    finished = datetime.now(timezone.utc)
    healthy = bool(stats.get("newsfeeds/healthy", False))
    reason = stats.get("newsfeeds/reason") or f"crawl ended: {close_reason}"
    errors = {k.removeprefix("log_count/"): v for k, v in stats.items() if k in ("log_count/ERROR", "log_count/CRITICAL")}
    missing = {k.removeprefix("newsfeeds/missing/"): v for k, v in stats.items() if k.startswith("newsfeeds/missing/")}
    return {
        "site": site,
        "started": started.replace(microsecond=0).isoformat(),
        "finished": finished.replace(microsecond=0).isoformat(),
        "seconds": round((finished - started).total_seconds(), 3),
        "cpu_seconds": round(_cpu_seconds(), 3),
        "close_reason": close_reason,
        "requests": count("downloader/request_count"),
        "responses_by_status": {k.rsplit("/", 1)[-1]: v for k, v in stats.items()
                                if k.startswith("downloader/response_status_count/")},
        "listing_pages": count("newsfeeds/listing_pages"),
        "listing_not_modified": count("newsfeeds/listing_not_modified"),
        "listing_empty": count("newsfeeds/listing_empty"),
        "listing_fallbacks": list(stats.get("newsfeeds/fallbacks") or []),
        "articles": {
            "new": count("newsfeeds/articles/new"),
            "updated": count("newsfeeds/articles/updated"),
            "unchanged": count("newsfeeds/articles/unchanged"),
            "skipped_known": count("newsfeeds/articles_known_skipped"),
            "duplicates": count("newsfeeds/articles/duplicate"),
            "failed": count("newsfeeds/article_failed"),
            "retried": count("newsfeeds/pending_retried"),
            "resumed": count("newsfeeds/pending_resumed"),
            "deferred": count("newsfeeds/articles/deferred"),
            "waiting": count("newsfeeds/pending_left"),
        },
        "walks_resumed": count("newsfeeds/walks_resumed"),
        "extraction_failures": missing,
        "feeds": {
            "feeds": count("newsfeeds/feeds"),
            "files_written": count("newsfeeds/feed_files_written"),
            "files_unchanged": count("newsfeeds/feed_files_unchanged"),
        },
        "errors": errors,
        "healthy": healthy,
        "reason": reason,
        "exit_code": EXIT_OK if healthy else EXIT_UNHEALTHY,
    }


def _cpu_seconds() -> float:
    """CPU time of the crawl process itself (extraction workers excluded): what a cron slot costs."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _read(path: Any) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}
