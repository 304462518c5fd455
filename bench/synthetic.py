"""A synthetic news site in the indiablooms style, as static files a real web server can serve.

The site is generated from a seed, so every run measures the same pages: sections with numbered
listing pages, article pages with JSON-LD or byline-only dates, and a Zipf-ish tag vocabulary.
Files are rewritten only when their bytes change, so the server's validators (ETag,
Last-Modified) stay put for pages that did not change between runs.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from newsfeeds.profiles import Profile

IST = timezone(timedelta(hours=5, minutes=30))
SITE_NAME = "Indiablooms"
PER_PAGE = 20
TAG_COUNT = 300
ROBOTS_TXT = "User-agent: *\nDisallow: /admin/\n"

_PLACES = ("Kolkata", "Mumbai", "Delhi", "Chennai", "Assam", "Kerala", "Punjab", "Bihar", "Dhaka", "Kabul",
           "Colombo", "Kathmandu", "Tokyo", "Moscow", "Geneva", "Nairobi", "Lima", "Ottawa", "Hanoi", "Oslo")
_TOPICS = ("Elections", "Budget", "Cricket", "Monsoon", "Health", "Trade", "Cinema", "Railways", "Schools",
           "Startups", "Floods", "Energy", "Farming", "Tourism", "Courts")
_WORDS = (
    "minister officials announced district council report growth season farmers market rain river city "
    "plan project hospital students teachers police court verdict match series players coach budget tax "
    "exports imports prices company shares investors festival film actor director music award policy "
    "reform bill parliament assembly village road bridge power grid solar wind water supply health "
    "doctors vaccine survey data record week month year morning evening statement meeting talks summit "
    "border security trade partners agreement support relief workers union strike service network"
).split()
_DATELINES = ("Kolkata/IBNS:", "New Delhi/IBNS:", "Mumbai/UNI/IBNS:", "Guwahati/IBNS:", "Dhaka/IBNS:")
_STYLE = "body{font-family:Georgia,serif;margin:0}.news-item{margin-bottom:12px}"


@dataclass(frozen=True)
class SectionSpec:
    """One section of the site: its path segment and the slug its feed is filed under."""

    key: str
    slug: str
    name: str


@dataclass(frozen=True)
class SyntheticArticle:
    """One generated story and the facts a correct crawl must find in it."""

    id: int
    section: SectionSpec
    slug: str
    title: str
    published: datetime
    tags: tuple[str, ...]
    paragraphs: tuple[str, ...]
    jsonld: bool

    @property
    def path(self) -> str:
        return f"/{self.section.key}/{self.slug}/details"


def sections_of(profile: Profile) -> tuple[SectionSpec, ...]:
    """The site's sections as the profile names them, so listing URLs are exactly the profile's."""
    specs = []
    for section in profile.sections:
        key = urlsplit(section.url).path.strip("/")
        specs.append(SectionSpec(key=key, slug=section.slug, name=section.name))
    return tuple(specs)


def tag_vocabulary(count: int = TAG_COUNT) -> tuple[str, ...]:
    """Distinct readable tag names, most popular first."""
    names = [f"{place} {topic}" for topic in _TOPICS for place in _PLACES]
    rng = random.Random(7)
    rng.shuffle(names)
    return tuple(names[:count])


def byline_date(moment: datetime) -> str:
    """The site's printed date, e.g. `Mar 19, 2021, at 12:47 am`, in IST."""
    local = moment.astimezone(IST)
    meridiem = "am" if local.hour < 12 else "pm"
    return f"{local:%b} {local.day}, {local.year}, at {local:%I:%M} {meridiem}"


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class ArticleFactory:
    """Deterministic stories: Zipf-ish tags (1-5 each), ~3 paragraphs, dates ten minutes apart."""

    def __init__(self, sections: Sequence[SectionSpec], seed: int = 4, newest: datetime | None = None,
                 spacing: timedelta = timedelta(minutes=10)) -> None:
        self.sections = tuple(sections)
        self.tags = tag_vocabulary()
        self.weights = [1.0 / (rank + 1) for rank in range(len(self.tags))]
        self.seed = seed
        now = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)
        self.newest = newest or now - timedelta(days=1)
        self.spacing = spacing

    def make(self, index: int, total: int) -> SyntheticArticle:
        """Story `index` of `total` (index 0 is the oldest); the same index always gives the same story."""
        rng = random.Random(self.seed * 1_000_003 + index)
        section = self.sections[rng.randrange(len(self.sections))]
        chosen: list[str] = []
        for _ in range(rng.randint(1, 5)):
            tag = rng.choices(self.tags, self.weights)[0]
            if tag not in chosen:
                chosen.append(tag)
        words = [rng.choice(_WORDS) for _ in range(rng.randint(6, 10))]
        title = " ".join(words).capitalize() + f" in {chosen[0].split()[0]}"
        paragraphs = tuple(self._paragraph(rng) for _ in range(3))
        published = self.newest - self.spacing * (total - 1 - index)
        return SyntheticArticle(
            id=100_000 + index, section=section, slug=f"{_slugify(title)}-{100_000 + index}", title=title,
            published=published.replace(second=0), tags=tuple(chosen), paragraphs=paragraphs,
            jsonld=index % 2 == 0,
        )

    def _paragraph(self, rng: random.Random) -> str:
        sentences = []
        for _ in range(rng.randint(3, 5)):
            words = [rng.choice(_WORDS) for _ in range(rng.randint(10, 18))]
            sentences.append(" ".join(words).capitalize() + ".")
        return " ".join(sentences)

    def articles(self, count: int) -> Iterator[SyntheticArticle]:
        for index in range(count):
            yield self.make(index, count)


