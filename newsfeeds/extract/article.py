"""Article pages → fields, each from the most trustworthy layer that has it, with its provenance.

A page is parsed once into a context (newsfeeds.extract.context); each field is read by its own
module in newsfeeds.extract.fields, layer by layer in the one order newsfeeds.extract.layers
defines: a profile selector marked `first`, JSON-LD, meta tags, microdata, a profile selector
marked `fallback`, then heuristics (visible text near the headline, the URL, the main-text
extractor). No crawling, no I/O: testable from a saved file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsfeeds.extract.context import PageContext
from newsfeeds.extract.fields import author, body, dates, image, section, summary, tags, title, url
from newsfeeds.extract.layers import Extracted

__all__ = ["ArticleFields", "ArticlePage", "Extracted"]

# Field name → the module that reads it (each has `read(context) -> Extracted | None`).
FIELDS = {"title": title, "tags": tags, "author": author, "section": section, "summary": summary, "body": body,
          "image": image}


@dataclass
class ArticleFields:
    """What one article page yields before normalizing: raw values plus provenance per field."""

    url: str
    response_url: str
    title: str | None = None
    published: list[tuple[str, str]] = field(default_factory=list)
    modified: list[tuple[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    author: str | None = None
    section: str | None = None
    summary: str | None = None
    body: str | None = None
    image: str | None = None
    sources: dict[str, str] = field(default_factory=dict)


class ArticlePage(PageContext):
    """One fetched article page and its fields."""

    def field(self, name: str) -> Extracted | None:
        """One field's value and source ('url', 'title', ... 'image')."""
        if name == "url":
            return self.memo("url", lambda: url.read(self))
        return FIELDS[name].read(self)

    def fields(self) -> ArticleFields:
        """All fields at once, with the layer each came from."""
        canonical = self.memo("url", lambda: url.read(self))
        result = ArticleFields(url=canonical.value, response_url=self.url)
        result.sources["url"] = canonical.source
        for name, module in FIELDS.items():
            extracted = module.read(self)
            if extracted is not None and extracted.value:
                setattr(result, name, extracted.value)
                result.sources[name] = extracted.source
        result.published = dates.published(self)
        result.modified = dates.modified(self)
        return result
