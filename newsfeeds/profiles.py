"""Site profiles: what newsfeeds must know about a site, as data a user can write without code."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import datetime
from datetime import timezone as dt_timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsfeeds.authors import AuthorPolicy, byline_people
from newsfeeds.tags import base_slug
from newsfeeds.urls import host_of, rebase

FIELDS = ("title", "published", "modified", "tags", "author", "summary", "body", "image", "section")
FIELD_ALIASES = {"date": "published", "headline": "title", "content": "body", "lead_image": "image"}
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
RESERVED_SITE_NAMES = frozenset({"custom"})  # feeds/custom/ holds the feeds across sites

if TYPE_CHECKING:
    from newsfeeds.customfeeds import CustomFeed


class ProfileError(ValueError):
    """A mistake in a profile, worded so the user can fix it: file, key, what is wrong, what to do."""

    def __init__(self, source: str, key: str, problem: str, fix: str = "") -> None:
        self.source, self.key, self.problem, self.fix = source, key, problem, fix
        message = f"{source}: {key}: {problem}"
        super().__init__(f"{message}. {fix}" if fix else message)


SOURCE_KINDS = ("html", "sitemap", "feed")


@dataclass(frozen=True)
class Source:
    """Where a section's article links come from: an HTML listing page, a sitemap (or robots.txt
    naming sitemaps), or the site's own RSS/Atom/JSON feed. `match` and `follow` are path regexes
    for the entries and the child sitemaps to take."""

    kind: str
    url: str
    match: tuple[str, ...] = ()
    follow: tuple[str, ...] = ()
    limit: int = 100

    @property
    def label(self) -> str:
        return f"{self.kind} {self.url}"


@dataclass(frozen=True)
class Section:
    """A start page: a section's first listing page and the name its feed gets; `sources` are
    where its article links come from, tried in order until one yields links."""

    name: str
    url: str
    slug: str
    in_feeds: bool = True
    sources: tuple[Source, ...] = ()

    def __post_init__(self) -> None:
        if not self.sources:
            object.__setattr__(self, "sources", (Source("html", self.url),))


@dataclass(frozen=True)
class FieldRule:
    """A per-field selector; `first` overrides the page's metadata, `fallback` only fills gaps."""

    css: tuple[str, ...] = ()
    xpath: tuple[str, ...] = ()
    when: str = "first"


@dataclass(frozen=True)
class Profile:
    """Everything the generic spider and extractors need to turn one site into feeds."""

    name: str
    title: str
    url: str
    timezone: str
    sections: tuple[Section, ...]
    allowed_domains: tuple[str, ...]
    language: str = "en"
    description: str = ""
    article_links: tuple[str, ...] = ()
    article_patterns: tuple[str, ...] = ()
    exclude_patterns: tuple[str, ...] = ()
    next_page: tuple[str, ...] = ()
    max_pages: int = 3
    dayfirst: bool = False
    date_formats: tuple[str, ...] = ()
    fields: dict[str, FieldRule] = field(default_factory=dict)
    boilerplate_text: tuple[str, ...] = ()
    boilerplate_css: tuple[str, ...] = ()
    source: str = "<profile>"
    timezone_assumed: bool = False
    feeds: tuple[CustomFeed, ...] = ()       # [[feeds]]: custom feeds drawn from this site
    authors: AuthorPolicy = AuthorPolicy()   # [authors]: which bylines become author feeds
    content: str = "full"                    # what the site's feeds carry: "full" bodies or "summary" only
    enabled: bool = True                     # false: `crawlall` leaves the site out (an example, a paused site)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def people(self, author: str | None) -> list[str]:
        """The persons a byline credits, as this site's author feeds see them."""
        return byline_people(author, self.authors, (self.name, self.title))

    def compiled_article_patterns(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.article_patterns]

    def compiled_exclude_patterns(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.exclude_patterns]

    def pointed_at(self, origin: str) -> Profile:
        """The same site served from another origin (a mirror, a staging host, the demo server)."""
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ProfileError("site_url", "site_url", f"{origin!r} is not an http(s) URL",
                               "Pass something like -a site_url=http://127.0.0.1:8765/")
        sections = tuple(replace(s, url=rebase(s.url, origin),
                                 sources=tuple(replace(src, url=rebase(src.url, origin)) for src in s.sources))
                         for s in self.sections)
        return replace(self, url=rebase(self.url, origin), sections=sections,
                       allowed_domains=(parts.hostname.lower(),))


GENERIC_NAME = "generic"


GENERIC_SOURCE = "<generic>"  # the source of the built-in profile: no file, no site of its own


