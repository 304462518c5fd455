"""`make bench`: what a cron-grade crawl costs, measured on a synthetic site served by a real web server.

(a) a cold crawl through the whole pipeline against a bare Scrapy spider on the same pages, and
against that spider extracting each body with trafilatura (what a user would write instead);
(b) an immediate re-run; (c) a re-run after 10 articles are published; (d) feed writing time and
peak memory at N and 10·N stored articles; (e) extraction time per page (synthetic pages, a 150 KB
page); (f) the cold crawl and the unchanged re-run on a PostgreSQL store (a server the benchmark
starts) against the SQLite store, and each store's size. Prints a table and writes it to
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from multisite import multisite_steps  # noqa: E402
from measure import (  # noqa: E402
    ROOT, CrawlSettings, Run, bare_crawl, classify, expected_feed_files, extraction_check, is_custom, is_feed, our_crawl,
    rewritten, snapshot,
)
from report import PARTS, Row, machine, markdown, print_results  # noqa: E402
from synthetic import PER_PAGE, TAG_COUNT, SyntheticSite, build_site, later_articles  # noqa: E402
from webserver import WebServer, free_port  # noqa: E402
from extraction import measure as extraction_times  # noqa: E402
from stores import Postgres, report as report_stores  # noqa: E402

from newsfeeds.profiles import Profile, load_profile  # noqa: E402

SITE = "indiablooms"
ADDED = 10
DOCS = ROOT / "docs" / "benchmarks.md"
RECORD = ROOT / "docs" / "benchmarks.json"  # every part's latest figures, so a run of some steps keeps the rest


@dataclass
class Results:
    """Rows of the table plus the context a reader needs to trust them."""

    rows: list[Row] = field(default_factory=list)
    setup: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    server: str = "not started"
    facts: dict[str, str] = field(default_factory=dict)

    def add(self, step: str, measure: str, value: str, target: str = "", ok: bool | None = None) -> None:
        self.rows.append(Row(step, measure, value, target, ok))


def articles_of(run: Run, ours: bool) -> int:
    if ours:
        return int(run.stats.get("articles", {}).get("new", 0))
    return int(run.stats.get("item_scraped_count", 0))


def check_run(run: Run, results: Results) -> None:
    if run.code != 0:
        results.notes.append(f"`{run.label}` exited with code {run.code}; log tail:\n\n```\n{run.tail(15)}\n```")


def crawl_steps(profile: Profile, count: int, tmp: Path, args: argparse.Namespace, results: Results) -> None:
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    site, factory = build_site(tmp / "site", profile, count, origin)
    pages = site.page_counts()
    settings = CrawlSettings(args.concurrency, args.concurrency, max(pages.values()) + 1)
    sections = site.sections
    results.setup += [
        f"Synthetic site: {count} articles in {len(sections)} sections ({', '.join(s.key for s in sections)}), "
        f"{PER_PAGE} per listing page ({sum(pages.values())} listing pages, up to {max(pages.values())} per section), "
        f"{TAG_COUNT} tags with Zipf-like popularity, 1-5 per article; half the articles carry JSON-LD, half only a byline date.",
        f"Both crawlers: CONCURRENT_REQUESTS={settings.concurrency}, CONCURRENT_REQUESTS_PER_DOMAIN={settings.per_domain}, "
        f"DOWNLOAD_DELAY=0, AUTOTHROTTLE off, ROBOTSTXT_OBEY on; ours with NEWSFEEDS_MAX_PAGES={settings.max_pages}.",
        f"Cold crawl: best of {args.rounds} round(s), bare then ours each round, fresh data dir each time "
        "(the unchanged re-run is also the best of as many rounds); "
        "wall time is the whole subprocess (start-up and feed writing included), CPU time is user+sys of that process "
        "and any worker processes it reaps (newsfeeds extracts articles in NEWSFEEDS_EXTRACT_WORKERS processes: "
        "by default one per spare core, at most two).",
    ]
    postgres = Postgres()
    why_not = postgres.start() if not args.no_postgres else "--no-postgres"
    if why_not:
        results.notes.append(f"PostgreSQL column left out: {why_not}")
    else:
        results.setup.append("PostgreSQL column: the same crawl (`ours`) with NEWSFEEDS_DB naming a fresh database on a "
                             "PostgreSQL server the benchmark starts (initdb into a temporary directory, TCP on 127.0.0.1, "
                             "fsync on, stock settings), in every round right after the SQLite crawl; the unchanged re-run "
                             "likewise, before the +10 step.")
    try:
        with WebServer(tmp / "site", tmp / "server", port, prefer_nginx=not args.python_server) as server:
            _crawl_rounds(server, site, factory, profile, count, sections, settings, tmp, args, results,
                          None if why_not else postgres)
    finally:
        postgres.stop()


def _crawl_rounds(server: WebServer, site: SyntheticSite, factory: Any, profile: Profile, count: int, sections: Any,
                  settings: CrawlSettings, tmp: Path, args: argparse.Namespace, results: Results,
                  postgres: Postgres | None) -> None:
    origin = site.origin
    results.server = server.name
    bare_runs: list[Run] = []
    our_runs: list[Run] = []
    trafilatura_runs: list[Run] = []
    pg_runs: list[Run] = []
    crawlers = [(bare_runs, "bare"), (trafilatura_runs, "trafilatura"), (our_runs, "ours")]
    if postgres is not None:
        crawlers.append((pg_runs, "ours-pg"))
    for round_no in range(args.rounds):
        for runs, crawl in crawlers:
            mark = server.log_mark()
            workspace = tmp / f"{crawl}-{round_no}"
            if crawl == "bare":
                run = bare_crawl(f"bare-{round_no}", server.url, sections, workspace, settings)
            elif crawl == "trafilatura":
                run = bare_crawl(f"trafilatura-{round_no}", server.url, sections, workspace, settings,
                                 "trafilatura_spider.py")
            elif crawl == "ours-pg":
                assert postgres is not None
                run = our_crawl(f"cold-pg-{round_no}", server.url, workspace, settings, postgres.url_for(workspace))
            else:
                run = our_crawl(f"cold-{round_no}", server.url, workspace, settings)
            run.requests = server.requests_since(mark)
            check_run(run, results)
            runs.append(run)
            print(f"  {run.label}: {run.wall:.1f} s wall, {run.cpu:.1f} s CPU, "
                  f"{articles_of(run, crawl.startswith('ours'))} articles, exit {run.code}", flush=True)
    workspace = tmp / f"ours-{args.rounds - 1}"
    cold = our_runs[-1]
    report_cold(bare_runs, our_runs, count, sections, results)
    report_trafilatura(trafilatura_runs, our_runs, results)
    report_extraction(site, workspace, results)
    for what, ours_ms, theirs_ms in extraction_times(tmp / "site", origin, profile):
        results.add("(e) extraction per page", f"{what}: newsfeeds (decode+extract+normalize), median / p95", ours_ms)
        results.add("(e) extraction per page", f"{what}: trafilatura body alone, median / p95", theirs_ms)
    sqlite_rerun = rerun_unchanged(server, workspace, cold, settings, sections, results, args.rounds)
    if postgres is not None:
        pg_workspace = tmp / f"ours-pg-{args.rounds - 1}"
        pg_url = postgres.url_for(pg_workspace)
        pg_reruns = [our_crawl(f"rerun-pg-{n}", server.url, pg_workspace, settings, pg_url) for n in range(args.rounds)]
        for run in pg_reruns:
            check_run(run, results)
            print(f"  {run.label}: {run.wall:.2f} s wall, exit {run.code}", flush=True)
        report_stores(results, our_runs, pg_runs, sqlite_rerun, pg_reruns, workspace / "data" / "newsfeeds.sqlite3",
                      pg_url, articles_of)
    rerun_added(server, site, factory, count, workspace, settings, results)


def report_cold(bare_runs: list[Run], our_runs: list[Run], count: int, sections: Any, results: Results) -> None:
    bare = min(bare_runs, key=lambda r: r.wall)
    ours = min(our_runs, key=lambda r: r.wall)
    bare_n, ours_n = articles_of(bare, False), articles_of(ours, True)
    bare_rate, ours_rate = bare_n / bare.wall, ours_n / ours.wall
    ratio = ours_rate / bare_rate if bare_rate else 0.0
    cpu_ratio = (ours_n / ours.cpu) / (bare_n / bare.cpu) if ours.cpu and bare.cpu and bare_n else 0.0
    step = "(a) cold crawl"
    results.add(step, "bare Scrapy: articles, requests (server log)", f"{bare_n}, {len(bare.requests)}", f"{count}", bare_n == count)
    results.add(step, "bare Scrapy: wall / CPU time", f"{bare.wall:.1f} s / {bare.cpu:.1f} s")
    results.add(step, "bare Scrapy: throughput", f"{bare_rate:.1f} articles/s")
    results.add(step, "newsfeeds: articles new, requests (server log)", f"{ours_n}, {len(ours.requests)}", f"{count}",
                ours_n == count and ours.code == 0)
    results.add(step, "newsfeeds: wall / CPU time", f"{ours.wall:.1f} s / {ours.cpu:.1f} s")
    found = re.search(r"'newsfeeds/feed_seconds': ([0-9.]+)", ours.log.read_text(encoding="utf-8", errors="replace"))
    feed_seconds = found.group(1) if found else None
    if feed_seconds is not None:
        results.add(step, "newsfeeds: of which feed writing", f"{float(feed_seconds):.1f} s")
    results.add(step, "newsfeeds: throughput", f"{ours_rate:.1f} articles/s")
    results.add(step, "throughput ratio newsfeeds / bare (wall)", f"{ratio:.2f}", ">= 0.85", ratio >= 0.85)
    results.add(step, "throughput ratio newsfeeds / bare (CPU)", f"{cpu_ratio:.2f}")
    if len(bare_runs) > 1:
        results.notes.append("Cold crawl walls per round — bare: " + ", ".join(f"{r.wall:.1f}" for r in bare_runs)
                             + " s; newsfeeds: " + ", ".join(f"{r.wall:.1f}" for r in our_runs) + " s.")


def report_trafilatura(runs: list[Run], our_runs: list[Run], results: Results) -> None:
    """The second baseline: the bare spider that also extracts each body with trafilatura."""
    if not runs:
        return
    results.setup.append("Second baseline: bench/trafilatura_spider.py, the bare spider that also runs "
                         "trafilatura.extract (HTML output, links and images kept, comments left out) on every "
                         "article, in Scrapy's one process; same settings, same rounds (bare, trafilatura, ours).")
    best, ours = min(runs, key=lambda r: r.wall), min(our_runs, key=lambda r: r.wall)
    theirs_n, ours_n = articles_of(best, False), articles_of(ours, True)
    ratio = (ours_n / ours.wall) / (theirs_n / best.wall) if theirs_n and best.wall and ours.wall else 0.0
    step = "(a) cold crawl"
    results.add(step, "bare Scrapy + trafilatura body: articles", str(theirs_n))
    results.add(step, "bare Scrapy + trafilatura body: wall / CPU time", f"{best.wall:.1f} s / {best.cpu:.1f} s")
    results.add(step, "bare Scrapy + trafilatura body: throughput", f"{theirs_n / best.wall if best.wall else 0:.1f} articles/s")
    results.add(step, "throughput ratio newsfeeds / bare+trafilatura (wall)", f"{ratio:.2f}", ">= 1.0", ratio >= 1.0)
    if len(runs) > 1:
        results.notes.append("Cold crawl walls per round — bare+trafilatura: " + ", ".join(f"{r.wall:.1f}" for r in runs) + " s.")


def report_extraction(site: SyntheticSite, workspace: Path, results: Results) -> None:
    db = workspace / "data" / "newsfeeds.sqlite3"
    try:
        counts = extraction_check(SITE, site.origin, site.articles, db)
    except Exception as exc:  # the store's schema belongs to another module; report, do not crash
        results.notes.append(f"Extraction check skipped: {type(exc).__name__}: {exc}")
        return
    total = counts["articles"]
    for name, label in (("stored", "stored"), ("date", "publication date right"), ("tags", "tag set right"),
                        ("section", "section right")):
        results.add("(a) correctness", f"articles {label}", f"{counts[name]}/{total}", f"{total}/{total}",
                    counts[name] == total)


def rerun_unchanged(server: WebServer, workspace: Path, cold: Run, settings: CrawlSettings, sections: Any,
                    results: Results, rounds: int = 1) -> Run:
    """Re-run on the unchanged site `rounds` times (like the cold crawl, the fastest counts); every
    one of them must keep to the request and rewrite limits."""
    feeds = workspace / "feeds"
    runs: list[tuple[Run, dict[str, int], list[str], list[str]]] = []
    for round_no in range(max(1, rounds)):
        before = snapshot(feeds)
        mark = server.log_mark()
        run = our_crawl(f"rerun-{round_no}", server.url, workspace, settings)
        run.requests = server.requests_since(mark)
        check_run(run, results)
        changed = rewritten(before, snapshot(feeds))
        feed_files = sorted(f for f in changed if is_feed(f))
        runs.append((run, classify(run.requests, sections), feed_files, sorted(changed - set(feed_files))))
    run, kinds, feed_files, other = min(runs, key=lambda r: r[0].wall)
    worst = max((r[1]["total"] for r in runs))
    rewrites = sorted({f for r in runs for f in r[2]})
    limit = len(sections) + 1
    share = run.wall / cold.wall if cold.wall else 0.0
    step = "(b) unchanged re-run"
    results.add(step, "requests (server log): total, most in any round", str(worst), f"<= {limit}", worst <= limit)
    results.add(step, "  robots.txt / listing (304) / article / other",
                f"{kinds['robots']} / {kinds['listing']} ({kinds['listing_304']}) / {kinds['article']} / {kinds['other']}",
                f"<= 1 / <= {len(sections)} / 0 / 0",
                all(k["robots"] <= 1 and k["listing"] <= len(sections) and k["article"] == 0 and k["other"] == 0
                    for _, k, _, _ in runs))
    results.add(step, "requests (Scrapy stats)", str(run.stats.get("requests", "?")))
    results.add(step, "feed files rewritten, all rounds", str(len(rewrites)), "0", not rewrites)
    results.add(step, "other output files rewritten", ", ".join(sorted({f for r in runs for f in r[3]})) or "none")
    results.add(step, f"wall time, best of {len(runs)} (share of cold crawl)", f"{run.wall:.2f} s ({share:.1%})", "< 5%",
                share < 0.05)
    results.add(step, "CPU time", f"{run.cpu:.2f} s")
    if len(runs) > 1:
        results.notes.append("Unchanged re-run walls per round: " + ", ".join(f"{r[0].wall:.2f}" for r in runs) + " s.")
    if rewrites:
        results.notes.append("Unchanged re-run rewrote: " + ", ".join(rewrites[:20]) + (" ..." if len(rewrites) > 20 else ""))
    return run


def rerun_added(server: WebServer, site: SyntheticSite, factory: Any, count: int, workspace: Path,
                settings: CrawlSettings, results: Results) -> None:
    new = later_articles(factory, count, ADDED)
    site.publish(new)
    feeds = workspace / "feeds"
    db = workspace / "data" / "newsfeeds.sqlite3"
    before = snapshot(feeds)
    mark = server.log_mark()
    run = our_crawl("added", server.url, workspace, settings)
    run.requests = server.requests_since(mark)
    check_run(run, results)
    changed = rewritten(before, snapshot(feeds))
    feed_files = {f for f in changed if is_feed(f) and not is_custom(f)}
    custom = {f for f in changed if is_custom(f)}
    expected = expected_feed_files(SITE, new, db)
    kinds = classify(run.requests, site.sections)
    step = f"(c) re-run after +{ADDED}"
    results.add(step, "articles new (run report)", str(run.stats.get("articles", {}).get("new", "?")), str(ADDED),
                run.stats.get("articles", {}).get("new") == ADDED)
    results.add(step, "requests: total / listing (304) / article",
                f"{kinds['total']} / {kinds['listing']} ({kinds['listing_304']}) / {kinds['article']}", f"article = {ADDED}",
                kinds["article"] == ADDED)
    results.add(step, "feed files rewritten / expected", f"{len(feed_files)} / {len(expected)}",
                "== expected set", feed_files == expected)
    results.add(step, "  rewritten but not expected", _names(feed_files - expected), "none", not feed_files - expected)
    results.add(step, "  expected but not rewritten", _names(expected - feed_files), "none", not expected - feed_files)
    results.add(step, "custom feed files rewritten (their rules decide)", _names(custom))
    results.add(step, "other output files rewritten", ", ".join(sorted(changed - feed_files - custom)) or "none")
    results.add(step, "wall / CPU time", f"{run.wall:.2f} s / {run.cpu:.2f} s")


def _names(files: set[str]) -> str:
    if not files:
        return "none"
    shown = sorted(files)[:6]
    return ", ".join(shown) + (f" (+{len(files) - 6} more)" if len(files) > 6 else "")


def feed_step(*args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "feedwrite.py"), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=7200)
    if done.returncode != 0:
        raise RuntimeError(f"feedwrite.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def feedwrite_steps(count: int, tmp: Path, results: Results) -> None:
    step = "(d) feed writing"
    peaks: dict[int, dict[str, Any]] = {}
    for size in (count, count * 10):
        db = tmp / f"store-{size}.sqlite3"
        filled = feed_step("populate", "--db", str(db), "--articles", str(size))
        written = feed_step("write", "--db", str(db), "--out", str(tmp / f"feeds-{size}"))
        traced = feed_step("write", "--db", str(db), "--out", str(tmp / f"feeds-{size}-traced"), "--tracemalloc")
        peaks[size] = written
        print(f"  {size} stored: write {written['seconds']:.1f} s, peak RSS {written['rss_peak_kb'] / 1024:.1f} MiB", flush=True)
        results.add(step, f"N={size}: store populated (save_article)", f"{filled['seconds']:.1f} s")
        results.add(step, f"N={size}: write_site, all feeds dirty", f"{written['seconds']:.2f} s, {written['feeds']} feeds, "
                    f"{written['files_written']} files")
        results.add(step, f"N={size}: peak RSS, VmHWM (before write; ru_maxrss)",
                    f"{written['rss_peak_kb'] / 1024:.1f} MiB ({written['rss_before_kb'] / 1024:.1f}; "
                    f"{written['ru_maxrss_kb'] / 1024:.1f})")
        results.add(step, f"N={size}: tracemalloc peak during write", f"{traced['tracemalloc_peak_bytes'] / 1024 / 1024:.2f} MiB")
    small, large = peaks[count], peaks[count * 10]
    ratio = large["rss_peak_kb"] / small["rss_peak_kb"]
    results.add(step, "peak RSS ratio 10N / N", f"{ratio:.2f}", "<= 1.5", ratio <= 1.5)
    results.add(step, "write time ratio 10N / N", f"{large['seconds'] / small['seconds']:.2f}")
    results.setup.append(
        f"Feed writing: stores of {count} and {count * 10} synthetic articles filled through SQLiteStore.save_article "
        "in a subprocess, then "
        "FeedWriter.write_site with every feed dirty in a fresh subprocess; peak RSS is that process's VmHWM "
        "(ru_maxrss is shown too but on Linux includes the spawning parent's RSS), "
        "tracemalloc is measured in a separate identical run.")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=5000, help="articles on the synthetic site (default 5000)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 500 articles")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of the cold crawl (each crawler) and of the unchanged re-run; the fastest counts")
    parser.add_argument("--concurrency", type=int, default=16, help="CONCURRENT_REQUESTS and _PER_DOMAIN for both")
    parser.add_argument("--steps", default="abcde",
                        help="which steps to run: a-c need the crawl, d is feed writing, e is many sites")
    parser.add_argument("--sites", type=int, default=30, help="sites in step (e) (default 30)")
    parser.add_argument("--site-articles", type=int, default=140,
                        help="articles per site in step (e) (default 140: 7 sections x 20, about 150 requests)")
    parser.add_argument("--python-server", action="store_true", help="serve with Python even if nginx is installed")
    parser.add_argument("--no-postgres", action="store_true", help="leave out the PostgreSQL column of steps a-b")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory and print its path")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/benchmarks.md")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    count = 500 if args.quick else args.articles
    profile = load_profile(ROOT / "sites" / f"{SITE}.toml")
    tmp = Path(tempfile.mkdtemp(prefix="newsfeeds-bench-"))
    done: dict[str, Results] = {}
    try:
        for part, (_, letters) in PARTS.items():
            if not set(args.steps) & set(letters):
                continue
            results = done[part] = Results(facts=machine(""))
            if part == "crawl":
                print(f"Crawl steps on a {count}-article synthetic site ...", flush=True)
                crawl_steps(profile, count, tmp, args, results)
            elif part == "feeds":
                print(f"Feed writing at {count} and {count * 10} articles ...", flush=True)
                feedwrite_steps(count, tmp, results)
            else:
                sites, per_site = (6, 35) if args.quick else (args.sites, args.site_articles)
                print(f"Many sites: {sites} sites of {per_site} articles, crawlall against sequential crawls ...", flush=True)
                multisite_steps(profile, tmp, sites, per_site, args.rounds, args.concurrency, args.python_server, results)
            if results.server != "not started":
                results.facts["Web server"] = results.server
    finally:
        if args.keep:
            print(f"Kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    rows = [row for results in done.values() for row in results.rows]
    for results in done.values():
        print_results(results.facts, results.rows, results.notes)
    if not args.no_docs:
        record = json.loads(RECORD.read_text(encoding="utf-8")) if RECORD.exists() else {}
        command = "bench/run.py " + " ".join(sys.argv[1:])
        for part, results in done.items():
            record[part] = {"command": command.strip(), "facts": results.facts, "setup": results.setup,
                            "notes": results.notes, "rows": [astuple(row) for row in results.rows]}
        previous = DOCS.read_text(encoding="utf-8") if DOCS.exists() else ""
        DOCS.parent.mkdir(parents=True, exist_ok=True)
        RECORD.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        DOCS.write_text(markdown(record, ".venv/bin/python bench/run.py", previous), encoding="utf-8")
        print(f"\nWrote {DOCS.relative_to(ROOT)} and {RECORD.relative_to(ROOT)}")
    failed = [r for r in rows if r.ok is False]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
