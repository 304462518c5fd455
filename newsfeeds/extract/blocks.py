"""An extraction's output turned into the story's blocks: figures put back together with their
captions, images and players the extractor dropped restored, paragraphs an old template ran together
split, and the title, appeals and the furniture at the story's two ends left out."""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass

from lxml import etree, html

from newsfeeds.extract.context import PageContext
from newsfeeds.extract.furniture import (is_appeal, is_author_bio, is_byline_or_date_line, is_closing_appeal, is_credit,
                                         is_follow_prompt, is_read_also, is_rights_line, is_tool_line, links_to_author_page)
from newsfeeds.extract.prepare import CAPTION_IMAGE, CAPTION_MARK, EMBED_MARK, HEADINGS, prepared
from newsfeeds.extract.text import element_text, fold

_WORD = re.compile(r"\w+")
_WRAPPERS = frozenset({"div", "p", "a", "span", "picture"})


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
        return [w for t in self.texts for w in words_of(t)]

    def html(self) -> str:
        return "".join(html.tostring(b, encoding="unicode", method="html", with_tail=False) for b in self.blocks)


BLOCKS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "figure", "table", "pre", "img", "dl"})
_WRAPPER_BLOCKS = frozenset({"div", "section", "article", "main", "span", "center", "font"})


def flatten(container: etree._Element) -> list[etree._Element]:
    """Block elements of a container, wrappers unwrapped; a wrapper holding only inline content
    becomes a paragraph with that content, and loose text and inline elements between blocks join
    into paragraphs of their own."""
    blocks: list[etree._Element] = []
    run: list[etree._Element] = []  # the paragraph being gathered from loose inline content

    def loose(text: str | None = None, element: etree._Element | None = None) -> None:
        if not run:
            run.append(etree.Element("p"))
        p = run[0]
        if text:
            if len(p):
                p[-1].tail = (p[-1].tail or "") + text
            else:
                p.text = (p.text or "") + text
        if element is not None:
            p.append(element)

    def close() -> None:
        if run:
            p = run.pop()
            if element_text(p) or p.find(".//img") is not None:
                blocks.append(p)

    if container.text and container.text.strip():
        loose(container.text)
    for child in list(container):
        if not isinstance(child.tag, str):
            continue
        tail, child.tail = child.tail, None
        if child.tag in BLOCKS:
            close()
            blocks.append(child)
        elif child.tag in _WRAPPER_BLOCKS and any(isinstance(c.tag, str) and (c.tag in BLOCKS or c.tag in _WRAPPER_BLOCKS
                                                                           and c.find(".//p") is not None) for c in child):
            close()
            blocks += flatten(child)
        elif child.tag in _WRAPPER_BLOCKS - {"span", "font"}:
            close()
            child.tag = "p"
            child.attrib.clear()
            if element_text(child) or child.find(".//img") is not None:
                blocks.append(child)
        elif child.tag == "br" and child.getnext() is not None and child.getnext().tag == "br":
            close()
        else:
            loose(element=child)
        if tail and tail.strip():
            loose(tail)
    close()
    return blocks


