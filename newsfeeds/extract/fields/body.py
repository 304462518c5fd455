"""The story's own text, with its structure (paragraphs, subheadings, lists, quotes, links, images).

Layers: a profile selector; the page's main text as trafilatura finds it, checked against the
JSON-LD `articleBody` when the page has one (the publisher's own statement of which text is the
story: blocks it does not contain are dropped, and when the extraction misses most of it a
recall-minded extraction, then the densest paragraph block, then the articleBody itself are tried);
without articleBody, trafilatura's extraction, then the densest paragraph block. Every result loses
the headline, byline and date lines, share/related/newsletter/donation appeals and the profile's
boilerplate. Sanitizing (nh3) and absolute URLs come at normalizing (newsfeeds.html.sanitize_html).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin

from lxml import etree, html
from lxml.cssselect import CSSSelector

from newsfeeds.extract import metadata as md
from newsfeeds.extract.bylines import looks_like_date
from newsfeeds.extract.context import PageContext
from newsfeeds.extract.furniture import HOLLOW_TAGS, JUNK_TAGS, in_junk, is_junk, page_wrapper
from newsfeeds.extract.layers import Extracted, first, layered
from newsfeeds.extract.text import element_text, fold, remove_keeping_tail
from newsfeeds.html import body_text, clean_text, image_source, strip_tags

_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "figure", "table", "pre", "img", "dl")
_CUT_BLOCKS = frozenset({"p", "div", "section", "aside", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol",
                         "figure", "table", "article"})
# Lines that are never the story wherever they sit: appeals, share and follow prompts, "read more".
_APPEAL = re.compile(
    r"^\W*(sign up|subscribe|get (?:our|the) \w+ newsletter|newsletter|support (?:our|independent) journalism|"
    r"donate|become a (?:member|subscriber|supporter)|share (?:this|on)|follow us|read more|also read|"
    r"related(?: articles| stories| coverage)?\s*:|recommended|most read|advertisement|click here to|"
    r"download (?:our|the) app|join (?:our|us on)|you might also like|more from|read next|listen to this article)",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^\W*(by|von|par|por|di|door|written by|reporting by|posted|published|updated|last updated|"
                     r"photo|image|credit|source|publié|mis à jour|veröffentlicht|aktualisiert|stand|publicado|"
                     r"actualizado|pubblicato|aggiornato|gepubliceerd|bijgewerkt)\b", re.IGNORECASE)
_APPEAL_ANYWHERE = re.compile(r"\b(subscrib\w*|sign up|newsletter|donat\w+|become a (?:member|supporter|subscriber)|"
                             r"support (?:our|us|independent)|membership)\b", re.IGNORECASE)
_READER = re.compile(r"\b(you|your|our|us)\b", re.IGNORECASE)
_CREDIT = re.compile(r"^\W*(photo(?:graph)?s?|pictures?|image|illustration|foto|bild|credit)\s*:?\s*[\w .,&/-]{0,40}$",
                     re.IGNORECASE)
_COPYRIGHT = re.compile(r"^\W*(©|\(c\)|copyright\b)", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_MARKUP = re.compile(r"</?(?:p|br|div|h[1-6]|ul|ol|li|blockquote|strong|em|a)\b[^>]*>", re.IGNORECASE)
MIN_CHECK_WORDS = 25


@dataclass
class Candidate:
    """One extraction of the body: its HTML blocks and their texts."""

    blocks: list[etree._Element]
    source: str

    @property
    def texts(self) -> list[str]:
        return [element_text(b) for b in self.blocks]

    @property
    def words(self) -> list[str]:
        return [w for t in self.texts for w in _words(t)]

    def html(self) -> str:
        return "".join(html.tostring(b, encoding="unicode", method="html", with_tail=False) for b in self.blocks)


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


# --- layers --------------------------------------------------------------------------------------
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
    words = _words(stated)
    if len(words) < MIN_CHECK_WORDS:
        return None
    best: tuple[float, Candidate] | None = None
    for make in (_trafilatura, _recall, _densest):
        candidate = make(ctx)
        if candidate is None or not candidate.blocks:
            continue
        recall = _coverage(words, set(candidate.words))
        if best is None or recall > best[0] + 0.02:
            best = (recall, candidate)
        if recall >= 0.9:
            break
    if best is None or best[0] < 0.8:
        return _article_body_text(ctx)
    candidate = best[1]
    if len(words) >= 0.7 * len(candidate.words):
        candidate = _pruned(candidate, _pairs(words))
    return Extracted(candidate.html(), f"{candidate.source}+jsonld")


def _generic(ctx: PageContext) -> Extracted | None:
    for make in (_trafilatura, _densest):
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


READERS = layered("body", _selected, jsonld=[_checked_by_article_body], heuristic=[_generic, _article_body_text])


def read(ctx: PageContext) -> Extracted | None:
    return first(ctx, READERS)


def article_body(ctx: PageContext) -> str:
    """The longest articleBody the page's article node states."""
    values = [v for v in md.text_values(ctx.jsonld.get("articleBody")) if v and v.strip()]
    return max(values, key=len) if values else ""


