"""The operator's story of a crawl that dies part-way: a cold crawl of a large archive is killed with
kill -9 (the OOM killer, a reboot, cron's `timeout`) at some moment, and the next run still stores
every article; nothing discovered is lost, and no listing walk stops at "all known" because the first
run got that far before dying."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newsfeeds.demo.archive import ArchiveServer, ArchiveSite
from tests.conftest import ROOT, Workspace, crawl_args, run_crawl

ARTICLES = 450  # three sections of 150 stories, 8 listing pages each


@pytest.fixture
def archive() -> Iterator[ArchiveServer]:
    with ArchiveServer(ArchiveSite(ARTICLES)) as server:
        yield server


def settings_for(profiles: Path) -> dict[str, str]:
    return {"NEWSFEEDS_PROFILES_DIR": str(profiles), "NEWSFEEDS_EXTRACT_WORKERS": "0",
            "CONCURRENT_REQUESTS": "8", "CONCURRENT_REQUESTS_PER_DOMAIN": "8"}


def stored_paths(workspace: Workspace) -> set[str]:
    try:
        rows = workspace.rows("SELECT url FROM articles")
    except Exception:  # noqa: BLE001 - the store is not created yet
        return set()
    return {urlsplit(url).path for url, in rows}


def crawl_until(workspace: Workspace, profiles: Path, moment: Callable[[], bool], timeout: float = 120) -> int:
    """Start a crawl of the archive and kill it with SIGKILL as soon as `moment()` holds; returns the
    crawl's exit status (-9 when killed, or its own code if it finished first)."""
    args = crawl_args("", workspace, "site", settings_for(profiles), {"profile": "archive"})
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + timeout
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if moment():
                os.kill(process.pid, signal.SIGKILL)
                break
            time.sleep(0.05)
        return process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()


MOMENTS = {
    "after the first listing page": lambda server, workspace: any(p.endswith("/world/") for p, _ in server.requests()),
    "after 30 articles stored": lambda server, workspace: len(stored_paths(workspace)) >= 30,
    "after 200 articles stored": lambda server, workspace: len(stored_paths(workspace)) >= 200,
}


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_cold_crawl_killed_at_any_moment_loses_nothing_the_next_run_stores_every_article(
        archive, any_workspace, tmp_path, moment):
    profiles = tmp_path / "sites"
    archive.write_profile(profiles)
    code = crawl_until(any_workspace, profiles, lambda: MOMENTS[moment](archive, any_workspace))
    assert code == -signal.SIGKILL, f"the crawl finished before it could be killed {moment}"
    before = stored_paths(any_workspace)
    assert len(before) < ARTICLES

    result = run_crawl("", any_workspace, "site", settings_for(profiles), {"profile": "archive"})
    assert result.code == 0, result.output[-3000:]
    assert stored_paths(any_workspace) == set(archive.site.paths()), (result.report, any_workspace.rows("SELECT url, attempts, seq, last_error FROM pending"))
    assert any_workspace.rows("SELECT COUNT(*) FROM pending") == [(0,)]
    # Every article page was fetched once by the two runs together, give or take what the killed run had in flight.
    fetched = archive.fetches()
    assert set(fetched) == set(archive.site.paths())
    assert sum(fetched.values()) - ARTICLES <= 16
    # The following incremental run has nothing left to do: one listing page per section, no article.
    mark = len(archive.requests())
    again = run_crawl("", any_workspace, "site", settings_for(profiles), {"profile": "archive"})
    assert again.code == 0, again.output[-3000:]
    later = [path for path, _ in archive.requests()[mark:] if path != "/robots.txt"]
    assert sorted(later) == ["/business/", "/science/", "/world/"]


def test_a_crawl_killed_twice_in_a_row_still_ends_with_every_article(archive, workspace, tmp_path):
    profiles = tmp_path / "sites"
    archive.write_profile(profiles)
    assert crawl_until(workspace, profiles, lambda: len(stored_paths(workspace)) >= 40) == -signal.SIGKILL
    first = len(stored_paths(workspace))
    assert crawl_until(workspace, profiles, lambda: len(stored_paths(workspace)) >= first + 60) == -signal.SIGKILL
    assert len(stored_paths(workspace)) < ARTICLES

    result = run_crawl("", workspace, "site", settings_for(profiles), {"profile": "archive"})
    assert result.code == 0, result.output[-3000:]
    assert stored_paths(workspace) == set(archive.site.paths())
    report = result.report["archive"]
    assert report["articles"]["resumed"] > 0 and report["articles"]["waiting"] == 0


def test_a_walk_cut_short_is_walked_on_by_the_next_run_though_its_first_pages_are_all_known(archive, any_workspace,
                                                                                            tmp_path):
    profiles = tmp_path / "sites"
    archive.write_profile(profiles)
    first = run_crawl("", any_workspace, "site", settings_for(profiles), {"profile": "archive", "max_pages": "2"})
    assert first.code == 0, first.output[-3000:]
    assert len(stored_paths(any_workspace)) == 3 * 2 * 20  # two listing pages of each section

    # The next run finds the first pages unchanged and every article on them known, and still walks on.
    result = run_crawl("", any_workspace, "site", settings_for(profiles), {"profile": "archive"})
    assert result.code == 0, result.output[-3000:]
    assert result.report["archive"]["walks_resumed"] == 3
    assert stored_paths(any_workspace) == set(archive.site.paths())
    # Once every walk has reached the end, a run reads one page per section, conditionally.
    mark = len(archive.requests())
    again = run_crawl("", any_workspace, "site", settings_for(profiles), {"profile": "archive"})
    assert again.code == 0, again.output[-3000:]
    assert sorted(archive.requests()[mark:]) == [("/business/", 304), ("/robots.txt", 200), ("/science/", 304),
                                                 ("/world/", 304)]
