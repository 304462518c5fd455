"""(e) Many sites on one store: one `scrapy crawlall` against the same sites crawled by one `scrapy
crawl` each, in sequence, as separate cron lines would; cold and unchanged; wall time and peak memory.

Every site is a synthetic news site of its own (own seed, own port on one nginx), described by a
profile file alone; both sides use the same settings and one shared SQLite store.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from measure import ROOT, CrawlSettings, Run, timed
from synthetic import PER_PAGE, build_site
from webserver import WebServer, free_port

from newsfeeds.profiles import Profile

PROFILE_TEXT = """\
name = "{name}"
title = "Synthetic {name}"
url = "{origin}/"
timezone = "Asia/Kolkata"
allowed_domains = ["127.0.0.1"]

{sections}
[links]
pattern = ['^/[a-z-]+/[^/]+/details/?$']
next = ["a[rel~=next]"]
max_pages = 1

[boilerplate]
text = ["Support Our Journalism"]
"""


@dataclass
class MultiSite:
    """The sites on disk and the profile directory that describes them."""

    names: list[str]
    profiles: Path
    articles: int  # on first listing pages, i.e. what a crawl with max_pages = 1 reaches
    origins: dict[str, str]


def build_sites(tmp: Path, template: Profile, sites: int, per_site: int) -> tuple[MultiSite, dict[int, Path]]:
    profiles = tmp / "profiles"
    profiles.mkdir(parents=True, exist_ok=True)
    roots: dict[int, Path] = {}
    names, origins, reachable = [], {}, 0
    for number in range(1, sites + 1):
        name = f"site-{number:02d}"
        port = free_port()
        origin = f"http://127.0.0.1:{port}"
        profile = template.pointed_at(origin + "/")
        site, _ = build_site(tmp / name, profile, per_site, origin, seed=100 + number)
        reachable += sum(min(PER_PAGE, len(articles)) for articles in site.by_section().values())
        sections = "".join(f'[[sections]]\nname = "{s.name}"\nslug = "{s.slug}"\nurl = "{s.url}"\n\n' for s in profile.sections)
        (profiles / f"{name}.toml").write_text(PROFILE_TEXT.format(name=name, origin=origin, sections=sections))
        roots[port] = tmp / name
        names.append(name)
        origins[name] = origin
    return MultiSite(names, profiles, reachable, origins), roots


def _command(args: list[str], workspace: Path, multi: MultiSite, overrides: dict[str, str]) -> list[str]:
    data = workspace / "data"
    merged = {
        "NEWSFEEDS_DATA_DIR": str(data), "NEWSFEEDS_DB": str(data / "newsfeeds.sqlite3"),
        "NEWSFEEDS_DIR": str(workspace / "feeds"), "NEWSFEEDS_BASE_URL": "http://feeds.bench.test/",
        "NEWSFEEDS_PROFILES_DIR": str(multi.profiles), "SPIDER_MODULES": "spiders.site", "LOG_LEVEL": "INFO",
        **overrides,
    }
    command = [sys.executable, "-m", "scrapy", *args]
    for name, value in merged.items():
        command += ["-s", f"{name}={value}"]
    return command


@dataclass
class Side:
    """One way of crawling every site once: total wall and CPU, articles stored, sites healthy."""

    wall: float = 0.0
    cpu: float = 0.0
    new: int = 0
    healthy: int = 0
    codes: tuple[int, ...] = ()
    files_written: int = 0
    peak_mib: float = 0.0

    def add(self, run: Run, reports: dict[str, Any], names: list[str]) -> None:
        self.wall += run.wall
        self.cpu += run.cpu
        self.peak_mib = max(self.peak_mib, run.peak_rss_kb / 1024)
        self.codes += (run.code,)
        for name in names:
            report = reports.get(name, {})
            self.new += int(report.get("articles", {}).get("new", 0))
            self.healthy += bool(report.get("healthy"))
            self.files_written += int(report.get("feeds", {}).get("files_written", 0))


def _reports(workspace: Path) -> dict[str, Any]:
    """Every site's run report (the file holds one per site)."""
    try:
        everything = json.loads((workspace / "data" / "last-run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return everything if isinstance(everything, dict) else {}


def sequential(label: str, multi: MultiSite, workspace: Path, settings: dict[str, str]) -> Side:
    side = Side()
    workspace.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for name in multi.names:
        run = timed(f"{label}-{name}", _command(["crawl", "site", "-a", f"profile={name}"], workspace, multi, settings),
                    ROOT, workspace / f"{label}-{name}.log", env)
        side.add(run, _reports(workspace), [name])
    return side


def together(label: str, multi: MultiSite, workspace: Path, settings: dict[str, str]) -> Side:
    side = Side()
    workspace.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = timed(label, _command(["crawlall"], workspace, multi, settings), ROOT, workspace / f"{label}.log", env)
    side.add(run, _reports(workspace), multi.names)
    return side


def one_site(label: str, multi: MultiSite, workspace: Path, settings: dict[str, str]) -> Side:
    return sequential(label, MultiSite(multi.names[:1], multi.profiles, multi.articles, multi.origins), workspace,
                      settings)


@dataclass(frozen=True)
class Politeness:
    """One set of settings both sides run with."""

    label: str
    overrides: dict[str, str]
    rounds: int
    targets: bool  # the targets are judged on this one


def shipped_and_unthrottled(concurrency: int, rounds: int) -> list[Politeness]:
    unthrottled = CrawlSettings(concurrency, concurrency, 1).scrapy_settings()
    return [
        Politeness("as shipped (settings.py: DOWNLOAD_DELAY 0.25 s, 2 requests per site, AutoThrottle)", {}, 1, True),
        Politeness(f"unthrottled (DOWNLOAD_DELAY 0, {concurrency} per site, no AutoThrottle)", unthrottled, rounds, False),
    ]


def multisite_steps(template: Profile, tmp: Path, sites: int, per_site: int, rounds: int, concurrency: int,
                    python_server: bool, results: Any) -> None:
    """Run step (e) and add its rows to `results` (bench/run.py's Results)."""
    multi, roots = build_sites(tmp / "multi", template, sites, per_site)
    results.setup.append(
        f"Many sites (e): {sites} synthetic sites of {per_site} articles each ({len(template.sections)} sections, "
        f"{PER_PAGE} links per listing page, max_pages = 1: about {per_site + len(template.sections) + 1} requests per "
        "site), each on its own port of one web server and described by a profile file alone; one shared SQLite store. "
        "Sequential = one `scrapy crawl site -a profile=NAME` per site, one after another (separate cron lines); "
        "crawlall = one `scrapy crawlall`. Both sides run with the same settings, twice over: as shipped (what the "
        "README's cron line runs; the issue's targets are judged here, one round: the run time is set by the per-site "
        "delay) and unthrottled (no politeness limits, so the crawl is bound by CPU: best of the rounds). Peak memory "
        "is the largest resident set of any one process (wait4's ru_maxrss, workers included).")
    first = next(iter(roots))
    with WebServer(roots[first], tmp / "multi-server", first, prefer_nginx=not python_server, more=roots) as server:
        results.server = server.name
        for politeness in shipped_and_unthrottled(concurrency, rounds):
            _compare(multi, tmp / f"multi-{len(politeness.overrides)}", politeness, sites, results)


def _compare(multi: MultiSite, tmp: Path, politeness: Politeness, sites: int, results: Any) -> None:
    settings = politeness.overrides
    best: dict[str, Side] = {}
    for round_no in range(politeness.rounds):
        for key, crawl in (("sequential", sequential), ("crawlall", together)):
            workspace = tmp / f"{key}-{round_no}"
            cold = crawl(f"{key}-cold", multi, workspace, settings)
            again = crawl(f"{key}-again", multi, workspace, settings)
            print(f"  {politeness.label.split(' (')[0]}, {key} round {round_no}: cold {cold.wall:.1f} s, unchanged "
                  f"{again.wall:.1f} s, {cold.new} articles, {cold.healthy}/{sites} healthy", flush=True)
            for phase, side in (("cold", cold), ("again", again)):
                name = f"{key}-{phase}"
                if name not in best or side.wall < best[name].wall:
                    best[name] = side
        single = one_site("single-again", multi, tmp / f"sequential-{round_no}", settings)
        if "single-again" not in best or single.wall < best["single-again"].wall:
            best["single-again"] = single
    step = f"(e) many sites, {politeness.label.split(' (')[0]}"
    results.add(step, "settings (both sides)", politeness.label.split(" (", 1)[1].rstrip(")"))
    seq_cold, all_cold = best["sequential-cold"], best["crawlall-cold"]
    seq_again, all_again, single = best["sequential-again"], best["crawlall-again"], best["single-again"]
    for label, side in (("sequential", seq_cold), ("crawlall", all_cold)):
        results.add(step, f"{label} cold: articles stored, sites healthy", f"{side.new}, {side.healthy}/{sites}",
                    f"{multi.articles}, {sites}/{sites}", side.new == multi.articles and side.healthy == sites)
        results.add(step, f"{label} cold: wall / CPU time", f"{side.wall:.1f} s / {side.cpu:.1f} s")
    speedup = seq_cold.wall / all_cold.wall if all_cold.wall else 0.0
    results.add(step, "cold: sequential wall / crawlall wall", f"{speedup:.2f}x", ">= 3x" if politeness.targets else "",
                speedup >= 3 if politeness.targets else None)
    results.add(step, "peak memory, largest process: sequential / crawlall",
                f"{seq_cold.peak_mib:.0f} MiB / {all_cold.peak_mib:.0f} MiB")
    for label, side in (("sequential", seq_again), ("crawlall", all_again)):
        results.add(step, f"{label} unchanged: wall, files written, sites healthy",
                    f"{side.wall:.1f} s, {side.files_written}, {side.healthy}/{sites}", f"0 files, {sites}/{sites}",
                    side.files_written == 0 and side.healthy == sites)
    results.add(step, "one site unchanged: wall", f"{single.wall:.2f} s")
    ratio = all_again.wall / single.wall if single.wall else 0.0
    results.add(step, f"unchanged crawlall of {sites} sites / unchanged run of one", f"{ratio:.2f}x",
                "<= 2x" if politeness.targets else "", ratio <= 2 if politeness.targets else None)
