"""`scrapy crawlall`: every site's spider in one process, for a single cron line."""

from __future__ import annotations

import argparse

from scrapy.commands import BaseRunSpiderCommand

from newsfeeds.commands import check_store, guarded, run_lock
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

    def _run(self, opts: argparse.Namespace) -> int:
        assert self.crawler_process
        loader = self.crawler_process.spider_loader
        names = [n for n in sorted(loader.list())
                 if issubclass(loader.load(n), SectionSpider) and loader.load(n).profile_name]
        for name in names:
            resolve_profile(loader.load(name), {}, self.settings)
        crawlers = []
        with run_lock(self.settings):
            check_store(self.settings)
            for name in names:
                crawler = self._create_crawler(name)
                crawlers.append(crawler)
                self.crawler_process.crawl(crawler, **opts.spargs)
            self.crawler_process.start()
        return exit_code(crawlers, self.crawler_process.bootstrap_failed)
