"""Custom scrapy commands (COMMANDS_MODULE): crawl with exit codes and a lock, crawlall, and tools."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from scrapy.settings import BaseSettings

from newsfeeds.config import data_path
from newsfeeds.health import EXIT_LOCKED, EXIT_USAGE
from newsfeeds.lock import LockedError, RunLock
from newsfeeds.profiles import ProfileError
from newsfeeds.store import SQLiteStore, StoreError


class CommandExit(Exception):
    """Stop a command with a message and an exit code, without a traceback."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


@contextmanager
def run_lock(settings: BaseSettings) -> Iterator[None]:
    """Hold the data directory's lock for the whole run, or exit at once with EXIT_LOCKED."""
    lock = RunLock(data_path(settings, "NEWSFEEDS_LOCK", "newsfeeds.lock"))
    try:
        lock.acquire()
    except LockedError as exc:
        raise CommandExit(str(exc), EXIT_LOCKED) from None
    try:
        yield
    finally:
        lock.release()


def check_store(settings: BaseSettings) -> None:
    """Open the store once before crawling, so an unusable database is one clear line, not a traceback."""
    store = SQLiteStore(data_path(settings, "NEWSFEEDS_DB", "newsfeeds.sqlite3"))
    try:
        store.check()
    finally:
        store.db.close()


def guarded(run: Callable[[], int]) -> int:
    """Run a command body, turning user-fixable errors into one clear line and an exit code."""
    try:
        return run()
    except CommandExit as exc:
        print(f"newsfeeds: {exc}", file=sys.stderr)
        return exc.code
    except ProfileError as exc:
        print(f"newsfeeds: profile error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as exc:
        print(f"newsfeeds: store error: {exc}", file=sys.stderr)
        return EXIT_USAGE
