"""`scrapy crawl SITE`: Scrapy's crawl plus a run lock, an early profile check and health exit codes."""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from newsfeeds.backfill import REDIS_SETTING, redis_problem
from newsfeeds.commands import CommandExit, checked_store, finish, guarded, run_lock
from newsfeeds.health import EXIT_ERROR, EXIT_OK, EXIT_UNHEALTHY, EXIT_USAGE
from newsfeeds.spider import SectionSpider, flag, resolve_profile


class Command(ScrapyCrawl):
    def short_desc(self) -> str:
        return "Crawl one site and write its feeds (exit 0 ok, 3 unhealthy, 75 another run active)"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name, e.g. scrapy crawl indiablooms")
        self.exitcode = guarded(lambda: self._run(args[0], opts))
        finish(self.exitcode)

    def _run(self, name: str, opts: argparse.Namespace) -> int:
        assert self.crawler_process and self.settings is not None
        spidercls = self.crawler_process.spider_loader.load(name)
        site = resolve_profile(spidercls, opts.spargs, self.settings).name if issubclass(spidercls, SectionSpider) else name
        backfill = flag(opts.spargs.get("backfill"))
        if backfill and (problem := redis_problem(self.settings.get(REDIS_SETTING))):
            raise CommandExit(problem, EXIT_USAGE)
        with run_lock(self.settings, site, shared=backfill), checked_store(self.settings, [site]):
            crawler = self._create_crawler(name)
            self.crawler_process.crawl(crawler, **opts.spargs)
            self.crawler_process.start()
        return exit_code([crawler], self.crawler_process.bootstrap_failed)


def exit_code(crawlers: list, bootstrap_failed: bool) -> int:
    """The worst outcome among the crawlers: error beats unhealthy beats ok."""
    if bootstrap_failed:
        return EXIT_ERROR
    codes = []
    for crawler in crawlers:
        report = getattr(crawler, "newsfeeds_report", None)
        codes.append(EXIT_ERROR if report is None else (EXIT_OK if report["healthy"] else EXIT_UNHEALTHY))
    return max(codes, default=EXIT_OK)