# --- markup -------------------------------------------------------------------------------------------
def _document(title: str, head: str, body_class: str, content: str, sections: Sequence[SectionSpec]) -> str:
    nav = "".join(f'<li><a href="/{s.key}">{escape(s.name)}</a></li>' for s in sections)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n{head}<style>{_STYLE}</style>\n</head>\n"
        f'<body class="{body_class}">\n<header class="site-header">\n'
        f'<a class="logo" href="/">{SITE_NAME}</a>\n<nav class="main-nav"><ul>{nav}</ul></nav>\n</header>\n'
        f'<main class="container">\n{content}\n</main>\n'
        f'<footer class="site-footer"><p>&copy; India Blooms News Service. All rights reserved.</p></footer>\n'
        "</body>\n</html>\n"
    )


def _json_ld(article: SyntheticArticle, origin: str) -> str:
    document = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.published.astimezone(IST).isoformat(),
        "keywords": list(article.tags),
        "articleSection": article.section.name,
        "mainEntityOfPage": {"@type": "WebPage", "@id": origin + article.path},
        "author": {"@type": "Organization", "name": "India Blooms News Service"},
    }
    payload = json.dumps(document, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{payload}</script>\n'


def article_page(article: SyntheticArticle, sections: Sequence[SectionSpec], origin: str) -> str:
    """One story page: tags, headline, byline with the IST date, body, then the donation appeal."""
    tags = " | ".join(f'<a href="/tag/{_slugify(t)}">{escape(t)}</a>' for t in article.tags)
    first, *rest = article.paragraphs
    body = [f"<p><strong>{escape(_DATELINES[article.id % len(_DATELINES)])}</strong> {escape(first)}</p>"]
    body += [f"<p>{escape(p)}</p>" for p in rest]
    content = (
        f'<article class="news-article" data-id="{article.id}">\n'
        f'<div class="tags">{tags}</div>\n'
        f'<h1 class="headline">{escape(article.title)}</h1>\n'
        f'<div class="byline"><span class="author"></span> | @indiablooms | {byline_date(article.published)}</div>\n'
        '<div class="story-body">\n' + "\n".join(body) + "\n</div>\n"
        '<div class="support-journalism"><h3>Support Our Journalism</h3>'
        "<p>Independent reporting takes time and money; please consider supporting us.</p></div>\n"
        "</article>"
    )
    head = _json_ld(article, origin) if article.jsonld else ""
    return _document(f"{article.title} | {SITE_NAME}", head, "article-page", content, sections)


def listing_path(section: SectionSpec, page: int) -> str:
    """Page 1 is the section URL the profile knows; later pages live at /<section>/page/<n>."""
    return f"/{section.key}" if page == 1 else f"/{section.key}/page/{page}"


def listing_page(section: SectionSpec, entries: Sequence[SyntheticArticle], page: int, page_count: int,
                 sections: Sequence[SectionSpec]) -> str:
    """A section listing: 20 teasers, newest first, and numbered pagination with rel=next."""
    items = "\n".join(
        '<div class="news-item">'
        f'<h2 class="news-title"><a href="{a.path}">{escape(a.title)}</a></h2>'
        f'<p class="teaser">{escape(a.paragraphs[0][:160])}</p></div>'
        for a in entries
    )
    links = []
    if page > 1:
        links.append(f'<a class="prev" rel="prev" href="{listing_path(section, page - 1)}">Previous</a>')
    if page < page_count:
        links.append(f'<a class="next" rel="next" href="{listing_path(section, page + 1)}">Next</a>')
    content = (
        f'<h1 class="section-title">{escape(section.name)}</h1>\n<div class="news-list">\n{items}\n</div>\n'
        f'<div class="pagination">{" ".join(links)}</div>'
    )
    title = section.name if page == 1 else f"{section.name} - Page {page}"
    return _document(f"{title} | {SITE_NAME}", "", "listing-page", content, sections)


# --- the site on disk -----------------------------------------------------------------------------------
@dataclass
class SyntheticSite:
    """The generated site: its stories, newest first per section, written under `root`."""

    root: Path
    sections: tuple[SectionSpec, ...]
    articles: list[SyntheticArticle] = field(default_factory=list)
    origin: str = "http://127.0.0.1"

    def by_section(self) -> dict[str, list[SyntheticArticle]]:
        groups: dict[str, list[SyntheticArticle]] = {s.key: [] for s in self.sections}
        for article in sorted(self.articles, key=lambda a: (a.published, a.id), reverse=True):
            groups[article.section.key].append(article)
        return groups

    def page_counts(self) -> dict[str, int]:
        return {key: max(1, -(-len(items) // PER_PAGE)) for key, items in self.by_section().items()}

    def _file_for(self, path: str) -> Path:
        return self.root / path.lstrip("/") / "index.html"

    def write_all(self) -> int:
        """Write robots.txt, every article and every listing page; returns how many files changed."""
        changed = int(_write_if_changed(self.root / "robots.txt", ROBOTS_TXT))
        changed += sum(self._write_article(a) for a in self.articles)
        return changed + self.write_listings()

    def _write_article(self, article: SyntheticArticle) -> bool:
        return _write_if_changed(self._file_for(article.path), article_page(article, self.sections, self.origin))

    def write_listings(self) -> int:
        changed = 0
        for section in self.sections:
            entries = self.by_section()[section.key]
            count = max(1, -(-len(entries) // PER_PAGE))
            for page in range(1, count + 1):
                chunk = entries[(page - 1) * PER_PAGE:page * PER_PAGE]
                html = listing_page(section, chunk, page, count, self.sections)
                changed += _write_if_changed(self._file_for(listing_path(section, page)), html)
        return changed

    def publish(self, new: Sequence[SyntheticArticle]) -> int:
        """Add stories to the live site: their pages, then the listings they push down."""
        self.articles.extend(new)
        changed = sum(self._write_article(a) for a in new)
        return changed + self.write_listings()


def _write_if_changed(path: Path, text: str) -> bool:
    """Write only when the bytes differ, moving the mtime forward so the server's validators change."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
        previous = path.stat().st_mtime
    except FileNotFoundError:
        previous = 0.0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    stamp = max(time.time(), previous + 2)
    os.utime(path, (stamp, stamp))
    return True


def build_site(root: Path, profile: Profile, count: int, origin: str, seed: int = 4) -> tuple[SyntheticSite, ArticleFactory]:
    """Generate and write a site of `count` stories; the factory makes more in the same style."""
    sections = sections_of(profile)
    factory = ArticleFactory(sections, seed=seed)
    site = SyntheticSite(root=root, sections=sections, articles=list(factory.articles(count)), origin=origin)
    site.write_all()
    return site, factory


def later_articles(factory: ArticleFactory, existing: int, count: int) -> list[SyntheticArticle]:
    """`count` stories newer than every existing one, as if published since the last crawl."""
    fresh = ArticleFactory(factory.sections, seed=factory.seed + 1, newest=factory.newest + factory.spacing * count)
    stories = []
    for i in range(count):
        story = fresh.make(i, count)
        new_id = 100_000 + existing + i
        stories.append(replace(story, id=new_id, slug=story.slug.rsplit("-", 1)[0] + f"-{new_id}"))
    return stories
