"""The article's identity: the page's own canonical URL when it is believable, else the fetched one."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from lxml import etree

from newsfeeds.extract.context import CANONICAL_HREF, PageContext
from newsfeeds.extract.layers import Extracted
from newsfeeds.urls import canonical_url, is_web_url, on_domains

_OG_URL = etree.XPath('//meta[@property="og:url"]/@content', smart_strings=False)


def read(ctx: PageContext) -> Extracted:
    """A canonical link or og:url on the site's own domains and not a section page, else the response URL."""
    domains = ctx.profile.allowed_domains if ctx.profile else (urlsplit(ctx.url).hostname or "",)
    for xpath, source in ((CANONICAL_HREF, "link:canonical"), (_OG_URL, "meta:og:url")):
        href = next(iter(xpath(ctx.root)), None)
        if not href:
            continue
        absolute = urljoin(ctx.url, href.strip())
        path = urlsplit(absolute).path
        if is_web_url(absolute) and on_domains(absolute, domains) and path not in ("", "/") and not _is_start_url(ctx, absolute):
            return Extracted(canonical_url(absolute), source)
    return Extracted(canonical_url(ctx.url), "response")


def _is_start_url(ctx: PageContext, url: str) -> bool:
    if not ctx.profile:
        return False
    target = canonical_url(url)
    return any(canonical_url(s.url) == target for s in ctx.profile.sections) or canonical_url(ctx.profile.url) == target
