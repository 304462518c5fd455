"""Page furniture: every rule for telling the site around a story (navigation, tickers, logos,
related-story lists, appeals, share bars, comments) from the story itself, in one place."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from newsfeeds.dates import MONTHS
from newsfeeds.extract.text import PUBLISHED_WORDS, UPDATED_WORDS, looks_like_date, text_of

# Class/id words of blocks that are never the story: navigation, tickers, appeals, share bars, ads.
JUNK_WORDS = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|header|footer|masthead|breadcrumbs?|breaking|ticker|marquee|trending|"
    r"popular|most-?read|sidebar|widget|related\w*|recommend\w*|also-?read|read-?more|more-?stories|share\w*|sharing|social|"
    r"compartir|partager|teilen|condividi|partilhar|compartilhar|udostepnij|paylas\w*|bagikan|"
    r"newsletter|subscribe|subscription|promo|advert\w*|ads?|sponsor\w*|comments?|disqus|cookie|consent|"
    r"modal|popup|paywall|appeal|donate|support-?us|author-?bio|tags?|clock|outbrain|taboola)($|[\s_-])",
    re.IGNORECASE,
)
JUNK_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button",
             "iframe", "svg", "template", "select", "textarea", "object", "embed", "link", "meta")
# Tags libxml2 does not know to be empty: it nests what follows inside them, so drop the tag, keep that.
HOLLOW_TAGS = frozenset({"embed", "param", "keygen", "track", "wbr"})
# Class/id words of blocks that list other stories (related, trending, widgets): dates and links in
# them belong to those stories.
LISTS_OF_OTHERS = re.compile(r"(^|[\s_-])(related|widget|sidebar|trending|popular|menu|nav|navbar|cloud|most-?read|"
                             r"recommend\w*|more-?stories|breaking|ticker|comments?)($|[\s_-])", re.IGNORECASE)
# Class words that describe the story's own parts (WordPress "entry-header", BEM "article__meta") or
# the content's state ("has-sidebar", "tag-politics" on the article element), never furniture.
STORY_PARTS = re.compile(
    r"^(entry|post|article|story|single|content|main|news|page|td-post|c-article)[-_]+(header|head|meta|title|heading|info|date|byline)"
    r"|^(has|no|tag|category|postid|post|format|status|type|hentry)-",
    re.IGNORECASE,
)
# Class/id words of the site's name or logo, which templates often put in an <h1>.
LOGO_WORDS = re.compile(r"(^|[\s_-])(logo|site-?title|site-?name|site-?branding|brand|branding|masthead|blog-?title|"
                        r"blog-?name|navbar-brand|header-title)($|[\s_-])", re.IGNORECASE)
NEVER_JUNK_TAGS = frozenset({"html", "body", "article", "main"})
_HEADER_WORD = re.compile(r"header", re.IGNORECASE)
JUNK_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert"})
_STORY_TAGS = frozenset({"article", "main", "body", "html"})


def is_junk(element: etree._Element) -> bool:
    """Whether an element's class, id or role marks it as page furniture rather than story."""
    if not isinstance(element.tag, str) or element.tag in NEVER_JUNK_TAGS:
        return False
    return _junk_marker(element.get("class"), element.get("id"), element.get("role"))


@lru_cache(maxsize=8192)
def _junk_marker(css_class: str | None, element_id: str | None, role: str | None) -> bool:
    """Cached: pages repeat the same few class strings thousands of times."""
    if (role or "").strip().lower() in JUNK_ROLES:
        return True
    tokens = f"{css_class or ''} {element_id or ''}".split()
    return any(not STORY_PARTS.match(token) and JUNK_WORDS.search(token) for token in tokens)


def in_junk(element: etree._Element) -> bool:
    """Whether an element sits inside navigation, a site header or footer, or other furniture."""
    for ancestor in element.iterancestors():
        if not isinstance(ancestor.tag, str):
            continue
        if ancestor.tag in ("nav", "footer", "aside"):
            return True
        if is_junk(ancestor):
            if _HEADER_WORD.search(f"{ancestor.get('class', '')} {ancestor.get('id', '')}") and ancestor.find(".//h1") is not None \
                    and ancestor.find(".//nav") is None and _inside_story(ancestor):
                continue  # 'release-header', 'hero-header': the story's heading block, classed like a masthead
            return True
        if ancestor.tag == "form" and not page_wrapper(ancestor):
            return True
        if ancestor.tag == "header" and not _inside_story(ancestor):
            return True
    return False


