"""Text as readers see it: an element's visible words joined the way a browser lays them out, and the
one folding used whenever two texts are compared (titles, JSON-LD headlines, boilerplate phrases)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from lxml import etree

from newsfeeds.dates import MONTHS, strip_accents
from newsfeeds.html import clean_text

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
                         "–": "-", "—": "-", "‐": "-", "\u00a0": " "})
_NOT_WORD = re.compile(r"[^\w]+")
HIDDEN = re.compile(r"(^|[\s_-])(sr-only|visually-?hidden|screen-reader-text|hidden|a11y)($|[\s_-])", re.IGNORECASE)
INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "svg"})
# Text a page ships but does not show: a paywall's rest of the story, hidden, blurred or scrambled.
HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|filter\s*:\s*blur", re.IGNORECASE)
_HIDING_CLASS = re.compile(r"^(?:is-)?(?:hidden|invisible|d-none|display-none)$|(?:^|[-_])(?:locked|blurred|blurry|obfuscated|"
                           r"scrambled|bloqueado|bloqueada|verrouille|gesperrt|bloccato|zablokowany|kilitli|terkunci)(?:$|[-_])|"
                           r"^(?:premium|paywall|paid|subscriber|plus)[-_]hidden$", re.IGNORECASE)
SHOWING_STYLE = re.compile(r"display\s*:\s*(?:block|flex|grid|inline|table|contents|list-item)|visibility\s*:\s*visible",
                           re.IGNORECASE)
# Elements a browser lays out on a line of their own: their text never runs into a neighbour's.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "summary", "table", "td", "th", "tr", "ul",
})


# The labels pages print with their dates, in the languages the package reads: which date is the
# update and which the first publication ('Aktualizacja: ... Opublikowano: ...', '입력 ... 수정 ...').
UPDATED_WORDS = (r"updated|last\s+update|update|modified|last\s+updated|edited|reviewed|last\s+reviewed|fact[- ]checked|"
                 r"aktualisiert|zuletzt\s+aktualisiert|geändert|überprüft|mis à jour|mise à jour|modifié|actualisé|"
                 r"actualizado|última\s+actualización|actualización|revisado|atualizado|atualização|revisto|"
                 r"aggiornato|ultimo\s+aggiornamento|aggiornamento|bijgewerkt|laatst\s+bijgewerkt|gewijzigd|aangepast|"
                 r"geüpdatet|güncelleme|güncellenme|güncellendi|son\s+güncelleme|diperbarui|diperbaharui|pembaruan|"
                 r"최종수정|수정|업데이트|最終更新日時|最終更新日|最終更新|更新日時|更新日|עודכן|עדכון|оновлено|обновлено|"
                 r"aktualizacja|zaktualizowano|aktualizováno|uppdaterad|uppdaterat|opdateret|oppdatert|päivitetty|"
                 r"actualizat|ενημερώθηκε|ενημέρωση|frissítve")
PUBLISHED_WORDS = (r"published|first\s+published|posted|publicad[oa]|veröffentlicht|erschienen|erstellt|publiée?|"
                   r"pubblicat[oa]|gepubliceerd|geplaatst|released|for\s+immediate\s+release|embargoed\s+until|"
                   r"yayınlanma|yayınlandı|yayın\s+tarihi|diterbitkan|dipublikasikan|기사입력|입력|등록|公開日時|公開日|"
                   r"配信日時|配信日|掲載日|投稿日|פורסם|опубліковано|опубликовано|дата\s+публикации|opublikowano|"
                   r"data\s+publikacji|dodano|publikováno|publicerad|publiceret|publisert|julkaistu|publicat|δημοσιεύθηκε|"
                   r"közzétéve")

_DATE_SHAPE = re.compile(
    r"\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}\.\s\d{1,2}\.\s?\d{4}|\d{4}\s?[年년]\s?\d{1,2}\s?[月월]|\d{10,13}|(?<!\w)("
    + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE,
)
_RELATIVE_HINT = re.compile(r"\b(ago|yesterday|today|heute|gestern|hier|aujourd'hui|ayer|hoy|ieri|oggi)\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def looks_like_date(text: str) -> bool:
    """A digit plus a date shape or a month name, or a relative day word: never a name like 'Marco'."""
    if _RELATIVE_HINT.search(text):
        return True
    return any(c.isdigit() for c in text) and bool(_DATE_SHAPE.search(text))


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Text reduced to what readers see as the same words: case, quotes, dashes and punctuation ignored
    (cached: a page compares the same few titles and lines many times)."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(_NOT_WORD.sub(" ", text).split())


@lru_cache(maxsize=4096)
def unaccented(text: str) -> str:
    """Letters without their accents, for names a domain spells without them (cached)."""
    return text if text.isascii() else strip_accents(text)


def is_hidden(element: etree._Element) -> bool:
    """Whether readers never see an element's text: the `hidden` attribute, an inline style or a class
    that hides or blurs it, or aria-hidden on a block of text (a drop cap or an icon stays)."""
    attrib = element.attrib
    if "hidden" in attrib:
        return True
    style = attrib.get("style")
    if style and HIDING_STYLE.search(style):
        return True
    css = attrib.get("class")
    if css and _hiding_class(css):
        return True
    return attrib.get("aria-hidden") == "true" and len("".join(element.itertext()).split()) >= 8


@lru_cache(maxsize=4096)
def _hiding_class(css: str) -> bool:
    """Cached: pages repeat the same few class strings."""
    return any(_HIDING_CLASS.search(token) for token in css.split())


_MARKED = etree.XPath("//@hidden/.. | //@style/.. | //@aria-hidden/..")  # attribute paths: no predicate per element
_CLASSES = etree.XPath("//@class", smart_strings=False)
_WITH_CLASS = etree.XPath("//*[@class=$css]")


def hidden_elements(root: etree._Element) -> list[etree._Element]:
    """The elements `is_hidden` finds in a tree, judging each distinct class string once instead of
    every element (a page's thousands of elements share a few hundred class strings)."""
    found = [e for e in _MARKED(root) if is_hidden(e)]
    for css in {css for css in _CLASSES(root) if _hiding_class(css)}:
        found += _WITH_CLASS(root, css=css)
    return list(dict.fromkeys(found))


def text_of(element: etree._Element) -> str:
    """All the text inside an element, as written (lxml.html's text_content() for any element)."""
    return "".join(element.itertext())


def element_text(element: etree._Element) -> str:
    """Visible text of an element, inline children joined as a browser joins them (no invented
    spaces: `<span>Kicker</span><span>: </span><span>Headline</span>` reads "Kicker: Headline"),
    blocks and line breaks apart; scripts, styles and screen-reader-only spans left out. Where two
    elements' words meet with no space, a lower-case end and a capital start ('Exclusive' + 'Budget
    deal') are two words a style sheet set apart, and get a space."""
    if not len(element):  # a leaf, as most elements asked about are: its own text is all there is
        return clean_text(element.text)
    parts: list[str] = []
    hidden: set[etree._Element] = set()
    boundary = False

    def add(text: str | None) -> None:
        nonlocal boundary
        if not text:
            return
        if boundary and parts and _RUN_TOGETHER.match(parts[-1][-1:] + text[:1]):
            parts.append(" ")
        parts.append(text)
        boundary = False

    walker = etree.iterwalk(element, events=("start", "end", "comment", "pi"))
    for event, node in walker:  # iterative: pages nest thousands of elements deep
        if event in ("comment", "pi"):
            if node is not element:
                add(node.tail)
            continue
        visible = isinstance(node.tag, str) and node.tag not in INVISIBLE_TAGS and not HIDDEN.search(node.get("class", ""))
        if node is element:
            if event == "start":
                add(node.text)
            continue
        if event == "start":
            boundary = True
            if not visible:  # its tail is visible text; whether an end event follows differs by node type
                hidden.add(node)
                walker.skip_subtree()
                add(node.tail)
                continue
            if node.tag in BLOCK_TAGS:
                parts.append(" ")
            add(node.text)
        elif node not in hidden:
            boundary = True
            if node.tag in BLOCK_TAGS:
                parts.append(" ")
            add(node.tail)
    return clean_text("".join(parts))


_RUN_TOGETHER = re.compile(r"[a-z0-9][A-Z]")


def unwrap(element: etree._Element) -> None:
    """Replace an element by its content (lxml.html's drop_tag() for any element)."""
    parent = element.getparent()
    if parent is None:
        return
    previous = element.getprevious()
    text = element.text or ""
    if text:
        if previous is not None:
            previous.tail = (previous.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
    tail = element.tail or ""
    children = list(element)
    index = parent.index(element)
    parent[index:index + 1] = children
    if tail:
        if children:
            children[-1].tail = (children[-1].tail or "") + tail
        elif index > 0:
            parent[index - 1].tail = (parent[index - 1].tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def remove_keeping_tail(element: etree._Element) -> None:
    """Remove an element from its tree; the text that followed it stays where it was."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
