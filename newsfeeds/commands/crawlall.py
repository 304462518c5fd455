"""`scrapy crawlall`: every site of the project crawled at once in one process, for a single cron line."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from scrapy import signals
from scrapy.commands import BaseRunSpiderCommand
from scrapy.exceptions import UsageError

from newsfeeds.commands import checked_store, finish, free_sites, guarded, open_settings_store
from newsfeeds.commands.crawl import exit_code
from newsfeeds.config import setting
from newsfeeds.extensions.report import save_reports
from newsfeeds.feedindex import refresh_site_table
from newsfeeds.feedwriter import FeedWriter
from newsfeeds.health import EXIT_ERROR, EXIT_LOCKED, EXIT_OK, EXIT_USAGE, worst
from newsfeeds.runtime import settings_clock
from newsfeeds.sitelist import SiteJob, add_site_options, chosen_sites

logger = logging.getLogger("newsfeeds.run")


class Command(BaseRunSpiderCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[--site NAME ...] [--skip NAME ...] [--list]"

    def short_desc(self) -> str:
        return "Crawl every site (every profile and site spider) at once and write their feeds"

    def long_desc(self) -> str:
        return ("Crawl every site of the project concurrently in one process: every profile in "
                "NEWSFEEDS_PROFILES_DIR (except files starting with '_' and profiles with enabled = false) and every "
                "spider module that names a profile. Each site keeps its own politeness and its own lock; a site whose "
                "own run is active is skipped. Exit code: the most worrying of the sites' outcomes "
                "(0 ok, 3 unhealthy, 2 profile mistake, 1 crash; 75 when every site was skipped).")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        add_site_options(parser, "crawl")
        parser.add_argument("--list", action="store_true", help="print the sites that would be crawled, then exit")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError("crawlall takes no site names as arguments; use --site NAME")
        if "profile" in opts.spargs:
            raise UsageError("-a profile= names one site; use scrapy crawl site -a profile=... or crawlall --site NAME")
        self.exitcode = guarded(lambda: self._run(opts))
        finish(self.exitcode)

    def _run(self, opts: argparse.Namespace) -> int:
        assert self.crawler_process and self.settings is not None
        found, jobs = chosen_sites(self.crawler_process.spider_loader, self.settings, opts, "crawled")
        if opts.list:
            for job in jobs:
                print(f"{job.name}\t{job.origin}")
            return EXIT_USAGE if found.errors else EXIT_OK
        codes = [EXIT_USAGE] * len(found.errors)
        if not jobs:
            logger.error("No site to crawl: add profiles to %s (see sites/EXAMPLE.toml)",
                         setting(self.settings, "NEWSFEEDS_PROFILES_DIR"))
            return worst(codes or [EXIT_USAGE])
        locks, busy = free_sites(self.settings, [j.name for j in jobs])
        for name, why in busy.items():
            logger.warning("Site %s skipped: %s", name, why)
        runnable = [j for j in jobs if j.name in locks]
        if not runnable:
            return worst([*codes, EXIT_LOCKED])
        crawlers = []
        try:
            with checked_store(self.settings, [j.name for j in runnable]):
                for job in runnable:
                    crawlers.append(self._start(job, opts, locks[job.name].release))
                self.crawler_process.start()
        finally:
            for lock in locks.values():
                lock.release()
        save_reports(self.settings, [c.newsfeeds_report for c in crawlers if getattr(c, "newsfeeds_report", None)])
        self._write_index(any(getattr(c, "newsfeeds_index_due", False) for c in crawlers))
        codes += [exit_code([c], False) for c in crawlers]
        code = worst(codes)
        self._summary(runnable, crawlers, busy, len(found.errors), code)
        return code

    def _start(self, job: SiteJob, opts: argparse.Namespace, release: object) -> Any:
        assert self.crawler_process is not None
        crawler = self.crawler_process.create_crawler(job.spidercls)
        crawler.newsfeeds_batch = True  # type: ignore[attr-defined]  # index and run report: written once, at the end
        crawler.signals.connect(release, signal=signals.engine_stopped, weak=False)  # a finished site is free again
        self.crawler_process.crawl(crawler, **{**opts.spargs, "profile": job.profile})
        return crawler

    def _write_index(self, feeds_changed: bool) -> None:
        """index.html and feeds.opml once for the whole run, not once per site: when feeds changed, or
        when the sites' health table it shows did."""
        assert self.settings is not None
        store = open_settings_store(self.settings)
        try:
            writer = FeedWriter.from_settings(store, self.settings, now=settings_clock(self.settings))
            if feeds_changed:
                written = writer.write_index()
                logger.info("Index: %s", ", ".join(written) if written else "unchanged")
            elif refresh_site_table(store, writer.out_dir, writer.base_url):
                logger.info("Index: the site table changed")
        except OSError as exc:
            logger.error("Cannot write the index into %s: %s", setting(self.settings, "NEWSFEEDS_DIR"), exc)
        finally:
            store.close()

    def _summary(self, jobs: list[SiteJob], crawlers: list, busy: dict[str, str], errors: int, code: int) -> None:
        reports = [getattr(c, "newsfeeds_report", None) for c in crawlers]
        ok = sum(1 for r in reports if r and r["healthy"])
        unhealthy = sum(1 for r in reports if r and not r["healthy"])
        crashed = sum(1 for r in reports if r is None)
        level = logging.INFO if code == EXIT_OK else logging.ERROR if code in (EXIT_ERROR, EXIT_USAGE) else logging.WARNING
        logger.log(level, "CRAWLALL sites=%d ok=%d unhealthy=%d crashed=%d skipped_busy=%d profile_errors=%d exit=%d",
                   len(jobs) + len(busy) + errors, ok, unhealthy, crashed, len(busy), errors, code)
