"""A plain news site whose articles are published between runs and whose pages can be made to hang,
so a test can kill a crawl at a chosen moment (see tests/test_hostile_processes.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.hostile.pages import article, listing
from tests.hostile.server import Reply, Route, Site, Visit

SECTIONS = ("one", "two")


@dataclass
class Newsroom:
    """Articles by section, newest first on each listing page; `stalled` paths never answer."""

    site: Site = field(default_factory=Site)
    stories: dict[str, list[str]] = field(default_factory=lambda: {s: [] for s in SECTIONS})
    stalled: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.site.add("/robots.txt", Reply(200, b"User-agent: *\nAllow: /\n", "text/plain"))
        for section in SECTIONS:
            self.site.add(f"/{section}", self._listing(section))

    def publish(self, section: str, title: str, tags: tuple[str, ...] = (), day: int = 1) -> str:
        """Add an article; returns its path."""
        path = f"/story/{section}/{len(self.stories[section]) + 1:04d}-{title.lower().replace(' ', '-')}"
        page = article(title, keywords=tags, published=f"2025-03-{day:02d}T10:00:00+05:30").encode()
        self.stories[section].insert(0, path)
        self.site.add(path, self._article(path, page))
        return path

    def _listing(self, section: str) -> Route:
        return lambda visit: Reply(200, listing(section.title(), self.stories[section]).encode())

    def _article(self, path: str, page: bytes) -> Route:
        def route(visit: Visit) -> Reply:
            return Reply(fault="stall") if path in self.stalled else Reply(200, page)

        return route
