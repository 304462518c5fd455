"""The copy of an article page that the extractors (trafilatura, htmldate) read, prepared once with
what we know better than they do: the headline found, lazy images resolved, layout tables flattened,
furniture the page marks and teaser lists removed, figure captions and embedded players kept in a
form that survives extraction (and marked, so the body can be put back together)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import islice
from copy import deepcopy
from functools import lru_cache
from urllib.parse import urljoin

from lxml import etree
from lxml.cssselect import CSSSelector

from newsfeeds.extract.context import PageContext, parse_html
from newsfeeds.extract.furniture import (CALL_TO_ACTION, CREDIT_CLASS, HOLLOW_TAGS, SUPPORT_HREF, TIME_LABEL, is_appeal_box,
                                         is_comments_label, is_credit, is_entry_label, is_junk, looks_like_post)
from newsfeeds.extract.text import HIDING_STYLE, SHOWING_STYLE, fold, hidden_elements, looks_like_date, remove_keeping_tail, text_of, unwrap
from newsfeeds.html import image_source

HEADINGS = ("h2", "h3", "h4", "h5", "h6")
# Marks left on the copy: ancestors of the removed headline, captions turned paragraphs (with their
# figure's image), paragraphs standing for embedded players, a live blog's posts.
HOLDS_HEADLINE = "data-newsfeeds-headline"
CAPTION_MARK = "data-newsfeeds-caption"
CAPTION_IMAGE = "data-newsfeeds-image"
EMBED_MARK = "data-newsfeeds-embed"
ENTRY_MARK = "data-newsfeeds-entry"  # a live blog's post
_TEASER_WORDS = 80

_EMBED = re.compile(r"youtube\.com|youtube-nocookie\.com|youtu\.be|vimeo\.com|dailymotion\.com|twitter\.com|x\.com|instagram\.com|"
                    r"facebook\.com/plugins/video|tiktok\.com", re.IGNORECASE)


def prepared(ctx: PageContext) -> etree._Element:
    """A copy of the page for the extractors (trafilatura, htmldate), made once: lazy images carry
    their real source, the headline, marked furniture and the profile's boilerplate are gone,
    embedded videos and posts are links. The extractors copy it again before changing anything."""
    return ctx.memo("body:prepared", lambda: _prepare(ctx))


def prepared_for_libraries(ctx: PageContext) -> etree._Element:
    """The prepared copy as lxml.html elements, which trafilatura and htmldate require (our own
    stages walk plain lxml elements, which cost no class lookup per element visited): parsed
    again from its markup, once, after the furniture is gone."""
    def compute() -> etree._Element:
        markup = etree.tostring(prepared(ctx), encoding="unicode", method="html")
        return parse_html(markup, ctx.url, html_elements=True)
    return ctx.memo("body:prepared-html", compute)


def _prepare(ctx: PageContext) -> etree._Element:
    root = ctx.root
    copy = deepcopy(root)
    headlines = copy.xpath(root.getroottree().getpath(ctx.headline_element)) if ctx.headline_element is not None else []
    _drop_hidden(copy, headlines)
    _loose_text_as_paragraphs(copy)
    total = paragraph_text(copy)  # the page's paragraph text, for "holds a third of it"
    for element in headlines:
        for ancestor in element.iterancestors():
            ancestor.set(HOLDS_HEADLINE, "1")
        _drop_text_before(element, total)
    profile = ctx.profile
    for selector in profile.boilerplate_css if profile else ():
        compiled = compiled_css(selector)
        for element in compiled(copy) if compiled is not None else ():
            remove_keeping_tail(element)
    for element in [e for e in copy.iter(*HOLLOW_TAGS)]:
        unwrap(element)  # libxml2 nests what follows an <embed> inside it; the extractor would drop that too
    _unwrap_layout_tables(copy)
    total = paragraph_text(copy)  # what is left of it
    _drop_marked_furniture(copy, total)
    _drop_lists_of_other_stories(copy)
    _drop_comments(copy)
    _drop_appeal_boxes(copy, total)
    _drop_inline_time_labels(copy)
    _entries_without_labels(copy, paragraph_text(copy))
    total = paragraph_text(copy)  # the story's and what little furniture is left
    for element in headlines:
        if element.getroottree().getroot() is copy:
            _drop_story_head(element, total)
            remove_keeping_tail(element)
    for caption in copy.iter("figcaption"):
        caption.tag = "p"  # trafilatura drops figcaptions; as paragraphs they survive, and _figures regroups them
        caption.set(CAPTION_MARK, "1")
    for figure in list(copy.iter("figure")):
        image, caption = figure.find(".//img"), figure.find(f".//p[@{CAPTION_MARK}]")
        src = image_source(image.attrib) if image is not None else None
        if caption is not None and src:
            caption.set(CAPTION_IMAGE, urljoin(ctx.url, src))
        unwrap(figure)  # trafilatura reads a figure as one text block and may drop its image
    for image in copy.iter("img"):
        src = image_source(image.attrib)
        if src:
            image.set("src", urljoin(ctx.url, src))
    _posts_as_links(copy, ctx.url)
    _keep_spaces_after_inline(copy)
    for frame in list(copy.iter("iframe")):
        src = (frame.get("src") or frame.get("data-src") or "").strip()
        if src.startswith(("http://", "https://", "//")) and _EMBED.search(src):
            link = etree.Element("p", {EMBED_MARK: "1"})
            anchor = etree.SubElement(link, "a", href=watch_url(urljoin(ctx.url, src)))
            anchor.text = frame.get("title") or "Video"
            link.tail = frame.tail
            frame.getparent().replace(frame, link)
    return copy


def _drop_hidden(root: etree._Element, headlines: list[etree._Element]) -> None:
    """Text the page ships but never shows (a paywall's rest of the story: hidden, blurred, scrambled)
    is not the story; what holds the headline stays (pages hidden until a script shows them)."""
    keep: set[etree._Element] = set()
    for element in headlines:
        keep.update(element.iterancestors())
        keep.add(element)
    styled = _hidden_by_style_sheets(root)
    hidden = [e for e in hidden_elements(root) if e not in styled] + list(styled)
    hidden = [e for e in hidden if e not in keep and e.tag not in ("html", "body", "head")]
    gone = set(hidden)
    for element in hidden:
        if not any(a in gone for a in element.iterancestors()):
            remove_keeping_tail(element)


_CSS_RULE = re.compile(r"([^{}@;]+)\{([^{}]*)\}")
_MEDIA_BLOCK = re.compile(r"@(?:media|supports|container|font-face|keyframes|-webkit-keyframes)[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}",
                          re.IGNORECASE)
_MAX_RULES = 200


def _hidden_by_style_sheets(root: etree._Element) -> set[etree._Element]:
    """Elements the page's own style sheets hide outright (`.article--locked .rest { display: none }`),
    outside media queries and not shown again by another rule (`.tab.active { display: block }`)."""
    hiding: list[str] = []
    showing: list[str] = []
    for style in root.iter("style"):
        if any(a.tag == "noscript" for a in style.iterancestors()):
            continue  # rules for readers without scripts
        sheet = _MEDIA_BLOCK.sub("", style.text or "")
        for selectors, declarations in _CSS_RULE.findall(sheet):
            target = showing if SHOWING_STYLE.search(declarations) else hiding if HIDING_STYLE.search(declarations) else None
            if target is not None:
                target += [s.strip() for s in selectors.split(",") if s.strip() and ":" not in s]
    if not hiding:
        return set()
    hidden: set[etree._Element] = set()
    for selector in hiding[:_MAX_RULES]:
        compiled = compiled_css(selector)
        hidden.update(compiled(root) if compiled is not None else ())
    for selector in showing[:_MAX_RULES] if hidden else ():
        compiled = compiled_css(selector)
        hidden.difference_update(compiled(root) if compiled is not None else ())
    return hidden


_KEPT_BEFORE = frozenset({"head", "script", "style", "meta", "link", "noscript", "template", "title"})
_MEDIA = ("img", "picture", "figure", "video", "iframe", "object", "embed")


def _drop_text_before(headline: etree._Element, total: int) -> None:
    """The story starts at its headline: text before it (masthead, navigation, section label,
    kicker, ticker) is the site's, while images and players there (a lead picture) stay. Kept
    whole: anything holding a third of the page's paragraph text (a headline placed after the
    story's start)."""
    node = headline
    while node.getparent() is not None and node.getparent().tag not in ("body", "html"):
        for sibling in list(node.itersiblings(preceding=True)):
            _drop_text(sibling, total)
        node = node.getparent()
    if node.getparent() is not None and node.getparent().tag == "body":
        for sibling in list(node.itersiblings(preceding=True)):
            _drop_text(sibling, total)


def _drop_text(element: etree._Element, total: int) -> None:
    if not isinstance(element.tag, str):
        return
    if element.tag in _KEPT_BEFORE:
        if element.tail and element.tail.strip():
            element.tail = None
        return
    if total and paragraph_text(element) > total / 3:
        return
    if element.tag in _MEDIA or next(element.iter(*_MEDIA), None) is None:
        if element.tag in _MEDIA:
            element.tail = None
            return
        element.tail = None
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
        return
    element.text = None
    element.tail = None
    for child in list(element):
        _drop_text(child, total)


def _drop_story_head(headline: etree._Element, total: int) -> None:
    """What a story prints between its headline and its text is its head, not its text: the
    standfirst (dek, chapô, entradilla), the byline, the lead picture's caption (the picture stays).
    Found by structure: the first container after the headline (or after the header block holding
    it) with a third of the page's paragraph text is the story's text; what comes before it there,
    and the rest of the header block, is the head. Where the story's paragraphs follow the
    headline directly, only what is set apart as a standfirst before the first of them is."""
    if not total:
        return
    node = headline
    while node.getparent() is not None and node.getparent().tag not in ("body", "html"):
        between: list[etree._Element] = []
        for sibling in node.itersiblings():
            if not isinstance(sibling.tag, str) or sibling.tag in ("footer", "nav", "aside", "script", "style"):
                continue
            text = _paragraph_text(sibling)
            if text > total / 3:
                if any(_paragraph_text(b) > text / 2 for b in between):
                    return
                for block in between:
                    _drop_head_text(block)
                if node is not headline:
                    _drop_around(node, headline)
                return
            if sibling.tag == "p" and not _is_standfirst(sibling) and (text > total / 6 or len(text_of(sibling).split()) >= 12):
                if node is headline:  # the story's paragraphs follow the headline directly
                    for block in between:
                        if _is_standfirst(block):
                            remove_keeping_tail(block)
                return
            between.append(sibling)
        node = node.getparent()
        if _paragraph_text(node) > total / 3:
            return  # the headline's own container holds the story


# Class words of a standfirst: dek, chapô, entradilla, bajada, occhiello, linha fina, Vorspann ...
_STANDFIRST = re.compile(r"(^|[\s_-])(standfirst|dek|deck|sub-?title|subtitle|sub-?headline|summary|lede|lead|intro|"
                         r"excerpt|teaser|description|chapo|chapeau|sapo|entradilla|bajada|sumario|sommario|occhiello|"
                         r"catenaccio|linha-?fina|olho|abstract|strapline|vorspann|anriss)($|[\s_-])", re.IGNORECASE)


def _is_standfirst(element: etree._Element) -> bool:
    """A block set apart as the story's standfirst: a heading of a sentence under the headline, or
    classed as one."""
    words = len(text_of(element).split())
    if element.tag in HEADINGS and words >= 4:
        return True
    return words >= 4 and bool(_STANDFIRST.search(f"{element.get('class', '')} {element.get('id', '')}"))


def _drop_around(block: etree._Element, headline: etree._Element) -> None:
    """The text of a header block around its headline."""
    for child in list(block):
        if child is headline or not isinstance(child.tag, str):
            continue
        if any(a is child for a in headline.iterancestors()):
            _drop_around(child, headline)
        else:
            _drop_head_text(child)


def _paragraph_text(element: etree._Element) -> int:
    return paragraph_text(element)


_RUNNING = 80  # characters of running text that make a paragraph outside a <p>


def paragraphs(element: etree._Element) -> Iterator[int]:
    """The lengths of an element's paragraphs in the prepared copy, where running text written
    straight into a block has become paragraphs (`_loose_text_as_paragraphs`)."""
    for paragraph in element.iter("p"):
        yield len(text_of(paragraph))


_INLINE_TAGS = frozenset({"a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i", "img",
                          "ins", "kbd", "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong", "sub",
                          "sup", "time", "tt", "u", "var", "wbr", "br"})
_LOOSE_HOLDERS = ("div", "td", "section", "article", "main", "blockquote")


def _own_text(block: etree._Element) -> int:
    return len((block.text or "").strip()) + sum(len((child.tail or "").strip()) for child in block)


def _loose_text_as_paragraphs(root: etree._Element) -> None:
    """Running text written straight into a block, between line breaks or beside other blocks
    (`<div><figure>..</figure>First paragraph<br><br>Second</div>`), as the paragraphs it reads as:
    trafilatura drops text that trails a block inside its container."""
    for holder in [b for b in root.iter(*_LOOSE_HOLDERS) if _own_text(b) >= _RUNNING]:
        _wrap_runs(holder)


def _wrap_runs(holder: etree._Element) -> None:
    """The holder's text, inline children and their tails, split at blocks and double line breaks,
    each run with words in it a <p>."""
    children = list(holder)
    pieces: list[etree._Element] = []
    run: etree._Element | None = None

    def close() -> None:
        nonlocal run
        if run is None:
            return
        while len(run) and run[-1].tag == "br" and not (run[-1].tail or "").strip():
            run.remove(run[-1])
        if (run.text or "").strip() or any((c.tail or "").strip() or c.tag != "br" for c in run):
            pieces.append(run)
        run = None

    def add_text(text: str | None) -> None:
        nonlocal run
        if not text or not text.strip() and run is None:
            return
        if run is None:
            run = etree.Element("p")
        if len(run):
            run[-1].tail = (run[-1].tail or "") + text
        else:
            run.text = (run.text or "") + text

    add_text(holder.text)
    holder.text = None
    for child in children:
        holder.remove(child)
        tail, child.tail = child.tail, None
        if not isinstance(child.tag, str) or child.tag not in _INLINE_TAGS:
            close()
            pieces.append(child)
        elif child.tag == "br":
            if run is not None and len(run) and run[-1].tag == "br" and not (run[-1].tail or "").strip():
                close()  # a blank line: the paragraph ends
            elif run is not None:
                run.append(child)
        else:
            if run is None:
                run = etree.Element("p")
            run.append(child)
        add_text(tail)
    close()
    for piece in pieces:
        holder.append(piece)


def paragraph_text(element: etree._Element) -> int:
    """How much paragraph text an element holds (see `paragraphs`)."""
    return sum(paragraphs(element))


def largest_block_of_paragraphs(element: etree._Element) -> int:
    """The most paragraph text one parent holds in its own paragraphs (<p> elements and running text
    written straight into a block, `<div>Text<br><br>Text</div>`), on a page as it came: a story's
    paragraphs share a parent, while comments and teaser cards each sit in one of their own."""
    held: Counter[etree._Element] = Counter()
    for block in element.iter("p", *_LOOSE_HOLDERS):
        length = len(text_of(block)) if block.tag == "p" else _own_text(block)
        if block.tag == "p" or length >= _RUNNING:
            held[block.getparent()] += length
    return max(held.values(), default=0)


def _drop_head_text(element: etree._Element) -> None:
    """A block of the story's head without its text: pictures stay, date lines stay for the date
    finders (the body drops them anyway)."""
    if element.getparent() is None or element.tag in _MEDIA and element.tag != "figure" or element.tag in _KEPT_BEFORE:
        return
    text = " ".join(text_of(element).split())
    if not text or looks_like_date(text) and len(text.split()) <= 15:
        return
    if next(element.iter(*_MEDIA), None) is None:
        remove_keeping_tail(element)
        return
    element.text = None
    for child in list(element):
        if isinstance(child.tag, str):
            _drop_head_text(child)
        child.tail = None


# Embedded social posts: the class their platform's embed code gives them → the platform's name.
_POST_CLASSES = {"twitter-tweet": "X", "twitter-video": "X", "instagram-media": "Instagram", "tiktok-embed": "TikTok",
                 "bluesky-embed": "Bluesky", "threads-post": "Threads", "fb-post": "Facebook", "fb-video": "Facebook",
                 "reddit-embed-bq": "Reddit", "mastodon-embed": "Mastodon", "linkedin-post": "LinkedIn"}
_POST_URL = re.compile(r"twitter\.com/|x\.com/|instagram\.com/(?:p|reel|tv)/|tiktok\.com/@|bsky\.app/profile/|"
                       r"threads\.net/|facebook\.com/|reddit\.com/r/|linkedin\.com/", re.IGNORECASE)
_HANDLE_IN_URL = re.compile(r"(?:twitter\.com|x\.com|threads\.net|tiktok\.com|bsky\.app/profile)/@?([\w.-]+)", re.IGNORECASE)
_HANDLE_IN_TEXT = re.compile(r"\(@([\w.]+)\)")
_NOT_HANDLES = frozenset({"i", "intent", "share", "hashtag", "search", "home", "p", "reel", "tv"})


@lru_cache(maxsize=2048)
def _platform(css_class: str | None) -> str | None:
    """The platform whose embed code gives an element this class, if any (cached: pages repeat classes)."""
    tokens = (css_class or "").split()
    return next((name for cls, name in _POST_CLASSES.items() if cls in tokens), None)


def _posts_as_links(root: etree._Element, base: str) -> None:
    """An embedded post (tweet, Instagram, TikTok ...) reaches a reader as a short link to it
    ('Post by @handle'), not as a copy of its text: the quoted text is the platform's, shown
    there with its context."""
    for element in list(root.iter("blockquote", "div")):
        platform = _platform(element.get("class"))
        if platform is None or element.getparent() is None:
            continue
        urls = [element.get(a) for a in ("cite", "data-instgrm-permalink", "data-href") if element.get(a)]
        urls += [a.get("href", "") for a in element.iter("a")]
        posts = [u for u in urls if _POST_URL.search(u)]
        url = next((u for u in reversed(posts) if re.search(r"/status/|/p/|/reel/|/video/|/post/", u)), posts[-1] if posts else "")
        if not url:
            remove_keeping_tail(element)
            continue
        handle = next((m.group(1) for m in map(_HANDLE_IN_URL.search, [url]) if m and m.group(1).lower() not in _NOT_HANDLES), None)
        handle = handle or next(iter(_HANDLE_IN_TEXT.findall(text_of(element))), None)
        link = etree.Element("p", {EMBED_MARK: "1"})
        anchor = etree.SubElement(link, "a", href=urljoin(base, url.split("?")[0]))
        anchor.text = f"Post by @{handle}" if handle else f"Post on {platform}"
        link.tail = element.tail
        element.getparent().replace(element, link)


_PLAYERS = ((re.compile(r"^(?:https?:)?//(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]{6,})"), "https://www.youtube.com/watch?v={}"),
            (re.compile(r"^(?:https?:)?//player\.vimeo\.com/video/(\d+)"), "https://vimeo.com/{}"),
            (re.compile(r"^(?:https?:)?//(?:www\.)?dailymotion\.com/embed/video/(\w+)"), "https://www.dailymotion.com/video/{}"))


def watch_url(src: str) -> str:
    """A player's page on its platform rather than the bare player a feed reader cannot frame."""
    for pattern, page in _PLAYERS:
        match = pattern.match(src)
        if match:
            return page.format(match.group(1))
    return src


# trafilatura drops the space after an inline element that opens a <div>'s text ('<div><b>Jo
# Tran</b> is a reporter' comes out 'Jo Tranis a reporter'; its open issue #661 on spacing in
# element tails); the space rides through as this mark and is put back after extraction.
SPACE_MARK = "\ue000"
_INLINE = ("a", "b", "strong", "i", "em", "span", "abbr", "time", "font", "u", "small", "sup", "sub", "mark", "cite")


def _keep_spaces_after_inline(root: etree._Element) -> None:
    for element in root.iter(*_INLINE):
        tail = element.tail
        if tail and tail[0].isspace() and tail.strip():
            parent = element.getparent()
            if parent is not None and parent.tag == "div":
                element.tail = SPACE_MARK + tail.lstrip()


def _unwrap_layout_tables(root: etree._Element) -> None:
    """Tables that lay out a page (they hold the headline, or a cell of running text) become plain
    blocks, so the extractor weighs the story apart from the navigation cell beside it."""
    for table in list(root.iter("table")):
        if table.getparent() is None:
            continue
        if not (table.get(HOLDS_HEADLINE) or any(len(text_of(cell).split()) > 80 for cell in table.iter("td"))):
            continue
        for element in list(table.iter("tbody", "thead", "tfoot", "tr")):
            unwrap(element)
        for cell in table.iter("td", "th"):
            cell.tag = "div"
        table.tag = "div"


def _drop_marked_furniture(root: etree._Element, total: int) -> None:
    """Blocks the page classes as furniture (share bars, appeals, related lists, comments), unless
    one holds a third of the page's paragraph text in several paragraphs, or half of it, or the
    blocks of its tag and class together hold half of it: then the class words describe the
    story's wrapper ("article-body paywall", "content has-share-bar") or its paragraphs (a
    metered site classing every paragraph of the story "paywall"), not a one-paragraph appeal
    under a short story."""
    marked = [e for e in root.iter() if isinstance(e.tag, str) and e.tag not in ("html", "body") and is_junk(e)]
    groups: dict[tuple[str, str], list[etree._Element]] = {}
    for element in marked:
        groups.setdefault((element.tag, element.get("class") or ""), []).append(element)
    alike: dict[tuple[str, str], int] = {}  # paragraph text of each tag and class, judged when needed
    dropped: set[etree._Element] = set()
    for element in marked:
        if any(a in dropped for a in element.iterancestors()):
            continue
        own = list(paragraphs(element))
        if total and (sum(own) > total / 3 and len(own) > 1 or sum(own) > total / 2):
            continue
        key = (element.tag, element.get("class") or "")
        if total and own and key[1] and len(groups[key]) > 1:  # without paragraphs of its own it loses none
            if key not in alike:
                alike[key] = sum(paragraph_text(e) for e in groups[key])
            if alike[key] > total / 2:
                continue
        dropped.add(element)
        remove_keeping_tail(element)


_ENTRY_WORDS = 8
_WITH_THREE_CHILDREN = etree.XPath("//*[count(*) >= 3]")


def _entries_without_labels(root: etree._Element, total: int) -> None:
    """A story told in like entries (a live blog's posts, a gallery's slides: three or more siblings
    of one shape, each with a time or a picture; posts saying more than the rest of the page's
    paragraph text `total`) keeps what each entry says, not how the page labels
    it: a live post's time, author and share line go, and a slide becomes a figure whose caption has
    no counter ('3 / 12') or credit, each caption once."""
    seen: set[str] = set()
    for entries in like_siblings(root):
        if _most(entries, _is_post) and _hold_most(entries, total):
            for entry in entries:
                _drop_entry_labels(entry)
                entry.set(ENTRY_MARK, "1")
        elif _most(entries, _is_slide):
            for entry in entries:
                _as_figure(entry, seen)


_CLOCK = re.compile(r"(?<!\d)(?<!\d[.:])\d{1,2}[:.h]\d{2}(?!\d|[.:]\d)")  # a time, not a date's 12.03.2024
_LABEL_WORDS = 6


def _drop_inline_time_labels(root: etree._Element) -> None:
    """A ticker written as plain paragraphs, each opening with its time in bold ('Update, 11.42
    Uhr:', '9:05 a.m. -'): three or more such paragraphs side by side keep what they say, not
    their labels."""
    for parent in _WITH_THREE_CHILDREN(root):
        labels = [label for p in parent if p.tag == "p" and (label := _time_label(p)) is not None]
        if len(labels) >= 3:
            for label in labels:
                label.tail = (label.tail or "").lstrip(" :–—-\u00a0")
                remove_keeping_tail(label)


def _time_label(paragraph: etree._Element) -> etree._Element | None:
    """A paragraph's opening bold label, when it is a few words with a clock time and text follows."""
    if (paragraph.text or "").strip() or not len(paragraph):
        return None
    label = paragraph[0]
    if label.tag not in ("strong", "b"):
        return None
    text = " ".join(text_of(label).split())
    if not text or len(text.split()) > _LABEL_WORDS or not _CLOCK.search(text) or not (label.tail or "").strip():
        return None
    return label


def like_siblings(root: etree._Element) -> Iterator[list[etree._Element]]:
    """Groups of three or more siblings of one shape (tag and class): cards, posts, slides."""
    for parent in _WITH_THREE_CHILDREN(root):
        children = [c for c in parent if isinstance(c.tag, str)]
        shape, count = Counter((c.tag, c.get("class")) for c in children).most_common(1)[0]
        if count >= 3:
            yield [c for c in children if (c.tag, c.get("class")) == shape]


def _hold_most(entries: list[etree._Element], total: int) -> bool:
    """Whether the entries say more than the page's paragraphs outside them (a live blog's posts are
    its story; a list of the latest headlines beside a story is not)."""
    own = sum(len(text_of(e)) for e in entries)
    inside = sum(paragraph_text(e) for e in entries)
    return own >= total - inside


def _most(entries: list[etree._Element], test: Callable[[etree._Element], bool]) -> bool:
    """Whether two thirds of the entries, and at least three, pass the test (judged no further than needed)."""
    needed = max(3, 2 * len(entries) / 3)
    passed = 0
    for index, entry in enumerate(entries):
        passed += test(entry)
        if passed >= needed:
            return True
        if passed + len(entries) - index - 1 < needed:
            return False
    return False


def _is_post(entry: etree._Element) -> bool:
    """A live post: a time (a <time>, a time label, a timestamp attribute) and something to say in
    its own words (not a link to another story with its time, as lists of the latest news are)."""
    timed = entry.find(".//time") is not None or any(n.startswith("data-") and ("time" in n or "date" in n)
                                                      for n in entry.attrib) \
        or any(TIME_LABEL.match(t) for t in islice((t for t in entry.itertext() if t.strip()), 3))
    if not timed:
        return False
    words = len(text_of(entry).split())
    linked = sum(len(text_of(a).split()) for a in entry.iter("a"))
    return words >= _ENTRY_WORDS + 2 and linked < words / 2


def _is_slide(entry: etree._Element) -> bool:
    """A gallery's slide: one picture and a short text beside it, not a teaser linking elsewhere."""
    words = len(text_of(entry).split())
    return len(_pictures(entry)) == 1 and 3 <= words <= 90 and len(entry.findall(".//p")) <= 1 \
        and not any(len(text_of(a).split()) >= 3 and not (a.get("href") or "#").startswith("#")
                    for a in entry.iter("a"))


def _pictures(entry: etree._Element) -> list[etree._Element]:
    """An entry's images, without the copies in <noscript> for readers without scripts (a lazily
    loaded picture is one picture, not two)."""
    return [i for i in entry.iter("img") if not any(a.tag == "noscript" for a in i.iterancestors())]


def _drop_entry_labels(entry: etree._Element) -> None:
    """A live post without its time label and the short line holding it (author, share)."""
    marks = [t for t in entry.iter("time")]
    marks += [e for e in entry.iter() if isinstance(e.tag, str) and e is not entry and not len(e)
              and is_entry_label(" ".join((e.text or "").split()))]
    for mark in marks:
        if mark.getparent() is None or any(a.tag == "blockquote" for a in mark.iterancestors()):
            continue  # an embedded post's own date stays with it
        holder = mark
        while holder.getparent() is not None and holder.getparent() is not entry \
                and len(text_of(holder.getparent()).split()) <= _ENTRY_WORDS \
                and holder.getparent().find(".//p") is None and next(holder.getparent().iter(*HEADINGS), None) is None:
            holder = holder.getparent()
        if len(text_of(holder).split()) <= _ENTRY_WORDS and holder.tag not in HEADINGS and holder.tag != "p" \
                or holder.tag in HEADINGS and is_entry_label(text_of(holder)):
            remove_keeping_tail(holder)
    for tool in [e for e in entry.iter("a", "button") if len(text_of(e).split()) <= 3]:
        holder = tool
        while holder.getparent() is not None and holder.getparent() is not entry \
                and " ".join(text_of(holder.getparent()).split()) == " ".join(text_of(tool).split()):
            holder = holder.getparent()
        if holder is not tool or tool.getparent() is entry:  # a link or button on a line of its own: 'Share'
            remove_keeping_tail(holder)


# A slide's byline is its photographer's credit.
_SLIDE_BYLINE = re.compile(r"(^|[\s_-])(byline|by-?line|photo-?by|author)($|[\s_-])", re.IGNORECASE)
_CAPTION_BLOCKS = ("p", "div")


def _beside_caption(element: etree._Element, text: str) -> bool:
    """A slide's tool ('Buy Now', 'Download', 'Share'): a short link or button beside the caption's
    text block rather than in its sentences, or in a row of such tools."""
    if element.tag not in ("a", "button") or not 0 < len(text.split()) <= 3 or any(a.tag == "p" for a in element.iterancestors()):
        return False
    parent = element.getparent()
    if parent is None:
        return False
    if any(c.tag in _CAPTION_BLOCKS for c in parent if c is not element):
        return True
    links = [" ".join(text_of(a).split()) for a in parent.iter("a", "button")]
    return len(links) > 1 and " ".join(text_of(parent).split()) == " ".join(links)  # a row of tools: 'Buy photo Share'


def _as_figure(slide: etree._Element, seen: set[str]) -> None:
    """A slide as a figure: its picture, and its caption without counter or credit (once per page)."""
    image = slide.find(".//img")
    tools = [e for e in slide.iter("a", "button") if _beside_caption(e, " ".join(text_of(e).split()))]
    for tool in tools:
        remove_keeping_tail(tool)
    for element in [e for e in slide.iter() if isinstance(e.tag, str) and e is not slide]:
        if element.getparent() is None or element.tag == "img" or element.find(".//img") is not None:
            continue
        text = " ".join(text_of(element).split())
        marks = f"{element.get('class', '')} {element.get('id', '')}"
        if CREDIT_CLASS.search(marks) or _SLIDE_BYLINE.search(marks) or is_credit(text) or text and is_entry_label(text):
            remove_keeping_tail(element)
    caption = " ".join(" ".join(t for t in slide.itertext()).split())
    figure = etree.Element("figure")
    if image is not None:
        figure.append(deepcopy(image))
        figure[0].tail = None
    key = fold(caption)
    if caption and key not in seen:
        seen.add(key)
        etree.SubElement(figure, "figcaption").text = caption
    elif image is None:
        remove_keeping_tail(slide)
        return
    figure.tail = slide.tail
    parent = slide.getparent()
    if parent is not None:
        parent.replace(slide, figure)


_LABEL_TAGS = ("h2", "h3", "h4", "h5", "h6", "div", "p", "span", "strong", "b", "header", "legend", "label")


def _drop_comments(root: etree._Element) -> None:
    """Readers' comments, whatever their classes say: a heading that names them ('Komentarze (3)',
    'Yorumlar') followed by readers' posts (short, each opening with its writer's name) or a form to
    write one; from the heading to the end of its container, the whole container when the heading
    opens it."""
    for label in [e for e in root.iter(*_LABEL_TAGS) if not len(e) or e.tag in HEADINGS or e.tag == "header"]:
        text = label.text if not len(label) else "".join(label.itertext())
        if not text or len(text) > 60 or not is_comments_label(" ".join(text.split())):
            continue
        if label.getparent() is None or label.get(HOLDS_HEADLINE) or any(a.tag == "a" for a in label.iterancestors()):
            continue
        following = [s for s in label.itersiblings() if isinstance(s.tag, str)]
        posts = [e for s in following for e in (s, *s) if isinstance(e.tag, str) and looks_like_post(e)]
        if len(posts) < 2 and not any(s.tag == "textarea" or s.find(".//textarea") is not None for s in following):
            continue
        unit = label
        while unit.getparent() is not None and unit.getparent().tag not in ("body", "html") \
                and not unit.getparent().get(HOLDS_HEADLINE) and unit.getprevious() is None \
                and not (unit.getparent().text or "").strip():
            unit = unit.getparent()
        if unit is label:
            for sibling in following:
                remove_keeping_tail(sibling)
        remove_keeping_tail(unit)
    for textarea in list(root.iter("textarea")):  # no heading: readers' posts beside a form to write one
        for parent in [a for a in textarea.iterancestors()][:4]:
            if parent.get(HOLDS_HEADLINE) or parent.tag in ("body", "html"):
                break
            lists = [c for c in parent.iter() if c.getparent() is not None and len(c) >= 3
                     and _most([e for e in c if isinstance(e.tag, str)], looks_like_post)]
            if lists:
                for posts in lists:
                    remove_keeping_tail(posts)
                break


_BOXES = frozenset({"div", "section", "aside", "p", "form", "footer", "blockquote", "ul", "table", "center"})


def _drop_appeal_boxes(root: etree._Element, total: int) -> None:
    """Boxes asking the reader for support (donate, become a member, subscribe), whatever their
    wording: the largest short block around a call-to-action link to a support page that does
    not hold the headline or story paragraphs."""
    links = [a for a in root.iter("a") if SUPPORT_HREF.search(a.get("href") or "") or _button(a)]
    if not links:
        return
    dropped: set[etree._Element] = set()
    for link in links:
        if any(a in dropped for a in link.iterancestors()):
            continue
        box = None
        for ancestor in link.iterancestors():
            if ancestor.tag in ("body", "html", "article", "main") or ancestor.get(HOLDS_HEADLINE):
                break
            text = text_of(ancestor)
            if len(text.split()) > 150 or total and len(text) > total / 2:  # the story around the box
                break
            if ancestor.tag in _BOXES:
                box = ancestor
        if box is None:
            continue
        anchors = [(a.get("href") or "", " ".join(text_of(a).split()), _button(a)) for a in box.iter("a")]
        if is_appeal_box(" ".join(text_of(box).split()), anchors):
            dropped.add(box)
            remove_keeping_tail(box)


def _button(link: etree._Element) -> bool:
    """A link standing alone on its line (alone in its block, or between blocks) that says what to do
    ('Jetzt Mitglied werden'): a button."""
    label = " ".join(text_of(link).split())
    parent = link.getparent()
    alone = parent is not None and (" ".join(text_of(parent).split()) == label or _between_blocks(link))
    return alone and 0 < len(label.split()) <= 6 and bool(CALL_TO_ACTION.search(label))


def _between_blocks(element: etree._Element) -> bool:
    """An element on a line of its own among blocks: no text beside it, block neighbours."""
    before, after = element.getprevious(), element.getnext()
    text_before = before.tail if before is not None else element.getparent().text
    if (text_before or "").strip() or (element.tail or "").strip():
        return False
    return all(n is None or isinstance(n.tag, str) and n.tag not in _INLINE_TAGS for n in (before, after))


def _drop_lists_of_other_stories(root: etree._Element) -> None:
    """Teaser lists (related, more-from, recirculation): three or more sibling cards of one shape,
    each with a heading linking to another page; their teaser paragraphs read like a story's."""
    lists = []
    for cards in like_siblings(root):
        if _most(cards, _is_card):
            lists.append(cards[0].getparent())
    dropped: set[etree._Element] = set()
    for element in lists:
        if element.get(HOLDS_HEADLINE) or any(a in dropped for a in element.iterancestors()):
            continue
        dropped.add(element)
        remove_keeping_tail(element)


def _is_card(element: etree._Element) -> bool:
    """A teaser card: a heading that is, or sits in, a link to another page, and a line or two of
    teaser (a roundup's items, with a link in each heading, have paragraphs of their own)."""
    if len(text_of(element).split()) > _TEASER_WORDS:
        return False
    for heading in element.iter(*HEADINGS):
        linked = heading.find(".//a[@href]") is not None or any(a.tag == "a" and a.get("href") for a in heading.iterancestors())
        if linked:
            href = next((a.get("href", "") for a in (*heading.iterancestors("a"), *heading.iter("a"))), "")
            if href and not href.startswith("#"):
                return True
    return False


@lru_cache(maxsize=256)
def compiled_css(selector: str) -> CSSSelector | None:
    """Profiles repeat the same few selectors on every page; compile each once."""
    try:
        return CSSSelector(selector, translator="html")
    except Exception:  # a selector the lxml dialect rejects; the profile loader reports it
        return None
