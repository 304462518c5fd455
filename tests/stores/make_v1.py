"""How tests/stores/v1.sqlite3 was made: with newsfeeds as it was before schema versions were counted
(commit 3eec7c1), so the upgrade test opens a store exactly as that version left it.

    git archive 3eec7c1 newsfeeds | tar -x -C /tmp/v1src
    PYTHONPATH=/tmp/v1src python tests/stores/make_v1.py tests/stores/v1.sqlite3
"""

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from newsfeeds.store import ArticleInput, CustomFeedState, SQLiteStore

target = Path(sys.argv[1])
target.unlink(missing_ok=True)
store = SQLiteStore(target)
now = datetime(2026, 11, 20, 6, 0, tzinfo=timezone.utc)
zone = ZoneInfo("Asia/Kolkata")
store.register_sections("harbour", [("local", "Local", "http://harbour.test/local/"), ("port", "Port", "http://harbour.test/port/")])
for n in range(12):
    store.save_article(ArticleInput(
        site="harbour", key=f"//harbour.test/story/{n}", url=f"http://harbour.test/story/{n}", title=f"Harbour story {n}",
        author="Asha Rao and Tom Field" if n % 3 == 0 else None, summary=f"Summary {n}", body=f"<p>Body of story {n}.</p>",
        published=now - timedelta(hours=5 * n) if n % 4 else (now - timedelta(days=n)).date(),
        tags=("Ferries", f"Topic {n % 3}"), sections=("local",) if n % 2 else ("local", "port"),
        authors=("Asha Rao", "Tom Field") if n % 3 == 0 else ()), now, zone)
store.save_validators([("http://harbour.test/local/", '"v1-etag"', "Fri, 20 Nov 2026 06:00:00 GMT")], now)
store.add_pending("harbour", "http://harbour.test/story/late", ["local"], "HTTP 503", now)
store.save_custom_feed_state(CustomFeedState("harbour", "ferries-only", "Ferries only", "f" * 16, 5, now.isoformat(), None))
store.record_run("harbour", True, "ok", 12, now)
store.set_meta("feeds_config:harbour", "unchanged-config")
store.mark_clean("harbour", [(k, s) for k, s, _ in store.all_feeds("harbour")])
store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
store.db.close()
print(target, target.stat().st_size)
