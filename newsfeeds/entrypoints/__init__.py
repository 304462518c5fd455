"""Scrapy commands with hyphenated names (serve-feeds, write-feeds), registered as entry points in
pyproject.toml because Scrapy names the commands it finds in COMMANDS_MODULE after their module."""
