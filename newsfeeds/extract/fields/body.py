"""The story's own text, with its structure (paragraphs, subheadings, lists, quotes, links, images).

Layers: a profile selector; the page's main text as trafilatura finds it, checked against the
JSON-LD `articleBody` when the page has one (the publisher's own statement of which text is the
story: blocks it does not contain are dropped, and when the extraction misses most of it a
recall-minded extraction, then the densest paragraph block are tried; when what the page shows is
a part of the articleBody, a paywalled teaser, the visible teaser is the body, not the hidden full
text; the articleBody itself only when nothing on the page is the story);
without articleBody, trafilatura's extraction, then the densest paragraph block. Every result loses
the headline, byline and date lines, share/related/newsletter/donation appeals and the profile's
boilerplate. Sanitizing (nh3) and absolute URLs come at normalizing (newsfeeds.html.sanitize_html).
"""

from __future__ import annotations

import re
from copy import deepcopy
from functools import lru_cache
from typing import Any

from lxml import etree, html

from newsfeeds.extract import metadata as md
from newsfeeds.extract.blocks import Candidate, captions, figures, flatten, restore_media, tidy, words_of
from newsfeeds.extract.context import PageContext
from newsfeeds.extract.furniture import is_junk
from newsfeeds.extract.densest import clean_body, densest
from newsfeeds.extract.layers import Extracted, first, layered
from newsfeeds.extract.prepare import (CAPTION_MARK, ENTRY_MARK, HOLDS_HEADLINE, SPACE_MARK, largest_block_of_paragraphs, prepared,
                                      prepared_for_libraries)
from newsfeeds.extract.text import element_text, fold, text_of
from newsfeeds.html import body_text, clean_text, strip_tags

_MARKUP = re.compile(r"</?(?:p|br|div|h[1-6]|ul|ol|li|blockquote|strong|em|a)\b[^>]*>", re.IGNORECASE)
MIN_CHECK_WORDS = 25
_SHORT = 250


def _selected(ctx: PageContext, nodes: list[Any], label: str) -> Extracted | None:
    profile = ctx.profile
    for node in nodes:
        if isinstance(node, str):
            continue
        cleaned = clean_body(node, profile.boilerplate_css if profile else (), profile.boilerplate_text if profile else ())
        if strip_tags(cleaned):
            return Extracted(cleaned, "selector")
    return None


def _checked_by_article_body(ctx: PageContext) -> Extracted | None:
    """The extraction that agrees with the page's JSON-LD articleBody (pruned to what the articleBody
    contains when it is the whole story, not a teaser); the articleBody itself when no extraction
    finds it on the page."""
    stated = article_body(ctx)
    words = words_of(stated)
    if len(words) < MIN_CHECK_WORDS:
        return None
    best: tuple[float, Candidate] | None = None
    for make in (_entries, _trafilatura, _recall, densest):
        candidate = make(ctx)
        if candidate is None or not candidate.blocks:
            continue
        recall = _coverage(words, set(candidate.words))
        if best is None or recall > best[0] + 0.02:
            best = (recall, candidate)
        if recall >= 0.9:
            break
    if best is None or best[0] < 0.8:
        teaser = _teaser(ctx, words)
        return teaser if teaser is not None else _article_body_text(ctx)
    candidate = best[1]
    if len(words) >= 0.7 * len(candidate.words):
        candidate = _pruned(candidate, _pairs(words))
    return Extracted(candidate.html(), f"{candidate.source}+jsonld")


def _teaser(ctx: PageContext, words: list[str]) -> Extracted | None:
    """What the page shows of a story whose articleBody holds more (a paywall's hidden full text,
    declared by isAccessibleForFree false or not): the visible extraction, when the articleBody
    contains it, without the blocks it does not (the barrier). A feed carries what the publisher
    shows every reader, so the hidden text loses to the visible teaser."""
    stated = set(words)
    pairs = _pairs(words)
    for make in (_trafilatura, densest):
        candidate = make(ctx)
        if candidate is None or not candidate.blocks:
            continue
        kept = _pruned(candidate, pairs)
        found = kept.words
        if len(found) >= 12 and _coverage(found, stated) >= 0.8 and _shares_pairs(found, pairs):
            return Extracted(kept.html(), f"{candidate.source}+jsonld-teaser")
    return None


def _shares_pairs(found: list[str], stated: set[tuple[str, str]]) -> bool:
    """Most of an extraction's word pairs are in the stated body: the same sentences, not the same vocabulary."""
    pairs = _pairs(found)
    return bool(pairs) and len(pairs & stated) / len(pairs) >= 0.6


