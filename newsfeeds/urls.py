"""Canonical article URLs: one article, one identity, however a listing happened to link to it."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
        "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "ocid", "cmpid", "s_cid", "ncid",
        "ref_src", "ref_url", "smid", "sr_share", "ito", "amp", "outputtype", "ref", "referrer",
        "spm", "mkt_tok", "vero_id",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "at_", "oly_", "rb_clickid", "__twitter")
DEFAULT_PORTS = {"http": 80, "https": 443}
UNSAFE_SCHEMES = frozenset({"javascript", "mailto", "tel", "sms", "data", "vbscript", "file", "about", "ftp"})
_SLASHES = re.compile(r"/{2,}")


def is_tracking_param(name: str) -> bool:
    """Query parameters that identify a campaign or a click, never the page itself."""
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def is_web_url(url: str | None) -> bool:
    """Only http(s) links are pages we could fetch; mailto:, tel:, javascript: and friends are not."""
    if not url:
        return False
    scheme = urlsplit(url.strip()).scheme.lower()
    return scheme in ("http", "https")


@lru_cache(maxsize=8192)  # a crawl asks for the same links' forms many times (listing, sighting, store)
def canonical_url(url: str) -> str:
    """The normalized form that names an article: lower-case scheme/host, no default port,
    no tracking parameters, no fragment, no trailing slash, resolved dot segments."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower() or "https"
    host = (parts.hostname or "").rstrip(".")
    try:
        host = host.encode("idna").decode("ascii") if host and not host.isascii() else host.lower()
    except UnicodeError:
        host = host.lower()
    netloc = host
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{parts.port}"
    path = _normalize_path(parts.path)
    query = _normalize_query(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def identity_key(url: str) -> str:
    """The store's key for an article: its canonical URL without the scheme, so an http→https
    move of the site does not turn every article into a new one."""
    canonical = canonical_url(url)
    return canonical.split(":", 1)[1]


def host_of(url: str) -> str:
    """Lower-case host name of a URL, '' when it has none."""
    return (urlsplit(url).hostname or "").lower().rstrip(".")


def on_domains(url: str, domains: tuple[str, ...] | list[str]) -> bool:
    """Whether a URL's host is one of the domains or a subdomain of one."""
    host = host_of(url)
    return any(host == d or host.endswith("." + d) for d in domains)


def rebase(url: str, origin: str) -> str:
    """The same path and query on another origin: how a profile is pointed at a mirror or the demo site."""
    target = urlsplit(origin)
    parts = urlsplit(url)
    prefix = target.path.rstrip("/")
    return urlunsplit((target.scheme, target.netloc, prefix + (parts.path or "/"), parts.query, ""))


def _normalize_path(path: str) -> str:
    path = quote(unquote(path), safe="/:@!$&'()*+,;=~-._%")
    path = _SLASHES.sub("/", path) or "/"
    normalized = posixpath.normpath(path)
    if normalized.startswith("//"):
        normalized = "/" + normalized.lstrip("/")
    if normalized in (".", ""):
        normalized = "/"
    return normalized if normalized == "/" else normalized.rstrip("/")


def _normalize_query(query: str) -> str:
    if not query:
        return ""
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not is_tracking_param(k)]
    pairs.sort()
    return urlencode(pairs, quote_via=quote, safe="/:@!$'()*+,;~-._")