def in_lists_of_others(element: etree._Element, story: frozenset[etree._Element] = frozenset()) -> bool:
    """Inside blocks that list other stories (related, trending, widgets) or readers' comments; not
    the `story`'s own containers (the elements holding its headline: Blogger wraps a whole blog,
    post included, in 'widget Blog')."""
    for ancestor in element.iterancestors():
        if not isinstance(ancestor.tag, str) or ancestor.tag in _STORY_TAGS or ancestor in story:
            continue
        if ancestor.tag in ("nav", "aside") or LISTS_OF_OTHERS.search(f"{ancestor.get('class', '')} {ancestor.get('id', '')}"):
            return True
    return False


def in_teaser_list(element: etree._Element, story: frozenset[etree._Element] = frozenset()) -> bool:
    """Inside one of several like items (list entries, cards of one class) that each pair a link of
    a few words with a date: a list of other stories, whatever its class says."""
    for ancestor in [element, *element.iterancestors()][:5]:
        parent = ancestor.getparent()
        if parent is None or ancestor in story or ancestor.tag in _STORY_TAGS:
            return False
        shape = (ancestor.tag, ancestor.get("class"))
        items = [c for c in parent if isinstance(c.tag, str) and (c.tag, c.get("class")) == shape]
        if len(items) >= 2 and ancestor.tag not in ("p", "span", "time", "a"):
            return sum(1 for item in items if _teaser_item(item)) >= 2
    return False


def _teaser_item(item: etree._Element) -> bool:
    """A link to another page, a few words long, and a date."""
    linked = any(len(text_of(a).split()) >= 3 and "author" not in (a.get("rel") or "") for a in item.iter("a"))
    if not linked:
        return False
    return item.find(".//time") is not None or looks_like_date(text_of(item))


def marks_list_of_others(element: etree._Element) -> bool:
    """The element itself is a related/trending/widget block (not the story's own article or main)."""
    return element.tag not in _STORY_TAGS and bool(
        LISTS_OF_OTHERS.search(f"{element.get('class', '')} {element.get('id', '')}"))


def is_logo_marked(element: etree._Element) -> bool:
    """Classed or id'd as the site's logo or name."""
    return _logo_marker(element.get("class"), element.get("id"))


@lru_cache(maxsize=8192)
def _logo_marker(css_class: str | None, element_id: str | None) -> bool:
    """Cached: pages repeat the same few class strings thousands of times."""
    return bool(LOGO_WORDS.search(f"{css_class or ''} {element_id or ''}"))


def page_wrapper(form: etree._Element) -> bool:
    """A form around the whole page (ASP.NET WebForms) is layout, not a widget: it holds the headline
    or sits right under <body>."""
    parent = form.getparent()
    return (parent is not None and parent.tag == "body") or form.find(".//h1") is not None


def _inside_story(element: etree._Element) -> bool:
    """A <header> inside <article> or <main>, classed as the story's ("article-header"), or holding
    the page's <h1> without navigation, is the story's heading block, not the site's masthead."""
    if any(STORY_PARTS.match(token) for token in (element.get("class") or "").split()):
        return True
    heading = element.find(".//h1")
    if heading is not None and element.find(".//nav") is None and not is_logo_marked(heading):
        return True
    return any(isinstance(a.tag, str) and (a.tag in ("article", "main") or (a.get("role") or "").lower() == "main")
               for a in element.iterancestors())


