"""A local HTTP server for the demo site, so crawls and tests never touch the network.

Routing lives in the request handler; page content comes from `pages`, state from `DemoSite`.
"""

from __future__ import annotations

import re
import socket
import socketserver
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from newsfeeds.demo import pages
from newsfeeds.demo.articles import SECTIONS, DemoArticle
from newsfeeds.demo.images import grey_jpeg
from newsfeeds.demo.site import DemoSite, tag_slug

FEED_SECTIONS = ("news", "sports", "showbiz", "world", "finance", "health")
FEED_LIMIT = 10
TICKER_COUNT = 5
ROBOTS_TXT = "User-agent: *\nDisallow: /admin/\n"
SITEMAP_LIMIT = 1000      # a news sitemap lists at most 1,000 stories
RSS_LIMIT = 20
SUPPORT_TEXT = (
    "Indiablooms is funded by its readers and partners. Contributions help us keep reporters in "
    "the field and our stories free to read.",
    "This demo site does not take payments; the page exists so that links to it resolve.",
)

_IMAGE_PATH = re.compile(r"^/images/[^/]+\.jpe?g$")


class _HTTPServer(ThreadingHTTPServer):
    """The socket server, remembering its owner and open connections so stop() can cut them."""

    daemon_threads = True
    demo: DemoServer

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse-DNS lookup, which can stall in sandboxes."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def get_request(self) -> tuple[socket.socket, Any]:
        """Track each accepted connection."""
        connection, address = super().get_request()
        self.demo._opened(connection)
        return connection, address

    def shutdown_request(self, request: Any) -> None:
        """Forget a connection once its handler is done with it."""
        self.demo._closed(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet about clients that hang up mid-response; the demo is not the thing under test."""


class _Handler(BaseHTTPRequestHandler):
    """Maps the site's URL space onto pages; see README.md in this package for the map."""

    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "IndiabloomsDemo/1.0"
    timeout = 30

    def version_string(self) -> str:
        """Identify as the demo without advertising the Python version."""
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        """Keep per-request logging off stderr; tests read `DemoServer.requests` instead."""

    def do_GET(self) -> None:
        """Serve a page."""
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        """Serve a page's headers only."""
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        """Route one request and write the response."""
        demo = self.server.demo
        demo._record(self.path)
        site = demo.site
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if len(path) > 1:
            path = path.rstrip("/") or "/"
        query = parse_qs(parts.query)
        now = site.clock()
        host = self.headers.get("Host") or f"{self.server.server_name}:{self.server.server_port}"
        base_url = f"http://{host}"

        refusal = demo._refusal(path)
        if refusal is not None:
            status, retry_after = refusal
            headers = {"Retry-After": retry_after} if retry_after else {}
            self._send(HTTPStatus(status), "text/plain; charset=utf-8", b"Slow down\n", send_body, headers)
            return
        if path == "/robots.txt":
            robots = ROBOTS_TXT
            if demo.crawl_delay is not None:
                robots += f"Crawl-delay: {demo.crawl_delay:g}\n"
            robots += f"Sitemap: {base_url}/sitemap.xml\n"
            self._send(HTTPStatus.OK, "text/plain; charset=utf-8", robots.encode(), send_body)
            return
        if path in ("/sitemap.xml", "/sitemap-news.xml", "/rss.xml"):
            self._machine_listing(path, pages.PageChrome(now, base_url), send_body)
            return
        if _IMAGE_PATH.match(path):
            self._send(HTTPStatus.OK, "image/jpeg", grey_jpeg(), send_body, {"Cache-Control": "max-age=86400"})
            return
        if path == "/news/feeds.json":
            chrome = pages.PageChrome(now, base_url)
            groups = {key: site.listing(key)[:FEED_LIMIT] for key in FEED_SECTIONS}
            body = pages.feeds_json(groups, chrome).encode("utf-8")
            self._send(HTTPStatus.OK, "application/json; charset=utf-8", body, send_body)
            return

        article = site.find(path)
        if article is not None:
            ticker = tuple(a for a in site.latest(TICKER_COUNT + 1) if a.id != article.id)[:TICKER_COUNT]
            chrome = pages.PageChrome(now, base_url, ticker)
            html = pages.article_page(article, chrome, site.related(article))
            headers = {"Last-Modified": format_datetime(site.changed_at(article), usegmt=True)}
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", html.encode("utf-8"), send_body, headers)
            return

        chrome = pages.PageChrome(now, base_url, tuple(site.latest(TICKER_COUNT)))
        if path == "/":
            entries = site.latest()
            self._listing("Latest News", entries, entries, "/", 1, 1, chrome, send_body)
            return
        if path.startswith("/tag/") and path.count("/") == 2:
            slug = path.removeprefix("/tag/")
            entries = site.tagged(slug)
            if entries:
                display = next(t for t in entries[0].tags if tag_slug(t) == slug)
                base = pages.tag_href(display)
                self._listing(f"Tag: {display}", entries, entries, base, 1, 1, chrome, send_body)
                return
        if path.lstrip("/") in SECTIONS:
            section = path.lstrip("/")
            everything = site.listing(section)
            count = site.page_count(everything)
            page = self._page_number(query)
            if demo.redesigned and page == 1:
                html = pages.redesigned_listing_page(SECTIONS[section], everything[:12], chrome)
                self._send(HTTPStatus.OK, "text/html; charset=utf-8", html.encode("utf-8"), send_body)
                return
            if page is not None and 1 <= page <= count:
                entries = site.page_of(everything, page)
                self._listing(SECTIONS[section], entries, everything, path, page, count, chrome, send_body)
                return
        if path == "/support-us":
            html = pages.text_page("Support Our Journalism", SUPPORT_TEXT, chrome)
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", html.encode("utf-8"), send_body)
            return

        html = pages.not_found_page(path, chrome)
        self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", html.encode("utf-8"), send_body)

    def _machine_listing(self, path: str, chrome: pages.PageChrome, send_body: bool) -> None:
        """The sitemap index, the news sitemap or the headline-only RSS feed, with validators and 304s."""
        site = self.server.demo.site
        stories = site.articles[:SITEMAP_LIMIT if path != "/rss.xml" else RSS_LIMIT]
        etag = site.etag(stories, path)
        modified = site.last_modified(stories)
        headers = {"ETag": etag, "Last-Modified": format_datetime(modified, usegmt=True), "Cache-Control": "no-cache"}
        if self._not_modified(etag, modified):
            self._send(HTTPStatus.NOT_MODIFIED, None, b"", False, headers)
            return
        if path == "/sitemap.xml":
            body, content_type = pages.sitemap_index([("/sitemap-news.xml", modified)], chrome), "application/xml"
        elif path == "/sitemap-news.xml":
            body, content_type = pages.news_sitemap([(a, site.published_w3c(a)) for a in stories], chrome), "application/xml"
        else:
            body, content_type = pages.headline_rss(stories, chrome), "application/rss+xml"
        self._send(HTTPStatus.OK, f"{content_type}; charset=utf-8", body.encode("utf-8"), send_body, headers)

    @staticmethod
    def _page_number(query: dict[str, list[str]]) -> int | None:
        """The requested listing page, 1 when absent, None when it is not a number."""
        values = query.get("page")
        if not values:
            return 1
        try:
            return int(values[0])
        except ValueError:
            return None

    def _listing(
        self,
        heading: str,
        entries: Sequence[DemoArticle],
        validated: Sequence[DemoArticle],
        base_path: str,
        page: int,
        page_count: int,
        chrome: pages.PageChrome,
        send_body: bool,
    ) -> None:
        """Send a listing page, or 304 when the client's validators still match its stories."""
        site = self.server.demo.site
        etag = site.etag(entries, f"{base_path}?page={page}/{page_count}")
        modified = site.last_modified(validated)
        headers = {
            "ETag": etag,
            "Last-Modified": format_datetime(modified, usegmt=True),
            "Cache-Control": "no-cache",
        }
        if self._not_modified(etag, modified):
            self._send(HTTPStatus.NOT_MODIFIED, None, b"", False, headers)
            return
        html = pages.listing_page(heading, entries, chrome, base_path=base_path, page=page, page_count=page_count)
        self._send(HTTPStatus.OK, "text/html; charset=utf-8", html.encode("utf-8"), send_body, headers)

    def _not_modified(self, etag: str, modified: datetime) -> bool:
        """Apply RFC 9110's precedence: If-None-Match when present, otherwise If-Modified-Since."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            wanted = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            return "*" in wanted or etag.removeprefix("W/") in wanted
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since:
            try:
                since = parsedate_to_datetime(if_modified_since)
            except (TypeError, ValueError):
                return False
            if since.tzinfo is None:
                since = since.replace(tzinfo=timezone.utc)
            return modified <= since
        return False

    def _send(
        self,
        status: HTTPStatus,
        content_type: str | None,
        body: bytes,
        send_body: bool,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Write status, headers and (unless HEAD or 304) the body."""
        self.server.demo._answered(self.path, int(status))
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and status != HTTPStatus.NOT_MODIFIED:
            self.wfile.write(body)


@dataclass(frozen=True)
class Answered:
    """One request as the server's log keeps it: when (monotonic seconds), what, and the status sent."""

    at: float
    path: str
    status: int


class DemoServer:
    """The demo site on a local port, in a background thread; use as a context manager in tests.

    `redesigned` serves listing pages whose stories a script renders (no article links);
    `crawl_delay` adds a Crawl-delay to robots.txt; `refuse()` answers the next requests with 429
    or 503 and a Retry-After, as a site under load does."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, site: DemoSite | None = None,
                 crawl_delay: float | None = None) -> None:
        self.site = site if site is not None else DemoSite()
        self.requests: list[str] = []
        self.request_times: list[float] = []  # time.monotonic() of each request, beside `requests`
        self.log: list[Answered] = []
        self.redesigned = False
        self.crawl_delay = crawl_delay
        self._refusals: list[tuple[int, str | None, str]] = []
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._thread: threading.Thread | None = None
        self._httpd = _HTTPServer((host, port), _Handler)
        self._httpd.demo = self
        self.host = host
        self.port = int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """The site's root URL, e.g. `http://127.0.0.1:8765/`."""
        return f"http://{self.host}:{self.port}/"

    def start(self) -> DemoServer:
        """Begin serving in a daemon thread; returns self for chaining."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, name=f"demo-site:{self.port}", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, drop open keep-alive connections and release the port."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        with self._lock:
            connections = list(self._connections)
            self._connections.clear()
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._httpd.server_close()

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def refuse(self, count: int, status: int = 429, retry_after: str | None = "2", path: str = "/") -> None:
        """Answer the next `count` requests under `path` with `status` and this Retry-After."""
        with self._lock:
            self._refusals += [(status, retry_after, path)] * count

    def _refusal(self, path: str) -> tuple[int, str | None] | None:
        with self._lock:
            for index, (status, retry_after, prefix) in enumerate(self._refusals):
                if path.startswith(prefix):
                    del self._refusals[index]
                    return status, retry_after
            return None

    def _answered(self, path: str, status: int) -> None:
        with self._lock:
            self.log.append(Answered(time.monotonic(), path, status))

    def _record(self, path: str) -> None:
        """Append a request path (with query) for tests that count fetches."""
        with self._lock:
            self.requests.append(path)
            self.request_times.append(time.monotonic())

    def _opened(self, connection: socket.socket) -> None:
        """Remember a live connection."""
        with self._lock:
            self._connections.add(connection)

    def _closed(self, connection: socket.socket) -> None:
        """Forget a finished connection."""
        with self._lock:
            self._connections.discard(connection)
