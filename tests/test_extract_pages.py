"""Saved article pages in the shapes real publishers use (tests/pages/<case>/inputs/page.html with
inputs/meta.json), read from their bytes exactly as a crawl reads them, against the values each page
states (output.json). Dates compare as instants when the page gives a time, as days when it gives a
date; a body (`text`) by word-shingle F1 against the story's own text, with strings that must never
reach it (`absent`) and images that must (`images`)."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from newsfeeds.commands.extract import extract_page, report
from newsfeeds.commands.extract import Page as InputPage
from newsfeeds.profiles import generic_profile, load_profile

PAGES = Path(__file__).parent / "pages"
CASES = sorted(p.name for p in PAGES.iterdir() if (p / "output.json").exists())
FETCHED = datetime(2026, 2, 17, 12, 0, tzinfo=timezone.utc)


def extracted(case: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The `scrapy extract` JSON for a case's page, and the case's expected values."""
    folder = PAGES / case
    meta = json.loads((folder / "inputs" / "meta.json").read_text(encoding="utf-8"))
    data = (folder / "inputs" / "page.html").read_bytes()
    if "profile" in meta:
        profile = load_profile(Path(__file__).parent.parent / meta["profile"])
    else:
        profile = generic_profile(meta["url"], meta.get("timezone"))
    article = extract_page(meta["url"], data, profile, fetched_at=FETCHED)
    expected = json.loads((folder / "output.json").read_text(encoding="utf-8"))
    return report(article, InputPage(case, meta["url"]), with_body=True, with_text=True), expected


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return Counter(tuple(words[i:i + size]) for i in range(max(1, len(words) - size + 1)))


def body_scores(got: str, want: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of word 4-shingles, as extraction benchmarks score bodies."""
    a, b = shingles(got), shingles(want)
    overlap = sum((a & b).values())
    precision = overlap / sum(a.values()) if a else 0.0
    recall = overlap / sum(b.values()) if b else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if overlap else 0.0)


def same_moment(got: str | None, want: str | None) -> bool:
    """Instants compare as instants (any offset); plain dates must stay plain dates; a page that
    states no date (`null`) must get none."""
    if got is None or want is None:
        return got is None and want is None
    if "T" not in want:
        return "T" not in got and date.fromisoformat(got) == date.fromisoformat(want)
    return "T" in got and datetime.fromisoformat(got) == datetime.fromisoformat(want)


def same_day(got: str | None, want: str | None) -> bool:
    """The day the page states, read in the page's own offset (none when it states none)."""
    if got is None or want is None:
        return got is None and want is None
    return got[:10] == want[:10]


@pytest.mark.parametrize("case", CASES)
def test_saved_page(case: str) -> None:
    result, expected = extracted(case)
    assert "\ue000" not in (result["body"] or ""), case  # the mark that keeps spaces through trafilatura
    for key, want in expected.items():
        if key == "sources":
            for field, source in want.items():
                assert result["sources"].get(field) == source, (case, field, result["sources"])
        elif key in ("published", "modified"):
            assert same_moment(result[key], want), (case, key, result[key], want, result["sources"])
        elif key == "tags":
            assert sorted(result["tags"]) == sorted(want), (case, result["tags"], result["sources"].get("tags"))
        elif key == "text":
            precision, recall, f1 = body_scores(result["text"], want)
            assert f1 >= 0.95, (case, round(precision, 3), round(recall, 3), result["sources"].get("body"), result["text"])
        elif key == "absent":
            for text in want:
                assert text not in (result["body"] or ""), (case, text, result["text"])
        elif key == "images":
            for url in want:
                assert f'src="{url}"' in (result["body"] or ""), (case, url, result["body"])
        else:
            assert result[key] == want, (case, key, result[key], result["sources"].get(key))


def test_the_fixture_set_is_broad() -> None:
    assert len(CASES) >= 45


def scores() -> dict[str, tuple[float, float]]:
    """Right title / right day / exact instant over the fixture set, as (right, total); body F1 summed."""
    title = day = instant = 0
    titled = dated = timed = 0
    bodies: list[tuple[float, float, float]] = []
    for case in CASES:
        result, expected = extracted(case)
        if "text" in expected:
            bodies.append(body_scores(result["text"], expected["text"]))
        if "title" in expected:
            titled += 1
            title += result["title"] == expected["title"]
        if "published" in expected:
            dated += 1
            day += same_day(result["published"], expected["published"])
            if "T" in (expected["published"] or ""):
                timed += 1
                instant += same_moment(result["published"], expected["published"])
    found = {"title": (title, titled), "day": (day, dated), "instant": (instant, timed)}
    for index, name in enumerate(("body precision", "body recall", "body F1")):
        found[name] = (sum(b[index] for b in bodies), len(bodies))
    return found


def test_scores_meet_the_targets() -> None:
    measured = scores()
    for name, target in (("title", 0.95), ("day", 0.97), ("instant", 0.92), ("body F1", 0.96)):
        right, total = measured[name]
        assert right / total >= target, measured


if __name__ == "__main__":
    for name, (right, total) in scores().items():
        print(f"{name}: {right:g}/{total} = {right / total:.3f}")