# --- readers' comments ---------------------------------------------------------------------------
# The heading over readers' comments, in the languages the package reads ('Komentarze (3)', 'Yorumlar',
# 'Leserkommentare (4)', 'Dodaj komentarz'), with or without a count.
COMMENTS_LABEL = re.compile(
    r"^\W*(?:\d+\s+)?(?:(?:reader|user|leser|your)\s*)?(?:comments?|commentaires?|kommentare?|kommentar\s+schreiben|"
    r"leserkommentare|leserbriefe|comentarios?|comentários?|commenti|reacties|komentarze?|komentarzy|yorumlar|"
    r"komentar|komentari|комментарии|комментариев|коментарі|коментарів|댓글|コメント|תגובות|σχόλια|kommentarer|"
    r"kommentit|hozzászólások|comentarii|komentáře|(?:leave|add|post|write)\s+a\s+(?:comment|reply)|"
    r"laisser\s+un\s+commentaire|deja\s+(?:un|tu)\s+comentario|deixe\s+(?:um|seu)\s+comentário|lascia\s+un\s+commento|"
    r"dodaj\s+komentarz|yorum\s+yap|tulis\s+komentar|plaats\s+een\s+reactie|оставить\s+комментарий|"
    r"(?:opinie|reactions?|réactions|discussion|diskussion)(?=\s*\(\d))\s*(?:\(\d+\)|\d+)?\W*$",
    re.IGNORECASE)
_POSTER = re.compile(r"^[\w@.'’ -]{2,32}:\s", re.UNICODE)
_NAME_TAGS = frozenset({"b", "strong", "cite", "span", "a", "div", "h4", "h5", "h6", "p", "dt"})


def is_comments_label(text: str) -> bool:
    """'Komentarze (3)', 'Yorumlar', 'Leave a comment': the heading over readers' comments."""
    return len(text.split()) <= 5 and bool(COMMENTS_LABEL.match(text))


def looks_like_post(element: etree._Element) -> bool:
    """A reader's post: short, opening with its writer's name ('marek77: Wreszcie!', or a name on a
    line of its own, or beside the post's date), or a form to write one."""
    if element.find(".//textarea") is not None:
        return True
    text = " ".join(text_of(element).split())
    if not text or len(text.split()) > 120:
        return False
    if _POSTER.match(text):
        return True
    for child in element.iter():
        if child is element or not isinstance(child.tag, str):
            continue
        own = " ".join(text_of(child).split())
        if not own:
            continue
        if child.tag not in _NAME_TAGS or len(own.split()) > 4 or own == text or own.endswith((".", "!", "?")):
            return False
        following = child.getnext()
        on_its_own = not (child.tail or "").strip() and (child.tag in _NAME_BLOCKS or following is None
                                                         or following.tag in _NAME_BLOCKS or following.tag == "br")
        return on_its_own or element.find(".//time") is not None or looks_like_date(text)
    return False


_NAME_BLOCKS = frozenset({"div", "p", "h4", "h5", "h6", "dt", "dd", "header", "footer", "ul", "blockquote"})


# --- lines that are never the story ------------------------------------------------------------
# Appeals, share and follow prompts, "read more" wherever they sit; bylines, dates, credits and
# copyright lines where a story begins or ends.
APPEAL = re.compile(
    r"^\W*(sign up (?:for|to|now|here|today)|subscribe (?:now|today|to (?:our|the))|get (?:our|the) \w+ newsletter|"
    r"support (?:our|independent) journalism|donate (?:now|today|to)|become a (?:member|subscriber|supporter)|"
    r"share (?:this|on)|follow us|read more|also read|related(?: articles| stories| coverage)?\s*:|click here to|"
    r"download (?:our|the) app|join (?:our|us on)|you might also like|read next|listen to this article)\b",
    re.IGNORECASE,
)
# Labels that are a whole line on their own ('Advertisement', 'More from Sport', 'Recommended').
APPEAL_LABEL = re.compile(r"^\W*(advertisement|anzeige|publicité|publicidad|recommended|most read|more from|newsletter|"
                          r"subscribe|sign up|share|related|also read|read more)\b", re.IGNORECASE)
APPEAL_ANYWHERE = re.compile(r"\b(subscrib\w*|sign up|newsletter|donat\w+|become a (?:member|supporter|subscriber)|"
                             r"support (?:our|us|independent)|membership)\b", re.IGNORECASE)
READER = re.compile(r"\b(you|your)\b", re.IGNORECASE)  # appeals speak to the reader; news quotes say "us" and "our"
BYLINE_START = re.compile(rf"^\W*(by|von|par|por|di|door|written by|reporting by|photo|image|credit|source|stand|"
                          rf"author|autor|autora|auteur|autore|yazar|penulis|oleh|oprac\.|автор|מאת|"
                          rf"{PUBLISHED_WORDS}|{UPDATED_WORDS})(?!\w)", re.IGNORECASE)