def generic_profile(url: str, timezone: str | None = None) -> Profile:
    """The built-in profile for a page of any site: no selectors, the page's own host, and UTC for
    times the page prints without an offset unless a timezone is given."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    origin = f"{parts.scheme}://{parts.netloc}/" if parts.scheme in ("http", "https") and host else "https://localhost/"
    zone = timezone or "UTC"
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ProfileError("--timezone", "timezone", f"{zone!r} is not an IANA time zone",
                           f"Use a name such as 'Europe/London'{_zone_hint(zone)}") from None
    return Profile(name=GENERIC_NAME, title=host or GENERIC_NAME, url=origin, timezone=zone,
                   sections=(Section(name="", url=origin, slug="start-1", in_feeds=False),),
                   allowed_domains=(host or "localhost",), source=GENERIC_SOURCE, timezone_assumed=timezone is None)


def load_profile(path: str | Path) -> Profile:
    """Read and check a profile file; every mistake is reported with the file and key."""
    path = Path(path)
    source = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(source, "(file)", "no such file",
                           "Give the path to a .toml profile or the name of one in the profiles directory") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(source, "(file)", f"cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(source, "(syntax)", f"not valid TOML: {exc}",
                           "Check quotes and brackets near that line") from None
    return parse_profile(data, source=source, default_name=path.stem)


def bare_profile(name: str, url: str = "") -> Profile:
    """A site known to the store by name only (its profile file gone, or never written): UTC, no sections."""
    return Profile(name=name, title=name, url=url, timezone="UTC", sections=(), allowed_domains=())


def find_profile(name_or_path: str, directory: str | Path) -> Path:
    """A profile given by path, or by name from the project's profile directory."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml" or candidate.exists() or "/" in name_or_path:
        return candidate
    located = Path(directory) / f"{name_or_path}.toml"
    if not located.exists():
        same = [p for p in Path(directory).glob("*.toml") if p.stem.casefold() == name_or_path.casefold()]
        located = same[0] if len(same) == 1 else located
    if not located.exists():
        known = ", ".join(sorted(p.stem for p in Path(directory).glob("*.toml") if not p.name.startswith("_"))) or "none"
        raise ProfileError(str(located), "(file)", f"no profile named {name_or_path!r}",
                           f"Profiles available by name: {known}; or pass a path to a .toml file")
    return located


