"""indiablooms.com, an Indian news agency site: everything it needs is in sites/indiablooms.toml."""

from newsfeeds.spider import SectionSpider


class IndiabloomsSpider(SectionSpider):
    name = "indiablooms"
    profile_name = "indiablooms"
