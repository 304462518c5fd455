"""Bytes → text for pages whose declared charset cannot be trusted.

Scrapy believes the header, then the meta tag. Real sites lie both ways: windows-1252 pages
declared as UTF-8, UTF-8 pages declared as ISO-8859-1, GB2312 or Shift_JIS (a template's leftover
<meta>), no declaration at all. The bytes decide when they contradict the declaration: bytes that
are valid multi-byte UTF-8 are UTF-8 whatever is declared (text in another multi-byte encoding is
practically never valid UTF-8); bytes that are not UTF-8 follow the declaration, windows-1252 when
it says UTF-8 or nothing (the superset of ISO-8859-1 that browsers use for it).
"""

from __future__ import annotations

import codecs

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom, resolve_encoding


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """The page's text and the encoding used to read it."""
    bom_encoding, bom = read_bom(body)
    if bom_encoding and bom:
        return body[len(bom):].decode(bom_encoding, errors="replace"), bom_encoding
    declared = http_content_type_encoding(content_type or "") or html_body_declared_encoding(body[:4096])
    declared = resolve_encoding(declared) if declared else None
    is_utf8 = _valid_utf8(body)
    if is_utf8 and _has_multibyte(body):
        return body.decode("utf-8"), "utf-8"
    if declared:
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            name = "utf-8"
        if name in ("utf-8",) and not is_utf8:
            return body.decode("cp1252", errors="replace"), "cp1252"
        if name in ("latin-1", "iso8859-1"):
            name = "cp1252"
        return body.decode(name, errors="replace"), name
    if is_utf8:
        return body.decode("utf-8"), "utf-8"
    return body.decode("cp1252", errors="replace"), "cp1252"


def _valid_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _has_multibyte(body: bytes) -> bool:
    return not body.isascii()