CREDIT = re.compile(r"^\W*(photo(?:graph)?s?|pictures?|image|illustration|foto(?:grafía|grafia)?|fot\.|bild|bildquelle|"
                    r"zdjęcie|credit|crédito|crédit|credito|©)\s*:?\s*[\w .,&/'’-]{0,50}\W*$", re.IGNORECASE)
FILED_UNDER = re.compile(r"^\W*(tags?|topics?|filed under|categories|related topics|more on|keywords|themen|schlagw(?:ö|oe)rter|"
                         r"étiquettes|etiquetas|argomenti)\s*:", re.IGNORECASE)
COPYRIGHT = re.compile(r"^\W*(©|\(c\)|copyright\b)", re.IGNORECASE)
# A copyright notice that does not open its line ('All content © 2004 ...', 'Todos los derechos reservados').
RIGHTS = re.compile(r"©|\bcopyright\b|\ball rights reserved\b|\bderechos reservados\b|\bdireitos reservados\b|"
                    r"\balle rechte vorbehalten\b|\btous droits réservés\b|\bdiritti riservati\b|"
                    r"\balle rechten voorbehouden\b", re.IGNORECASE)
# Article tools a template prints as a line of their own ('Print | E-mail | Back', 'Imprimir | Enviar | Volver').
TOOL_WORDS = frozenset({
    "print", "printer", "friendly", "version", "e-mail", "email", "mail", "send", "share", "back", "to", "top", "this",
    "story", "article", "page", "comment", "comments", "save", "bookmark", "font", "size", "text", "a+", "a-", "news",
    "imprimir", "enviar", "volver", "compartir", "comentar", "guardar", "correo", "nota", "noticia", "inicio",
    "imprimer", "envoyer", "retour", "partager", "article", "drucken", "versenden", "senden", "zurück", "teilen",
    "nach", "oben", "merken", "stampa", "invia", "torna", "indietro", "condividi", "afdrukken", "versturen", "terug",
    "delen", "compartilhar", "voltar", "a", "la", "le", "de", "por", "the",
})
_TOOL_SPLIT = re.compile(r"[|·•/\-–—\[\]()\s]+")
DATE_WORDS = re.compile(r"\d|am\b|pm\b|ist\b|gmt\b|utc\b|et\b|edt\b|est\b|pt\b|cet\b|updated|published|at\b|on\b|"
                        r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|"
                        r"\b(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|lundi|mardi|mercredi|"
                        r"jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|"
                        r"domingo|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|maandag|dinsdag|woensdag|"
                        r"donderdag|vrijdag|zaterdag|zondag|segunda|terça|quarta|quinta|sexta)(?:-feira)?\b",
                        re.IGNORECASE)


# --- appeal boxes: support, donation, membership and subscription calls to action ---------------
# Pages those appeals link to (path words in the languages the package reads, and the platforms
# newsrooms take gifts through).
SUPPORT_HREF = re.compile(
    r"/(?:support(?:-us)?|donate|donations?|contribute|contributions?|membership|members?|join|give|giving|"
    r"subscribe|subscriptions?|abo|abonnement|abonnieren|spenden?|unterst(?:ue|ü)tzen|mitglied\w*|foerder\w*|förder\w*|"
    r"soutenir|soutien|faire-un-don|adherer|adhesion|"
    r"don|dons|suscrib\w*|suscripci\w*|donar|donaciones|apoyar?|socios?|hazte-socio|assin\w+|apoi\w+|doar|doacao|"
    r"abbonati|abbonamento|abbonamenti|sostienici|sostieni|dona|doneren|doneer|steun|lid-worden|word-lid|checkout|"
    r"plans|pricing|offers?)(?=[/?#.\-_]|$)"
    r"|patreon\.com|donorbox\.org|paypal\.(?:me|com/donate)|ko-fi\.com|steadyhq\.com|buymeacoffee\.com|"
    r"liberapay\.com|givebutter\.com|fundraiseup\.com|memberful\.com|pressable\.co",
    re.IGNORECASE,
)
# What an appeal's button says: support, give, join, subscribe, in several languages.
CALL_TO_ACTION = re.compile(
    r"\b(support|donate|give|contribut\w*|subscribe|subscriptions?|unlock|join|become|member\w*|sign up|chip in|pledge|back us|"
    r"soutenir|soutenez|don|abonne\w*|spende\w*|spenden|unterst(?:ü|ue)tz\w*|abo\w*|mitglied\w*|"
    r"apoy\w+|dona\w*|suscr\w+|hazte|socio\w*|apoi\w+|assin\w+|doe|doar|sostien\w+|sostegno|abbona\w*|"
    r"steun\w*|doneer\w*|word lid|lid worden|"
    r"try|trial|test\w*|essai\w*|essayer|prueba|experiment\w*|prova|probeer\w*|keep reading|continue reading|"
    r"weiterlesen|lire la suite|seguir leyendo|continuar lendo|continua a leggere|verder lezen)\b",
    re.IGNORECASE,
)
# A paywall's barrier offers to sign in beside its offer.
LOGIN_HREF = re.compile(r"/(?:log-?in|sign-?in|anmelden|anmeldung|einloggen|connexion|se-connecter|iniciar-sesion|acceder|"
                        r"acceso|ingresar|entrar|accedi|inloggen|account|konto|mon-compte|mi-cuenta|minha-conta)"
                        r"(?=[/?#.\-_]|$)", re.IGNORECASE)
