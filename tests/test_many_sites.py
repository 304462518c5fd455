"""The operator's story with many sites on one store: one `crawlall` cron line for a directory of
profiles, separate cron lines for different sites, and a store another process is writing to."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from newsfeeds.demo import ARTICLES, DemoServer
from newsfeeds.health import EXIT_LOCKED, EXIT_OK, EXIT_USAGE
from newsfeeds.lock import FileLock
from tests.conftest import ROOT, Workspace, run_crawl

SITES = [f"paper-{letter}" for letter in "abcdefgh"]
LOCAL = {"AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "LOG_LEVEL": "INFO",
         "NEWSFEEDS_BASE_URL": "http://feeds.example.test/"}


def write_profile(directory: Path, name: str, origin: str, **extra: str) -> Path:
    """A profile-only site (no spider module): the demo site's profile under another name and origin."""
    text = (ROOT / "sites" / "indiablooms.toml").read_text(encoding="utf-8")
    text = text.replace('name = "indiablooms"', f'name = "{name}"').replace('title = "Indiablooms"', f'title = "{name}"')
    text = text.replace("https://www.indiablooms.com/", origin).replace("https://www.indiablooms.com", origin.rstrip("/"))
    text = text.replace('allowed_domains = ["indiablooms.com"]', 'allowed_domains = ["127.0.0.1"]')
    for key, value in extra.items():
        text = text.replace("\n[[sections]]", f"\n{key} = {value}\n\n[[sections]]", 1)
    path = directory / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def papers(tmp_path: Path) -> Iterator[tuple[Path, dict[str, DemoServer]]]:
    """Eight local news sites, each on its own port, each described by a profile file alone."""
    profiles = tmp_path / "sites"
    profiles.mkdir()
    with ExitStack() as stack:
        servers = {name: stack.enter_context(DemoServer("127.0.0.1", 0)) for name in SITES}
        for name, server in servers.items():
            write_profile(profiles, name, server.url)
        yield profiles, servers


