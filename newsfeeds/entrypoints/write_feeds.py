"""`scrapy write-feeds`: rebuild every feed from the store without crawling (e.g. after changing
NEWSFEEDS_BASE_URL or NEWSFEEDS_MAX_ITEMS, or restoring a backup)."""

from __future__ import annotations

import argparse
from pathlib import Path

from scrapy.commands import ScrapyCommand

from newsfeeds.commands import guarded, run_lock
from newsfeeds.config import data_path, setting
from newsfeeds.feedwriter import FeedWriter
from newsfeeds.health import EXIT_OK
from newsfeeds.profiles import find_profile, load_profile
from newsfeeds.extensions.feeds import changed_feed_urls
from newsfeeds.runtime import settings_clock
from newsfeeds.websub import publish
from newsfeeds.store import SQLiteStore


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
        with run_lock(self.settings):
            store = SQLiteStore(data_path(self.settings, "NEWSFEEDS_DB", "newsfeeds.sqlite3"))
            try:
                writer = FeedWriter.from_settings(store, self.settings, now=settings_clock(self.settings))
                changed: list[str] = []
                for site in store.sites():
                    profile = load_profile(find_profile(site, Path(setting(self.settings, "NEWSFEEDS_PROFILES_DIR"))))
                    if opts.all:
                        store.mark_all_dirty(site)
                    result = writer.write_site(profile)
                    changed += changed_feed_urls(writer, result.written)
                    print(f"{site}: {result.feeds} feeds, {len(result.written)} files written, {result.unchanged} unchanged")
                if writer.hubs and changed:
                    publish(writer.hubs, changed, user_agent=self.settings.get("USER_AGENT") or "newsfeeds")
            finally:
                store.close()
        return EXIT_OK
