"""The operator's story: cron runs every few minutes, one at a time, and says clearly when to worry."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser

from newsfeeds.demo import ARTICLES
from newsfeeds.health import EXIT_LOCKED, EXIT_UNHEALTHY
from newsfeeds.lock import FileLock
from newsfeeds.store import ArticleInput
from tests.conftest import ROOT, Workspace, run_crawl


def snapshot(feeds: Path) -> dict[Path, tuple[int, bytes]]:
    return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in feeds.rglob("*") if p.is_file()}


class LayoutChanged(BaseHTTPRequestHandler):
    """A site whose pages still answer 200 but no longer contain any article link."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        body = b"<html><body><h1>We have a new look!</h1><p>Coming soon.</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_second_run_while_one_holds_the_lock_exits_at_once_touching_nothing(demo_server, workspace: Workspace):
    lock = FileLock(workspace.data / "locks" / "indiablooms.lock")
    with lock:
        started = time.monotonic()
        result = run_crawl(demo_server.url, workspace)
        assert result.code == EXIT_LOCKED
        assert time.monotonic() - started < 30
    assert "another newsfeeds run of site indiablooms holds" in result.output and "Traceback" not in result.output
    assert not workspace.feeds.exists() and not workspace.db.exists()
    assert demo_server.requests == []


def test_a_stale_lock_left_by_a_killed_run_does_not_block(demo_server, workspace: Workspace):
    (workspace.data / "locks").mkdir(parents=True)
    (workspace.data / "locks" / "indiablooms.lock").write_text("pid 999999 since 2020-01-01T00:00:00+00:00\n")
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; sys.path.insert(0, %r)\n"
        "from newsfeeds.lock import FileLock\n"
        "FileLock(%r).acquire(); print('locked', flush=True); time.sleep(60)") % (str(ROOT), str(workspace.data / "locks" / "indiablooms.lock"))],
        stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait()
    result = run_crawl(demo_server.url, workspace)
    assert result.code == 0, result.output[-3000:]


def test_an_unhealthy_run_keeps_the_last_good_feeds_and_exits_non_zero(demo_server, workspace: Workspace):
    good = run_crawl(demo_server.url, workspace)
    assert good.code == 0
    before = snapshot(workspace.feeds)
    server = ThreadingHTTPServer(("127.0.0.1", 0), LayoutChanged)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        broken = run_crawl(f"http://127.0.0.1:{server.server_address[1]}/", workspace)
    finally:
        server.shutdown()
        server.server_close()
    assert broken.code == EXIT_UNHEALTHY, broken.output[-3000:]
    report = broken.report["indiablooms"]
    assert report["healthy"] is False and "no article links" in report["reason"]
    assert "RUN UNHEALTHY" in broken.output
    index = workspace.feeds / "index.html"
    assert {p: v for p, v in snapshot(workspace.feeds).items() if p != index} == {
        p: v for p, v in before.items() if p != index}
    # index.html is not a feed: its site table says that the last run failed, and why
    assert "the last 1 run(s) failed" in index.read_text(encoding="utf-8")


def test_an_unreachable_site_is_unhealthy(workspace: Workspace):
    result = run_crawl(f"http://127.0.0.1:{free_port()}/", workspace, settings={"RETRY_TIMES": 0})
    assert result.code == EXIT_UNHEALTHY
    assert "unreachable" in result.report["indiablooms"]["reason"]
    assert not (workspace.feeds / "indiablooms").exists()


def test_the_run_report_says_what_happened(demo_server, workspace: Workspace):
    result = run_crawl(demo_server.url, workspace)
    report = result.report["indiablooms"]
    assert report["healthy"] is True and report["reason"] == "ok" and report["exit_code"] == 0
    assert report["articles"]["new"] == len(ARTICLES)
    assert report["listing_pages"] >= 7 and report["requests"] > len(ARTICLES)
    assert report["feeds"]["files_written"] > 100
    assert set(report) >= {"site", "started", "finished", "requests", "listing_pages", "articles",
                           "extraction_failures", "feeds", "errors", "healthy", "reason"}
    assert "RUN OK site=indiablooms" in result.output


def test_an_unchanged_site_costs_one_listing_request_per_section(demo_server, any_workspace: Workspace):
    workspace = any_workspace
    assert run_crawl(demo_server.url, workspace).code == 0
    seen = len(demo_server.requests)
    again = run_crawl(demo_server.url, workspace)
    assert again.code == 0
    paths = demo_server.requests[seen:]
    listings = [p for p in paths if p != "/robots.txt"]
    assert len(listings) <= 7 and all("/details" not in p for p in listings), paths
    assert again.report["indiablooms"]["feeds"]["files_written"] == 0


