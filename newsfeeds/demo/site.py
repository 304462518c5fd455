"""The demo site's mutable state: which stories exist, in what order, and when each last changed.

Tests publish stories into a running site to simulate news arriving, so ordering and validators
(ETag, Last-Modified) live here rather than in the stateless page renderers.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time, timedelta, timezone

from newsfeeds.demo.articles import ARTICLES, SECTIONS, DemoArticle, article_path

IST = timezone(timedelta(hours=5, minutes=30), "IST")
PER_PAGE = 4
HOME_COUNT = 8

_RELATIVE = re.compile(r"^(\d+)\s+(minute|hour|day)s?\s+ago$", re.IGNORECASE)
_UNITS = {"minute": timedelta(minutes=1), "hour": timedelta(hours=1), "day": timedelta(days=1)}


def relative_age(byline_date: str) -> timedelta | None:
    """Read a relative byline ("2 hours ago", "Yesterday") as an age, or None for absolute dates."""
    text = byline_date.strip()
    if text.lower() == "yesterday":
        return timedelta(days=1)
    if text.lower() == "today":
        return timedelta(0)
    match = _RELATIVE.match(text)
    if match is None:
        return None
    return int(match.group(1)) * _UNITS[match.group(2).lower()]


def parse_expected(value: str) -> datetime:
    """Turn an `expected_*` string (ISO instant or bare date) into an aware datetime; dates mean IST midnight."""
    if "T" in value:
        return datetime.fromisoformat(value)
    return datetime.combine(date.fromisoformat(value), time(0, 0), tzinfo=IST)


def tag_slug(tag: str) -> str:
    """Give the case-insensitive key a tag's page lives under, so `Cricket` and `cricket` share one page."""
    return re.sub(r"\s+", "-", tag.strip().casefold())


def _whole_seconds(moment: datetime) -> datetime:
    """Drop sub-second precision because HTTP dates cannot carry it."""
    return moment.astimezone(timezone.utc).replace(microsecond=0)


class DemoSite:
    """All stories of one running demo site, newest first, safe to read and publish from any thread."""

    def __init__(
        self,
        articles: Iterable[DemoArticle] = ARTICLES,
        clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    ) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        started = _whole_seconds(clock())
        items = list(articles)
        for article in items:
            self._check(article)
        relative = sorted(
            (a for a in items if a.expected_published is None),
            key=lambda a: relative_age(a.byline_date) or timedelta(0),
        )
        dated = sorted(
            (a for a in items if a.expected_published is not None),
            key=lambda a: parse_expected(a.expected_published or ""),
            reverse=True,
        )
        self._articles: list[DemoArticle] = relative + dated
        self._changed: dict[int, datetime] = {}
        for article in self._articles:
            stamp = article.expected_modified or article.expected_published
            if stamp is None:
                changed = started - (relative_age(article.byline_date) or timedelta(0))
            else:
                changed = parse_expected(stamp)
            self._changed[article.id] = _whole_seconds(min(changed, started))

    @staticmethod
    def _check(article: DemoArticle) -> None:
        """Reject stories whose sections the site has no pages for, naming the fix."""
        for key in (article.section, *article.also_in):
            if key not in SECTIONS:
                raise ValueError(
                    f"article {article.slug!r} names unknown section {key!r}; use one of {', '.join(SECTIONS)}"
                )

    @property
    def articles(self) -> tuple[DemoArticle, ...]:
        """A snapshot of every story, newest first."""
        with self._lock:
            return tuple(self._articles)

    def publish(self, article: DemoArticle) -> None:
        """Put a story at the top of its sections, replacing any earlier version with the same id or path."""
        self._check(article)
        path = article_path(article)
        with self._lock:
            self._articles = [
                a for a in self._articles if a.id != article.id and article_path(a) != path
            ]
            self._articles.insert(0, article)
            newest = max(self._changed.values(), default=None)
            stamp = _whole_seconds(self.clock())
            if newest is not None and stamp <= newest:
                stamp = newest + timedelta(seconds=1)
            self._changed[article.id] = stamp

    def listing(self, section: str) -> list[DemoArticle]:
        """Every story shown in a section, including those cross-listed there, newest first."""
        return [a for a in self.articles if section in (a.section, *a.also_in)]

    def page_of(self, articles: Sequence[DemoArticle], page: int) -> list[DemoArticle]:
        """One listing page's slice; page numbers start at 1."""
        start = (page - 1) * PER_PAGE
        return list(articles[start : start + PER_PAGE])

    @staticmethod
    def page_count(articles: Sequence[DemoArticle]) -> int:
        """How many listing pages a list of stories fills (at least one, so empty sections still render)."""
        return max(1, -(-len(articles) // PER_PAGE))

    def latest(self, count: int = HOME_COUNT) -> list[DemoArticle]:
        """The newest stories across all sections, for the home page and the ticker."""
        return list(self.articles[:count])

    def tagged(self, slug: str) -> list[DemoArticle]:
        """Stories carrying a tag, matched case-insensitively through its slug."""
        return [a for a in self.articles if any(tag_slug(t) == slug for t in a.tags)]

    def find(self, path: str) -> DemoArticle | None:
        """The story served under a clean article path, if any."""
        for article in self.articles:
            if article_path(article) == path:
                return article
        return None

    def related(self, article: DemoArticle, count: int = 3) -> list[DemoArticle]:
        """Other stories to link from an article: its section first, then the newest elsewhere."""
        others = [a for a in self.articles if a.id != article.id]
        same = [a for a in others if article.section in (a.section, *a.also_in)]
        rest = [a for a in others if a not in same]
        return (same + rest)[:count]

    def changed_at(self, article: DemoArticle) -> datetime:
        """When a story last changed on this site (UTC, whole seconds)."""
        with self._lock:
            return self._changed[article.id]

    def published_w3c(self, article: DemoArticle) -> str:
        """When a story was published, as the site's news sitemap states it: an instant in IST, or
        only the day for stories whose page gives only the day."""
        if article.expected_published and "T" not in article.expected_published:
            return article.expected_published
        if article.expected_published:
            return parse_expected(article.expected_published).astimezone(IST).isoformat()
        return self.changed_at(article).astimezone(IST).isoformat()

    def last_modified(self, articles: Sequence[DemoArticle]) -> datetime:
        """The Last-Modified of a page listing these stories: its most recent change."""
        with self._lock:
            stamps = [self._changed[a.id] for a in articles if a.id in self._changed]
        return max(stamps, default=datetime(2021, 1, 1, tzinfo=timezone.utc))

    def etag(self, articles: Sequence[DemoArticle], scope: str = "") -> str:
        """A weak validator for a listing, derived from its stories and their change times, never the clock."""
        with self._lock:
            parts = [scope, *(f"{a.id}:{article_path(a)}:{self._changed.get(a.id)}" for a in articles)]
        digest = hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:20]
        return f'W/"{digest}"'
