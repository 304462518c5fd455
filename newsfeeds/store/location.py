"""Where the store is: NEWSFEEDS_DB as a path, `sqlite:///path` or `postgresql://user@host:port/dbname`.

A PostgreSQL URL may carry a password; it is needed to connect and shown nowhere else: every message,
log line and report names the store by `display`, which masks it (libpq's environment variables and
~/.pgpass keep it out of the settings altogether).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
MASK = "***"


class LocationError(ValueError):
    """NEWSFEEDS_DB names no store newsfeeds can use; the message says what it accepts."""


@dataclass(frozen=True)
class StoreLocation:
    """One store: a SQLite file or a PostgreSQL database. Its repr and str never show a password, so it
    can be logged, pickled to a worker process and put in an exception message as it is."""

    kind: str
    path: Path | None = None
    dsn: str = field(default="", repr=False)

    @property
    def display(self) -> str:
        """How messages name the store: the file, or the URL with its password masked."""
        return str(self.path) if self.path is not None else redact(self.dsn)

    @property
    def identity(self) -> str:
        """What makes two locations the same store (for sharing one connection per process)."""
        return str(self.path.resolve()) if self.path is not None else self.dsn

    def scrub(self, text: str) -> str:
        """`text` with this location's password masked (driver messages may quote the URL they were given)."""
        secret = password_of(self.dsn) if self.dsn else ""
        if not secret:
            return text
        for form in {secret, quote(secret, safe=""), quote(secret)}:
            text = text.replace(form, MASK)
        return text

    def __str__(self) -> str:
        return self.display

    def __repr__(self) -> str:
        return f"StoreLocation({self.kind}, {self.display})"


def parse_location(value: str | Path) -> StoreLocation:
    """A NEWSFEEDS_DB value as a location: a path (or sqlite:///relative, sqlite:////absolute), or a
    postgresql:// (postgres://) URL."""
    if isinstance(value, Path):
        return StoreLocation(SQLITE, value)
    text = value.strip()
    scheme = text.split(":", 1)[0].lower() if "://" in text else ""
    if scheme in ("postgresql", "postgres"):
        return StoreLocation(POSTGRESQL, dsn=text)
    if scheme == "sqlite":
        rest = text[len("sqlite://"):]
        if not rest.startswith("/") or rest == "/":
            raise LocationError(f"NEWSFEEDS_DB={text!r}: a SQLite URL is sqlite:///relative/path or "
                                "sqlite:////absolute/path")
        return StoreLocation(SQLITE, Path(unquote(rest[1:])))
    if scheme:
        raise LocationError(f"NEWSFEEDS_DB={redact(text)!r}: newsfeeds stores articles in SQLite (a path, or "
                            "sqlite:///path) or PostgreSQL (postgresql://user@host:port/dbname), not in "
                            f"{scheme}")
    if not text:
        raise LocationError("NEWSFEEDS_DB is empty: give a path, sqlite:///path or postgresql://user@host/dbname")
    return StoreLocation(SQLITE, Path(text))


def store_location(settings: BaseSettings) -> StoreLocation:
    """The store a run uses: NEWSFEEDS_DB, by default <NEWSFEEDS_DATA_DIR>/newsfeeds.sqlite3."""
    from newsfeeds.config import setting

    value: Any = setting(settings, "NEWSFEEDS_DB")
    if not value:
        return StoreLocation(SQLITE, Path(setting(settings, "NEWSFEEDS_DATA_DIR")) / "newsfeeds.sqlite3")
    return parse_location(value if isinstance(value, Path) else str(value))


def password_of(dsn: str) -> str:
    """The password a PostgreSQL URL carries, in its netloc or as a `password` parameter ('' if none)."""
    try:
        parts = urlsplit(dsn)
        if parts.password:
            return unquote(parts.password)
        return dict(parse_qsl(parts.query)).get("password", "")
    except ValueError:
        return ""


def redact(dsn: str) -> str:
    """The URL with its password replaced by ***; a URL that does not parse is shown by its scheme only."""
    if not password_of(dsn):
        return dsn
    try:
        parts = urlsplit(dsn)
        netloc = parts.netloc
        if parts.password is not None:
            userinfo, _, hostinfo = netloc.rpartition("@")
            netloc = f"{userinfo.split(':', 1)[0]}:{MASK}@{hostinfo}"
        query = parts.query
        if query and "password" in dict(parse_qsl(query)):
            query = urlencode([(k, MASK if k == "password" else v) for k, v in parse_qsl(query)], safe="*")
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:
        return dsn.split(":", 1)[0] + "://" + MASK
