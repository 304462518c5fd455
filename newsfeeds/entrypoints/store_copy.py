"""`scrapy store-copy SRC DST`: copy a whole store into another, e.g. the SQLite file into a PostgreSQL
database when moving to a shared store. Lossless and resumable (newsfeeds.store.copy)."""

from __future__ import annotations

import argparse

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsfeeds.commands import CommandExit, guarded, lock_dir
from newsfeeds.config import setting
from newsfeeds.health import EXIT_LOCKED, EXIT_OK
from newsfeeds.lock import LockedError, RunLock, lock_for
from newsfeeds.patience import patiently_now
from newsfeeds.store import open_store, parse_location
from newsfeeds.store.copy import copy_store


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "SRC DST [--batch N]"

    def short_desc(self) -> str:
        return "Copy a whole store into another (e.g. SQLite into PostgreSQL); run it again to resume"

    def long_desc(self) -> str:
        return ("SRC and DST are what NEWSFEEDS_DB accepts: a path, sqlite:///path or postgresql://user@host/dbname. "
                "DST must be empty (or a copy of SRC that was interrupted: it resumes). Every site's run lock on SRC "
                "is held meanwhile, so crawls of SRC wait; stop cron until the copy is done, then point NEWSFEEDS_DB "
                "at DST. Exit 0 when the copy is complete and verified, 2 on an error, 75 when a run holds a lock.")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--batch", type=int, default=1000, help="rows per committed batch (default 1000)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 2:
            raise UsageError("give the source and the target store, e.g. scrapy store-copy data/newsfeeds.sqlite3 "
                             "postgresql://newsfeeds@dbhost/newsfeeds")
        self.exitcode = guarded(lambda: self._run(args[0], args[1], max(1, opts.batch)))

    def _run(self, src: str, dst: str, batch: int) -> int:
        assert self.settings is not None
        source_at, target_at = parse_location(src), parse_location(dst)
        if source_at.identity == target_at.identity:
            raise UsageError("the source and the target are the same store")
        patience = float(setting(self.settings, "NEWSFEEDS_STORE_PATIENCE"))
        source = patiently_now(lambda: open_store(source_at), patience, "opening the source store")
        locks: list[RunLock] = []
        try:
            for site in sorted({*source.sites(), *(h.site for h in source.site_health())}):
                lock = lock_for(source_at, lock_dir(self.settings), site)
                try:
                    lock.acquire()
                except LockedError as exc:
                    raise CommandExit(str(exc), EXIT_LOCKED) from None
                locks.append(lock)
            target = patiently_now(lambda: open_store(target_at), patience, "opening the target store")
            try:
                report = copy_store(source, target, batch, progress=lambda line: print(line, flush=True))
            finally:
                target.close()
        finally:
            for lock in locks:
                lock.release()
            source.close()
        if report.already:
            print(f"{target_at} already holds a complete copy of {source_at}; nothing to do")
            return EXIT_OK
        for table, rows in report.total.items():
            print(f"{table}: {rows} rows" + (f" ({report.copied[table]} copied by this run)"
                                             if report.resumed and table in report.copied else ""))
        print(f"Copied {source_at} into {target_at}" + (" (resumed)" if report.resumed else "")
              + "; every table verified. Set NEWSFEEDS_DB to the new store.")
        return EXIT_OK
