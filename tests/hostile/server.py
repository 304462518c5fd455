"""A misbehaving local web server: it serves hostile pages and faults (stalls, resets, truncated bodies,
endless streams), remembers every request it saw, and can be healed so a later run finds good pages."""

from __future__ import annotations

import select
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

HTML = "text/html; charset=utf-8"
STALL_LIMIT = 60.0


@dataclass(frozen=True)
class Reply:
    """One response, or one way of failing to give it."""

    status: int = 200
    body: bytes = b""
    content_type: str | None = HTML
    headers: tuple[tuple[str, str], ...] = ()
    fault: str = ""  # "" | "reset" | "stall" | "truncate" | "stream"


@dataclass(frozen=True)
class Seen:
    """A request as the server received it."""

    host: str
    path: str
    user_agent: str
    at: float


Route = Callable[["Visit"], Reply]


@dataclass
class Visit:
    """What a route knows when it answers: the request, how often the path was asked for, the server."""

    path: str
    attempt: int
    server: HostileServer


@dataclass
class Site:
    """A URL space: exact paths mapped to routes; anything else is a 404."""

    routes: dict[str, Route] = field(default_factory=dict)

    def add(self, path: str, route: Route | Reply) -> None:
        self.routes[path] = route if callable(route) else _constant(route)


def _constant(reply: Reply) -> Route:
    return lambda visit: reply


class _HTTPServer(ThreadingHTTPServer):
    """Threaded server that skips reverse DNS and stays quiet about clients that hang up."""

    daemon_threads = True
    block_on_close = False
    owner: HostileServer

    def server_bind(self) -> None:
        """Bind without HTTPServer's getfqdn(), which can stall in sandboxes."""
        import socketserver

        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Client resets are the point of this server, not a problem."""


class _Handler(BaseHTTPRequestHandler):
    """Looks the path up in the site and acts out the reply, faults included."""

    server: _HTTPServer
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are kept in `HostileServer.requests`, not printed."""

    def do_GET(self) -> None:
        self._answer(self.server.owner, send_body=True)

    def do_HEAD(self) -> None:
        self._answer(self.server.owner, send_body=False)

    def _answer(self, owner: HostileServer, send_body: bool) -> None:
        path = urlsplit(self.path).path or "/"
        attempt = owner._record(Seen(self.headers.get("Host", ""), self.path, self.headers.get("User-Agent", ""),
                                     time.monotonic()))
        route = owner.site.routes.get(path)
        reply = route(Visit(path, attempt, owner)) if route else Reply(404, b"<html><body><h1>Not here</h1></body>")
        if reply.fault == "reset":
            self._reset()
            return
        if reply.fault == "stall":
            owner._stall(self.connection)
            self._reset()
            return
        if not reply.fault:
            owner._enter()
            try:
                time.sleep(owner.latency)
                self._send(reply, send_body)
            finally:
                owner._leave()
            return
        self._send(reply, send_body)

    def _send(self, reply: Reply, send_body: bool) -> None:
        self.send_response(reply.status)
        if reply.content_type:
            self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers:
            self.send_header(name, value)
        if reply.fault == "truncate":
            self.send_header("Content-Length", str(len(reply.body) * 10))
        elif reply.fault != "stream":
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if not send_body:
            return
        try:
            if reply.fault == "stream":
                for _ in range(40):
                    self.wfile.write(reply.body)
            else:
                self.wfile.write(reply.body)
        except OSError:
            pass
        if reply.fault == "truncate":
            self._reset()

    def _reset(self) -> None:
        """Close with RST instead of FIN: what a crashing upstream or a middlebox does."""
        try:
            self.wfile.flush()
        except OSError:
            pass
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True


class HostileServer:
    """A site on a local address in a background thread; use as a context manager in tests.

    `max_in_flight` counts ordinary responses being served at once (each held for `latency` seconds),
    which is how many requests the crawler had open to this host at that moment at least."""

    def __init__(self, site: Site, host: str = "127.0.0.1", latency: float = 0.0) -> None:
        self.site = site
        self.host = host
        self.requests: list[Seen] = []
        self.healed = False
        self.latency = latency
        self.max_in_flight = 0
        self._in_flight = 0
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._httpd = _HTTPServer((host, 0), _Handler)
        self._httpd.owner = self
        self.port = int(self._httpd.server_address[1])
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    def paths(self) -> list[str]:
        """Every requested path (with query), in arrival order."""
        with self._lock:
            return [seen.path for seen in self.requests]

    def count(self, path: str) -> int:
        return sum(1 for p in self.paths() if urlsplit(p).path == path)

    def heal(self) -> None:
        """From now on, fault routes serve their good page and stalled requests are let go."""
        self.healed = True
        self._release.set()

    def release(self) -> None:
        """Let every stalled request go (they end with a reset)."""
        self._release.set()

    def forget(self) -> None:
        """Start a fresh request log, e.g. before a second crawl."""
        with self._lock:
            self.requests.clear()
            self.max_in_flight = 0

    def __enter__(self) -> HostileServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, name=f"hostile:{self.port}", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._release.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join()

    def _record(self, seen: Seen) -> int:
        path = urlsplit(seen.path).path
        with self._lock:
            self.requests.append(seen)
            self._counts[path] = self._counts.get(path, 0) + 1
            return self._counts[path]

    def _enter(self) -> None:
        with self._lock:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _stall(self, connection: socket.socket) -> None:
        """Hold the request until released, the client gives up, or a minute passes."""
        deadline = time.monotonic() + STALL_LIMIT
        while not self._release.is_set() and time.monotonic() < deadline:
            readable, _, _ = select.select([connection], [], [], 0.05)
            if readable:
                try:
                    if not connection.recv(1, socket.MSG_PEEK):
                        return
                except OSError:
                    return
                time.sleep(0.05)