def parse_profile(data: dict[str, Any], *, source: str = "<profile>", default_name: str = "") -> Profile:
    """Turn a profile's raw mapping into a checked Profile."""
    reader = _Reader(data, source)
    _reject_unknown(data, _TOP_KEYS, source, "")
    name = reader.string("name", default=default_name)
    if not _NAME.match(name):
        raise ProfileError(source, "name", f"{name!r} is not a usable site name",
                           "Use lower-case letters, digits, '-' or '_' (it names the feed directory)")
    if name in RESERVED_SITE_NAMES:
        raise ProfileError(source, "name", f"{name!r} is reserved (feeds/{name}/ holds the feeds across sites)",
                           "Choose another name")
    url = reader.url("url")
    timezone = reader.string("timezone")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ProfileError(source, "timezone", f"{timezone!r} is not an IANA time zone",
                           f"Use a name such as 'Asia/Kolkata' or 'Europe/London'{_zone_hint(timezone)}") from None
    site_sources = _sources(data.get("sources", []), source, "sources", url, default_limit=100)
    sections = _sections(data.get("sections"), source, url, required=not site_sources)
    if site_sources:
        sections += (Section(name="site", url=url, slug="site-sources", in_feeds=False, sources=site_sources),)
    domains = tuple(d.lower().strip().lstrip(".") for d in reader.strings("allowed_domains", default=()))
    for index, domain in enumerate(domains):
        if "/" in domain or ":" in domain or " " in domain:
            host = urlsplit(domain if "//" in domain else f"//{domain}").hostname or domain
            raise ProfileError(source, f"allowed_domains[{index}]", f"{domain!r} is not a bare host name",
                               f"Write the host only, e.g. {host!r}")
    if not domains:
        domains = tuple(sorted({host_of(url)} | {host_of(s.url) for s in sections}
                               | {host_of(src.url) for s in sections for src in s.sources}))
    for index, section in enumerate(sections):
        for position, src in enumerate(section.sources):
            if not any(host_of(src.url) == d or host_of(src.url).endswith("." + d) for d in domains):
                key = (f"sections[{index}].url" if src.kind == "html" and src.url == section.url and position == 0
                       else f"sections[{index}].sources[{position}]" if section.slug != "site-sources" else f"sources[{position}]")
                raise ProfileError(source, key, f"{src.url} is outside allowed_domains {list(domains)}",
                                   "Add its host to allowed_domains or fix the URL")
    links = data.get("links", {})
    if not isinstance(links, dict):
        raise ProfileError(source, "links", "must be a table", "Write it as [links]")
    links_reader = _Reader(links, source, prefix="links.")
    _reject_unknown(links, {"article", "pattern", "exclude", "next", "max_pages"}, source, "links.")
    article_patterns = links_reader.path_regexes("pattern")
    exclude_patterns = links_reader.path_regexes("exclude")
    max_pages = links_reader.integer("max_pages", default=3, minimum=1)
    boiler = data.get("boilerplate", {})
    if not isinstance(boiler, dict):
        raise ProfileError(source, "boilerplate", "must be a table", "Write it as [boilerplate]")
    boiler_reader = _Reader(boiler, source, prefix="boilerplate.")
    _reject_unknown(boiler, {"text", "css"}, source, "boilerplate.")
    from newsfeeds.customfeeds import parse_author_policy, parse_content, parse_site_feeds  # they use this module

    sections_known = {s.slug: s.name for s in sections if s.in_feeds}
    return Profile(
        name=name,
        title=reader.string("title", default=name),
        url=url,
        timezone=timezone,
        sections=sections,
        allowed_domains=domains,
        language=reader.string("language", default="en"),
        description=reader.string("description", default=""),
        article_links=links_reader.selectors("article"),
        article_patterns=article_patterns,
        exclude_patterns=exclude_patterns,
        next_page=links_reader.selectors("next"),
        max_pages=max_pages,
        dayfirst=reader.boolean("dayfirst", default=False),
        date_formats=reader.date_formats("date_formats"),
        fields=_fields(data.get("fields", {}), source),
        boilerplate_text=boiler_reader.strings("text", default=()),
        boilerplate_css=boiler_reader.selectors("css"),
        source=source,
        feeds=parse_site_feeds(data.get("feeds"), source, name, sections_known),
        authors=parse_author_policy(data.get("authors"), source),
        content=parse_content(data, source, "content", "full"),
        enabled=reader.boolean("enabled", default=True),
    )


_EXAMPLES = {
    "name": '"example"', "url": '"https://www.example.com/"', "timezone": '"Europe/London"', "title": '"Example News"',
}
_ZONE_HINTS = {
    "ist": "Asia/Kolkata", "gmt": "Europe/London", "bst": "Europe/London", "cet": "Europe/Berlin",
    "cest": "Europe/Berlin", "eet": "Europe/Athens", "est": "America/New_York", "edt": "America/New_York",
    "et": "America/New_York", "cst": "America/Chicago", "pst": "America/Los_Angeles", "pt": "America/Los_Angeles",
    "jst": "Asia/Tokyo", "aest": "Australia/Sydney", "pkt": "Asia/Karachi", "+05:30": "Asia/Kolkata",
    "+0530": "Asia/Kolkata",
}


def _zone_hint(zone: str) -> str:
    """An IANA name for a common abbreviation or offset people write instead."""
    lowered = zone.strip().lower()
    if lowered in _ZONE_HINTS:
        return f"; for {zone!r} you probably mean {_ZONE_HINTS[lowered]!r}"
    try:
        from zoneinfo import available_timezones

        close = difflib.get_close_matches(zone, sorted(available_timezones()), n=1, cutoff=0.75)
    except Exception:  # zoneinfo data missing: no suggestion, the message still names the fix
        close = []
    return f"; did you mean {close[0]!r}?" if close else ""


def _did_you_mean(key: str, known: Any) -> str:
    """The closest known key, for typos."""
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
    return f"Did you mean {close[0]!r}? " if close else ""


def _reject_unknown(table: dict[str, Any], known: set[str], source: str, prefix: str) -> None:
    """Typos in key names would otherwise be ignored silently and the setting never applied."""
    unknown = sorted(set(table) - known)
    if unknown:
        key = unknown[0]
        raise ProfileError(source, f"{prefix}{key}", "unknown key",
                           f"{_did_you_mean(key, known)}Known keys here: {', '.join(sorted(known))}")


_TOP_KEYS = {
    "name", "title", "url", "timezone", "language", "description", "allowed_domains", "sections",
    "links", "dayfirst", "date_formats", "fields", "boilerplate", "feeds", "authors", "content", "enabled", "sources",
}
_SOURCE_KEYS = {*SOURCE_KINDS, "match", "follow", "limit"}


