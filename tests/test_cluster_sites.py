"""The operator's story with a cluster: the project deployed as an egg to two real Scrapyd nodes with
scrapyd-deploy, one `scrapy schedule` cron line spreading six sites over them, PostgreSQL as the shared
store and lock; the feeds are those one machine writes, and no site is ever crawled twice at once."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from newsfeeds.demo import ARTICLES, DemoServer
from newsfeeds.demo.articles import article_path
from newsfeeds.health import EXIT_ERROR, EXIT_LOCKED, EXIT_OK, EXIT_UNHEALTHY
from newsfeeds.lock import AdvisoryLock
from newsfeeds.pgserver import LocalPostgres, free_port
from newsfeeds.scrapyd import parse_nodes
from newsfeeds.scrapydserver import LocalScrapyd, deploy, venv_script, wait_idle
from newsfeeds.store import parse_location
from tests.conftest import ROOT, Workspace, require_tool
from tests.test_many_sites import write_profile

SITES = [f"paper-{letter}" for letter in "abcdef"]
NOW = "2026-03-20T12:00:00+00:00"
AUTH = ("ops", "cluster-secret")
LOCAL = {"AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "LOG_LEVEL": "INFO", "NEWSFEEDS_NOW": NOW,
         "NEWSFEEDS_BASE_URL": "http://feeds.example.test/", "NEWSFEEDS_EXTRACT_WORKERS": "0",
         "SPIDER_MODULES": "spiders.site"}


def cluster_tool(name: str) -> str:
    """A console script of the `cluster` extra (beside this Python), as require_tool finds system tools."""
    return require_tool(name, venv_script, "pip install -e '.[test]' brings it")


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory, postgres: LocalPostgres) -> Iterator[list[LocalScrapyd]]:
    """Two Scrapyd servers from this virtualenv on free ports of 127.0.0.1, the second behind HTTP auth;
    they know the database's password from the environment (as from ~/.pgpass), not from the jobs."""
    cluster_tool("scrapyd")
    with ExitStack() as stack:
        yield [stack.enter_context(LocalScrapyd(tmp_path_factory.mktemp("scrapyd"), auth,
                                                environment={"PGPASSWORD": postgres.password}))
               for auth in (None, AUTH)]


@pytest.fixture(scope="module")
def papers() -> Iterator[dict[str, DemoServer]]:
    """Six local news sites, each on its own port."""
    with ExitStack() as stack:
        yield {name: stack.enter_context(DemoServer("127.0.0.1", 0)) for name in SITES}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, nodes: list[LocalScrapyd], papers: dict[str, DemoServer]) -> Path:
    """A copy of the project whose sites/ holds the six sites' profiles, deployed to both nodes with
    `scrapyd-deploy -a`, exactly as an operator deploys from a checkout."""
    deployer = cluster_tool("scrapyd-deploy")
    profiles = tmp_path_factory.mktemp("profiles")
    for name, server in papers.items():
        write_profile(profiles, name, server.url)
    copy = tmp_path_factory.mktemp("checkout")
    deploy(ROOT, copy, sorted(profiles.glob("*.toml")), nodes, deployer)
    for node in nodes:
        assert node.api("listspiders.json", project="newsfeeds")["spiders"] == ["indiablooms", "site"]
    return copy


def scrapy(args: list[str], settings: dict[str, Any], timeout: float = 300, password: str = "") -> subprocess.CompletedProcess[str]:
    """A scrapy command run from the checkout, as the machine with the cron line runs it."""
    command = [sys.executable, "-m", "scrapy", *args]
    for name, value in {**LOCAL, **settings}.items():
        command += ["-s", f"{name}={value}"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **({"PGPASSWORD": password} if password else {})})


def site_files(feeds: Path, site: str) -> dict[str, bytes]:
    return {p.relative_to(feeds).as_posix(): p.read_bytes() for p in sorted((feeds / site).rglob("*")) if p.is_file()}


def article_fetches(server: DemoServer) -> list[str]:
    """The article pages a site served (not listings, robots.txt, images)."""
    pages = {article_path(article) for article in ARTICLES}
    return [path for path in server.requests if path in pages]


