"""Twelve sites on two Scrapyd nodes against one `scrapy crawlall` on one machine (a step of
`make bench-cluster`; runs alone with `python bench/cluster_sites.py`).

Each site is a synthetic news site of its own, served by a Python server on its own port that answers
every request after about 50 ms, as a real network would, so a crawl waits on the sites rather than on
the CPU. Both sides crawl with the politeness settings as shipped (settings.py) into a PostgreSQL store
of their own on one server the step starts; the cluster side deploys the project to two real Scrapyd
nodes with scrapyd-deploy and queues every site with one `scrapy schedule`. Its wall time runs from
that command's start until both nodes are idle. The same run also times `scrapy write-feeds --all`
(feed writing per 1,000 feeds) and derives requests per CPU-second, for docs/scaling.md's capacity model.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import ROOT, timed  # noqa: E402
from multisite import MultiSite, _command, _reports, build_sites  # noqa: E402
from webserver import _StaticHandler  # noqa: E402

from newsfeeds.pgserver import LocalPostgres, find_binaries  # noqa: E402
from newsfeeds.profiles import load_profile  # noqa: E402
from newsfeeds.scrapydserver import LocalScrapyd, deploy, venv_script, wait_idle  # noqa: E402
from newsfeeds.store import open_store, parse_location  # noqa: E402

LATENCY = 0.05


@contextmanager
def latent_sites(roots: dict[int, Path], latency: float, log: Path) -> Iterator[None]:
    """Every site's files on its own port, each answer sent `latency` seconds after the request."""
    lock = threading.Lock()
    log.touch()

    class Slow(_StaticHandler):
        def send_head(self) -> Any:
            time.sleep(latency)
            return super().send_head()

    servers = []
    for port, root in roots.items():
        handler = type("Handler", (Slow,), {"directory_root": root, "log_file": log, "log_lock": lock})
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    try:
        yield
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def _stored(url: str) -> int:
    store = open_store(parse_location(url), readonly=True)
    try:
        return int(store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    finally:
        store.close()


def _requests(reports: dict[str, Any], names: list[str]) -> int:
    return sum(int(reports.get(name, {}).get("requests", 0)) for name in names)


def _one_machine(multi: MultiSite, work: Path, store: str, env: dict[str, str]) -> dict[str, Any]:
    work.mkdir(parents=True, exist_ok=True)
    run = timed("crawlall", _command(["crawlall"], work, multi, {"NEWSFEEDS_DB": store}), ROOT, work / "crawlall.log", env)
    reports = _reports(work)
    healthy = sum(bool(reports.get(name, {}).get("healthy")) for name in multi.names)
    return {"wall": run.wall, "cpu": run.cpu, "code": run.code, "healthy": healthy, "stored": _stored(store),
            "requests": _requests(reports, multi.names)}


def _cluster(multi: MultiSite, work: Path, store: str, env: dict[str, str], password: str) -> dict[str, Any]:
    deployer = venv_script("scrapyd-deploy")
    if deployer is None or venv_script("scrapyd") is None:
        raise SystemExit("scrapyd and scrapyd-deploy are needed: pip install -e '.[cluster]'")
    with LocalScrapyd(work / "node1", max_proc=0, environment={"PGPASSWORD": password}) as one, \
            LocalScrapyd(work / "node2", max_proc=0, environment={"PGPASSWORD": password}) as two:
        deploy(ROOT, work / "checkout", sorted(multi.profiles.glob("*.toml")), [one, two], deployer)
        nodes = f"{one.setting} {two.setting}"
        command = _command(["schedule"], work, multi, {"NEWSFEEDS_DB": store, "NEWSFEEDS_SCRAPYD_NODES": nodes})
        started = time.perf_counter()
        scheduled = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        wait_idle([one, two])
        wall = time.perf_counter() - started
        per_node = [len(node.jobs()["finished"]) for node in (one, two)]
    reports = _reports(work)
    healthy = sum(bool(reports.get(name, {}).get("healthy")) for name in multi.names)
    return {"wall": wall, "code": scheduled.returncode, "healthy": healthy, "stored": _stored(store),
            "requests": _requests(reports, multi.names), "jobs_per_node": per_node}


def _feed_writing(multi: MultiSite, work: Path, store: str, env: dict[str, str]) -> dict[str, Any]:
    """`write-feeds --all` on a store the crawl filled: seconds per 1,000 feeds (each four files)."""
    run = timed("write-feeds", _command(["write-feeds", "--all"], work, multi, {"NEWSFEEDS_DB": store}), ROOT,
                work / "write-feeds.log", env)
    text = (work / "write-feeds.log").read_text(encoding="utf-8")
    feeds = sum(int(n) for n in re.findall(r"^\S+: (\d+) feeds,", text, re.MULTILINE))
    return {"wall": run.wall, "cpu": run.cpu, "feeds": feeds, "seconds_per_1000_feeds": 1000 * run.wall / max(feeds, 1)}


def run_sites_step(workdir: Path, *, sites: int = 12, per_site: int = 40, latency: float = LATENCY) -> dict[str, Any]:
    """Crawl `sites` synthetic sites once with one crawlall and once as Scrapyd jobs on two nodes; print
    and return the figures (wall times, their ratio, articles stored, feed writing, requests per CPU-second)."""
    if find_binaries() is None:
        raise SystemExit("PostgreSQL's binaries are needed (initdb, pg_ctl): the nodes share a PostgreSQL store")
    template = load_profile(ROOT / "sites" / "indiablooms.toml")
    multi, roots = build_sites(workdir / "sites", template, sites, per_site)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    print(f"Sites step: {sites} sites of {per_site} articles, {latency * 1000:.0f} ms per request, "
          f"{os.cpu_count()} cores ...", flush=True)
    with LocalPostgres() as server, latent_sites(roots, latency, workdir / "access.log"):
        env["PGPASSWORD"] = server.password
        os.environ["PGPASSWORD"] = server.password  # for this process's own look at the stores
        alone_store = server.url(server.create_database("one_machine"), password=False)
        cluster_store = server.url(server.create_database("cluster"), password=False)
        alone = _one_machine(multi, workdir / "one-machine", alone_store, env)
        print(f"  one crawlall: {alone['wall']:.1f} s, {alone['stored']} articles, {alone['healthy']}/{sites} healthy",
              flush=True)
        cluster = _cluster(multi, workdir / "cluster", cluster_store, env, server.password)
        print(f"  two Scrapyd nodes: {cluster['wall']:.1f} s, {cluster['stored']} articles, {cluster['healthy']}/{sites} "
              f"healthy, jobs per node {cluster['jobs_per_node']}", flush=True)
        writing = _feed_writing(multi, workdir / "one-machine", alone_store, env)
    figures = {
        "sites": sites, "articles_per_site": per_site, "latency_ms": latency * 1000, "cores": os.cpu_count(),
        "one_machine": alone, "two_nodes": cluster, "wall_ratio": alone["wall"] / cluster["wall"],
        "requests_per_cpu_second": alone["requests"] / alone["cpu"] if alone["cpu"] else 0.0,
        "feed_writing": writing,
    }
    print(f"  wall-time ratio, one crawlall / two nodes: {figures['wall_ratio']:.2f}x")
    print(f"  crawlall: {alone['requests']} requests in {alone['cpu']:.1f} CPU-s = "
          f"{figures['requests_per_cpu_second']:.0f} requests per CPU-second (fetch, extract, store, feeds)")
    print(f"  write-feeds --all: {writing['feeds']} feeds in {writing['wall']:.1f} s = "
          f"{writing['seconds_per_1000_feeds']:.1f} s per 1,000 feeds", flush=True)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=12)
    parser.add_argument("--site-articles", type=int, default=40)
    parser.add_argument("--latency", type=float, default=LATENCY, help="seconds before each answer (default 0.05)")
    parser.add_argument("--keep", action="store_true", help="keep the working directory and print its path")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsfeeds-cluster-sites-"))
    try:
        run_sites_step(work, sites=args.sites, per_site=args.site_articles, latency=args.latency)
    finally:
        if args.keep:
            print(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
