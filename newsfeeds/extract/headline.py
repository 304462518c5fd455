"""The article's own headline: which <h1> is the story's (not the logo's), and titles without the
site name, section or kicker that pages wrap around them."""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Iterable, Sequence

from lxml import etree

from newsfeeds.extract.furniture import in_junk, is_junk, is_logo_marked
from newsfeeds.extract.text import element_text, fold, remove_keeping_tail, unaccented
from newsfeeds.html import clean_text

SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»|«|·|•|/|~|:)\s+|\s*[|｜]\s*")
_HEADLINE_CLASS = re.compile(r"(^|[\s_-])(headline|entry-?title|post-?title|article-?title|story-?title|"
                             r"article__title|article-header__title|content-?title|news-?title|title)($|[\s_-])",
                             re.IGNORECASE)
_TRUNCATED = re.compile(r"(\.\.\.|…)\s*$")

def is_truncated(text: str) -> bool:
    """Titles cut for a length limit end in an ellipsis."""
    return bool(_TRUNCATED.search(text))


def same_title(a: str, b: str) -> bool:
    """Whether two strings are the same headline, one possibly cut short with an ellipsis."""
    x, y = fold(a), fold(b)
    if not x or not y:
        return False
    if x == y:
        return True
    if is_truncated(a) and len(x) >= 20 and y.startswith(x):
        return True
    return is_truncated(b) and len(y) >= 20 and x.startswith(y)


def text_variants(element: etree._Element) -> list[str]:
    """The headline element's text, then that text without each inline child (a kicker such as
    "Exclusive:" or a label span), for matching against the page's metadata."""
    full = element_text(element)
    variants = [full]
    for child in list(element)[:8]:
        if not isinstance(child.tag, str) or child.tag in ("a",):
            continue
        child_text = element_text(child)
        if child_text and child_text != full:
            variants.append(_without(element, child))
    links = [c for c in element if isinstance(c.tag, str) and c.tag == "a"]
    if len(links) == 1 and element_text(links[0]) != full:
        variants.append(element_text(links[0]))
    return [v for v in dict.fromkeys(variants) if v]


def _without(element: etree._Element, child: etree._Element) -> str:
    """The element's text with one child (and not its tail) left out."""
    clone = etree.fromstring(etree.tostring(element))
    index = list(element).index(child)
    remove_keeping_tail(clone[index])
    return element_text(clone).strip(" :|-–—")


_MARKED = re.compile(r"(^|[\s_-])(headline|entry-?title|post-?title|article-?title|story-?title|article__title|"
                     r"article-?headline|content__headline|story-?headline)($|[\s_-])", re.IGNORECASE)


def is_marked_headline(element: etree._Element) -> bool:
    """Marked by the page as its headline: itemprop, a headline class, or a test id."""
    if (element.get("itemprop") or "").lower() == "headline":
        return True
    marker = " ".join(filter(None, (element.get("class"), element.get("data-testid"), element.get("data-qa"), element.get("id"))))
    return bool(_MARKED.search(marker))


def is_logo(element: etree._Element, site_names: Iterable[str] = ()) -> bool:
    """An <h1> that holds the site's name or logo rather than a story's headline."""
    for node in (element, *list(element.iterancestors())[:3]):
        if is_logo_marked(node):
            return True
    text = element_text(element)
    if not text and element.find(".//img") is not None:
        return True
    links = element.findall(".//a")
    if len(links) == 1 and (links[0].get("href") or "").strip() in ("/", "./", "index.html") and element_text(links[0]) == text:
        return True
    squashed = _squash(text)
    return bool(squashed) and any(squashed == _squash(n) for n in site_names)


_ITEMPROP_HEADLINES = etree.XPath("//*[@itemprop='headline' or @itemprop='Headline']")
_CLASSED_SUBHEADS = etree.XPath("//h2[@class] | //h3[@class]")