def _live_blog(ctx: PageContext) -> Extracted | None:
    """A live blog whose JSON-LD lists its updates (LiveBlogPosting's liveBlogUpdate): its posts as the
    page shows them when they say what the updates say, else the updates themselves, each its
    headline and text in the order listed (a page that draws its posts with a script shows none)."""
    updates = [u for u in _as_list(ctx.jsonld.get("liveBlogUpdate")) if isinstance(u, dict)]
    stated = [(clean_text(" ".join(md.text_values(u.get("headline")))), str(u.get("articleBody") or "")) for u in updates]
    stated = [(headline, text) for headline, text in stated if headline or text.strip()]
    words = words_of(" ".join(f"{h} {t}" for h, t in stated))
    if len(words) < MIN_CHECK_WORDS:
        return None
    for make in (_entries, _trafilatura):
        candidate = make(ctx)
        if candidate is not None and candidate.blocks and _coverage(words, set(candidate.words)) >= 0.8:
            return Extracted(candidate.html(), f"{candidate.source}+jsonld")
    html_parts = []
    for headline, text in stated:
        if headline:
            html_parts.append(f"<h2>{_escape(headline)}</h2>")
        if _MARKUP.search(text):
            text = body_text(text)
        html_parts += [f"<p>{_escape(clean_text(p))}</p>" for p in text.split("\n") if clean_text(p)]
    return Extracted("".join(html_parts), "jsonld:liveBlogUpdate")


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value is not None else []


def _entries(ctx: PageContext) -> Candidate | None:
    """A live blog's posts in page order, each its heading and text (their time labels gone in prepare)."""
    def compute() -> Candidate | None:
        posts = [e for e in prepared(ctx).iter() if isinstance(e.tag, str) and e.get(ENTRY_MARK)]
        if not posts:
            return None
        blocks = [block for post in posts for block in flatten(deepcopy(post))]
        blocks = tidy(ctx, _unmarked(restore_media(ctx, figures(blocks, captions(ctx)))))
        return Candidate(blocks, "entries") if blocks else None
    return ctx.memo("body:entries", compute)


def _generic(ctx: PageContext) -> Extracted | None:
    for make in (_entries, _trafilatura, densest):
        candidate = make(ctx)
        if candidate is not None and candidate.blocks:
            return Extracted(candidate.html(), candidate.source)
    return None


def _article_body_text(ctx: PageContext) -> Extracted | None:
    """The JSON-LD articleBody as paragraphs (its line breaks), when nothing on the page is the story."""
    stated = article_body(ctx)
    if _MARKUP.search(stated):  # some sites put the body's HTML in it
        stated = body_text(stated)
    paragraphs = [clean_text(p) for p in stated.split("\n") if clean_text(p)]
    if not paragraphs:
        return None
    return Extracted("".join(f"<p>{_escape(p)}</p>" for p in paragraphs), "jsonld")


READERS = layered("body", _selected, jsonld=[_live_blog, _checked_by_article_body], heuristic=[_generic, _article_body_text])


def read(ctx: PageContext) -> Extracted | None:
    found = first(ctx, READERS)
    if found is not None and found.source.startswith("selector"):
        return found  # the profile's word on where the story is
    return unless_lost(ctx, found)


# The safety net: a body with less than this share of the page's largest block of paragraphs is
# suspiciously short, and is checked against trafilatura on the page as it came (the check costs a
# second extraction, so only such bodies pay it); a story there of at least _STORY_WORDS words, more
# than _LOST times ours, replaces ours unless ours is a part of it (a teaser without the hidden rest).
_SUSPICIOUS = 0.4
_SURELY_A_STORY = 250  # words: a body this long is a story, not what is left of one (and costs no measuring)
_STORY_WORDS = 100
_LOST = 3


def unless_lost(ctx: PageContext, found: Extracted | None) -> Extracted | None:
    """Our body, unless our preparation lost the story: when the body is much shorter than the
    page's largest block of paragraphs and plain trafilatura on the unprepared page finds a story
    several times as long that our body is not a part of (a rule that took the story's own
    container for furniture, comments or a teaser list), plain trafilatura's story, so labelled."""
    ours = words_of(strip_tags(found.value)) if found is not None else []
    if len(ours) >= _SURELY_A_STORY or sum(len(w) + 1 for w in ours) >= _SUSPICIOUS * largest_block_of_paragraphs(ctx.root):
        return found
    whole = _unprepared(ctx)
    if whole is None or len(whole.words) < max(_STORY_WORDS, _LOST * len(ours)):
        return found
    if ours and _shares_pairs(ours, _pairs(whole.words)) and _coverage(ours, set(whole.words)) >= 0.8:
        return found  # a better-bounded part of it: a teaser without the text the page hides
    return Extracted(whole.html(), "trafilatura:unprepared")


