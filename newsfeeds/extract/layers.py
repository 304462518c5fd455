"""The order in which every field of an article is read, written once.

Each field module gives, per layer, the readers it has; `first` returns the value of the first layer
that has one (title, author, body ...), `gathered` every candidate in layer order (dates, which the
date ranking then chooses among). A profile's selectors are the `selector` (`when = "first"`) and
`fallback` (`when = "fallback"`) layers of every field, read the same way for all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from newsfeeds.extract import metadata as md
from newsfeeds.extract.context import PageContext
from newsfeeds.html import clean_text

LAYERS = ("selector", "jsonld", "meta", "microdata", "fallback", "heuristic")
# The profile's selectors: layer → (the rule's `when`, the source label of what they select).
_PROFILE_LAYERS = {"selector": ("first", "selector"), "fallback": ("fallback", "selector:fallback")}

T = TypeVar("T")


@dataclass
class Extracted:
    """A field's value and the layer that produced it."""

    value: Any
    source: str


Reader = Callable[[PageContext], T]
Readers = Mapping[str, Sequence[Reader[T]]]


Selected = Callable[[PageContext, list[Any], str], T]


def layered(field: str, selected: Selected[T], **readers: Sequence[Reader[T]]) -> dict[str, list[Reader[T]]]:
    """A field's readers by layer: the profile's selectors (their nodes turned into a value by
    `selected`, given the layer's source label) and the field's own readers for the other layers."""
    unknown = set(readers) - set(LAYERS)
    if unknown:
        raise ValueError(f"unknown layers for {field}: {sorted(unknown)}")
    table: dict[str, list[Reader[T]]] = {layer: list(readers.get(layer, ())) for layer in LAYERS}
    for layer, (when, label) in _PROFILE_LAYERS.items():
        table[layer].insert(0, _profile_reader(field, when, label, selected))
    return table


def _profile_reader(field: str, when: str, label: str, selected: Selected[T]) -> Reader[T]:
    def read(ctx: PageContext) -> T:
        return selected(ctx, ctx.select(ctx.rule(field, when)), label)
    return read


def first(ctx: PageContext, readers: Readers[Extracted | None]) -> Extracted | None:
    """The first value in layer order."""
    for layer in LAYERS:
        for reader in readers.get(layer, ()):
            found = reader(ctx)
            if found is not None and found.value:
                return found
    return None


def gathered(ctx: PageContext, readers: Readers[list[tuple[str, str]]]) -> list[tuple[str, str]]:
    """Every candidate, layer by layer."""
    return [pair for layer in LAYERS for reader in readers.get(layer, ()) for pair in reader(ctx)]


def jsonld_text(key: str) -> Reader[Extracted | None]:
    """A reader of the article's JSON-LD node: the first non-empty text it gives for `key`."""
    def read(ctx: PageContext) -> Extracted | None:
        for value in md.text_values(ctx.jsonld.get(key)):
            if clean_text(value):
                return Extracted(clean_text(value), "jsonld")
        return None
    return read


def meta_text(names: tuple[str, ...]) -> Reader[Extracted | None]:
    """A reader of the page's meta tags: the first non-empty one of `names`."""
    def read(ctx: PageContext) -> Extracted | None:
        found = ctx.meta_first(names)
        return Extracted(clean_text(found[0]), found[1]) if found else None
    return read


def first_text(ctx: PageContext, nodes: list[Any], label: str) -> Extracted | None:
    """Selected nodes → the first non-empty text, for fields that are one string."""
    texts = texts_of(nodes)
    return Extracted(texts[0], "selector") if texts else None


def texts_of(nodes: list[Any]) -> list[str]:
    """Selected nodes as text: strings as they are, elements by content/datetime or their text."""
    texts = []
    for node in nodes:
        if isinstance(node, str):
            texts.append(clean_text(node))
        else:
            attrs = node.attrib
            value = attrs.get("content") or attrs.get("datetime") or " ".join(node.xpath(".//text()"))
            texts.append(clean_text(value))
    return [t for t in texts if t]
