"""Backfill one large site's whole archive with several processes, on one machine or many, that share
one frontier in Redis through scrapy-redis: its request queue (listing pages and articles) and its
duplicate filter, so every article is fetched once across all of them.

    scrapy crawl site -a profile=NAME -a backfill=1 -s NEWSFEEDS_REDIS_URL=redis://host:6379/0

Run the same line in as many processes as you like. Each walks every listing page up to max_pages
(never stopping at known articles nor trusting 304) and fetches the articles the store does not have.
The store stays the record of what is owed (newsfeeds.frontier): a link is pending in the store before
it enters the Redis queue, so a process killed with what it had in flight loses nothing for good; the
next run of the site (a backfill or an ordinary one) fetches it, and resumes a walk it cut short.
The scheduler itself is newsfeeds.backfill_scheduler, imported by Scrapy only for a backfill (redis's
client costs every ordinary run ~45 ms to import).

One backfill is one "generation" in Redis under `newsfeeds:<site>:`: `requests` (the queue),
`seen` (the duplicate filter), `busy:<host>:<pid>` (a process with work in hand, refreshed while it
has some, expiring when it dies). A process stays open while another is busy or the queue holds
requests (another process may add more), and the last one out clears the generation; a generation left
by killed processes (nobody busy, nothing queued) is cleared by the next backfill that opens.
"""

from __future__ import annotations

from typing import Any

from newsfeeds.profiles import Profile

REDIS_SETTING = "NEWSFEEDS_REDIS_URL"
BUSY_TTL = 10      # seconds a busy mark outlives its last refresh: how long a killed process holds the others
TICK = 0.5         # seconds between looks at the shared queue while this process has nothing in hand


def keys(site: str) -> dict[str, str]:
    base = f"newsfeeds:{site}:"
    return {"queue": base + "requests", "seen": base + "seen", "busy": base + "busy:", "open": base + "opening"}


def backfill_settings(settings: Any, profile: Profile) -> None:
    """Point a crawl's scheduler at the site's shared frontier in Redis (scrapy-redis)."""
    names = keys(profile.name)
    settings.set("SCHEDULER", "newsfeeds.backfill_scheduler.BackfillScheduler", priority="spider")
    settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", priority="spider")
    settings.set("REDIS_URL", settings.get(REDIS_SETTING), priority="spider")
    settings.set("SCHEDULER_PERSIST", True, priority="spider")  # other processes still use it
    settings.set("SCHEDULER_QUEUE_KEY", names["queue"], priority="spider")
    settings.set("SCHEDULER_DUPEFILTER_KEY", names["seen"], priority="spider")


def redis_problem(url: str | None) -> str | None:
    """Why a backfill cannot use the Redis server at `url` (None: it answers)."""
    if not url:
        return f"a backfill needs its shared frontier in Redis: set {REDIS_SETTING} (e.g. -s {REDIS_SETTING}=redis://host:6379/0)"
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5).ping()
    except (redis.RedisError, OSError, ValueError) as exc:
        return f"cannot reach Redis at {_scrub(url)} for the backfill ({exc}); nothing was fetched, run it again once Redis answers"
    return None


def _scrub(url: str) -> str:
    """A Redis URL without its password."""
    if "@" not in url:
        return url
    scheme, _, rest = url.partition("://")
    credentials, _, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in credentials else url
