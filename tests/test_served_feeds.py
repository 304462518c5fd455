"""The feeds as readers get them: served by nginx with deploy/nginx/newsfeeds.conf, read by newsboat.

nginx and newsboat come from Debian packages (.ci/run installs them); without them these tests skip
locally and fail in CI. `scrapy serve-feeds` is checked against the same media types.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import shutil
import select
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from email.message import Message
from importlib.metadata import entry_points
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newsfeeds.entrypoints.serve_feeds import CACHE_CONTROL, DEFAULT_TYPE, FEED_POLICY, MEDIA_TYPES, PAGE_POLICY
from newsfeeds.demo import ARTICLES, DemoArticle, DemoServer, article_path
from newsfeeds.demo.site import IST
from newsfeeds.tags import base_slug, name_key
from tests.conftest import ROOT, CrawlResult, Workspace, require_tool, run_crawl

CONF = ROOT / "deploy" / "nginx" / "newsfeeds.conf"
MIME_TYPES = Path("/etc/nginx/mime.types")
EXPECTED_TYPES = {
    "": "text/html; charset=utf-8",
    "index.html": "text/html; charset=utf-8",
    "indiablooms/all.rss": "application/rss+xml; charset=utf-8",
    "indiablooms/all.atom": "application/atom+xml; charset=utf-8",
    "indiablooms/all.json": "application/feed+json; charset=utf-8",
    "indiablooms/tag/russia.rss": "application/rss+xml; charset=utf-8",
    "indiablooms/section/world.atom": "application/atom+xml; charset=utf-8",
    "feeds.opml": "text/x-opml; charset=utf-8",
    "feeds.css": "text/css; charset=utf-8",
    "indiablooms/all.html": "text/html; charset=utf-8",
    "indiablooms/tag/russia.html": "text/html; charset=utf-8",
}
COMPRESSIBLE = ("index.html", "indiablooms/all.rss", "indiablooms/all.atom", "indiablooms/all.json", "feeds.opml",
                "feeds.css", "indiablooms/all.html")
NEW_TAGS = ("Economy", "Cricket")


@dataclass
class Response:
    """One HTTP response, body as sent (not decompressed)."""

    status: int
    headers: Message
    body: bytes

    def header(self, name: str) -> str:
        values = self.headers.get_all(name) or []
        return ", ".join(values)


@dataclass
class ServedSite:
    """The demo site, crawls of it into a private workspace, and the URL its feeds are written for.

    Feeds are not truncated, so every tag feed must hold every story with that tag."""

    demo: DemoServer
    workspace: Workspace
    port: int

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def crawl(self) -> CrawlResult:
        result = run_crawl(self.demo.url, self.workspace, settings={"NEWSFEEDS_BASE_URL": self.base_url, "NEWSFEEDS_MAX_ITEMS": 500})
        assert result.code == 0 and "] ERROR:" not in result.output, result.output[-4000:]
        assert (self.workspace.feeds / "indiablooms" / "all.rss").is_file(), result.output[-4000:]
        return result


def get(base_url: str, path: str, headers: dict[str, str] | None = None) -> Response:
    """GET base_url + path without following redirects or decoding the body."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", "/" + path.lstrip("/"), headers=headers or {})
        response = connection.getresponse()
        return Response(response.status, response.msg, response.read())
    finally:
        connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes] | subprocess.Popen[str], what: str) -> None:
    """Return once something accepts connections on the port; fail if the process died first."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited with {process.returncode} before listening on {port}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{what} did not listen on {port} within 20 s")


def stop(process: subprocess.Popen[bytes] | subprocess.Popen[str], sig: int = signal.SIGTERM) -> int:
    """Signal a server we started and reap it; kill it only if it ignores the signal."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    return process.returncode


def nginx_media_types(conf: str) -> tuple[dict[str, str], str]:
    """The extension -> Content-Type map the config makes nginx send, and its default type."""
    block = re.search(r"^\s*types\s*\{(.*?)\}", conf, re.S | re.M)
    charset = re.search(r"^\s*charset\s+([^;\s]+)\s*;", conf, re.M)
    charset_types = re.search(r"^\s*charset_types\s+([^;]*);", conf, re.M)
    default = re.search(r"^\s*default_type\s+([^;\s]+)\s*;", conf, re.M)
    assert block and charset and charset_types and default, "types/charset/charset_types/default_type missing"
    with_charset = set(charset_types.group(1).split()) | {"text/html"}
    types: dict[str, str] = {}
    for line in block.group(1).splitlines():
        words = line.split("#")[0].replace(";", " ").split()
        if words:
            mime, *extensions = words
            suffix = f"; charset={charset.group(1)}" if mime in with_charset else ""
            types.update({f".{ext}": mime + suffix for ext in extensions})
    return types, default.group(1)


