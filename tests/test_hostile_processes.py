"""Processes that die and stores that rot: a crawl killed with SIGKILL while it stores items or writes
feeds leaves every feed file old-or-new and complete and a store that opens, and the next run finishes
the job; a corrupted or unusable database stops the run with one clear line naming the file (exit 2).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from newsfeeds.health import EXIT_USAGE
from newsfeeds.store import SQLiteStore, SQLStore
from tests.conftest import ROOT, Workspace, crawl_args, run_crawl
from tests.hostile.checks import FEED_SUFFIXES, FeedFile, items_by_path, read_feeds
from tests.hostile.newsroom import Newsroom
from tests.hostile.server import HostileServer

PROFILE = Path(__file__).parent / "hostile" / "newsroom.toml"
SETTINGS: dict[str, Any] = {"DOWNLOAD_DELAY": 0.01, "NEWSFEEDS_MAX_ITEMS": 100}
KILL_DEADLINE = 60.0



def crawl(server: HostileServer, workspace: Workspace) -> Any:
    return run_crawl(server.url, workspace, spider="site", spider_args={"profile": str(PROFILE)}, settings=SETTINGS,
                     timeout=120)


def start_crawl(server: HostileServer, workspace: Workspace, log: Path) -> subprocess.Popen[bytes]:
    """A crawl in the background, as cron would start it, so the test can kill it mid-run."""
    args = crawl_args(server.url, workspace, "site", SETTINGS, {"profile": str(PROFILE)})
    with log.open("wb") as out:
        return subprocess.Popen(args, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})


def kill_when(process: subprocess.Popen[bytes], ready: Callable[[], bool], poll: float = 0.001) -> None:
    """SIGKILL the crawl the moment `ready()` holds; fail if it ends or the deadline passes first."""
    deadline = time.monotonic() + KILL_DEADLINE
    try:
        while not ready():
            assert process.poll() is None, "the crawl ended before the moment it was meant to be killed"
            assert time.monotonic() < deadline, "the moment to kill the crawl never came"
            time.sleep(poll)
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def snapshot(feeds: Path) -> dict[str, bytes]:
    return {str(p.relative_to(feeds)): p.read_bytes() for p in feeds.rglob("*") if p.is_file()}


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def stored_paths(db: Path) -> set[str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        return {urlsplit(row[0]).path for row in connection.execute("SELECT url FROM articles")}


def stored_in(store: SQLStore) -> set[str]:
    return {urlsplit(row[0]).path for row in store.db.execute("SELECT url FROM articles")}


def assert_consistent(workspace: Workspace) -> None:
    """The store opens for writing (as the next run's does) and passes its backend's own check."""
    if not workspace.store_url:
        assert integrity(workspace.db) == "ok"
    store = workspace.open(readonly=False)
    try:
        store.check()
    finally:
        store.close()


def all_feed(feeds: Path) -> dict[str, dict[str, Any]]:
    return items_by_path(FeedFile(feeds / "newsroom/all.json", (feeds / "newsroom/all.json").read_bytes()).document())


def assert_every_feed_is_complete(feeds: Path) -> None:
    files = read_feeds(feeds)
    assert files
    for feed in files:
        assert feed.problems() == [], (feed.path, feed.problems())
    assert not [p for p in feeds.rglob("*") if p.is_file() and not p.name.startswith(".")
                and p.suffix not in (".rss", ".atom", ".json", ".html", ".opml", ".css", ".svg")]


@pytest.fixture
def newsroom() -> Newsroom:
    room = Newsroom()
    for n in range(1, 7):
        room.publish("one" if n % 2 else "two", f"Earlier story {n}", tags=("Harbour", f"Topic {n % 3}"), day=n)
    return room


@pytest.fixture
def served(newsroom: Newsroom) -> Iterator[HostileServer]:
    with HostileServer(newsroom.site) as server:
        yield server


def test_a_run_killed_while_storing_items_loses_nothing_and_the_next_run_finishes(
        newsroom: Newsroom, served: HostileServer, any_workspace: Workspace, tmp_path: Path):
    workspace = any_workspace
    first = crawl(served, workspace)
    assert first.code == 0, first.output[-3000:]
    before = snapshot(workspace.feeds)
    fresh = [newsroom.publish("one", f"Fresh story {n}", tags=("Harbour", "Fresh"), day=10 + n) for n in range(1, 13)]
    newsroom.stalled.add(fresh[-1])
    process = start_crawl(served, workspace, tmp_path / "killed.log")
    reader = workspace.open()

    def mid_storing() -> bool:
        return served.count(fresh[-1]) >= 1 and len(stored_in(reader) & set(fresh)) >= 4

    try:
        kill_when(process, mid_storing, poll=0.02)
    finally:
        reader.close()
    assert snapshot(workspace.feeds) == before
    assert_every_feed_is_complete(workspace.feeds)
    assert_consistent(workspace)
    survived = {urlsplit(url).path for url, in workspace.rows("SELECT url FROM articles")} & set(fresh)
    assert fresh[-1] not in survived and len(survived) >= 4

    newsroom.stalled.clear()
    served.forget()
    last = crawl(served, workspace)
    assert last.code == 0, last.output[-3000:]
    items = all_feed(workspace.feeds)
    assert set(fresh) <= set(items)
    assert len(items) == 6 + len(fresh)
    assert not [p for p in survived if served.count(p)], "articles stored before the kill were fetched again"
    assert all(served.count(p) == 1 for p in set(fresh) - survived)
    assert workspace.rows("SELECT COUNT(*) FROM pending") == [(0,)]
    assert_every_feed_is_complete(workspace.feeds)


def test_a_run_killed_while_writing_feeds_leaves_old_or_new_complete_files_and_the_next_run_finishes(
        newsroom: Newsroom, served: HostileServer, workspace: Workspace, tmp_path: Path):
    first = crawl(served, workspace)
    assert first.code == 0, first.output[-3000:]
    before = snapshot(workspace.feeds)
    titles = [f"Story with forty tags number {n}" for n in range(8)]
    paths = [newsroom.publish("one", t, tags=tuple(f"Subject {n} {k:02d}" for k in range(40)), day=20 + n)
             for n, t in enumerate(titles)]
    everything = workspace.feeds / "newsroom/all.rss"
    old_inode = everything.stat().st_ino
    process = start_crawl(served, workspace, tmp_path / "killed.log")
    kill_when(process, lambda: everything.stat().st_ino != old_inode)

    after = snapshot(workspace.feeds)
    assert_every_feed_is_complete(workspace.feeds)
    visible = {name: data for name, data in after.items() if not name.rsplit("/", 1)[-1].startswith(".")}
    written = [name for name, data in visible.items() if before.get(name) != data and name.endswith(FEED_SUFFIXES)]
    assert all(any(t.encode() in visible[name] for t in titles) for name in written), written
    subject_feeds = [n for n in visible if "/tag/subject-" in n]
    assert len(subject_feeds) < 4 * 8 * 40, "the kill did not land while feeds were being written"
    assert integrity(workspace.db) == "ok"
    assert set(paths) <= stored_paths(workspace.db)

    last = crawl(served, workspace)
    assert last.code == 0, last.output[-3000:]
    final = snapshot(workspace.feeds)
    assert not [n for n in final if n.rsplit("/", 1)[-1].startswith(".")], "temporary files were left behind"
    assert len([n for n in final if "/tag/subject-" in n]) == 4 * 8 * 40  # three formats and the page
    for n, t in enumerate(titles):
        assert all(t.encode() in final[f"newsroom/tag/subject-{n}-{k:02d}.{fmt}"] for k in range(40)
                   for fmt in ("rss", "atom", "json", "html"))
    assert set(paths) <= set(all_feed(workspace.feeds))
    assert_every_feed_is_complete(workspace.feeds)


# --- databases that cannot be used ----------------------------------------------------------------------


def _good_store(path: Path) -> bytes:
    """A real store with enough rows to span many pages, as bytes."""
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    from newsfeeds.store import ArticleInput

    store = SQLiteStore(path)
    now = datetime(2026, 2, 17, tzinfo=timezone.utc)
    for n in range(400):
        store.save_article(ArticleInput(site="newsroom", key=f"//h/{n}", url=f"http://h/{n}", title=f"Story {n}",
                                        body="<p>" + "words " * 200 + "</p>", tags=(f"Tag {n % 40}",)),
                           now, ZoneInfo("Asia/Kolkata"))
    store.commit()
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path.read_bytes()


def _xor(data: bytes, page: int) -> bytes:
    start = page * 4096
    return data[:start] + bytes(b ^ 0x5A for b in data[start:start + 4096]) + data[start + 4096:]


CORRUPTIONS: dict[str, Callable[[bytes], bytes]] = {
    "not-a-database": lambda good: b"These are the minutes of the harbour meeting, not a database.\n" * 200,
    "cut-in-half": lambda good: good[: len(good) // 2],
    "header-then-zeros": lambda good: good[:100] + bytes(len(good) - 100),
    "schema-page-scrambled": lambda good: _xor(good, 0),
    "last-data-page-scrambled": lambda good: _xor(good, len(good) // 4096 - 1),
    "middle-data-page-scrambled": lambda good: _xor(good, len(good) // 4096 // 2),
}


def assert_refused_clearly(result: Any, named: Path) -> None:
    assert result.code == EXIT_USAGE, result.output[-3000:]
    assert "Traceback" not in result.output
    assert str(named) in result.output and "store error" in result.output


@pytest.mark.parametrize("kind", CORRUPTIONS)
def test_a_corrupted_database_is_refused_with_its_name_and_left_as_it_was(kind: str, workspace: Workspace,
                                                                          tmp_path: Path):
    good = _good_store(tmp_path / "good.sqlite3")
    workspace.data.mkdir(parents=True)
    workspace.db.write_bytes(CORRUPTIONS[kind](good))
    damaged = workspace.db.read_bytes()
    result = run_crawl("http://127.0.0.1:9/", workspace, spider="site", spider_args={"profile": str(PROFILE)},
                       settings={"RETRY_TIMES": 0, "DOWNLOAD_TIMEOUT": 2})
    assert_refused_clearly(result, workspace.db)
    assert workspace.db.read_bytes() == damaged
    assert not workspace.feeds.exists()


def test_damage_after_an_unfinished_run_is_found_though_the_store_was_checked_today(workspace: Workspace,
                                                                                    tmp_path: Path):
    good = tmp_path / "good.sqlite3"
    _good_store(good)
    with sqlite3.connect(good) as connection:  # checked a minute ago by a run that was then killed
        now = datetime.now(timezone.utc).isoformat()
        connection.executemany("INSERT INTO meta VALUES (?, ?)", [("integrity_checked_at", now), ("run_started_at", now)])
    with sqlite3.connect(good) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    workspace.data.mkdir(parents=True)
    workspace.db.write_bytes(CORRUPTIONS["middle-data-page-scrambled"](good.read_bytes()))
    damaged = workspace.db.read_bytes()
    result = run_crawl("http://127.0.0.1:9/", workspace, spider="site", spider_args={"profile": str(PROFILE)},
                       settings={"RETRY_TIMES": 0, "DOWNLOAD_TIMEOUT": 2})
    assert_refused_clearly(result, workspace.db)
    assert workspace.db.read_bytes() == damaged


def _foreign_database(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, headline TEXT)")
        connection.execute("INSERT INTO articles (headline) VALUES ('another program owns this file')")


def _newer_schema(path: Path) -> None:
    SQLiteStore(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")


@pytest.mark.parametrize("kind", ["directory", "under-a-file", "another-programs-database", "newer-schema"])
def test_an_unusable_database_path_is_refused_with_its_name(kind: str, workspace: Workspace):
    db = workspace.db
    if kind == "directory":
        db.mkdir(parents=True)
    elif kind == "under-a-file":
        workspace.data.mkdir(parents=True)
        (workspace.data / "plain-file").write_text("not a directory\n")
        db = workspace.data / "plain-file" / "newsfeeds.sqlite3"
    else:
        workspace.data.mkdir(parents=True)
        (_foreign_database if kind == "another-programs-database" else _newer_schema)(db)
    result = run_crawl("http://127.0.0.1:9/", workspace, spider="site", spider_args={"profile": str(PROFILE)},
                       settings={"NEWSFEEDS_DB": db, "RETRY_TIMES": 0, "DOWNLOAD_TIMEOUT": 2})
    assert_refused_clearly(result, db)
    assert not workspace.feeds.exists()
