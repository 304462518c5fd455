"""Saved article pages in the shapes real publishers use (tests/pages/<case>/inputs/page.html with
inputs/meta.json), extracted exactly as a crawl would, against the values each page states
(output.json). Dates compare as instants when the page gives a time, as days when it gives a date."""

from __future__ import annotations

import json
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
    html = (folder / "inputs" / "page.html").read_text(encoding="utf-8")
    if "profile" in meta:
        profile = load_profile(Path(__file__).parent.parent / meta["profile"])
    else:
        profile = generic_profile(meta["url"], meta.get("timezone"))
    article = extract_page(meta["url"], html, profile, fetched_at=FETCHED)
    expected = json.loads((folder / "output.json").read_text(encoding="utf-8"))
    return report(article, InputPage(case, meta["url"])), expected


def same_moment(got: str | None, want: str) -> bool:
    """Instants compare as instants (any offset); plain dates must stay plain dates."""
    if got is None:
        return False
    if "T" not in want:
        return "T" not in got and date.fromisoformat(got) == date.fromisoformat(want)
    return "T" in got and datetime.fromisoformat(got) == datetime.fromisoformat(want)


def same_day(got: str | None, want: str) -> bool:
    """The day the page states, read in the page's own offset."""
    return got is not None and got[:10] == want[:10]


@pytest.mark.parametrize("case", CASES)
def test_saved_page(case: str) -> None:
    result, expected = extracted(case)
    for key, want in expected.items():
        if key == "sources":
            for field, source in want.items():
                assert result["sources"].get(field) == source, (case, field, result["sources"])
        elif key in ("published", "modified"):
            assert same_moment(result[key], want), (case, key, result[key], want, result["sources"])
        elif key == "tags":
            assert sorted(result["tags"]) == sorted(want), (case, result["tags"], result["sources"].get("tags"))
        else:
            assert result[key] == want, (case, key, result[key], result["sources"].get(key))


def test_the_fixture_set_is_broad() -> None:
    assert len(CASES) >= 45


def scores() -> dict[str, tuple[int, int]]:
    """Right title / right day / exact instant over the fixture set, as (right, total)."""
    title = day = instant = 0
    titled = dated = timed = 0
    for case in CASES:
        result, expected = extracted(case)
        if "title" in expected:
            titled += 1
            title += result["title"] == expected["title"]
        if "published" in expected:
            dated += 1
            day += same_day(result["published"], expected["published"])
            if "T" in expected["published"]:
                timed += 1
                instant += same_moment(result["published"], expected["published"])
    return {"title": (title, titled), "day": (day, dated), "instant": (instant, timed)}


def test_scores_meet_the_targets() -> None:
    measured = scores()
    for name, target in (("title", 0.95), ("day", 0.97), ("instant", 0.92)):
        right, total = measured[name]
        assert right / total >= target, measured


if __name__ == "__main__":
    for name, (right, total) in scores().items():
        print(f"{name}: {right}/{total}")