def test_six_sites_scheduled_over_two_scrapyd_nodes_end_in_the_feeds_one_machine_writes(
        nodes, papers, project, postgres: LocalPostgres, tmp_path):
    secret = postgres.password
    store = postgres.url(postgres.create_database(), password=False)
    cluster = {"NEWSFEEDS_DB": store, "NEWSFEEDS_DIR": tmp_path / "shared-feeds", "NEWSFEEDS_DATA_DIR": tmp_path / "node-data",
               "NEWSFEEDS_PROFILES_DIR": project / "sites"}
    down = f"http://127.0.0.1:{free_port()}/"
    both = f"{nodes[0].setting} {nodes[1].setting}"
    every = " ".join([nodes[0].setting, down, nodes[1].setting])

    # paper-f is being crawled elsewhere (its advisory lock is held): the cron line leaves it alone.
    holder = AdvisoryLock(parse_location(postgres.url(store.rsplit("/", 1)[1])), "paper-f")  # with its password
    holder.acquire()
    try:
        first = scrapy(["schedule"], {**cluster, "NEWSFEEDS_SCRAPYD_NODES": every}, password=secret)
        again = scrapy(["schedule"], {**cluster, "NEWSFEEDS_SCRAPYD_NODES": both}, password=secret)
        # Someone queues paper-f by hand on a node, past our command: the job's own lock keeps it out.
        bypass = nodes[1].api("schedule.json", form={"project": "newsfeeds", "spider": "site", "profile": "paper-f",
                                                     "jobid": "paper-f.by-hand",
                                                     "setting": [f"{k}={v}" for k, v in {**LOCAL, **cluster}.items()
                                                                 if k != "NEWSFEEDS_PROFILES_DIR"]})
        assert bypass["status"] == "ok"
        wait_idle(nodes)
    finally:
        holder.release()
    output = first.stdout + first.stderr
    assert first.returncode == EXIT_UNHEALTHY, output[-4000:]  # a node was down; the others took its share
    assert f"Scrapyd node {down} is unreachable" in output
    assert "Site paper-f skipped: another newsfeeds run of site paper-f holds its lock" in output
    assert "SCHEDULE sites=6 queued=5 skipped_busy=1 nodes_up=2/3" in output
    assert AUTH[1] not in output
    repeat = again.stdout + again.stderr
    assert again.returncode == EXIT_LOCKED, repeat[-4000:]  # nothing queued twice: every site pending, running or locked
    assert sum(f"Site {name} skipped" in repeat for name in SITES) == 6

    for node in nodes:  # the jobs read the profiles from the egg: the node has no checkout
        assert sorted(p.name for p in (node.home / "cache").glob("newsfeeds/eggs/*/sites/*.toml")) == \
            [f"{name}.toml" for name in SITES]
    finished = {node.url: node.jobs()["finished"] for node in nodes}
    assert all(len(jobs) >= 2 for jobs in finished.values()), finished  # both nodes worked
    logs = {**nodes[0].logs(), **nodes[1].logs()}
    assert "RUN OK" not in logs["paper-f.by-hand"]
    console = nodes[1].console().splitlines()
    assert [line for line in console if "Process died: exitstatus=75" in line and "job='paper-f.by-hand'" in line]
    assert [line for line in console if "newsfeeds: another newsfeeds run of site paper-f holds its lock" in line]
    for name in SITES[:5]:
        runs = [job for job, text in logs.items() if f"RUN OK site={name} new={len(ARTICLES)}" in text]
        assert len(runs) == 1, (name, runs)
        fetched = article_fetches(papers[name])
        assert len(fetched) == len(set(fetched)) == len(ARTICLES)  # each article fetched once, by one run

    # Now paper-f is free: the next cron line queues it (and only it, as crawlall's --site would), this
    # time as a job that only stores: the web host's write-feeds renders its feeds.
    last = scrapy(["schedule", "--site", "paper-f"], {**cluster, "NEWSFEEDS_SCRAPYD_NODES": both,
                                                      "NEWSFEEDS_WRITE_FEEDS": "False"}, password=secret)
    assert last.returncode == EXIT_OK, (last.stdout + last.stderr)[-4000:]
    assert "SCHEDULE sites=1 queued=1" in last.stderr
    wait_idle(nodes)
    assert len(article_fetches(papers["paper-f"])) == len(ARTICLES)
    assert not (tmp_path / "shared-feeds" / "paper-f").exists()
    stored = Workspace(tmp_path, postgres.url(store.rsplit("/", 1)[1])).rows("SELECT site, COUNT(*) FROM articles GROUP BY site")
    assert dict(stored) == {name: len(ARTICLES) for name in SITES}
    assert not [n for n in nodes if secret in n.console() or any(secret in text for text in n.logs().values())]

    # One machine with the same articles in its own SQLite store (not crawled again: two crawls may
    # store a site's articles in another order, and the order names a tag and ranks same-day stories).
    single = tmp_path / "single"
    copied = scrapy(["store-copy", store, str(single / "newsfeeds.sqlite3")], {}, password=secret)
    assert copied.returncode == EXIT_OK, (copied.stdout + copied.stderr)[-4000:]
    alone = scrapy(["write-feeds"], {"NEWSFEEDS_DB": single / "newsfeeds.sqlite3", "NEWSFEEDS_DIR": single / "feeds",
                                     "NEWSFEEDS_DATA_DIR": single, "NEWSFEEDS_PROFILES_DIR": project / "sites"})
    assert alone.returncode == EXIT_OK, (alone.stdout + alone.stderr)[-4000:]
    # And the web host's way: jobs that only store, and write-feeds there rendering from the shared store.
    rendered = scrapy(["write-feeds"], {**cluster, "NEWSFEEDS_DIR": tmp_path / "web-host"}, password=secret)
    assert rendered.returncode == EXIT_OK, (rendered.stdout + rendered.stderr)[-4000:]
    for name in SITES:
        expected = site_files(single / "feeds", name)
        assert len(expected) > 20 and f"{name}/tag/russia.rss" in expected
        assert site_files(tmp_path / "web-host", name) == expected, name
        if name != "paper-f":
            assert site_files(tmp_path / "shared-feeds", name) == expected, name


