"""Politeness that avoids blocks, shown from the server's own request log: a 429 with Retry-After pauses
the whole site for that long, robots.txt's Crawl-delay spaces every request, and a site that keeps
refusing stops the run early with the previous feeds kept."""

from __future__ import annotations

from pathlib import Path

from newsfeeds.demo.server import Answered, DemoServer
from tests.conftest import CrawlResult, Workspace, run_crawl
from tests.siteprofiles import world_section

# As in production, some delay between requests (here short): requests then leave one at a time, and
# what the server logs after a refusal shows whether the crawler waited.
PACED = {"DOWNLOAD_DELAY": "0.05", "NEWSFEEDS_EXTRACT_WORKERS": "0"}


def crawl_world(server: DemoServer, workspace: Workspace, tmp_path: Path, settings: dict[str, str] = PACED) -> CrawlResult:
    return run_crawl(server.url, workspace, spider="site", settings=settings,
                     spider_args={"profile": str(world_section(tmp_path))})


def show(log: list[Answered]) -> str:
    start = log[0].at
    return "\n".join(f"{a.at - start:7.2f}s {a.status} {a.path}" for a in log)


def test_a_429_with_retry_after_2_pauses_the_whole_site_2_seconds_then_the_crawl_recovers(workspace: Workspace, tmp_path):
    with DemoServer() as server:
        server.refuse(1, status=429, retry_after="2", path="/world")
        result = crawl_world(server, workspace, tmp_path)
        log = list(server.log)
    print(show(log))
    assert result.code == 0, result.output[-3000:]
    refused = next(i for i, a in enumerate(log) if a.status == 429)
    after = log[refused + 1:]
    assert after[0].path == "/world" and after[0].status == 200          # the same page, retried
    assert after[0].at - log[refused].at >= 2.0                           # not before the Retry-After
    assert all(a.at - log[refused].at >= 2.0 for a in after)              # and nothing else meanwhile
    articles = result.report["world"]["articles"]
    assert articles["new"] == 3 and articles["failed"] == 0 and result.report["world"]["healthy"]
    assert "answered HTTP 429 with Retry-After 2; pausing the site for 2 s" in result.output


def test_503_without_retry_after_backs_off_and_the_article_is_fetched_later_in_the_run(workspace: Workspace, tmp_path):
    with DemoServer() as server:
        server.refuse(1, status=503, retry_after="1", path="/world/")
        result = crawl_world(server, workspace, tmp_path)
        log = list(server.log)
    refused = next(a for a in log if a.status == 503)
    retried = next(a for a in log if a.path == refused.path and a.status == 200)
    assert retried.at - refused.at >= 1.0
    assert result.code == 0 and result.report["world"]["articles"]["failed"] == 0


def test_robots_txt_crawl_delay_spaces_every_request_to_the_site(workspace: Workspace, tmp_path):
    with DemoServer(crawl_delay=0.5) as server:
        # no DOWNLOAD_DELAY at all: the site's own Crawl-delay is what spaces the requests
        result = crawl_world(server, workspace, tmp_path, {"NEWSFEEDS_EXTRACT_WORKERS": "0"})
        log = list(server.log)
    print(show(log))
    assert result.code == 0, result.output[-3000:]
    assert log[0].path == "/robots.txt" and len(log) >= 5
    gaps = [b.at - a.at for a, b in zip(log, log[1:])]
    assert min(gaps) >= 0.45, show(log)        # 0.5 s apart, less the server's own scheduling noise
    assert "asks for a Crawl-delay of 0.5 s" in result.output


def test_a_site_that_keeps_answering_403_stops_the_run_early_and_the_feeds_stay(workspace: Workspace):
    with DemoServer() as server:
        first = run_crawl(server.url, workspace, settings=PACED, spider_args={"max_pages": "1"})
        assert first.code == 0
        feeds = {p: p.read_bytes() for p in workspace.feeds.rglob("*") if p.is_file() and p.name != "index.html"}
        server.refuse(500, status=403, retry_after=None)
        before = len(server.log)
        result = run_crawl(server.url, workspace, settings={**PACED, "NEWSFEEDS_MAX_REFUSALS": "3"},
                           spider_args={"max_pages": "1"})
        answered = server.log[before:]
    print(show(answered))
    assert result.code == 3
    report = result.report["indiablooms"]
    assert report["healthy"] is False and "keeps refusing us: 3 HTTP 403 answers in a row" in report["reason"]
    assert report["close_reason"] == "blocked"
    assert len(answered) <= 4                 # stopped at the third refusal (one more may have been in flight)
    assert {p: p.read_bytes() for p in workspace.feeds.rglob("*") if p.is_file() and p.name != "index.html"} == feeds


def test_a_retry_after_longer_than_the_run_may_wait_stops_the_run_instead_of_sleeping(workspace: Workspace, tmp_path):
    with DemoServer() as server:
        server.refuse(1, status=429, retry_after="3600", path="/world")
        result = crawl_world(server, workspace, tmp_path)
    assert result.code == 3
    assert "asked us to wait 3600 s" in result.report["world"]["reason"]
    assert result.report["world"]["seconds"] < 60
