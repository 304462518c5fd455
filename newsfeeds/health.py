"""Is this run's output fit to publish? One verdict from the crawl's counters, shared by the feed
writer (which keeps the old feeds when not) and the run report (which sets the exit code)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_UNHEALTHY = 3
EXIT_LOCKED = 75  # EX_TEMPFAIL: another run holds the lock; cron may simply try again later
# From least to most worrying: a site skipped because its own run is active, an unhealthy run (often
# passing), a configuration mistake (needs a person), a crash.
_SEVERITY = (EXIT_OK, EXIT_LOCKED, EXIT_UNHEALTHY, EXIT_USAGE, EXIT_ERROR)


def worst(codes: list[int]) -> int:
    """The exit code of several sites' runs: the most worrying of them."""
    return max(codes, key=lambda code: _SEVERITY.index(code) if code in _SEVERITY else len(_SEVERITY), default=EXIT_OK)


@dataclass(frozen=True)
class Verdict:
    """Whether a run was healthy, and why not in one sentence."""

    healthy: bool
    reason: str


def assess(stats: Mapping[str, Any], sections: int, max_missing_ratio: float, min_articles: int = 4) -> Verdict:
    """Unhealthy when the site was unreachable, a listing page yielded no links, or too many
    articles lacked a title or a date; healthy otherwise."""
    def count(key: str) -> int:
        return int(stats.get(f"newsfeeds/{key}", 0) or 0)

    blocked = stats.get("newsfeeds/blocked")
    if blocked:
        return Verdict(False, str(blocked))
    unreachable = count("sections_unreachable")
    if sections and unreachable >= sections:
        return Verdict(False, f"site unreachable: all {sections} section pages failed")
    empty = count("listing_empty")
    if empty:
        return Verdict(False, f"{empty} listing page(s) yielded no article links; has the site's layout changed?")
    no_title = count("missing/title")
    no_date = count("missing/published")
    # Deferred: extracted fine, but the store stayed locked; kept for the next run, not lost.
    stored = (count("articles/new") + count("articles/updated") + count("articles/unchanged") + count("articles/duplicate")
              + count("articles/deferred"))
    pages = max(count("article_pages"), stored + no_title)
    lost = max(0, pages - stored - no_title)
    if pages >= min_articles:
        ratio = (no_title + no_date + lost) / pages
        if ratio > max_missing_ratio:
            return Verdict(False, f"of {pages} article pages, {no_title} had no title, {no_date} no date and {lost} "
                                  f"failed in processing ({ratio:.0%} > NEWSFEEDS_MAX_MISSING_RATIO {max_missing_ratio:.0%})")
    warnings = []
    if unreachable:
        warnings.append(f"{unreachable} of {sections} section pages failed")
    fallbacks = list(stats.get("newsfeeds/fallbacks") or [])
    if fallbacks:
        warnings.append(f"{len(fallbacks)} section(s) fell back to their next listing source ({'; '.join(fallbacks)})")
    return Verdict(True, f"ok, but {' and '.join(warnings)}" if warnings else "ok")
