"""The site's section the story is filed under."""

from __future__ import annotations

from newsfeeds.extract.context import SECTION_META, PageContext
from newsfeeds.extract.furniture import in_junk, in_lists_of_others
from newsfeeds.extract.layers import Extracted, first, first_text, jsonld_text, layered, meta_text
from newsfeeds.extract.text import element_text


def _rel_category(ctx: PageContext) -> Extracted | None:
    """A rel=category link of the story itself, nearest the headline."""
    categories = [a for a in ctx.root.iter("a") if "category" in (a.get("rel") or "").lower().split()
                  and not in_lists_of_others(a) and (ctx.in_scope(a) or not in_junk(a))]
    for anchor in ctx.near_headline(categories, outside=False):
        if element_text(anchor):
            return Extracted(element_text(anchor), "rel-category")
    return None


READERS = layered("section", first_text, jsonld=[jsonld_text("articleSection")], meta=[meta_text(SECTION_META)],
                  heuristic=[_rel_category])


def read(ctx: PageContext) -> Extracted | None:
    return first(ctx, READERS)
