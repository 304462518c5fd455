"""`scrapy serve-feeds`: the feed directory on a local port for a quick look, typed like production.

Browsers and readers decide what a file is from its Content-Type, so this sends the media types,
validators and security headers of deploy/nginx/newsfeeds.conf. Real serving is nginx's job.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import socketserver
import sys
import threading
from email.utils import formatdate, parsedate_to_datetime
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsfeeds.config import setting
from newsfeeds.health import EXIT_ERROR, EXIT_USAGE

MEDIA_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".json": "application/feed+json; charset=utf-8",
    ".opml": "text/x-opml; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
}
DEFAULT_TYPE = "application/octet-stream"
CACHE_CONTROL = "max-age=300"
_POLICY_TAIL = "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
# No script anywhere; HTML pages may load feeds.css from here and lead images from the news sites.
PAGE_POLICY = f"default-src 'none'; style-src 'self'; img-src http: https:; {_POLICY_TAIL}"
FEED_POLICY = f"default-src 'none'; {_POLICY_TAIL}"
_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})


class FeedRequestHandler(SimpleHTTPRequestHandler):
    """Static files with our types and validators; a directory is its index.html, never a listing; no dotfiles."""

    protocol_version = "HTTP/1.1"
    server_version = "newsfeeds-serve-feeds"
    error_content_type = MEDIA_TYPES[".html"]
    extensions_map = MEDIA_TYPES

    def version_string(self) -> str:
        """Name the tool without advertising the Python version."""
        return self.server_version

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        """Only our own types, like nginx's `types {}` block: anything else is a download."""
        return MEDIA_TYPES.get(os.path.splitext(path)[1].lower(), DEFAULT_TYPE)

    def end_headers(self) -> None:
        """Add the security headers to every response, errors and 304s included."""
        path = unquote(urlsplit(getattr(self, "path", None) or "").path)
        policy = PAGE_POLICY if path.endswith((".html", "/")) else FEED_POLICY
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", policy)
        self.send_header("Referrer-Policy", "strict-origin-when-cross-origin")
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def send_head(self) -> BinaryIO | None:  # type: ignore[override]
        """Headers for a file, a 304 when the client's validators match, or an error."""
        url_path = urlsplit(self.path).path
        if any(part.startswith(".") for part in unquote(url_path).split("/")):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not url_path.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", url_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            path = path / "index.html"
        elif url_path.endswith("/"):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        try:
            if not path.is_file():
                raise FileNotFoundError(path)
            handle = path.open("rb")
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        stat = os.fstat(handle.fileno())
        etag = f'"{int(stat.st_mtime):x}-{stat.st_size:x}"'
        if self._not_modified(etag, int(stat.st_mtime)):
            handle.close()
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self._validators(etag, int(stat.st_mtime))
            self.end_headers()
            return None
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(stat.st_size))
        self._validators(etag, int(stat.st_mtime))
        self.end_headers()
        return handle

    def _validators(self, etag: str, mtime: int) -> None:
        """ETag and Last-Modified in nginx's form, and the same freshness lifetime."""
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", formatdate(mtime, usegmt=True))
        self.send_header("Cache-Control", CACHE_CONTROL)

    def _not_modified(self, etag: str, mtime: int) -> bool:
        """RFC 9110 precedence: If-None-Match when present (weak comparison), else If-Modified-Since."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            wanted = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            return "*" in wanted or etag in wanted
        if_modified_since = self.headers.get("If-Modified-Since")
        if not if_modified_since:
            return False
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        return since.tzinfo is not None and mtime <= since.timestamp()


class FeedServer(ThreadingHTTPServer):
    """A threading HTTP server that skips the reverse-DNS lookup HTTPServer does when binding."""

    daemon_threads = True

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)


class FeedServer6(FeedServer):
    """The same on an IPv6 address."""

    address_family = socket.AF_INET6


def make_server(directory: Path, host: str, port: int) -> FeedServer:
    """A server for `directory` bound to host:port (port 0: any free port), not yet serving."""
    server_class = FeedServer6 if ":" in host else FeedServer
    handler = partial(FeedRequestHandler, directory=str(directory))
    return server_class((host, port), handler)


def server_url(server: FeedServer) -> str:
    """The URL a browser on this machine would use."""
    host, port = server.server_address[:2]
    host = str(host)
    if host in ("0.0.0.0", "::"):
        host = "localhost"
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def same_place(first: str, second: str) -> bool:
    """Whether two root URLs reach the same server and path, counting every loopback name as one."""
    def place(url: str) -> tuple[str, str, int | None, str]:
        parts = urlsplit(url)
        host = parts.hostname or ""
        host = "localhost" if host in _LOOPBACK else host
        return parts.scheme, host, parts.port or (443 if parts.scheme == "https" else 80), parts.path.rstrip("/")
    return place(first) == place(second)


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False

    def syntax(self) -> str:
        return "[--port 8000] [--bind 127.0.0.1] [--dir DIR]"

    def short_desc(self) -> str:
        return "Serve the feed directory locally for a quick look, with the nginx config's media types"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--port", type=int, default=8000, help="port to listen on; 0 for any free port")
        parser.add_argument("--bind", default="127.0.0.1", metavar="ADDRESS", help="address to listen on")
        parser.add_argument("--dir", default=None, metavar="DIR", help="directory to serve (default: NEWSFEEDS_DIR)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError("serve-feeds takes no arguments; pass the directory with --dir")
        if not 0 <= opts.port <= 65535:
            raise UsageError(f"--port {opts.port} is not a TCP port; use 1-65535, or 0 for any free port")
        assert self.settings is not None
        directory = Path(opts.dir or setting(self.settings, "NEWSFEEDS_DIR")).resolve()
        if not directory.is_dir():
            print(f"newsfeeds: feed directory {directory} does not exist; run a crawl (or `make demo`) first, "
                  "or pass --dir", file=sys.stderr)
            self.exitcode = EXIT_USAGE
            return
        try:
            server = make_server(directory, opts.bind, opts.port)
        except OSError as exc:
            print(f"newsfeeds: cannot listen on {opts.bind} port {opts.port}: {exc.strerror or exc}; "
                  "pass another --port or --bind", file=sys.stderr)
            self.exitcode = EXIT_ERROR
            return
        self.exitcode = serve(server, directory, setting(self.settings, "NEWSFEEDS_BASE_URL"))


def serve(server: FeedServer, directory: Path, base_url: str) -> int:
    """Serve until Ctrl-C (SIGINT) or SIGTERM, then release the port and return 0."""
    url = server_url(server)
    print(f"Serving {directory} at {url} (Ctrl-C to stop)", flush=True)
    if not same_place(base_url, url):
        print(f"Note: the feeds name {base_url} as their address (NEWSFEEDS_BASE_URL); "
              "links that use it will not point at this server.", flush=True)
    stopping = threading.Event()

    def stop(signum: int, frame: object) -> None:
        """Ask the serving loop to end (it checks twice a second) rather than raising wherever the
        main thread happens to be; shutdown() waits for the loop, so it runs in its own thread."""
        if not stopping.is_set():
            stopping.set()
            threading.Thread(target=server.shutdown, name="stop", daemon=True).start()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with server:
            server.serve_forever()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("Stopped.", flush=True)
    return 0
