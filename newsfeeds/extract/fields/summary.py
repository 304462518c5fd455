"""The page's own description of the story."""

from __future__ import annotations

from newsfeeds.extract import metadata as md
from newsfeeds.extract.context import PageContext
from newsfeeds.extract.layers import Extracted, first, first_text, layered
from newsfeeds.html import clean_text

DESCRIPTION_META = ("og:description", "description", "twitter:description", "dc.description")


def _jsonld(ctx: PageContext) -> Extracted | None:
    for value in md.text_values(ctx.jsonld.get("description")):
        if clean_text(value):
            return Extracted(clean_text(value), "jsonld")
    return None


def _meta(ctx: PageContext) -> Extracted | None:
    found = ctx.meta_first(DESCRIPTION_META)
    return Extracted(clean_text(found[0]), found[1]) if found else None


READERS = layered("summary", first_text, jsonld=[_jsonld], meta=[_meta])


def read(ctx: PageContext) -> Extracted | None:
    return first(ctx, READERS)