def words_of(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def captions(ctx: PageContext) -> dict[str, str]:
    """The page's figure captions (marked in the prepared copy): folded text → their image's URL ('' if none)."""
    return {fold(element_text(p)): p.get(CAPTION_IMAGE, "")
            for p in prepared(ctx).iter("p") if p.get(CAPTION_MARK)}


def figures(blocks: list[etree._Element], captions: dict[str, str]) -> list[etree._Element]:
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
        if not is_credit(element_text(block)):  # "Photograph: Staff" credits, not captions
            caption = etree.SubElement(figure, "figcaption")
            caption.text, caption[:] = block.text, list(block)
        result.append(figure)
    return result


def restore_media(ctx: PageContext, blocks: list[etree._Element]) -> list[etree._Element]:
    """Images and embedded videos the extractor dropped from between the story's paragraphs, put
    back after the paragraph they follow on the page."""
    kept = {e.get("src") for block in blocks for e in block.iter("img")}
    kept |= {e.get("href") for block in blocks for e in block.iter("a")}
    after: dict[str, list[etree._Element]] = {}
    copy = prepared(ctx)
    media = [(i, i.get("src") or "") for i in copy.iter("img")]
    media += [(p, next((a.get("href", "") for a in p.iter("a")), "")) for p in copy.iter("p") if p.get(EMBED_MARK)]
    for element, url in media:
        if not url.startswith(("http://", "https://")) or url in kept:
            continue
        holder = element
        while holder.getprevious() is None and holder.getparent() is not None and holder.getparent().tag in _WRAPPERS:
            holder = holder.getparent()
        previous = holder.getprevious()
        if previous is not None and previous.tag == "p" and not previous.get(CAPTION_MARK) and not previous.get(EMBED_MARK):
            restored = etree.Element("img", src=url) if element.tag == "img" else deepcopy(element)
            restored.attrib.pop(EMBED_MARK, None)
            after.setdefault(fold(element_text(previous)), []).append(restored)
    if not after:
        return blocks
    result: list[etree._Element] = []
    for block in blocks:
        result.append(block)
        result += after.pop(fold(element_text(block)), []) if block.tag == "p" else []
    return result


def tidy(ctx: PageContext, blocks: list[etree._Element]) -> list[etree._Element]:
    """Blocks without the title, appeals and the profile's boilerplate anywhere, and without byline,
    date, credit and copyright lines, link lists and labels at the story's two ends."""
    title = fold(headline_text(ctx))
    profile = ctx.profile
    phrases = [fold(p) for p in (profile.boilerplate_text if profile else ()) if fold(p)]
    kept: list[etree._Element] = []
    after_label = False  # the links a 'read also' label introduces follow it
    for block in _split_at_breaks(blocks):
        text = element_text(block)
        folded = fold(text)
        if phrases and any(folded.startswith(p) for p in phrases):
            break
        if not folded:
            if block.tag == "img" or block.find(".//img") is not None or block.tag in ("table",):
                kept.append(block)
            continue
        if after_label and _all_links(block):
            continue
        label = is_read_also(text)
        after_label = label and block.find(".//a") is None  # a label alone: the links follow it
        if (title and folded == title) or is_appeal(text) or label \
                or is_follow_prompt(text, [a.get("href", "") for a in block.iter("a")]):
            continue
        kept.append(block)
    while kept and (_is_edge_furniture(kept[0], kept[1] if len(kept) > 1 else None) or _opens_with_title(kept[0], title)
                    or _names_the_author(ctx, kept[0])):
        kept.pop(0)
    for index in (1, 2):  # a byline under the standfirst ('Por Renata Albuquerque — 11/05/2021 10h20')
        if len(kept) > index + 1 and all(len(element_text(b).split()) <= 40 for b in kept[:index]) \
                and not _all_links(kept[index]) and _is_edge_furniture(kept[index]):
            kept.pop(index)
            break
    while kept and (_is_edge_furniture(kept[-1], kept[-2] if len(kept) > 1 else None) or kept[-1].tag in HEADINGS
                    or kept[-1].tag in ("p", "div", "blockquote") and len(kept) > 1 and is_closing_appeal(element_text(kept[-1]))):
        kept.pop()
    return _without_author_box(ctx, kept)


def _without_author_box(ctx: PageContext, blocks: list[etree._Element]) -> list[etree._Element]:
    """The story without the author's box after it: the bio ('<Name> is a reporter at ...'), the
    name on a line of its own, the photo and links to the author's page, and furniture after them."""
    names: set[str] | None = None
    for index in range(len(blocks) - 1, max(-1, len(blocks) - 5), -1):
        text = element_text(blocks[index])
        if index == 0 or not is_author_bio(text):
            continue
        names = names if names is not None else {fold(n) for n in author_names(ctx)}
        start = index
        while start > 1 and _box_part(blocks[start - 1], names):
            start -= 1
        rest = blocks[index + 1:]
        if all(_box_part(b, names) or _is_edge_furniture(b) or is_appeal(element_text(b)) for b in rest):
            kept = blocks[:start]
            while kept and kept[-1].tag in HEADINGS:  # 'About the author', 'L'autrice'
                kept.pop()
            return kept
    return blocks


def _box_part(block: etree._Element, names: set[str]) -> bool:
    """The author's name on its own line, their photo, a link to their page."""
    text = element_text(block)
    if not text:
        return block.tag == "img" or block.find(".//img") is not None
    if block.tag in HEADINGS and len(text.split()) <= 5:
        return True  # 'About the author', 'L'autrice'
    if fold(text) in names or len(text.split()) <= 4 and any(n and fold(text).endswith(n) for n in names):
        return True
    return _all_links(block) and links_to_author_page(block)


def author_names(ctx: PageContext) -> list[str]:
    """The story's author(s) as the page names them, each name apart."""
    from newsfeeds.extract.fields import author

    found = ctx.memo("author", lambda: author.read(ctx))
    value = str(found.value) if found is not None and found.value else ""
    return [n.strip() for n in re.split(r",|\band\b|&|\bund\b|\by\b|\bet\b|\be\b", value) if n.strip()]


def _names_the_author(ctx: PageContext, block: etree._Element) -> bool:
    """A byline whose date the extractor dropped: the author's name and a separator ('Marta Ibáñez ·')."""
    text = element_text(block).strip(" ·|•-–—,")
    if not text or len(text.split()) > 6:
        return False
    folded = fold(text).removeprefix("by ")
    return any(folded == fold(name) for name in author_names(ctx))


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
    if _all_links(block):
        several_links = len(block.findall(".//a")) >= 2
        return several_links or (neighbour is not None and _all_links(neighbour))
    text = element_text(block).strip()
    if text.endswith(":") and len(text.split()) <= 4:
        return True
    return is_byline_or_date_line(text) or is_tool_line(text) or is_rights_line(text)


def headline_text(ctx: PageContext) -> str:
    """The headline as the page shows it, else the title the page states."""
    headline = ctx.headline_element
    if headline is not None:
        return element_text(headline)
    from newsfeeds.extract.fields import title

    found = ctx.memo("title", lambda: title.read(ctx))
    return str(found.value) if found is not None else ""
