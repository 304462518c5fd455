"""Article extraction and normalization in worker processes.

Scrapy runs on one core; turning article HTML into clean fields is the CPU-heavy part of a crawl. With
more than one core, pages are decoded, extracted and normalized in worker processes — one round trip
per article — while the main process keeps downloading, so a CPU-bound crawl (a fast or local site)
is not limited to one core.

The pool talks to each worker over a socket pair that Scrapy's asyncio loop watches, with no helper
threads: concurrent.futures' process pool spends a manager and a feeder thread in the main process,
the very process that is short of CPU. A worker that dies costs nothing but speed: its calls, and all
later ones, run in the main process.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import pickle
import select
import signal
import socket
import struct
from collections.abc import Callable
from datetime import datetime
from itertools import count
from typing import TYPE_CHECKING, Any

from newsfeeds.encoding import decode_html
from newsfeeds.items import Article, ListingEntry
from newsfeeds.normalize import NormalizeRules, normalize_article
from newsfeeds.profiles import Profile

if TYPE_CHECKING:
    from newsfeeds.extract.article import ArticleFields

logger = logging.getLogger(__name__)
_profiles: dict[str, Profile] = {}  # in a worker: the profile of every site the pool has sent it
_rules: NormalizeRules | None = None
_HEADER = struct.Struct("!I")


def default_workers() -> int:
    """One worker per spare core, at most two; none on a single-core machine."""
    return max(0, min(2, (os.cpu_count() or 1) - 1))


def extract_fields(url: str, body: bytes, content_type: str, profile: Profile, now: datetime) -> ArticleFields:
    """Decode a page by its bytes and extract its fields: the one code path, pooled or not."""
    from newsfeeds.extract.article import ArticlePage  # here: a crawl process with workers never needs it

    text, _ = decode_html(body, content_type)
    return ArticlePage(url, text, profile, now=now).fields()


def read_article(site: str, url: str, body: bytes, content_type: str, profile: Profile, now: datetime,
                 sections: list[str], rules: NormalizeRules | None = None,
                 listing: ListingEntry | None = None, *, keep_untitled: bool = False) -> Article | None:
    """The article a fetched page holds, normalized when `rules` are given: the one reading path
    (bytes → text → fields → normalized) of a crawl, `scrapy extract` and the saved-page tests.
    None without a title (from the page, or the sitemap or feed that listed it), unless `keep_untitled`
    (extract reports such pages too)."""
    fields = extract_fields(url, body, content_type, profile, now)
    if not fields.title and not (listing and listing.title) and not keep_untitled:
        return None
    item = Article(
        site=site, url=fields.url, response_url=url, fetched_at=now,
        title=fields.title, published_candidates=fields.published, modified_candidates=fields.modified,
        tags=fields.tags, author=fields.author, section=fields.section, sections=sections,
        summary=fields.summary, body=fields.body, image=fields.image, sources=fields.sources, listing=listing,
    )
    if rules is not None:
        normalize_article(item, profile, rules, notes=item.notes)
        item.normalized = True
    return item


def worker_profile(site: str) -> Profile:
    """The profile of a site this worker process has been sent (ExtractionPool sends it before any call)."""
    try:
        return _profiles[site]
    except KeyError:
        raise LookupError(f"no profile for site {site!r} in this worker") from None


def _register(profile: Profile) -> None:
    _profiles[profile.name] = profile


def _read(site: str, url: str, body: bytes, content_type: str, now: datetime, sections: list[str],
          listing: ListingEntry | None = None) -> Article | None:
    return read_article(site, url, body, content_type, worker_profile(site), now, sections, _rules, listing)


def _serve(sock: socket.socket, rules: NormalizeRules) -> None:
    """A worker's life: answer calls until the pool says stop or goes away. Ctrl-C is the main
    process's to handle (Scrapy finishes its requests, which still need this worker)."""
    global _rules
    _rules = rules
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import newsfeeds.extract.article  # noqa: F401  loaded before the first page arrives
    sock.setblocking(True)
    with sock:
        while True:
            message = _receive(sock)
            if message is None:
                return
            call_id, fn, args = message
            try:
                reply = (call_id, True, fn(*args))
                data = pickle.dumps(reply, pickle.HIGHEST_PROTOCOL)
            except Exception as exc:  # the page's problem, reported to the caller like any error
                data = _error_reply(call_id, exc)
            sock.sendall(_HEADER.pack(len(data)) + data)


