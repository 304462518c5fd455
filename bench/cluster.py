"""`make bench-cluster`: newsfeeds on many processes, against baselines measured in the same run.

Steps (choose with --steps, default all):
  m  memory: peak resident memory of a cold crawl of the generated archive (newsfeeds.demo.archive) at
     --small and --articles articles, next to a bare Scrapy spider's (bench/bare_archive.py) on the same pages
  b  backfill: one versus --processes backfill processes (`-a backfill=1`) sharing a Redis frontier and a
     PostgreSQL store, on an archive of --backfill-articles served with --latency seconds per request:
     throughput ratio, duplicate fetches, missing articles, peak memory per process
  s  sites: --sites synthetic sites (--latency per request) as jobs on two Scrapyd nodes against one crawlall
     (bench/cluster_sites.py): wall-time ratio, CPU per site, requests per CPU-second, feed writing per 1,000 feeds

Another step is added by writing a function `step(args, results, tmp)` and listing it in STEPS.
The table goes to the terminal and to its own section of docs/benchmarks.md, with the machine it ran on.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import reap  # noqa: E402
from report import Row, machine, print_results, table  # noqa: E402

from newsfeeds.demo.archive import ArchiveServer, ArchiveSite  # noqa: E402
from newsfeeds.pgserver import LocalPostgres, find_binaries  # noqa: E402
from newsfeeds.redisserver import LocalRedis, find_redis  # noqa: E402
from newsfeeds.store import open_store, parse_location  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench-cluster:start -->", "<!-- bench-cluster:end -->"


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    setup: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, step: str, measure: str, value: str, target: str = "", ok: bool | None = None) -> None:
        self.rows.append(Row(step, measure, value, target, ok))


@dataclass
class Proc:
    """One crawl process's outcome: exit code, wall time, peak resident memory (ru_maxrss of it and the
    processes it reaped, i.e. the largest single one)."""

    code: int
    wall: float
    peak_kb: int
    log: Path


def start(args: list[str], log: Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], float]:
    log.parent.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(args, cwd=cwd, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                               env=env or {**os.environ, "PYTHONPATH": str(ROOT)})
    return process, time.perf_counter()


def finished(process: subprocess.Popen[bytes], started: float, log: Path, timeout: float = 7200) -> Proc:
    code, usage = reap(process, started + timeout)
    return Proc(code, time.perf_counter() - started, usage.ru_maxrss, log)


def our_args(data: Path, db: str, profiles: Path, concurrency: int, redis_url: str = "") -> list[str]:
    settings = {
        "NEWSFEEDS_DATA_DIR": str(data), "NEWSFEEDS_DB": db, "NEWSFEEDS_DIR": str(data.parent / "feeds"),
        "NEWSFEEDS_PROFILES_DIR": str(profiles), "NEWSFEEDS_BASE_URL": "http://feeds.bench.test/",
        **scrapy_settings(concurrency),
    }
    args = [sys.executable, "-m", "scrapy", "crawl", "site", "-a", "profile=archive"]
    if redis_url:
        settings["NEWSFEEDS_REDIS_URL"] = redis_url
        args += ["-a", "backfill=1"]
    for name, value in settings.items():
        args += ["-s", f"{name}={value}"]
    return args


def scrapy_settings(concurrency: int) -> dict[str, str]:
    return {"CONCURRENT_REQUESTS": str(concurrency), "CONCURRENT_REQUESTS_PER_DOMAIN": str(concurrency),
            "AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "ROBOTSTXT_OBEY": "True",
            "TELNETCONSOLE_ENABLED": "False", "LOG_LEVEL": "INFO"}


def bare_args(url: str, site: ArchiveSite, concurrency: int) -> list[str]:
    args = [sys.executable, "-m", "scrapy", "runspider", str(ROOT / "bench" / "bare_archive.py"),
            "-a", f"site_url={url}", "-a", "sections=" + ",".join(site.sections)]
    for name, value in scrapy_settings(concurrency).items():
        args += ["-s", f"{name}={value}"]
    return args


def mib(kb: int) -> str:
    return f"{kb / 1024:.0f} MiB"


# --- step m: memory -----------------------------------------------------------------------------------
def memory_step(args: argparse.Namespace, results: Results, tmp: Path) -> None:
    peaks: dict[tuple[str, int], Proc] = {}
    for size in (args.small, args.articles):
        site = ArchiveSite(size)
        with ArchiveServer(site) as server:
            profiles = tmp / f"sites-{size}"
            server.write_profile(profiles)
            process, began = start(bare_args(server.url, site, args.concurrency), tmp / f"bare-{size}.log", cwd=tmp,
                                   env={k: v for k, v in os.environ.items() if not k.startswith("SCRAPY_")})
            bare = peaks[("bare", size)] = finished(process, began, tmp / f"bare-{size}.log")
            data = tmp / f"ours-{size}" / "data"
            process, began = start(our_args(data, str(data / "newsfeeds.sqlite3"), profiles, args.concurrency),
                                   tmp / f"ours-{size}.log")
            ours = peaks[("ours", size)] = finished(process, began, tmp / f"ours-{size}.log")
            stored = count_articles(str(data / "newsfeeds.sqlite3"))
        for name, run in (("bare Scrapy", bare), ("newsfeeds", ours)):
            print(f"  {size} articles, {name}: {run.wall:.1f} s, peak {mib(run.peak_kb)}, exit {run.code}", flush=True)
        results.add("(m) memory", f"N={size}: peak RSS newsfeeds / bare Scrapy",
                    f"{mib(ours.peak_kb)} / {mib(bare.peak_kb)} (ratio {ours.peak_kb / bare.peak_kb:.2f})",
                    "<= 1.5", ours.peak_kb / bare.peak_kb <= 1.5)
        results.add("(m) memory", f"N={size}: throughput newsfeeds / bare Scrapy",
                    f"{size / ours.wall:.0f} / {size / bare.wall:.0f} articles/s ({bare.wall / ours.wall:.2f})")
        results.add("(m) memory", f"N={size}: articles stored by newsfeeds", f"{stored} of {size}", f"= {size}",
                    stored == size)
    ratio = peaks[("ours", args.articles)].peak_kb / peaks[("ours", args.small)].peak_kb
    bare_ratio = peaks[("bare", args.articles)].peak_kb / peaks[("bare", args.small)].peak_kb
    results.add("(m) memory", f"peak RSS at {args.articles} / at {args.small}: newsfeeds (bare Scrapy)",
                f"{ratio:.2f} ({bare_ratio:.2f})", "<= 1.3", ratio <= 1.3)
    results.setup.append(
        f"(m) A cold crawl of the generated archive (newsfeeds.demo.archive: three sections, 20 stories per listing "
        f"page, served by a Python thread server in the benchmark process, no added latency) at {args.small} and "
        f"{args.articles} articles: `scrapy crawl site -a profile=archive` on a SQLite store with the project's "
        f"settings (extraction workers included) against `bench/bare_archive.py`; both CONCURRENT_REQUESTS="
        f"{args.concurrency}. Peak RSS is ru_maxrss from wait4: the largest single process of the run.")


def count_articles(db: str) -> int:
    store = open_store(parse_location(db), readonly=True)
    try:
        return store.count_articles()
    finally:
        store.close()


# --- step b: backfill ---------------------------------------------------------------------------------
def backfill_step(args: argparse.Namespace, results: Results, tmp: Path) -> None:
    if find_binaries() is None or find_redis() is None:
        results.notes.append("(b) skipped: needs PostgreSQL's binaries and redis-server")
        return
    size, latency = args.backfill_articles, args.latency
    site = ArchiveSite(size)
    runs: dict[int, tuple[float, list[Proc]]] = {}
    with LocalPostgres(durable=True) as postgres, LocalRedis() as redis_server, \
            ArchiveServer(site, latency=latency) as server:
        profiles = tmp / "sites-backfill"
        server.write_profile(profiles)
        for count in (1, args.processes):
            db = postgres.url(postgres.create_database())
            mark = len(server.requests())
            began = time.perf_counter()
            started = [start(our_args(tmp / f"bf{count}-{n}" / "data", db, profiles, args.backfill_concurrency,
                                      redis_server.url), tmp / f"bf{count}-{n}.log") for n in range(count)]
            procs = [finished(p, t, tmp / f"bf{count}-{n}.log") for n, (p, t) in enumerate(started)]
            wall = time.perf_counter() - began
            runs[count] = (wall, procs)
            fetched: dict[str, int] = {}
            for path, status in server.requests()[mark:]:
                if status == 200 and path.endswith(".html"):
                    fetched[path] = fetched.get(path, 0) + 1
            stored = {urlsplit(u).path for u in stored_urls(db)}
            duplicates = sum(n - 1 for n in fetched.values())
            missing = len(set(site.paths()) - stored)
            print(f"  {count} process(es): {wall:.1f} s, {size / wall:.1f} articles/s, exits "
                  f"{[p.code for p in procs]}, duplicates {duplicates}, missing {missing}", flush=True)
            results.add("(b) backfill", f"{count} process(es): wall, throughput",
                        f"{wall:.1f} s, {size / wall:.1f} articles/s")
            results.add("(b) backfill", f"{count} process(es): duplicate fetches, missing articles",
                        f"{duplicates}, {missing}", "0, 0", duplicates == 0 and missing == 0)
            results.add("(b) backfill", f"{count} process(es): peak RSS per process",
                        ", ".join(mib(p.peak_kb) for p in procs))
            for proc in procs:
                if proc.code != 0:
                    results.notes.append(f"{proc.log.name} exited {proc.code}: {tail(proc.log)}")
    ratio = runs[1][0] / runs[args.processes][0]
    results.add("(b) backfill", f"throughput ratio {args.processes} processes / 1", f"{ratio:.2f}", ">= 2.5", ratio >= 2.5)
    results.setup.append(
        f"(b) A backfill of the generated archive ({size} articles, {latency * 1000:.0f} ms added to every answer, "
        f"like a real network) with `scrapy crawl site -a profile=archive -a backfill=1`, each process "
        f"CONCURRENT_REQUESTS={args.backfill_concurrency}, one Redis server (redis-server, no persistence) and one "
        f"PostgreSQL store (fsync on), both started by the benchmark on 127.0.0.1; a fresh database and an empty "
        f"Redis for each run. Duplicates and missing articles are counted from the server's own request log and "
        f"the store; extraction workers at the project's default.")


def stored_urls(db: str) -> list[str]:
    store = open_store(parse_location(db), readonly=True)
    try:
        return [row[0] for row in store.db.execute("SELECT url FROM articles")]
    finally:
        store.close()


def tail(log: Path, lines: int = 3) -> str:
    return " | ".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def sites_step(args: argparse.Namespace, results: Results, tmp: Path) -> None:
    """Twelve sites as Scrapyd jobs on two nodes against one crawlall (bench/cluster_sites.py)."""
    from cluster_sites import run_sites_step

    figures = run_sites_step(tmp / "sites", sites=args.sites, latency=args.latency)
    results.setup.append(
        f"(s) {figures['sites']} synthetic sites of {figures['articles_per_site']} articles, each answering after "
        f"{figures['latency_ms']:.0f} ms, crawled with the shipped politeness into a PostgreSQL store: one `scrapy "
        "crawlall` on one machine against every site queued by `scrapy schedule` on two real Scrapyd nodes (deployed "
        "with scrapyd-deploy) on the same machine, cold then unchanged; CPU is the crawl processes' own.")
    for phase in ("cold", "unchanged"):
        one, two = figures["one_machine"][phase], figures["two_nodes"][phase]
        healthy = one["healthy"] == figures["sites"] and two["healthy"] == figures["sites"]
        results.add("(s) sites", f"{phase}: crawlall / two Scrapyd nodes: wall", f"{one['wall']:.1f} s / {two['wall']:.1f} s "
                    f"(ratio {figures['wall_ratio'][phase]:.2f}x)")
        results.add("(s) sites", f"{phase}: CPU per site, crawlall / one Scrapyd job",
                    f"{one['cpu'] / figures['sites']:.2f} s / {two['cpu'] / figures['sites']:.2f} s")
        results.add("(s) sites", f"{phase}: articles stored, sites healthy (both sides)",
                    f"{one['stored']} / {two['stored']}, {one['healthy']} / {two['healthy']}", "equal, all healthy",
                    healthy and one["stored"] == two["stored"])
    results.add("(s) sites", "crawlall cold: requests per CPU-second", f"{figures['requests_per_cpu_second']:.0f}")
    results.add("(s) sites", "write-feeds --all on PostgreSQL: seconds per 1,000 feeds",
                f"{figures['feed_writing']['seconds_per_1000_feeds']:.1f}")


STEPS: dict[str, Callable[[argparse.Namespace, Results, Path], None]] = {"m": memory_step, "b": backfill_step,
                                                                         "s": sites_step}


def write_docs(results: Results, facts: dict[str, str], args: argparse.Namespace) -> None:
    """This benchmark's section of docs/benchmarks.md, replaced in place (`make bench` keeps it)."""
    section = "\n".join([
        START, "## Cluster benchmark (`make bench-cluster`)", "",
        f"Generated by `make bench-cluster` (`.venv/bin/python bench/cluster.py {' '.join(sys.argv[1:])}`); not part of "
        "the tests. Rewritten by each run of it; the rest of this file is `make bench`'s.", "",
        "Machine: " + "; ".join(f"{k}: {v}" for k, v in facts.items() if k != "Web server"), "",
        *[f"- {line}" for line in results.setup], "",
        table(results.rows), "",
        *([f"- Note: {n}" for n in results.notes] + [""] if results.notes else []),
        END,
    ])
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section + "\n"
    DOCS.write_text(text, encoding="utf-8")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", default="".join(STEPS), help=f"which steps, of {''.join(STEPS)} (default all)")
    parser.add_argument("--articles", type=int, default=20000, help="the large archive of step m (default 20000)")
    parser.add_argument("--small", type=int, default=5000, help="the small archive of step m (default 5000)")
    parser.add_argument("--concurrency", type=int, default=16, help="CONCURRENT_REQUESTS in step m (default 16)")
    parser.add_argument("--backfill-articles", type=int, default=20000, help="the archive of step b (default 20000)")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added to each answer in step b (0.05)")
    parser.add_argument("--processes", type=int, default=3, help="backfill processes against one (default 3)")
    parser.add_argument("--backfill-concurrency", type=int, default=4,
                        help="CONCURRENT_REQUESTS of each backfill process, its politeness limit (default 4)")
    parser.add_argument("--sites", type=int, default=12, help="sites in step s (default 12)")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/benchmarks.md")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory and print its path")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="newsfeeds-bench-cluster-"))
    results = Results()
    facts = machine("Python thread server (newsfeeds.demo.archive)")
    try:
        for key, step in STEPS.items():
            if key in args.steps:
                print(f"Step {key} ({step.__name__}) ...", flush=True)
                step(args, results, tmp)
    finally:
        if args.keep:
            print(f"Kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print_results(facts, results.rows, results.notes)
    if not args.no_docs:
        write_docs(results, facts, args)
        print(f"\nWrote {DOCS.relative_to(ROOT)}")
    return 1 if any(r.ok is False for r in results.rows) else 0


if __name__ == "__main__":
    sys.exit(main())
