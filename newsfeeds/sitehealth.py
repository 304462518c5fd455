"""Each site's health over time, kept in the store: its state (healthy or unhealthy, and since when),
last success, failed runs in a row and new articles per day, so a broken source is announced once
(when it turns unhealthy, and once when it recovers) and index.html and `scrapy status` can show
which sites are sick."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

HEALTHY = "healthy"
UNHEALTHY = "unhealthy"
HISTORY_DAYS = 30


@dataclass(frozen=True)
class SiteHealth:
    """One site's state as the store keeps it, with its last days (oldest first)."""

    site: str
    state: str
    since: str
    last_run: str
    last_success: str | None
    failures: int
    reason: str
    announced: str | None
    days: tuple[DayCount, ...] = field(default=())

    @property
    def unannounced(self) -> bool:
        """A change nobody has been told about: a site turned unhealthy, or recovered after an alert."""
        if self.announced is None:
            return self.state == UNHEALTHY
        return self.announced != self.state


@dataclass(frozen=True)
class DayCount:
    """One UTC day of a site's history."""

    day: str
    runs: int
    failed_runs: int
    new_articles: int


def _iso(value: datetime) -> str:
    return value.astimezone(timezone.utc).replace(microsecond=0).isoformat()


class HealthRecords:
    """The store's health tables, site_health and site_days (mixed into the store, newsfeeds.store.base;
    uses its connection `db`)."""

    db: Any
    transaction: Callable[[], AbstractContextManager[None]]  # the host store's one short write transaction
    has_table: Callable[[str], bool]

    def record_run(self, site: str, healthy: bool, reason: str, new_articles: int, now: datetime,
                   unhealthy_after: int = 1) -> SiteHealth:
        """Count one finished run; a site turns unhealthy after `unhealthy_after` failed runs in a row
        and healthy again with its first healthy run. Returns the site's state after the run."""
        with self.transaction():
            self._record_run(site, healthy, reason, new_articles, now, unhealthy_after)
        return self.site_health(site)[0]

    def _record_run(self, site: str, healthy: bool, reason: str, new_articles: int, now: datetime,
                    unhealthy_after: int) -> None:
        stamp = _iso(now)
        row = self.db.execute("SELECT * FROM site_health WHERE site = ?", (site,)).fetchone()
        failures = 0 if healthy else (row["failures"] if row else 0) + 1
        state = HEALTHY if healthy or failures < max(1, unhealthy_after) else UNHEALTHY
        since = row["since"] if row is not None and row["state"] == state else stamp
        last_success = stamp if healthy else (row["last_success"] if row else None)
        self.db.execute(
            "INSERT INTO site_health (site, state, since, last_run, last_success, failures, reason, announced) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, NULL) ON CONFLICT(site) DO UPDATE SET state = excluded.state, "
            "since = excluded.since, last_run = excluded.last_run, last_success = excluded.last_success, "
            "failures = excluded.failures, reason = excluded.reason",
            (site, state, since, stamp, last_success, failures, reason))
        self.db.execute(
            "INSERT INTO site_days (site, day, runs, failed_runs, new_articles) VALUES (?, ?, 1, ?, ?) "
            "ON CONFLICT(site, day) DO UPDATE SET runs = site_days.runs + 1, "
            "failed_runs = site_days.failed_runs + excluded.failed_runs, "
            "new_articles = site_days.new_articles + excluded.new_articles",
            (site, stamp[:10], 0 if healthy else 1, max(0, new_articles)))

    def mark_announced(self, site: str, state: str) -> None:
        """Remember that the operator was told about this state."""
        with self.transaction():
            self.db.execute("UPDATE site_health SET announced = ? WHERE site = ?", (state, site))

    def site_health(self, site: str | None = None, days: int = HISTORY_DAYS) -> list[SiteHealth]:
        """Every site's (or one site's) state and the `days` days up to its last run, oldest first
        (up to the last run, not today: what the index shows changes only when a run records something)."""
        if not self.has_table("site_days"):  # a store opened read-only before its first upgrade
            return []
        rows = self.db.execute("SELECT * FROM site_health" + (" WHERE site = ?" if site else "") + " ORDER BY site",
                               (site,) if site else ()).fetchall()
        found = []
        for row in rows:
            first = datetime.fromisoformat(row["last_run"]).date() - timedelta(days=days - 1)
            calendar = [(first + timedelta(days=n)).isoformat() for n in range(days)]
            counts = {r["day"]: r for r in self.db.execute(
                "SELECT day, runs, failed_runs, new_articles FROM site_days WHERE site = ? AND day >= ?",
                (row["site"], calendar[0]))}
            history = tuple(DayCount(day, counts[day]["runs"], counts[day]["failed_runs"], counts[day]["new_articles"])
                            if day in counts else DayCount(day, 0, 0, 0) for day in calendar)
            found.append(SiteHealth(row["site"], row["state"], row["since"], row["last_run"], row["last_success"],
                                    row["failures"], row["reason"], row["announced"], history))
        return found
