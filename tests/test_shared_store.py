"""The operator's story with a shared store: NEWSFEEDS_DB names a SQLite file or a PostgreSQL database; a
store written by the previous version upgrades itself; `scrapy store-copy` moves a store losslessly and
resumably; runs on several machines share one PostgreSQL store, one run per site at a time, and the
database's password shows up nowhere but in the connection."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from newsfeeds.demo import ARTICLES, DemoServer
from newsfeeds.feedwriter import FeedWriter
from newsfeeds.health import EXIT_LOCKED, EXIT_OK, EXIT_USAGE
from newsfeeds.lock import advisory_key
from newsfeeds.pgserver import LocalPostgres
from newsfeeds.profiles import parse_profile
from newsfeeds.store import (
    SCHEMA_VERSION, ArticleInput, LocationError, SQLStore, StoreError, open_store, parse_location,
)
from newsfeeds.store.copy import KEYS
from newsfeeds.store.schema import V1_DIGEST, V1_TEXT, ddl_for, statements
from tests.conftest import ROOT, Workspace, run_crawl
from tests.test_many_sites import write_profile

V1_STORE = Path(__file__).parent / "stores" / "v1.sqlite3"
LOCAL = {"AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "NEWSFEEDS_BASE_URL": "http://feeds.example.test/"}
NOW = "2026-12-01T08:00:00+00:00"


def scrapy(args: list[str], settings: dict[str, Any], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "scrapy", *args]
    for name, value in {**LOCAL, **settings}.items():
        command += ["-s", f"{name}={value}"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def files(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in directory.rglob("*") if p.is_file()}


def table_rows(store: SQLStore, table: str, columns: str = "*") -> list[tuple[Any, ...]]:
    order = ", ".join(KEYS[table])
    return [tuple(row) for row in store.db.execute(f"SELECT {columns} FROM {table} ORDER BY {order}")]


# --- choosing the store ---------------------------------------------------------------------------------


def test_newsfeeds_db_names_a_file_a_sqlite_url_or_a_postgresql_database():
    assert parse_location("data/news.sqlite3").path == Path("data/news.sqlite3")
    assert parse_location("sqlite:///data/news.sqlite3").path == Path("data/news.sqlite3")
    assert parse_location("sqlite:////srv/news.sqlite3").path == Path("/srv/news.sqlite3")
    shared = parse_location("postgresql://feeds:s3cr%40t@db.example:6432/news")
    assert shared.kind == "postgresql" and shared.path is None
    assert str(shared) == repr(shared).split(", ", 1)[1][:-1] == "postgresql://feeds:***@db.example:6432/news"
    assert "s3cr" not in repr(shared) and shared.scrub("failed for s3cr@t and s3cr%40t") == "failed for *** and ***"
    assert str(parse_location("postgres://db/news?password=hunter2&sslmode=require")) == \
        "postgres://db/news?password=***&sslmode=require"
    assert parse_location("postgresql:///news").display == "postgresql:///news"  # libpq's environment fills in the rest
    for wrong in ("mysql://feeds@db/news", "sqlite://relative.db", ""):
        with pytest.raises(LocationError):
            parse_location(wrong)


# --- schema versions --------------------------------------------------------------------------------------


def _v1_on_postgresql(url: str) -> None:
    """The version-1 tables in a PostgreSQL database, filled with the rows of the version-1 SQLite store."""
    import psycopg

    source = sqlite3.connect(V1_STORE)
    with psycopg.connect(url, autocommit=True) as target:
        for statement in statements(V1_TEXT):
            target.execute(ddl_for("postgresql", statement))  # type: ignore[arg-type]
        old_tables = {name for name, in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in (t for t in KEYS if t in old_tables):
            cursor = source.execute(f"SELECT * FROM {table}")
            columns = [c[0] for c in cursor.description]
            rows = cursor.fetchall()
            if rows:
                with target.cursor() as insert:
                    insert.executemany(f"INSERT INTO {table} ({', '.join(columns)}) "  # type: ignore[arg-type]
                                       f"VALUES ({', '.join(['%s'] * len(columns))})", rows)


def test_a_store_written_before_schema_versions_upgrades_itself_when_opened(store_url: str):
    location = parse_location(store_url)
    if location.kind == "sqlite":
        assert location.path is not None
        location.path.parent.mkdir(parents=True)
        shutil.copy(V1_STORE, location.path)  # as commit 3eec7c1 wrote it (tests/stores/make_v1.py)
    else:
        _v1_on_postgresql(store_url)
    before = sqlite3.connect(V1_STORE)
    assert dict(before.execute("SELECT key, value FROM meta"))["schema_digest"] == V1_DIGEST

    store = open_store(location)
    try:
        assert store.get_meta("schema_version") == str(SCHEMA_VERSION) and store.get_meta("schema_digest") is None
        assert len(store.get_meta("store_id") or "") == 32
        assert store.has_table("site_days")
        old_tables = {name for name, in before.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in KEYS:
            if table != "meta" and table in old_tables:  # every row kept, with the columns it had
                columns = ", ".join(r[1] for r in before.execute(f"PRAGMA table_info({table})"))
                assert table_rows(store, table, columns) == [tuple(r) for r in before.execute(
                    f"SELECT {columns} FROM {table} ORDER BY {', '.join(KEYS[table])}")], table
        assert [(k, s) for k, s, dirty in store.all_feeds("harbour") if dirty] == []  # nothing to rebuild
        assert store.pending("harbour") == [("http://harbour.test/story/late", ["local"])]
        assert table_rows(store, "pending", "key, seq") == [("//harbour.test/story/late", 0)]  # schema 3's columns
        assert store.walks("harbour") == []
        assert store.validators("http://harbour.test/local/")[0] == '"v1-etag"'
        assert [f.title for f in store.feed_articles("harbour", "author", "asha-rao", 5)][:2] == \
            ["Harbour story 0", "Harbour story 3"]
        identity = store.get_meta("store_id")
    finally:
        store.close()
    again = open_store(location)  # already current: opened without a single statement of DDL
    try:
        assert again.get_meta("store_id") == identity
    finally:
        again.close()


def test_a_store_written_by_a_newer_version_is_refused_untouched(store: SQLStore):
    store.set_meta("schema_version", str(SCHEMA_VERSION + 1))
    with pytest.raises(StoreError, match="newer newsfeeds"):
        open_store(store.location)
    assert store.get_meta("schema_version") == str(SCHEMA_VERSION + 1)


# --- values are data, never SQL ----------------------------------------------------------------------------


def test_quotes_placeholders_and_sql_in_stored_text_are_kept_as_text(tmp_path: Path, store: SQLStore):
    nasty = ["Robert'); DROP TABLE articles; --", "50% off %s %(name)s ? $1", 'say "hi" \\ back\\slash', "x' OR '1'='1"]
    now = datetime(2026, 5, 1, tzinfo=timezone.utc)
    for n, text in enumerate(nasty):
        store.save_article(ArticleInput(site="odd", key=f"//odd.example/{text}", url=f"https://odd.example/{n}",
                                        title=text, summary=text, author=text, tags=(text,), sections=("news",)),
                           now + timedelta(minutes=n), timezone.utc)
        store.add_pending("odd", f"https://odd.example/{text}", [text], text, now)
    store.register_sections("odd", [("news", "News'; --", "https://odd.example/news")])
    assert store.count_articles("odd") == len(nasty) and store.is_known("odd", f"//odd.example/{nasty[0]}")
    assert sorted(a.title for a in store.feed_articles("odd", "all", "", 10)) == sorted(nasty)
    assert sorted(store.member_slugs("odd", "tag", nasty)) == sorted(nasty)
    assert sorted(sections for _, sections in store.pending("odd")) == sorted([t] for t in nasty)
    profile = parse_profile({"name": "odd", "url": "https://odd.example/", "timezone": "UTC",
                             "sections": [{"name": "News'; --", "url": "https://odd.example/news"}]})
    FeedWriter(store, tmp_path / "feeds", "http://feeds.test/").write_site(profile)
    document = json.loads((tmp_path / "feeds/odd/all.json").read_text(encoding="utf-8"))
    assert sorted(i["title"] for i in document["items"]) == sorted(nasty)


# --- store-copy ------------------------------------------------------------------------------------------------


def test_a_store_copied_into_postgresql_writes_the_same_feeds_byte_for_byte_and_crawls_on(
        demo_server: DemoServer, workspace: Workspace, postgres: LocalPostgres, tmp_path: Path):
    assert run_crawl(demo_server.url, workspace).code == 0
    target = postgres.url(postgres.create_database())
    copied = scrapy(["store-copy", str(workspace.db), target], {})
    assert copied.returncode == EXIT_OK, copied.stderr[-3000:]
    assert "every table verified" in copied.stdout and f"articles: {len(ARTICLES)} rows" in copied.stdout
    for label, store in (("sqlite", str(workspace.db)), ("postgresql", target)):
        done = scrapy(["write-feeds", "--all"], {"NEWSFEEDS_DB": store, "NEWSFEEDS_DIR": tmp_path / label,
                                                 "NEWSFEEDS_DATA_DIR": workspace.data, "NEWSFEEDS_NOW": NOW})
        assert done.returncode == EXIT_OK, done.stderr[-3000:]
    original, copy = files(tmp_path / "sqlite"), files(tmp_path / "postgresql")
    assert len(original) > 100 and copy == original

    # The copy is the store: a crawl on it finds nothing new and rewrites none of the original's files.
    again = run_crawl(demo_server.url, Workspace(workspace.root, target))
    assert again.code == 0, again.output[-3000:]
    report = again.report["indiablooms"]
    assert report["articles"]["new"] == 0 and report["feeds"]["files_written"] == 0
    assert scrapy(["store-copy", str(workspace.db), target], {}).stdout.strip().endswith("nothing to do")


def _filled_sqlite(path: Path, articles: int) -> None:
    store = open_store(parse_location(str(path)))
    now = datetime(2026, 6, 1, tzinfo=timezone.utc)
    with store.transaction():
        for n in range(articles):
            store.save_article(ArticleInput(site="big", key=f"//big.example/{n}", url=f"https://big.example/{n}",
                                            title=f"Story {n}", body=f"<p>Body {n}</p>", tags=(f"Tag {n % 50}", "All"),
                                            sections=("news",), authors=(f"Writer {n % 20}",),
                                            published=now - timedelta(minutes=n)), now, ZoneInfo("UTC"))
    store.close()


def test_a_copy_killed_halfway_resumes_where_it_stopped_and_ends_identical(postgres: LocalPostgres, tmp_path: Path):
    source = tmp_path / "big.sqlite3"
    _filled_sqlite(source, 3000)
    target = postgres.url(postgres.create_database())
    command = [sys.executable, "-m", "scrapy", "store-copy", str(source), target, "--batch", "50"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    watcher = open_store(parse_location(target), readonly=True)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not (watcher.has_table("meta") and watcher.get_meta("copy_after:article_tags") not in (None, "done")):
            assert process.poll() is None, "the copy finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
        process.wait(30)
        stopped_at = json.loads(watcher.get_meta("copy_after:article_tags") or "[]")
        partial = watcher.db.execute("SELECT COUNT(*) FROM article_tags").fetchone()[0]
    finally:
        if process.poll() is None:
            process.kill()
        watcher.close()
    assert 0 < partial < 2 * 3000 and stopped_at

    resumed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == EXIT_OK, resumed.stderr[-3000:]
    assert f"article_tags: resuming after {tuple(stopped_at)}" in resumed.stdout and "(resumed)" in resumed.stdout
    original, copy = open_store(parse_location(str(source))), open_store(parse_location(target))
    try:
        for table in KEYS:
            if table != "meta":
                assert table_rows(copy, table) == table_rows(original, table), table
    finally:
        original.close()
        copy.close()

    other = tmp_path / "other.sqlite3"
    _filled_sqlite(other, 3)
    refused = subprocess.run([*command[:4], str(other), target], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=120)
    assert refused.returncode == EXIT_USAGE and "holds a copy of another store" in refused.stderr


# --- many machines, one store -------------------------------------------------------------------------------


def hold_lock(url: str, site: str) -> subprocess.Popen[str]:
    """Another machine's run of `site`: a process holding the site's advisory lock until it is killed."""
    script = ("import sys, time\n"
              "from newsfeeds.lock import AdvisoryLock\nfrom newsfeeds.store import parse_location\n"
              f"AdvisoryLock(parse_location(sys.argv[1]), {site!r}).acquire()\n"
              "print('locked', flush=True)\ntime.sleep(300)\n")
    holder = subprocess.Popen([sys.executable, "-c", script, url], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def lock_holders(postgres: LocalPostgres, site: str) -> int:
    key = advisory_key(site) & 0xFFFFFFFFFFFFFFFF
    return int(postgres.admin("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND "
                              f"classid::bigint = {key >> 32} AND objid::bigint = {key & 0xFFFFFFFF}")[0][0])


def test_a_run_of_a_site_another_machine_is_crawling_exits_75_and_a_killed_machine_frees_the_lock(
        demo_server: DemoServer, tmp_path: Path, postgres: LocalPostgres):
    database = postgres.create_database()
    workspace = Workspace(tmp_path, postgres.url(database))
    holder = hold_lock(workspace.store, "indiablooms")
    try:
        blocked = run_crawl(demo_server.url, workspace)
        assert blocked.code == EXIT_LOCKED, blocked.output[-3000:]
        assert "another newsfeeds run of site indiablooms holds its lock" in blocked.output
        assert f"pid {holder.pid}" in blocked.output and "Traceback" not in blocked.output
        assert demo_server.requests == [] and not workspace.feeds.exists()
        assert postgres.admin("SELECT to_regclass('meta') IS NULL", database) == [(True,)]  # not even a table made
        holder.send_signal(signal.SIGKILL)
        holder.wait(30)
    finally:
        if holder.poll() is None:
            holder.kill()
    deadline = time.monotonic() + 60
    while lock_holders(postgres, "indiablooms"):  # the server notices the dropped connection
        assert time.monotonic() < deadline, "the killed process's lock was never released"
        time.sleep(0.05)
    freed = run_crawl(demo_server.url, workspace)
    assert freed.code == EXIT_OK, freed.output[-3000:]
    assert freed.report["indiablooms"]["articles"]["new"] == len(ARTICLES)
    assert lock_holders(postgres, "indiablooms") == 0  # released at the end of the run


@pytest.fixture
def three_papers(tmp_path: Path) -> Iterator[tuple[Path, dict[str, DemoServer]]]:
    profiles = tmp_path / "sites"
    profiles.mkdir()
    with ExitStack() as stack:
        servers = {name: stack.enter_context(DemoServer("127.0.0.1", 0)) for name in ("paper-a", "paper-b", "paper-c")}
        for name, server in servers.items():
            write_profile(profiles, name, server.url)
        yield profiles, servers


def test_two_crawls_and_a_write_feeds_at_once_on_one_postgresql_store_lose_nothing(
        three_papers: tuple[Path, dict[str, DemoServer]], tmp_path: Path, postgres: LocalPostgres):
    profiles, _ = three_papers
    workspace = Workspace(tmp_path, postgres.url(postgres.create_database()))
    settings = {"NEWSFEEDS_DATA_DIR": workspace.data, "NEWSFEEDS_DB": workspace.store, "NEWSFEEDS_DIR": workspace.feeds,
                "NEWSFEEDS_PROFILES_DIR": profiles, "SPIDER_MODULES": "spiders.site", **LOCAL}
    assert scrapy(["crawl", "site", "-a", "profile=paper-c"], settings).returncode == EXIT_OK

    def start(args: list[str]) -> subprocess.Popen[str]:
        command = [sys.executable, "-m", "scrapy", *args, *sum((["-s", f"{k}={v}"] for k, v in settings.items()), [])]
        return subprocess.Popen(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    together = [start(["crawl", "site", "-a", "profile=paper-a"]), start(["crawl", "site", "-a", "profile=paper-b"]),
                start(["write-feeds", "--all"])]
    outputs = [p.communicate(timeout=300)[0] for p in together]
    codes = [p.returncode for p in together]
    assert codes[:2] == [EXIT_OK, EXIT_OK] and codes[2] in (EXIT_OK, EXIT_LOCKED), [o[-3000:] for o in outputs]
    assert "paper-c: " in outputs[2] and "Traceback" not in "".join(outputs)
    for line in outputs[2].splitlines():  # a site being crawled right then is left to its own run
        assert not line.startswith(("paper-a: skipped", "paper-b: skipped")) or "holds its lock" in line
    assert dict(workspace.rows("SELECT site, COUNT(*) FROM articles GROUP BY site")) == {
        "paper-a": len(ARTICLES), "paper-b": len(ARTICLES), "paper-c": len(ARTICLES)}
    assert workspace.rows("SELECT COUNT(*) FROM pending") == [(0,)]
    written = [p for p in workspace.feeds.rglob("*") if p.is_file()]
    assert not [p for p in written if p.name.startswith(".")]
    for path in written:
        if path.suffix in (".rss", ".atom"):
            etree.fromstring(path.read_bytes())
        elif path.suffix == ".json":
            json.loads(path.read_bytes())
    for site in ("paper-a", "paper-b", "paper-c"):
        items = json.loads((workspace.feeds / site / "all.json").read_bytes())["items"]
        assert len(items) == len(ARTICLES), site


# --- the password stays secret ----------------------------------------------------------------------------------


def test_the_database_password_appears_in_no_log_report_error_or_output(
        demo_server: DemoServer, tmp_path: Path, postgres: LocalPostgres):
    secret = postgres.password
    workspace = Workspace(tmp_path, postgres.url(postgres.create_database()))
    crawled = run_crawl(demo_server.url, workspace, settings={"LOG_LEVEL": "DEBUG"})
    assert crawled.code == EXIT_OK, crawled.output[-3000:]
    seen = [crawled.output]
    settings = {"NEWSFEEDS_DB": workspace.store, "NEWSFEEDS_DATA_DIR": workspace.data, "NEWSFEEDS_DIR": workspace.feeds,
                "LOG_LEVEL": "DEBUG"}
    for args in (["status"], ["write-feeds"], ["prune", "--days", "3650"],
                 ["extract", str(ROOT / "tests/pages/blogspot-style/inputs/page.html"), "--url", "https://blog.example/p/1"]):
        done = scrapy(args, settings)
        assert done.returncode in (EXIT_OK, 3), (args, done.stderr[-2000:])
        seen.append(done.stdout + done.stderr)
    wrong = postgres.url("no_such_database").replace(secret, "Wr0ng-Pa55word")
    for url, named in ((wrong, "Wr0ng-Pa55word"), (workspace.store.replace(str(postgres.port), "9"), secret)):
        refused = run_crawl(demo_server.url, Workspace(tmp_path / "refused", url))
        assert refused.code == EXIT_USAGE and "store error" in refused.output and ":***@" in refused.output
        assert named not in refused.output
        seen.append(refused.output)
    written = [p.read_bytes() for p in [*workspace.data.rglob("*"), *workspace.feeds.rglob("*")] if p.is_file()]
    assert written and not [w for w in written if secret.encode() in w]
    assert not [text for text in seen if secret in text]
