"""The densest paragraph block of a page, cleaned: the body layer before trafilatura, kept for
profile selectors (a selected element is cleaned the same way) and for pages the extractor leaves
empty."""

from __future__ import annotations

from collections.abc import Iterable
from copy import deepcopy

from lxml import etree, html

from newsfeeds.extract.blocks import BLOCKS, Candidate, flatten, tidy
from newsfeeds.extract.context import PageContext
from newsfeeds.extract.furniture import HOLLOW_TAGS, JUNK_TAGS, in_junk, is_junk, page_wrapper
from newsfeeds.extract.prepare import compiled_css
from newsfeeds.extract.text import element_text, fold, remove_keeping_tail

_CUT_BLOCKS = frozenset({"p", "div", "section", "aside", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol",
                         "figure", "table", "article"})


def densest(ctx: PageContext) -> Candidate | None:
    """The element holding most of the page's paragraph text, cleaned: the pre-trafilatura layer,
    kept for pages the extractor leaves empty (very short stories)."""
    def compute() -> Candidate | None:
        try:
            return _densest_block(ctx)
        except RecursionError:  # absurdly nested markup: no body rather than no article
            return None

    def _densest_block(ctx: PageContext) -> Candidate | None:
        container = best_container(ctx.root)
        if container is None:
            return None
        profile = ctx.profile
        cleaned = clean_body(container, profile.boilerplate_css if profile else (), profile.boilerplate_text if profile else ())
        wrapper = html.fromstring(f"<div>{cleaned}</div>")
        inner = wrapper[0] if len(wrapper) == 1 and wrapper[0].tag not in BLOCKS else wrapper
        blocks = tidy(ctx, flatten(inner))
        return Candidate(blocks, "paragraphs") if blocks else None

    return ctx.memo("body:densest", compute)


def best_container(root: etree._Element) -> etree._Element | None:
    """The element holding most of the page's paragraph text: the story in almost every template."""
    scores: dict[etree._Element, float] = {}
    for paragraph in root.iter("p"):
        text = " ".join(paragraph.itertext()).strip()
        if len(text) < 25 or in_junk(paragraph):
            continue
        weight = len(text) + 100 * text.count(",") ** 0.5
        parent = paragraph.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + weight
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + weight / 2
    if not scores:
        return None
    return max(scores, key=lambda element: scores[element])


def clean_body(container: etree._Element, boilerplate_css: Iterable[str] = (),
               boilerplate_text: Iterable[str] = ()) -> str:
    """The container's HTML with furniture and boilerplate removed (sanitizing comes later)."""
    body = _copy(container)
    for tag in JUNK_TAGS:
        for element in list(body.iter(tag)):
            if tag in HOLLOW_TAGS:
                element.drop_tag()
            elif tag == "form" and element.find(".//p") is not None and page_wrapper(element):
                element.drop_tag()
            else:
                remove_keeping_tail(element)
    for selector in boilerplate_css:
        compiled = compiled_css(selector)
        if compiled is None:
            continue
        for element in compiled(body):
            remove_keeping_tail(element)
    for element in [e for e in body.iter() if isinstance(e.tag, str) and e is not body and is_junk(e)]:
        remove_keeping_tail(element)
    phrases = [fold(p) for p in boilerplate_text if fold(p)]
    if phrases:
        _cut_from_boilerplate(body, phrases)
    for heading in list(body.iter("h1")):
        remove_keeping_tail(heading)
    return html.tostring(body, encoding="unicode", method="html")


def _cut_from_boilerplate(body: etree._Element, phrases: list[str]) -> None:
    """Drop the first block that opens with an appeal/blurb phrase and everything after it."""
    for element in body.iter():
        if element is body or not isinstance(element.tag, str) or element.tag not in _CUT_BLOCKS | {"strong", "b", "span"}:
            continue
        text = fold(" ".join(element.itertext()))
        if text and any(text.startswith(phrase) for phrase in phrases):
            block = element
            while block.getparent() is not None and block.getparent() is not body and block.tag not in _CUT_BLOCKS:
                block = block.getparent()
            _drop_following(block, body)
            remove_keeping_tail(block)
            return


def _drop_following(element: etree._Element, stop: etree._Element) -> None:
    current: etree._Element | None = element
    while current is not None and current is not stop:
        for sibling in list(current.itersiblings()):
            remove_keeping_tail(sibling)
        current = current.getparent()


def _copy(element: etree._Element) -> etree._Element:
    clone = html.fromstring(html.tostring(element, encoding="unicode", method="html") or "<div></div>")
    clone.tail = None
    return clone