# --- candidates ----------------------------------------------------------------------------------
def _trafilatura(ctx: PageContext) -> Candidate | None:
    return ctx.memo("body:trafilatura", lambda: _run_trafilatura(ctx, recall=False))


def _recall(ctx: PageContext) -> Candidate | None:
    return ctx.memo("body:trafilatura-recall", lambda: _run_trafilatura(ctx, recall=True))


def _run_trafilatura(ctx: PageContext, *, recall: bool) -> Candidate | None:
    """trafilatura's main-text extraction on a copy of the page prepared by what we know: lazy
    images resolved, the headline and the profile's boilerplate removed. A story shorter than
    trafilatura's minimum (250 characters) makes it fall back to the page's whole text, byline and
    all; such a page is read again with the minimum lowered, and a short story stays itself."""
    from trafilatura.htmlprocessing import convert_to_html

    body = _extract(ctx, recall, None)
    if body is not None and len(" ".join(body.itertext())) < _SHORT:
        shorter = _extract(ctx, recall, _short_story_config())
        body = shorter if shorter is not None else body
    if body is None or not len(body):
        return None
    converted = convert_to_html(body)[0]
    blocks = _tidy(ctx, _restore_media(ctx, _figures(list(converted), _captions(ctx))))
    return Candidate(blocks, "trafilatura") if blocks else None


_SHORT = 250


def _extract(ctx: PageContext, recall: bool, config: Any) -> etree._Element | None:
    from trafilatura import bare_extraction

    options: dict[str, Any] = {"config": config} if config is not None else {}
    try:
        document = bare_extraction(prepared(ctx), url=ctx.url, favor_recall=recall, include_comments=False,
                                   include_images=True, include_links=True, include_tables=True,
                                   include_formatting=True, with_metadata=False, output_format="python", **options)
    except Exception:  # trafilatura's own failures on odd markup: the other layers still run
        return None
    body = getattr(document, "body", None) if document is not None else None
    return body if body is not None and len(body) else None