def _unprepared(ctx: PageContext) -> Candidate | None:
    """trafilatura's main text of the page as it came, without our preparation."""
    from trafilatura.htmlprocessing import convert_to_html

    body = _extract(ctx, False, None, page=ctx.text)
    if body is None:
        return None
    blocks = tidy(ctx, flatten(convert_to_html(body)[0]))
    return Candidate(blocks, "trafilatura:unprepared") if blocks else None


def article_body(ctx: PageContext) -> str:
    """The longest articleBody the page's article node states."""
    values = [v for v in md.text_values(ctx.jsonld.get("articleBody")) if v and v.strip()]
    return max(values, key=len) if values else ""


def _trafilatura(ctx: PageContext) -> Candidate | None:
    return ctx.memo("body:trafilatura", lambda: _run_trafilatura(ctx, recall=False))


def _recall(ctx: PageContext) -> Candidate | None:
    return ctx.memo("body:trafilatura-recall", lambda: _run_trafilatura(ctx, recall=True))


def _run_trafilatura(ctx: PageContext, *, recall: bool) -> Candidate | None:
    """trafilatura's main-text extraction on a copy of the page prepared by what we know: lazy
    images resolved, the headline and the profile's boilerplate removed. A story shorter than
    trafilatura's minimum (250 characters) makes it fall back to the page's whole text, byline and
    all; such a page (or one whose result is barely longer: the byline run into it) is read again
    with the minimum lowered, and a short story stays itself."""
    from trafilatura.htmlprocessing import convert_to_html

    body = _extract(ctx, recall, None)
    text = " ".join(body.itertext()) if body is not None else ""
    if body is not None and len(text) < 2 * _SHORT:
        shorter = _extract(ctx, recall, _short_story_config())
        if shorter is not None and (len(text) < _SHORT or set(words_of(" ".join(shorter.itertext()))) <= set(words_of(text))):
            body = shorter
    if body is None or not len(body):
        return None
    converted = convert_to_html(body)[0]
    blocks = flatten(converted)
    blocks = tidy(ctx, _unmarked(restore_media(ctx, figures(introduced(ctx, continued(ctx, blocks)), captions(ctx)))))
    return Candidate(blocks, "trafilatura") if blocks else None


def _extract(ctx: PageContext, recall: bool, config: Any, page: Any = None) -> etree._Element | None:
    """trafilatura's main text of the page as we prepared it (or of `page`, e.g. its markup as it came)."""
    from trafilatura import bare_extraction

    options: dict[str, Any] = {"config": config} if config is not None else {}
    try:
        document = bare_extraction(prepared_for_libraries(ctx) if page is None else page, url=ctx.url, favor_recall=recall, include_comments=False,
                                   include_images=True, include_links=True, include_tables=True,
                                   include_formatting=True, with_metadata=False, output_format="python", **options)
    except Exception:  # trafilatura's own failures on odd markup: the other layers still run
        return None
    body = getattr(document, "body", None) if document is not None else None
    return body if body is not None and len(body) else None


def _unmarked(blocks: list[etree._Element]) -> list[etree._Element]:
    """The spaces prepare kept from trafilatura's trimming, back as spaces."""
    for block in blocks:
        for element in block.iter():
            if element.text and SPACE_MARK in element.text:
                element.text = element.text.replace(SPACE_MARK, " ")
            if element.tail and SPACE_MARK in element.tail:
                element.tail = element.tail.replace(SPACE_MARK, " ")
    return blocks


_BETWEEN_WORDS = 80


def continued(ctx: PageContext, blocks: list[etree._Element]) -> list[etree._Element]:
    """The story with the parts the extractor left out when the page splits it into several
    containers of one kind around an ad or a 'read also' box (Arc XP/Fusion pages, plain sites
    alike): sibling containers shaped like the extracted one (same tag and class), with nothing
    but a little furniture between them, are the same story."""
    keys = {_key(b) for b in blocks if b.tag == "p"}
    found = [p for p in prepared(ctx).iter("p") if _key(p) in keys and len("".join(p.itertext()).split()) >= 8]
    if not found:
        return blocks
    texts = {fold(element_text(b)) for b in blocks if b.tag == "p"}
    first_p, last_p = found[0], found[-1]
    before = _sibling_parts(first_p, preceding=True)
    after = _sibling_parts(last_p, preceding=False)
    if not before and not after:
        return blocks
    profile = ctx.profile
    css, phrases = (profile.boilerplate_css, profile.boilerplate_text) if profile else ((), ())

    def parts(containers: list[etree._Element]) -> list[etree._Element]:
        added = []
        for container in containers:
            for block in flatten(html.fromstring(f"<div>{clean_body(container, css, phrases)}</div>")):
                if fold(element_text(block)) not in texts:
                    added.append(block)
        return added

    return parts(before) + blocks + parts(after)