def scrapy(args: list[str], workspace: Workspace, profiles: Path, settings: dict[str, Any] | None = None,
           timeout: float = 300) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "scrapy", *args]
    merged = {"NEWSFEEDS_DATA_DIR": workspace.data, "NEWSFEEDS_DB": workspace.db, "NEWSFEEDS_DIR": workspace.feeds,
              "NEWSFEEDS_PROFILES_DIR": profiles, "SPIDER_MODULES": "spiders.site", **LOCAL, **(settings or {})}
    for name, value in merged.items():
        command += ["-s", f"{name}={value}"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def stored(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        return dict(connection.execute("SELECT site, COUNT(*) FROM articles GROUP BY site"))


def snapshot(feeds: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(feeds).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in feeds.rglob("*") if p.is_file()}


def reports(workspace: Workspace) -> dict[str, Any]:
    return json.loads((workspace.data / "last-run.json").read_text(encoding="utf-8"))


def test_the_cron_line_crawls_a_directory_of_profiles_at_once_and_an_unchanged_rerun_writes_nothing(papers, workspace):
    profiles, servers = papers
    cold = scrapy(["crawlall"], workspace, profiles)
    output = cold.stdout + cold.stderr
    assert cold.returncode == EXIT_OK, output[-4000:]
    assert "database is locked" not in output and "Traceback" not in output
    assert stored(workspace.db) == {name: len(ARTICLES) for name in SITES}
    report = reports(workspace)
    assert {name: report[name]["healthy"] for name in SITES} == {name: True for name in SITES}
    assert all(report[name]["articles"]["new"] == len(ARTICLES) and report[name]["articles"]["failed"] == 0
               for name in SITES)
    for name in SITES:
        assert (workspace.feeds / name / "tag" / "russia.rss").exists()
        assert f"RUN OK site={name}" in output
    assert "CRAWLALL sites=8 ok=8 unhealthy=0" in output
    index = (workspace.feeds / "index.html").read_text(encoding="utf-8")
    assert all(f"{name}/all.rss" in index for name in SITES)
    sites_overlapped = _overlapping(servers)
    assert sites_overlapped >= 2, "the sites were crawled one after another, not at once"

    before = snapshot(workspace.feeds)
    seen = {name: len(server.requests) for name, server in servers.items()}
    again = scrapy(["crawlall"], workspace, profiles)
    assert again.returncode == EXIT_OK, (again.stdout + again.stderr)[-4000:]
    assert snapshot(workspace.feeds) == before, "an unchanged re-run rewrote files"
    for name, server in servers.items():
        paths = server.requests[seen[name]:]
        assert len([p for p in paths if p != "/robots.txt"]) <= 7 and not [p for p in paths if "/details" in p], paths
    assert all(reports(workspace)[name]["feeds"]["files_written"] == 0 for name in SITES)


def _overlapping(servers: dict[str, DemoServer]) -> int:
    """How many sites were being fetched while the first site to finish was still being fetched."""
    spans = {name: (min(s.request_times), max(s.request_times)) for name, s in servers.items() if s.request_times}
    first_end = min(end for _, end in spans.values())
    return sum(1 for start, _ in spans.values() if start <= first_end)


def test_crawlall_takes_sites_by_name_leaves_out_disabled_ones_and_reports_profile_mistakes(papers, workspace):
    profiles, servers = papers
    write_profile(profiles, "paused", servers["paper-a"].url, enabled="false")
    (profiles / "broken.toml").write_text('name = "broken"\nurl = "https://x.example/"\ntimezone = "Mars/Olympus"\n')
    listed = scrapy(["crawlall", "--list", "--skip", "paper-[c-h]"], workspace, profiles)
    assert listed.stdout.split()[::2] == ["paper-a", "paper-b"]
    assert "broken.toml" in listed.stderr and "timezone" in listed.stderr and "IANA" in listed.stderr
    done = scrapy(["crawlall", "--site", "paper-b", "--site", "broken", "--site", "paused"], workspace, profiles)
    assert done.returncode == EXIT_USAGE, done.stderr[-3000:]  # a profile mistake needs a person, even when the rest is fine
    assert "RUN OK site=paper-b" in done.stderr and "enabled = false" in done.stderr
    assert stored(workspace.db) == {"paper-b": len(ARTICLES)}
    assert servers["paper-a"].requests == []


def test_a_site_being_crawled_by_its_own_cron_line_is_skipped_and_the_others_go_on(papers, workspace):
    profiles, servers = papers
    with FileLock(workspace.data / "locks" / "paper-c.lock"):
        done = scrapy(["crawlall", "--site", "paper-[a-c]"], workspace, profiles)
    assert done.returncode == EXIT_OK, done.stderr[-3000:]
    assert "Site paper-c skipped: another newsfeeds run of site paper-c holds" in done.stderr
    assert stored(workspace.db) == {"paper-a": len(ARTICLES), "paper-b": len(ARTICLES)}
    assert servers["paper-c"].requests == []
    with FileLock(workspace.data / "locks" / "paper-a.lock"):
        alone = scrapy(["crawlall", "--site", "paper-a"], workspace, profiles)
    assert alone.returncode == EXIT_LOCKED


def test_two_cron_lines_for_different_sites_started_together_both_finish_healthy(papers, workspace):
    profiles, servers = papers
    processes = [subprocess.Popen(
        [sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"profile={name}",
         *sum((["-s", f"{k}={v}"] for k, v in {"NEWSFEEDS_DATA_DIR": workspace.data, "NEWSFEEDS_DB": workspace.db,
                                                "NEWSFEEDS_DIR": workspace.feeds, "NEWSFEEDS_PROFILES_DIR": profiles,
                                                **LOCAL}.items()), [])],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for name in ("paper-a", "paper-b")]
    outputs = [p.communicate(timeout=300)[0] for p in processes]
    assert [p.returncode for p in processes] == [EXIT_OK, EXIT_OK], [o[-3000:] for o in outputs]
    assert all("database is locked" not in o and "Traceback" not in o for o in outputs)
    assert stored(workspace.db) == {"paper-a": len(ARTICLES), "paper-b": len(ARTICLES)}
    report = reports(workspace)
    assert report["paper-a"]["healthy"] and report["paper-b"]["healthy"]  # neither run's report overwrote the other's
    index = (workspace.feeds / "index.html").read_text(encoding="utf-8")
    assert "paper-a/all.rss" in index and "paper-b/all.rss" in index


class Holder:
    """Another process's long write transaction on the store, held until released."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.release = threading.Event()
        self.held = threading.Event()
        self.connection: sqlite3.Connection | None = None

    def hold_when(self, ready: Any, hold_for: float) -> threading.Thread:
        def run() -> None:
            deadline = time.monotonic() + 120
            while not ready() and time.monotonic() < deadline:
                time.sleep(0.02)
            connection = sqlite3.connect(self.db, isolation_level=None, timeout=30)
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("INSERT OR REPLACE INTO meta VALUES ('held-by-test', 'yes')")
            self.held.set()
            self.release.wait(hold_for)
            connection.execute("COMMIT")
            connection.close()
        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread


def _articles_stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as connection:
            return connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_a_crawl_waits_for_another_process_writing_and_loses_nothing(papers, workspace):
    profiles, servers = papers
    holder = Holder(workspace.db)
    thread = holder.hold_when(lambda: _articles_stored(workspace.db) > 0, hold_for=5)
    slowly = {"DOWNLOAD_DELAY": "0.1", "CONCURRENT_REQUESTS_PER_DOMAIN": "1"}  # still storing when the lock is taken
    done = scrapy(["crawl", "site", "-a", "profile=paper-a"], workspace, profiles, slowly)
    thread.join(30)
    output = done.stdout + done.stderr
    assert holder.held.is_set(), "the test never held the lock while the crawl was storing"
    assert done.returncode == EXIT_OK, output[-4000:]
    assert "Store busy while storing" in output  # it did meet the lock, and waited
    assert "database is locked" not in output and "Traceback" not in output
    assert stored(workspace.db) == {"paper-a": len(ARTICLES)}
    assert reports(workspace)["paper-a"]["articles"]["new"] == len(ARTICLES)


def test_articles_the_store_is_too_busy_to_take_are_kept_for_the_next_run(papers, workspace):
    profiles, servers = papers
    holder = Holder(workspace.db)
    log = workspace.root / "first.log"
    workspace.root.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "scrapy", "crawl", "site", "-a", "profile=paper-a"]
    for name, value in {"NEWSFEEDS_DATA_DIR": workspace.data, "NEWSFEEDS_DB": workspace.db, "NEWSFEEDS_DIR": workspace.feeds,
                        "NEWSFEEDS_PROFILES_DIR": profiles, "NEWSFEEDS_STORE_PATIENCE": "1", **LOCAL,
                        "DOWNLOAD_DELAY": "0.1", "CONCURRENT_REQUESTS_PER_DOMAIN": "1"}.items():
        command += ["-s", f"{name}={value}"]
    with log.open("w") as out:
        first = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=out,
                                 stderr=subprocess.STDOUT)
        # Hold the lock from the first stored article until the crawl gives up on one and keeps it for later.
        thread = holder.hold_when(lambda: _articles_stored(workspace.db) > 0, hold_for=120)
        deadline = time.monotonic() + 120
        while "it is kept for the next run" not in log.read_text() and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.05)
        holder.release.set()
        first.wait(300)
    thread.join(30)
    output = log.read_text()
    assert first.returncode == EXIT_OK, output[-4000:]
    report = reports(workspace)["paper-a"]
    assert report["articles"]["deferred"] > 0 and report["articles"]["failed"] == 0
    assert report["articles"]["new"] + report["articles"]["deferred"] == len(ARTICLES)
    assert "failed in processing" not in report["reason"]
    assert stored(workspace.db)["paper-a"] < len(ARTICLES)

    second = scrapy(["crawl", "site", "-a", "profile=paper-a"], workspace, profiles)
    assert second.returncode == EXIT_OK, (second.stdout + second.stderr)[-4000:]
    assert stored(workspace.db) == {"paper-a": len(ARTICLES)}
    with sqlite3.connect(workspace.db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM pending").fetchone()[0] == 0


def test_a_site_with_its_own_spider_module_is_crawled_once_by_its_module(tmp_path, workspace):
    profiles = tmp_path / "sites"
    profiles.mkdir()
    (profiles / "indiablooms.toml").write_text((ROOT / "sites" / "indiablooms.toml").read_text(encoding="utf-8"))
    write_profile(profiles, "paper-a", "http://127.0.0.1:9/")
    listed = scrapy(["crawlall", "--list"], workspace, profiles, {"SPIDER_MODULES": "spiders"})
    assert listed.returncode == EXIT_OK, listed.stderr[-2000:]
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    assert rows == [["indiablooms", "spider indiablooms"], ["paper-a", str(profiles / "paper-a.toml")]]


def test_one_crawlall_tells_each_websub_hub_about_every_sites_changed_feeds_in_one_request(papers, workspace):
    from tests.test_subscriber_feeds import Hub

    profiles, _ = papers
    for extra in SITES[2:]:
        (profiles / f"{extra}.toml").unlink()
    hub = Hub()
    try:
        settings = {"NEWSFEEDS_WEBSUB_HUBS": hub.url}
        cold = scrapy(["crawlall"], workspace, profiles, settings)
        assert cold.returncode == EXIT_OK, (cold.stdout + cold.stderr)[-4000:]
        assert len(hub.requests) == 1
        announced = {value for name, value in hub.requests[0][1] if name == "hub.url"}
        for site in SITES[:2]:
            assert {f"{LOCAL['NEWSFEEDS_BASE_URL']}{site}/all.rss", f"{LOCAL['NEWSFEEDS_BASE_URL']}{site}/tag/russia.atom"} <= announced
        again = scrapy(["crawlall"], workspace, profiles, settings)
        assert again.returncode == EXIT_OK, (again.stdout + again.stderr)[-4000:]
        assert len(hub.requests) == 1  # nothing changed: nothing announced
    finally:
        hub.close()