def headline_elements(root: etree._Element, site_names: Iterable[str] = ()) -> list[etree._Element]:
    """Candidate headline elements, likeliest first: marked headline h1s, other h1s in the story,
    h1s elsewhere, then marked non-h1 headings (pages whose h1 is the logo)."""
    names = list(site_names)
    h1s = [h for h in root.iter("h1") if element_text(h) and not is_logo(h, names)]
    marked = [h for h in h1s if (h.get("itemprop") or "").lower() == "headline" or _HEADLINE_CLASS.search(h.get("class", ""))]
    outside = [h for h in h1s if not in_junk(h)]
    others = [e for e in _ITEMPROP_HEADLINES(root)
              if e.tag in ("h2", "h3", "div", "span", "p") and element_text(e) and not in_junk(e)]
    for element in _CLASSED_SUBHEADS(root):
        if _HEADLINE_CLASS.search(element.get("class", "")) and element_text(element) \
                and not in_junk(element) and not is_junk(element) and not is_logo(element, names):
            others.append(element)
    ordered = [*marked, *outside, *h1s, *others]
    return list(dict.fromkeys(ordered))


_WEAK_HEADLINE_CLASS = re.compile(r"(^|[\s_-])(headline|title|titulo|titular|titel|titre|titolo|kop)($|[\s_-])",
                                  re.IGNORECASE)
_WEAK_TAGS = etree.XPath("//div[@class or @id] | //span[@class or @id] | //p[@class or @id] | //td[@class] | "
                         "//font[@size]", smart_strings=False)


def furniture_headline_elements(root: etree._Element) -> list[etree._Element]:
    """Headings classed as the headline that sit in blocks classed as furniture (Blogger wraps the
    whole post in 'widget Blog'): the headline only when the page's metadata confirms them."""
    return [e for e in _CLASSED_SUBHEADS(root) if _HEADLINE_CLASS.search(e.get("class", "")) and element_text(e)
            and in_junk(e)][:12]


def weak_headline_elements(root: etree._Element, site_names: Iterable[str] = ()) -> list[etree._Element]:
    """Headlines pages mark without a heading element: a block classed as the title ('story-title',
    'titulo'), or old markup's big type (<font size="5">); in document order, likeliest only when
    no heading element is the headline."""
    names = list(site_names)
    found: list[etree._Element] = []
    for element in _WEAK_TAGS(root):
        if element.tag == "font":
            size = (element.get("size") or "").strip()
            big = size.startswith("+") and size[1:].isdigit() and int(size[1:]) >= 1 or size.isdigit() and int(size) >= 4
            if not big:
                continue
        elif not _WEAK_HEADLINE_CLASS.search(f"{element.get('class', '')} {element.get('id', '')}"):
            continue
        words = len(element_text(element).split())
        if 3 <= words <= 30 and not in_junk(element) and not is_junk(element) and not is_logo(element, names) \
                and element.find(".//p") is None and len(element.findall(".//a")) <= 1:
            found.append(element)
            if len(found) >= 12:
                break
    return found


def strip_site_name(title: str, site_names: Iterable[str], extra: Iterable[str] = ()) -> str:
    """'Headline | Site', 'Site - Headline', 'Headline | Section | Site' → 'Headline'."""
    title = clean_text(title)
    names = {_squash(n) for n in site_names if n and n.strip()}
    removable = names | {_squash(n) for n in extra if n and n.strip()}
    changed = True
    while changed:
        changed = False
        parts = _split(title)
        if len(parts) < 2:
            break
        last, first = parts[-1], parts[0]
        if _matches(last[0], removable):
            title = clean_text(title[: last[1]].rstrip(" |-–—:»«·•/~｜"))
            changed = True
        elif _matches(first[0], names):
            title = clean_text(title[first[2]:].lstrip(" |-–—:»«·•/~｜"))
            changed = True
    prefix = _NAME_COLON.match(title)  # 'Garden Notes: Planting garlic', a blog's name before its post's title
    if prefix and _matches(prefix.group(1), names) and len(title[prefix.end():].split()) >= 2:
        title = clean_text(title[prefix.end():])
    return title


_NAME_COLON = re.compile(r"^([^:|]{2,60}?)\s?:\s+")


def is_site_name(title: str, site_names: Iterable[str]) -> bool:
    """A title that is only the site's name ('L'Echo de la Vallée' for lechodelavallee.example)."""
    return _matches(clean_text(title), {_squash(n) for n in site_names if n and n.strip()})


def strip_unknown_suffix(title: str) -> str:
    """A <title> with nothing to compare against: drop a short last segment after a strong separator."""
    match = re.search(r"\s+(?:\||–|—|-|::|»|·|•)\s+([^|–—»·•]{2,40})$", title)
    if match and len(match.group(1).split()) <= 4 and len(title) - len(match.group(0)) >= 15:
        return title[: match.start()].strip()
    return title


