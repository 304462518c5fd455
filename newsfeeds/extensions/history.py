"""SiteHistory: after each run, record the site's health in the store, announce a change of state
once (webhook and/or e-mail), and refresh index.html's site table when what it shows has changed."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from twisted.internet.defer import Deferred, DeferredList
from twisted.internet.threads import deferToThread

from newsfeeds.alerts import alert_payload, post_json, send_mail
from newsfeeds.config import setting
from newsfeeds.feedindex import refresh_site_table
from newsfeeds.runtime import after_feeds, crawl_clock, crawl_store
from newsfeeds.sitehealth import SiteHealth

logger = logging.getLogger(__name__)


class SiteHistory:
    """Runs after RunReport (it reads the run's report): one row of history per run, alerts on change."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.webhook = setting(crawler.settings, "NEWSFEEDS_ALERT_WEBHOOK")
        self.mail_to = [a.strip() for a in str(setting(crawler.settings, "NEWSFEEDS_ALERT_MAIL_TO")).split(",") if a.strip()]

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteHistory:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> Any:
        return after_feeds(self.crawler, lambda: self._record(spider))

    def _record(self, spider: Spider) -> Deferred[Any] | None:
        profile = getattr(spider, "profile", None)
        report = getattr(self.crawler, "newsfeeds_report", None)
        if profile is None or report is None:
            return None
        store = crawl_store(self.crawler).store
        now = crawl_clock(self.crawler)
        health = store.record_run(profile.name, bool(report["healthy"]), str(report["reason"]), int(report["articles"]["new"]),
                                  now, setting(self.crawler.settings, "NEWSFEEDS_UNHEALTHY_AFTER"))
        out_dir = setting(self.crawler.settings, "NEWSFEEDS_DIR")
        writes = setting(self.crawler.settings, "NEWSFEEDS_WRITE_FEEDS")
        if out_dir and writes and not getattr(self.crawler, "newsfeeds_batch", False):  # crawlall: once, at the end
            try:
                refresh_site_table(store, out_dir, setting(self.crawler.settings, "NEWSFEEDS_BASE_URL"))
            except OSError as exc:
                logger.error("Cannot update index.html in %s: %s", out_dir, exc)
        if not health.unannounced:
            return None
        logger.log(logging.WARNING if health.state == "unhealthy" else logging.INFO,
                   "%s is now %s (%s)", profile.name, health.state.upper(), health.reason)
        if not self.webhook and not self.mail_to:
            return None
        return self._announce(health, profile.title, report)

    def _announce(self, health: SiteHealth, title: str, report: dict[str, Any]) -> Deferred[Any]:
        """Send the alert; only when every channel took it is the state marked as announced, so a
        channel that was down is tried again by the next run."""
        payload = alert_payload(health, title, report)
        sent: list[Deferred[Any]] = []
        if self.webhook:
            sent.append(deferToThread(post_json, self.webhook, payload))
        if self.mail_to:
            subject = f"newsfeeds: {health.site} is {health.state}"
            sent.append(deferToThread(send_mail, self.crawler.settings, self.mail_to, subject, payload["text"]))

        def settled(results: list[tuple[bool, Any]]) -> None:
            failures = [str(value.value if hasattr(value, "value") else value) for ok, value in results if not ok]
            if failures:
                logger.error("Could not send the alert for %s (%s); the next run tries again", health.site, "; ".join(failures))
                return
            crawl_store(self.crawler).store.mark_announced(health.site, health.state)
            logger.info("Alert sent: %s is %s", health.site, health.state)

        return DeferredList(sent, consumeErrors=True).addCallback(settled)
