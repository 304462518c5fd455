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


def _children_cpu(pid: int) -> float:
    """CPU seconds of the processes `pid` has reaped (cutime + cstime): a Scrapyd node's finished jobs."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


def _one_machine(multi: MultiSite, work: Path, store: str, env: dict[str, str], phase: str) -> dict[str, Any]:
    work.mkdir(parents=True, exist_ok=True)
    command = _command(["crawlall"], work, multi, {"NEWSFEEDS_DB": store})
    run = timed(f"crawlall-{phase}", command, ROOT, work / f"crawlall-{phase}.log", env)
    reports = _reports(work)
    healthy = sum(bool(reports.get(name, {}).get("healthy")) for name in multi.names)
    return {"wall": run.wall, "cpu": run.cpu, "code": run.code, "healthy": healthy, "stored": _stored(store),
            "requests": _requests(reports, multi.names)}


def _schedule(multi: MultiSite, work: Path, store: str, env: dict[str, str], nodes: list[LocalScrapyd]) -> dict[str, Any]:
    """One `scrapy schedule` and the jobs it queued, until both nodes are idle: wall, and CPU of the
    command and of every job (what the nodes reaped)."""
    before = sum(_children_cpu(node.process.pid) for node in nodes if node.process)
    command = _command(["schedule"], work, multi, {"NEWSFEEDS_DB": store,
                                                   "NEWSFEEDS_SCRAPYD_NODES": " ".join(n.setting for n in nodes)})
    started = time.perf_counter()
    scheduled = timed("schedule", command, ROOT, work / "schedule.log", env)
    wait_idle(nodes)
    wall = time.perf_counter() - started
    jobs = sum(_children_cpu(node.process.pid) for node in nodes if node.process) - before
    reports = _reports(work)
    healthy = sum(bool(reports.get(name, {}).get("healthy")) for name in multi.names)
    return {"wall": wall, "cpu": scheduled.cpu + jobs, "code": scheduled.code, "healthy": healthy,
            "stored": _stored(store), "requests": _requests(reports, multi.names),
            "jobs_per_node": [len(node.jobs()["finished"]) for node in nodes]}


def _cluster(multi: MultiSite, work: Path, store: str, env: dict[str, str], password: str) -> dict[str, Any]:
    deployer = venv_script("scrapyd-deploy")
    if deployer is None or venv_script("scrapyd") is None:
        raise SystemExit("scrapyd and scrapyd-deploy are needed: pip install -e '.[cluster]'")
    work.mkdir(parents=True, exist_ok=True)
    with LocalScrapyd(work / "node1", max_proc=0, environment={"PGPASSWORD": password}) as one, \
            LocalScrapyd(work / "node2", max_proc=0, environment={"PGPASSWORD": password}) as two:
        deploy(ROOT, work / "checkout", sorted(multi.profiles.glob("*.toml")), [one, two], deployer)
        cold = _schedule(multi, work, store, env, [one, two])
        again = _schedule(multi, work, store, env, [one, two])
    return {"cold": cold, "unchanged": again}


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
        alone = {phase: _one_machine(multi, workdir / "one-machine", alone_store, env, phase)
                 for phase in ("cold", "unchanged")}
        cluster = _cluster(multi, workdir / "cluster", cluster_store, env, server.password)
        for phase in ("cold", "unchanged"):
            one, two = alone[phase], cluster[phase]
            print(f"  {phase}: one crawlall {one['wall']:.1f} s ({one['cpu']:.1f} CPU-s, {one['stored']} articles, "
                  f"{one['healthy']}/{sites} healthy); two Scrapyd nodes {two['wall']:.1f} s ({two['cpu']:.1f} CPU-s, "
                  f"{two['stored']} articles, {two['healthy']}/{sites} healthy, jobs per node {two['jobs_per_node']})",
                  flush=True)
        writing = _feed_writing(multi, workdir / "one-machine", alone_store, env)
    cold = alone["cold"]
    figures = {
        "sites": sites, "articles_per_site": per_site, "latency_ms": latency * 1000, "cores": os.cpu_count(),
        "one_machine": alone, "two_nodes": cluster,
        "wall_ratio": {phase: alone[phase]["wall"] / cluster[phase]["wall"] for phase in alone},
        "requests_per_cpu_second": cold["requests"] / cold["cpu"] if cold["cpu"] else 0.0,
        "feed_writing": writing,
    }
    for phase, ratio in figures["wall_ratio"].items():
        print(f"  wall-time ratio, one crawlall / two nodes, {phase}: {ratio:.2f}x")
    print(f"  crawlall cold: {cold['requests']} requests in {cold['cpu']:.1f} CPU-s = "
          f"{figures['requests_per_cpu_second']:.0f} requests per CPU-second (fetch, extract, store, feeds)")
    for phase in ("cold", "unchanged"):
        print(f"  CPU per site, {phase}: crawlall {alone[phase]['cpu'] / sites:.2f} s, "
              f"one Scrapyd job {cluster[phase]['cpu'] / sites:.2f} s")
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
