"""Text and HTML that is safe to put in a feed: readers render it, so nothing from a scraped page
may run code, track the reader or break the XML document it is embedded in."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator, Mapping
from typing import cast
from html import escape, unescape
from urllib.parse import urljoin, urlsplit

import nh3
from lxml import etree

_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_URL_NOISE = re.compile("[\t\n\r]")
_URL_EDGE = "".join(map(chr, range(0x21))) + "\xa0\u200b\ufeff"
_DESCRIPTOR = re.compile(r"(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?[wxh]")
_TRAILING = " \t\n,;:.-\u2013\u2014([{\u201c\u2018\u00ab"

_WEB_SCHEMES = frozenset({"http", "https"})
_SCHEMES = _WEB_SCHEMES | {"mailto"}
_MAX_DEPTH = 256

_TAGS = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sub",
        "sup", "small", "mark", "q", "cite", "abbr", "code", "pre", "kbd", "blockquote", "ul", "ol",
        "li", "dl", "dt", "dd", "a", "img", "figure", "figcaption", "picture", "source", "table",
        "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "span", "div", "time",
    }
)
_VOID = frozenset({"br", "hr", "img", "source"})
_DROPPED = frozenset(
    {
        "script", "style", "noscript", "iframe", "object", "embed", "svg", "math", "template",
        "form", "button", "select", "textarea", "meta", "link", "title", "head",
        "noembed", "noframes", "frameset", "frame", "applet",
    }
)
# libxml2 invents a head around leading metadata; its real children are hidden one by one.
_HIDDEN = _DROPPED - {"head"}
# Void elements have no content, but libxml2 does not know <embed> is one and nests what follows
# inside it; skipping such an element must never hide the rest of the story.
_VOID_HIDDEN = frozenset({"embed", "frame", "link", "meta"})
# Tuples, not sets: attribute order must not depend on the hash seed, or every run rewrites every feed.
_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href", "title"),
    "img": ("src", "srcset", "sizes", "alt", "title", "width", "height"),
    "source": ("srcset", "sizes", "media", "type"),
    "td": ("colspan", "rowspan"),
    "th": ("colspan", "rowspan"),
    "time": ("datetime",),
    "blockquote": ("cite",),
    "q": ("cite",),
    "abbr": ("title",),
    "ol": ("start",),
}
_URL_ATTRIBUTES = frozenset({"href", "src", "cite", "poster"})
# Where lazy-loading libraries keep an image's real source (the one list of them in the package).
LAZY_SRC = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-original-src", "data-url")
LAZY_SRCSET = ("data-srcset", "data-lazy-srcset")
_PLACEHOLDERS = ("placeholder", "blank.gif", "spacer", "lazy", "1x1", "transparent.gif", "pixel.gif")
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl",
        "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
    }
)


def xml_safe(text: str) -> str:
    """Feeds are XML 1.0, which rejects control characters and lone surrogates outright."""
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    return _XML_UNSAFE.sub("", text)


# Two or three characters that UTF-8 bytes become when read as cp1252/Latin-1 ('Ã¼' for 'ü', 'â€™' for '’').
_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


def repair_mojibake(text: str) -> str:
    """Text a page already carries garbled (UTF-8 once decoded as cp1252) is repaired with ftfy;
    text without the telltale pairs is left alone, untouched and unpaid for."""
    if not text or not _MOJIBAKE.search(text):
        return text
    from ftfy import fix_encoding

    return fix_encoding(text)


def clean_text(text: str | None) -> str:
    """Titles and summaries arrive with entities, layout whitespace and invisible junk."""
    if not text:
        return ""
    return _squash(unescape(text))


def strip_tags(html: str) -> str:
    """Plain text for titles and summaries built from markup, as a reader would see it."""
    markup = xml_safe(html)
    if not markup.strip():
        return ""
    if "<" not in markup:
        return clean_text(markup)
    try:
        return _squash(_stream(markup, _TextCollector()))
    except (etree.LxmlError, ValueError):
        return clean_text(nh3.clean(markup, tags=set(), clean_content_tags=set(_DROPPED)))


def body_text(html: str) -> str:
    """A body as plain text: one paragraph per block (list items and captions included), paragraphs
    separated by blank lines, for reading or diffing an extraction."""
    markup = xml_safe(html)
    if not markup.strip():
        return ""
    try:
        collected = _stream(markup, _ParagraphCollector())
    except (etree.LxmlError, ValueError):
        return strip_tags(markup)
    paragraphs = (_squash(part) for part in collected.split(_PARAGRAPH))
    return "\n\n".join(p for p in paragraphs if p)


def truncate(text: str, limit: int, ellipsis: str = "\u2026") -> str:
    """Summaries have a length budget; cutting mid-word reads as a typo."""
    if limit < 0:
        raise ValueError(f"truncate limit must be 0 or more, got {limit}")
    if len(text) <= limit:
        return text
    room = limit - len(ellipsis)
    if room <= 0:
        return text[:limit]
    cut = room
    if not text[cut].isspace():
        boundary = next((i for i in range(cut - 1, (room - 1) // 2, -1) if text[i].isspace()), None)
        if boundary is not None:
            cut = boundary
        else:
            while cut > 0 and (_continues_cluster(text[cut]) or text[cut - 1] == "\u200d"):
                cut -= 1
    head = text[:cut].rstrip(_TRAILING).rstrip()
    return (head or text[:room]) + ellipsis


def absolutize(url: str | None, base_url: str) -> str | None:
    """Feed readers have no page to resolve against, and only web and mail links are safe to follow."""
    if not url:
        return None
    url = _URL_NOISE.sub("", xml_safe(url)).strip(_URL_EDGE)
    if not url:
        return None
    try:
        absolute = url if url[:8].lower().startswith(("http://", "https://")) else urljoin(base_url, url)
        parts = urlsplit(absolute)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        return None
    if scheme in _WEB_SCHEMES and not parts.netloc:
        return None
    if scheme == "mailto" and not parts.path:
        return None
    return absolute.replace(" ", "%20")


def sanitize_html(html: str, base_url: str) -> str:
    """Article bodies come from pages we do not control and end up rendered in readers' apps."""
    markup = xml_safe(html or "")
    if not markup.strip():
        return ""
    try:
        markup, tags = _stream(markup, _Rewriter(base_url)), _TAGS
    except (etree.LxmlError, ValueError):
        tags = _TAGS | {"h1"}

    def resolve(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "srcset":
            return _srcset(value, base_url)
        if attribute in _URL_ATTRIBUTES:
            return absolutize(value, base_url)
        return value

    cleaned = nh3.clean(
        markup,
        tags=set(tags),
        clean_content_tags=set(_DROPPED),
        attributes={"*": set(), **{tag: set(names) for tag, names in _ATTRIBUTES.items()}},
        attribute_filter=resolve,
        url_schemes=set(_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    if "h1" in tags:
        cleaned = cleaned.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return xml_safe(cleaned).replace("&nbsp;", "&#160;").strip()


def _squash(text: str) -> str:
    """One space between words is all a feed title or summary needs."""
    text = xml_safe(text)
    if "\u200b" in text or "\ufeff" in text:
        text = text.replace("\u200b", " ").replace("\ufeff", " ")
    return " ".join(text.split())  # str.split() knows the same whitespace as the regex \s, and is faster


def _continues_cluster(char: str) -> bool:
    """Cutting before a combining mark or emoji modifier leaves a broken glyph."""
    return (
        unicodedata.category(char) in ("Mn", "Mc", "Me")
        or char == "\u200d"
        or "\U0001f3fb" <= char <= "\U0001f3ff"
    )


def _stream(markup: str, target: _ContentFilter) -> str:
    """Event parsing has no depth limit, unlike lxml's tree builder, which silently truncates."""
    relay = _relay()
    relay.target = target
    try:
        return cast(str, etree.fromstring(markup, relay.parser))
    finally:
        relay.target = None


class _Relay:
    """A parser kept per thread and reused: lxml inspects a target's methods whenever a parser is
    built, which costs more than parsing a short title. Events go to the current target."""

    def __init__(self) -> None:
        self.target: _ContentFilter | None = None
        self.parser = etree.HTMLParser(
            target=self, huge_tree=True, remove_comments=True, remove_pis=True, no_network=True
        )

    def start(self, tag: str, attrib: Mapping[str, str]) -> None:
        assert self.target is not None
        self.target.start(tag, attrib)

    def end(self, tag: str) -> None:
        assert self.target is not None
        self.target.end(tag)

    def data(self, text: str) -> None:
        assert self.target is not None
        self.target.data(text)

    def close(self) -> str:
        assert self.target is not None
        return self.target.close()


_relays = threading.local()


def _relay() -> _Relay:
    """This thread's idle relay; a fresh one when it is busy (a parse started inside a parse)."""
    relay: _Relay | None = getattr(_relays, "relay", None)
    if relay is None:
        relay = _relays.relay = _Relay()
    return relay if relay.target is None else _Relay()


def _srcset_candidates(value: str) -> Iterator[tuple[str, str]]:
    """A srcset URL may itself contain commas, so it cannot simply be split on them."""
    position, end = 0, len(value)
    while True:
        while position < end and (value[position].isspace() or value[position] == ","):
            position += 1
        if position >= end:
            return
        start = position
        while position < end and not value[position].isspace():
            position += 1
        url = value[start:position]
        if url.endswith(","):
            yield url.rstrip(","), ""
            continue
        start, in_parens = position, False
        while position < end and (value[position] != "," or in_parens):
            if value[position] == "(":
                in_parens = True
            elif value[position] == ")":
                in_parens = False
            position += 1
        yield url, " ".join(value[start:position].split())
        position += 1


def _srcset(value: str | None, base_url: str) -> str | None:
    """Each image candidate needs the same treatment as a src; the sanitizer checks none of them."""
    if not value:
        return None
    candidates = []
    for url, descriptor in _srcset_candidates(value):
        absolute = absolutize(url, base_url)
        if absolute is None or not all(_DESCRIPTOR.fullmatch(d) for d in descriptor.split()):
            continue
        candidates.append(f"{absolute} {descriptor}" if descriptor else absolute)
    return ", ".join(candidates) or None


def _largest(srcset: str) -> str:
    """Readers that ignore srcset still need a src, and the sharpest candidate is the best one."""

    def size(candidate: tuple[str, str]) -> float:
        descriptor = candidate[1].split()[0] if candidate[1] else "1x"
        return float(descriptor[:-1])

    return max(_srcset_candidates(srcset), key=size)[0]


def _is_placeholder(src: str) -> bool:
    """Lazy-loading pages ship a stand-in image and keep the real one in a data- attribute."""
    lowered = _URL_NOISE.sub("", src).strip(_URL_EDGE).lower()
    return not lowered or lowered.startswith("data:") or any(p in lowered for p in _PLACEHOLDERS)


def _first(attrib: Mapping[str, str], names: tuple[str, ...]) -> str:
    """Lazy-loading libraries disagree on the attribute name, so take whichever is there."""
    return next((attrib[name] for name in names if attrib.get(name, "").strip()), "")


def image_source(attrib: Mapping[str, str]) -> str | None:
    """An <img>'s real source as written (relative or not): the lazy-loaded one when `src` is a
    placeholder, else `src`, else the largest srcset candidate."""
    src = attrib.get("src", "")
    if _is_placeholder(src):
        src = _first(attrib, LAZY_SRC)
    if src.strip():
        return src.strip()
    srcset = attrib.get("srcset", "").strip() or _first(attrib, LAZY_SRCSET)
    if srcset and any(True for _ in _srcset_candidates(srcset)):
        try:
            return _largest(srcset)
        except ValueError:
            return next(_srcset_candidates(srcset))[0]
    return None


def _image_attributes(attrib: Mapping[str, str], base_url: str) -> dict[str, str] | None:
    """An image shows only if its lazy-loaded source is found; a placeholder is not content."""
    src, srcset = attrib.get("src", ""), attrib.get("srcset", "")
    lazy_src, lazy_srcset = _first(attrib, LAZY_SRC), _first(attrib, LAZY_SRCSET)
    if _is_placeholder(src) and (lazy_src or lazy_srcset):
        src, srcset = lazy_src, lazy_srcset or srcset
    elif not srcset.strip():
        srcset = lazy_srcset
    resolved_srcset = _srcset(srcset, base_url) or ""
    resolved_src = absolutize(src, base_url)
    if resolved_src is None and resolved_srcset:
        resolved_src = _largest(resolved_srcset)
    if resolved_src is None:
        return None
    return _plain_attributes("img", {**attrib, "src": resolved_src, "srcset": resolved_srcset}, base_url)


def _plain_attributes(tag: str, attrib: Mapping[str, str], base_url: str) -> dict[str, str]:
    """Only the allow-listed attributes survive, with any URL among them made absolute."""
    attributes = {}
    for name in _ATTRIBUTES.get(tag, ()):
        value = attrib.get(name)
        if value is None:
            continue
        if name in _URL_ATTRIBUTES:
            value = absolutize(value, base_url)
        elif name == "srcset":
            value = _srcset(value, base_url)
        if value is not None:
            attributes[name] = value
    return attributes


def _allowed_attributes(tag: str, attrib: Mapping[str, str], base_url: str) -> dict[str, str] | None:
    """None means the element is pointless without its URL: a link to nowhere, an image of nothing."""
    if tag == "img":
        return _image_attributes(attrib, base_url)
    if tag == "source" and not attrib.get("srcset", "").strip():
        attrib = {**attrib, "srcset": _first(attrib, LAZY_SRCSET)}
    attributes = _plain_attributes(tag, attrib, base_url)
    if tag == "a" and "href" not in attributes:
        return None
    if tag == "source" and "srcset" not in attributes:
        return None
    return attributes


class _ContentFilter:
    """Parser target that skips what readers never see: scripts, styles, embeds and forms."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.hidden = 0
        self.voids: list[str] = []

    def start(self, tag: str, attrib: Mapping[str, str]) -> None:
        if not self.hidden and tag in _VOID_HIDDEN:
            self.voids.append(tag)
        elif self.hidden or tag in _HIDDEN:
            self.hidden += 1
        else:
            self.enter(tag, attrib)

    def end(self, tag: str) -> None:
        if self.hidden:
            self.hidden -= 1
        elif tag in self.voids:
            self.voids.remove(tag)
        else:
            self.leave(tag)

    def data(self, text: str) -> None:
        if not self.hidden:
            self.text(text)

    def close(self) -> str:
        return "".join(self.parts)

    def enter(self, tag: str, attrib: Mapping[str, str]) -> None:
        raise NotImplementedError

    def leave(self, tag: str) -> None:
        raise NotImplementedError

    def text(self, text: str) -> None:
        raise NotImplementedError


class _TextCollector(_ContentFilter):
    """Block boundaries become spaces so that adjacent paragraphs do not run into one word."""

    def enter(self, tag: str, attrib: Mapping[str, str]) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")

    def leave(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")

    def text(self, text: str) -> None:
        self.parts.append(text)


_PARAGRAPH = "\x00"  # never in text that went through xml_safe


class _ParagraphCollector(_ContentFilter):
    """Block boundaries become paragraph breaks; inline text runs together as the reader sees it."""

    def enter(self, tag: str, attrib: Mapping[str, str]) -> None:
        if tag in _BLOCKS:
            self.parts.append(_PARAGRAPH)

    def leave(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append(_PARAGRAPH)

    def text(self, text: str) -> None:
        self.parts.append(text)


class _Rewriter(_ContentFilter):
    """Re-emits only allow-listed markup, capped in depth, with URLs resolved and lazy images loaded."""

    def __init__(self, base_url: str) -> None:
        super().__init__()
        self.base_url = base_url
        self.stack: list[str | None] = []
        self.depth = 0

    def enter(self, tag: str, attrib: Mapping[str, str]) -> None:
        name = "h2" if tag == "h1" else tag
        attributes = None
        if name in _TAGS and self.depth < _MAX_DEPTH:
            attributes = _allowed_attributes(name, attrib, self.base_url)
        if attributes is None:
            self.stack.append(None)
            return
        rendered = "".join(f' {key}="{escape(value)}"' for key, value in attributes.items())
        self.parts.append(f"<{name}{rendered}>")
        self.stack.append(name)
        if name not in _VOID:
            self.depth += 1

    def leave(self, tag: str) -> None:
        name = self.stack.pop() if self.stack else None
        if name is not None and name not in _VOID:
            self.parts.append(f"</{name}>")
            self.depth -= 1

    def text(self, text: str) -> None:
        self.parts.append(escape(text, quote=False))
