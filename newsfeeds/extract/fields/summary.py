"""The page's own description of the story."""

from __future__ import annotations

from newsfeeds.extract.context import PageContext
from newsfeeds.extract.layers import Extracted, first, first_text, jsonld_text, layered, meta_text

DESCRIPTION_META = ("og:description", "description", "twitter:description", "dc.description")
READERS = layered("summary", first_text, jsonld=[jsonld_text("description")], meta=[meta_text(DESCRIPTION_META)])


def read(ctx: PageContext) -> Extracted | None:
    return first(ctx, READERS)
