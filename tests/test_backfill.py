"""The newsroom's story of backfilling one large site's archive: several processes (on one machine here,
on several in production) share one frontier in a real Redis server and one PostgreSQL store; each
article is fetched once across all of them, a process killed with kill -9 loses nothing for good, and
without Redis the backfill says so in one line and exits 2 with nothing lost."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis

from newsfeeds.demo.archive import ArchiveServer, ArchiveSite
from newsfeeds.pgserver import LocalPostgres, free_port
from newsfeeds.redisserver import LocalRedis
from tests.conftest import ROOT, Workspace, crawl_args, require_tool, run_crawl

ARTICLES = 600  # three sections of 200 stories, 10 listing pages each


@pytest.fixture(scope="session")
def redis_server() -> Iterator[LocalRedis]:
    """A Redis server for the whole session on a free port of 127.0.0.1 (skipped locally without
    redis-server, a failure in CI)."""
    with LocalRedis(require_tool("redis-server")) as server:
        yield server


@pytest.fixture
def redis_url(redis_server: LocalRedis) -> str:
    redis.Redis.from_url(redis_server.url).flushdb()
    return redis_server.url


@pytest.fixture
def archive() -> Iterator[ArchiveServer]:
    with ArchiveServer(ArchiveSite(ARTICLES), latency=0.005) as server:
        yield server


@pytest.fixture
def shared(tmp_path: Path, postgres: LocalPostgres) -> Workspace:
    """A workspace whose store is a fresh PostgreSQL database, as a backfill across machines has."""
    return Workspace(tmp_path, postgres.url(postgres.create_database()))


def settings_for(profiles: Path, redis_url: str = "") -> dict[str, str]:
    settings = {"NEWSFEEDS_PROFILES_DIR": str(profiles), "NEWSFEEDS_EXTRACT_WORKERS": "0",
                "CONCURRENT_REQUESTS": "8", "CONCURRENT_REQUESTS_PER_DOMAIN": "8"}
    if redis_url:
        settings["NEWSFEEDS_REDIS_URL"] = redis_url
    return settings


def backfill(workspace: Workspace, profiles: Path, redis_url: str, log: Path) -> subprocess.Popen[bytes]:
    args = crawl_args("", workspace, "site", settings_for(profiles, redis_url), {"profile": "archive", "backfill": "1"})
    return subprocess.Popen(args, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def stored_paths(workspace: Workspace) -> set[str]:
    try:
        return {urlsplit(url).path for url, in workspace.rows("SELECT url FROM articles")}
    except Exception:  # noqa: BLE001 - the store's tables are not created yet
        return set()


def finish(processes: list[subprocess.Popen[bytes]], logs: list[Path]) -> list[int]:
    codes = [process.wait(timeout=300) for process in processes]
    for code, log in zip(codes, logs):
        assert code in (0, -signal.SIGKILL), log.read_text(errors="replace")[-3000:]
    return codes


def test_three_backfill_processes_fetch_every_article_exactly_once(archive, shared, redis_url, tmp_path):
    profiles = tmp_path / "sites"
    archive.write_profile(profiles)
    logs = [tmp_path / f"backfill-{n}.log" for n in range(3)]
    processes = [backfill(shared, profiles, redis_url, log) for log in logs]
    assert finish(processes, logs) == [0, 0, 0]

    fetched = archive.fetches()
    assert set(fetched) == set(archive.site.paths())
    assert {path: n for path, n in fetched.items() if n > 1} == {}
    assert stored_paths(shared) == set(archive.site.paths())
    assert shared.rows("SELECT COUNT(*) FROM pending") == [(0,)]
    # The last one out left nothing behind in Redis.
    assert redis.Redis.from_url(redis_url).keys("newsfeeds:archive:*") == []


def test_a_backfill_process_killed_with_kill_9_loses_nothing_after_the_next_run(archive, shared, redis_url, tmp_path):
    profiles = tmp_path / "sites"
    archive.write_profile(profiles)
    logs = [tmp_path / f"backfill-{n}.log" for n in range(3)]
    processes = [backfill(shared, profiles, redis_url, log) for log in logs]
    deadline = time.monotonic() + 120
    while len(stored_paths(shared)) < 150 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(processes[1].pid, signal.SIGKILL)
    assert finish(processes, logs) == [0, -signal.SIGKILL, 0]

    # The next run, an ordinary one without Redis, fetches what the killed process had in flight.
    result = run_crawl("", shared, "site", settings_for(profiles), {"profile": "archive"})
    assert result.code == 0, result.output[-3000:]
    assert stored_paths(shared) == set(archive.site.paths())
    assert shared.rows("SELECT COUNT(*) FROM pending") == [(0,)]


def test_a_backfill_without_redis_says_so_in_one_line_and_exits_2_with_nothing_lost(archive, workspace, tmp_path):
    profiles = tmp_path / "sites"
    archive.write_profile(profiles)
    nowhere = f"redis://127.0.0.1:{free_port()}/0"
    args = crawl_args("", workspace, "site", settings_for(profiles, nowhere), {"profile": "archive", "backfill": "1"})
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if line.startswith("newsfeeds:")]
    assert len(errors) == 1 and "cannot reach Redis at" in errors[0] and "nothing was fetched" in errors[0], done.stderr
    assert archive.requests() == []
    # An ordinary run of the site needs no Redis at all.
    result = run_crawl("", workspace, "site", settings_for(profiles), {"profile": "archive"})
    assert result.code == 0, result.output[-3000:]
    assert stored_paths(workspace) == set(archive.site.paths())
