"""Section (listing) pages → the article links they list and the next page, nothing else."""

from __future__ import annotations

import re
from functools import cached_property
from urllib.parse import parse_qsl, urljoin, urlsplit

from parsel import Selector

from newsfeeds.extract.furniture import in_junk, is_junk
from newsfeeds.html import clean_text
from newsfeeds.profiles import Profile
from newsfeeds.urls import canonical_url, is_web_url, on_domains

NEXT_TEXT = re.compile(r"^(next|next page|older|older posts|older stories|more|load more|›|»|>|→|next\s*[›»>→])$", re.IGNORECASE)
NOT_ARTICLE = re.compile(
    r"/(tag|tags|topic|topics|category|categories|author|authors|section|search|page|login|register|subscribe|"
    r"about|contact|privacy|terms|advertise|careers|feed|rss|video|videos|gallery|photos|live-tv|epaper)(/|$)",
    re.IGNORECASE,
)
ASSET = re.compile(r"\.(jpe?g|png|gif|webp|svg|pdf|zip|mp3|mp4|css|js|xml|json)$", re.IGNORECASE)
PAGE_PARAM = re.compile(r"^(page|p|pg|paged|pageno|start|offset)$", re.IGNORECASE)


class ListingPage:
    """One fetched listing page of a section."""

    def __init__(self, url: str, text: str, profile: Profile) -> None:
        self.url = url
        self.profile = profile
        self.selector = Selector(text=text or "<html></html>", base_url=url)

    @cached_property
    def _start_urls(self) -> set[str]:
        return {canonical_url(s.url) for s in self.profile.sections} | {canonical_url(self.profile.url)}

    def article_links(self) -> list[str]:
        """Article URLs listed on this page, in page order, absolute, each once; never the ticker's,
        the navigation's or another site's."""
        profile = self.profile
        patterns = profile.compiled_article_patterns()
        excludes = profile.compiled_exclude_patterns()
        anchors = []
        for css in profile.article_links:
            for sel in self.selector.css(css):
                root = sel.root
                if isinstance(root, str):
                    continue
                anchors.extend([root] if root.tag == "a" else list(root.iter("a")))
        explicit = bool(profile.article_links)
        if not explicit:
            anchors = [a for a in self.selector.root.iter("a") if not in_junk(a) and not is_junk(a)]
        links: list[str] = []
        seen: set[str] = set()
        for anchor in anchors:
            href = (anchor.get("href") or "").strip()
            if not href or href.startswith("#"):
                continue
            url = urljoin(self.url, href)
            if not is_web_url(url) or not on_domains(url, profile.allowed_domains):
                continue
            canonical = canonical_url(url)
            if canonical in seen or canonical in self._start_urls or canonical == canonical_url(self.url):
                continue
            target = _path_and_query(canonical)
            if any(p.search(target) for p in excludes):
                continue
            if patterns:
                if not any(p.search(target) for p in patterns):
                    continue
            elif not explicit and not looks_like_article(canonical):
                continue
            seen.add(canonical)
            links.append(canonical)
        return links

    def next_page(self) -> str | None:
        """The next listing page of the same section, if the page offers one."""
        candidates: list[str] = []
        for css in self.profile.next_page:
            candidates += [sel.attrib.get("href", "") for sel in self.selector.css(css)]
        candidates += self.selector.xpath('//link[contains(concat(" ", normalize-space(@rel), " "), " next ")]/@href').getall()
        candidates += self.selector.xpath('//a[contains(concat(" ", normalize-space(@rel), " "), " next ")]/@href').getall()
        for anchor in self.selector.root.iter("a"):
            text = clean_text(" ".join(anchor.itertext()) or anchor.get("aria-label") or anchor.get("title") or "")
            if text and NEXT_TEXT.match(text):
                candidates.append(anchor.get("href") or "")
        current = canonical_url(self.url)
        for href in candidates:
            href = href.strip()
            if not href or href.startswith("#"):
                continue
            url = urljoin(self.url, href)
            if is_web_url(url) and on_domains(url, self.profile.allowed_domains) and canonical_url(url) != current:
                return url
        return None


def looks_like_article(url: str) -> bool:
    """A URL shaped like a story rather than a hub: a long slug or an id, not a tag/author/page hub."""
    parts = urlsplit(url)
    path = parts.path
    if path in ("", "/") or NOT_ARTICLE.search(path) or ASSET.search(path):
        return False
    if any(PAGE_PARAM.match(k) for k, _ in parse_qsl(parts.query)):
        return False
    segments = [s for s in path.split("/") if s]
    longest = max(segments, key=len) if segments else ""
    if longest.count("-") >= 3 or re.search(r"\d{5,}", path):
        return True
    return len(segments) >= 3 and longest.count("-") >= 2


def _path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
