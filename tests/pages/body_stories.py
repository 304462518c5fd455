"""The stories of the body-shape pages (written for these fixtures; see body_shapes.py)."""

from __future__ import annotations

from body_shapes import PLACEHOLDER, Story


def _ld(kind: str, headline: str, published: str, **more: object) -> dict:
    return {"@context": "https://schema.org", "@type": kind, "headline": headline, "datePublished": published,
            "author": {"@type": "Person", "name": "Staff Writer"}, **more}


FERRY = [
    ("p", "The last ferry of the evening from Lakeport to Gull Island will leave half an hour later from Monday, the "
          "transit authority said on Friday, after commuters complained that they could not reach the pier in time."),
    ("p", "The 7.30 pm crossing moves to 8 pm for a six-month trial. Morning departures are unchanged."),
]
FLOOD_LINKS = (
    'Relief teams from the <a href="/tags/ndrf">National Disaster Response Force</a>, the '
    '<a href="/tags/assam-police">Assam Police</a> and the <a href="/tags/red-cross">Indian Red Cross Society</a> '
    'reached <a href="/tags/dhubri">Dhubri</a>, <a href="/tags/goalpara">Goalpara</a> and '
    '<a href="/tags/barpeta">Barpeta</a> on Wednesday, officials said.'
)
BIRDS = [
    ("p", "The swallows came back to the old dairy barn on Tuesday, nine days later than last year and a full two weeks "
          "later than the spring of 2019, when Mr Haldane first started keeping his notebook by the door."),
    ("p", "He counted fourteen birds on the first evening and twenty-two by the end of the week. Most of them went "
          "straight to last year's nests under the beams, which he had left untouched over the winter."),
    ("p", "Late arrivals are not unusual after a cold April, the regional bird club said, and the numbers so far are "
          "in line with the ten-year average for the valley."),
    ("p", "Story published on Oct 5, 2022. Corrections and sightings can be sent to the club's spring survey."),
]
STORIES = [
    Story(
        case="body-short-two-paragraphs", template="metro",
        url="https://www.lakeportledger.example/2024/06/14/ferry-timetable-change/",
        title="Last Gull Island ferry to leave half an hour later",
        head_title="Last Gull Island ferry to leave half an hour later | The Lakeport Ledger",
        og_title="Last Gull Island ferry to leave half an hour later",
        published="2024-06-14T16:05:00-04:00",
        jsonld=_ld("NewsArticle", "Last Gull Island ferry to leave half an hour later", "2024-06-14T16:05:00-04:00"),
        dateline_html='<div class="entry-meta"><span class="byline">By <a href="/author/jt">Jo Tran</a></span> '
                      '<time class="entry-date published" datetime="2024-06-14T16:05:00-04:00">June 14, 2024</time></div>',
        blocks=FERRY, comments=True,
        absent=["Sign up for our newsletter", "thoughts on this story", "Recent Posts", "About the author", "Share on"],
    ),
    Story(
        case="body-link-heavy-paragraph", template="portal",
        url="https://www.indiablooms.com/news/relief-teams-reach-flooded-districts/details",
        title="Relief teams reach three flooded districts in Assam",
        head_title="Relief teams reach three flooded districts in Assam | Indiablooms - First Portal on Digital News Management",
        og_title="Relief teams reach three flooded districts in Assam",
        published="2021-07-07T10:49:00+05:30", timezone="Asia/Kolkata",
        dateline_html='<div class="byline">| @indiablooms | Jul 7, 2021, at 10:49 am</div>',
        blocks=[("p", "Guwahati/IBNS: " + FLOOD_LINKS)],
        absent=["@indiablooms", "Jul 7, 2021", "Support Our Journalism", "Most Read", "Breaking"],
    ),
    Story(
        case="body-lazy-images", template="modern",
        url="https://www.dailycurrent.example/science/2023/09/21/glacier-survey",
        title="Survey finds alpine glacier lost a tenth of its ice in two summers",
        head_title="Survey finds alpine glacier lost a tenth of its ice in two summers - The Daily Current",
        og_title="Survey finds alpine glacier lost a tenth of its ice in two summers",
        published="2023-09-21T07:30:00+02:00",
        jsonld=_ld("NewsArticle", "Survey finds alpine glacier lost a tenth of its ice in two summers", "2023-09-21T07:30:00+02:00"),
        dateline_html='<div class="css-mt01"><span class="css-by">By Lena Frei</span> <time datetime="2023-09-21T07:30:00+02:00">Sept. 21, 2023</time></div>',
        blocks=[
            ("p", "A survey of the Hohfirn glacier published on Thursday found that it lost about ten percent of its ice "
                  "volume in the summers of 2022 and 2023, the fastest loss since measurements began in 1914."),
            ("figure", f'<figure><img src="{PLACEHOLDER}" data-src="/media/2023/09/hohfirn-tongue.jpg" alt="The glacier tongue">'
                       '<figcaption>The glacier tongue in August, with the 2010 ice line marked in red.</figcaption></figure>'),
            ("p", "The team drilled through the ice at eleven points and compared radar readings with aerial photographs "
                  "taken every autumn since 2010. Thinning was strongest below 2,800 metres."),
            ("p", "Meltwater from the glacier feeds two reservoirs that supply power to about 40,000 homes. The operator "
                  "said output had not yet been affected but that it was revising its long-term forecasts."),
            ("figure", f'<figure><img src="{PLACEHOLDER}" data-lazy-src="https://cdn.dailycurrent.example/img/drill-camp.jpg" '
                       'srcset="" alt="Drill camp"><figcaption>The drilling camp at 3,100 metres.</figcaption></figure>'),
            ("p", "Researchers said they would return next spring to install instruments that measure the flow of the ice "
                  "through the winter, when the glacier was long assumed to be stable."),
            ("figure", '<figure><img src="data:image/svg+xml,%3Csvg%3E%3C/svg%3E" data-srcset="/media/2023/09/map-400.png 400w, '
                       '/media/2023/09/map-800.png 800w" alt="Map"><figcaption>Where the eleven boreholes were drilled.</figcaption></figure>'),
        ],
        images=["https://www.dailycurrent.example/media/2023/09/hohfirn-tongue.jpg",
                "https://cdn.dailycurrent.example/img/drill-camp.jpg",
                "https://www.dailycurrent.example/media/2023/09/map-800.png"],
        absent=["Support independent journalism", "More stories", "Live updates", "Related:"],
    ),
    Story(
        case="body-kicker-spans", template="modern",
        url="https://www.dailycurrent.example/politics/2024/02/02/budget-deal",
        title="Exclusive: Budget deal hinges on a single vote in the upper house",
        head_title="Exclusive: Budget deal hinges on a single vote in the upper house | The Daily Current",
        og_title="Exclusive: Budget deal hinges on a single vote in the upper house | The Daily Current",
        h1_html='<span class="css-kick">Exclusive</span><span class="css-sep">: </span><span class="css-hl">Budget deal hinges on a single vote in the upper house</span>',
        published="2024-02-02T11:45:00-05:00",
        meta_extra='<meta property="article:published_time" content="2024-02-02T16:45:00Z">',
        dateline_html='<div class="css-mt01"><span class="css-by">By Sam Oduya and Priya Nair</span> '
                      '<span class="css-ts">Feb. 2, 2024, 11:45 a.m. ET</span></div>',
        blocks=[
            ("p", "The spending agreement reached by negotiators late on Thursday will pass only if a single senator who "
                  "has not declared her position votes for it, three people involved in the talks said."),
            ("p", "The senator, who represents a rural district, has said she wants guarantees for two hospital projects "
                  "in her region before she commits. Her office did not respond to requests for comment."),
            ("p", "Leaders in both parties have described the deal as the best available. It keeps spending on defence "
                  "flat, raises education funding by four percent and delays a planned cut to fuel subsidies."),
            ("quote", "“We have one chance to get this done before the recess,” one negotiator said."),
            ("p", "A vote is expected on Tuesday. If the bill fails, a stopgap measure would keep the government funded "
                  "at current levels until the end of March."),
            ("p", "Markets barely moved on the news, with analysts saying a deal had been expected for weeks."),
        ],
        absent=["Support independent journalism", "Related:", "How the budget talks fell apart", "By Sam Oduya"],
    ),
    Story(
        case="body-kicker-two-spans-jsonld", template="metro",
        url="https://www.lakeportledger.example/2024/03/08/water-rates-analysis/",
        title="Analysis: Why your water bill is going up again",
        head_title="Why your water bill is going up again - The Lakeport Ledger",
        og_title="Why your water bill is going up again",
        h1_html='<span class="kicker">Analysis</span><span class="headline">Why your water bill is going up again</span>',
        published="2024-03-08T06:00:00-05:00",
        jsonld=_ld("AnalysisNewsArticle", "Analysis: Why your water bill is going up again", "2024-03-08T06:00:00-05:00"),
        dateline_html='<p class="posted-on">Posted March 8, 2024</p>',
        blocks=[
            ("p", "Residents will pay about 7 percent more for water from July, the third increase in as many years. "
                  "The utility says the money is needed to replace pipes laid in the 1950s."),
            ("h2", "Old pipes, new rules"),
            ("p", "About a third of the city's mains are more than 70 years old. A state rule adopted last year requires "
                  "utilities to replace lead service lines within a decade, at an estimated cost of $180 million here."),
            ("p", "Federal grants will cover part of that, but the utility's board voted in February to fund the rest "
                  "through rates rather than a bond, to avoid interest payments."),
            ("h2", "What it means for a household"),
            ("ul", "A typical family using 5,000 gallons a month will pay about $4 more||Seniors and low-income households "
                   "can apply for a 30 percent discount||Businesses face a separate, steeper increase"),
            ("p", "Critics on the council say the board should have spread the cost over a longer period. The board "
                  "says it will review rates again in 2026."),
        ],
        absent=["Sign up for our newsletter", "Harbour plan faces fresh legal challenge", "Recent Posts"],
    ),
    Story(
        case="body-mislabelled-utf8", template="euro", lang="de", charset="iso-8859-1",
        url="https://www.nordkurier-rundschau.example/politik/2023/05/11/buergerrat-stimmt-fuer-fuenf-tage-schule",
        title="Bürgerrat stimmt für längere Öffnungszeiten der Büchereien",
        head_title="Bürgerrat stimmt für längere Öffnungszeiten der Büchereien | Nordkurier Rundschau",
        og_title="Bürgerrat stimmt für längere Öffnungszeiten der Büchereien",
        
        published="2023-05-11T14:20:00+02:00",
        meta_extra='<meta property="article:published_time" content="2023-05-11T14:20:00+02:00">',
        dateline_html='<p class="datum">11. Mai 2023, 14:20 Uhr</p>',
        blocks=[
            ("p", "Der Bürgerrat der Stadt hat sich am Donnerstag mit großer Mehrheit für längere Öffnungszeiten der "
                  "städtischen Büchereien ausgesprochen. Künftig sollen die Häuser auch sonntags geöffnet sein."),
            ("p", "Für den Vorschlag stimmten 41 der 50 Mitglieder. Die Kosten für zusätzliches Personal schätzt die "
                  "Verwaltung auf rund 300.000 Euro im Jahr."),
            ("p", "Ob der Stadtrat dem Votum folgt, ist offen. Mehrere Fraktionen hatten zuvor Bedenken wegen der "
                  "angespannten Haushaltslage geäußert."),
            ("p", "Die Bürgerräte waren 2021 eingeführt worden, um Einwohnerinnen und Einwohner früher an "
                  "Entscheidungen zu beteiligen. Ihre Empfehlungen sind für den Stadtrat nicht bindend."),
            ("p", "Eine Entscheidung wird für die Sitzung im Juli erwartet."),
            ("p", "Die Büchereien verzeichneten im vergangenen Jahr knapp 900.000 Besuche, so viele wie seit zehn Jahren nicht."),
        ],
        absent=["Ã", "Mehr zum Thema", "Weitere Artikel", "Eilmeldung", "Anzeige"],
    ),
    Story(
        case="body-latin1-genuine", template="euro", lang="fr", charset="iso-8859-1", encoding="cp1252",
        url="https://www.lecourrierdulac.example/region/2022/11/03/la-fete-des-vendanges-deplacee",
        title="La fête des vendanges déplacée à l’automne prochain",
        head_title="La fête des vendanges déplacée à l’automne prochain – Le Courrier du Lac",
        og_title="La fête des vendanges déplacée à l’automne prochain",
        
        published="2022-11-03T09:15:00+01:00",
        jsonld=_ld("NewsArticle", "La fête des vendanges déplacée à l’automne prochain", "2022-11-03T09:15:00+01:00"),
        dateline_html='<p class="date">Publié le 3 novembre 2022 à 9 h 15</p>',
        blocks=[
            ("p", "Les organisateurs de la fête des vendanges ont annoncé mercredi que l’édition prévue en septembre "
                  "serait repoussée d’un an, faute de bénévoles en nombre suffisant."),
            ("p", "« Nous préférons une belle fête en 2024 à une fête bâclée cette année », a expliqué la présidente du "
                  "comité, qui cherche encore une centaine de personnes pour tenir les stands."),
            ("p", "La commune s’est dite prête à soutenir l’événement, qui attire chaque année près de 20 000 visiteurs "
                  "sur les quais."),
        ],
        mid_appeal=False, absent=["Ã©", "Weitere Artikel"],
    ),
    Story(
        case="body-text-only-date", template="blog",
        url="https://valleynotes.example/swallows-return-to-the-old-dairy.html",
        title="Swallows return to the old dairy",
        head_title="Notes from the Valley: Swallows return to the old dairy",
        og_title=None, published="2022-10-05",
        dateline_html="",
        blocks=BIRDS, comments=True, mid_appeal=False,
        absent=["Blog Archive", "About Me", "Leave a Reply", "Posted by"],
    ),
    Story(
        case="body-time-data-published", template="metro",
        url="https://www.lakeportledger.example/news/library-roof-repairs",
        title="Library roof repairs to close reading room until autumn",
        head_title="Library roof repairs to close reading room until autumn | The Lakeport Ledger",
        og_title="Library roof repairs to close reading room until autumn",
        published="2023-03-09T14:20:00-05:00",
        dateline_html='<div class="meta"><time data-published="2023-03-09T14:20:00-05:00">Thursday</time></div>',
        blocks=[
            ("p", "The main reading room of the central library will close on Monday for roof repairs that are expected "
                  "to last until the autumn, the library board said."),
            ("p", "Books and computers from the room will move to the community hall next door. Opening hours stay the "
                  "same, and the children's floor is not affected."),
            ("p", "Inspectors found water damage above the reading room after the storms in January. The repairs will "
                  "cost about $2.3 million, most of it covered by insurance."),
        ],
        absent=["Sign up for our newsletter", "Recent Posts"],
    ),
    Story(
        case="body-gallery", template="modern",
        url="https://www.dailycurrent.example/culture/2024/05/18/harbour-festival-in-pictures",
        title="The harbour festival in pictures",
        head_title="The harbour festival in pictures | The Daily Current",
        og_title="The harbour festival in pictures",
        published="2024-05-18T20:10:00+01:00",
        jsonld=_ld("NewsArticle", "The harbour festival in pictures", "2024-05-18T20:10:00+01:00"),
        dateline_html='<time datetime="2024-05-18T20:10:00+01:00">18 May 2024</time>',
        blocks=[("p", "Tall ships, brass bands and a night-time lantern parade drew tens of thousands to the harbour this weekend.")]
        + [("figure", f'<figure class="gallery-item"><img src="/media/gallery/festival-{i}.jpg" alt="Festival {i}">'
                      f'<figcaption>{c}</figcaption></figure>')
           for i, c in enumerate([
               "The Johanna, a 1911 schooner, enters the harbour on Saturday morning.",
               "Children from the Eastside school band lead the opening parade.",
               "Lanterns made by local artists are carried along the quay after dark.",
               "Visitors queue for the open day aboard the lifeboat.",
               "Fireworks over the old customs house close the festival on Sunday night.",
           ], 1)],
        mid_appeal=False,
        images=[f"https://www.dailycurrent.example/media/gallery/festival-{i}.jpg" for i in range(1, 6)],
        absent=["More stories", "Live updates"],
    ),
    Story(
        case="body-live-blog", template="metro",
        url="https://www.lakeportledger.example/2024/11/05/election-night-live/",
        title="Election night: live updates as results come in",
        head_title="Election night: live updates as results come in | The Lakeport Ledger",
        og_title="Election night: live updates as results come in",
        published="2024-11-05T19:00:00-05:00",
        jsonld=_ld("LiveBlogPosting", "Election night: live updates as results come in", "2024-11-05T19:00:00-05:00",
                   coverageStartTime="2024-11-05T19:00:00-05:00"),
        dateline_html='<div class="entry-meta"><time class="entry-date published" datetime="2024-11-05T19:00:00-05:00">Nov. 5, 2024</time></div>',
        blocks=[
            ("h3", "10:42 pm"),
            ("p", "The county clerk says all but four precincts have now reported. Turnout stands at 61 percent, up from 54 percent four years ago."),
            ("h3", "9:58 pm"),
            ("p", "Incumbent mayor Dana Ruiz has conceded in a short speech to supporters at the union hall, thanking "
                  "volunteers and promising to work with her successor."),
            ("h3", "9:15 pm"),
            ("p", "With two thirds of precincts counted, challenger Omar Beck leads by about 3,000 votes. The harbour "
                  "bond measure is passing comfortably."),
            ("h3", "8:01 pm"),
            ("p", "Polls have closed. Officials expect the first results from mail ballots within the hour."),
        ],
        mid_appeal=False, absent=["Recent Posts", "Sign up for our newsletter", "About the author"],
    ),
    Story(
        case="body-paywall-teaser", template="modern",
        url="https://www.dailycurrent.example/business/2024/04/30/bakery-chain-expands",
        title="Family bakery chain to open twelve shops in the north",
        head_title="Family bakery chain to open twelve shops in the north | The Daily Current",
        og_title="Family bakery chain to open twelve shops in the north",
        published="2024-04-30T08:00:00+01:00",
        jsonld=_ld("NewsArticle", "Family bakery chain to open twelve shops in the north", "2024-04-30T08:00:00+01:00",
                   isAccessibleForFree=False,
                   hasPart={"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".paywalled"}),
        dateline_html='<time datetime="2024-04-30T08:00:00+01:00">30 April 2024</time>',
        blocks=[
            ("p", "Crumb & Co, the family-owned bakery chain founded in a single shop in 1964, will open twelve new "
                  "branches in the north over the next two years, its chief executive said on Tuesday."),
            ("p", "The expansion will create about 200 jobs. The company, which now runs 48 shops, said it had financed "
                  "the move from its own profits and a loan from a regional bank."),
            ("embed", '<div class="paywall"><h3>Subscribe to continue reading</h3><p>You have reached your limit of '
                      'free articles this month. Subscribe now for unlimited access.</p><a href="/subscribe">Subscribe</a></div>'),
        ],
        mid_appeal=False, absent=["Subscribe to continue reading", "free articles"],
    ),
    Story(
        case="body-long-feature", template="magazine",
        url="https://longreadquarterly.example/features/2023/the-last-lighthouse-keepers",
        title="The last lighthouse keepers",
        head_title="The last lighthouse keepers | The Long Read Quarterly",
        og_title="The last lighthouse keepers",
        published="2023-08-12T06:00:00+01:00",
        jsonld=_ld("Article", "The last lighthouse keepers", "2023-08-12T06:00:00+01:00"),
        dateline_html='<p class="byline">By Ines Marlow · <time datetime="2023-08-12T06:00:00+01:00">Sat 12 Aug 2023 06.00 BST</time></p>',
        blocks=[
            ("p", "For 41 years, Tom Ashby climbed the 117 steps of the Skerry Point light twice a day. He wound the "
                  "clockwork, trimmed the wicks and, when the fog came in, sounded the horn every ninety seconds until it lifted."),
            ("p", "The light was automated in 1998. Ashby stayed on as its attendant, visiting once a month to check the "
                  "batteries, and when he retired last winter the board that runs the lights did not replace him."),
            ("p", "He is one of a handful of former keepers still living on the coast. Their knowledge, of weather, of "
                  "the sea, of the machines, is disappearing with them, and a small group of volunteers is trying to record it."),
            ("h2", "A life measured in watches"),
            ("p", "Keepers worked in watches of four hours, through the night, in teams of three. Ashby remembers the "
                  "silence most: no radio after midnight, only the turning of the lens and the wind in the gallery rail."),
            ("quote", "“You learned to hear the weather before you could see it. The glass would hum a different note.”"),
            ("p", "The work was not romantic, he insists. It was cleaning brass, logging barometer readings every three "
                  "hours and painting, always painting, because the salt took the colour off the tower within a year."),
            ("figure", '<figure><img src="/media/features/skerry-lens.jpg" alt="The lens"><figcaption>The first-order '
                       'lens at Skerry Point, installed in 1872.</figcaption></figure>'),
            ("h2", "What the volunteers want to save"),
            ("p", "The oral history project has so far recorded 23 former keepers and their families. Its organisers "
                  "have three aims:"),
            ("ol", "record every surviving keeper before 2026||digitise the station logbooks, some of which go back to the "
                   "1850s||restore one keeper's cottage as it was in the 1960s"),
            ("p", "The logbooks are the most urgent. Many were stored in damp outbuildings when the stations were "
                  "automated, and some pages can no longer be read."),
            ("h3", "A race against the damp"),
            ("p", "Volunteers photograph each page under raking light, then transcribe the entries by hand. It takes "
                  "about an hour to do ten pages; there are some 40,000 left."),
            ("p", "Ashby has offered to help read the older hands. “I know what they were writing about,” he says. "
                  "“Half of it is the weather and the other half is complaints about the food.”"),
        ],
        images=["https://longreadquarterly.example/media/features/skerry-lens.jpg"],
        absent=["We are not asking for charity", "Advertisement", "Sign up to the Long Read", "cookies", "More stories"],
    ),
    Story(
        case="body-spanish", template="metro", lang="es",
        url="https://www.diariodelvalle.example/2022/10/05/el-ayuntamiento-aprueba-el-carril-bici/",
        title="El ayuntamiento aprueba el nuevo carril bici de la avenida del puerto",
        head_title="El ayuntamiento aprueba el nuevo carril bici de la avenida del puerto - Diario del Valle",
        og_title="El ayuntamiento aprueba el nuevo carril bici de la avenida del puerto",
        published="2022-10-05T13:40:00+02:00",
        meta_extra='<meta property="article:published_time" content="2022-10-05T13:40:00+02:00">',
        dateline_html='<div class="entry-meta"><span class="byline">Por Ana Ruiz</span> <span class="fecha">5 de octubre de 2022</span></div>',
        blocks=[
            ("p", "El pleno del ayuntamiento aprobó este miércoles la construcción de un carril bici de 3,2 kilómetros "
                  "en la avenida del puerto, una obra reclamada desde hace años por las asociaciones vecinales."),
            ("p", "El proyecto, con un presupuesto de 1,8 millones de euros, eliminará una fila de aparcamiento en cada "
                  "sentido. Las obras comenzarán en enero y durarán unos ocho meses."),
            ("p", "La oposición votó en contra por considerar que el comercio de la zona se verá perjudicado durante "
                  "las obras. El equipo de gobierno prometió ayudas para los negocios afectados."),
            ("p", "Según el consistorio, por la avenida pasan cada día cerca de 1.500 ciclistas, el doble que hace cinco años."),
            ("p", "La asociación de vecinos del barrio del puerto celebró la decisión y pidió que el carril se prolongue "
                  "hasta la estación de tren en una segunda fase."),
            ("p", "El alcalde aseguró que esa ampliación se estudiará el próximo año."),
        ],
        comments=True, absent=["Sign up for our newsletter", "Por Ana Ruiz", "Leave a Reply"],
    ),
    Story(
        case="body-japanese-mislabelled", template="modern", lang="ja", charset="Shift_JIS",
        url="https://www.dailycurrent.example/ja/2024/01/15/snow-festival",
        title="雪まつり、過去最多の来場者を記録",
        head_title="雪まつり、過去最多の来場者を記録 | デイリーカレント",
        og_title="雪まつり、過去最多の来場者を記録",
        published="2024-01-15T18:30:00+09:00",
        meta_extra='<meta property="article:published_time" content="2024-01-15T18:30:00+09:00">',
        dateline_html='<time datetime="2024-01-15T18:30:00+09:00">2024年1月15日 18:30</time>',
        blocks=[
            ("p", "市の発表によると、今年の雪まつりには7日間で約250万人が訪れ、過去最多を記録した。"),
            ("p", "海外からの来場者が前年の2倍近くに増えたことが主な要因とみられる。会場周辺のホテルはほぼ満室となった。"),
            ("p", "実行委員会は来年、会場を広げて雪像の数を増やす方針を明らかにした。"),
        ],
        mid_appeal=False, absent=["ã", "More stories"],
    ),
    Story(
        case="body-naive-time-offset-elsewhere", template="metro",
        url="https://www.lakeportledger.example/2023/11/02/bridge-closure/",
        title="Harbour bridge to close overnight for inspections",
        head_title="Harbour bridge to close overnight for inspections | The Lakeport Ledger",
        og_title="Harbour bridge to close overnight for inspections",
        published="2023-11-02T18:08:00-04:00",
        meta_extra='<meta property="article:published_time" content="2023-11-02T18:08:00">'
                   '<meta property="article:modified_time" content="2023-11-02T19:30:00-04:00">',
        dateline_html='<div class="entry-meta"><span class="posted-on">Nov. 2, 2023, 6:08 PM</span></div>',
        blocks=[
            ("p", "The harbour bridge will close to traffic from 10 pm to 5 am on three nights next week so that "
                  "engineers can inspect its cables, the transport department said on Thursday."),
            ("p", "Drivers will be diverted over the river crossing at Millbrook, which adds about fifteen minutes to "
                  "the journey. Buses will run on the diversion route."),
            ("p", "The inspections are part of a routine check carried out every five years."),
        ],
        absent=["Recent Posts", "Nov. 2, 2023"],
    ),
    Story(
        case="body-jsonld-articlebody-check", template="euro", lang="de",
        url="https://www.nordkurier-rundschau.example/wirtschaft/2024/03/19/werft-erhaelt-grossauftrag",
        title="Werft erhält Großauftrag für vier Fähren",
        head_title="Werft erhält Großauftrag für vier Fähren | Nordkurier Rundschau",
        og_title="Werft erhält Großauftrag für vier Fähren",
        
        published="2024-03-19T10:05:00+01:00",
        jsonld=_ld("NewsArticle", "Werft erhält Großauftrag für vier Fähren", "2024-03-19T10:05:00+01:00",
                   articleBody=("Die Werft im Stadthafen hat einen Auftrag über den Bau von vier Elektrofähren erhalten. "
                                "Das Volumen liegt nach Angaben des Unternehmens bei rund 160 Millionen Euro.\n"
                                "Die Schiffe sollen ab 2026 auf den Linien zu den Inseln fahren und die bisherigen "
                                "Dieselfähren ersetzen. Jede Fähre bietet Platz für 400 Passagiere und 60 Autos.\n"
                                "Mit dem Auftrag seien die rund 700 Arbeitsplätze der Werft für mindestens vier Jahre "
                                "gesichert, sagte der Betriebsratsvorsitzende.\n"
                                "Die Landesregierung unterstützt den Bau mit Fördermitteln in Höhe von 40 Millionen Euro.")),
        dateline_html='<p class="datum">19.03.2024, 10:05 Uhr</p>',
        blocks=[
            ("p", "Die Werft im Stadthafen hat einen Auftrag über den Bau von vier Elektrofähren erhalten. Das Volumen "
                  "liegt nach Angaben des Unternehmens bei rund 160 Millionen Euro."),
            ("p", "Die Schiffe sollen ab 2026 auf den Linien zu den Inseln fahren und die bisherigen Dieselfähren "
                  "ersetzen. Jede Fähre bietet Platz für 400 Passagiere und 60 Autos."),
            ("embed", "<p>Jetzt den Newsletter der Rundschau abonnieren und jeden Morgen die wichtigsten Nachrichten "
                      "aus der Region kostenlos in Ihrem Postfach erhalten, mit allen Hintergründen.</p>"),
            ("p", "Mit dem Auftrag seien die rund 700 Arbeitsplätze der Werft für mindestens vier Jahre gesichert, "
                  "sagte der Betriebsratsvorsitzende."),
            ("p", "Die Landesregierung unterstützt den Bau mit Fördermitteln in Höhe von 40 Millionen Euro."),
        ],
        mid_appeal=False, absent=["Newsletter", "Weitere Artikel", "Teilen"],
    ),
    Story(
        case="body-indiablooms-profile", template="portal",
        url="https://www.indiablooms.com/world/talks-resume-in-geneva/details",
        title="Talks resume in Geneva as envoys seek a ceasefire",
        head_title="Talks resume in Geneva as envoys seek a ceasefire | Indiablooms - First Portal on Digital News Management",
        og_title="Talks resume in Geneva as envoys seek a ceasefire",
        published="2021-03-19T00:47:00+05:30",
        dateline_html='<div class="byline">| @indiablooms | Mar 19, 2021, at 12:47 am</div>',
        blocks=[
            ("p", "Geneva/UNI/IBNS: Envoys from both sides returned to the negotiating table in Geneva on Thursday, "
                  "the first direct talks in three months, a United Nations spokesperson said."),
            ("p", "The talks are expected to focus on a ceasefire along the northern front and on the exchange of prisoners, "
                  "diplomats familiar with the agenda said."),
            ("p", "No timeline has been set for the negotiations, which are taking place behind closed doors."),
        ],
        mid_appeal=False, absent=["@indiablooms", "Support Our Journalism", "Mar 19, 2021"],
        profile="sites/indiablooms.toml",
    ),
]

# A second batch, in templates the body layer was not tuned on when they were written.
STORIES += [
    Story(
        case="body2-wire-dateline", template="wire",
        url="https://wire.example/article/ferry-fire-maine-coast-3f9a1c",
        title="Ferry catches fire off Maine coast; all 112 aboard rescued",
        head_title="Ferry catches fire off Maine coast; all 112 aboard rescued | Wire Service",
        og_title="Ferry catches fire off Maine coast; all 112 aboard rescued",
        published="2023-11-02T18:08:00-04:00",
        dateline_html='<div class="Page-dateModified"><bsp-timestamp data-timestamp="1698962880000">'
                      '<span>Updated 6:08 PM EDT, November 2, 2023</span></bsp-timestamp></div>'
                      '<div class="Page-authors"><span>By </span><a class="Link" href="/author/ra">RUTH ALDEN</a></div>',
        blocks=[
            ("p", "LAKEPORT, Maine (AP) — A passenger ferry caught fire off the Maine coast on Thursday afternoon, and "
                  "all 112 people on board were rescued by fishing boats and the Coast Guard, officials said."),
            ("p", "The fire started in the engine room about two miles from the harbour, the ferry operator said. Smoke "
                  "was visible from the shore for more than an hour."),
            ("p", "Four people were treated for smoke inhalation. None of the injuries were life-threatening, a hospital "
                  "spokesperson said."),
            ("p", "“The crew did everything right,” said Coast Guard Lt. Maria Ortiz. “They got everyone onto the deck "
                  "and into life jackets before the first boat arrived.”"),
            ("p", "The cause of the fire is under investigation. The ferry, built in 1989, passed its last inspection in May."),
            ("p", "Service to the islands will be suspended until at least Monday."),
            ("p", "___"),
            ("p", "Associated writer Dan Holm contributed from Portland."),
        ],
        absent=["Latest", "Advertisement", "Related coverage", "RUTH ALDEN"],
    ),
    Story(
        case="body2-oldschool-br", template="oldschool",
        url="https://www.valleytribune.example/story.asp?id=20731",
        title="Grain elevator to be turned into a museum",
        head_title="Valley Tribune - Grain elevator to be turned into a museum",
        og_title=None, published="2021-03-19",
        dateline_html='<font size="1">Posted: 03/19/2021</font>',
        blocks=[
            ("p", "The old grain elevator by the rail yard will become a museum of farming history, the county board "
                  "decided Thursday night in a 4-1 vote."),
            ("p", "The building has stood empty since 1994. A group of volunteers raised $380,000 over three years to "
                  "make it safe and will now apply for state heritage grants to pay for the exhibits."),
            ("p", "\"My father hauled wheat to that elevator every fall for thirty years,\" said board member Ruth Sandoval. "
                  "\"It belongs to all of us.\""),
            ("p", "The lone vote against came from a member who said the county could not afford the upkeep."),
        ],
        mid_appeal=False, absent=["Other stories", "Copyright 2024", "Home >"],
    ),
    Story(
        case="body2-tabloid-embeds", template="tabloid",
        url="https://www.dailystar-gazette.example/showbiz/tv/quiz-host-returns-29481",
        title="Quiz show host returns to screens after two-year break",
        head_title="Quiz show host returns to screens after two-year break - Daily Star Gazette",
        og_title="Quiz show host returns to screens after two-year break",
        published="2024-02-20T21:15:00+00:00",
        dateline_html='<div class="article__byline"><span class="author">By Kim Lee, Showbiz Reporter</span> '
                      '<time itemprop="datePublished" datetime="2024-02-20T21:15:00Z">21:15, 20 Feb 2024</time></div>',
        blocks=[
            ("p", "The host of the nation's favourite teatime quiz is returning to screens next month after a two-year break, the broadcaster confirmed tonight."),
            ("p", "She stepped away from the show in 2022 to care for her mother and has since written a memoir about the experience."),
            ("p", "Producers said the format would stay the same, with one change: a new final round in which contestants can team up with a viewer at home."),
            ("post", '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">So happy to be coming home to the studio. See you in March! '
                      '— Quiz Host (@quizhost) <a href="https://twitter.com/quizhost/status/1760000000000000000">February 20, 2024</a></p></blockquote>'),
            ("p", "Fans reacted with delight on social media, with thousands sharing clips of her best-known moments within an hour of the announcement."),
            ("video", '<div class="embed-video"><iframe src="https://www.youtube.com/embed/abc123xyz" title="Watch the new series trailer"></iframe></div>'),
            ("p", "The new series will air on weekdays at 5pm from March 11."),
            ("p", "Filming begins next week at the broadcaster's northern studios, where the show has been made since 2009."),
        ],
        comments=True, absent=["READ MORE", "Promoted Stories", "We and our partners use cookies", "By Kim Lee"],
    ),
    Story(
        case="body2-ghost-essay", template="ghost",
        url="https://slowthoughts.example/on-repairing-things/",
        title="On repairing things",
        head_title="On repairing things",
        og_title="On repairing things",
        published="2024-04-07T09:30:00+02:00",
        jsonld=_ld("BlogPosting", "On repairing things", "2024-04-07T09:30:00+02:00"),
        dateline_html='<div class="article-byline-meta"><time class="byline-meta-date" datetime="2024-04-07">Apr 7, 2024</time>'
                      '<span class="byline-reading-time"><span class="bull">•</span> 6 min read</span></div>',
        blocks=[
            ("p", "My grandmother kept a drawer for things that might be useful one day: buttons, lengths of string, the "
                  "springs from broken pens. As a child I thought it was a drawer of junk. I now think it was a philosophy."),
            ("p", "Repair asks for attention. You have to understand how a thing works before you can mend it, and that "
                  "understanding changes how you see everything else you own."),
            ("h3", "The toaster"),
            ("p", "Last winter our toaster stopped working. A new one cost less than an hour of a repairer's time, and "
                  "every sensible calculation said to throw it away. I opened it instead."),
            ("p", "Inside was a single broken wire, burnt through where it met the heating element. It took ten minutes "
                  "and a borrowed crimping tool to fix."),
            ("h3", "What we lose"),
            ("p", "The knowledge of how to repair things is not lost all at once. It thins out, one generation and one "
                  "cheap replacement at a time, until nobody in the house remembers where the screwdriver is."),
            ("p", "I do not think we can go back to my grandmother's drawer. But I think we can open the toaster."),
        ],
        absent=["Sign up for more like this", "Enjoying this essay", "6 min read"],
    ),
    Story(
        case="body2-french-updated", template="euro", lang="fr",
        url="https://www.lequotidien.example/planete/article/2021/03/19/les-abeilles-reviennent_6073.html",
        title="Les abeilles reviennent dans les jardins de la ville",
        head_title="Les abeilles reviennent dans les jardins de la ville",
        og_title="Les abeilles reviennent dans les jardins de la ville",
        published="2021-03-19T12:47:00+01:00",
        dateline_html='<p class="meta__publisher"><span class="meta__date">Publié le 19 mars 2021 à 12h47, mis à jour à 15h10</span></p>',
        blocks=[
            ("p", "Pour la troisième année consécutive, le nombre de ruches installées dans les jardins partagés de la "
                  "ville a augmenté, selon le recensement publié vendredi par la mairie."),
            ("p", "On en compte désormais 214, contre 150 il y a deux ans. Les apiculteurs amateurs attribuent ce succès "
                  "à l’interdiction des pesticides dans les espaces verts municipaux, entrée en vigueur en 2017."),
            ("p", "Les spécialistes appellent toutefois à la prudence : trop de ruches en ville peuvent priver les "
                  "pollinisateurs sauvages de nourriture."),
            ("p", "La mairie prévoit de publier un guide des bonnes pratiques avant l’été."),
            ("p", "Un atelier d’initiation sera proposé aux habitants chaque premier samedi du mois."),
            ("p", "Les inscriptions ouvrent lundi sur le site de la ville."),
        ],
        absent=["Mehr zum Thema", "Weitere Artikel", "mis à jour"],
    ),
    Story(
        case="body2-italian", template="metro", lang="it",
        url="https://www.gazzettadellago.example/cronaca/2021/03/19/nuovo-ponte-pedonale/",
        title="Il nuovo ponte pedonale aprirà a maggio",
        head_title="Il nuovo ponte pedonale aprirà a maggio | Gazzetta del Lago",
        og_title="Il nuovo ponte pedonale aprirà a maggio",
        published="2021-03-19T08:30:00+01:00",
        jsonld=_ld("NewsArticle", "Il nuovo ponte pedonale aprirà a maggio", "2021-03-19T08:30:00+01:00"),
        dateline_html='<div class="entry-meta"><span class="data">19 marzo 2021</span></div>',
        blocks=[
            ("p", "Il nuovo ponte pedonale sul fiume sarà aperto al pubblico a metà maggio, con due mesi di ritardo "
                  "rispetto ai piani iniziali, ha annunciato ieri l'assessore ai lavori pubblici."),
            ("p", "Il ritardo è dovuto alle piene dell'autunno, che hanno reso impossibile lavorare sulle fondamenta per "
                  "diverse settimane."),
            ("p", "Il ponte, lungo 140 metri, collegherà il centro storico al parco sulla riva opposta. Il costo è di 4,2 milioni di euro."),
            ("p", "I residenti potranno visitare il cantiere il 10 aprile, in occasione di una giornata aperta."),
            ("p", "Durante i lavori il traffico sul lungofiume resterà limitato a una corsia."),
            ("p", "Il comune ha promesso di ripiantare gli alberi abbattuti per il cantiere entro l'autunno."),
        ],
        absent=["Sign up for our newsletter", "Recent Posts", "19 marzo 2021"],
    ),
    Story(
        case="body2-h1-link-social-og", template="modern",
        url="https://www.dailycurrent.example/science/2024/06/03/comet-visible",
        title="Comet will be visible to the naked eye this week",
        head_title="Comet will be visible to the naked eye this week | The Daily Current",
        og_title="Look up! A once-in-a-lifetime sight is coming this week",
        h1_html='<a href="/science/2024/06/03/comet-visible">Comet will be visible to the naked eye this week</a>',
        published="2024-06-03T05:00:00+00:00",
        jsonld=_ld("NewsArticle", "Comet will be visible to the naked eye this week", "2024-06-03T05:00:00Z"),
        dateline_html='<time datetime="2024-06-03T05:00:00Z">June 3, 2024</time>',
        blocks=[
            ("p", "A comet discovered last year will be bright enough to see without a telescope from Tuesday, "
                  "astronomers say, in the low western sky just after sunset."),
            ("p", "It will be brightest on Thursday and Friday. Binoculars will show its tail, which stretches about "
                  "four times the width of the full moon."),
            ("p", "The comet last passed close to the sun about 80,000 years ago."),
        ],
        mid_appeal=False, absent=["More stories"],
    ),
    Story(
        case="body2-short-articlebody", template="tabloid",
        url="https://www.dailystar-gazette.example/news/uk/lottery-winner-unclaimed-29502",
        title="Unclaimed lottery prize of £1m expires at midnight",
        head_title="Unclaimed lottery prize of £1m expires at midnight - Daily Star Gazette",
        og_title="Unclaimed lottery prize of £1m expires at midnight",
        published="2024-03-01T10:05:00+00:00",
        jsonld=_ld("NewsArticle", "Unclaimed lottery prize of £1m expires at midnight", "2024-03-01T10:05:00Z",
                   articleBody="A lottery ticket worth £1 million bought in the town centre six months ago has still not been "
                               "claimed, and the prize expires at midnight tonight. Organisers urged anyone who bought a "
                               "ticket for the September draw to check it before the deadline."),
        dateline_html='<div class="article__byline"><time itemprop="datePublished" datetime="2024-03-01T10:05:00Z">10:05, 1 Mar 2024</time></div>',
        blocks=[
            ("p", "A lottery ticket worth £1 million bought in the town centre six months ago has still not been claimed, "
                  "and the prize expires at midnight tonight."),
            ("p", "Organisers urged anyone who bought a ticket for the September draw to check it before the deadline."),
        ],
        mid_appeal=False, absent=["Promoted Stories"],
    ),
]

# A third batch, again written before any tuning on it.
STORIES += [
    Story(
        case="body3-div-paragraphs", template="cnn",
        url="https://edition.currentnews.example/2024/05/02/world/river-dam-removal/index.html",
        title="Europe's largest dam removal lets a river run free for the first time in a century",
        head_title="Europe's largest dam removal lets a river run free for the first time in a century | Current News",
        og_title="Europe's largest dam removal lets a river run free for the first time in a century",
        published="2024-05-02T09:41:00+00:00",
        jsonld=_ld("NewsArticle", "Europe's largest dam removal lets a river run free for the first time in a century",
                   "2024-05-02T09:41:00Z"),
        dateline_html='<span class="byline__names">By Tomas Ek</span><div class="timestamp">Updated 9:41 AM EDT, Thu May 2, 2024</div>',
        blocks=[
            ("p", "Workers removed the last section of a 30-metre dam on Thursday, letting the river flow freely along its "
                  "full length for the first time since 1921, in what conservation groups called the largest dam removal in Europe."),
            ("p", "The dam once powered a paper mill that closed in the 1980s. It had produced no electricity for decades, but "
                  "blocked salmon and trout from reaching their spawning grounds upstream."),
            ("p", "Biologists expect fish to return within two or three years. Sediment trapped behind the dam will be "
                  "carried downstream over the coming months, turning the water brown for a time."),
            ("p", "The project cost about €6 million, most of it paid by an environmental fund and the regional government."),
            ("p", "Similar projects are planned on four other rivers in the region, where more than 200 old barriers remain."),
            ("p", "“A river is not a pipe,” said one of the engineers. “It needs to move, and now it can.”"),
            ("p", "Local anglers, who campaigned for the removal for twenty years, held a small celebration on the bank."),
            ("p", "The first monitoring survey of fish numbers is planned for the autumn."),
        ],
        absent=["Ad Feedback", "Related article", "Related content", "By Tomas Ek"],
    ),
    Story(
        case="body3-substack-post", template="substack",
        url="https://fieldnotes.example/p/the-last-week-on-the-river",
        title="The last week on the river",
        head_title="The last week on the river - by Nora Vale - Field Notes",
        og_title="The last week on the river",
        published="2024-09-30T07:00:00+00:00",
        jsonld=_ld("NewsArticle", "The last week on the river", "2024-09-30T07:00:00+00:00"),
        dateline_html='<div class="post-meta"><a href="/profile/nora">Nora Vale</a><div class="pencraft">Sep 30, 2024</div></div>',
        blocks=[
            ("p", "The boat goes back to the yard on Friday. After five months on the water I have learned the river's "
                  "moods better than my own, and I am not ready to leave."),
            ("p", "This week the geese arrived, hundreds of them, loud and sure of themselves, landing on the flooded "
                  "meadows below the lock every evening."),
            ("p", "The lock keeper says the first frost is due on Wednesday. He has kept the lock for nineteen years and "
                  "is rarely wrong about frost."),
            ("h3", "What I will miss"),
            ("ul", "The sound of rain on the roof||Tea on deck before anyone else is awake||The kingfisher that lives by the third bridge"),
            ("p", "What I will not miss is the pump-out station, which has been broken since August."),
            ("p", "Thank you for reading along this season. I will write again from dry land."),
        ],
        comments=True,
        absent=["Subscribe now", "Share Field Notes", "Thanks for reading Field Notes", "Ready for more", "Restack"],
    ),
    Story(
        case="body3-arabic-mislabelled", template="euro", lang="ar", charset="windows-1256",
        url="https://www.alnahr.example/local/2023/12/05/new-library",
        title="افتتاح مكتبة عامة جديدة في وسط المدينة",
        head_title="افتتاح مكتبة عامة جديدة في وسط المدينة | النهر",
        og_title="افتتاح مكتبة عامة جديدة في وسط المدينة",
        published="2023-12-05T11:00:00+03:00",
        meta_extra='<meta property="article:published_time" content="2023-12-05T11:00:00+03:00">',
        dateline_html='<p class="date">5 ديسمبر 2023</p>',
        blocks=[
            ("p", "افتتحت البلدية صباح اليوم مكتبة عامة جديدة في وسط المدينة تضم أكثر من أربعين ألف كتاب وقاعة للأطفال."),
            ("p", "وقال رئيس البلدية إن المكتبة ستفتح أبوابها سبعة أيام في الأسبوع، وإن الاشتراك فيها مجاني لجميع السكان."),
            ("p", "وتضم المكتبة أيضا قاعة للمحاضرات ومساحة للعمل المشترك مزودة بالإنترنت."),
            ("p", "واستغرق بناء المكتبة عامين بتكلفة بلغت ثلاثة ملايين دينار."),
            ("p", "ومن المقرر أن تستضيف المكتبة معرضا للكتاب في الربيع المقبل."),
            ("p", "وعبر عدد من السكان عن سعادتهم بالمشروع الذي طال انتظاره."),
        ],
        absent=["Ù", "Weitere Artikel", "Mehr zum Thema"],
    ),
    Story(
        case="body3-listicle", template="metro",
        url="https://www.lakeportledger.example/2024/07/19/five-summer-walks/",
        title="Five summer walks within an hour of the city",
        head_title="Five summer walks within an hour of the city | The Lakeport Ledger",
        og_title="Five summer walks within an hour of the city",
        published="2024-07-19T08:00:00-04:00",
        jsonld=_ld("Article", "Five summer walks within an hour of the city", "2024-07-19T08:00:00-04:00"),
        dateline_html='<div class="entry-meta"><time class="entry-date published" datetime="2024-07-19T08:00:00-04:00">July 19, 2024</time></div>',
        blocks=[
            ("p", "You do not need to drive for half a day to find quiet trails. These five walks all start less than an hour from downtown."),
            ("h2", "1. Gull Point loop"),
            ("figure", '<figure><img src="/media/walks/gull-point.jpg" alt="Gull Point"><figcaption>The lighthouse at Gull Point.</figcaption></figure>'),
            ("p", "An easy four-mile loop around the headland, with seals on the rocks at low tide."),
            ("h2", "2. Miller's Creek"),
            ("p", "A shaded path along the creek to a small waterfall. Good for hot days and for children."),
            ("h2", "3. The old rail trail"),
            ("p", "Flat, paved and twelve miles long: bring a bike if you want to do the whole thing."),
            ("h2", "4. Blue Hill summit"),
            ("p", "The steepest walk on the list, but the view over the bay from the top is worth every step."),
            ("h2", "5. Marsh boardwalk"),
            ("p", "A mile of boardwalk through the salt marsh, best at dawn when the herons are feeding."),
        ],
        images=["https://www.lakeportledger.example/media/walks/gull-point.jpg"],
        absent=["Sign up for our newsletter", "Recent Posts", "Harbour plan faces fresh legal challenge"],
    ),
]
