"""The Lakeside Courier's posts as plain data, with what a correct extraction must find in each.

All stories are invented for the demo. Times are local to Europe/Zurich (CET in winter, CEST from
31 March 2024), which is what the site's visible bylines print.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

ZURICH = ZoneInfo("Europe/Zurich")
SITE_NAME = "The Lakeside Courier"
CATEGORIES: dict[str, str] = {
    "politics": "Politics",
    "business": "Business",
    "culture": "Culture",
    "sport": "Sport",
}
Markup = Literal["yoast", "opengraph", "time", "microdata", "plain", "plain-date"]


@dataclass(frozen=True)
class Post:
    """One post and its ground truth: the headline, the moment it was published, its tags."""

    id: int
    slug: str
    category: str
    title: str
    published: datetime
    markup: Markup
    tags: tuple[str, ...]
    paragraphs: tuple[str, ...]
    author: str = "Lena Brunner"
    also_in: tuple[str, ...] = ()
    modified: datetime | None = None
    kicker: str = ""

    @property
    def path(self) -> str:
        """WordPress's day-and-name permalink: /2024/05/17/slug/."""
        return f"/{self.published:%Y/%m/%d}/{self.slug}/"

    @property
    def categories(self) -> tuple[str, ...]:
        """The primary category first, then the others the post is filed under."""
        return (self.category, *self.also_in)

    @property
    def expected_published(self) -> str:
        """What extraction must report: the instant with its offset, or only the day for date-only bylines."""
        if self.markup == "plain-date":
            return self.published.date().isoformat()
        return self.published.isoformat()


def _at(text: str) -> datetime:
    """A wall-clock time on the lake."""
    return datetime.fromisoformat(text).replace(tzinfo=ZURICH)


