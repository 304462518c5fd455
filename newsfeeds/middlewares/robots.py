"""RobotsTxtMiddleware that every waiting request obeys, Crawl-delay included.

In Scrapy 2.19, requests that arrive while robots.txt is still being fetched all await one
Deferred; only the first gets the parser back, the others get None and go out unchecked. Once the
fetch is done the parser is in `_parsers`, so read it from there. Scrapy reads robots.txt's
Crawl-delay but does not apply it; here it becomes the site's minimum delay (SitePace).
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Request
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from newsfeeds.middlewares.politeness import SitePace

logger = logging.getLogger(__name__)


class ObeyingRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware without the race for requests queued behind the first fetch,
    applying the site's Crawl-delay."""

    _paced: set[str]

    async def robot_parser(self, request: Request) -> RobotParser | None:
        parser = await super().robot_parser(request)
        netloc = urlparse_cached(request).netloc
        if parser is None:
            settled = self._parsers.get(netloc)
            parser = None if isinstance(settled, Deferred) else settled
        if parser is not None and netloc not in self.__dict__.setdefault("_paced", set()):
            self._paced.add(netloc)
            agent = self._robotstxt_useragent or request.headers.get(b"User-Agent") or self._default_useragent
            delay = parser.crawl_delay(agent)
            if delay:
                logger.info("%s asks for a Crawl-delay of %g s; keeping to it", netloc, delay)
                SitePace.of(self.crawler).set_floor(request, float(delay))
        return parser
