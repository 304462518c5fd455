"""Custom feeds: a subscriber's narrowed or merged feed, defined as data and kept fresh like any other.

A `[[feeds]]` table in a site profile (or in the shared file for feeds across sites, NEWSFEEDS_CUSTOM_FEEDS,
by default sites/_feeds.toml) names its sources (sites, sections, tags, authors; none means every
article) and include/exclude rules on title, summary, body, author and tags. The store finds the
candidates with plain SQL; the rules are applied here, in Python, so any store backend can serve them.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsfeeds.authors import DEFAULT_MAX_PER_ARTICLE, AuthorPolicy
from newsfeeds.html import strip_tags
from newsfeeds.profiles import Profile, ProfileError, _did_you_mean, _Reader, _reject_unknown, load_profile
from newsfeeds.store import FEED_ALL, ArticleRecord, Store, utc_iso
from newsfeeds.tags import base_slug, name_key

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

RULE_FIELDS = ("title", "summary", "body", "author", "tags")
CONTENT_CHOICES = ("full", "summary")
SHARED_FILE = "_feeds.toml"
_FEED_KEYS = {"name", "title", "description", "sites", "sections", "tags", "authors", "include", "exclude",
              "max_age_days", "content"}
_RULE_KEYS = {"word", "regex", "in", "whole_word"}
_RULE_EXAMPLE = 'exclude = ["cricket", { regex = "t20|odi", in = ["title", "tags"] }]'


@dataclass(frozen=True)
class Rule:
    """One include or exclude rule: a word (whole word unless told otherwise) or a regular expression,
    matched case-insensitively against some of an article's fields."""

    key: str                  # where it was written, e.g. feeds[0].exclude[1], for messages and previews
    text: str
    is_regex: bool
    fields: tuple[str, ...]
    pattern: re.Pattern[str] = field(compare=False, repr=False)

    def describe(self) -> str:
        shown = f"/{self.text}/" if self.is_regex else repr(self.text)
        return shown if self.fields == RULE_FIELDS else f"{shown} in {'+'.join(self.fields)}"


@dataclass(frozen=True)
class CustomFeed:
    """A derived feed as its definition says: where its articles come from and which it keeps."""

    owner: str                     # the site whose profile defines it, or "" for a feed across sites
    slug: str
    title: str
    description: str
    sites: tuple[str, ...]         # only for feeds across sites; () there means every site
    sections: tuple[str, ...]
    tags: tuple[str, ...]
    authors: tuple[str, ...]
    include: tuple[Rule, ...]
    exclude: tuple[Rule, ...]
    max_age: timedelta | None
    content: str | None            # None: the site's own setting
    source: str

    @property
    def everything(self) -> bool:
        """No sections, tags or authors named: every article of its sites is a candidate."""
        return not (self.sections or self.tags or self.authors)

    @property
    def label(self) -> str:
        return f"{self.owner}/{self.slug}" if self.owner else self.slug

    def fingerprint(self) -> list[Any]:
        return [self.title, self.description, self.sites, self.sections, self.tags, self.authors,
                [(r.text, r.is_regex, r.fields) for r in self.include], [(r.text, r.is_regex, r.fields) for r in self.exclude],
                self.max_age.total_seconds() if self.max_age else None, self.content]

    def verdict(self, article: ArticleRecord) -> tuple[bool, Rule | None]:
        """Kept or not, and the rule that decided (None: no rule needed to)."""
        view = _ArticleText(article)
        for rule in self.exclude:
            if view.matches(rule):
                return False, rule
        if not self.include:
            return True, None
        for rule in self.include:
            if view.matches(rule):
                return True, rule
        return False, None


class _ArticleText:
    """An article's fields as text rules match against; the body's text is extracted only if asked for."""

    def __init__(self, article: ArticleRecord) -> None:
        self.article = article

    @cached_property
    def body(self) -> str:
        return strip_tags(self.article.body or "")

    def matches(self, rule: Rule) -> bool:
        for name in rule.fields:
            if name == "tags":
                if any(rule.pattern.search(tag) for _, tag in self.article.tags):
                    return True
                continue
            value = self.body if name == "body" else getattr(self.article, name) or ""
            if value and rule.pattern.search(value):
                return True
        return False