# Appeals speak to the reader, in any language; news quotes say "us" and "our".
READER_WORDS = re.compile(r"\b(you|your|yours|vous|votre|vos|sie|ihnen|ihre?|du|dich|dir|dein\w*|usted|ustedes|tú|tu|"
                          r"tus|te|você|vocês|seu|sua|voi|vostr\w|tuo|tua|tuoi|tue|jij|jouw|uw)\b", re.IGNORECASE)
# ... and about the newsroom itself, which a story's own closing lines rarely do in the same breath.
OUR_WORDS = re.compile(r"\b(we|us|our|ours|nous|notre|nos|wir|uns|unser\w*|nosotros|nuestr\w+|nós|nosso|nossa|"
                       r"noi|ci|nostr\w|abbiamo|raccontiamo|wij|ons|onze)\b", re.IGNORECASE)
_SAID = re.compile(r"\b(said|says|told|dijo|afirmó|disse|sagte|erklärte|a déclaré|a dit|ha detto|zei)\b", re.IGNORECASE)


def is_closing_appeal(text: str) -> bool:
    """A closing paragraph where the newsroom asks the reader for support in its own words, with
    no link to go by ('We cannot do without your support ... Please contribute'): a call to
    action, the reader and the newsroom named in one short paragraph that quotes no one."""
    return (len(text.split()) <= 70 and bool(CALL_TO_ACTION.search(text)) and bool(READER_WORDS.search(text))
            and bool(OUR_WORDS.search(text)) and not _SAID.search(text))


def is_appeal_box(text: str, links: list[tuple[str, str, bool]]) -> bool:
    """A box that asks the reader for support: short, with a link to a support, donation, membership
    or subscription page ('Give now', 'Je fais un don', 'Jetzt testen') and words to the reader or
    a link to sign in (a paywall's barrier); or with a button saying so ('Jetzt Mitglied werden'),
    words to the reader and the newsroom speaking of itself. `links`: (href, label, is a button)."""
    words = len(text.split())
    if not 3 <= words <= 150:
        return False
    to_reader = bool(READER_WORDS.search(text))
    if any(SUPPORT_HREF.search(href) and CALL_TO_ACTION.search(label) and len(label.split()) <= 6
           for href, label, _ in links):
        return to_reader or words <= 12 or any(LOGIN_HREF.search(h) for h, _, _ in links)
    return any(button for _, _, button in links) and to_reader and bool(OUR_WORDS.search(text)) and not _SAID.search(text)


def is_appeal(text: str) -> bool:
    """A short appeal to the reader: newsletter, subscription, donation, share and follow prompts."""
    words = len(text.split())
    if words <= 40 and APPEAL.search(text) or words <= 5 and APPEAL_LABEL.search(text):
        return True
    return words <= 30 and bool(APPEAL_ANYWHERE.search(text)) and bool(READER.search(text))


