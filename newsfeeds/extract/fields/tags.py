"""The story's own tags, never a tag cloud, a category or the site's keyword list if better exists."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from newsfeeds.extract import metadata as md
from newsfeeds.extract.context import PageContext
from newsfeeds.extract.furniture import marks_list_of_others
from newsfeeds.extract.layers import Extracted, first, layered, texts_of
from newsfeeds.extract.text import element_text
from newsfeeds.html import clean_text

TAG_META = ("article:tag", "og:article:tag", "parsely-tags", "sailthru.tags")
WEAK_TAG_META = ("news_keywords", "keywords")
_TAG_PATH = re.compile(r"/(tag|tags|topic|topics|keyword|keywords|schlagwort|schlagworte|thema|themen|etiqueta|"
                       r"etiquetas|sujet|sujets|argomento|argomenti|onderwerp)/[^/]+/?$", re.IGNORECASE)


def split_keywords(value: str) -> list[str]:
    """'a, b; c | d' → ['a', 'b', 'c', 'd']."""
    return [clean_text(part) for part in re.split(r"[,;|]", value) if clean_text(part)]


def _selected(ctx: PageContext, nodes: list[Any], label: str) -> Extracted | None:
    texts = texts_of(nodes)
    return Extracted(texts, "selector") if texts else None


def _jsonld(ctx: PageContext) -> Extracted | None:
    for key in ("keywords", "about"):
        keywords = [t for value in md.text_values(ctx.jsonld.get(key)) for t in split_keywords(value)]
        if keywords:
            return Extracted(keywords, f"jsonld:{key}")
    return None


def _meta(names: tuple[str, ...]) -> Any:
    def read(ctx: PageContext) -> Extracted | None:
        for name in names:
            values = [t for v in ctx.meta.get(name, []) for t in split_keywords(v)]
            if values:
                return Extracted(values, f"meta:{name}")
        return None
    return read


def _microdata(ctx: PageContext) -> Extracted | None:
    micro = [t for v in md.microdata_values(ctx.selector, "keywords") for t in split_keywords(v)]
    return Extracted(micro, "microdata") if micro else None


def _rel_tag(ctx: PageContext) -> Extracted | None:
    rel_tags = [element_text(a) for a in ctx.root.iter("a") if is_tag_link(a)]
    return Extracted([t for t in rel_tags if t], "rel-tag") if any(rel_tags) else None


def _tag_links(ctx: PageContext) -> Extracted | None:
    """Links to /tag/... pages inside the story."""
    if ctx.headline_element is None:
        return None
    linked = [element_text(a) for a in ctx.root.iter("a")
              if _TAG_PATH.search(urlsplit(urljoin(ctx.url, (a.get("href") or "").strip())).path)
              and ctx.in_scope(a) and is_tag_link(a, rel_required=False)]
    linked = list(dict.fromkeys(t for t in linked if t and len(t) <= 60))
    return Extracted(linked, "tag-links") if linked else None


def is_tag_link(anchor: etree._Element, rel_required: bool = True) -> bool:
    """A rel=tag link of the story itself (WordPress .tags-links), not a category or a tag cloud."""
    rel = (anchor.get("rel") or "").lower().split()
    if (rel_required and "tag" not in rel) or "category" in rel:
        return False
    for ancestor in anchor.iterancestors():
        if not isinstance(ancestor.tag, str):
            continue
        if ancestor.tag in ("nav", "aside"):
            return False
        if ancestor.tag in ("header", "footer") and not any(a.tag in ("article", "main") for a in ancestor.iterancestors()):
            return False
        if marks_list_of_others(ancestor):
            return False
    return True


READERS = layered("tags", _selected, jsonld=[_jsonld], meta=[_meta(TAG_META)], microdata=[_microdata],
                  heuristic=[_rel_tag, _tag_links, _meta(WEAK_TAG_META)])


def read(ctx: PageContext) -> Extracted | None:
    return first(ctx, READERS)
