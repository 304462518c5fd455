"""`scrapy crawlall`: every site's spider in one process, for a single cron line."""

from __future__ import annotations

import argparse

from scrapy.commands import BaseRunSpiderCommand

from newsfeeds.commands import checked_store, finish, guarded, run_lock
from newsfeeds.commands.crawl import exit_code
from newsfeeds.spider import SectionSpider, resolve_profile


class Command(BaseRunSpiderCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Crawl every site of the project and write their feeds (one lock, worst exit code wins)"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        self.exitcode = guarded(lambda: self._run(opts))
        finish(self.exitcode)

    def _run(self, opts: argparse.Namespace) -> int:
        assert self.crawler_process and self.settings is not None
        loader = self.crawler_process.spider_loader
        spiders = {n: loader.load(n) for n in sorted(loader.list())}
        sites = {n: cls for n, cls in spiders.items() if issubclass(cls, SectionSpider) and cls.profile_name}
        for cls in sites.values():
            resolve_profile(cls, dict(opts.spargs), self.settings)
        names = list(sites)
        crawlers = []
        with run_lock(self.settings), checked_store(self.settings):
            for name in names:
                crawler = self._create_crawler(name)
                crawlers.append(crawler)
                self.crawler_process.crawl(crawler, **opts.spargs)
            self.crawler_process.start()
        return exit_code(crawlers, self.crawler_process.bootstrap_failed)