# --- reading definitions -----------------------------------------------------------------------------
def parse_content(table: dict[str, Any], source: str, key: str, default: str, prefix: str = "") -> str:
    value = _Reader(table, source, prefix).string(key, default=default)
    if value not in CONTENT_CHOICES:
        raise ProfileError(source, prefix + key, f"{value!r} is not a content choice",
                           'Write content = "full" (whole articles) or content = "summary" (summaries only)')
    return value


def parse_author_policy(raw: Any, source: str) -> AuthorPolicy:
    """The profile's [authors] table."""
    if raw is None:
        return AuthorPolicy()
    if not isinstance(raw, dict):
        raise ProfileError(source, "authors", "must be a table", "Write it as [authors] with feeds, allow, ignore, max_per_article")
    _reject_unknown(raw, {"feeds", "allow", "ignore", "max_per_article"}, source, "authors.")
    reader = _Reader(raw, source, "authors.")
    return AuthorPolicy(feeds=reader.boolean("feeds", default=True), allow=reader.strings("allow", default=()),
                        ignore=reader.strings("ignore", default=()),
                        max_per_article=reader.integer("max_per_article", default=DEFAULT_MAX_PER_ARTICLE, minimum=1))


def parse_site_feeds(raw: Any, source: str, site: str, sections: dict[str, str]) -> tuple[CustomFeed, ...]:
    """A profile's [[feeds]]: custom feeds drawn from that site alone."""
    return _parse_feeds(raw, source, site, {site: sections})


def _parse_feeds(raw: Any, source: str, owner: str, sections_of: dict[str, dict[str, str]]) -> tuple[CustomFeed, ...]:
    if raw is None:
        return ()
    if isinstance(raw, dict):
        raise ProfileError(source, "feeds", "is a single table, not a list of feeds",
                           "Write each custom feed as [[feeds]] (two brackets)")
    if not isinstance(raw, list):
        raise ProfileError(source, "feeds", "must be a list of [[feeds]] tables", 'Write [[feeds]] then name = "..."')
    feeds: list[CustomFeed] = []
    for index, entry in enumerate(raw):
        feed = _parse_feed(entry, source, f"feeds[{index}]", owner, sections_of)
        if any(f.slug == feed.slug for f in feeds):
            raise ProfileError(source, f"feeds[{index}].name", f"{feed.slug!r} names two custom feeds",
                               "Give each [[feeds]] table its own name")
        feeds.append(feed)
    return tuple(feeds)


def _parse_feed(entry: Any, source: str, key: str, owner: str, sections_of: dict[str, dict[str, str]]) -> CustomFeed:
    if not isinstance(entry, dict):
        raise ProfileError(source, key, "must be a table", "Write each custom feed as [[feeds]]")
    _reject_unknown(entry, _FEED_KEYS, source, f"{key}.")
    reader = _Reader(entry, source, f"{key}.")
    slug = reader.string("name")
    if slug != base_slug(slug):
        raise ProfileError(source, f"{key}.name", f"{slug!r} cannot name a feed file",
                           f"Use lower-case letters, digits and '-', e.g. {base_slug(slug)!r}")
    sites = reader.strings("sites", default=())
    if sites and owner:
        raise ProfileError(source, f"{key}.sites", "a site profile's feeds draw from that site only",
                           f"Remove sites, or move this feed into the shared file ({SHARED_FILE} in the profiles directory)")
    for index, site in enumerate(sites):
        if site not in sections_of:
            raise ProfileError(source, f"{key}.sites[{index}]", f"no site named {site!r}",
                               f"{_did_you_mean(site, sections_of)}Sites with a profile: {', '.join(sorted(sections_of)) or 'none'}")
    sections = _sections(reader.strings("sections", default=()), source, f"{key}.sections",
                         [sections_of[s] for s in (sites or ([owner] if owner else sorted(sections_of)))])
    days = entry.get("max_age_days")
    if days is not None and (isinstance(days, bool) or not isinstance(days, (int, float)) or days <= 0):
        raise ProfileError(source, f"{key}.max_age_days", f"{days!r} is not a number of days",
                           "Write max_age_days = 7 (a positive number), or leave it out for no limit")
    return CustomFeed(
        owner=owner, slug=slug, title=reader.string("title", default=slug), description=reader.string("description", default=""),
        sites=sites, sections=sections, tags=reader.strings("tags", default=()), authors=reader.strings("authors", default=()),
        include=_rules(entry.get("include"), source, f"{key}.include"),
        exclude=_rules(entry.get("exclude"), source, f"{key}.exclude"),
        max_age=timedelta(days=days) if days else None,
        content=parse_content(entry, source, "content", "", f"{key}.") if "content" in entry else None, source=source,
    )


