"""Serve the synthetic site on 127.0.0.1 with a real web server: nginx when installed, else Python's.

nginx answers conditional GETs for static files natively (ETag and Last-Modified from the file), so
the incremental crawl is measured against the validators a production server would send. Every
request is logged, so the benchmark can count what each run asked for from the server's side.
"""

from __future__ import annotations

import email.utils
import os
import shutil
import socket
import subprocess
import threading
import time
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from newsfeeds.redisserver import terminate

NGINX_CONF = """\
daemon off;
worker_processes 1;
{user}
error_log {work}/error.log warn;
pid {work}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
    types {{ text/html html; text/plain txt; }}
    default_type application/octet-stream;
    log_format bench '$request_method $request_uri $status';
    access_log {work}/access.log bench;
    client_body_temp_path {work}/client_body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    etag on;
    if_modified_since exact;
{servers}}}
"""
SERVER_BLOCK = """\
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ try_files $uri/index.html $uri =404; }}
    }}
"""


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class WebServer:
    """A static server for `root` on a fixed local port (and each of `more` roots on its own port);
    a context manager that always stops it."""

    def __init__(self, root: Path, work: Path, port: int, prefer_nginx: bool = True,
                 more: dict[int, Path] | None = None) -> None:
        self.root = root
        self.work = work
        self.port = port
        self.roots = {port: root, **(more or {})}
        self.nginx = shutil.which("nginx") if prefer_nginx else None
        self.process: subprocess.Popen[bytes] | None = None
        self.httpds: list[ThreadingHTTPServer] = []
        self.log_path = work / "access.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def name(self) -> str:
        if self.nginx:
            version = subprocess.run([self.nginx, "-v"], capture_output=True, text=True).stderr.strip()
            return version.removeprefix("nginx version: ") or "nginx"
        reason = "nginx not installed" if shutil.which("nginx") is None else "--python-server"
        return f"Python ThreadingHTTPServer ({reason})"

    def __enter__(self) -> WebServer:
        self.work.mkdir(parents=True, exist_ok=True)
        self.log_path.touch()
        if self.nginx:
            self._start_nginx()
        else:
            self._start_python()
        self._wait_ready()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def _start_nginx(self) -> None:
        user = "user root;" if os.geteuid() == 0 else ""
        conf = self.work / "nginx.conf"
        servers = "".join(SERVER_BLOCK.format(port=port, root=root) for port, root in self.roots.items())
        conf.write_text(NGINX_CONF.format(user=user, work=self.work, servers=servers))
        self.process = subprocess.Popen([self.nginx or "nginx", "-e", str(self.work / "error.log"), "-p", str(self.work),
                                         "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def _start_python(self) -> None:
        log, lock = self.log_path, threading.Lock()
        for port, root in self.roots.items():
            handler = type("Handler", (_StaticHandler,), {"directory_root": root, "log_file": log, "log_lock": lock})
            httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
            httpd.daemon_threads = True
            threading.Thread(target=httpd.serve_forever, daemon=True).start()
            self.httpds.append(httpd)

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 10
        waiting = set(self.roots)
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                error = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"nginx exited at once: {error or (self.work / 'error.log').read_text()}")
            for port in sorted(waiting):
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                        waiting.discard(port)
                except OSError:
                    pass
            if not waiting:
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the web server did not listen on ports {sorted(waiting)} within 10 s")

    def stop(self) -> None:
        if self.process is not None:
            terminate(self.process)
            self.process = None
        for httpd in self.httpds:
            httpd.shutdown()
            httpd.server_close()
        self.httpds = []

    def log_mark(self) -> int:
        """A position in the access log; requests after it belong to the next run."""
        return self.log_path.stat().st_size

    def requests_since(self, mark: int) -> list[tuple[str, str, int]]:
        """(method, path, status) of every request logged after `mark`."""
        time.sleep(0.2)  # nginx writes its access log unbuffered, but let the last line land
        with self.log_path.open("rb") as log:
            log.seek(mark)
            lines = log.read().decode("utf-8", "replace").splitlines()
        entries = []
        for line in lines:
            parts = line.split(" ")
            if len(parts) == 3 and parts[2].isdigit():
                entries.append((parts[0], parts[1], int(parts[2])))
        return entries


class _StaticHandler(SimpleHTTPRequestHandler):
    """Directories served as their index.html without a redirect, with ETag and Last-Modified."""

    directory_root: Path
    log_file: Path
    log_lock: threading.Lock
    protocol_version = "HTTP/1.1"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(self.directory_root), **kwargs)

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        stat = path.stat()
        etag = f'"{int(stat.st_mtime):x}-{stat.st_size:x}"'
        modified = email.utils.formatdate(int(stat.st_mtime), usegmt=True)
        if self.headers.get("If-None-Match") == etag or (
                "If-None-Match" not in self.headers and self.headers.get("If-Modified-Since") == modified):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        handle = path.open("rb")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/plain" if path.suffix == ".txt" else "text/html")
        self.send_header("Content-Length", str(stat.st_size))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        self.end_headers()
        return handle

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        status = code.value if isinstance(code, HTTPStatus) else code
        with self.log_lock, self.log_file.open("a", encoding="utf-8") as log:
            log.write(f"{self.command} {self.path} {status}\n")

    def log_message(self, format: str, *args: Any) -> None:
        return
