"""The headline readers see, chosen by agreement between the visible headline and the page's metadata."""

from __future__ import annotations

from lxml import etree

from newsfeeds.extract.context import PageContext
from newsfeeds.extract.furniture import in_junk
from newsfeeds.extract.headline import is_marked_headline, is_truncated, same_title, strip_site_name, strip_unknown_suffix, text_variants
from newsfeeds.extract.layers import Extracted, first, first_text, layered
from newsfeeds.extract.text import element_text, fold


def _source(element: etree._Element) -> str:
    return "h1" if element.tag == "h1" else "headline"


def _agreed(ctx: PageContext) -> Extracted | None:
    """The visible headline as confirmed by a metadata title (JSON-LD, og:title, <title> ...)."""
    headline = ctx.headline_element
    if headline is None:
        return None
    confirmed = ctx.confirmed(headline)
    if confirmed:
        return Extracted(confirmed, _source(headline))
    if _visibly_the_headline(ctx, headline):
        return Extracted(text_variants(headline)[0], "h1")
    return None


def _visibly_the_headline(ctx: PageContext, element: etree._Element) -> bool:
    """An <h1> the page marks as its headline, or the only one in its <article>/<main>: the story's
    own headline even when the metadata carries a different (social or search) title."""
    if element.tag != "h1" or in_junk(element) or len(element_text(element).split()) < 3:
        return False
    if is_marked_headline(element):
        return True
    scope = ctx.scope
    if scope is None or scope.tag not in ("article", "main") and "Article" not in (scope.get("itemtype") or ""):
        return False
    return sum(1 for h in scope.iter("h1") if element_text(h)) == 1


def _stated(ctx: PageContext) -> Extracted | None:
    """A metadata title without the site's name; a truncated one gives way to its full form."""
    names = {fold(n) for n in ctx.site_names}
    stated = [(strip_site_name(v, ctx.site_names, ctx.sections), s) for v, s in ctx.metadata_titles]
    for cut, source in stated:
        if source == "title" or not cut or fold(cut) in names:
            continue
        if is_truncated(cut):
            longer = [(c, s) for c, s in stated if len(c) > len(cut) and same_title(c, cut) and not is_truncated(c)]
            if longer:
                cut, source = longer[0][0] if longer[0][1] != "title" else strip_unknown_suffix(longer[0][0]), longer[0][1]
            elif source.startswith("jsonld"):
                continue
        return Extracted(cut, source)
    return None


def _visible(ctx: PageContext) -> Extracted | None:
    """The likeliest headline element's text, unconfirmed."""
    headline = ctx.headline_element
    if headline is None:
        return None
    text = text_variants(headline)[0]
    return Extracted(text, _source(headline)) if fold(text) not in {fold(n) for n in ctx.site_names} else None


def _title_tag(ctx: PageContext) -> Extracted | None:
    names = {fold(n) for n in ctx.site_names}
    for value, source in ctx.metadata_titles:
        if source == "title":
            cut = strip_site_name(value, ctx.site_names, ctx.sections)
            cut = strip_unknown_suffix(cut) if cut == value else cut
            if cut and fold(cut) not in names:
                return Extracted(cut, "title")
    return None


def _anything(ctx: PageContext) -> Extracted | None:
    return next((Extracted(v, s) for v, s in ctx.metadata_titles), None)


# The metadata layers of a title are one reader: which headline is right is decided by agreement.
READERS = layered("title", first_text, meta=[_agreed, _stated], heuristic=[_visible, _title_tag, _anything])


def read(ctx: PageContext) -> Extracted | None:
    return first(ctx, READERS)
