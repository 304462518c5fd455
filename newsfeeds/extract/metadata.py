"""The page's own metadata (JSON-LD, meta tags, microdata): what publishers keep correct for search
engines and social networks, and so the most reliable source for an article's fields."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from parsel import Selector

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


def jsonld_objects(selector: Selector) -> list[dict[str, Any]]:
    """Every JSON-LD node on the page, @graph and arrays flattened; broken blocks skipped."""
    nodes: list[dict[str, Any]] = []
    for raw in selector.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]/text()').getall():
        data = _load_json(raw)
        if data is not None:
            nodes.extend(_flatten(data))
    return nodes


def article_nodes(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The nodes that describe an article (NewsArticle and its kin)."""
    return [n for n in nodes if _types(n) & ARTICLE_TYPES]


def pick_article(nodes: list[dict[str, Any]], url: str, headline_hint: str = "") -> dict[str, Any] | None:
    """The article node that is this page: the one naming this URL, else this headline, else the first."""
    articles = article_nodes(nodes)
    if not articles:
        return None
    if len(articles) == 1:
        return articles[0]
    bare = url.split("://", 1)[-1].split("#")[0].rstrip("/")
    for node in articles:
        for candidate in (node.get("url"), _id_of(node.get("mainEntityOfPage")), node.get("@id")):
            if isinstance(candidate, str) and candidate.split("://", 1)[-1].split("#")[0].rstrip("/") == bare:
                return node
    if headline_hint:
        hint = " ".join(headline_hint.split()).casefold()
        for node in articles:
            headline = node.get("headline") or node.get("name")
            if isinstance(headline, str) and " ".join(headline.split()).casefold() == hint:
                return node
    return articles[0]


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
    for meta in selector.xpath("//meta"):
        content = meta.attrib.get("content")
        if content is None:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = meta.attrib.get(attr)
            if key:
                found.setdefault(key.strip().lower(), []).append(content)
    return found


def microdata_values(selector: Selector, prop: str) -> list[str]:
    """itemprop values inside an Article-like itemscope, read the way microdata defines them."""
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
    return {v.rsplit("/", 1)[-1].lower() for v in values if isinstance(v, str)}


def _id_of(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return value.get("@id") or value.get("url")
    return None
