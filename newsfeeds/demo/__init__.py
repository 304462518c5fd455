"""The bundled offline demo site: an imitation agency news site served from 127.0.0.1 for demos and tests."""

from newsfeeds.demo.articles import ARTICLES, SECTIONS, DemoArticle, article_path
from newsfeeds.demo.server import DemoServer
from newsfeeds.demo.site import DemoSite

__all__ = ["ARTICLES", "SECTIONS", "DemoArticle", "DemoServer", "DemoSite", "article_path"]
