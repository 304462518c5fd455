"""RobotsTxtMiddleware that every waiting request obeys.

In Scrapy 2.19, requests that arrive while robots.txt is still being fetched all await one
Deferred; only the first gets the parser back, the others get None and go out unchecked. Once the
fetch is done the parser is in `_parsers`, so read it from there.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Request
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class ObeyingRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware without the race for requests queued behind the first fetch."""

    async def robot_parser(self, request: Request) -> RobotParser | None:
        parser = await super().robot_parser(request)
        if parser is not None:
            return parser
        settled = self._parsers.get(urlparse_cached(request).netloc)
        return None if isinstance(settled, Deferred) else settled
