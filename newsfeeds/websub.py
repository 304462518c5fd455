"""WebSub: tell the hubs which feeds changed, so subscribers get new items in seconds instead of polling.

Every feed names its hubs (<link rel="hub">) and itself (rel="self"); after a run that rewrote feed files,
each hub gets one publish request listing every changed feed URL (`hub.mode=publish` with one `hub.url`
per feed, the batched form hubs accept). A hub that is down or slow is retried a few times with growing
pauses and then given up on with a warning: publishing never fails a run, and readers still poll.
"""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from newsfeeds.profiles import ProfileError

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_WAIT = 30.0


@dataclass(frozen=True)
class HubOutcome:
    """What one hub said to one publish request, after any retries."""

    hub: str
    ok: bool
    attempts: int
    detail: str


def hub_urls(value: Any) -> tuple[str, ...]:
    """NEWSFEEDS_WEBSUB_HUBS as a tuple of hub URLs (a list, or one string separated by commas or spaces)."""
    if not value:
        return ()
    hubs = tuple(value.replace(",", " ").split() if isinstance(value, str) else (str(v).strip() for v in value))
    for hub in hubs:
        parts = urlsplit(hub)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ProfileError("settings", "NEWSFEEDS_WEBSUB_HUBS", f"{hub!r} is not an http(s) URL",
                               "Give each hub's publish URL, e.g. -s NEWSFEEDS_WEBSUB_HUBS=https://hub.example/")
    return tuple(dict.fromkeys(hubs))


def publish_request(urls: Iterable[str]) -> bytes:
    """The form body of one batched publish request."""
    return urlencode([("hub.mode", "publish"), *(("hub.url", url) for url in urls)]).encode("ascii")


def publish(hubs: Iterable[str], urls: Iterable[str], *, user_agent: str = "newsfeeds", attempts: int = 3,
            timeout: float = 10.0, pause: float = 1.0, sleep: Callable[[float], None] = time.sleep) -> list[HubOutcome]:
    """Send each hub one request naming every changed feed; retry politely; never raise."""
    feed_urls = sorted(set(urls))
    outcomes: list[HubOutcome] = []
    if not feed_urls:
        return outcomes
    body = publish_request(feed_urls)
    for hub in hubs:
        outcome = _publish_one(hub, body, user_agent, attempts, timeout, pause, sleep)
        if outcome.ok:
            logger.info("WebSub: told %s about %d changed feed(s)", hub, len(feed_urls))
        else:
            logger.warning("WebSub: %s was not told about %d changed feed(s) after %d attempt(s): %s. Subscribers "
                           "still get the changes when they poll.", hub, len(feed_urls), outcome.attempts, outcome.detail)
        outcomes.append(outcome)
    return outcomes


def _publish_one(hub: str, body: bytes, user_agent: str, attempts: int, timeout: float, pause: float,
                 sleep: Callable[[float], None]) -> HubOutcome:
    detail = ""
    for attempt in range(1, attempts + 1):
        request = urllib.request.Request(hub, data=body, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "User-Agent": user_agent})
        wait = pause * 2 ** (attempt - 1)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) hub URLs)
                return HubOutcome(hub, True, attempt, f"HTTP {response.status}")
        except urllib.error.HTTPError as exc:
            detail = f"HTTP {exc.code}"
            if exc.code not in RETRY_STATUSES:
                return HubOutcome(hub, False, attempt, detail)
            wait = max(wait, _retry_after(exc.headers.get("Retry-After")))
        except (urllib.error.URLError, OSError, ValueError) as exc:
            detail = str(getattr(exc, "reason", exc))
        if attempt < attempts:
            sleep(min(wait, MAX_WAIT))
    return HubOutcome(hub, False, attempts, detail)


def _retry_after(value: str | None) -> float:
    """Seconds a hub asked us to wait (only the delta-seconds form; a date is treated as no request)."""
    try:
        return float(value) if value else 0.0
    except ValueError:
        return 0.0