@lru_cache(maxsize=1)
def _short_story_config() -> Any:
    """trafilatura's settings with the minimum story length lowered to a sentence."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "20")
    return config


def prepared(ctx: PageContext) -> etree._Element:
    """A copy of the page for the extractors (trafilatura, htmldate), made once: lazy images carry
    their real source, the headline, marked furniture and the profile's boilerplate are gone,
    embedded videos and posts are links. The extractors copy it again before changing anything."""
    return ctx.memo("body:prepared", lambda: _prepare(ctx))


def _prepare(ctx: PageContext) -> etree._Element:
    root = ctx.root
    paths = []
    tree = root.getroottree()
    if ctx.headline_element is not None:
        paths.append(tree.getpath(ctx.headline_element))
    copy = deepcopy(root)
    for path in paths:
        for element in copy.xpath(path):
            for ancestor in element.iterancestors():
                ancestor.set(_HOLDS_HEADLINE, "1")
            remove_keeping_tail(element)
    profile = ctx.profile
    for selector in profile.boilerplate_css if profile else ():
        compiled = _css(selector)
        for element in compiled(copy) if compiled is not None else ():
            remove_keeping_tail(element)
    for element in [e for e in copy.iter(*HOLLOW_TAGS)]:
        element.drop_tag()  # libxml2 nests what follows an <embed> inside it; the extractor would drop that too
    _unwrap_layout_tables(copy)
    _drop_marked_furniture(copy)
    _drop_lists_of_other_stories(copy)
    for caption in copy.iter("figcaption"):
        caption.tag = "p"  # trafilatura drops figcaptions; as paragraphs they survive, and _figures regroups them
        caption.set(_CAPTION_MARK, "1")
    for figure in list(copy.iter("figure")):
        image, caption = figure.find(".//img"), figure.find(f".//p[@{_CAPTION_MARK}]")
        src = image_source(image.attrib) if image is not None else None
        if caption is not None and src:
            caption.set("data-newsfeeds-image", urljoin(ctx.url, src))
        figure.drop_tag()  # trafilatura reads a figure as one text block and may drop its image
    for image in copy.iter("img"):
        src = image_source(image.attrib)
        if src:
            image.set("src", urljoin(ctx.url, src))
    for frame in list(copy.iter("iframe")):
        src = (frame.get("src") or frame.get("data-src") or "").strip()
        if src.startswith(("http://", "https://", "//")) and _EMBED.search(src):
            link = etree.Element("p", {_EMBED_MARK: "1"})
            anchor = etree.SubElement(link, "a", href=urljoin(ctx.url, src))
            anchor.text = frame.get("title") or "Video"
            link.tail = frame.tail
            frame.getparent().replace(frame, link)
    return copy


def _unwrap_layout_tables(root: etree._Element) -> None:
    """Tables that lay out a page (they hold the headline, or a cell of running text) become plain
    blocks, so the extractor weighs the story apart from the navigation cell beside it."""
    for table in list(root.iter("table")):
        if table.getparent() is None:
            continue
        if not (table.get(_HOLDS_HEADLINE) or any(len(cell.text_content().split()) > 80 for cell in table.iter("td"))):
            continue
        for element in list(table.iter("tbody", "thead", "tfoot", "tr")):
            element.drop_tag()
        for cell in table.iter("td", "th"):
            cell.tag = "div"
        table.tag = "div"


def _drop_marked_furniture(root: etree._Element) -> None:
    """Blocks the page classes as furniture (share bars, appeals, related lists, comments), unless
    one holds a third of the page's paragraph text: then the class words describe the story's
    wrapper ("article-body paywall", "content has-share-bar")."""
    total = sum(len(p.text_content()) for p in root.iter("p"))
    marked = [e for e in root.iter() if isinstance(e.tag, str) and e.tag not in ("html", "body") and is_junk(e)]
    dropped: set[etree._Element] = set()
    for element in marked:
        if any(a in dropped for a in element.iterancestors()):
            continue
        if total and sum(len(p.text_content()) for p in element.iter("p")) > total / 3:
            continue
        dropped.add(element)
        remove_keeping_tail(element)


_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_HOLDS_HEADLINE = "data-newsfeeds-headline"
_CAPTION_MARK = "data-newsfeeds-caption"
_EMBED_MARK = "data-newsfeeds-embed"
_WRAPPERS = frozenset({"div", "p", "a", "span", "picture"})


def _drop_lists_of_other_stories(root: etree._Element) -> None:
    """Teaser lists (related, more-from, recirculation): three or more sibling cards of one shape,
    each with a heading linking to another page; their teaser paragraphs read like a story's."""
    lists = []
    for parent in root.iter():
        children = [c for c in parent if isinstance(c.tag, str)]
        if len(children) < 3:
            continue
        shapes = Counter((c.tag, c.get("class")) for c in children)
        shape, count = shapes.most_common(1)[0]
        if count < 3:
            continue
        cards = [c for c in children if (c.tag, c.get("class")) == shape]
        if sum(_is_card(c) for c in cards) >= max(3, 2 * len(cards) / 3):
            lists.append(parent)
    dropped: set[etree._Element] = set()
    for element in lists:
        if element.get(_HOLDS_HEADLINE) or any(a in dropped for a in element.iterancestors()):
            continue
        dropped.add(element)
        remove_keeping_tail(element)