# 'Read also' labels that introduce links to other stories inside a story, in the languages the package reads.
READ_ALSO = re.compile(
    r"^\W*(read\s+(?:also|more|next)|also\s+read|see\s+also|related(?:\s+(?:stories|articles|news))?|more\s+on\s+this|"
    r"leia\s+(?:também|mais)|veja\s+(?:também|mais)|saiba\s+mais|lee\s+también|lea\s+también|leer\s+más|"
    r"ver\s+también|te\s+puede\s+interesar|(?:à\s+)?lire\s+aussi|voir\s+aussi|lisez\s+aussi|leggi\s+(?:anche|pure)|"
    r"vedi\s+anche|potrebbe\s+interessarti|zobacz\s+(?:też|także)|czytaj\s+(?:też|także|więcej)|"
    r"przeczytaj\s+(?:też|także)|baca\s+(?:juga|pula)|simak\s+juga|lesen\s+sie\s+(?:auch|mehr)|mehr\s+zum\s+thema|"
    r"auch\s+interessant|lees\s+(?:ook|meer)|bekijk\s+ook|читайте\s+(?:также|також)|смотрите\s+также|"
    r"дивіться\s+також|ayrıca\s+(?:okuyun|bakınız)|ilginizi\s+çekebilir|bunu\s+da\s+okuyun|διαβάστε\s+επίσης)"
    r"(?!\w)", re.IGNORECASE)


def is_read_also(text: str) -> bool:
    """'LEIA TAMBÉM', 'Baca juga: <a link>', 'ZOBACZ TAKŻE:': a label leading to other stories."""
    return len(text.split()) <= 30 and bool(READ_ALSO.match(text))


# Where newsrooms ask readers to follow them: messaging channels, news aggregators, social profiles.
PLATFORMS = re.compile(r"\b(whatsapp|telegram|google\s+(?:news|notícias|noticias|actualités|nachrichten|notizie|berita)|"
                       r"instagram|facebook|twitter|tiktok|youtube|linkedin|bluesky|viber|flipboard|kakao\w*|wechat)\b",
                       re.IGNORECASE)
FOLLOW_HREF = re.compile(r"^https?://(?:www\.)?(?:whatsapp\.com/channel|chat\.whatsapp\.com|wa\.me|t\.me|telegram\.me|"
                         r"news\.google\.com/(?:publications|s/)|google\.com/preferences/source|"
                         r"(?:instagram|facebook|twitter|x|threads|tiktok)\.com/@?[\w.-]+/?(?:\?.*)?$|"
                         r"youtube\.com/(?:@|channel/|c/|user/)|line\.me|flipboard\.com/@|linkedin\.com/company/)",
                         re.IGNORECASE)
# What such a line tells the reader to do, in the languages the package reads.
FOLLOW_VERBS = re.compile(
    r"(?<!\w)(follow|join|subscribe|receive|get|sign\s+up|click|tap|download|add|siga|segue|sigue|síguenos|síganos|siganos|"
    r"receba|recebe|recibe|recibí|clique|clica|haz\s+clic|pincha|entre|únete|unete|suivez|rejoignez|abonnez|recevez|"
    r"cliquez|folgen?|abonniere\w*|seguici|segui|iscriviti|unisciti|ricevi|clicca|ikuti|gabung|bergabung|klik|dapatkan|"
    r"dołącz|obserwuj|subskrybuj|kliknij|volg|abonneer|подпишитесь|подписывайтесь|присоединяйтесь|підписуйтесь|"
    r"приєднуйтесь|takip\s+edin|takip\s+et|abone\s+ol|katıl|tıklayın)(?!\w)", re.IGNORECASE)


def is_follow_prompt(text: str, hrefs: list[str]) -> bool:
    """'Receba as notícias no seu WhatsApp. Clique aqui', 'Síguenos en Google News', 'Join our
    Telegram channel': a short line telling the reader to follow the newsroom somewhere, by its
    words (what to do opening it or one of its sentences, naming the platform) or its link to a
    channel or profile."""
    words = len(text.split())
    if not 1 <= words <= 30:
        return False
    if any(FOLLOW_HREF.search(href) for href in hrefs) and (FOLLOW_VERBS.search(text) or words <= 6):
        return True
    if not PLATFORMS.search(text):
        return False
    return any(not _WORD_CHAR.search(text[:found.start()]) or _SENTENCE_END.search(text[:found.start()])
               for found in FOLLOW_VERBS.finditer(text))  # what to do opens the line or one of its sentences


