"""The page's own metadata (JSON-LD, meta tags, microdata): what publishers keep correct for search
engines and social networks, and so the most reliable source for an article's fields."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree
from parsel import Selector

from newsfeeds.extract.text import fold

ARTICLE_TYPES = frozenset(
    {
        "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
        "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle", "blogposting",
        "liveblogposting", "report", "scholarlyarticle", "techarticle", "socialmediaposting",
    }
)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_JS_COMMENT = re.compile(r"^\s*(<!--|//<!\[CDATA\[|<!\[CDATA\[)|(-->|//\]\]>|\]\]>)\s*$")


PAGE_TYPES = frozenset({"webpage", "itempage", "collectionpage", "medicalwebpage", "profilepage", "qapage", "faqpage"})
_SALVAGE_KEYS = ("headline", "datePublished", "dateModified", "dateCreated", "articleSection", "keywords")
_SALVAGE = re.compile(r'"(%s)"\s*:\s*"((?:[^"\\]|\\.)*)"' % "|".join(_SALVAGE_KEYS))
_ARTICLE_TYPE_TEXT = re.compile(r'"@type"\s*:\s*\[?[^\]}]*?"(?:[^"]*[/:])?(%s)"' % "|".join(
    sorted({t for t in ARTICLE_TYPES}, key=len, reverse=True)), re.IGNORECASE)


_JSONLD_TEXT = etree.XPath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]/text()',
                          smart_strings=False)


def jsonld_objects(selector: Selector) -> list[dict[str, Any]]:
    """Every JSON-LD node on the page, @graph and arrays flattened; broken blocks salvaged for their
    dates and headline when they say they describe an article."""
    nodes: list[dict[str, Any]] = []
    for raw in _JSONLD_TEXT(selector.root) if isinstance(selector.root, etree._Element) else []:
        data = _load_json(raw)
        if data is not None:
            nodes.extend(_flatten(data))
            continue
        salvaged = _salvage(raw)
        if salvaged:
            nodes.append(salvaged)
    return nodes


def article_nodes(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The nodes that describe an article (NewsArticle and its kin)."""
    return [n for n in nodes if _types(n) & ARTICLE_TYPES]


def page_node(nodes: list[dict[str, Any]], url: str) -> dict[str, Any] | None:
    """The WebPage node for this URL (or the only one): Yoast-style pages date the page, not an Article."""
    pages = [n for n in nodes if _types(n) & PAGE_TYPES]
    for node in pages:
        if any(_same_url(c, url) for c in (node.get("url"), node.get("@id"))):
            return node
    return pages[0] if len(pages) == 1 else None


def pick_article(nodes: list[dict[str, Any]], url: str, headline_hint: str | list[str] = "",
                 other_urls: tuple[str, ...] = ()) -> dict[str, Any] | None:
    """The article node that is this page: the one naming this URL, then the one carrying this
    headline, then the first that has a date; teasers of other stories lose."""
    articles = article_nodes(nodes)
    if len(articles) <= 1:
        return articles[0] if articles else None
    hints = [headline_hint] if isinstance(headline_hint, str) else list(headline_hint)
    hints = [fold(h) for h in hints if h and h.strip()]
    urls = (url, *other_urls)

    def score(node: dict[str, Any]) -> int:
        points = 0
        named = (node.get("url"), _id_of(node.get("mainEntityOfPage")), node.get("@id"))
        if any(_same_url(c, u) for c in named for u in urls):
            points += 4
        elif any(isinstance(c, str) and c.startswith("http") and "#" not in c for c in named[:2]):
            points -= 2
        headlines = [fold(h) for h in text_values(node.get("headline")) + text_values(node.get("name"))]
        if hints and any(h and (h == x or x.startswith(h.rstrip(".…")) or h.startswith(x)) for h in headlines for x in hints):
            points += 3
        if node.get("datePublished"):
            points += 1
        if node.get("articleBody") or node.get("author"):
            points += 1
        return points

    return max(articles, key=score)


def site_names(nodes: list[dict[str, Any]]) -> list[str]:
    """Names the site goes by in its JSON-LD: the publisher and the WebSite/Organization nodes."""
    names: list[str] = []
    for node in nodes:
        types = _types(node)
        if types & {"website", "organization", "newsmediaorganization"}:
            names += text_values(node.get("name")) + text_values(node.get("alternateName"))
        if types & ARTICLE_TYPES:
            publisher = node.get("publisher")
            if isinstance(publisher, dict):
                names += text_values(publisher.get("name"))
    return [n for n in names if n.strip()]


