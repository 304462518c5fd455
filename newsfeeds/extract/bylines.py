"""Dates as printed for readers: which text near a headline looks like a date, split into the
pieces a byline strings together ('By X | Mar 19, 2021 | Updated: ...')."""

from __future__ import annotations

import re

from lxml import etree

from newsfeeds.extract.furniture import in_junk, in_teaser_list, is_junk
from newsfeeds.extract.text import PUBLISHED_WORDS, UPDATED_WORDS, element_text, looks_like_date

_UPDATED = re.compile(rf"(?<!\w)(?:{UPDATED_WORDS})(?!\w)|更新", re.IGNORECASE)
_PIECES_BASE = r"\s+\|\s+|\s*\n\s*|\s+•\s+|\s+·\s+|\s+–\s+(?=\D)|\s+—\s+(?=\D)|\s+/\s+|\s{3,}"
# A byline's pieces: apart at separators, before a date label ('Published 6:08 PM ET Updated 7:41 PM
# ET') and after one printed after its date ('2023/04/12 18:05 更新 2023/04/11 11:40 配信').
_PIECES = re.compile(rf"{_PIECES_BASE}|\s+(?=(?:{UPDATED_WORDS}|{PUBLISHED_WORDS})(?!\w))|(?<=更新|配信|公開|掲載|投稿)\s+",
                     re.IGNORECASE)
_PLAIN_PIECES = re.compile(_PIECES_BASE)
_LABEL_AFTER = re.compile(r"\s*(更新|配信|公開|掲載|投稿)")
_ANY_LABEL = re.compile(rf"(?<!\w)(?:{UPDATED_WORDS}|{PUBLISHED_WORDS})(?!\w)|更新|配信|公開|掲載|投稿", re.IGNORECASE)
_AFTER_LABEL = r"(?:\s+(?:on|el|em|am|le|il|op|at|a|om|dne|w|в|о))?"
_LABEL_UPDATED = re.compile(rf"(?<!\w)({UPDATED_WORDS}){_AFTER_LABEL}\W*$", re.IGNORECASE)
_LABEL_PUBLISHED = re.compile(rf"(?<!\w)({PUBLISHED_WORDS}){_AFTER_LABEL}\W*$", re.IGNORECASE)
_LABELLED = re.compile(rf"^\W*({PUBLISHED_WORDS}|{UPDATED_WORDS})(?!\w)", re.IGNORECASE)
# 'Published 4:12 PM EST' with no date beside it (the date is printed with another line).
_CLOCK = r"\d{1,2}(?:[:.h]\d{2})\s?(?:[ap]\.?\s?m\.?)?(?:\s?\(?[A-Z]{2,5}\)?)?"
_PUBLISHED_CLOCK = re.compile(rf"(?<!\w)(?:{PUBLISHED_WORDS})\W{{0,3}}(?:(?:on|at|am|um|el|le|il|em|op|à|a las|às|alle|om)\s)?"
                              rf"({_CLOCK})(?=\s*(?:$|[|·•,;]?\s*(?:{UPDATED_WORDS})(?!\w)|[|·•]))", re.IGNORECASE)
_LINE_BLOCKS = frozenset({"p", "div", "li", "section", "header", "footer", "td", "dd", "dt", "figcaption", "address",
                          "h2", "h3", "h4", "h5", "h6", "ul", "ol", "article", "aside", "blockquote", "body"})

_AXES = {axis: etree.XPath(f"{axis}::text()") for axis in ("following", "preceding")}


def date_pieces(text: str) -> list[tuple[str, bool]]:
    """Date-looking pieces of a byline ('By X | Mar 19, 2021 | Updated: ...'), each marked updated or
    not; then the whole line, for dates whose time sits in the next piece ('19.03.2021 | 12:47')."""
    pieces = []
    labelled = _ANY_LABEL.search(text) is not None  # splitting at labels costs a look at every space
    for piece in (_PIECES if labelled else _PLAIN_PIECES).split(text):
        piece = piece.strip(" |·•")
        if piece and len(piece) <= 120 and looks_like_date(piece):
            pieces.append((piece, labelled and bool(_UPDATED.search(piece))))
    whole = text.strip(" |·•")
    if len(pieces) == 1 and whole != pieces[0][0] and len(whole) <= 100 and not (labelled and _UPDATED.search(whole)):
        pieces.append((whole, False))
    return pieces


