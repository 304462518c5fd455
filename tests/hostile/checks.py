"""Readers of the crawl's output as a hostile-input test needs them: every feed file parsed three ways,
and every string in them searched for markup or URLs that would run in a reader."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import feedparser
from lxml import etree
from lxml import html as lxml_html

FEED_SUFFIXES = (".rss", ".atom", ".json")
DANGER = re.compile(
    r"<script|javascript:|vbscript:|livescript:|\bon[a-z]+\s*=|<iframe|<frame|<svg|<math|<object|<embed|<applet|"
    r"<style|<meta|http-equiv|<form|<base|<link|<template|data:text/html|data:image/svg|srcdoc|expression\(",
    re.IGNORECASE,
)
# index.html is our own page: its <meta>, <link rel=alternate> and <style> are expected; nothing else active.
INDEX_FORBIDDEN_TAGS = frozenset({"script", "iframe", "frame", "svg", "math", "object", "embed", "applet", "form",
                                  "base", "template", "img"})
# The site table's sparklines: an <svg> of plain bars, and only these elements and attributes in it.
SPARKLINE_TAGS = frozenset({"svg", "rect", "title"})
SPARKLINE_ATTRIBUTES = frozenset({"xmlns", "width", "height", "viewbox", "role", "aria-label", "x", "y", "fill"})
_RAW_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CHAR_REF = re.compile(r"&#(x[0-9a-f]+|[0-9]+);", re.IGNORECASE)


def forbidden_xml_characters(text: str) -> list[str]:
    """Characters XML 1.0 forbids, raw or as character references, and lone surrogates."""
    found = [repr(c) for c in _RAW_FORBIDDEN.findall(text)]
    for ref in _CHAR_REF.findall(text):
        code = int(ref[1:], 16) if ref[0] in "xX" else int(ref)
        if code < 0x20 and code not in (0x9, 0xA, 0xD) or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
            found.append(f"&#{ref};")
    return found


def dangers(text: str) -> list[str]:
    """Dangerous markup or URLs in a string, also once and twice entity-decoded (a reader may decode)."""
    found: list[str] = []
    for _ in range(3):
        found += DANGER.findall(text)
        text = html.unescape(text)
    return found


def feed_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in FEED_SUFFIXES)


def json_strings(value: Any) -> Iterator[str]:
    """Every string in a JSON document, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


def xml_strings(root: etree._Element) -> Iterator[str]:
    """Every text node and attribute value of an XML document: what a reader may render."""
    for element in root.iter():
        if isinstance(element.tag, str):
            yield from element.attrib.values()
        if element.text:
            yield element.text
        if element.tail:
            yield element.tail


@dataclass
class FeedFile:
    """One feed file, checked to be complete and parsed."""

    path: Path
    data: bytes

    @property
    def is_json(self) -> bool:
        return self.path.suffix == ".json"

    def document(self) -> Any:
        return json.loads(self.data.decode("utf-8"))

    def strings(self) -> list[str]:
        if self.is_json:
            return list(json_strings(self.document()))
        return list(xml_strings(etree.fromstring(self.data)))

    def problems(self) -> list[str]:
        """Why this file is not a complete, valid feed ([] when it is)."""
        try:
            if self.is_json:
                document = self.document()
                version, items = document.get("version"), document.get("items")
                if version != "https://jsonfeed.org/version/1.1" or not isinstance(items, list):
                    return ["not a JSON Feed 1.1 document"]
                return []
            etree.fromstring(self.data)
        except (ValueError, etree.XMLSyntaxError) as exc:
            return [f"does not parse: {exc}"]
        parsed = feedparser.parse(self.data)
        if parsed.bozo:
            return [f"feedparser bozo: {parsed.get('bozo_exception')}"]
        if not parsed.entries:
            return ["no entries"]
        return []


def read_feeds(root: Path) -> list[FeedFile]:
    return [FeedFile(p, p.read_bytes()) for p in feed_files(root)]


def index_problems(path: Path) -> list[str]:
    """Active content in index.html: forbidden elements, handlers, script URLs, dangerous text."""
    document = lxml_html.fromstring(path.read_bytes())
    problems = []
    sparklines = {e for svg in document.iter("svg") if _plain_bars(svg) for e in svg.iter()}
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in INDEX_FORBIDDEN_TAGS and element not in sparklines:
            problems.append(f"<{element.tag}> element")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                problems.append(f"{name}= on <{element.tag}>")
            if dangers(value):
                problems.append(f"{name}={value!r} on <{element.tag}>")
        if element.tag != "style":
            for text in (element.text, element.tail):
                if text and dangers(text):
                    problems.append(f"text {text.strip()[:80]!r}")
    return problems


def _plain_bars(svg: Any) -> bool:
    """An <svg> holding nothing but bars and their tooltips, with no attribute that could act."""
    return all(isinstance(e.tag, str) and e.tag in SPARKLINE_TAGS and set(map(str.lower, e.attrib)) <= SPARKLINE_ATTRIBUTES
               for e in svg.iter())


def items_by_path(feed: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A JSON Feed's items keyed by their URL's path."""
    from urllib.parse import urlsplit

    return {urlsplit(item["url"]).path: item for item in feed["items"]}
