"""Who wrote the story: a name without 'By', never a bare @handle or a date."""

from __future__ import annotations

import re
from typing import Any

from newsfeeds.extract import metadata as md
from newsfeeds.extract.text import looks_like_date
from newsfeeds.extract.context import PageContext
from newsfeeds.extract.furniture import in_junk
from newsfeeds.extract.layers import Extracted, first, layered, texts_of
from newsfeeds.extract.text import element_text
from newsfeeds.html import clean_text
from newsfeeds.urls import is_web_url

AUTHOR_META = ("author", "article:author", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author",
               "byl", "twitter:creator")
_BY = re.compile(r"^\s*(?:by|written by|von|par|por|di|door|av|af)\s*:?\s+", re.IGNORECASE)
HANDLE = re.compile(r"^@\w+$")


def author_name(value: str) -> str:
    """A name without 'By' and without a bare @handle."""
    name = clean_text(value)
    name = _BY.sub("", name).strip(" |,")
    return "" if HANDLE.match(name) else name


def _selected(ctx: PageContext, nodes: list[Any], label: str) -> Extracted | None:
    texts = texts_of(nodes)
    return Extracted(author_name(texts[0]), "selector") if texts else None


def _jsonld(ctx: PageContext) -> Extracted | None:
    names = [n for n in md.text_values(ctx.jsonld.get("author")) if author_name(n) and not is_web_url(n.strip())]
    return Extracted(", ".join(dict.fromkeys(author_name(n) for n in names)), "jsonld") if names else None


def _meta(ctx: PageContext) -> Extracted | None:
    for name in AUTHOR_META:
        for value in ctx.meta.get(name, []):
            value = clean_text(value)
            if value and not is_web_url(value) and not HANDLE.match(value):
                return Extracted(author_name(value), f"meta:{name}")
    return None


def _microdata(ctx: PageContext) -> Extracted | None:
    names = [author_name(v) for v in md.microdata_values(ctx.selector, "author")]
    return Extracted(next(n for n in names if n), "microdata") if any(names) else None


def _rel_author(ctx: PageContext) -> Extracted | None:
    rel = [element_text(a) for a in ctx.root.iter("a") if "author" in (a.get("rel") or "").split() and not in_junk(a)]
    return Extracted(author_name(next(r for r in rel if r)), "rel-author") if any(rel) else None


def _byline(ctx: PageContext) -> Extracted | None:
    """An element classed as the author inside the story."""
    scope = ctx.scope
    if scope is None:
        return None
    for element in scope.iter():
        if not isinstance(element.tag, str):
            continue
        marker = f"{element.get('class', '')} {element.get('itemprop', '')}".lower()
        if ("author" in marker or "byline__name" in marker) and "bio" not in marker and not in_junk(element):
            name = author_name(element_text(element))
            if name and not looks_like_date(name) and len(name) <= 80 and not HANDLE.match(name):
                return Extracted(name, "byline")
    return None


READERS = layered("author", _selected, jsonld=[_jsonld], meta=[_meta], microdata=[_microdata],
                  heuristic=[_rel_author, _byline])


def read(ctx: PageContext) -> Extracted | None:
    return first(ctx, READERS)
