"""The demo site's stories as plain data, with the answers a crawler is expected to find in them.

Every story is invented for the demo; `expected_*` fields are the ground truth tests compare against.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Markup = Literal["jsonld", "opengraph", "time", "plain"]
UrlStyle = Literal["details", "news-details", "life-details"]

SECTIONS: dict[str, str] = {
    "world": "World",
    "news": "India",
    "finance": "Finance",
    "sports": "Sports",
    "showbiz": "Showbiz",
    "health": "Health",
    "life": "Life",
}


@dataclass(frozen=True)
class DemoArticle:
    """One story as the demo site stores it, plus what a correct extraction should yield."""

    id: int
    slug: str
    section: str
    title: str
    byline_date: str
    expected_published: str | None
    markup: Markup
    dateline: str
    paragraphs: tuple[str, ...]
    tags: tuple[str, ...]
    image: str | None
    also_in: tuple[str, ...] = ()
    author: str = ""
    image_lazy: bool = False
    url_style: UrlStyle = "details"
    expected_modified: str | None = None
    canonical: bool = False
    jsonld_graph: bool = False


def article_path(article: DemoArticle) -> str:
    """Give the one clean path the site serves a story under, old-style URLs included."""
    if article.url_style == "news-details":
        return f"/news-details/W/{article.id}/{article.slug}.html"
    if article.url_style == "life-details":
        return f"/life-details/L/{article.id}/{article.slug}"
    return f"/{article.section}/{article.slug}/details"


def _story(*, slug: str, has_image: bool = True, **fields: Any) -> DemoArticle:
    """Derive the lead image path from the slug so the data below stays readable."""
    return DemoArticle(slug=slug, image=f"/images/{slug}.jpg" if has_image else None, **fields)


ARTICLES: tuple[DemoArticle, ...] = (
    _story(
        id=62391,
        slug="covid-19-cases-rise-in-maharashtra-as-testing-expands",
        section="health",
        also_in=("news",),
        title="Covid-19 cases rise in Maharashtra as testing expands",
        byline_date="Mar 17, 2021, at 08:35 pm",
        expected_published="2021-03-17T20:35:00+05:30",
        markup="time",
        url_style="news-details",
        canonical=True,
        dateline="Mumbai/IBNS:",
        tags=("Covid-19", "Mumbai"),
        paragraphs=(
            "Maharashtra reported a sharp rise in fresh Covid-19 infections on Wednesday, with health "
            "officials attributing part of the jump to a wider testing drive across urban districts.",
            "The state health department said more than half of the new cases were detected in Mumbai, "
            "Pune and Nagpur, where mobile testing vans have been stationed near markets and railway "
            "stations since the beginning of the month.",
            "Officials urged residents to keep wearing masks in crowded places and said hospitals had been "
            "asked to hold a reserve of beds for moderate and severe cases.",
            "A senior official said the government was not considering a fresh lockdown at this stage but "
            "would review the situation at the end of the week.",
        ),
    ),
    _story(
        id=62417,
        slug="russia-us-hold-talks-on-arms-control",
        section="world",
        title="Russia, US hold talks on arms control",
        byline_date="Mar 19, 2021, at 12:47 am",
        expected_published="2021-03-19T00:47:00+05:30",
        markup="plain",
        dateline="Moscow/UNI/IBNS:",
        tags=("Russia", "US"),
        paragraphs=(
            "Senior diplomats from Russia and the United States met in Geneva on Thursday for a fresh "
            "round of talks on strategic arms control, the Russian foreign ministry said in a statement.",
            "The statement described the discussions as \u201cbusinesslike and substantive\u201d and said "
            "both delegations had agreed to continue consultations at the expert level over the coming weeks.",
            "A US State Department spokesperson said Washington remained committed to predictable and "
            "verifiable limits on nuclear arsenals and would brief allies on the outcome of the meeting.",
            "Analysts in Moscow said the talks were an early test of whether the two countries could widen "
            "cooperation beyond the treaty commitments they extended earlier this year.",
            "No date has been announced for the next round.",
        ),
    ),
    _story(
        id=62455,
        slug="india-clinch-t20-series-with-final-over-win",
        section="sports",
        title="India clinch T20 series with final-over win",
        byline_date="Mar 21, 2021, at 11:58 pm",
        expected_published="2021-03-21T23:58:00+05:30",
        markup="opengraph",
        dateline="Ahmedabad/IBNS:",
        tags=("Cricket", "England"),
        paragraphs=(
            "India sealed the five-match Twenty20 series on Sunday night with a tense final-over win in "
            "Ahmedabad, defending nine runs off the last six balls.",
            "Put in to bat, the hosts posted 184 for six, built around a brisk half-century from opener "
            "Karan Malhotra and a late flourish from the lower middle order.",
            "The visitors stayed in the chase until the 18th over, but two run-outs in quick succession "
            "swung the match back towards India.",
            "\u201cWe wanted to back our bowlers at the death, and they kept their nerve,\u201d the Indian "
            "captain said at the presentation ceremony.",
            "The teams now turn to the one-day series, which begins in Pune later this week.",
        ),
    ),
    _story(
        id=62980,
        slug="kolkata-metro-extends-east-west-corridor-service",
        section="news",
        title="Kolkata Metro extends East-West corridor service",
        byline_date="Apr 5, 2021, at 07:30 pm",
        expected_published="2021-04-05T19:30:00+05:30",
        markup="jsonld",
        url_style="news-details",
        canonical=True,
        dateline="Kolkata/IBNS:",
        tags=("Kolkata", "भारत", "Infrastructure"),
        paragraphs=(
            "Kolkata Metro on Monday extended passenger services on its East-West corridor by two "
            "stations, cutting travel time between Salt Lake and the central business district.",
            "Metro officials said trains would run every 15 minutes during peak hours on the extended "
            "stretch, with frequency to be increased once ridership picks up.",
            "The new stations have lifts, tactile paths for visually impaired passengers and contactless "
            "ticket gates, a spokesperson said.",
            "Daily commuters welcomed the extension, though several said they hoped the section beneath "
            "the river would open soon.",
        ),
    ),
    _story(
        id=63210,
        slug="bollywood-film-shoots-resume-under-new-safety-rules",
        section="showbiz",
        title="Bollywood film shoots resume under new safety rules",
        byline_date="Apr 24, 2021, at 06:15 pm",
        expected_published="2021-04-24T18:15:00+05:30",
        markup="jsonld",
        url_style="life-details",
        dateline="Mumbai/IBNS:",
        tags=("Bollywood", "Covid-19"),
        paragraphs=(
            "Film and television shoots in Mumbai resumed on Saturday under a fresh set of safety rules "
            "agreed between producers' bodies and the state government.",
            "Under the guidelines, units must limit crew sizes, test cast and crew regularly and keep a "
            "medical officer on set for the duration of the shoot.",
            "Producers said the rules would raise costs but welcomed the chance to restart work that had "
            "been stalled for several weeks.",
            "Workers' unions said daily wage earners had been hit hardest by the halt and asked studios to "
            "clear pending payments first.",
        ),
    ),
    _story(
        id=63305,
        slug="sensex-closes-higher-as-banking-stocks-rally",
        section="finance",
        title="Sensex closes higher as banking stocks rally",
        byline_date="May 3, 2021, at 04:12 pm",
        expected_published="2021-05-03T16:12:00+05:30",
        markup="time",
        image_lazy=True,
        dateline="Mumbai/IBNS:",
        tags=("Stock Market", "Economy"),
        paragraphs=(
            "The benchmark Sensex closed higher on Monday as gains in private banking stocks offset "
            "weakness in metal and pharmaceutical shares.",
            "The 30-share index ended 312 points up, while the broader Nifty gained 0.6 per cent, according "
            "to provisional exchange data.",
            "Dealers said investors were encouraged by stronger-than-expected quarterly results from two "
            "large lenders and by steady buying from domestic institutions.",
            "Traders will watch monthly automobile sales and the central bank's comments on liquidity for "
            "direction this week.",
        ),
    ),
    _story(
        id=63890,
        slug="china-unveils-plan-to-cut-coal-use-in-northern-provinces",
        section="world",
        title="China unveils plan to cut coal use in northern provinces",
        byline_date="Jun 8, 2021, at 03:20 pm",
        expected_published="2021-06-08T15:20:00+05:30",
        expected_modified="2021-06-08T18:05:00+05:30",
        markup="jsonld",
        url_style="news-details",
        image_lazy=True,
        canonical=True,
        dateline="Beijing/UNI/IBNS:",
        tags=("China", "Climate"),
        paragraphs=(
            "China on Tuesday unveiled a plan to reduce coal consumption in its northern industrial "
            "provinces over the next five years, state media reported.",
            "The plan sets targets for replacing coal-fired heating with gas and electric systems in cities "
            "and for closing older, less efficient power units.",
            "Officials said the measures were part of the country's broader pledge to peak carbon "
            "emissions before the end of the decade.",
            "Environmental groups called the targets a step forward but asked for clearer timelines for the "
            "steel and cement sectors, which remain heavy users of coal.",
        ),
    ),
    _story(
        id=64120,
        slug="delhi-begins-second-phase-of-covid-19-vaccination-drive",
        section="news",
        also_in=("health",),
        title="Delhi begins second phase of Covid-19 vaccination drive",
        byline_date="July 2, 2021 09:40 PM",
        expected_published="2021-07-02T21:40:00+05:30",
        markup="opengraph",
        dateline="New Delhi/IBNS:",
        tags=("Covid-19", "Vaccine", "Delhi"),
        paragraphs=(
            "The Delhi government on Friday began the second phase of its Covid-19 vaccination drive, "
            "opening walk-in centres in schools and community halls across all districts.",
            "Officials said the new centres would operate from 9 am to 9 pm and give priority to people "
            "due for their second dose.",
            "Residents queued outside several centres from early morning, and health workers said turnout "
            "on the first day was higher than expected.",
            "The government urged people to carry an identity document and keep their distance while waiting.",
        ),
    ),
    _story(
        id=64800,
        slug="vaccine-makers-scale-up-production-for-domestic-supply",
        section="health",
        also_in=("news",),
        title="Vaccine makers scale up production for domestic supply",
        byline_date="Jul 29, 2021, at 03:00 pm",
        expected_published="2021-07-29T15:00:00+05:30",
        expected_modified="2021-07-30T10:20:00+05:30",
        markup="jsonld",
        jsonld_graph=True,
        canonical=True,
        dateline="Pune/IBNS:",
        tags=("Vaccine", "Covid-19", "Economy"),
        paragraphs=(
            "Indian vaccine manufacturers are scaling up production lines to meet domestic demand, "
            "industry representatives told a parliamentary panel on Thursday.",
            "They said new filling and packaging units in Pune and Hyderabad were expected to add several "
            "million doses of monthly capacity by the end of the year.",
            "Shortages of certain raw materials and specialised filters remained a constraint, they said, "
            "asking the government to help ease import procedures.",
            "Members of the panel asked the companies to share detailed supply schedules so that states "
            "could plan their vaccination drives more reliably.",
        ),
    ),
    _story(
        id=65400,
        slug="young-javelin-thrower-sets-national-junior-record",
        section="sports",
        title="Young javelin thrower sets national junior record",
        byline_date="Aug 16, 2021, at 01:05 pm",
        expected_published="2021-08-16T13:05:00+05:30",
        markup="time",
        dateline="Patiala/IBNS:",
        tags=("Athletics",),
        paragraphs=(
            "A 17-year-old javelin thrower from Haryana set a new national junior record at the "
            "inter-state athletics meet in Patiala on Monday.",
            "Ravinder Sangwan's third-round throw bettered the previous mark by more than a metre and drew "
            "applause from coaches watching from the stands.",
            "Sangwan, who trains at a district sports hostel, said he had worked on his run-up speed over "
            "the past year after recovering from a shoulder injury.",
            "Federation officials said the performance would be considered when the junior squad for the "
            "Asian championships is picked.",
        ),
    ),
    _story(
        id=65980,
        slug="kolkatas-new-cafes-revive-old-coffee-house-traditions",
        section="life",
        title="Kolkata's new cafés revive old coffee-house traditions",
        byline_date="Oct 2, 2021, at 05:30 pm",
        expected_published="2021-10-02T17:30:00+05:30",
        markup="opengraph",
        url_style="life-details",
        dateline="Kolkata/IBNS:",
        tags=("Café Culture", "Kolkata"),
        paragraphs=(
            "A new generation of cafés in north Kolkata is borrowing from the city's old coffee-house "
            "traditions, with long tables, unhurried service and plenty of room for argument.",
            "Owners say customers, many of them students, come as much for conversation and poetry "
            "readings as for coffee and cutlets.",
            "\u201cWe wanted a place where nobody is rushed out after finishing a cup,\u201d said the owner "
            "of one café near College Street, which opened during the festival season.",
            "Regulars at the older establishments say they welcome the newcomers, though few expect them to "
            "replace the institutions they grew up with.",
        ),
    ),
    _story(
        id=66105,
        slug="un-climate-talks-end-with-pledge-on-adaptation-finance",
        section="world",
        title="UN climate talks end with pledge on adaptation finance",
        byline_date="November 14, 2021 06:05 AM",
        expected_published="2021-11-14T06:05:00+05:30",
        markup="opengraph",
        image_lazy=True,
        dateline="Glasgow/UNI/IBNS:",
        tags=("Climate", "US", "China"),
        paragraphs=(
            "Two weeks of United Nations climate talks ended late on Saturday with a pledge by richer "
            "countries to increase funding that helps vulnerable nations adapt to rising temperatures.",
            "Negotiators worked through the night to settle disagreements over the wording on fossil fuels "
            "and over how progress would be reviewed in the coming years.",
            "Delegates from several developing countries said the outcome fell short of their expectations "
            "but was better than leaving without an agreement.",
            "The United States and China, the two largest emitters, had earlier issued a joint statement "
            "promising closer cooperation on methane and clean technology.",
        ),
    ),
    _story(
        id=67770,
        slug="rbi-keeps-repo-rate-unchanged-cites-inflation-risks",
        section="finance",
        title="RBI keeps repo rate unchanged, cites inflation risks",
        byline_date="December 8, 2021 11:30 AM",
        expected_published="2021-12-08T11:30:00+05:30",
        expected_modified="2021-12-08T14:10:00+05:30",
        markup="jsonld",
        canonical=True,
        dateline="Mumbai/UNI/IBNS:",
        tags=("RBI", "Economy"),
        paragraphs=(
            "The Reserve Bank of India kept its key lending rate unchanged on Wednesday, saying it wanted "
            "to support the recovery while keeping a close watch on inflation risks.",
            "The monetary policy committee voted to hold the repo rate and retain its accommodative stance, "
            "the central bank said after its three-day meeting.",
            "The bank kept its growth forecast for the financial year and said food prices were expected to "
            "ease with the arrival of the winter crop.",
            "Economists said the decision was in line with expectations and that a change in stance was "
            "more likely early next year.",
        ),
    ),
    _story(
        id=68820,
        slug="bengali-film-wins-top-prize-at-kolkata-festival",
        section="showbiz",
        title="Bengali film wins top prize at Kolkata festival",
        byline_date="Updated: Jan 9, 2022, at 07:45 pm",
        expected_published="2022-01-09T19:45:00+05:30",
        markup="opengraph",
        dateline="Kolkata/IBNS:",
        tags=("Kolkata", "Cinema"),
        paragraphs=(
            "A Bengali drama about three generations of a fishing family in the Sundarbans won the top "
            "prize at the Kolkata film festival on Sunday.",
            "The jury praised the film's restrained performances and its use of non-professional actors "
            "from the islands where it was shot.",
            "First-time director Anirban Pal said the prize would help the film find a wider audience and "
            "dedicated it to the families who opened their homes to the crew.",
            "The festival, held in a scaled-down format this year, screened more than 100 films from 40 "
            "countries over eight days.",
        ),
    ),
    _story(
        id=69033,
        slug="election-commission-announces-schedule-for-five-states",
        section="news",
        has_image=False,
        title="Election Commission announces schedule for five states",
        byline_date="Updated: Feb 3, 2022, at 09:15 pm",
        expected_published="2022-02-03T21:15:00+05:30",
        markup="time",
        dateline="New Delhi/UNI/IBNS:",
        tags=("Elections", "भारत"),
        paragraphs=(
            "The Election Commission on Thursday announced the schedule for assembly elections in five "
            "states, with voting to be held in several phases over the next two months.",
            "The model code of conduct came into force with immediate effect, the commission said, barring "
            "governments from announcing new schemes in the states going to the polls.",
            "Officials said additional polling stations would be set up to reduce crowding and that postal "
            "ballots would be available to voters above 80 and to persons with disabilities.",
            "Votes for all five states will be counted on the same day.",
        ),
    ),
    _story(
        id=70562,
        slug="kremlin-says-grain-corridor-talks-to-resume-next-week",
        section="world",
        title="Kremlin says grain corridor talks to resume next week",
        author="Sudipta Roy",
        byline_date="2022-05-06T14:30:00+05:30",
        expected_published="2022-05-06T14:30:00+05:30",
        markup="jsonld",
        jsonld_graph=True,
        canonical=True,
        dateline="Moscow/UNI/IBNS:",
        tags=("Russia", "Ukraine"),
        paragraphs=(
            "The Kremlin said on Friday that talks on a safe sea corridor for grain shipments would resume "
            "next week, with international mediators expected to attend.",
            "A Kremlin spokesperson told reporters that technical teams had exchanged proposals on "
            "inspection procedures and the protection of merchant vessels.",
            "Diplomats involved in the process said several points remained unresolved, including the "
            "route ships would take and who would monitor them.",
            "Grain importers in Asia and Africa are watching the talks closely, as wheat and vegetable oil "
            "prices have risen sharply in recent months.",
        ),
    ),
    _story(
        id=71150,
        slug="eden-gardens-to-host-day-night-test-next-season",
        section="sports",
        title="Eden Gardens to host day-night Test next season",
        byline_date="11 Jul 2022",
        expected_published="2022-07-11",
        markup="time",
        dateline="Kolkata/IBNS:",
        tags=("cricket", "Kolkata"),
        paragraphs=(
            "Eden Gardens will host a day-night Test match next season, the state cricket association said "
            "on Monday after a meeting with the national board.",
            "Officials said the floodlights had been upgraded last year and that pink-ball practice "
            "sessions would be arranged for the ground staff.",
            "The association expects strong ticket sales, recalling the crowds that turned up for the "
            "venue's first day-night Test.",
            "The opponents and dates will be confirmed when the national board releases its home calendar.",
        ),
    ),
    _story(
        id=72240,
        slug="kolkata-heritage-walks-draw-record-weekend-crowds",
        section="news",
        also_in=("life",),
        title="Kolkata heritage walks draw record weekend crowds",
        byline_date="19 Aug 2022",
        expected_published="2022-08-19",
        markup="plain",
        dateline="Kolkata/IBNS:",
        tags=("Kolkata", "Heritage", "Café Culture"),
        paragraphs=(
            "Heritage walks through the lanes of north and central Kolkata drew record crowds over the "
            "weekend, organisers said on Friday.",
            "Groups of walkers visited colonial-era buildings, old printing presses and a century-old tea "
            "stall, with volunteers narrating the history of each stop.",
            "Several walks ended at cafés near College Street, where participants talked over the city's "
            "architecture with tea and snacks.",
            "Organisers plan to add walks in Bengali and Hindi and to introduce evening tours during the "
            "festive season.",
        ),
    ),
    _story(
        id=72610,
        slug="doctors-warn-of-rising-dengue-cases-after-monsoon",
        section="health",
        title="Doctors warn of rising dengue cases after monsoon",
        byline_date="September 12, 2022 07:05 PM",
        expected_published="2022-09-12T19:05:00+05:30",
        markup="opengraph",
        dateline="Kolkata/IBNS:",
        tags=("Dengue", "Kolkata"),
        paragraphs=(
            "Doctors in Kolkata have warned of a rise in dengue cases after heavy monsoon rain, urging "
            "residents to clear standing water around their homes.",
            "Private hospitals reported more admissions of patients with high fever and low platelet counts "
            "over the past fortnight.",
            "Civic officials said teams were spraying larvicide in vulnerable wards and inspecting "
            "construction sites where water tends to collect.",
            "Doctors advised people with persistent fever to get tested early and not to medicate "
            "themselves with painkillers.",
        ),
    ),
    _story(
        id=73015,
        slug="rupee-slips-to-record-low-against-us-dollar",
        section="finance",
        title="Rupee slips to record low against US dollar",
        byline_date="Oct 20, 2022, at 10:05 am",
        expected_published="2022-10-20T10:05:00+05:30",
        markup="opengraph",
        url_style="news-details",
        image_lazy=True,
        canonical=True,
        dateline="Mumbai/IBNS:",
        tags=("Economy", "US"),
        paragraphs=(
            "The rupee slipped to a record low against the US dollar in early trade on Thursday, pressured "
            "by a stronger greenback and continued outflows from equities.",
            "Forex dealers said importers rushed to buy dollars to cover payments, while exporters held "
            "back sales in anticipation of further weakness.",
            "The central bank was believed to have sold dollars through state-run banks to limit "
            "volatility, dealers said, though it did not comment.",
            "Analysts said the currency could remain under pressure until global interest rates stabilise.",
        ),
    ),
    _story(
        id=73990,
        slug="streaming-series-on-partition-era-gets-second-season",
        section="showbiz",
        title="Streaming series on Partition era gets second season",
        byline_date="Nov 30, 2022, at 12:30 pm",
        expected_published="2022-11-30T12:30:00+05:30",
        markup="time",
        dateline="Mumbai/IBNS:",
        tags=("Bollywood", "Streaming"),
        paragraphs=(
            "A streaming drama set in the years around Partition has been renewed for a second season, its "
            "producers announced on Wednesday.",
            "The series, which follows two families separated by the new border, drew praise for its "
            "period detail and its multilingual dialogue.",
            "The producers said the new season would move forward a decade and introduce characters from "
            "the refugee colonies that grew around Delhi and Kolkata.",
            "Filming is expected to begin early next year, with most of the principal cast returning.",
        ),
    ),
    _story(
        id=74318,
        slug="bangladesh-and-india-sign-river-water-data-pact",
        section="world",
        also_in=("news",),
        title="Bangladesh and India sign river water data pact",
        byline_date="Jan 11, 2023, at 10:42 am",
        expected_published="2023-01-11T10:42:00+05:30",
        markup="time",
        url_style="news-details",
        canonical=True,
        dateline="Dhaka/UNI/IBNS:",
        tags=("Bangladesh", "भारत"),
        paragraphs=(
            "Bangladesh and India on Wednesday signed an agreement to share real-time river flow data "
            "during the monsoon, officials in Dhaka said.",
            "The arrangement covers several rivers that cross the border and is meant to give downstream "
            "districts earlier warning of floods.",
            "Officials from both sides said the data would be exchanged through a joint online platform "
            "and reviewed by technical teams twice a year.",
            "Flood experts welcomed the agreement, saying timely information could help authorities move "
            "people and livestock to safety.",
        ),
    ),
    _story(
        id=75200,
        slug="womens-t20-league-auction-sees-record-bids",
        section="sports",
        title="Women's T20 league auction sees record bids",
        byline_date="Feb 13, 2023, at 08:20 pm",
        expected_published="2023-02-13T20:20:00+05:30",
        markup="jsonld",
        image_lazy=True,
        canonical=True,
        dateline="Mumbai/IBNS:",
        tags=("Cricket", "Economy"),
        paragraphs=(
            "Franchises in the new women's T20 league spent heavily at the players' auction in Mumbai on "
            "Monday, with several domestic players drawing bids well above their base price.",
            "Team owners said they were building for the long term and focused on young batters and "
            "all-rounders with strong domestic records.",
            "Former players called the auction a turning point for the women's game, saying it would give "
            "many cricketers a secure income for the first time.",
            "The league's first season is scheduled to begin next month.",
        ),
    ),
    _story(
        id=76611,
        slug="assam-floods-displace-thousands-as-brahmaputra-swells",
        section="news",
        title="Assam floods displace thousands as Brahmaputra swells",
        byline_date="Jun 21, 2023, at 05:55 am",
        expected_published="2023-06-21T05:55:00+05:30",
        markup="plain",
        dateline="Guwahati/IBNS:",
        tags=("Assam", "Climate"),
        paragraphs=(
            "Floods have displaced thousands of people in several districts of Assam as the Brahmaputra "
            "and its tributaries rose above the danger mark, state disaster management officials said.",
            "Relief camps have opened in schools and government buildings, and rescue teams are using boats "
            "to reach villages cut off by the water.",
            "Road links in some areas have been damaged, and rail services on one section were suspended "
            "as a precaution, officials said.",
            "The weather office has forecast more rain in the region over the next three days.",
        ),
    ),
    _story(
        id=76880,
        slug="monsoon-travel-guide-to-the-western-ghats",
        section="life",
        title="Monsoon travel guide to the Western Ghats",
        author="Meghna Dutta",
        byline_date="Jun 30, 2023, at 09:10 am",
        expected_published="2023-06-30T09:10:00+05:30",
        markup="time",
        url_style="life-details",
        dateline="Pune/IBNS:",
        tags=("Travel", "Climate"),
        paragraphs=(
            "As the monsoon settles over the Western Ghats, hill towns from Maharashtra to Kerala are "
            "preparing for their busiest season of short trips and weekend treks.",
            "Travellers are advised to check road conditions before setting out, as landslides can close "
            "ghat sections at short notice during heavy rain.",
            "Local guides recommend starting treks early, carrying light rain gear and keeping away from "
            "waterfalls and streams after a downpour.",
            "Homestay owners say bookings have picked up since the first rains, with many visitors choosing "
            "smaller villages over crowded viewpoints.",
        ),
    ),
    _story(
        id=77890,
        slug="indian-startups-raise-more-in-second-quarter-report",
        section="finance",
        title="Indian startups raise more in second quarter: report",
        author="Rohan Mehra",
        byline_date="2023-08-01T09:00:00+05:30",
        expected_published="2023-08-01T09:00:00+05:30",
        markup="time",
        canonical=True,
        dateline="Bengaluru/IBNS:",
        tags=("Startups", "Economy"),
        paragraphs=(
            "Indian startups raised more money in the April-June quarter than in the previous three months, "
            "according to a report by an industry tracker released on Tuesday.",
            "Funding rose mainly because of a few large rounds in financial technology and clean energy, "
            "the report said, while the number of deals continued to fall.",
            "Early-stage founders said investors were asking for clearer paths to profit and taking longer "
            "to close deals than a year ago.",
            "The tracker expects funding to remain uneven for the rest of the year.",
        ),
    ),
    _story(
        id=78105,
        slug="music-composer-returns-with-folk-fusion-album",
        section="showbiz",
        title="Music composer returns with folk fusion album",
        byline_date="2023-09-15T18:20:00+05:30",
        expected_published="2023-09-15T18:20:00+05:30",
        markup="opengraph",
        url_style="life-details",
        image_lazy=True,
        dateline="Mumbai/IBNS:",
        tags=("Music",),
        paragraphs=(
            "A composer known for film soundtracks has returned with an independent album that blends "
            "Rajasthani folk songs with electronic arrangements.",
            "The album features singers from desert villages recorded in their homes, with layers of "
            "synthesisers and percussion added later in a Mumbai studio.",
            "\u201cI wanted the voices to stay at the centre, exactly as they are,\u201d the composer said "
            "at the launch on Friday evening.",
            "Part of the album's earnings will go to a music school for children of folk performers, the "
            "label said.",
        ),
    ),
    _story(
        id=78950,
        slug="new-tb-screening-programme-reaches-rural-districts",
        section="health",
        has_image=False,
        title="New TB screening programme reaches rural districts",
        byline_date="4 Mar 2024",
        expected_published="2024-03-04",
        markup="plain",
        dateline="Ranchi/IBNS:",
        tags=("Tuberculosis", "भारत"),
        paragraphs=(
            "A tuberculosis screening programme using portable X-ray machines has reached rural districts "
            "of Jharkhand, health officials said.",
            "Mobile teams are visiting weekly markets and village councils to screen people with persistent "
            "coughs, fever or weight loss.",
            "Patients diagnosed through the programme are being linked to treatment centres near their "
            "homes and offered nutritional support, officials said.",
            "Public health experts said early detection in remote areas was key to meeting national targets "
            "for reducing the disease.",
        ),
    ),
    _story(
        id=78990,
        slug="millet-recipes-find-place-on-restaurant-menus",
        section="life",
        title="Millet recipes find place on restaurant menus",
        byline_date="March 5, 2024 01:30 PM",
        expected_published="2024-03-05T13:30:00+05:30",
        markup="jsonld",
        image_lazy=True,
        canonical=True,
        dateline="Hyderabad/IBNS:",
        tags=("Food",),
        paragraphs=(
            "Millet dishes, once found mostly in home kitchens, are appearing on more restaurant menus in "
            "Hyderabad and other cities.",
            "Chefs are using foxtail, pearl and finger millet in dishes ranging from dosas and khichdi to "
            "salads and desserts.",
            "Restaurant owners said diners were curious about the grains' nutritional value and that "
            "regulars often asked for the recipes.",
            "Farmers' groups said demand from restaurants had improved prices for millet growers in dry "
            "districts.",
        ),
    ),
    _story(
        id=79400,
        slug="heatwave-advisory-issued-for-eastern-states",
        section="health",
        title="Heatwave advisory issued for eastern states",
        byline_date="May 28, 2024, at 02:40 pm",
        expected_published="2024-05-28T14:40:00+05:30",
        markup="opengraph",
        dateline="Bhubaneswar/IBNS:",
        tags=("Climate", "Heatwave"),
        paragraphs=(
            "The weather office on Tuesday issued a heatwave advisory for parts of Odisha, West Bengal and "
            "Jharkhand, with daytime temperatures expected to stay above 42 degrees Celsius.",
            "Health departments advised people to avoid going out in the afternoon, drink plenty of water "
            "and watch for signs of heat exhaustion in children and the elderly.",
            "Several states have changed school timings, and labour departments asked employers to give "
            "outdoor workers breaks during the hottest hours.",
            "Hospitals have been asked to set aside beds and cooling equipment for heat-related illnesses.",
        ),
    ),
    _story(
        id=79954,
        slug="us-senate-panel-clears-semiconductor-export-bill",
        section="world",
        also_in=("finance",),
        title="US Senate panel clears semiconductor export bill",
        byline_date="Sep 27, 2024, at 08:10 pm",
        expected_published="2024-09-27T20:10:00+05:30",
        expected_modified="2024-09-28T09:40:00+05:30",
        markup="opengraph",
        canonical=True,
        dateline="Washington/UNI/IBNS:",
        tags=("US", "China", "Economy"),
        paragraphs=(
            "A US Senate committee on Thursday cleared a bill that would tighten controls on exports of "
            "advanced semiconductor equipment, sending it to the full chamber for a vote.",
            "Supporters said the bill was needed to protect national security, while industry groups "
            "warned that broad restrictions could hurt American manufacturers' sales abroad.",
            "The Chinese embassy in Washington criticised the move, saying it would disrupt global supply "
            "chains.",
            "Analysts said chip makers in Asia, including India's young semiconductor sector, would watch "
            "the bill closely for its effect on equipment supplies.",
        ),
    ),
    _story(
        id=80120,
        slug="india-women-win-hockey-bronze-at-four-nations-event",
        section="sports",
        title="India women win hockey bronze at four-nations event",
        byline_date="November 24, 2024 10:15 PM",
        expected_published="2024-11-24T22:15:00+05:30",
        markup="opengraph",
        image_lazy=True,
        dateline="Chennai/IBNS:",
        tags=("Hockey",),
        paragraphs=(
            "The Indian women's hockey team won bronze at the four-nations tournament in Chennai on Sunday, "
            "beating their opponents 3-1 in the third-place match.",
            "India went ahead early through a penalty corner and held their lead despite sustained pressure "
            "in the third quarter.",
            "The coach said the tournament had been useful for testing younger players ahead of next "
            "season's qualifiers.",
            "The hosts had lost their semi-final on Friday in a penalty shoot-out.",
        ),
    ),
    _story(
        id=81402,
        slug="parliament-passes-bill-on-online-gaming-regulation",
        section="news",
        title="Parliament passes bill on online gaming regulation",
        byline_date="Mar 14, 2025, at 02:18 pm",
        expected_published="2025-03-14T14:18:00+05:30",
        markup="opengraph",
        dateline="New Delhi/UNI/IBNS:",
        tags=("भारत", "Technology"),
        paragraphs=(
            "Parliament on Friday passed a bill to regulate online gaming platforms, requiring operators to "
            "register with a central authority and verify the age of users.",
            "The bill also sets rules for advertising by gaming companies and creates a grievance process "
            "for players who lose money through unfair practices.",
            "Opposition members said too many details had been left to later rules, while the government "
            "said the bill balanced innovation and consumer protection.",
            "Industry bodies said they would study the final text and work with the government on "
            "implementation.",
        ),
    ),
    _story(
        id=82350,
        slug="nifty-hits-fresh-high-on-foreign-inflows",
        section="finance",
        title="Nifty hits fresh high on foreign inflows",
        byline_date="May 22, 2025, at 03:45 pm",
        expected_published="2025-05-22T15:45:00+05:30",
        expected_modified="2025-05-22T17:30:00+05:30",
        markup="jsonld",
        jsonld_graph=True,
        image_lazy=True,
        canonical=True,
        dateline="Mumbai/IBNS:",
        tags=("Stock Market",),
        paragraphs=(
            "The Nifty index hit a fresh closing high on Thursday as foreign investors bought Indian shares "
            "for a sixth straight session.",
            "Information technology and capital goods stocks led the gains, while some profit-taking was "
            "seen in consumer goods companies.",
            "Brokers said a stable rupee and easing crude oil prices had made Indian markets more attractive "
            "to overseas funds.",
            "Some analysts cautioned that mid-cap valuations had run ahead of earnings and advised investors "
            "to be selective.",
        ),
    ),
    _story(
        id=82990,
        slug="bollywood-box-office-records-best-summer-in-years",
        section="showbiz",
        also_in=("finance",),
        title="Bollywood box office records best summer in years",
        byline_date="Jul 1, 2025, at 10:10 am",
        expected_published="2025-07-01T10:10:00+05:30",
        markup="jsonld",
        image_lazy=True,
        canonical=True,
        dateline="Mumbai/IBNS:",
        tags=("Bollywood", "Economy"),
        paragraphs=(
            "Hindi films recorded their best summer at the box office in several years, according to "
            "figures compiled by trade analysts and released on Tuesday.",
            "A family comedy and a period action drama accounted for a large share of ticket sales, while "
            "several mid-budget films did steady business in smaller towns.",
            "Cinema chains said they had benefited from lower weekday ticket prices and from gaps of several "
            "weeks between major releases.",
            "Analysts said audiences appeared to be returning to theatres for films they saw as worth "
            "watching on a big screen.",
        ),
    ),
    _story(
        id=83190,
        slug="handloom-weavers-find-new-buyers-online",
        section="life",
        also_in=("finance",),
        title="Handloom weavers find new buyers online",
        byline_date="Updated: Aug 18, 2025, at 11:00 am",
        expected_published="2025-08-18T11:00:00+05:30",
        markup="plain",
        dateline="Varanasi/IBNS:",
        tags=("Handloom", "Economy", "भारत"),
        paragraphs=(
            "Handloom weavers in and around Varanasi are finding new buyers through online marketplaces and "
            "cutting out layers of middlemen, according to weavers' cooperatives.",
            "Training in photography and packaging had helped members list their saris and stoles on "
            "several platforms, the cooperatives said.",
            "Weavers said prices had improved for some products, but the cost of silk yarn and delays in "
            "payments remained concerns.",
            "Officials said a new design centre would help weavers adapt traditional patterns for younger "
            "buyers.",
        ),
    ),
    _story(
        id=83600,
        slug="kolkata-football-derby-ends-in-goalless-draw",
        section="sports",
        title="Kolkata football derby ends in goalless draw",
        author="Arindam Ghosh",
        byline_date="Sep 14, 2025, at 09:40 pm",
        expected_published="2025-09-14T21:40:00+05:30",
        markup="plain",
        canonical=True,
        dateline="Kolkata/IBNS:",
        tags=("Football", "Kolkata"),
        paragraphs=(
            "The Kolkata football derby ended in a goalless draw on Sunday evening, with both teams "
            "creating chances but failing to convert them in front of a packed stadium.",
            "The home side hit the woodwork twice in the first half, while their rivals had a late header "
            "cleared off the line.",
            "Both coaches said they were satisfied with a point, given the injuries in their squads.",
            "The result leaves the two clubs level on points near the top of the table.",
        ),
    ),
    _story(
        id=84100,
        slug="study-links-poor-sleep-with-higher-blood-pressure",
        section="health",
        title="Study links poor sleep with higher blood pressure",
        author="Ananya Sen",
        byline_date="Jan 20, 2026, at 07:30 am",
        expected_published="2026-01-20T07:30:00+05:30",
        expected_modified="2026-01-21T09:00:00+05:30",
        markup="jsonld",
        canonical=True,
        dateline="New Delhi/IBNS:",
        tags=("Wellness",),
        paragraphs=(
            "Adults who regularly sleep fewer than six hours a night are more likely to have high blood "
            "pressure, according to a study by researchers at a Delhi medical college.",
            "The study followed more than 4,000 participants for five years and found the link held even "
            "after accounting for age, weight and smoking.",
            "Late-night screen use and irregular work shifts were common among participants who reported "
            "poor sleep, the researchers said.",
            "They recommended that doctors ask patients about their sleep during routine check-ups.",
        ),
    ),
    _story(
        id=84770,
        slug="nepal-opens-new-trekking-permits-system-online",
        section="world",
        title="Nepal opens new trekking permits system online",
        byline_date="Apr 2, 2026, at 11:25 am",
        expected_published="2026-04-02T11:25:00+05:30",
        markup="time",
        dateline="Kathmandu/UNI/IBNS:",
        tags=("Travel",),
        paragraphs=(
            "Nepal has launched an online system for trekking permits, allowing visitors to apply and pay "
            "before arriving in the country, tourism officials said on Thursday.",
            "Officials said the system would shorten queues at permit offices in Kathmandu and Pokhara "
            "during the spring trekking season.",
            "Trekking agencies welcomed the change but asked that the portal work smoothly on mobile "
            "connections in remote areas.",
            "The tourism board expects visitor numbers to rise this year, with more travellers arriving from "
            "India and Southeast Asia.",
        ),
    ),
    _story(
        id=85200,
        slug="yoga-retreats-in-rishikesh-see-surge-of-first-time-visitors",
        section="life",
        title="Yoga retreats in Rishikesh see surge of first-time visitors",
        byline_date="2026-06-21T08:00:00+05:30",
        expected_published="2026-06-21T08:00:00+05:30",
        markup="jsonld",
        canonical=True,
        dateline="Rishikesh/IBNS:",
        tags=("Yoga", "Wellness", "Travel"),
        paragraphs=(
            "Yoga retreats in Rishikesh are seeing a surge of first-time visitors, with many centres fully "
            "booked around the International Day of Yoga.",
            "Organisers said younger professionals from Indian cities now made up a growing share of "
            "guests, alongside visitors from abroad.",
            "Short programmes of three to five days have become popular, combining yoga sessions with "
            "riverside walks and simple vegetarian meals.",
            "Local officials said they were working with centres to manage crowds at the ghats during the "
            "busiest weeks.",
        ),
    ),
    _story(
        id=85555,
        slug="west-bengal-panchayat-polls-see-high-turnout",
        section="news",
        title="West Bengal panchayat polls see high turnout",
        byline_date="Jul 9, 2026, at 09:02 pm",
        expected_published="2026-07-09T21:02:00+05:30",
        markup="time",
        image_lazy=True,
        dateline="Kolkata/IBNS:",
        tags=("Elections", "Kolkata"),
        paragraphs=(
            "Voters turned out in large numbers for panchayat elections across West Bengal on Thursday, with "
            "the state election commission reporting a provisional turnout of over 75 per cent.",
            "Polling was largely peaceful, officials said, though complaints of disruption were received "
            "from a few booths in two districts.",
            "Long queues formed outside polling stations in the morning before rain slowed voting in some "
            "areas in the afternoon.",
            "Counting of votes will begin next week.",
        ),
    ),
    _story(
        id=86010,
        slug="gst-collections-rise-for-third-straight-month",
        section="finance",
        also_in=("news",),
        title="GST collections rise for third straight month",
        byline_date="Oct 1, 2026, at 06:30 pm",
        expected_published="2026-10-01T18:30:00+05:30",
        markup="plain",
        canonical=True,
        dateline="New Delhi/IBNS:",
        tags=("Economy", "भारत"),
        paragraphs=(
            "Goods and services tax collections rose for the third straight month in September, according "
            "to figures released by the finance ministry on Thursday.",
            "Officials said the increase reflected stronger domestic consumption ahead of the festival "
            "season and better compliance by businesses.",
            "Several large states reported double-digit growth in collections compared with the same month "
            "last year.",
            "Economists said the figures suggested the economy was holding up despite slower global demand.",
        ),
    ),
    _story(
        id=86920,
        slug="g20-finance-ministers-meet-amid-tariff-tensions",
        section="world",
        also_in=("finance",),
        has_image=False,
        title="G20 finance ministers meet amid tariff tensions",
        byline_date="2 hours ago",
        expected_published=None,
        markup="plain",
        dateline="Johannesburg/UNI/IBNS:",
        tags=("Economy", "US", "China"),
        paragraphs=(
            "Finance ministers and central bank governors from the Group of 20 economies met in "
            "Johannesburg on Friday amid rising tensions over trade tariffs.",
            "Several delegations called for a return to rules-based trade and warned that new tariffs could "
            "slow global growth next year.",
            "Officials said a joint statement was still being negotiated and might be replaced by a chair's "
            "summary if members could not agree.",
            "India's delegation was expected to raise debt relief for low-income countries during the "
            "closing session.",
        ),
    ),
    _story(
        id=86935,
        slug="mumbai-coastal-road-second-phase-opens-to-traffic",
        section="news",
        title="Mumbai coastal road second phase opens to traffic",
        byline_date="Yesterday",
        expected_published=None,
        markup="plain",
        canonical=True,
        dateline="Mumbai/IBNS:",
        tags=("Mumbai", "Infrastructure"),
        paragraphs=(
            "The second phase of Mumbai's coastal road opened to traffic on Thursday, linking the western "
            "suburbs with the southern business district along the sea front.",
            "Civic officials said the new stretch would cut travel time for motorists by up to half an hour "
            "at peak hours.",
            "Cyclists and walkers will be allowed on a promenade along part of the route from next month, "
            "officials said.",
            "Some residents raised concerns about noise and the effect of construction on fishing "
            "communities, which the civic body said it would address.",
        ),
    ),
    _story(
        id=86940,
        slug="selectors-name-india-a-squad-for-south-africa-tour",
        section="sports",
        title="Selectors name India A squad for South Africa tour",
        byline_date="5 hours ago",
        expected_published=None,
        markup="plain",
        image_lazy=True,
        dateline="Mumbai/IBNS:",
        tags=("Cricket",),
        paragraphs=(
            "National selectors on Friday named a 16-member India A squad for a tour of South Africa that "
            "includes two four-day matches and three one-day games.",
            "The squad includes several uncapped batters who scored heavily in the domestic season, along "
            "with two fast bowlers returning from injury.",
            "The tour is meant to give fringe players experience of bouncy pitches before next year's "
            "international season, the selectors said.",
            "The team will leave next week after a short preparatory camp in Bengaluru.",
        ),
    ),
    _story(
        id=86945,
        slug="film-festival-in-goa-announces-opening-film",
        section="showbiz",
        title="Film festival in Goa announces opening film",
        byline_date="Yesterday",
        expected_published=None,
        markup="plain",
        dateline="Panaji/IBNS:",
        tags=("Cinema", "Goa"),
        paragraphs=(
            "The international film festival in Goa announced on Thursday that a Marathi drama about a "
            "travelling theatre troupe would open this year's edition.",
            "The festival will screen more than 180 films, including a section devoted to restored classics "
            "from Indian regional cinema.",
            "Organisers said they had added screens in Panaji and Margao to shorten queues for popular "
            "screenings.",
            "Delegate registrations have already passed last year's figures, according to the organisers.",
        ),
    ),
)
