"""A private, throwaway Redis server on a free port of 127.0.0.1 (no persistence, a temporary working
directory), started from the system's `redis-server` by the test suite and the cluster benchmark, so
neither depends on (or touches) a server someone else runs."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

from newsfeeds.pgserver import free_port


def find_redis() -> str | None:
    return shutil.which("redis-server") or ("/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None)


def terminate(process: subprocess.Popen[bytes]) -> None:
    """Stop a server process: politely, then (after 10 s) for good."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class LocalRedis:
    """One redis-server process; `url` reaches its database 0."""

    def __init__(self, binary: str | None = None) -> None:
        found = binary or find_redis()
        if found is None:
            raise FileNotFoundError("redis-server was not found (apt-get install redis-server)")
        self.binary = found
        self.port = 0
        self.root = Path()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> LocalRedis:
        import redis

        self.root = Path(tempfile.mkdtemp(prefix="newsfeeds-redis-"))
        self.port = free_port()
        self.process = subprocess.Popen(
            [self.binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(self.root), "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while True:
            try:
                redis.Redis.from_url(self.url).ping()
                return self
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"redis-server did not start on port {self.port}") from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            terminate(self.process)
            self.process = None
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> LocalRedis:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