def site_config(conf: str, port: int, root: Path) -> str:
    """The shipped server block, listening on 127.0.0.1:port and serving `root`; nothing else changed."""
    conf, listens = re.subn(r"^[ \t]*listen\s[^;]*;.*\n", "", conf, flags=re.M)
    conf, roots = re.subn(r"^([ \t]*)root\s[^;]*;", lambda m: f'{m.group(1)}root "{root}";', conf, flags=re.M)
    conf, servers = re.subn(r"^server\s*\{", f"server {{\n    listen 127.0.0.1:{port};", conf, flags=re.M)
    assert listens >= 1 and roots == 1 and servers == 1, "newsfeeds.conf lost its listen/root/server lines"
    return conf


def main_config(prefix: Path, site: Path) -> str:
    """A minimal nginx.conf around the site file, like Debian's, with every path inside `prefix`."""
    temps = "\n".join(f"    {kind}_temp_path {prefix / kind};" for kind in
                      ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    stock_types = f"    include {MIME_TYPES};\n" if MIME_TYPES.exists() else ""
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read pytest's 0700 tmp dirs
    return (
        f"{user}worker_processes 1;\npid {prefix / 'nginx.pid'};\nerror_log {prefix / 'error.log'} info;\n"
        f"events {{ worker_connections 64; }}\n"
        f"http {{\n{stock_types}    default_type application/octet-stream;\n"
        f"    access_log {prefix / 'access.log'};\n{temps}\n    include {site};\n}}\n"
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """One crawl of the demo, with feeds written for the port nginx will listen on."""
    workspace = Workspace(tmp_path_factory.mktemp("served"))
    with DemoServer("127.0.0.1", 0) as demo:
        site = ServedSite(demo, workspace, free_port())
        site.crawl()
        yield site


@pytest.fixture(scope="module")
def nginx(served: ServedSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """nginx running deploy/nginx/newsfeeds.conf over the crawl's feed directory; yields its base URL."""
    binary = require_tool("nginx")
    prefix = tmp_path_factory.mktemp("nginx")
    site = prefix / "newsfeeds.conf"
    site.write_text(site_config(CONF.read_text(encoding="utf-8"), served.port, served.workspace.feeds))
    conf = prefix / "nginx.conf"
    conf.write_text(main_config(prefix, site))
    command = [binary, "-c", str(conf), "-p", f"{prefix}/", "-e", str(prefix / "error.log")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    assert "[warn]" not in check.stderr and "[emerg]" not in check.stderr, check.stderr
    process = subprocess.Popen([*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(served.port, process, "nginx")
        yield served.base_url
    finally:
        stop(process)
        errors = (prefix / "error.log").read_text(encoding="utf-8", errors="replace")
        assert "[alert]" not in errors and "[crit]" not in errors, errors[-3000:]


def test_every_format_has_its_media_type_and_safe_caching_headers(served: ServedSite, nginx: str) -> None:
    for path, content_type in EXPECTED_TYPES.items():
        response = get(nginx, path)
        assert response.status == 200, path
        assert response.header("Content-Type") == content_type, path
        assert response.body == (served.workspace.feeds / (path or "index.html")).read_bytes(), path
        assert response.header("X-Content-Type-Options") == "nosniff", path
        assert response.header("ETag") and response.header("Last-Modified"), path
        assert response.header("Cache-Control") == "max-age=300" and response.header("Expires"), path
        policy = directives(response.header("Content-Security-Policy"))
        assert policy["default-src"] == policy["frame-ancestors"] == policy["base-uri"] == "'none'", path
        assert "script-src" not in policy and "unsafe" not in " ".join(policy.values()), path
        # Only HTML pages load anything: feeds.css from here, lead images from the news sites.
        page = path.endswith(".html") or path == ""
        assert policy.get("style-src") == ("'self'" if page else None), path
        assert policy.get("img-src") == ("http: https:" if page else None), path


CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IMAGE_LOADED = ("i => i.complete ? i.naturalWidth > 0 : new Promise(done => "
                "{ i.onload = () => done(i.naturalWidth > 0); i.onerror = () => done(false); })")
# Every visible text's colour against the nearest opaque background behind it, as WCAG 2 computes contrast.
LOW_CONTRAST = """() => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
                                      .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const behind = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
                           if (c.length === 3 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
  const low = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length || el.closest(".skip")) continue;
    const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(behind(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) low.push(`${el.tagName.toLowerCase()}.${el.className}: ${ratio.toFixed(2)}`);
  }
  return low;
}"""
PAGES = ("indiablooms/custom/india-politics.html", "indiablooms/tag/russia.html", "indiablooms/author/sudipta-roy.html",
         "indiablooms/all.html", "index.html")


def test_a_subscriber_opens_the_feed_in_a_browser(served: ServedSite, nginx: str, tmp_path: Path) -> None:
    """Each page renders in a real Chromium under the served CSP: every item shown, nothing blocked, no errors."""
    chromium = require_tool("chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            for width, scheme in ((1100, "light"), (390, "dark")):  # a desktop window; a phone at night
                page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
                problems: list[str] = []
                page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
                page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
                page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
                page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
                for path in PAGES:
                    response = page.goto(nginx + path, wait_until="load")
                    assert response is not None and response.status == 200, path
                    assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()}, path
                    assert page.locator("link[rel=stylesheet]").count() == 1, path
                    background = page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor")
                    assert background not in ("", "rgba(0, 0, 0, 0)"), f"{path}: feeds.css not applied"
                    assert page.locator("main").count() == 1 and page.locator("h1").count() == 1, path
                    assert page.locator("header").count() >= 1, path
                    low = page.evaluate(LOW_CONTRAST)
                    assert low == [], f"{path} ({scheme}): text below WCAG AA contrast (4.5:1): {low}"
                    if path == "index.html":
                        continue
                    items = json.loads((served.workspace.feeds / path.replace(".html", ".json")).read_text(encoding="utf-8"))["items"]
                    shown = page.locator("ol.items > li h3 a").all_inner_texts()
                    assert shown == [item["title"] for item in items], path
                    for image in page.locator("ol.items img").all():  # lazy: each loads once scrolled to
                        assert image.get_attribute("alt") is not None
                        image.scroll_into_view_if_needed()
                        assert image.evaluate(IMAGE_LOADED), f"{path}: image not loaded"
                    for fmt in ("rss", "atom", "json"):
                        assert page.locator(f"head link[rel=alternate][href$='.{fmt}']").count() == 1, path
                    address = page.locator("#feed-address")
                    assert address.input_value() == served.base_url + path.replace(".html", ".rss")
                    assert page.locator("label[for=feed-address]").count() == 1
                    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                    assert overflow <= 0, f"{path} scrolls sideways at {width}px"
                assert problems == [], problems
                if width == 1100:
                    page.goto(nginx + PAGES[0], wait_until="networkidle")
                    shot = tmp_path / "feed-page.png"
                    page.screenshot(path=str(shot))
                    assert shot.stat().st_size > 10_000
                    target = os.environ.get("NEWSFEEDS_SCREENSHOT")  # e.g. docs/feed-page.png, for the README
                    if target:
                        shutil.copy(shot, target)
                page.close()
        finally:
            browser.close()


def test_the_config_replaces_the_stock_types_with_ours(served: ServedSite, nginx: str) -> None:
    types, _ = nginx_media_types(CONF.read_text(encoding="utf-8"))
    for suffix, content_type in types.items():
        sample = next(served.workspace.feeds.rglob(f"*{suffix}"), None)
        if sample is not None:
            response = get(nginx, sample.relative_to(served.workspace.feeds).as_posix())
            assert response.header("Content-Type") == content_type, sample


def test_feeds_are_gzipped_for_readers_that_ask(served: ServedSite, nginx: str) -> None:
    for path in COMPRESSIBLE:
        plain = (served.workspace.feeds / path).read_bytes()
        response = get(nginx, path, {"Accept-Encoding": "gzip"})
        assert response.status == 200 and response.header("Content-Encoding") == "gzip", path
        assert "Accept-Encoding" in response.header("Vary"), path
        assert gzip.decompress(response.body) == plain and len(response.body) < len(plain), path
        assert get(nginx, path).header("Content-Encoding") == "", path


def test_dotfiles_and_directories_are_not_listed(served: ServedSite, nginx: str) -> None:
    temporary = served.workspace.feeds / "indiablooms" / ".all.rss.k2x9q1.tmp"
    temporary.write_bytes(b"<rss>half a file</rss>")
    try:
        for path in ("indiablooms/.all.rss.k2x9q1.tmp", "indiablooms/%2Eall.rss.k2x9q1.tmp", ".hidden", ".git/config"):
            response = get(nginx, path)
            assert response.status == 404 and b"half a file" not in response.body, path
    finally:
        temporary.unlink()
    listing = get(nginx, "indiablooms/")
    assert listing.status in (403, 404) and b"all.rss" not in listing.body
    assert get(nginx, "indiablooms").status == 301


def test_conditional_gets_stay_304_and_newsboat_lists_every_item_once(
    served: ServedSite, nginx: str, tmp_path: Path
) -> None:
    binary = require_tool("newsboat")
    feeds = served.workspace.feeds
    files = sorted(p.relative_to(feeds).as_posix() for p in feeds.rglob("*") if p.is_file() and p.suffix in
                   (".rss", ".atom", ".json", ".opml", ".html"))
    validators = {path: validators_of(get(nginx, path)) for path in files}
    assert_not_modified(nginx, validators)

    tag_feeds = expected_tag_feeds()
    assert {p.stem for p in (feeds / "indiablooms" / "tag").glob("*.rss")} == set(tag_feeds)
    expected = {f"{nginx}indiablooms/tag/{slug}.rss": titles for slug, titles in tag_feeds.items()}
    expected[f"{nginx}indiablooms/all.rss"] = {a.title for a in ARTICLES}
    # newsboat keys items by GUID across all feeds (newsboat#898): an article in several subscribed feeds
    # is stored once, under whichever feed loaded last. So each feed gets its own reader, as a user
    # subscribed to that one tag would, and one reader takes every feed to prove the GUIDs agree.
    readers = {url: Newsboat(binary, tmp_path / f"reader-{n}", [url]) for n, url in enumerate(expected)}
    everything = Newsboat(binary, tmp_path / "everything", list(expected))
    assert set(expected) <= everything.import_opml(get(nginx, "feeds.opml").body)
    site_url = served.demo.url

    reload_all([*readers.values(), everything])
    for url, reader in readers.items():
        reader.assert_lists_exactly(url, expected[url], site_url)
    everything.assert_lists_each_once(expected, site_url)
    for reader in (*readers.values(), everything):
        reader.mark_all_read()

    served.crawl()  # the site has not changed: every file must stay as it was
    assert_not_modified(nginx, validators)

    fresh = new_article()
    served.demo.site.publish(fresh)
    third = served.crawl()
    assert third.report["indiablooms"]["articles"]["new"] == 1, third.output[-4000:]
    fresh_feeds = {f"{nginx}indiablooms/all.rss"} | {f"{nginx}indiablooms/tag/{base_slug(t)}.rss" for t in NEW_TAGS}
    for url in fresh_feeds:
        expected[url] = expected[url] | {fresh.title}

    reload_all([*readers.values(), everything])
    for url, reader in readers.items():
        reader.assert_lists_exactly(url, expected[url], site_url, extra=(fresh,))
        assert reader.unread() == ([fresh.title] if url in fresh_feeds else []), url
    everything.assert_lists_each_once(expected, site_url, extra=(fresh,))
    assert everything.unread() == [fresh.title]


def test_serve_feeds_mirrors_the_nginx_config() -> None:
    conf = CONF.read_text(encoding="utf-8")
    assert nginx_media_types(conf) == (MEDIA_TYPES, DEFAULT_TYPE)
    policies = dict(re.findall(r'^\s*(~\S+|default)\s+"([^"]+)";', conf, re.M))
    assert policies == {r"~(\.html|/)$": PAGE_POLICY, "default": FEED_POLICY}
    assert re.search(r"^\s*expires\s+5m;", conf, re.M) and CACHE_CONTROL == "max-age=300"


def test_serve_feeds_sends_the_same_types_and_answers_conditional_gets(served: ServedSite, tmp_path: Path) -> None:
    name = "serve-feeds" if "serve-feeds" in {e.name for e in entry_points(group="scrapy.commands")} else "serve-feeds"
    args = [sys.executable, "-m", "scrapy", name, "--port", "0", "--dir", str(served.workspace.feeds)]
    pythonpath = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": pythonpath, "PYTHONUNBUFFERED": "1"}
    temporary = served.workspace.feeds / "indiablooms" / ".all.rss.k2x9q1.tmp"
    temporary.write_bytes(b"<rss>half a file</rss>")
    log = tmp_path / "stderr.log"
    with log.open("w", encoding="utf-8") as errors:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=errors, text=True)
        try:
            assert process.stdout is not None
            ready, _, _ = select.select([process.stdout], [], [], 60)
            first_line = process.stdout.readline() if ready else ""
            match = re.search(r"at (http://127\.0\.0\.1:(\d+)/)", first_line)
            assert match, (first_line, log.read_text(encoding="utf-8"))
            base, port = match.group(1), int(match.group(2))
            wait_for_port(port, process, "scrapy serve-feeds")
            for path, content_type in EXPECTED_TYPES.items():
                response = get(base, path)
                assert response.status == 200 and response.header("Content-Type") == content_type, path
                assert response.body == (served.workspace.feeds / (path or "index.html")).read_bytes(), path
                assert response.header("X-Content-Type-Options") == "nosniff", path
                assert response.header("Cache-Control") == CACHE_CONTROL, path
                policy = PAGE_POLICY if path.endswith(".html") or path == "" else FEED_POLICY
                assert response.header("Content-Security-Policy") == policy, path
            validators = {path: validators_of(get(base, path)) for path in EXPECTED_TYPES if path}
            assert_not_modified(base, validators)
            assert get(base, "indiablooms/all.rss", {"If-None-Match": '"0-0"'}).status == 200
            for path in (".hidden", "indiablooms/.all.rss.k2x9q1.tmp", "indiablooms/%2Eall.rss.k2x9q1.tmp",
                         "indiablooms/", "missing.rss"):
                response = get(base, path)
                assert response.status == 404 and b"half a file" not in response.body, path
            assert get(base, "indiablooms").status == 301
        finally:
            code = stop(process, signal.SIGINT)
            temporary.unlink()
        output = process.stdout.read() if process.stdout else ""
        assert code == 0 and "Stopped." in output, (output, log.read_text(encoding="utf-8"))


def directives(policy: str) -> dict[str, str]:
    """A Content-Security-Policy header as directive -> source list."""
    pairs = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return {name: value for name, value in pairs}


def validators_of(response: Response) -> dict[str, str]:
    assert response.status == 200
    etag, modified = response.header("ETag"), response.header("Last-Modified")
    assert etag and modified
    return {"If-None-Match": etag, "If-Modified-Since": modified}


def assert_not_modified(base_url: str, validators: dict[str, dict[str, str]]) -> None:
    """Each validator on its own, as different readers send them, must earn a 304 with no body."""
    for path, headers in validators.items():
        for name, value in headers.items():
            for encoding in ("identity", "gzip"):
                response = get(base_url, path, {name: value, "Accept-Encoding": encoding})
                assert response.status == 304 and response.body == b"", (path, name, value, response.status)
                assert response.header("ETag").removeprefix("W/") == headers["If-None-Match"].removeprefix("W/")


def expected_tag_feeds() -> dict[str, set[str]]:
    """Tag slug -> titles the tag's feed must list, from the demo's ground truth (tags merge by name_key)."""
    by_key: dict[str, set[str]] = {}
    spelling: dict[str, str] = {}
    for article in ARTICLES:
        for tag in article.tags:
            by_key.setdefault(name_key(tag), set()).add(article.title)
            spelling.setdefault(name_key(tag), tag)
    slugs = {key: base_slug(name) for key, name in spelling.items()}
    assert len(set(slugs.values())) == len(slugs), "two demo tags share a slug; expectations need unique_slug"
    return {slugs[key]: titles for key, titles in by_key.items()}


def new_article() -> DemoArticle:
    """A story published between crawls, carrying tags that already have feeds."""
    moment = (datetime.now(IST) - timedelta(hours=2)).replace(second=0, microsecond=0)
    template = next(a for a in ARTICLES if a.section == "sports")
    return replace(
        template,
        id=99301,
        slug="cricket-board-reports-record-broadcast-revenue",
        title="Cricket board reports record broadcast revenue",
        byline_date=moment.strftime("%b %d, %Y, at %I:%M %p").replace("AM", "am").replace("PM", "pm"),
        expected_published=moment.isoformat(),
        expected_modified=None,
        tags=NEW_TAGS,
        also_in=(),
        paragraphs=(
            "The national cricket board said on Tuesday that income from broadcast rights reached a record "
            "this season, helped by a longer domestic calendar and new streaming partners.",
            "Officials said part of the money would fund floodlights and indoor nets at district grounds, "
            "where many young players still train on matting pitches.",
            "Economists cautioned that the figures depend on a handful of marquee series and could fall back "
            "if the schedule is trimmed next year.",
        ),
    )


class Newsboat:
    """newsboat run headless (`-x reload`) in a private HOME, its SQLite cache read back for checks."""

    def __init__(self, binary: str, root: Path, urls: list[str]) -> None:
        self.binary = binary
        self.root = root
        self.urls = root / "urls"
        self.cache = root / "cache.db"
        self.config = root / "config"
        self.log = root / "newsboat.log"
        root.mkdir(parents=True, exist_ok=True)
        self.urls.write_text("".join(f"{url}\n" for url in urls), encoding="utf-8")
        self.config.write_text("reload-threads 4\ndownload-timeout 20\nmax-items 0\n", encoding="utf-8")
        self.env = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
        self.env.update(HOME=str(root), XDG_CONFIG_HOME=str(root / ".config"), XDG_DATA_HOME=str(root / ".local"),
                        LANG="C.UTF-8", LC_ALL="C.UTF-8", TERM="dumb", no_proxy="*")

    def run(self, *args: str) -> None:
        command = [self.binary, "-u", str(self.urls), "-c", str(self.cache), "-C", str(self.config),
                   "-l", "4", "-d", str(self.log), *args]
        done = subprocess.run(command, cwd=self.root, env=self.env, capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL)
        assert done.returncode == 0, (command, done.stdout, done.stderr, self.log_tail())

    def log_tail(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-3000:] if self.log.exists() else ""

    def import_opml(self, opml: bytes) -> set[str]:
        """The feed URLs newsboat subscribes to when importing the served OPML (into a scratch urls file)."""
        scratch = Newsboat(self.binary, self.root / "opml-import", [])
        (scratch.root / "feeds.opml").write_bytes(opml)
        scratch.run("-i", str(scratch.root / "feeds.opml"))
        return {line.split()[0] for line in scratch.urls.read_text(encoding="utf-8").splitlines()
                if line.startswith("http")}

    def reload(self) -> None:
        self.run("-x", "reload")

    def rows(self) -> list[tuple[str, str, str, str, int]]:
        with sqlite3.connect(self.cache) as db:
            return list(db.execute("SELECT feedurl, guid, url, title, unread FROM rss_item WHERE deleted = 0"))

    def assert_lists_exactly(self, url: str, titles: set[str], site_url: str,
                             extra: tuple[DemoArticle, ...] = ()) -> None:
        """The one subscribed feed lists each expected story once, under its own link, and nothing else."""
        rows = self.rows()
        assert {row[0] for row in rows} == {url}, (url, self.log_tail())
        assert Counter(row[3] for row in rows) == Counter(titles), url
        assert len({row[1] for row in rows}) == len(rows), f"{url}: duplicate GUIDs"
        links = links_of(site_url, extra)
        assert all(row[2] == links[row[3]] for row in rows), url

    def assert_lists_each_once(self, expected: dict[str, set[str]], site_url: str,
                               extra: tuple[DemoArticle, ...] = ()) -> None:
        """Subscribed to every feed, each story is one item (one GUID everywhere), filed under a feed it is in."""
        rows = self.rows()
        every_title = set().union(*expected.values())
        assert Counter(row[3] for row in rows) == Counter(every_title), self.log_tail()
        assert len({row[1] for row in rows}) == len(rows), "duplicate GUIDs"
        links = links_of(site_url, extra)
        for feed_url, _, link, title, _ in rows:
            assert title in expected[feed_url] and link == links[title], (feed_url, title)

    def mark_all_read(self) -> None:
        with sqlite3.connect(self.cache) as db:
            db.execute("UPDATE rss_item SET unread = 0")

    def unread(self) -> list[str]:
        return sorted(row[3] for row in self.rows() if row[4])


def reload_all(readers: list[Newsboat]) -> None:
    """Reload every reader, a few at a time (each newsboat run mostly waits)."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(Newsboat.reload, readers))


def links_of(site_url: str, extra: tuple[DemoArticle, ...]) -> dict[str, str]:
    """Title -> the one URL the demo serves that story under."""
    return {a.title: site_url.rstrip("/") + article_path(a) for a in (*ARTICLES, *extra)}
