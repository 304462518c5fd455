"""`scrapy prune`: drop articles older than the retention period, never one still inside a feed
(custom feeds included: their rules, not a tag's window, decide what they hold)."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path

from scrapy.commands import ScrapyCommand

from newsfeeds.commands import CommandExit, free_sites, guarded, open_settings_store
from newsfeeds.config import setting
from newsfeeds.feedwriter import FeedWriter
from newsfeeds.health import EXIT_LOCKED, EXIT_OK, EXIT_USAGE
from newsfeeds.profiles import Profile, ProfileError, bare_profile, load_profile
from newsfeeds.runtime import settings_clock


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[--days N] [--site NAME]"

    def short_desc(self) -> str:
        return "Remove old articles from the store (keeps every article still inside a feed's window)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--days", type=int, default=None, help="retention in days (default: NEWSFEEDS_RETENTION_DAYS)")
        parser.add_argument("--site", default=None, help="only this site (default: every site in the store)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        self.exitcode = guarded(lambda: self._run(opts))

    def _run(self, opts: argparse.Namespace) -> int:
        assert self.settings is not None
        days = opts.days if opts.days is not None else setting(self.settings, "NEWSFEEDS_RETENTION_DAYS")
        if not days or days < 1:
            raise CommandExit("no retention period: pass --days N or set NEWSFEEDS_RETENTION_DAYS", EXIT_USAGE)
        store = open_settings_store(self.settings)
        broken = False
        try:
            now = settings_clock(self.settings)
            writer = FeedWriter.from_settings(store, self.settings, now=now)
            locks, busy = free_sites(self.settings, [opts.site] if opts.site else store.sites())
            try:
                for site, lock in locks.items():
                    try:
                        profile = self._profile(site)
                    except ProfileError as exc:  # its custom feeds are unknown: pruning could empty them
                        print(f"{site}: not pruned, its profile has an error: {exc}", file=sys.stderr)
                        broken = True
                        continue
                    removed = store.prune(site, now - timedelta(days=days), setting(self.settings, "NEWSFEEDS_MAX_ITEMS"),
                                          now, also_keep=writer.custom_feed_keys(profile))
                    print(f"{site}: pruned {removed} article(s) older than {days} days; "
                          f"{store.count_articles(site)} kept")
                    lock.release()
                for site, why in busy.items():
                    print(f"{site}: skipped, {why}")
            finally:
                for lock in locks.values():
                    lock.release()
        finally:
            store.close()
        return EXIT_USAGE if broken else EXIT_LOCKED if busy else EXIT_OK

    def _profile(self, site: str) -> Profile:
        """The site's profile (its custom feeds keep their items); a bare one when it has no file."""
        assert self.settings is not None
        path = Path(setting(self.settings, "NEWSFEEDS_PROFILES_DIR")) / f"{site}.toml"
        if not path.exists():
            return bare_profile(site)
        return load_profile(path)
