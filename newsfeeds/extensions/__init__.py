"""Scrapy extensions: what happens around a crawl rather than per item (feeds, reports)."""
