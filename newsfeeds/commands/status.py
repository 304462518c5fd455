"""`scrapy status`: each site's health from the store, as a table or as JSON, for people and monitoring."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any

from scrapy.commands import ScrapyCommand

from newsfeeds.commands import CommandExit, guarded, open_settings_store, quiet_logs
from newsfeeds.health import EXIT_OK, EXIT_UNHEALTHY, EXIT_USAGE
from newsfeeds.sitehealth import UNHEALTHY, DayCount, SiteHealth
from newsfeeds.store import store_location

BARS = " ▁▂▃▄▅▆▇█"


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[--json] [--site NAME]"

    def short_desc(self) -> str:
        return "Show each site's health: state, last success, failed runs, new articles per day (exit 3 if any is unhealthy)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
        parser.add_argument("--site", default=None, help="only this site")

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """The table or JSON on stdout, not Scrapy's start-up logs; -L still sets the level."""
        super().process_options(args, opts)
        quiet_logs(self.settings, opts)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        self.exitcode = guarded(lambda: self._run(opts))

    def _run(self, opts: argparse.Namespace) -> int:
        assert self.settings is not None
        location = store_location(self.settings)
        if location.path is not None and not location.path.exists():
            raise CommandExit(f"no store at {location}: no site has been crawled yet (or set NEWSFEEDS_DB)", EXIT_USAGE)
        store = open_settings_store(self.settings, readonly=True)
        try:
            sites = store.site_health(opts.site)
        finally:
            store.close()
        if opts.site and not sites:
            raise CommandExit(f"no run of site {opts.site!r} is recorded in {location}", EXIT_USAGE)
        sys.stdout.write(as_json(sites) if opts.json else as_table(sites))
        return EXIT_UNHEALTHY if any(s.state == UNHEALTHY for s in sites) else EXIT_OK


def as_json(sites: list[SiteHealth]) -> str:
    """One object per site, with its days as {day, runs, failed_runs, new_articles}."""
    data: list[dict[str, Any]] = []
    for site in sites:
        entry = asdict(site)
        entry["new_articles_7_days"] = sum(d.new_articles for d in site.days[-7:])
        data.append(entry)
    return json.dumps({"sites": data}, indent=2, ensure_ascii=False) + "\n"


def as_table(sites: list[SiteHealth]) -> str:
    """A fixed-width table: one line per site, its reason on the next line when it is not plain ok."""
    if not sites:
        return "No runs recorded yet.\n"
    header = ("SITE", "STATE", "SINCE", "LAST RUN", "LAST SUCCESS", "FAILED", "NEW/7D", f"NEW PER DAY ({len(sites[0].days)} DAYS)")
    rows = [(s.site, s.state.upper() if s.state == UNHEALTHY else s.state, s.since[:16].replace("T", " "),
             s.last_run[:16].replace("T", " "), (s.last_success or "never")[:16].replace("T", " "), str(s.failures),
             str(sum(d.new_articles for d in s.days[-7:])), bars(s.days)) for s in sites]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(header)).rstrip()]
    for site, row in zip(sites, rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if site.reason and site.reason != "ok":
            lines.append(f"    {site.reason}")
    return "\n".join(lines) + "\n"


def bars(days: tuple[DayCount, ...]) -> str:
    """The sparkline in text: one block per day; '!' for a day whose every run failed."""
    most = max((d.new_articles for d in days), default=0) or 1
    out = []
    for day in days:
        if day.new_articles:
            out.append(BARS[max(1, round(8 * day.new_articles / most))])
        elif day.runs and day.failed_runs == day.runs:
            out.append("!")
        else:
            out.append("·" if day.runs else " ")
    return "".join(out)