def test_a_node_that_wants_credentials_or_no_node_at_all_is_one_clear_line(nodes, project, postgres, tmp_path):
    store = postgres.url(postgres.create_database())
    settings = {"NEWSFEEDS_DB": store, "NEWSFEEDS_PROFILES_DIR": project / "sites", "NEWSFEEDS_DATA_DIR": tmp_path}
    refused = scrapy(["schedule", "--list"], {**settings, "NEWSFEEDS_SCRAPYD_NODES": nodes[1].url})
    assert refused.returncode == EXIT_ERROR
    assert f"Scrapyd node {nodes[1].url} answered daemonstatus.json with HTTP 401 (set the node's user:password" in refused.stderr
    nobody = f"http://127.0.0.1:{free_port()}/"
    gone = scrapy(["schedule"], {**settings, "NEWSFEEDS_SCRAPYD_NODES": nobody})
    assert gone.returncode == EXIT_ERROR
    assert f"No Scrapyd node reachable ({nobody})" in gone.stderr
    listed = scrapy(["schedule", "--list", "--skip", "paper-a"], {**settings, "NEWSFEEDS_SCRAPYD_NODES": nodes[0].url})
    assert listed.returncode == EXIT_OK, listed.stderr[-3000:]
    assert [line.split("\t") for line in listed.stdout.splitlines()] == [[name, nodes[0].url] for name in SITES[1:]]
    assert not nodes[0].jobs()["pending"]  # --list queues nothing


def test_node_urls_are_checked_and_their_credentials_kept_out_of_messages():
    first, second = parse_nodes("http://crawler1:6800, https://ops:pw@crawler2.example:6443/scrapyd")
    assert (first.url, first.auth) == ("http://crawler1:6800/", None)
    assert (second.url, second.auth) == ("https://crawler2.example:6443/scrapyd/", ("ops", "pw"))
    with pytest.raises(ValueError, match="'crawler3:6800' is not an http"):
        parse_nodes(["crawler3:6800"])
