"""Our settings and their defaults in one place, so every component reads them the same way."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

DEFAULTS: dict[str, Any] = {
    "NEWSFEEDS_DATA_DIR": "data",
    "NEWSFEEDS_DB": "",                  # default: <NEWSFEEDS_DATA_DIR>/newsfeeds.sqlite3
    "NEWSFEEDS_DIR": "feeds",
    "NEWSFEEDS_BASE_URL": "http://localhost:8000/",
    "NEWSFEEDS_MAX_ITEMS": 50,
    "NEWSFEEDS_MAX_PAGES": 0,            # 0: the profile's links.max_pages
    "NEWSFEEDS_PROFILES_DIR": "sites",
    "NEWSFEEDS_REFRESH": False,
    "NEWSFEEDS_NOW": "",                 # ISO instant to freeze the crawl clock (tests, reproducible demos)
    "NEWSFEEDS_REPORT": "",              # default: <NEWSFEEDS_DATA_DIR>/last-run.json
    "NEWSFEEDS_LOCK_DIR": "",            # default: <NEWSFEEDS_DATA_DIR>/locks (one lock file per site)
    "NEWSFEEDS_MAX_MISSING_RATIO": 0.5,
    "NEWSFEEDS_RETENTION_DAYS": 0,       # 0: keep every article forever
    "NEWSFEEDS_STORE_PATIENCE": 120.0,   # seconds a write waits for other processes before it is kept for the next run
    "NEWSFEEDS_MAX_TITLE_LENGTH": 300,
    "NEWSFEEDS_FUTURE_TOLERANCE_HOURS": 24,
    "NEWSFEEDS_EXTRACT_WORKERS": -1,     # processes extracting article pages; -1: one per spare core (max 2)
    "NEWSFEEDS_MAX_FEED_BYTES": 512 * 1024,  # per feed file: the oldest items are left out to stay within it
    "NEWSFEEDS_CUSTOM_FEEDS": "",        # default: <NEWSFEEDS_PROFILES_DIR>/_feeds.toml (custom feeds across sites)
    "NEWSFEEDS_WEBSUB_HUBS": "",         # WebSub hub URLs (a list, or comma/space separated); "": no hubs
    "NEWSFEEDS_BACKOFF_RETRIES": 3,      # retries of a request answered 429/503, each after the site's pause
    "NEWSFEEDS_MAX_RETRY_AFTER": 120.0,  # a longer Retry-After stops the run (unhealthy) instead of waiting
    "NEWSFEEDS_MAX_REFUSALS": 5,         # this many 429/403 answers in a row stop the run (unhealthy)
    "NEWSFEEDS_UNHEALTHY_AFTER": 2,      # failed runs in a row before a site counts as unhealthy (and is announced)
    "NEWSFEEDS_ALERT_WEBHOOK": "",       # URL that gets one JSON POST when a site turns unhealthy or recovers
    "NEWSFEEDS_ALERT_MAIL_TO": "",       # comma-separated addresses for the same alert (Scrapy's MAIL_* settings)
    "NEWSFEEDS_WRITE_FEEDS": True,       # False: a crawl only stores; `write-feeds` (e.g. on the web host) renders
    "NEWSFEEDS_SCRAPYD_NODES": "",       # Scrapyd node URLs for `scrapy schedule` (a list, or comma/space separated)
    "NEWSFEEDS_SCRAPYD_PROJECT": "newsfeeds",  # the project name the egg was deployed under (scrapy.cfg [deploy])
    "NEWSFEEDS_SCRAPYD_TIMEOUT": 10.0,   # seconds to wait for a Scrapyd node's answer
}


def setting(settings: BaseSettings, name: str) -> Any:
    """A NEWSFEEDS_* setting, falling back to our default when the project does not set it."""
    value = settings.get(name)
    if value is None or value == "" and DEFAULTS[name] != "":
        return DEFAULTS[name]
    default = DEFAULTS[name]
    if isinstance(default, bool):
        return settings.getbool(name, default)
    if isinstance(default, int):
        return settings.getint(name, default)
    if isinstance(default, float):
        return settings.getfloat(name, default)
    return value


def data_path(settings: BaseSettings, name: str, default_file: str) -> Path:
    """A file path setting that defaults to a file inside NEWSFEEDS_DATA_DIR."""
    value = setting(settings, name)
    return Path(value) if value else Path(setting(settings, "NEWSFEEDS_DATA_DIR")) / default_file