def _is_card(element: etree._Element) -> bool:
    """A teaser card: a heading that is, or sits in, a link to another page."""
    for heading in element.iter(*_HEADINGS):
        linked = heading.find(".//a[@href]") is not None or any(a.tag == "a" and a.get("href") for a in heading.iterancestors())
        if linked:
            href = next((a.get("href", "") for a in (*heading.iterancestors("a"), *heading.iter("a"))), "")
            if href and not href.startswith("#"):
                return True
    return False


_EMBED = re.compile(r"youtube\.com|youtu\.be|vimeo\.com|dailymotion\.com|twitter\.com|x\.com|instagram\.com|"
                    r"facebook\.com/plugins/video|tiktok\.com", re.IGNORECASE)


def _densest(ctx: PageContext) -> Candidate | None:
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
        inner = wrapper[0] if len(wrapper) == 1 and wrapper[0].tag not in _BLOCKS else wrapper
        blocks = _tidy(ctx, _flatten(inner))
        return Candidate(blocks, "paragraphs") if blocks else None

    return ctx.memo("body:densest", compute)


def _captions(ctx: PageContext) -> dict[str, str]:
    """The page's figure captions (marked in the prepared copy): folded text → their image's URL ('' if none)."""
    return {fold(element_text(p)): p.get("data-newsfeeds-image", "")
            for p in prepared(ctx).iter("p") if p.get(_CAPTION_MARK)}


def _figures(blocks: list[etree._Element], captions: dict[str, str]) -> list[etree._Element]:
    """A caption paragraph becomes a figure again, with the image before it or, when the extractor
    dropped that image, the one its figure held."""
    result: list[etree._Element] = []
    for block in blocks:
        src = captions.get(fold(element_text(block))) if block.tag == "p" else None
        if src is None:
            result.append(block)
            continue
        previous = result[-1] if result else None
        image = result.pop() if previous is not None and previous.tag == "img" else None
        if image is None and src:
            image = etree.Element("img", src=src)
        if image is None:
            result.append(block)
            continue
        figure = etree.Element("figure")
        figure.append(image)
        if not _CREDIT.match(element_text(block)):  # "Photograph: Staff" credits, not captions
            caption = etree.SubElement(figure, "figcaption")
            caption.text, caption[:] = block.text, list(block)
        result.append(figure)
    return result


def _restore_media(ctx: PageContext, blocks: list[etree._Element]) -> list[etree._Element]:
    """Images and embedded videos the extractor dropped from between the story's paragraphs, put
    back after the paragraph they follow on the page."""
    kept = {e.get("src") for block in blocks for e in block.iter("img")}
    kept |= {e.get("href") for block in blocks for e in block.iter("a")}
    after: dict[str, list[etree._Element]] = {}
    copy = prepared(ctx)
    media = [(i, i.get("src") or "") for i in copy.iter("img")]
    media += [(p, next((a.get("href", "") for a in p.iter("a")), "")) for p in copy.iter("p") if p.get(_EMBED_MARK)]
    for element, url in media:
        if not url.startswith(("http://", "https://")) or url in kept:
            continue
        holder = element
        while holder.getprevious() is None and holder.getparent() is not None and holder.getparent().tag in _WRAPPERS:
            holder = holder.getparent()
        previous = holder.getprevious()
        if previous is not None and previous.tag == "p" and not previous.get(_CAPTION_MARK) and not previous.get(_EMBED_MARK):
            restored = etree.Element("img", src=url) if element.tag == "img" else deepcopy(element)
            restored.attrib.pop(_EMBED_MARK, None)
            after.setdefault(fold(element_text(previous)), []).append(restored)
    if not after:
        return blocks
    result: list[etree._Element] = []
    for block in blocks:
        result.append(block)
        result += after.pop(fold(element_text(block)), []) if block.tag == "p" else []
    return result


