"""`scrapy feeds-preview NAME`: which stored articles a custom feed's definition selects, and why the
others are left out, so a definition can be tuned before it is published. Reads the store only."""

from __future__ import annotations

import argparse
from pathlib import Path
from zoneinfo import ZoneInfo

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsfeeds.commands import CommandExit, guarded, open_settings_store
from newsfeeds.config import setting
from newsfeeds.customfeeds import CustomFeed, load_shared_feeds, select
from newsfeeds.feedpage import local_time
from newsfeeds.health import EXIT_OK, EXIT_USAGE
from newsfeeds.profiles import Profile, load_profile
from newsfeeds.runtime import settings_clock
from newsfeeds.store import ArticleRecord, database_errors, store_location


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "NAME [--limit N] [--rejected]"

    def short_desc(self) -> str:
        return "Show which stored articles a custom feed ([[feeds]]) selects, before publishing it"

    def long_desc(self) -> str:
        return ("NAME is a custom feed's name: SITE/NAME for one defined in a site profile, NAME for one in the "
                "shared file of feeds across sites (or a site's, when only one site has that name).")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--limit", type=int, default=None, help="items to select (default: NEWSFEEDS_MAX_ITEMS)")
        parser.add_argument("--rejected", action="store_true", help="also list the candidates the rules leave out, and why")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one custom feed's name, e.g. scrapy feeds-preview indiablooms/india-politics")
        self.exitcode = guarded(lambda: self._run(args[0], opts))

    def _run(self, name: str, opts: argparse.Namespace) -> int:
        assert self.settings is not None
        directory = Path(setting(self.settings, "NEWSFEEDS_PROFILES_DIR"))
        profiles = {p.name: p for p in (load_profile(path) for path in sorted(directory.glob("*.toml"))
                                         if not path.name.startswith("_"))}
        shared = load_shared_feeds(self.settings)
        feed = find_feed(name, profiles, shared.feeds)
        location = store_location(self.settings)
        if location.path is not None and not location.path.exists():
            raise CommandExit(f"{location}: no store yet. Run a crawl first (or set NEWSFEEDS_DB)", EXIT_USAGE)
        store = open_settings_store(self.settings, readonly=True)
        try:
            sites = [feed.owner] if feed.owner else list(feed.sites) or store.sites()
            limit = opts.limit or setting(self.settings, "NEWSFEEDS_MAX_ITEMS")
            selection = select(store, feed, sites, limit, settings_clock(self.settings), keep_rejected=opts.rejected)
        except database_errors() as exc:
            raise CommandExit(f"{location}: cannot read the store ({location.scrub(str(exc))})", EXIT_USAGE) from None
        finally:
            store.close()
        zones = {site: p.tz for site, p in {**shared.profiles, **profiles}.items()}
        print(describe(feed))
        print(f"selects {len(selection.articles)} article(s), newest first (at most {limit}):")
        for article in selection.articles:
            print("  " + line(article, zones))
        if opts.rejected:
            print(f"leaves out {len(selection.rejected)} candidate(s) from its sources:")
            for article, rule in selection.rejected:
                why = f"{rule.key} {rule.describe()}" if rule else "no include rule matched"
                print(f"  {line(article, zones)}\n      left out: {why}")
        return EXIT_OK


def find_feed(name: str, profiles: dict[str, Profile], shared: tuple[CustomFeed, ...]) -> CustomFeed:
    """The definition a name refers to; a clear error listing the known names otherwise."""
    every = {f.label: f for p in profiles.values() for f in p.feeds} | {f.label: f for f in shared}
    if name in every:
        return every[name]
    by_slug = [f for f in every.values() if f.slug == name]
    if len(by_slug) == 1:
        return by_slug[0]
    known = ", ".join(sorted(every)) or "none: add [[feeds]] to a profile or to the shared file"
    raise CommandExit(f"no custom feed named {name!r}. Custom feeds: {known}", EXIT_USAGE)


def describe(feed: CustomFeed) -> str:
    sources = [f"{kind} {', '.join(values)}" for kind, values in
               (("sites", feed.sites), ("sections", feed.sections), ("tags", feed.tags), ("authors", feed.authors)) if values]
    rules = [f"include {' or '.join(r.describe() for r in feed.include)}"] if feed.include else []
    rules += [f"exclude {' or '.join(r.describe() for r in feed.exclude)}"] if feed.exclude else []
    age = f"; at most {feed.max_age.total_seconds() / 86400:g} days old" if feed.max_age else ""
    return (f"{feed.label}: {feed.title} ({feed.source})\n  sources: {'; '.join(sources) or 'every article'}"
            f"\n  rules: {'; '.join(rules) or 'none'}{age}")


def line(article: ArticleRecord, zones: dict[str, ZoneInfo]) -> str:
    _, human = local_time(article, zones.get(article.site) or ZoneInfo("UTC"))
    tags = ", ".join(name for _, name in article.tags)
    author = f" | by {article.author}" if article.author else ""
    return f"{human:<24} {article.site}: {article.title}{author} | tags: {tags or '-'}\n      {article.url}"