def lines_near(anchor: etree._Element, axis: str, limit: int, within: etree._Element | None = None) -> list[str]:
    """Lines of text just after (or before) the headline, one per block element, nearest first;
    only those inside `within` when given (the story's own <article>)."""
    texts: list[str] = []
    total = 0
    nodes = _AXES[axis](anchor)
    if axis == "preceding":
        nodes = list(reversed(nodes))
    ancestors = frozenset(anchor.iterancestors())
    seen: set[etree._Element] = set()
    judged: dict[etree._Element, tuple[bool, bool]] = {}  # text nodes share parents: judge each parent once
    for node in nodes:
        parent = node.getparent()
        if parent is None:
            continue
        verdict = judged.get(parent)
        if verdict is None:
            skip = parent.tag in ("script", "style", "noscript", "title") or is_junk(parent) or in_junk(parent)
            outside = within is not None and parent is not within and within not in parent.iterancestors()
            verdict = judged[parent] = (skip, outside)
        if verdict[1]:
            break  # past the end of the story
        if verdict[0]:
            continue
        if not str(node).strip():
            continue
        block = parent
        while block.tag not in _LINE_BLOCKS and block.getparent() is not None:
            block = block.getparent()
        if block in ancestors or block is anchor:
            text = " ".join(str(node).split())
        elif block in seen:
            continue
        else:
            seen.add(block)
            text = element_text(block)
        if block.tag == "p" and len(text) > 200 or not text:
            continue
        if looks_like_date(text) and in_teaser_list(parent, ancestors):
            continue  # another story's date in a list of them
        texts.append(text)
        total += len(text)
        if total >= limit:
            break
    return texts


def label_before(element: etree._Element) -> str | None:
    """'published' or 'modified' as the words the page prints right before the element, at the start
    of its own text, or right after it in Japanese, say ('Updated <time>7:41 PM</time>', 'Publié le
    <span data-date=...>', '<time>2023/04/12 18:05</time> 更新'), else None."""
    parts: list[str] = []
    node = element
    while len(" ".join(parts)) < 40:
        previous = node.getprevious()
        if previous is not None:
            parts.insert(0, previous.tail or "")
            parts.insert(0, element_text(previous) if isinstance(previous.tag, str) else "")
            node = previous
            continue
        parent = node.getparent()
        if parent is None:
            break
        parts.insert(0, parent.text or "")
        if parent.tag in _LINE_BLOCKS:
            break
        node = parent
    before = " ".join(" ".join(parts).split())[-40:]
    if _LABEL_UPDATED.search(before):
        return "modified"
    if _LABEL_PUBLISHED.search(before):
        return "published"
    own = _LABELLED.match(element_text(element))  # '<time ...>Updated: 9:41 AM CDT May 14, 2024</time>'
    if own:
        return "modified" if _UPDATED.match(own.group(1)) else "published"
    after = _LABEL_AFTER.match(element.tail or "")  # '<time>2023/04/12 18:05</time> 更新'
    if after:
        return "modified" if after.group(1) == "更新" else "published"
    return None


def labelled_lines(scope: etree._Element) -> list[str]:
    """Lines anywhere in the story that open with a date label ('Veröffentlicht am 12.04.2022, 14:30
    Uhr', 'Publié le 5 mai 2022 à 14h30 · Mis à jour le ...'), outside furniture and other stories."""
    from newsfeeds.extract.furniture import in_lists_of_others

    lines: list[str] = []
    seen: set[etree._Element] = set()
    for node in _TEXTS(scope):
        if not _LABELLED.match(node):
            continue
        block = node.getparent()
        if block is None or block.tag in ("script", "style", "noscript", "title"):
            continue
        while block.tag not in _LINE_BLOCKS and block.getparent() is not None:
            block = block.getparent()
        if block in seen or in_junk(block) or is_junk(block) or in_lists_of_others(block):
            continue
        seen.add(block)
        text = element_text(block)
        if len(text) <= 200 and looks_like_date(text):
            lines.append(text)
    return lines


def published_clock(line: str) -> str | None:
    """The time a line gives for publishing when it gives no date with it ('Published 4:12 PM EST')."""
    match = _PUBLISHED_CLOCK.search(line)
    return match.group(1) if match else None


_TEXTS = etree.XPath(".//text()[normalize-space()]")