def _flatten(container: etree._Element) -> list[etree._Element]:
    """Block elements of a cleaned container, wrappers unwrapped; loose text becomes a paragraph."""
    blocks: list[etree._Element] = []
    if container.text and container.text.strip():
        p = etree.Element("p")
        p.text = container.text
        blocks.append(p)
    for child in container:
        if not isinstance(child.tag, str):
            continue
        if child.tag in _BLOCKS:
            blocks.append(child)
        elif child.tag in ("div", "section", "article", "span", "main"):
            if child.find(".//p") is not None or any(c.tag in _BLOCKS for c in child):
                blocks += _flatten(child)
            elif element_text(child):
                p = etree.Element("p")
                p.text = element_text(child)
                blocks.append(p)
        elif element_text(child):
            p = etree.Element("p")
            p.append(deepcopy(child))
            blocks.append(p)
        if child.tail and child.tail.strip():
            p = etree.Element("p")
            p.text = child.tail
            blocks.append(p)
    return blocks


# --- what is never the story -----------------------------------------------------------------------
def _tidy(ctx: PageContext, blocks: list[etree._Element]) -> list[etree._Element]:
    """Blocks without the title, appeals and the profile's boilerplate anywhere, and without byline,
    date, credit and copyright lines, link lists and labels at the story's two ends."""
    title = fold(_title(ctx))
    profile = ctx.profile
    phrases = [fold(p) for p in (profile.boilerplate_text if profile else ()) if fold(p)]
    kept: list[etree._Element] = []
    for block in _split_at_breaks(blocks):
        text = element_text(block)
        folded = fold(text)
        if phrases and any(folded.startswith(p) for p in phrases):
            break
        if not folded:
            if block.tag == "img" or block.find(".//img") is not None or block.tag in ("table",):
                kept.append(block)
            continue
        if (title and folded == title) or _is_appeal(text):
            continue
        kept.append(block)
    while kept and (_is_edge_furniture(kept[0], kept[1] if len(kept) > 1 else None) or _opens_with_title(kept[0], title)):
        kept.pop(0)
    while kept and (_is_edge_furniture(kept[-1], kept[-2] if len(kept) > 1 else None) or kept[-1].tag in _HEADINGS):
        kept.pop()
    return kept


def _opens_with_title(block: etree._Element, title: str) -> bool:
    """The headline run together with its byline or date line ('Headline Posted: 03/19/2021')."""
    folded = fold(element_text(block))
    return bool(title) and folded.startswith(title + " ") and len(folded[len(title):].split()) <= 12


def _split_at_breaks(blocks: list[etree._Element]) -> list[etree._Element]:
    """A paragraph that is really several (old templates separate them with <br><br>) as several."""
    result: list[etree._Element] = []
    for block in blocks:
        breaks = [b for b in block if isinstance(b.tag, str) and b.tag == "br"]
        if block.tag != "p" or len(breaks) < 2 or not any(_double_break(b) for b in breaks):
            result.append(block)
            continue
        current = etree.Element("p")
        current.text = block.text
        for child in list(block):
            if isinstance(child.tag, str) and child.tag == "br" and _double_break(child):
                result.append(current)
                current = etree.Element("p")
                current.text = child.tail
                continue
            if isinstance(child.tag, str) and child.tag == "br" and current.text is None and not len(current):
                current.text = child.tail  # the second <br> of a pair
                continue
            current.append(child)
        result.append(current)
    return [b for b in result if b.tag != "p" or len(b) or (b.text or "").strip()]


