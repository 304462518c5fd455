"""Broken sources tell you once: the store keeps each site's health, index.html and `scrapy status`
show it, and an alert goes out when a site turns unhealthy and once when it recovers."""

from __future__ import annotations

import json
import os
import socketserver
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from newsfeeds.demo.server import DemoServer
from newsfeeds.feedindex import sparkline
from newsfeeds.sitehealth import DayCount
from tests.conftest import ROOT, Workspace, run_crawl
from tests.siteprofiles import world_section


class Receiver:
    """A local HTTP endpoint that keeps every JSON body POSTed to it."""

    def __init__(self) -> None:
        received: list[dict[str, Any]] = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append(json.loads(body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.received = received
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class SMTPSink(socketserver.ThreadingTCPServer):
    """Just enough SMTP to take a message and keep it."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self) -> None:
        self.messages: list[str] = []
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                self.wfile.write(b"220 sink ESMTP\r\n")
                data: list[str] | None = None
                for raw in self.rfile:
                    line = raw.decode("utf-8", "replace")
                    if data is not None:
                        if line.rstrip("\r\n") == ".":
                            sink.messages.append("".join(data))
                            data = None
                            self.wfile.write(b"250 queued\r\n")
                        else:
                            data.append(line)
                        continue
                    verb = line[:4].upper()
                    if verb == "DATA":
                        data = []
                        self.wfile.write(b"354 go ahead\r\n")
                    elif verb == "QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 ok\r\n")

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    hook = Receiver()
    yield hook
    hook.close()


def html_only(tmp_path: Path) -> Path:
    return world_section(tmp_path, title="World desk")


def status(workspace: Workspace, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scrapy", "status", *args, "-s", f"NEWSFEEDS_DB={workspace.db}"],
                          cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)


def test_the_alert_goes_out_once_when_the_site_turns_unhealthy_and_once_when_it_recovers(workspace, receiver, tmp_path):
    profile = str(html_only(tmp_path))
    settings = {"NEWSFEEDS_ALERT_WEBHOOK": receiver.url, "NEWSFEEDS_UNHEALTHY_AFTER": "2", "NEWSFEEDS_EXTRACT_WORKERS": "0"}
    with DemoServer() as server:
        def crawl() -> int:
            return run_crawl(server.url, workspace, spider="site", settings=settings, spider_args={"profile": profile}).code

        assert crawl() == 0 and receiver.received == []             # healthy: nothing to say
        server.redesigned = True
        assert crawl() == 3 and receiver.received == []             # one failed run is not yet "unhealthy"
        assert "healthy, but the last 1 run(s) failed" in (workspace.feeds / "index.html").read_text(encoding="utf-8")
        assert crawl() == 3 and len(receiver.received) == 1         # the second one is
        assert crawl() == 3 and len(receiver.received) == 1         # and it is said once
        index = (workspace.feeds / "index.html").read_text(encoding="utf-8")
        shown = status(workspace)
        server.redesigned = False
        assert crawl() == 0 and len(receiver.received) == 2         # recovered: said once
        assert crawl() == 0 and len(receiver.received) == 2
    turned, recovered = receiver.received
    assert (turned["site"], turned["state"], turned["consecutive_failures"]) == ("world", "unhealthy", 2)
    assert "yielded no article links" in turned["reason"] and "World desk (world) is UNHEALTHY" in turned["text"]
    assert turned["report"]["healthy"] is False and turned["last_success"]
    assert (recovered["state"], recovered["consecutive_failures"]) == ("healthy", 0)
    assert '<strong class="sick">unhealthy</strong>' in index and "<svg" in index and "<script" not in index
    assert shown.returncode == 3 and "UNHEALTHY" in shown.stdout and "yielded no article links" in shown.stdout
    healthy = json.loads(status(workspace, "--json").stdout)["sites"][0]
    assert (healthy["state"], healthy["failures"]) == ("healthy", 0)
    assert healthy["days"][-1]["runs"] == 6 and healthy["days"][-1]["failed_runs"] == 3
    assert healthy["days"][-1]["new_articles"] == 3


def test_an_alert_the_webhook_did_not_take_is_sent_again_by_the_next_run(workspace, tmp_path):
    profile = str(html_only(tmp_path))
    dead = Receiver()
    dead_url = dead.url
    dead.close()                                                       # nothing listens there any more
    with DemoServer() as server:
        server.redesigned = True
        settings = {"NEWSFEEDS_UNHEALTHY_AFTER": "1", "NEWSFEEDS_EXTRACT_WORKERS": "0", "NEWSFEEDS_ALERT_WEBHOOK": dead_url}
        failed = run_crawl(server.url, workspace, spider="site", settings=settings, spider_args={"profile": profile})
        assert failed.code == 3 and "Could not send the alert for world" in failed.output
        hook = Receiver()
        try:
            settings["NEWSFEEDS_ALERT_WEBHOOK"] = hook.url
            run_crawl(server.url, workspace, spider="site", settings=settings, spider_args={"profile": profile})
            run_crawl(server.url, workspace, spider="site", settings=settings, spider_args={"profile": profile})
        finally:
            hook.close()
    assert [m["state"] for m in hook.received] == ["unhealthy"]


def test_the_alert_can_go_by_mail(workspace, tmp_path):
    sink = SMTPSink()
    try:
        with DemoServer() as server:
            server.redesigned = True
            settings = {"NEWSFEEDS_UNHEALTHY_AFTER": "1", "NEWSFEEDS_EXTRACT_WORKERS": "0",
                        "NEWSFEEDS_ALERT_MAIL_TO": "ops@example.test", "MAIL_HOST": "127.0.0.1",
                        "MAIL_PORT": str(sink.server_address[1]), "MAIL_FROM": "newsfeeds@example.test"}
            result = run_crawl(server.url, workspace, spider="site", settings=settings,
                               spider_args={"profile": str(html_only(tmp_path))})
    finally:
        sink.shutdown()
        sink.server_close()
    assert result.code == 3
    message, = sink.messages
    assert "Subject: newsfeeds: world is unhealthy" in message and "To: ops@example.test" in message
    assert "World desk (world) is UNHEALTHY" in message


def test_the_store_turns_a_site_unhealthy_after_the_set_number_of_failed_runs(store):
    start = datetime(2026, 11, 1, 6, 0, tzinfo=timezone.utc)
    states = []
    for day, healthy in enumerate([True, False, False, False, True]):
        health = store.record_run("lake", healthy, "ok" if healthy else "site unreachable", 4 if healthy else 0,
                                  start + timedelta(days=day), unhealthy_after=2)
        states.append((health.state, health.failures, health.unannounced))
    assert states == [("healthy", 0, False), ("healthy", 1, False), ("unhealthy", 2, True), ("unhealthy", 3, True),
                      ("healthy", 0, False)]
    health, = store.site_health()
    assert health.since == "2026-11-05T06:00:00+00:00" and health.last_success == health.since
    assert [d.new_articles for d in health.days[-5:]] == [4, 0, 0, 0, 4]
    assert [d.failed_runs for d in health.days[-5:]] == [0, 1, 1, 1, 0]
    store.close()


def test_the_sparkline_is_plain_svg_bars_with_red_ticks_for_failed_days():
    days = (DayCount("2026-11-01", 0, 0, 0), DayCount("2026-11-02", 2, 0, 10), DayCount("2026-11-03", 1, 1, 0),
            DayCount("2026-11-04", 3, 0, 5))
    svg = sparkline(days)
    assert svg.startswith("<svg") and "style=" not in svg and "<script" not in svg
    assert svg.count("<rect") == 3 and 'fill="#c33"' in svg
    assert 'height="18"' in svg and 'height="9"' in svg          # 10 and 5 articles, scaled to the tallest
