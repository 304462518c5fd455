"""Dates as printed for readers: which text near a headline looks like a date, split into the
pieces a byline strings together ('By X | Mar 19, 2021 | Updated: ...')."""

from __future__ import annotations

import re

from lxml import etree

from newsfeeds.extract.furniture import in_junk, is_junk
from newsfeeds.extract.text import element_text, looks_like_date
_UPDATED = re.compile(r"\b(updated|modified|last\s+updated|edited|aktualisiert|mis à jour|actualizado|aggiornato)\b",
                      re.IGNORECASE)
_PIECES = re.compile(r"\s+\|\s+|\s*\n\s*|\s+•\s+|\s+·\s+|\s+–\s+(?=\D)|\s{3,}")
_LINE_BLOCKS = frozenset({"p", "div", "li", "section", "header", "footer", "td", "dd", "dt", "figcaption", "address",
                          "h2", "h3", "h4", "h5", "h6", "ul", "ol", "article", "aside", "blockquote", "body"})

_AXES = {axis: etree.XPath(f"{axis}::text()") for axis in ("following", "preceding")}


def date_pieces(text: str) -> list[tuple[str, bool]]:
    """Date-looking pieces of a byline ('By X | Mar 19, 2021 | Updated: ...'), each marked updated or
    not; then the whole line, for dates whose time sits in the next piece ('19.03.2021 | 12:47')."""
    pieces = []
    for piece in _PIECES.split(text):
        piece = piece.strip(" |·•")
        if piece and len(piece) <= 120 and looks_like_date(piece):
            pieces.append((piece, bool(_UPDATED.search(piece))))
    whole = text.strip(" |·•")
    if len(pieces) == 1 and whole != pieces[0][0] and len(whole) <= 100 and not _UPDATED.search(whole):
        pieces.append((whole, False))
    return pieces


def lines_near(anchor: etree._Element, axis: str, limit: int) -> list[str]:
    """Lines of text just after (or before) the headline, one per block element, nearest first."""
    texts: list[str] = []
    total = 0
    nodes = _AXES[axis](anchor)
    if axis == "preceding":
        nodes = list(reversed(nodes))
    ancestors = set(anchor.iterancestors())
    seen: set[etree._Element] = set()
    for node in nodes:
        parent = node.getparent()
        if parent is None or parent.tag in ("script", "style", "noscript", "title") or is_junk(parent) or in_junk(parent):
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
        texts.append(text)
        total += len(text)
        if total >= limit:
            break
    return texts