_WORD_CHAR = re.compile(r"\w")
_SENTENCE_END = re.compile(r"[.!?。！？]\s*$")


def is_credit(text: str) -> bool:
    """'Photograph: Staff', 'Foto: Rui Matos/Agência Norte': a credit, not a caption."""
    return bool(CREDIT.match(text))


# A gallery's slide counter ('3 / 12', '2 de 6', 'Bild 4 von 9') and a live blog's time label
# ('16:48', '9:58 pm', '14:32 Uhr'): labels of an entry, not its text.
SLIDE_COUNTER = re.compile(r"^\W*(?:[^\W\d]+\s+)?\d{1,3}\s*(?:/|of|de|di|von|sur|van|z|из|dari|od)\s*\d{1,3}\W*$", re.IGNORECASE)
TIME_LABEL = re.compile(r"^\W*\d{1,2}[:.h]\d{2}(?:\s?(?:[ap]\.?\s?m\.?|uhr|h|hrs|Uhr))?(?:\s?\(?[A-Z]{2,5}\)?)?\W*$"
                        r"|^\W*\d{1,2}\s?[ap]\.?\s?m\.?\W*$"
                        # '12 min ago', 'vor 5 Minuten', 'il y a 2 h', 'hace 3 horas', '5 dakika önce', '2 jam lalu'
                        r"|^\W*(?:(?:vor|il y a|hace|há)\s+)?\d{1,3}\s?(?:s|secs?|seconds?|m|mins?|minutes?|minuten|minutos|minuti|"
                        r"minut\w*|h|hrs?|hours?|std\.?|stunden?|heures?|horas?|ore|godz\w*|saat|dakika|jam|menit|"
                        r"минут\w*|час\w*)(?:\s+(?:ago|fa|temu|önce|yang lalu|lalu|назад))?\W*$", re.IGNORECASE)
# Classes of a picture's credit or a gallery's counter.
CREDIT_CLASS = re.compile(r"(^|[\s_-])(credits?|credito|crédito|credit-?line|copyright|photographer|fotograf\w*|source|fonte|"
                          r"fuente|bildquelle|bildnachweis|courtesy|counter|contador|count|pager|pagination|slide-?num\w*|"
                          r"numbering|index)($|[\s_-])", re.IGNORECASE)


def is_entry_label(text: str) -> bool:
    """A slide counter, a time label or a bare date: what marks an entry, not what it says."""
    stripped = text.strip()
    return bool(SLIDE_COUNTER.match(stripped) or TIME_LABEL.match(stripped)) \
        or looks_like_date(stripped) and mostly_date(stripped) and len(stripped.split()) <= 8


def is_tool_line(text: str) -> bool:
    """'Print | E-mail | Back', 'Imprimir | Enviar | Volver': article tools, not story."""
    words = [w for w in _TOOL_SPLIT.split(text.casefold()) if w]
    return 2 <= len(words) <= 12 and all(w in TOOL_WORDS for w in words) and any(c in text for c in "|·•/-–—[") 


def is_rights_line(text: str) -> bool:
    """A copyright notice, wherever its '©' or 'all rights reserved' sits in a short line."""
    return len(text.split()) <= 30 and bool(RIGHTS.search(text))


def is_byline_or_date_line(text: str) -> bool:
    """A short byline, date, credit, copyright or filing line ('| @site | Jul 7, 2021, at 10:49 am',
    'By Jo Tran', 'Publié le 3 novembre 2022', '© Agency', 'Tags: harbour, strikes'), or a line
    made of such pieces ('November 7, 2004 · By Ellen Varga')."""
    stripped = text.strip()
    words = len(stripped.split())
    if words <= 30 and FILED_UNDER.match(stripped):
        return True
    if words > 16:
        return False
    if COPYRIGHT.match(stripped):
        return True
    pieces = [p for p in _PIECES.split(stripped) if p.strip()]
    if len(pieces) >= 2 and all(_byline_or_date_piece(p.strip()) for p in pieces):
        return True
    return _byline_or_date_piece(stripped)


_PIECES = re.compile(r"\s+[|·•–—]\s+|\s*[|·•]\s*")


