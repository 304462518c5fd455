"""Writes that wait their turn: when another process (another site's cron line, `write-feeds`) holds what
a write needs (SQLite's one write lock, or rows of a PostgreSQL store), a crawl's write waits and tries
again instead of dropping what it was storing. The store's busy timeout is only the first, short wait."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import TypeVar

from newsfeeds.store import StoreBusy

logger = logging.getLogger(__name__)
T = TypeVar("T")
FIRST_DELAY = 0.25
LONGEST_DELAY = 5.0


def _delays(patience: float) -> list[float]:
    """Back-off between attempts: doubling from a quarter second, capped, summing to `patience`."""
    delays, total, delay = [], 0.0, FIRST_DELAY
    while total + delay <= patience:
        delays.append(delay)
        total += delay
        delay = min(delay * 2, LONGEST_DELAY)
    return delays


async def patiently(write: Callable[[], T], patience: float, what: str) -> T:
    """Run `write`, waiting in the event loop (the crawl goes on) while another process writes;
    StoreBusy once `patience` seconds of waiting have not been enough."""
    for delay in _delays(patience):
        try:
            return write()
        except StoreBusy as exc:
            logger.info("Store busy while storing %s (%s); trying again in %.2g s", what, exc, delay)
            await asyncio.sleep(delay)
    return write()


def patiently_now(write: Callable[[], T], patience: float, what: str) -> T:
    """`patiently`, blocking: for the end of a run, when nothing else is left to do meanwhile."""
    for delay in _delays(patience):
        try:
            return write()
        except StoreBusy as exc:
            logger.info("Store busy while %s (%s); trying again in %.2g s", what, exc, delay)
            time.sleep(delay)
    return write()
