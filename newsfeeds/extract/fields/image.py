"""The story's lead image, as an absolute URL."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from newsfeeds.extract import metadata as md
from newsfeeds.extract.context import PageContext
from newsfeeds.extract.furniture import in_junk, is_junk
from newsfeeds.extract.layers import Extracted, first, layered
from newsfeeds.html import image_source
from newsfeeds.urls import is_web_url

IMAGE_META = ("og:image:secure_url", "og:image", "og:image:url", "twitter:image", "twitter:image:src")


def _web(ctx: PageContext, value: str | None) -> str | None:
    absolute = urljoin(ctx.url, value.strip()) if value else None
    return absolute if absolute and is_web_url(absolute) else None


def _selected(ctx: PageContext, nodes: list[Any], label: str) -> Extracted | None:
    for node in nodes:
        src = node.strip() if isinstance(node, str) else (node.get("content") or image_source(node.attrib) or node.get("href"))
        if src and not src.startswith("data:"):
            return Extracted(urljoin(ctx.url, src.strip()), "selector")
    return None


def _jsonld(ctx: PageContext) -> Extracted | None:
    for value in md.url_values(ctx.jsonld.get("image")) + md.url_values(ctx.jsonld.get("thumbnailUrl")):
        if _web(ctx, value):
            return Extracted(_web(ctx, value), "jsonld")
    return None


def _meta(ctx: PageContext) -> Extracted | None:
    found = ctx.meta_first(IMAGE_META)
    return Extracted(_web(ctx, found[0]), found[1]) if found and _web(ctx, found[0]) else None


def _microdata(ctx: PageContext) -> Extracted | None:
    for value in md.microdata_values(ctx.selector, "image"):
        if _web(ctx, value):
            return Extracted(_web(ctx, value), "microdata")
    return None


def _first_in_story(ctx: PageContext) -> Extracted | None:
    """The image nearest the headline inside the story, its lazy-loaded source resolved."""
    if ctx.headline_element is None:
        return None
    images = [i for i in ctx.root.iter("img") if ctx.in_scope(i) and not in_junk(i) and not is_junk(i)]
    for element in ctx.near_headline(images, outside=False):
        src = _web(ctx, image_source(element.attrib))
        if src:
            return Extracted(src, "img")
    return None


READERS = layered("image", _selected, jsonld=[_jsonld], meta=[_meta], microdata=[_microdata],
                  heuristic=[_first_in_story])


def read(ctx: PageContext) -> Extracted | None:
    return first(ctx, READERS)
