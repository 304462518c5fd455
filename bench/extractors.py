"""Extraction quality on our saved pages (tests/pages), newsfeeds against the libraries a user would
reach for: trafilatura alone and, when installed, readability-lxml (not a dependency:
`pip install readability-lxml`). Body word-shingle precision/recall/F1, right headline, right day,
exact instant; pages we wrote, so a measure of the development set, not of unseen pages.

    .venv/bin/python bench/extractors.py [--only PREFIX]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_extract_pages import PAGES, body_scores, extracted, same_day, same_moment  # noqa: E402

from newsfeeds.encoding import decode_html  # noqa: E402
from newsfeeds.html import body_text  # noqa: E402

Result = tuple[str | None, str | None, str]  # title, published, text


def ours(case: str, url: str, data: bytes) -> Result:
    result, _ = extracted(case)
    return result["title"], result["published"], result["text"]


def trafilatura_alone(case: str, url: str, data: bytes) -> Result:
    import trafilatura

    document = trafilatura.bare_extraction(decode_html(data)[0], url=url, with_metadata=True, include_comments=False)
    if document is None:
        return None, None, ""
    return document.title, document.date, document.text or ""


def readability_lxml(case: str, url: str, data: bytes) -> Result:
    from readability import Document  # type: ignore[import-not-found]

    document = Document(decode_html(data)[0])
    return document.short_title(), None, body_text(document.summary(html_partial=True))


def score(read: Callable[[str, str, bytes], Result], only: str) -> str:
    bodies = []
    counts = {"title": [0, 0], "day": [0, 0], "instant": [0, 0]}
    for folder in sorted(PAGES.iterdir()):
        if not (folder / "output.json").exists() or not folder.name.startswith(only):
            continue
        url = json.loads((folder / "inputs" / "meta.json").read_text(encoding="utf-8"))["url"]
        expected = json.loads((folder / "output.json").read_text(encoding="utf-8"))
        title, published, text = read(folder.name, url, (folder / "inputs" / "page.html").read_bytes())
        if "title" in expected:
            counts["title"][1] += 1
            counts["title"][0] += title == expected["title"]
        if "published" in expected:
            counts["day"][1] += 1
            counts["day"][0] += same_day(published, expected["published"])
            if "T" in (expected["published"] or ""):
                counts["instant"][1] += 1
                try:
                    counts["instant"][0] += same_moment(published, expected["published"])
                except ValueError:
                    pass
        if "text" in expected:
            bodies.append(body_scores(text, expected["text"]))
    n = len(bodies) or 1
    body = "body P/R/F1 " + "/".join(f"{sum(b[i] for b in bodies) / n:.3f}" for i in range(3)) + f" ({len(bodies)} pages)"
    return body + "  " + "  ".join(f"{k} {right}/{total}" for k, (right, total) in counts.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="", help="only the cases whose folder name starts with this")
    args = parser.parse_args()
    readers: list[tuple[str, Callable[[str, str, bytes], Result]]] = [("newsfeeds", ours), ("trafilatura", trafilatura_alone)]
    try:
        import readability  # type: ignore[import-not-found]  # noqa: F401
        readers.append(("readability-lxml", readability_lxml))
    except ImportError:
        print("(readability-lxml not installed: skipped)")
    for name, read in readers:
        print(f"{name:17s} {score(read, args.only)}")


if __name__ == "__main__":
    main()
