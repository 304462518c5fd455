"""Extraction time per page: newsfeeds' whole reading path (decode, extract, normalize: what a
worker does per article) against trafilatura's body extraction alone, on the synthetic site's
article pages and on a heavy page of about 150 KB (a long story inside a real publisher's weight of
navigation, related stories, comments and script state)."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from newsfeeds.normalize import NormalizeRules
from newsfeeds.profiles import Profile, generic_profile
from newsfeeds.workers import read_article

NOW = datetime(2026, 2, 17, 12, 0, tzinfo=timezone.utc)


def heavy_page(target: int = 150_000) -> bytes:
    """A 12-paragraph story padded with furniture to about `target` bytes."""
    story = "".join(f"<p>Paragraph {i} of the story: the council met on Tuesday and heard from residents, engineers "
                    f"and the harbour authority about the plan, which would cost about {i * 3} million over ten years, "
                    "officials said, adding that a vote was expected before the summer recess.</p>" for i in range(12))
    nav = "<nav class='main-nav'><ul>" + "".join(f"<li><a href='/s{i}/'>Section {i}</a></li>" for i in range(80)) + "</ul></nav>"
    related = "<section class='related'><ul>" + "".join(
        f"<li class='card'><a href='/news/{i}'><h3>Other headline number {i} about something else</h3></a>"
        f"<p>Teaser {i}: a sentence or two about another story that the site wants you to read next.</p></li>"
        for i in range(40)) + "</ul></section>"
    comments = "<div id='comments' class='comments'>" + "".join(
        f"<div class='comment'><span class='comment-author'>reader{i}</span><p>Comment {i}: I have lived here for "
        "years and this is the first time anyone has asked us what we think.</p></div>" for i in range(60)) + "</div>"
    state = "<script>window.__STATE__=" + json.dumps({"items": [{"id": i, "title": f"Item {i}", "body": "x" * 200}
                                                            for i in range(200)]}) + ";</script>"
    head = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Harbour plan approved | Heavy Times</title>"
            "<meta property='og:title' content='Harbour plan approved'>"
            "<meta property='article:published_time' content='2026-02-16T10:00:00+01:00'></head><body>")
    page = (head + nav + "<main><article><h1>Harbour plan approved</h1><p class='byline'>By A. Writer</p>" + story
            + "</article>" + related + comments + "</main><footer class='site-footer'>" + nav + "</footer>")
    while len(page) + len(state) < target:
        page += "<div class='ad-slot'><script>googletag.cmd.push(function(){googletag.display('slot');});</script></div>"
    return (page + state + "</body></html>").encode("utf-8")


def _times(pages: list[tuple[str, bytes]], read: Callable[[str, bytes], object], repeat: int) -> list[float]:
    found = []
    for _ in range(repeat):
        for url, body in pages:
            started = time.perf_counter()
            read(url, body)
            found.append((time.perf_counter() - started) * 1000)
    return found


def ours(profile: Profile) -> Callable[[str, bytes], object]:
    rules = NormalizeRules()
    return lambda url, body: read_article(profile.name, url, body, "text/html; charset=utf-8", profile, NOW, [], rules)


def trafilatura_body(url: str, body: bytes) -> object:
    import trafilatura

    return trafilatura.extract(body.decode("utf-8", "replace"), url=url, output_format="html",
                               include_comments=False, include_images=True, include_links=True)


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"{statistics.median(ordered):.1f} / {p95:.1f} ms"


def measure(site_dir: Path, origin: str, profile: Profile, sample: int = 200) -> list[tuple[str, str, str]]:
    """(what, newsfeeds median/p95, trafilatura median/p95) for the synthetic pages and the heavy page."""
    files = sorted(site_dir.rglob("details/index.html"))[:sample] or sorted(site_dir.rglob("*details*"))[:sample]
    synthetic = [(origin + "/" + str(f.parent.relative_to(site_dir)), f.read_bytes()) for f in files if f.is_file()]
    heavy = [("https://heavy.example/2026/02/16/harbour-plan", heavy_page())]
    ours(profile)(*synthetic[0]) if synthetic else None  # warm imports and caches
    trafilatura_body(*heavy[0])
    rows = []
    for label, pages, repeat, site_profile in (
            (f"synthetic article pages ({len(synthetic)}, ~{_kb(synthetic)} KB)", synthetic, 1, profile),
            (f"heavy page ({_kb(heavy)} KB), 30 runs", heavy, 30, generic_profile(heavy[0][0]))):
        if not pages:
            continue
        rows.append((label, summary(_times(pages, ours(site_profile), repeat)),
                     summary(_times(pages, trafilatura_body, repeat))))
    return rows


def _kb(pages: list[tuple[str, bytes]]) -> int:
    return round(statistics.mean(len(b) for _, b in pages) / 1024) if pages else 0
