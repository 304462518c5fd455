"""Downloader middlewares that Scrapy's defaults need from a feed crawler."""