def _sources(raw: Any, source: str, key: str, site_url: str, default_limit: int) -> tuple[Source, ...]:
    """Listing sources: a list of tables, each naming one kind (html, sitemap or feed) and its URL,
    which may be relative to the site's url (`sitemap = "robots.txt"`)."""
    if isinstance(raw, dict):
        raw = [raw]
    if not isinstance(raw, list):
        raise ProfileError(source, key, "must be a list of tables",
                           f'Write {key} = [{{ sitemap = "/sitemap-news.xml" }}, {{ feed = "/rss.xml" }}]')
    found: list[Source] = []
    for index, entry in enumerate(raw):
        where = f"{key}[{index}]"
        if not isinstance(entry, dict):
            raise ProfileError(source, where, "must be a table",
                               'Write it as { sitemap = "https://..." } or { feed = "https://..." }')
        _reject_unknown(entry, _SOURCE_KEYS, source, f"{where}.")
        kinds = [k for k in SOURCE_KINDS if k in entry]
        if len(kinds) != 1:
            raise ProfileError(source, where, f"names {len(kinds)} kinds of source ({', '.join(kinds) or 'none'})",
                               "Give exactly one of html, sitemap or feed, with its URL")
        reader = _Reader(entry, source, prefix=f"{where}.")
        kind = kinds[0]
        given = reader.string(kind)
        url = urljoin(site_url, given)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ProfileError(source, f"{where}.{kind}", f"{given!r} is not an http(s) URL",
                               "Write an absolute URL, or a path on the site such as '/sitemap.xml' or 'robots.txt'")
        found.append(Source(kind=kind, url=url, match=reader.path_regexes("match"), follow=reader.regexes("follow"),
                            limit=reader.integer("limit", default=default_limit, minimum=1)))
    return tuple(found)


def _sections(raw: Any, source: str, site_url: str, required: bool = True) -> tuple[Section, ...]:
    if isinstance(raw, dict):
        raise ProfileError(source, "sections", "is a single table, not a list of sections",
                           "Write each section as [[sections]] (two brackets), not [sections]")
    if raw is None and not required:
        return ()
    if not isinstance(raw, list) or not raw:
        raise ProfileError(source, "sections", "missing or empty",
                           'Add at least one [[sections]] table with name = "..." and url = "https://..." '
                           '(or list site-wide [[sources]] such as sitemap = "robots.txt")')
    sections: list[Section] = []
    slugs: set[str] = set()
    for index, entry in enumerate(raw):
        key = f"sections[{index}]"
        if not isinstance(entry, dict):
            raise ProfileError(source, key, "must be a table", "Write each as [[sections]]")
        _reject_unknown(entry, {"name", "url", "slug", "feed", "sources"}, source, f"{key}.")
        reader = _Reader(entry, source, prefix=f"{key}.")
        extra = _sources(entry.get("sources", []), source, f"{key}.sources", site_url, default_limit=100)
        if "url" not in entry and extra:
            url = ""
        else:
            url = reader.url("url")
        listing = (Source("html", url),) if url else ()
        name = reader.string("name", default="")
        in_feeds = reader.boolean("feed", default=bool(name))
        slug = reader.string("slug", default=base_slug(name) if name else f"start-{index + 1}")
        if slug != base_slug(slug):
            raise ProfileError(source, f"{key}.slug", f"{slug!r} is not a slug", f"Use {base_slug(slug)!r}")
        if in_feeds and slug in slugs:
            raise ProfileError(source, f"{key}.slug", f"{slug!r} is used by two sections", "Give each section its own slug")
        slugs.add(slug)
        if url and any(s.url == url for s in sections):
            raise ProfileError(source, f"{key}.url", f"{url} is listed twice", "Remove one of the two sections")
        sections.append(Section(name=name or slug, url=url or site_url, slug=slug, in_feeds=in_feeds,
                                sources=listing + extra))
    return tuple(sections)