POSTS: tuple[Post, ...] = (
    Post(101, "canton-council-approves-new-ferry-timetable", "politics",
         "Canton council approves new ferry timetable", _at("2024-01-09T07:45"), "yoast",
         ("Ferries", "Transport", "Canton Council"),
         ("The canton council voted on Monday evening to approve a denser ferry timetable for the lake, "
          "adding early crossings on weekdays from the spring.",
          "Commuters on the eastern shore had asked for the change for several years, councillors said, "
          "and the operator has agreed to run two extra boats during the morning peak.")),
    Post(102, "bakery-chain-opens-its-first-lakeside-branch", "business",
         "Bakery chain opens its first lakeside branch", _at("2024-01-22T11:10"), "opengraph",
         ("Retail", "Food"),
         ("A regional bakery chain opened its first branch on the promenade on Monday, taking over the "
          "premises of a stationery shop that closed last autumn.",
          "The owners said the site was chosen for its weekend footfall and that twelve people have been "
          "hired locally, most of them part-time.")),
    Post(103, "winter-concert-series-draws-record-audiences", "culture",
         "Winter concert series draws record audiences", _at("2024-02-02T19:30"), "time",
         ("Music", "Concerts"),
         ("The chamber music series held in the old customs house sold out every evening this winter, "
          "according to the organisers, who counted more than four thousand visitors.",
          "Next season will add a matinee on Sundays, with reduced prices for students and pensioners."),
         author="Marco Keller", modified=_at("2024-02-03T08:05")),
    Post(104, "rowing-club-wins-regional-championship", "sport",
         "Rowing club wins regional championship", _at("2024-02-11T16:20"), "microdata",
         ("Rowing", "Championships"),
         ("The lakeside rowing club took the regional title in the coxed four on Sunday, finishing "
          "almost two lengths ahead of the defending champions.",
          "The crew has trained through the winter on the indoor tank that the club built with the help of "
          "a municipal grant three years ago.")),
    Post(105, "budget-talks-what-comes-next", "politics",
         "Budget talks – what comes next for the town", _at("2024-02-27T10:00"), "plain",
         ("Budget", "Town Hall"),
         ("The town's budget negotiations move into a second round next week after the finance committee "
          "failed to agree on the cost of repairing the harbour wall.",
          "Both sides said they expected a compromise before the end of March, when the canton must "
          "receive the draft."),
         also_in=("business",)),
    Post(106, "clock-change-catches-out-early-ferry", "politics",
         "Clock change catches out early ferry", _at("2024-03-31T06:15"), "yoast",
         ("Ferries", "Daylight Saving"),
         ("The first ferry of the morning left an hour late on Sunday after the crew's roster had not been "
          "updated for the change to summer time, the operator said.",
          "No passengers were stranded, as the operator sent a replacement boat from the western pier."),
         modified=_at("2024-03-31T12:40")),
    Post(107, "startup-builds-electric-water-taxis", "business",
         "Startup builds electric water taxis in old boatyard", _at("2024-04-04T14:05"), "opengraph",
         ("Electric Boats", "Startups", "Transport"),
         ("A young company has moved into the disused boatyard at the northern end of the bay to build "
          "small electric water taxis for hotels around the lake.",
          "The founders said the first two boats will be delivered in July, after trials on the lake in June."),
         author="Nadia Rossi"),
    Post(108, "museum-returns-painting-to-village-church", "culture",
         "Museum returns painting to village church", _at("2024-04-12T09:00"), "time",
         ("Art", "Heritage"),
         ("A seventeenth-century altar painting returned to the village church of its origin this week "
          "after forty years in the regional museum's storage.",
          "Restorers spent two years cleaning the canvas, which had been damaged by damp in the 1970s."),
         kicker="Heritage:"),
    Post(109, "lake-swim-moved-to-september", "sport",
         "Lake swim moved to September", _at("2024-04-19T17:45"), "plain-date",
         ("Swimming",),
         ("The annual crossing swim will take place in September this year instead of August, because "
          "the water temperature in late summer has become too high for the safety boats' rules.",
          "Registrations that were already made remain valid for the new date."),
         author=""),
    Post(110, "housing-cooperative-plans-car-free-quarter", "politics",
         "Housing cooperative plans car-free quarter", _at("2024-04-25T08:30"), "microdata",
         ("Housing", "Town Hall"),
         ("A housing cooperative has presented plans for two hundred flats without parking spaces on the "
          "site of the former goods yard.",
          "Residents would share a pool of cargo bikes and two electric cars, the cooperative said."),
         also_in=("business",)),
    Post(111, "cheese-exports-rise-despite-strong-franc", "business",
         "Cheese exports rise despite strong franc", _at("2024-05-02T13:50"), "yoast",
         ("Exports", "Food", "Franc"),
         ("Cheese makers from the lake district sold more abroad in the first quarter than a year ago, "
          "the trade association said, even though the strong franc made their products dearer.",
          "Demand from Germany and Italy rose the most, while sales to North America were flat.")),
    Post(112, "open-air-cinema-announces-summer-programme", "culture",
         "Open-air cinema announces summer programme", _at("2024-05-06T18:00"), "opengraph",
         ("Film", "Summer"),
         ("The open-air cinema on the lawn by the harbour will show thirty films this summer, including "
          "four premieres of local productions.",
          "Screenings start at dusk; the organisers recommend bringing a blanket for the later showings."),
         author="Marco Keller"),
    Post(113, "local-goalkeeper-called-up-to-national-squad", "sport",
         "Local goalkeeper called up to national squad", _at("2024-05-09T21:15"), "time",
         ("Football", "National Team"),
         ("The lakeside club's goalkeeper has been called up to the national squad for the first time, "
          "after a season in which he kept eleven clean sheets.",
          "He joined the club as a twelve-year-old and has never played for another team.")),
    Post(114, "harbour-wall-repairs-to-start-in-june", "politics",
         "Harbour wall repairs to start in June", _at("2024-05-14T07:05"), "plain",
         ("Harbour", "Budget"),
         ("Repairs to the harbour wall will begin in June and last until the end of October, the "
          "town's building department said.",
          "The promenade will stay open, but the public slipway will be closed for most of the works.")),
    Post(115, "bookshop-celebrates-hundred-years", "culture",
         "Bookshop celebrates a hundred years on Market Street", _at("2024-05-16T12:00"), "yoast",
         ("Books", "Heritage"),
         ("The bookshop on Market Street marked its hundredth anniversary with a reading festival that "
          "ran from Thursday to Sunday.",
          "The third generation of the founding family still runs the shop, which survived two fires and "
          "the arrival of online retailers."),
         also_in=("business",), modified=_at("2024-05-17T09:20")),
    Post(116, "triathlon-returns-after-three-year-break", "sport",
         "Triathlon returns after three-year break", _at("2024-05-17T06:40"), "opengraph",
         ("Triathlon",),
         ("The lakeside triathlon returns in August after a three-year break caused by works on the "
          "shore road, the organising club said.",
          "The swim leg will start from the public beach rather than the harbour, to avoid the ferries.")),
    Post(117, "council-debates-night-ferry-trial", "politics",
         "Council debates night ferry trial", _at("2024-05-20T22:35"), "time",
         ("Ferries", "Canton Council"),
         ("A proposal to trial a night ferry on Friday and Saturday evenings was debated by the canton "
          "council late on Monday, after a petition gathered three thousand signatures.",
          "A vote is expected in June; the operator said it could begin the trial within a month of approval.")),
    Post(118, "weekly-market-moves-to-the-quay", "business",
         "Weekly market moves to the quay", _at("2024-05-23T10:25"), "microdata",
         ("Markets", "Food"),
         ("The weekly farmers' market moves from the church square to the quay from June, giving stall "
          "holders more space and shade under the plane trees.",
          "The church square will host a flea market on the first Saturday of each month instead.")),
)


def post_by_path(path: str) -> Post | None:
    """The post served under a permalink path, with or without its trailing slash."""
    wanted = path if path.endswith("/") else path + "/"
    return next((p for p in POSTS if p.path == wanted), None)


def newest_first(posts: tuple[Post, ...] | list[Post]) -> list[Post]:
    """Archive order."""
    return sorted(posts, key=lambda p: p.published, reverse=True)


def tag_slug(tag: str) -> str:
    """WordPress's tag slug: 'Canton Council' → 'canton-council'."""
    return "-".join(tag.casefold().split())
