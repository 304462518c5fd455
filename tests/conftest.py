"""Shared test fixtures: the demo site on a local port, real `scrapy crawl` runs against it, and the
store on both backends: `store_url` is a SQLite file, then a fresh database on a PostgreSQL server the
session starts itself (skipped locally without PostgreSQL's binaries, a failure in CI)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from newsfeeds.demo.server import DemoServer
from newsfeeds.pgserver import LocalPostgres, find_binaries
from newsfeeds.store import SQLStore, open_store, parse_location

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class CrawlResult:
    """What one `scrapy crawl` run left behind."""

    code: int
    output: str
    report: dict[str, Any]
    feeds: Path
    db: Path

    def feed(self, relative: str) -> Path:
        return self.feeds / relative


@dataclass
class Workspace:
    """A private data directory and feed directory for one test's crawls, and its store: a SQLite file
    in the data directory unless `store_url` names another (a PostgreSQL database)."""

    root: Path
    store_url: str = ""

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def feeds(self) -> Path:
        return self.root / "feeds"

    @property
    def db(self) -> Path:
        return self.data / "newsfeeds.sqlite3"

    @property
    def store(self) -> str:
        """What NEWSFEEDS_DB is set to for this workspace's runs."""
        return self.store_url or str(self.db)

    def open(self, readonly: bool = True) -> SQLStore:
        return open_store(parse_location(self.store), readonly=readonly)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """A query on the workspace's store, whichever backend holds it (`?` placeholders)."""
        store = self.open()
        try:
            return [tuple(row) for row in store.db.execute(sql, params)]
        finally:
            store.close()


def crawl_args(site_url: str, workspace: Workspace, spider: str = "indiablooms",
               settings: dict[str, Any] | None = None, spider_args: dict[str, str] | None = None) -> list[str]:
    """The command line of a real crawl, kept to local, throttle-free settings."""
    merged = {
        "NEWSFEEDS_DATA_DIR": workspace.data,
        "NEWSFEEDS_DB": workspace.store,
        "NEWSFEEDS_DIR": workspace.feeds,
        "NEWSFEEDS_BASE_URL": "http://feeds.example.test/",
        "AUTOTHROTTLE_ENABLED": "False",
        "DOWNLOAD_DELAY": "0",
        "LOG_LEVEL": "INFO",
        **(settings or {}),
    }
    args = [sys.executable, "-m", "scrapy", "crawl", spider]
    if site_url:
        args += ["-a", f"site_url={site_url}"]
    for name, value in (spider_args or {}).items():
        args += ["-a", f"{name}={value}"]
    for name, value in merged.items():
        args += ["-s", f"{name}={value}"]
    return args


def run_crawl(site_url: str, workspace: Workspace, spider: str = "indiablooms", settings: dict[str, Any] | None = None,
              spider_args: dict[str, str] | None = None, timeout: float = 240, extra: Sequence[str] = ()) -> CrawlResult:
    """Run `scrapy crawl` in a subprocess, as an operator or cron would, and collect its results."""
    args = crawl_args(site_url, workspace, spider, settings, spider_args) + list(extra)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=env)
    report_path = workspace.data / "last-run.json"
    report: dict[str, Any] = {}
    if report_path.exists():
        report = json.loads(report_path.read_text(encoding="utf-8"))
    return CrawlResult(done.returncode, done.stdout + done.stderr, report, workspace.feeds, workspace.db)


@pytest.fixture(scope="session")
def postgres() -> Iterator[LocalPostgres]:
    """A PostgreSQL server for the whole session, on a free port of 127.0.0.1, removed at the end."""
    if find_binaries() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL (initdb, pg_ctl) is required in CI (.ci/run installs it)")
        pytest.skip("PostgreSQL is not installed: the PostgreSQL half of the store tests is skipped")
    with LocalPostgres() as server:
        yield server


BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty store on each backend in turn: a SQLite file, then a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "data" / "newsfeeds.sqlite3")
    server: LocalPostgres = request.getfixturevalue("postgres")
    return server.url(server.create_database())


@pytest.fixture
def store(store_url: str) -> Iterator[SQLStore]:
    """A fresh store on each backend in turn, opened for writing."""
    opened = open_store(parse_location(store_url))
    yield opened
    opened.close()


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path)


@pytest.fixture
def any_workspace(tmp_path: Path, store_url: str) -> Workspace:
    """A workspace whose store is on each backend in turn."""
    return Workspace(tmp_path, store_url)


@pytest.fixture
def demo_server() -> Iterator[DemoServer]:
    with DemoServer("127.0.0.1", 0) as server:
        yield server


@pytest.fixture(scope="module")
def demo_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DemoServer, Workspace, CrawlResult]]:
    """One crawl of the demo site shared by a module's read-only tests."""
    workspace = Workspace(tmp_path_factory.mktemp("demo-crawl"))
    with DemoServer("127.0.0.1", 0) as server:
        result = run_crawl(server.url, workspace)
        assert result.code == 0, result.output[-4000:]
        yield server, workspace, result


def require_tool(name: str, find: Callable[[str], str | None] = shutil.which,
                 installed_by: str = ".ci/run installs it") -> str:
    """A system tool's path; skipped locally when absent, but a failure in CI where it must exist."""
    path = find(name)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{name} is required in CI ({installed_by})")
    pytest.skip(f"{name} not installed")
    raise AssertionError  # unreachable