def _sections(names: tuple[str, ...], source: str, key: str, known: list[dict[str, str]]) -> tuple[str, ...]:
    """Section names or slugs, each the slug of a section of one of the feed's sites."""
    slugs = []
    for index, name in enumerate(names):
        found = [slug for sections in known for slug, title in sections.items()
                 if name in (slug, title) or name_key(name) == name_key(title)]
        if not found:
            choices = sorted({f"{slug} ({title})" for sections in known for slug, title in sections.items()})
            raise ProfileError(source, f"{key}[{index}]", f"no section {name!r} in the feed's sites",
                               f"Use a section's slug or name: {', '.join(choices) or 'none defined'}")
        slugs.append(found[0])
    return tuple(dict.fromkeys(slugs))


def _rules(raw: Any, source: str, key: str) -> tuple[Rule, ...]:
    if raw is None:
        return ()
    if isinstance(raw, (str, dict)):
        raw = [raw]
    if not isinstance(raw, list):
        raise ProfileError(source, key, "must be a list of words or rule tables", f"Write {_RULE_EXAMPLE}")
    return tuple(_rule(value, source, f"{key}[{index}]") for index, value in enumerate(raw))


def _rule(value: Any, source: str, key: str) -> Rule:
    if isinstance(value, str):
        value = {"word": value}
    if not isinstance(value, dict):
        raise ProfileError(source, key, f"{value!r} is neither a word nor a rule table", f"Write {_RULE_EXAMPLE}")
    _reject_unknown(value, _RULE_KEYS, source, f"{key}.")
    reader = _Reader(value, source, f"{key}.")
    if ("word" in value) == ("regex" in value):
        raise ProfileError(source, key, "needs exactly one of word and regex",
                           'Write { word = "cricket" } or { regex = "crick(et|eters)" }')
    fields = reader.strings("in", default=RULE_FIELDS)
    for index, name in enumerate(fields):
        if name not in RULE_FIELDS:
            raise ProfileError(source, f"{key}.in[{index}]", f"{name!r} is not a field rules can read",
                               f"{_did_you_mean(name, RULE_FIELDS)}Fields: {', '.join(RULE_FIELDS)}")
    if "regex" in value:
        text = reader.string("regex")
        try:
            pattern = re.compile(text, re.IGNORECASE)
        except re.error as exc:
            raise ProfileError(source, f"{key}.regex", f"{text!r} is not a valid regular expression ({exc})",
                               "Fix the pattern (Python re syntax), or match plain words with word = \"...\"") from None
        return Rule(key, text, True, fields, pattern)
    text = reader.string("word")
    if not text:
        raise ProfileError(source, f"{key}.word", "is empty", "Write the word or phrase to match")
    escaped = r"\s+".join(re.escape(part) for part in text.split())
    if reader.boolean("whole_word", default=True):
        escaped = rf"(?<!\w){escaped}(?!\w)"
    return Rule(key, text, False, fields, re.compile(escaped, re.IGNORECASE))


@dataclass(frozen=True)
class SharedFeeds:
    """The shared file's feeds across sites, with the profiles of the sites they may draw from."""

    feeds: tuple[CustomFeed, ...]
    profiles: dict[str, Profile]
    source: str


_loaded: dict[tuple[str, str, int, tuple[tuple[str, int], ...]], SharedFeeds] = {}


def shared_feeds_path(settings: BaseSettings) -> Path:
    from newsfeeds.config import setting

    configured = setting(settings, "NEWSFEEDS_CUSTOM_FEEDS")
    return Path(configured) if configured else Path(setting(settings, "NEWSFEEDS_PROFILES_DIR")) / SHARED_FILE