def _byline_or_date_piece(stripped: str) -> bool:
    words = len(stripped.split())
    if stripped.startswith(("|", "@", "•")) and (looks_like_date(stripped) or words == 1):
        return True
    if BYLINE_START.search(stripped) and (words <= 8 and not stripped.endswith((".", "!", "?"))
                                          or looks_like_date(stripped) and mostly_date(stripped, 0.4)):
        return True  # 'By Jo Tran', 'Updated 12:47 IST'; not 'By Tuesday, the river had dropped.'
    return looks_like_date(stripped) and mostly_date(stripped)


def mostly_date(text: str, share: float = 0.6) -> bool:
    """'Jul 7, 2021, at 10:49 am', 'Updated 12:47 IST': little besides the date itself."""
    tokens = re.findall(r"[\w:.]+", text)
    datey = sum(1 for t in tokens if DATE_WORDS.search(t) or t.lower().strip(".") in MONTHS)
    return bool(tokens) and datey / len(tokens) >= share


# --- the author's box after a story ----------------------------------------------------------
# '<Name> is a reporter at <Paper> and writes about ...' in the languages the package reads.
_ROLE = (r"(?:staff\s+|senior\s+|chief\s+|freelance\s+|political\s+|local\s+|investigative\s+)?"
         r"(?:reporter|writer|journalist|correspondent|editor|columnist|contributor|freelancer|photographer|producer|"
         r"critic|periodista|redactora?|corresponsal|columnista|cronista|jornalista|rep[oó]rter|colunista|editora?|"
         r"redakteur(?:in)?|journalist(?:in)?|reporter(?:in)?|korrespondent(?:in)?|autor(?:in)?|volontär(?:in)?|"
         r"journaliste|rédact(?:eur|rice)|correspondante?|chroniqueu(?:r|se)|giornalista|redattore|redattrice|"
         r"corrispondente|inviat[oa]|verslaggever|redacteur|correspondent|columnist)")
BIO = re.compile(
    r"^(?i:(?:about the author|über den autor|über die autorin|sobre el autor|sobre la autora|sobre o autor|"
    r"sobre a autora|à propos de l'auteur|à propos de l'autrice|sull'autore|sull'autrice|over de auteur)\W*)?"
    r"(?!(?i:he|she|they|er|sie|il|elle|ella|él|ele|lui|lei|hij|zij)\s)"
    r"(?:[A-ZÀ-ÖØ-Þ][\w.'’-]*\s+|(?:de|van|von|der|den|da|di|del|du|la|le|dos|das|ten|ter|bin|al)\s+){0,4}"
    r"[A-ZÀ-ÖØ-Þ][\w.'’-]*,?\s+"
    r"(?i:(?:is|was|has\s+been|es|era|ha\s+sido|é|foi|tem\s+sido|ist|war|arbeitet\s+als|est|était|a\s+été|è|"
    r"è\s+stat[oa]|lavora\s+come|werkt\s+als)\s+(?:\w+\s+){0,5}?" + _ROLE + r"\b"
    r"|(?:writes|covers|reports|escribe|cubre|escreve|cobre|schreibt|berichtet|écrit|couvre|scrive|schrijft)\s)")
AUTHOR_PAGE = re.compile(r"/(?:author|authors|autor|autores|autoren|auteur|auteurs|autore|autori|auteurs|journalist|"
                         r"journalists|staff|people|profile|profiles|writers?|redaktion|redacteur|firmas?)(?:/|$|\?)",
                         re.IGNORECASE)


def is_author_bio(text: str) -> bool:
    """'Dana Whitfield is a reporter at The Herald and writes about schools', 'Lucía Carrasco es
    periodista de ...', 'Jonas Berger ist Redakteur ...': the author's box, not the story."""
    return len(text.split()) <= 90 and bool(BIO.match(text.strip()))


def links_to_author_page(element: etree._Element) -> bool:
    """A link (or a line of links) to the author's page ('More by Gabriel', 'Alle Artikel von ...')."""
    links = [element] if element.tag == "a" else list(element.iter("a"))
    return bool(links) and all("author" in (a.get("rel") or "").split() or AUTHOR_PAGE.search(a.get("href") or "")
                               or (a.get("href") or "").startswith("mailto:") for a in links)