def _split(title: str) -> list[tuple[str, int, int]]:
    """Segments with the offsets where each starts and ends."""
    segments: list[tuple[str, int, int]] = []
    position = 0
    for match in SEPARATORS.finditer(title):
        segments.append((title[position:match.start()], position, match.start()))
        position = match.end()
    segments.append((title[position:], position, len(title)))
    return [(text, start, end) for text, start, end in segments]


@lru_cache(maxsize=4096)
def _squash(text: str) -> str:
    """A name as compared: folded, accents, spaces and a leading 'the' removed ('Jornal do Ribeirão'
    is the site at jornaldoribeirao.pt)."""
    folded = unaccented(fold(text)).replace(" ", "")
    return folded.removeprefix("the") if len(folded) > 6 else folded


_NAME_SUFFIXES = {"news", "online", "com", "net", "org", "couk", "coin", "in", "de", "live", "digital", "tv", "radio",
                  "media", "group", "daily", "today", "magazine", "journal", "blog", "newsroom", "world", "uk", "us",
                  "newspaper", "times", "post", "network", "channel", "english", "edition"}


def _matches(segment: str, names: set[str]) -> bool:
    """A title segment that is the site's name, possibly as 'Name News' or 'Name.com'."""
    squashed = _squash(segment)
    if not squashed or len(segment.split()) > 6:
        return False
    for name in names:
        if squashed == name:
            return True
        if len(name) >= 4 and squashed.startswith(name) and _is_suffix(squashed[len(name):]):
            return True
    return False


def _is_suffix(rest: str) -> bool:
    """'newsonline' → True: the rest is made of words sites append to their name."""
    if not rest:
        return True
    return any(rest.startswith(word) and _is_suffix(rest[len(word):]) for word in _NAME_SUFFIXES)


_KICKER = re.compile(r"^[^:|]{1,60}:\s")


def _text_before(element: etree._Element) -> str:
    """The text a page shows just before a headline within its container (a kicker, a section
    label), not what follows it."""
    parent = element.getparent()
    if parent is None:
        return ""
    parts = [parent.text or ""]
    for sibling in element.itersiblings(preceding=True):
        parts.insert(1, (element_text(sibling) if isinstance(sibling.tag, str) else "") + " " + (sibling.tail or ""))
    return " ".join(parts)
_PUNCTUATION = re.compile(r"[^\w\s]")


def _punctuation(text: str) -> int:
    """Punctuation inside a headline (a trailing full stop does not count)."""
    return len(_PUNCTUATION.findall(text.strip().rstrip(".!?…")))


def confirmed_text(element: etree._Element, titles: Sequence[tuple[str, str]], site_names: Iterable[str],
                   sections: Iterable[str] = ()) -> str | None:
    """The headline element's text when some metadata title says the same, chosen by agreement: the
    visible words when they match a title word for word; the metadata's spelling when the two differ
    only in punctuation and spacing (inline spans that lost a ': ') or by a kicker the page shows
    next to the headline; the kicker-free variant of the element's text when that is what the
    metadata says; a visible headline that a metadata title cut short or extended."""
    names, extra = list(site_names), list(sections)
    stripped = [strip_site_name(t, names, extra) for t, _ in titles]
    variants = text_variants(element)
    full = variants[0]
    folded_full = fold(full)
    squashed = folded_full.replace(" ", "")
    if not squashed:
        return None
    nearby = fold(_text_before(element)) + " " + folded_full
    for (title, _), cut in zip(titles, stripped):
        for candidate in (cut, title):
            if fold(candidate) == folded_full:  # the same words: the visible spelling, unless its spans lost punctuation
                return candidate if _punctuation(candidate) > _punctuation(full) else full
        for candidate in (cut, title):
            if fold(candidate).replace(" ", "") == squashed:
                return candidate
        folded = fold(cut)
        kicker = folded[: -len(folded_full)].strip() if folded.endswith(" " + folded_full) else ""
        if kicker and len(kicker.split()) <= 5 and _KICKER.match(cut) and kicker in nearby and not is_truncated(cut):
            return cut
        for variant in variants:
            if same_title(variant, cut) or same_title(variant, title):
                return variant
    for (title, _), cut in zip(titles, stripped):
        for variant in variants:
            folded, whole = fold(variant), fold(title)
            if len(folded) >= 15 and (whole.startswith(folded) or whole.endswith(folded)) and len(whole) - len(folded) <= 60:
                return variant
    return None
