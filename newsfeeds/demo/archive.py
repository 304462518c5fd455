"""A large generated news archive on a local port: thousands of articles in a few sections, every page
made on request (nothing on disk), each request logged, an optional latency per request like a real
network's. The interrupted-crawl and backfill tests and the cluster benchmark crawl it.

URL map: `/robots.txt`; `/<section>/` a listing of PER_PAGE stories, newest first, `rel=next` to
`/<section>/page/<n>/`; `/<section>/story-<i>.html` story `i` (0 is the newest), with JSON-LD.
Listings answer `If-None-Match` with 304, as a production server does for unchanged pages.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import threading
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

PER_PAGE = 20
SECTIONS = ("world", "business", "science")
NEWEST = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
_STORY = re.compile(r"^/([a-z]+)/story-(\d+)\.html$")
_LISTING = re.compile(r"^/([a-z]+)/(?:page/(\d+)/)?$")
_WORDS = ("council", "harbour", "budget", "river", "school", "festival", "market", "bridge", "court", "grid",
          "rail", "farm", "clinic", "port", "museum", "league", "summit", "storm", "library", "tram")


class ArchiveSite:
    """`count` stories spread over `sections` in turn; story 0 is the newest, ten minutes apart."""

    def __init__(self, count: int, sections: tuple[str, ...] = SECTIONS) -> None:
        self.count = count
        self.sections = sections

    def section_of(self, story: int) -> str:
        return self.sections[story % len(self.sections)]

    def path_of(self, story: int) -> str:
        return f"/{self.section_of(story)}/story-{story}.html"

    def paths(self) -> list[str]:
        """Every story's path: what a complete crawl must have stored."""
        return [self.path_of(i) for i in range(self.count)]

    def stories_in(self, section: str) -> range:
        first = self.sections.index(section)
        return range(first, self.count, len(self.sections))

    def pages(self, section: str) -> int:
        return max(1, -(-len(self.stories_in(section)) // PER_PAGE))

    def listing(self, section: str, page: int) -> str | None:
        stories = self.stories_in(section)[(page - 1) * PER_PAGE:page * PER_PAGE]
        if page < 1 or (page > 1 and not stories):
            return None
        items = "\n".join(f'<li><a href="{self.path_of(i)}">{escape(self.title(i))}</a></li>' for i in stories)
        following = (f'<a rel="next" href="/{section}/page/{page + 1}/">Older stories</a>'
                     if page < self.pages(section) else "")
        return (f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{section.title()} - page {page}"
                f"</title></head><body><h1>{section.title()}</h1><ul class=stories>\n{items}\n</ul>"
                f"<nav>{following}</nav></body></html>")

    def title(self, story: int) -> str:
        words = [_WORDS[(story * 7 + k * 3) % len(_WORDS)] for k in range(4)]
        return f"{' '.join(words).capitalize()} report number {story}"

    def story(self, section: str, story: int) -> str | None:
        if story >= self.count or self.section_of(story) != section:
            return None
        published = NEWEST - timedelta(minutes=10 * story)
        meta = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": self.title(story),
                           "datePublished": published.isoformat(), "articleSection": section.title()})
        paragraphs = "".join(
            f"<p>{' '.join(_WORDS[(story + k + j) % len(_WORDS)] for j in range(24)).capitalize()}, said the "
            f"{section} desk in its report number {story}, paragraph {k + 1}.</p>" for k in range(4))
        return (f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{escape(self.title(story))}</title>"
                f'<script type="application/ld+json">{meta}</script></head><body><article>'
                f"<h1>{escape(self.title(story))}</h1>{paragraphs}</article></body></html>")

    def profile(self, origin: str, name: str = "archive", max_pages: int | None = None) -> str:
        """The site's profile (TOML) for a crawl of it at `origin`."""
        origin = origin.rstrip("/") + "/"
        sections = "".join(f'\n[[sections]]\nname = "{s.title()}"\nurl = "{origin}{s}/"\n' for s in self.sections)
        pages = max_pages or max(self.pages(s) for s in self.sections) + 1
        return (f'name = "{name}"\ntitle = "The Archive"\nurl = "{origin}"\ntimezone = "UTC"\nlanguage = "en"\n'
                f'allowed_domains = ["127.0.0.1"]\n{sections}\n[links]\npattern = [\'^/[a-z]+/story-\\d+\\.html$\']\n'
                f"max_pages = {pages}\n")


class ArchiveServer:
    """The archive on 127.0.0.1 in a background thread (a context manager), logging every request as
    (path, status); `latency` seconds are slept before each answer."""

    def __init__(self, site: ArchiveSite, latency: float = 0.0, port: int = 0) -> None:
        self.site = site
        self.latency = latency
        self.log: list[tuple[str, int]] = []
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", port), _Handler)
        self._httpd.archive = self
        self._thread: threading.Thread | None = None
        self.port = int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def write_profile(self, directory: Path, name: str = "archive", max_pages: int | None = None) -> Path:
        path = directory / f"{name}.toml"
        directory.mkdir(parents=True, exist_ok=True)
        path.write_text(self.site.profile(self.url, name, max_pages), encoding="utf-8")
        return path

    def fetches(self) -> Counter[str]:
        """How often each story was answered with its page (200)."""
        with self._lock:
            return Counter(path for path, status in self.log if status == 200 and _STORY.match(path))

    def requests(self) -> list[tuple[str, int]]:
        with self._lock:
            return list(self.log)

    def answered(self, path: str, status: int) -> None:
        with self._lock:
            self.log.append((path, status))

    def __enter__(self) -> ArchiveServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, name=f"archive:{self.port}", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._httpd.shutdown()
        if self._thread is not None:
            self._thread.join()
        self._httpd.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    archive: ArchiveServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up (a killed crawl) is no error of the site's."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are logged in the server's own list, not on stderr."""

    def do_GET(self) -> None:
        archive = self.server.archive
        if archive.latency:
            time.sleep(archive.latency)
        path = self.path.split("?", 1)[0]
        site = archive.site
        body: str | None = None
        if path == "/robots.txt":
            body, kind = "User-agent: *\nAllow: /\n", "text/plain"
        elif (story := _STORY.match(path)) is not None:
            body, kind = site.story(story[1], int(story[2])), "text/html"
        elif (listing := _LISTING.match(path)) is not None and listing[1] in site.sections:
            body, kind = site.listing(listing[1], int(listing[2] or 1)), "text/html"
        if body is None:
            self._send(404, b"not found", "text/plain")
            archive.answered(path, 404)
            return
        data = body.encode("utf-8")
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self._send(304, b"", kind, etag)
            archive.answered(path, 304)
            return
        self._send(200, data, kind, etag)
        archive.answered(path, 200)

    def _send(self, status: int, data: bytes, kind: str, etag: str | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            if etag:
                self.send_header("ETag", etag)
            if status != 304:
                self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if status != 304:
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            pass