def _fields(raw: Any, source: str) -> dict[str, FieldRule]:
    if not isinstance(raw, dict):
        raise ProfileError(source, "fields", "must be a table", "Write it as [fields.title] css = \"h1\"")
    rules: dict[str, FieldRule] = {}
    for given, spec in raw.items():
        name = FIELD_ALIASES.get(given, given)
        key = f"fields.{given}"
        if name not in FIELDS:
            raise ProfileError(source, key, "unknown field",
                               f"{_did_you_mean(given, [*FIELDS, *FIELD_ALIASES])}Fields: {', '.join(FIELDS)}")
        if isinstance(spec, (str, list)):
            spec = {"css": spec}
        if not isinstance(spec, dict):
            raise ProfileError(source, key, "must be a CSS string or a table", 'Write fields.title = "h1.headline"')
        _reject_unknown(spec, {"css", "xpath", "when"}, source, f"{key}.")
        reader = _Reader(spec, source, prefix=f"{key}.")
        when = reader.string("when", default="first")
        if when not in ("first", "fallback"):
            raise ProfileError(source, f"{key}.when", f"{when!r} is not allowed",
                               "Use 'first' (the selector wins) or 'fallback' (used when metadata has nothing)")
        rule = FieldRule(css=reader.selectors("css"), xpath=reader.xpaths("xpath"), when=when)
        if not rule.css and not rule.xpath:
            raise ProfileError(source, key, "has neither css nor xpath", "Give at least one selector")
        rules[name] = rule
    return rules


class _Reader:
    """Typed access to one table of a profile, with errors that name the key."""

    def __init__(self, data: dict[str, Any], source: str, prefix: str = "") -> None:
        self.data, self.source, self.prefix = data, source, prefix

    def _fail(self, key: str, problem: str, fix: str = "") -> ProfileError:
        return ProfileError(self.source, self.prefix + key, problem, fix)

    def string(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if value is None:
            raise self._fail(key, "missing", f"This key is required, e.g. {key} = {_EXAMPLES.get(key, chr(34) + '...' + chr(34))}")
        if not isinstance(value, str):
            raise self._fail(key, f"must be a string, not {type(value).__name__}", f'Write {key} = "..."')
        return value.strip()

    def url(self, key: str) -> str:
        value = self.string(key)
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise self._fail(key, f"{value!r} is not an absolute http(s) URL", "Write it as https://host/path")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self._fail(key, "must be true or false")
        return value

    def integer(self, key: str, default: int, minimum: int = 0) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self._fail(key, f"must be a whole number ≥ {minimum}")
        return value

    def strings(self, key: str, default: tuple[str, ...] | None = None) -> tuple[str, ...]:
        value = self.data.get(key, default)
        if value is None:
            raise self._fail(key, "missing")
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise self._fail(key, "must be a string or a list of strings", f'Write {key} = ["..."]')
        return tuple(v for v in value if v.strip())

    def selectors(self, key: str) -> tuple[str, ...]:
        from parsel.csstranslator import HTMLTranslator

        values = self.strings(key, default=())
        for value in values:
            try:
                HTMLTranslator().css_to_xpath(value)
            except Exception as exc:  # cssselect raises several unrelated types
                raise self._fail(key, f"{value!r} is not a valid CSS selector ({exc})",
                                 "Check the selector in a browser's dev tools") from None
        return values

    def xpaths(self, key: str) -> tuple[str, ...]:
        from lxml import etree

        values = self.strings(key, default=())
        for value in values:
            try:
                etree.XPath(value)
            except etree.XPathError as exc:
                raise self._fail(key, f"{value!r} is not a valid XPath ({exc})") from None
        return values

    def date_formats(self, key: str) -> tuple[str, ...]:
        """strptime patterns, each checked by formatting and reading back a sample date."""
        values = self.strings(key, default=())
        for value in values:
            if "%" not in value:
                raise self._fail(key, f"{value!r} has no strptime directive",
                                 "Write patterns such as '%d %B %Y, %I:%M %p' (see Python's strptime codes)")
            sample = datetime(2021, 3, 19, 12, 47, tzinfo=dt_timezone.utc)
            try:
                datetime.strptime(sample.strftime(value), value)
            except ValueError as exc:
                raise self._fail(key, f"{value!r} is not a usable strptime pattern ({exc})",
                                 "Check each % code against Python's strptime table") from None
        return values

    def path_regexes(self, key: str) -> tuple[str, ...]:
        """Link patterns, which match paths, so a full URL is a mistake worth naming."""
        values = self.regexes(key)
        for value in values:
            if re.match(r"^\^?https?[:\\]", value):
                raise self._fail(key, f"{value!r} looks like a full URL, but patterns are matched against the path",
                                 "Match the path and query only, e.g. '^/2024/\\d{2}/' or '/news/[^/]+$'")
        return values

    def regexes(self, key: str) -> tuple[str, ...]:
        values = self.strings(key, default=())
        for value in values:
            try:
                re.compile(value)
            except re.error as exc:
                raise self._fail(key, f"{value!r} is not a valid regular expression ({exc})") from None
        return values