def _double_break(br: etree._Element) -> bool:
    following = br.getnext()
    return following is not None and following.tag == "br" and not (br.tail or "").strip()


def _is_appeal(text: str) -> bool:
    """A short appeal to the reader: newsletter, subscription, donation, share and follow prompts."""
    words = len(text.split())
    if words <= 40 and _APPEAL.search(text):
        return True
    return words <= 30 and bool(_APPEAL_ANYWHERE.search(text)) and bool(_READER.search(text))


def _all_links(block: etree._Element) -> bool:
    """A short line whose text is (nearly) all link text: navigation, a related-stories list."""
    text = element_text(block).strip()
    linked = sum(len(element_text(a)) for a in block.iter("a"))
    return bool(text) and linked >= 0.8 * len(text) and len(text.split()) <= 25


def _is_edge_furniture(block: etree._Element, neighbour: etree._Element | None = None) -> bool:
    """What sits around a story rather than in it: a byline, date, credit or copyright line, a
    label ('Other stories:'), lines that are all links (several of them, or one with several links;
    a single link may be the story's own)."""
    if block.tag == "img" or block.tag == "figure" or block.find(".//img") is not None:
        return False
    text = element_text(block)
    stripped = text.strip()
    words = len(stripped.split())
    if _all_links(block) and (len(block.findall(".//a")) >= 2 or _all_links(neighbour) if neighbour is not None else False):
        return True
    if words > 16:
        return False
    if stripped.endswith(":") and words <= 4:
        return True
    if _COPYRIGHT.match(stripped):
        return True
    if stripped.startswith(("|", "@", "•")) and looks_like_date(stripped):
        return True
    if _BYLINE.search(stripped) and (words <= 8 or looks_like_date(stripped)):
        return True
    return looks_like_date(stripped) and _mostly_date(stripped)


_DATE_WORDS = re.compile(r"\d|am\b|pm\b|ist\b|gmt\b|utc\b|et\b|edt\b|est\b|pt\b|cet\b|updated|published|at\b|on\b|"
                         r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)


def _mostly_date(text: str) -> bool:
    """'Jul 7, 2021, at 10:49 am', 'Updated 12:47 IST': little besides the date itself."""
    from newsfeeds.dates import MONTHS

    tokens = re.findall(r"[\w:.]+", text)
    datey = sum(1 for t in tokens if _DATE_WORDS.search(t) or t.lower().strip(".") in MONTHS)
    return bool(tokens) and datey / len(tokens) >= 0.6


def _title(ctx: PageContext) -> str:
    """The headline as the page shows it, else the title the page states."""
    headline = ctx.headline_element
    if headline is not None:
        return element_text(headline)
    from newsfeeds.extract.fields import title

    found = ctx.memo("title", lambda: title.read(ctx))
    return str(found.value) if found is not None else ""


def _pruned(candidate: Candidate, stated: set[tuple[str, str]]) -> Candidate:
    """Without the text blocks the articleBody does not contain (an appeal or teaser between
    paragraphs), compared by word pairs, which unrelated text rarely shares; headings, images,
    captions and short lines stay."""
    kept = []
    for block in candidate.blocks:
        pairs = _pairs(_words(element_text(block)))
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


# --- the densest-block layer (before trafilatura; its fallback now) ------------------------------
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
        compiled = _css(selector)
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


@lru_cache(maxsize=256)
def _css(selector: str) -> CSSSelector | None:
    """Profiles repeat the same few selectors on every page; compile each once."""
    try:
        return CSSSelector(selector, translator="html")
    except Exception:  # a selector the lxml dialect rejects; the profile loader reports it
        return None


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