def _error_reply(call_id: int, exc: Exception) -> bytes:
    try:
        return pickle.dumps((call_id, False, exc), pickle.HIGHEST_PROTOCOL)
    except Exception:
        return pickle.dumps((call_id, False, RuntimeError(f"{type(exc).__name__}: {exc}")), pickle.HIGHEST_PROTOCOL)


def _receive(sock: socket.socket) -> Any:
    header = _exactly(sock, _HEADER.size)
    if header is None:
        return None
    data = _exactly(sock, _HEADER.unpack(header)[0])
    return None if data is None else pickle.loads(data)


def _exactly(sock: socket.socket, size: int) -> bytes | None:
    chunks, missing = [], size
    while missing:
        chunk = sock.recv(min(missing, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


class WorkerLost(RuntimeError):
    """A worker process died with this call in flight, and the call has no way to run here."""


class Call:
    """One call to a worker: its answer when it comes, and how to get the same answer here if the
    worker dies first."""

    def __init__(self, worker: _Worker, local: Callable[[], Any] | None, future: asyncio.Future[Any] | None) -> None:
        self.worker = worker
        self.local = local
        self.future = future
        self.done = False
        self.ok = False
        self.value: Any = None

    def settle(self, ok: bool, value: Any) -> None:
        self.done, self.ok, self.value = True, ok, value
        if self.future is not None and not self.future.done():
            if ok:
                self.future.set_result(value)
            else:
                self.future.set_exception(value)

    def run_here(self) -> None:
        if self.local is None:
            self.settle(False, WorkerLost("the worker process died"))
            return
        try:
            self.settle(True, self.local())
        except Exception as exc:
            self.settle(False, exc)

    def result(self) -> Any:
        """Wait for the answer without the event loop (the feed writer runs inside a loop callback)."""
        while not self.done:
            self.worker.pump(block=True)
        if not self.ok:
            raise self.value
        return self.value


class _Worker:
    """One worker process and the non-blocking socket the pool talks to it through."""

    def __init__(self, context: Any, rules: NormalizeRules) -> None:
        ours, theirs = socket.socketpair()
        self.process = context.Process(target=_serve, args=(theirs, rules), name="newsfeeds-worker", daemon=True)
        self.process.start()
        theirs.close()
        ours.setblocking(False)
        self.sock = ours
        self.calls: dict[int, Call] = {}
        self.profiles: dict[str, Profile] = {}  # what this worker has been sent, by site
        self.alive = True
        self._out = bytearray()
        self._in = bytearray()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._writing = False

    def send(self, call_id: int, call: Call, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        data = pickle.dumps((call_id, fn, args), pickle.HIGHEST_PROTOCOL)
        self.calls[call_id] = call
        self._out += _HEADER.pack(len(data))
        self._out += data
        self._flush()

    def watch(self, loop: asyncio.AbstractEventLoop) -> None:
        """Let the event loop deliver answers as they arrive."""
        if self._loop is not loop and self.alive:
            if self._loop is not None and not self._loop.is_closed():
                self._detach()
            self._loop, self._writing = loop, False
            loop.add_reader(self.sock, self.pump)

    def pump(self, block: bool = False) -> None:
        """Send what is queued and read what has arrived; with `block`, wait until one of them can."""
        if not self.alive:
            return
        if self._out:
            self._flush()
        if block and self.alive:
            readable, writable, _ = select.select([self.sock], [self.sock] if self._out else [], [], 1.0)
            if writable:
                self._flush()
            if not readable:
                if not self.process.is_alive():
                    self._lost()
                return
        try:
            chunk = self.sock.recv(1 << 20)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            chunk = b""
        if not chunk:
            self._lost()
            return
        self._in += chunk
        self._dispatch()

    def _dispatch(self) -> None:
        size = _HEADER.size
        while len(self._in) >= size:
            length = _HEADER.unpack_from(self._in)[0]
            if len(self._in) < size + length:
                return
            call_id, ok, value = pickle.loads(bytes(self._in[size:size + length]))
            del self._in[:size + length]
            call = self.calls.pop(call_id, None)
            if call is not None:
                call.settle(ok, value)

    def _flush(self) -> None:
        while self._out:
            try:
                sent = self.sock.send(self._out)
            except (BlockingIOError, InterruptedError):
                break
            except OSError:
                self._lost()
                return
            del self._out[:sent]
        wants = bool(self._out) and self._loop is not None
        if wants != self._writing and self._loop is not None:
            if wants:
                self._loop.add_writer(self.sock, self._flush)
            else:
                self._loop.remove_writer(self.sock)
            self._writing = wants

    def _lost(self) -> None:
        """The worker died (killed, out of memory): run what it had in this process instead."""
        if not self.alive:
            return
        self.alive = False
        logger.error("Worker process %s stopped (exit code %s); its pages are extracted in the main process",
                     self.process.pid, self.process.exitcode)
        self._detach()
        calls, self.calls = list(self.calls.values()), {}
        for call in calls:
            call.run_here()

    def _detach(self) -> None:
        if self._loop is not None:
            self._loop.remove_reader(self.sock)
            if self._writing:
                self._loop.remove_writer(self.sock)
            self._loop, self._writing = None, False

    def close(self) -> None:
        if self.alive:
            self.alive = False
            self._detach()
            try:
                self.sock.setblocking(True)
                self.sock.settimeout(5)
                if self._out:
                    self.sock.sendall(self._out)
                self.sock.shutdown(socket.SHUT_WR)  # end of calls: the worker's next read sees it and returns
                while self.sock.recv(1 << 16):  # unread answers must not leave it blocked in a send
                    pass
            except OSError:
                pass
        self.process.join(10)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)
        self.sock.close()


class ExtractionPool:
    """Worker processes that extract and normalize article pages for every site a process crawls:
    one pool per process, so thirty sites in one `crawlall` share two workers, not sixty."""

    def __init__(self, workers: int, rules: NormalizeRules) -> None:
        self.rules = rules
        self.size = workers
        self.workers: list[_Worker] = []
        self._ids = count()

    def _idlest(self) -> _Worker | None:
        if not self.workers and self.size:  # started at the first call: a run with nothing new starts none
            context = multiprocessing.get_context("spawn")
            self.workers = [_Worker(context, self.rules) for _ in range(self.size)]
        alive = [w for w in self.workers if w.alive]
        return min(alive, key=lambda w: len(w.calls)) if alive else None

    def _introduce(self, worker: _Worker, profile: Profile) -> None:
        """Send a site's profile to a worker once, ahead of the calls that need it (a socket keeps order)."""
        if worker.profiles.get(profile.name) is not profile:
            worker.profiles[profile.name] = profile
            worker.send(next(self._ids), Call(worker, None, None), _register, (profile,))

    def submit(self, fn: Callable[..., Any], *args: Any, local: Callable[[], Any] | None = None,
               profile: Profile | None = None) -> Call | None:
        """Start `fn(*args)` in the least busy worker (which knows `profile` by then); None when no
        worker is left."""
        worker = self._idlest()
        if worker is None:
            return None
        if profile is not None:
            self._introduce(worker, profile)
        call = Call(worker, local, None)
        worker.send(next(self._ids), call, fn, args)
        return call

    def poll(self) -> None:
        """Take in whatever answers have arrived, without waiting."""
        for worker in self.workers:
            worker.pump()

    async def run(self, fn: Callable[..., Any], *args: Any, local: Callable[[], Any], profile: Profile | None = None) -> Any:
        """`fn(*args)` in the least busy worker, awaited without blocking the event loop; `local()` here
        when no worker is left or the worker dies on the way."""
        worker = self._idlest()
        if worker is None:
            return local()
        loop = asyncio.get_running_loop()
        worker.watch(loop)
        if profile is not None:
            self._introduce(worker, profile)
        call = Call(worker, local, loop.create_future())
        worker.send(next(self._ids), call, fn, args)
        assert call.future is not None
        return await call.future

    async def article(self, profile: Profile, url: str, body: bytes, content_type: str, now: datetime,
                      sections: list[str], listing: ListingEntry | None = None) -> Article | None:
        site = profile.name

        def here() -> Article | None:
            return read_article(site, url, body, content_type, profile, now, sections, self.rules, listing)

        return await self.run(_read, site, url, body, content_type, now, sections, listing, local=here, profile=profile)

    def close(self) -> None:
        for worker in self.workers:
            worker.close()
