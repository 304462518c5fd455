"""Custom scrapy commands (COMMANDS_MODULE): crawl with exit codes and a lock, crawlall, and tools."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import NoReturn

from scrapy.settings import BaseSettings

from newsfeeds.config import data_path, setting
from newsfeeds.health import EXIT_LOCKED, EXIT_USAGE
from newsfeeds.patience import patiently_now
from newsfeeds.lock import LockedError, RunLock, lock_for
from newsfeeds.profiles import ProfileError
from newsfeeds.store import LocationError, SQLStore, StoreBusy, StoreError, database_errors, open_store, store_location


class CommandExit(Exception):
    """Stop a command with a message and an exit code, without a traceback."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def lock_dir(settings: BaseSettings) -> Path:
    return data_path(settings, "NEWSFEEDS_LOCK_DIR", "locks")


def site_lock(settings: BaseSettings, site: str, shared: bool = False) -> RunLock:
    """The run lock of one site (not yet acquired): an advisory lock in a PostgreSQL store, else a file."""
    return lock_for(store_location(settings), lock_dir(settings), site, shared)


def open_settings_store(settings: BaseSettings, readonly: bool = False) -> SQLStore:
    """The store NEWSFEEDS_DB names, waiting its turn (NEWSFEEDS_STORE_PATIENCE) if another process is
    upgrading or writing it."""
    location = store_location(settings)
    if readonly:
        return open_store(location, readonly=True)
    patience = float(setting(settings, "NEWSFEEDS_STORE_PATIENCE"))
    return patiently_now(lambda: open_store(location), patience, "opening the store")


@contextmanager
def run_lock(settings: BaseSettings, site: str, shared: bool = False) -> Iterator[RunLock]:
    """Hold a site's lock for the whole run, or exit at once with EXIT_LOCKED: runs of other sites
    are not in the way (`shared`: a backfill's processes hold it together)."""
    lock = site_lock(settings, site, shared)
    try:
        lock.acquire()
    except LockedError as exc:
        raise CommandExit(str(exc), EXIT_LOCKED) from None
    try:
        yield lock
    finally:
        lock.release()


def free_sites(settings: BaseSettings, sites: Iterable[str]) -> tuple[dict[str, RunLock], dict[str, str]]:
    """Take the lock of every site that no other run holds: (locks held, why each other site is busy)."""
    held: dict[str, RunLock] = {}
    busy: dict[str, str] = {}
    for site in sites:
        lock = site_lock(settings, site)
        try:
            lock.acquire()
        except LockedError as exc:
            busy[site] = str(exc)
        else:
            held[site] = lock
    return held, busy


CHECK_EVERY = timedelta(hours=24)
LEGACY_MARKER = "run_started_at"  # one marker for the whole store, before runs were per site


def run_marker(site: str) -> str:
    return f"run_started_at:{site}"


@contextmanager
def checked_store(settings: BaseSettings, sites: Iterable[str]) -> Iterator[None]:
    """Open the store before crawling, so an unusable database is one clear line, not a traceback.

    Opening reads the header and schema every run; the full integrity check (PRAGMA quick_check, which
    reads the whole file) runs once a day and after a run of one of these sites that did not finish
    (its marker is still there), not on every cron run (it grows with the store: 0.13 s at 5,000
    articles). Markers are per site: other sites' runs may be going on right now."""
    location = store_location(settings)
    now = datetime.now(timezone.utc)
    markers = [run_marker(site) for site in sites]
    patience = float(setting(settings, "NEWSFEEDS_STORE_PATIENCE"))
    store = open_settings_store(settings)
    try:
        checked = store.get_meta("integrity_checked_at")
        unfinished = any(store.get_meta(key) is not None for key in (*markers, LEGACY_MARKER))
        if unfinished or checked is None or now - datetime.fromisoformat(checked) >= CHECK_EVERY:
            store.check()
            store.set_meta("integrity_checked_at", now.isoformat())

        def mark() -> None:
            with store.transaction():
                store.delete_meta(LEGACY_MARKER)
                for key in markers:
                    store.set_meta(key, now.isoformat())
        patiently_now(mark, patience, "marking the run as started")
    except database_errors() as exc:
        raise StoreError(f"{location}: the database is damaged ({location.scrub(str(exc))}). Nothing was changed.") from None
    finally:
        store.close()
    yield
    store = open_settings_store(settings)
    try:
        def unmark() -> None:
            with store.transaction():
                for key in markers:
                    store.delete_meta(key)
        patiently_now(unmark, patience, "marking the run as finished")
    finally:
        store.close()


def quiet_logs(settings: BaseSettings | None, opts: argparse.Namespace) -> None:
    """For commands whose output is on stdout: Scrapy's INFO start-up logs off unless -L/--nolog says otherwise."""
    assert settings is not None
    if not opts.loglevel and not opts.nolog:
        settings.set("LOG_LEVEL", "WARNING", priority="cmdline")


def finish(code: int) -> NoReturn:
    """End a crawl command at once: its store is closed and its lock released by now, so after the
    logs are flushed nothing is left but the interpreter's teardown of Scrapy, Twisted and lxml,
    which took a fifth of an unchanged cron run."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


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
    except (StoreError, LocationError) as exc:
        print(f"newsfeeds: store error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StoreBusy as exc:
        print(f"newsfeeds: {exc}; nothing was lost, try again later", file=sys.stderr)
        return EXIT_LOCKED