def test_a_new_article_rewrites_only_the_feeds_it_belongs_to(demo_server, any_workspace: Workspace):
    workspace = any_workspace
    assert run_crawl(demo_server.url, workspace).code == 0
    before = snapshot(workspace.feeds)
    template = next(a for a in ARTICLES if a.slug == "russia-us-hold-talks-on-arms-control")
    demo_server.site.publish(replace(template, id=99002, slug="kremlin-names-new-envoy-to-washington",
                                     title="Kremlin names new envoy to Washington", tags=("Russia", "Diplomacy"),
                                     byline_date="Nov 21, 2026, at 10:15 am", also_in=()))
    assert run_crawl(demo_server.url, workspace).code == 0
    after = snapshot(workspace.feeds)
    changed = {p.relative_to(workspace.feeds).as_posix() for p in after if before.get(p) != after[p]}
    expected = {f"indiablooms/{name}.{fmt}" for name in ("all", "tag/russia", "tag/diplomacy", "section/world")
                for fmt in ("rss", "atom", "json", "html")} | {"index.html", "feeds.opml"}
    assert changed == expected


def test_relative_dates_are_resolved_once_and_kept(demo_server, any_workspace: Workspace):
    workspace = any_workspace
    assert run_crawl(demo_server.url, workspace).code == 0
    query = "SELECT key, published_utc, published_date FROM articles WHERE published_relative = 1 ORDER BY key"
    first = workspace.rows(query)
    assert len(first) == sum(1 for a in ARTICLES if a.expected_published is None)
    later = (datetime.now(timezone.utc) + timedelta(hours=30)).isoformat()
    refreshed = run_crawl(demo_server.url, workspace, settings={"NEWSFEEDS_REFRESH": "True", "NEWSFEEDS_NOW": later})
    assert refreshed.code == 0
    assert workspace.rows(query) == first


def test_crawlall_runs_every_site_under_one_lock(demo_server, workspace: Workspace):
    args = [sys.executable, "-m", "scrapy", "crawlall", "-a", f"site_url={demo_server.url}",
            "-s", f"NEWSFEEDS_DATA_DIR={workspace.data}", "-s", f"NEWSFEEDS_DB={workspace.db}",
            "-s", f"NEWSFEEDS_DIR={workspace.feeds}", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    assert (workspace.feeds / "indiablooms" / "tag" / "russia.rss").exists()
    assert json.loads((workspace.data / "last-run.json").read_text())["indiablooms"]["healthy"] is True


def test_pruning_keeps_every_article_still_inside_a_feed_and_never_resurrects_old_ones(store):
    tz = ZoneInfo("Asia/Kolkata")
    now = datetime(2026, 11, 27, tzinfo=timezone.utc)
    for day in range(120):
        published = now - timedelta(days=day)
        tags = ("Daily",) if day % 2 else ("Daily", "Rare") if day > 100 else ("Daily", "Even")
        store.save_article(ArticleInput(site="s", key=f"//x/{day}", url=f"https://x/{day}", title=f"Story {day}",
                                        published=published, tags=tags, sections=("main",)), now, tz)
    store.register_sections("s", [("main", "Main", "https://x/main")])
    store.commit()
    removed = store.prune("s", now - timedelta(days=30), keep_per_feed=10, now=now)
    kept = {r[0] for r in store.db.execute("SELECT key FROM articles")}
    assert removed > 0 and len(kept) == 120 - removed
    assert all(f"//x/{d}" in kept for d in range(31))                      # inside the retention period
    assert all(f"//x/{d}" in kept for d in range(101, 120) if d % 2 == 0)  # the whole "Rare" feed (≤10 items)
    assert "//x/60" not in kept                                           # old and outside every window
    assert store.is_known("s", "//x/60")                                  # a tombstone: not news if it reappears


def test_prune_command_uses_the_retention_setting(demo_server, any_workspace: Workspace):
    workspace = any_workspace
    assert run_crawl(demo_server.url, workspace).code == 0
    args = [sys.executable, "-m", "scrapy", "prune", "--days", "365",
            "-s", f"NEWSFEEDS_DATA_DIR={workspace.data}", "-s", f"NEWSFEEDS_DB={workspace.store}",
            "-s", "NEWSFEEDS_MAX_ITEMS=5"]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "indiablooms: pruned" in done.stdout
    parsed = feedparser.parse((workspace.feeds / "indiablooms" / "all.rss").read_bytes())
    assert parsed.entries


def _meta(db: Path, key: str) -> str | None:
    with sqlite3.connect(db) as connection:
        row = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def test_the_whole_store_is_checked_daily_and_after_a_run_that_did_not_finish(demo_server, workspace: Workspace):
    assert run_crawl(demo_server.url, workspace).code == 0
    first_check = _meta(workspace.db, "integrity_checked_at")
    assert first_check is not None and _meta(workspace.db, "run_started_at") is None
    assert run_crawl(demo_server.url, workspace).code == 0
    assert _meta(workspace.db, "integrity_checked_at") == first_check  # a cron re-run does not read the whole file
    with sqlite3.connect(workspace.db) as connection:  # as a run killed halfway leaves it
        connection.execute("INSERT INTO meta VALUES ('run_started_at', '2026-01-01T00:00:00+00:00')")
    assert run_crawl(demo_server.url, workspace).code == 0
    assert _meta(workspace.db, "integrity_checked_at") != first_check
    assert _meta(workspace.db, "run_started_at") is None