_INTRO_WORDS = 150


def introduced(ctx: PageContext, blocks: list[etree._Element]) -> list[etree._Element]:
    """A gallery with its introduction: when the extraction is mostly a gallery's captions (two
    thirds of its paragraphs, three or more), the short text just before the slides that the
    extractor weighed apart from them (an intro above the pictures)."""
    marked = [p for p in prepared(ctx).iter("p") if p.get(CAPTION_MARK)]
    texts = {fold(element_text(b)) for b in blocks if b.tag == "p"}
    if len(marked) < 3 or not texts:
        return blocks
    shown = [fold(element_text(p)) for p in marked]
    if sum(t in texts for t in shown) < max(3, 2 * len(texts) / 3):
        return blocks
    container = marked[0].getparent()
    if container is None or container.get(HOLDS_HEADLINE):
        return blocks  # the slides share a container with the headline: the extractor saw the intro beside them
    intro: list[etree._Element] = []
    for sibling in container.itersiblings(preceding=True):
        if not isinstance(sibling.tag, str) or sibling.tag in ("script", "style"):
            continue
        if sibling.get(HOLDS_HEADLINE) or sibling.tag in ("h1", "nav", "aside", "header", "footer") or is_junk(sibling):
            break
        found = [deepcopy(p) for p in ([sibling] if sibling.tag == "p" else sibling.iter("p"))
                 if fold(element_text(p)) not in texts and not p.get(CAPTION_MARK)]
        if sum(len(element_text(p).split()) for p in found + intro) > _INTRO_WORDS:
            break
        intro = found + intro
    return intro + blocks


def _key(paragraph: etree._Element) -> str:
    """A paragraph's words, cheaply, for finding an extracted paragraph in the page again."""
    return " ".join("".join(paragraph.itertext()).replace(SPACE_MARK, " ").split()[:40])


def _sibling_parts(paragraph: etree._Element, *, preceding: bool) -> list[etree._Element]:
    """Containers shaped like the paragraph's own (or an ancestor's, up to three levels) on one
    side of it, in reading order, separated from it only by short furniture."""
    node = paragraph.getparent()
    for _ in range(3):
        if node is None or node.tag in ("body", "html") or node.get(HOLDS_HEADLINE):
            return []
        classes = set((node.get("class") or "").split())
        if classes or node.tag in ("article", "section"):
            found: list[etree._Element] = []
            between = 0
            for sibling in node.itersiblings(preceding=preceding):
                if not isinstance(sibling.tag, str):
                    continue
                if _same_kind(sibling, node.tag, classes) and sibling.find(".//p") is not None and not is_junk(sibling):
                    found.append(sibling)
                    between = 0
                    continue
                between += len(text_of(sibling).split())
                if between > _BETWEEN_WORDS or sibling.tag in ("h1",) or sibling.find(".//h1") is not None:
                    break
            if found:
                return list(reversed(found)) if preceding else found
        node = node.getparent()
    return []


def _same_kind(element: etree._Element, tag: str, classes: set[str]) -> bool:
    """Same tag and a class in common ('article-body' and 'article-body article-body--more')."""
    if element.tag != tag:
        return False
    own = set((element.get("class") or "").split())
    return bool(own & classes) if classes else not own


@lru_cache(maxsize=1)
def _short_story_config() -> Any:
    """trafilatura's settings with the minimum story length lowered to a sentence."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "20")
    return config


def _pruned(candidate: Candidate, stated: set[tuple[str, str]]) -> Candidate:
    """Without the text blocks the articleBody does not contain (an appeal or teaser between
    paragraphs), compared by word pairs, which unrelated text rarely shares; headings, images,
    captions and short lines stay."""
    kept = []
    for block in candidate.blocks:
        pairs = _pairs(words_of(element_text(block)))
        if len(pairs) >= 11 and block.tag in ("p", "ul", "ol", "blockquote") \
                and len(pairs & stated) / len(pairs) < 0.3:
            continue
        kept.append(block)
    return Candidate(kept, candidate.source)


def _pairs(words: list[str]) -> set[tuple[str, str]]:
    return set(zip(words, words[1:]))


def _coverage(words: list[str], found: set[str]) -> float:
    """Share of the stated body's words that the extraction has."""
    return sum(w in found for w in words) / len(words) if words else 0.0


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
