"""How newsfeeds is wired: read this file to see what runs, in what order, with which settings.

Every NEWSFEEDS_* setting can be overridden per run with `-s NAME=value` or the environment
(`SCRAPY_NEWSFEEDS_DIR=...` style is not used; use -s).
"""

from newsfeeds.egg import profiles_dir

BOT_NAME = "newsfeeds"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
COMMANDS_MODULE = "newsfeeds.commands"

# --- Politeness: we crawl other people's sites, unattended -----------------------------------------
# Say who you are: site operators look for a contact address in the User-Agent.
USER_AGENT = "newsfeeds/0.1 (news feed generator; respects robots.txt)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2     # a site's robots.txt Crawl-delay lowers it to 1
CONCURRENT_ITEMS = 10            # our pipelines are synchronous; Scrapy spawns this many workers per response
# Responses waiting for extraction hold their parse state too: when extraction lags the downloads (a busy
# machine), Scrapy's default 5 MB of such responses grew a big crawl's memory by some 70 MB. 1 MB still
# keeps every extraction worker fed.
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 1_000_000
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
RETRY_TIMES = 2
# 429 and 503 are not retried at once by Scrapy's RetryMiddleware: BackoffMiddleware pauses the whole
# site for the Retry-After the server asks (NEWSFEEDS_MAX_RETRY_AFTER at most), then retries.
RETRY_HTTP_CODES = [500, 502, 504, 522, 524, 408]
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024      # a news page is never this big; a hostile one may be
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
METAREFRESH_ENABLED = False      # a <meta http-equiv=refresh> in a story must not replace the story
# Keep DOWNLOAD_DELAY above 0: Scrapy ignores CONCURRENT_REQUESTS_PER_DOMAIN when it is 0.
DOWNLOADER_MIDDLEWARES = {
    # First in, last out: conditional listing requests, and failed articles remembered for the next run.
    "newsfeeds.middlewares.incremental.IncrementalMiddleware": 40,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newsfeeds.middlewares.robots.ObeyingRobotsTxtMiddleware": 100,     # also applies Crawl-delay
    "newsfeeds.middlewares.politeness.BackoffMiddleware": 560,           # sees responses before RetryMiddleware
    # Off by the settings above anyway (COOKIES_ENABLED, METAREFRESH_ENABLED); listed as None so that
    # none of the thirty crawlers of a crawlall builds them only to be told NotConfigured.
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
}
TELNETCONSOLE_ENABLED = False
# Web pages only: no file://, data:, ftp:// or s3:// fetches, whatever a page links to or redirects to
# (and four handler modules fewer to import on every cron run).
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}
LOG_LEVEL = "INFO"
# A development aid that reads each callback's source with inspect and ast; its cache is keyed on bound
# methods, so it re-parses parse_listing again and again (a seventh of an unchanged 30-site crawlall).
WARN_ON_GENERATOR_RETURN_VALUE = False

# --- The pipeline: what reading noticed, then deduplicate, then store (one job each) ----------------
# Articles arrive normalized (newsfeeds.workers.read_article); the store pipeline makes every write.
ITEM_PIPELINES = {
    "newsfeeds.pipelines.notes.NotesPipeline": 100,
    "newsfeeds.pipelines.dedupe.DedupePipeline": 200,
    "newsfeeds.pipelines.store.StorePipeline": 300,
}

# --- Around the crawl: feeds are written from the store when a healthy run ends; then the report ----
EXTENSIONS = {
    "newsfeeds.frontier.Frontier": 490,     # the crawl's frontier in the store: resumable walks, bounded queue
    "newsfeeds.extensions.feeds.FeedsOnClose": 500,
    "newsfeeds.extensions.report.RunReport": 510,
    "newsfeeds.extensions.history.SiteHistory": 520,   # health history, index.html's site table, alerts
    # Scrapy extensions a cron job never uses, off so a run neither builds nor imports them
    # (RemoteControl's module imports aiohttp's web server; we write our own feeds, not Scrapy's FEEDS).
    "scrapy.extensions.remote_control.RemoteControl": None,
    "scrapy.extensions.feedexport.FeedExporter": None,
    "scrapy.extensions.telnet.TelnetConsole": None,
    "scrapy.extensions.memdebug.MemoryDebugger": None,
    "scrapy.extensions.spiderstate.SpiderState": None,   # only for JOBDIR, which newsfeeds does not use
}

# --- Our settings (defaults live in newsfeeds/config.py; these are the ones worth reading) ----------
NEWSFEEDS_DATA_DIR = "data"                          # store, lock and run report live here
NEWSFEEDS_DB = "data/newsfeeds.sqlite3"              # the store: a SQLite path, or postgresql://user@host/dbname
NEWSFEEDS_DIR = "feeds"                              # static output served by the web server
NEWSFEEDS_BASE_URL = "http://localhost:8000/"        # where NEWSFEEDS_DIR is served (self links)
NEWSFEEDS_MAX_ITEMS = 50                             # items per feed
NEWSFEEDS_PROFILES_DIR = profiles_dir(__file__)      # profiles available by name: "sites", or the Scrapyd egg's own
NEWSFEEDS_MAX_MISSING_RATIO = 0.5                    # unhealthy above this share of articles without title/date
