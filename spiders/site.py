"""Any site from a profile file: scrapy crawl site -a profile=path/to/site.toml"""

from newsfeeds.spider import SectionSpider


class ProfileSpider(SectionSpider):
    name = "site"
