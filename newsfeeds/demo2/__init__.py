"""The second demo site, the Lakeside Courier: a WordPress-style newspaper served on 127.0.0.1, so a
profile with no selectors at all can be shown (and tested) to crawl a site unlike the first demo."""

from newsfeeds.demo2.posts import CATEGORIES, POSTS, SITE_NAME, ZURICH, Post
from newsfeeds.demo2.server import CourierServer

__all__ = ["CATEGORIES", "POSTS", "SITE_NAME", "ZURICH", "CourierServer", "Post"]
