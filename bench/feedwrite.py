"""Feed writing in isolation, one subprocess per step so peak memory belongs to that step alone.

`populate` fills a fresh store with synthetic articles straight through `SQLiteStore.save_article`
(no crawl); `write` marks every feed dirty and times `FeedWriter.write_site`, printing one JSON line
with the time, the process's peak RSS before and after, and optionally the tracemalloc peak.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
from datetime import datetime, timezone
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import ArticleFactory, SyntheticArticle, sections_of  # noqa: E402

from newsfeeds.feedwriter import FeedWriter  # noqa: E402
from newsfeeds.profiles import Profile, load_profile  # noqa: E402
from newsfeeds.store import ArticleInput, SQLiteStore  # noqa: E402
from newsfeeds.urls import identity_key  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
COMMIT_EVERY = 1000


def article_input(article: SyntheticArticle, profile: Profile) -> ArticleInput:
    """What the pipelines would hand the store for this story."""
    url = profile.url.rstrip("/") + article.path
    body = "\n".join(f"<p>{escape(p)}</p>" for p in article.paragraphs)
    return ArticleInput(
        site=profile.name, key=identity_key(url), url=url, title=article.title, summary=article.paragraphs[0][:400],
        body=body, page_section=article.section.name, published=article.published,
        published_raw=article.published.isoformat(), published_source="jsonld", tags=article.tags,
        sections=(article.section.slug,),
    )


def populate(db: Path, count: int, profile: Profile) -> dict[str, float]:
    store = SQLiteStore(db)
    store.register_sections(profile.name, [(s.slug, s.name, s.url) for s in profile.sections if s.in_feeds])
    factory = ArticleFactory(sections_of(profile))
    now = datetime.now(timezone.utc)
    started = time.perf_counter()
    for index, article in enumerate(factory.articles(count), start=1):
        store.save_article(article_input(article, profile), now=now, tz=profile.tz)
        if index % COMMIT_EVERY == 0:
            store.commit()
    store.close()
    return {"seconds": time.perf_counter() - started, "articles": count}


def peak_rss_kb() -> int:
    """This process's own RSS high-water mark (VmHWM). ru_maxrss is not used as the figure because on
    Linux it also counts the parent's RSS at fork time when the parent spawns us with vfork/exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def write(db: Path, out: Path, profile: Profile, trace: bool) -> dict[str, float]:
    store = SQLiteStore(db)
    store.mark_all_dirty(profile.name)
    store.commit()
    writer = FeedWriter(store, out, "http://feeds.bench.test/", 50)
    rss_before = peak_rss_kb()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    result = writer.write_site(profile)
    seconds = time.perf_counter() - started
    traced = tracemalloc.get_traced_memory()[1] if trace else 0
    rss_after = peak_rss_kb()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    store.close()
    return {"seconds": seconds, "rss_before_kb": rss_before, "rss_peak_kb": rss_after,
            "tracemalloc_peak_bytes": traced, "ru_maxrss_kb": maxrss, "feeds": result.feeds, "files_written": len(result.written)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("step", choices=["populate", "write"])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args()
    profile = load_profile(ROOT / "sites" / "indiablooms.toml")
    if args.step == "populate":
        result = populate(args.db, args.articles, profile)
    else:
        result = write(args.db, args.out, profile, args.tracemalloc)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
