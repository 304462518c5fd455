"""`scrapy write-feeds`: rebuild every feed from the store without crawling (e.g. after changing
NEWSFEEDS_BASE_URL or NEWSFEEDS_MAX_ITEMS, or restoring a backup)."""

from __future__ import annotations

import argparse
from pathlib import Path

from scrapy.commands import ScrapyCommand

from newsfeeds.commands import free_sites, guarded, open_settings_store
from newsfeeds.config import setting
from newsfeeds.feedwriter import FeedWriter
from newsfeeds.health import EXIT_LOCKED, EXIT_OK
from newsfeeds.profiles import find_profile, load_profile
from newsfeeds.extensions.feeds import changed_feed_urls
from newsfeeds.runtime import settings_clock
from newsfeeds.websub import publish


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[--all]"

    def short_desc(self) -> str:
        return "Write the feeds of every site in the store (only changed files are rewritten)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--all", action="store_true", help="rebuild every feed, not only changed ones")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        self.exitcode = guarded(lambda: self._run(opts))

    def _run(self, opts: argparse.Namespace) -> int:
        assert self.settings is not None
        store = open_settings_store(self.settings)
        try:
            writer = FeedWriter.from_settings(store, self.settings, now=settings_clock(self.settings))
            locks, busy = free_sites(self.settings, store.sites())  # a site being crawled is left to its run
            try:
                changed: list[str] = []
                for site, lock in locks.items():
                    profile = load_profile(find_profile(site, Path(setting(self.settings, "NEWSFEEDS_PROFILES_DIR"))))
                    if opts.all:
                        store.mark_all_dirty(site)
                    result = writer.write_site(profile, index=False)
                    changed += changed_feed_urls(writer, result.written)
                    print(f"{site}: {result.feeds} feeds, {len(result.written)} files written, {result.unchanged} unchanged")
                    lock.release()
                for site, why in busy.items():
                    print(f"{site}: skipped, {why}")
                writer.write_index()
                if writer.hubs and changed:
                    publish(writer.hubs, changed, user_agent=self.settings.get("USER_AGENT") or "newsfeeds")
            finally:
                for lock in locks.values():
                    lock.release()
        finally:
            store.close()
        return EXIT_LOCKED if busy else EXIT_OK