def load_shared_feeds(settings: BaseSettings) -> SharedFeeds:
    """The feeds across sites (none when the file does not exist); a mistake raises ProfileError."""
    from newsfeeds.config import setting

    path = shared_feeds_path(settings)
    directory = Path(setting(settings, "NEWSFEEDS_PROFILES_DIR"))
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return SharedFeeds((), {}, str(path))
    profiles = sorted(p for p in directory.glob("*.toml") if not p.name.startswith("_"))
    key = (str(path), str(directory), stamp, tuple((str(p), p.stat().st_mtime_ns) for p in profiles))
    if key not in _loaded:
        _loaded.clear()
        _loaded[key] = parse_shared_feeds(path, profiles)
    return _loaded[key]


def parse_shared_feeds(path: Path, profile_paths: Iterable[Path]) -> SharedFeeds:
    source = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(source, "(file)", f"cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(source, "(syntax)", f"not valid TOML: {exc}", "Check quotes and brackets near that line") from None
    _reject_unknown(data, {"feeds"}, source, "")
    profiles = {p.name: p for p in (load_profile(path) for path in profile_paths)}
    sections_of = {name: {s.slug: s.name for s in p.sections if s.in_feeds} for name, p in profiles.items()}
    return SharedFeeds(_parse_feeds(data.get("feeds", []), source, "", sections_of), profiles, source)


# --- selecting articles ------------------------------------------------------------------------------
@dataclass
class Selection:
    """What a definition selects: its items, newest first, and what the preview explains."""

    articles: list[ArticleRecord]
    rejected: list[tuple[ArticleRecord, Rule | None]]
    expires: str | None


def source_slugs(store: Store, feed: CustomFeed, site: str) -> dict[str, list[str]] | None:
    """kind -> slugs of the feed's sources that exist on one site; None: every article of the site."""
    if feed.everything:
        return None
    sources = {"section": [s for s in feed.sections],
               "tag": list(store.member_slugs(site, "tag", feed.tags).values()),
               "author": list(store.member_slugs(site, "author", feed.authors).values())}
    return {kind: slugs for kind, slugs in sources.items() if slugs}


def _site_stream(store: Store, site: str, sources: dict[str, list[str]] | None, batch: int) -> Iterator[ArticleRecord]:
    after: tuple[str, str] | None = None
    while True:
        page = store.feed_candidates(site, sources, after, batch)
        yield from page
        if len(page) < batch:
            return
        after = (page[-1].sort_time, page[-1].key)


def select(store: Store, feed: CustomFeed, sites: Iterable[str], limit: int, now: datetime,
           keep_rejected: bool = False) -> Selection:
    """The newest `limit` articles of the feed's sites that its sources hold and its rules keep, never
    older than max_age before `now`. Candidates come newest first, a page at a time, so a feed that
    fills up early reads no further."""
    streams = []
    for site in sites:
        sources = source_slugs(store, feed, site)
        if sources is None or sources:
            streams.append(_site_stream(store, site, sources, max(limit * 2, 50)))
    cutoff = utc_iso(now - feed.max_age) if feed.max_age else None
    kept: list[ArticleRecord] = []
    rejected: list[tuple[ArticleRecord, Rule | None]] = []
    for article in heapq.merge(*streams, key=lambda a: (a.sort_time, a.site, a.key), reverse=True):
        if cutoff and article.sort_time < cutoff:
            break
        ok, rule = feed.verdict(article)
        if ok:
            kept.append(article)
            if len(kept) >= limit:
                break
        elif keep_rejected:
            rejected.append((article, rule))
    expires = None
    if feed.max_age and kept:
        expires = utc_iso(datetime.fromisoformat(kept[-1].sort_time) + feed.max_age)
    return Selection(kept, rejected, expires)


def due(feed: CustomFeed, site: str, dirty: set[tuple[str, str]], store: Store) -> bool:
    """Whether a change recorded for `site` (its dirty feeds) can change this custom feed."""
    if feed.owner and feed.owner != site or feed.sites and site not in feed.sites:
        return False
    if feed.everything:
        return FEED_ALL in dirty
    sources = source_slugs(store, feed, site) or {}
    return any((kind, slug) in dirty for kind, slugs in sources.items() for slug in slugs)


def fingerprint(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, default=str).encode()).hexdigest()
