"""`make demo`: serve the demo site, crawl it with the real indiablooms spider, summarize the feeds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from newsfeeds.demo.server import DemoServer


def project_root() -> Path:
    """The directory holding scrapy.cfg: the working tree this package was installed from, or cwd."""
    for candidate in (Path.cwd(), *Path(__file__).resolve().parents):
        if (candidate / "scrapy.cfg").exists():
            return candidate
    raise SystemExit("newsfeeds demo: no scrapy.cfg found; run it from the repository root")


def crawl_command(url: str, data_dir: Path, feeds_dir: Path, base_url: str) -> list[str]:
    """The exact command an operator would run, pointed at the demo server."""
    return [
        sys.executable, "-m", "scrapy", "crawl", "indiablooms", "-a", f"site_url={url}",
        "-s", f"NEWSFEEDS_DATA_DIR={data_dir}", "-s", f"NEWSFEEDS_DB={data_dir / 'newsfeeds.sqlite3'}",
        "-s", f"NEWSFEEDS_DIR={feeds_dir}", "-s", f"NEWSFEEDS_BASE_URL={base_url}",
        "-s", f"LOG_FILE={data_dir / 'crawl.log'}", "-s", "LOG_FILE_APPEND=False",
        # A local server needs no politeness delays.
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
    ]


def run(server: DemoServer, data_dir: Path, feeds_dir: Path, base_url: str) -> int:
    """Crawl the running demo server once and print what came out; returns the crawl's exit code."""
    root = project_root()
    data_dir = (root / data_dir).resolve()
    feeds_dir = (root / feeds_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    print(f"Demo site serving at {server.url}; crawling it with `scrapy crawl indiablooms` …", flush=True)
    code = subprocess.call(crawl_command(server.url, data_dir, feeds_dir, base_url), cwd=root)
    log = data_dir / "crawl.log"
    if code != 0:
        print(f"The crawl exited with code {code}. Last lines of {log}:", file=sys.stderr)
        if log.exists():
            print("\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:]), file=sys.stderr)
        return code
    report = json.loads((data_dir / "last-run.json").read_text(encoding="utf-8"))["indiablooms"]
    files = sorted(p for p in (feeds_dir / "indiablooms").rglob("*") if p.suffix in (".rss", ".atom", ".json", ".html"))
    articles = report["articles"]
    print(f"""
Crawled {server.url}: {report['requests']} requests in {report['seconds']:.1f} s;
  articles: {articles['new']} new, {articles['updated']} updated, {articles['skipped_known']} already known
  feeds: {len(files) // 4} feeds × RSS/Atom/JSON + page = {len(files)} files ({report['feeds']['files_written']} written this run)
  output: {feeds_dir}/index.html, feeds.opml, indiablooms/{{all,section/*,tag/*,author/*,custom/*}}.{{rss,atom,json,html}}
  e.g.:   {feeds_dir / 'indiablooms/custom/india-politics.html'} (custom), {feeds_dir / 'indiablooms/tag/russia.rss'}
  store:  {data_dir / 'newsfeeds.sqlite3'}   log: {log}
Serve the feeds:  make serve   (then open {base_url})""")
    return 0