def text_values(value: Any) -> list[str]:
    """Strings out of a JSON-LD value that may be a string, a list, or nodes with name/@value."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [str(value)]
    if isinstance(value, dict):
        for key in ("name", "@value", "headline", "text"):
            if key in value:
                return text_values(value[key])
        return []
    if isinstance(value, list):
        return [text for item in value for text in text_values(item)]
    return []


def url_values(value: Any) -> list[str]:
    """URLs out of a JSON-LD image/url value: string, ImageObject, or a list of either."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        for key in ("url", "contentUrl", "@id"):
            if isinstance(value.get(key), str):
                return [value[key]]
        return []
    if isinstance(value, list):
        return [url for item in value for url in url_values(item)]
    return []


def meta_map(selector: Selector) -> dict[str, list[str]]:
    """Meta tags by lower-cased name/property/itemprop, in document order."""
    found: dict[str, list[str]] = {}
    metas = selector.root.iter("meta") if isinstance(selector.root, etree._Element) else ()
    for meta in metas:
        content = meta.attrib.get("content")
        if content is None:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = meta.attrib.get(attr)
            if key:
                found.setdefault(key.strip().lower(), []).append(content)
    return found


_HAS_ITEMPROP = etree.XPath("boolean(//*[@itemprop])")


def microdata_values(selector: Selector, prop: str) -> list[str]:
    """itemprop values inside an Article-like itemscope, read the way microdata defines them."""
    if isinstance(selector.root, etree._Element) and not _HAS_ITEMPROP(selector.root):
        return []
    scopes = selector.xpath(
        "//*[@itemscope and @itemtype and (contains(@itemtype, 'Article') or contains(@itemtype, 'BlogPosting'))]"
    )
    values: list[str] = []
    for scope in scopes or [selector]:
        for element in scope.xpath(f".//*[@itemprop and contains(concat(' ', normalize-space(@itemprop), ' '), ' {prop} ')]"):
            attrs = element.attrib
            tag = element.root.tag if hasattr(element.root, "tag") else ""
            if "content" in attrs:
                values.append(attrs["content"])
            elif tag == "time" and "datetime" in attrs:
                values.append(attrs["datetime"])
            elif tag in ("a", "link") and "href" in attrs:
                values.append(attrs["href"])
            elif tag in ("img", "source") and "src" in attrs:
                values.append(attrs["src"])
            elif tag == "meta":
                continue
            elif "itemscope" in attrs:
                values.extend(element.xpath(".//*[@itemprop='name']//text()").getall()[:1] or [])
            else:
                values.append(" ".join(element.xpath(".//text()").getall()))
        if values:
            break
    return [v for v in values if v and v.strip()]


def _load_json(raw: str) -> Any:
    text = raw.strip()
    if not text:
        return None
    text = "\n".join(line for line in text.splitlines() if not _JS_COMMENT.match(line)) or text
    for attempt in (text, _CONTROL.sub(" ", text), _TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", text))):
        try:
            return json.loads(attempt, strict=False)
        except (ValueError, RecursionError):
            continue
    return None


def _flatten(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 8:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _flatten(data["@graph"], depth + 1)
        if "@type" in data:
            yield data
            main = data.get("mainEntity")
            if isinstance(main, (dict, list)):
                yield from _flatten(main, depth + 1)


def _types(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {re.split(r"[/:#]", v.strip())[-1].lower() for v in values if isinstance(v, str)}


def _salvage(raw: str) -> dict[str, Any] | None:
    """What a broken article block still says plainly: its type, headline and dates."""
    if not _ARTICLE_TYPE_TEXT.search(raw):
        return None
    found: dict[str, Any] = {"@type": "NewsArticle", "_salvaged": True}
    for key, value in _SALVAGE.findall(raw):
        if key not in found:
            try:
                found[key] = json.loads(f'"{value}"')
            except ValueError:
                found[key] = value
    return found if len(found) > 2 else None


def _same_url(candidate: Any, url: str) -> bool:
    """Same page whatever the scheme, www., query or fragment."""
    if not isinstance(candidate, str) or not candidate.strip():
        return False
    a, b = (u.strip().split("://", 1)[-1].split("#")[0].split("?")[0].rstrip("/").removeprefix("www.") for u in (candidate, url))
    return bool(a) and a == b


def _id_of(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return value.get("@id") or value.get("url")
    return None
