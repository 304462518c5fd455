"""A local HTTP server for the Lakeside Courier, so the second demo site needs no network."""

from __future__ import annotations

import re
import socketserver
import threading
from collections.abc import Callable
from datetime import datetime, timezone
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

from newsfeeds.demo.images import grey_jpeg
from newsfeeds.demo2 import pages
from newsfeeds.demo2.posts import CATEGORIES, POSTS, ZURICH, newest_first, post_by_path, tag_slug

ROBOTS_TXT = "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"
_ARCHIVE = re.compile(r"^(?P<base>/|/category/(?P<category>[a-z-]+)/|/tag/(?P<tag>[^/]+)/)(?:page/(?P<page>\d+)/)?$")
_UPLOAD = re.compile(r"^/wp-content/uploads/[^/]+\.jpg$")


class _Handler(BaseHTTPRequestHandler):
    """Routes the WordPress URL space; see README.md in this package for the map."""

    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "LakesideCourierDemo/1.0"

    def version_string(self) -> str:
        """Identify as the demo, not as Python."""
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read `CourierServer.requests`."""

    def do_GET(self) -> None:
        """Serve a page."""
        self._respond(True)

    def do_HEAD(self) -> None:
        """Serve a page's headers only."""
        self._respond(False)

    def _respond(self, send_body: bool) -> None:
        """Route one request and write the response."""
        owner = self.server.owner
        owner._record(self.path)
        path = unquote(urlsplit(self.path).path)
        host = self.headers.get("Host") or f"127.0.0.1:{self.server.server_address[1]}"
        origin = f"http://{host}"
        served = owner.clock().astimezone(ZURICH)
        if path == "/robots.txt":
            self._send(HTTPStatus.OK, "text/plain; charset=utf-8", ROBOTS_TXT, send_body)
            return
        if _UPLOAD.match(path):
            self._send(HTTPStatus.OK, "image/jpeg", grey_jpeg(), send_body)
            return
        post = post_by_path(path)
        if post is not None:
            if not path.endswith("/"):
                self._redirect(post.path)
                return
            self._send(HTTPStatus.OK, "text/html; charset=UTF-8", pages.article_page(post, origin, served), send_body)
            return
        archive = _ARCHIVE.match(path)
        if archive:
            page = int(archive["page"] or 1)
            if archive["category"]:
                heading, posts = CATEGORIES.get(archive["category"]), [p for p in newest_first(list(POSTS)) if archive["category"] in p.categories]
            elif archive["tag"]:
                matching = [p for p in newest_first(list(POSTS)) if archive["tag"] in {tag_slug(t) for t in p.tags}]
                heading = next((t for p in matching for t in p.tags if tag_slug(t) == archive["tag"]), None)
                heading, posts = (f"Tag: {heading}" if heading else None), matching
            else:
                heading, posts = "Latest news", newest_first(list(POSTS))
            base = path[: path.index("page/")] if archive["page"] else path
            if heading and posts and 1 <= page <= -(-len(posts) // pages.PER_PAGE):
                html = pages.listing_page(heading, posts, base, page, origin, served)
                self._send(HTTPStatus.OK, "text/html; charset=UTF-8", html, send_body)
                return
        self._send(HTTPStatus.NOT_FOUND, "text/html; charset=UTF-8", pages.not_found(path, origin, served), send_body)

    def _redirect(self, location: str) -> None:
        """WordPress redirects a permalink without its trailing slash."""
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: HTTPStatus, content_type: str, body: str | bytes, send_body: bool) -> None:
        """Write status, headers and (unless HEAD) the body."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if send_body:
            self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: CourierServer

    def server_bind(self) -> None:
        """Bind without the reverse-DNS lookup HTTPServer does, which can stall in sandboxes."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up mid-response are not the thing under test."""


class CourierServer:
    """The Lakeside Courier on a local port, in a background thread; a context manager for tests."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0,
                 clock: Callable[[], datetime] = lambda: datetime(2024, 5, 24, 8, 0, tzinfo=timezone.utc)) -> None:
        self.clock = clock
        self.requests: list[str] = []
        self._lock = threading.Lock()
        self._httpd = _Server((host, port), _Handler)
        self._httpd.owner = self
        self._thread: threading.Thread | None = None
        self.host = host
        self.port = int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """The site's root URL, e.g. `http://127.0.0.1:8766/`."""
        return f"http://{self.host}:{self.port}/"

    def start(self) -> CourierServer:
        """Serve in a daemon thread; returns self for chaining."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._httpd.serve_forever, name=f"courier:{self.port}", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> CourierServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def _record(self, path: str) -> None:
        """Remember a request path for tests that check what was crawled."""
        with self._lock:
            self.requests.append(path)
