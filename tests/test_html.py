"""What reaches a feed reader: safe markup, absolute URLs, text that XML accepts."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path
from html import escape

import lxml.html
import pytest
from lxml import etree

from newsfeeds import html as html_module
from newsfeeds.html import absolutize, clean_text, sanitize_html, strip_tags, truncate, xml_safe

BASE = "https://news.example.com/world/2024/story.html"
FORBIDDEN_TAGS = {"script", "style", "iframe", "svg", "math", "meta", "base", "object", "embed",
                  "form", "input", "link", "template", "noscript", "button", "textarea", "select"}
URL_ATTRIBUTES = ("href", "src", "cite", "poster")


def assert_harmless(output: str, *, payload_only_in_markup: bool = True) -> None:
    """Every attack must leave nothing a browser would run, fetch from a data: URL or redirect to."""
    lowered = output.lower()
    needles = ["<script", "<iframe", "<svg", "<style", "<meta", "<base", "<object", "<form"]
    if payload_only_in_markup:
        needles += ["javascript:", "vbscript:", "data:"]
    for needle in needles:
        assert needle not in lowered, f"{needle!r} in {output!r}"
    assert xml_safe(output) == output
    if not output.strip():
        return
    parser = lxml.html.HTMLParser(huge_tree=True)
    for element in lxml.html.fragment_fromstring(output, create_parent="div", parser=parser).iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in FORBIDDEN_TAGS, output
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), output
            assert name not in ("style", "class", "id"), output
            if name in URL_ATTRIBUTES:
                assert value.startswith(("https://", "http://", "mailto:")), output
            if name == "srcset":
                for candidate in value.split(", "):
                    assert candidate.startswith(("https://", "http://")), output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("a\x00b\x01c\x08d\x0be\x0cf\x1fg", "abcdefg"),
        ("tab\tnew\nline\rkept", "tab\tnew\nline\rkept"),
        ("c1\x80\x85\x9fgone", "c1gone"),
        ("del\x7fgone", "delgone"),
        ("lone \ud800 and \udfff surrogates", "lone  and  surrogates"),
        ("non\ufffechar\uffff", "nonchar"),
        ("paired \ud83d\ude00 surrogates", "paired \U0001f600 surrogates"),
        ("emoji \U0001f600 \U0001f469\u200d\U0001f4bb kept", "emoji \U0001f600 \U0001f469\u200d\U0001f4bb kept"),
        ("rtl \u200f\u202bשלום\u202c marks", "rtl \u200f\u202bשלום\u202c marks"),
        ("cdata ]]> end", "cdata ]]> end"),
        ("", ""),
    ],
)
def test_xml_safe(text: str, expected: str) -> None:
    assert xml_safe(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, ""),
        ("", ""),
        ("  Hello   world \n\t ", "Hello world"),
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("escaped twice &amp;amp;", "escaped twice &amp;"),
        ("&eacute;t&eacute; &#8212; &#x2014;", "été — —"),
        ("nbsp\xa0and&nbsp;entity", "nbsp and entity"),
        ("zero\u200bwidth \ufeffbom", "zero width bom"),
        ("ideographic\u3000space", "ideographic space"),
        ("ctrl\x00\x07chars &#1;", "ctrlchars"),
        ("family \U0001f468\u200d\U0001f469\u200d\U0001f467", "family \U0001f468\u200d\U0001f469\u200d\U0001f467"),
        ("\u200fمرحبا\u200e", "\u200fمرحبا\u200e"),
        ("cdata ]]> stays", "cdata ]]> stays"),
        ("a < b > c", "a < b > c"),
    ],
)
def test_clean_text(text: str | None, expected: str) -> None:
    assert clean_text(text) == expected


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<b>Hi</b> &amp; bye", "Hi & bye"),
        ("<p>One</p><p>Two</p>", "One Two"),
        ("line<br>break", "line break"),
        ("<em>in</em>line", "inline"),
        ("<script>alert(1)</script>text<style>p{color:red}</style>", "text"),
        ("<noscript>enable js</noscript><template>t</template>shown", "shown"),
        ("&amp;lt;b&amp;gt; is decoded once", "&lt;b&gt; is decoded once"),
        ("a < b and ]]> stays", "a < b and ]]> stays"),
        ("<ul><li>a</li><li>b</li></ul>", "a b"),
        ("<p>unclosed <b>tags", "unclosed tags"),
        ("<!-- comment -->visible", "visible"),
        ("nbsp&nbsp;&#8203;zwsp", "nbsp zwsp"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_strip_tags(markup: str, expected: str) -> None:
    assert strip_tags(markup) == expected


def test_strip_tags_survives_deep_nesting() -> None:
    markup = "<div>" * 100_000 + "deep" + "</div>" * 100_000 + "<p>after</p>"
    assert strip_tags(markup) == "deep after"


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, "short"),
        ("exactly10!", 10, "exactly10!"),
        ("Hello wonderful world", 10, "Hello…"),
        ("Hello wonderful world", 16, "Hello wonderful…"),
        ("Hello, world again", 9, "Hello…"),
        ("Supercalifragilistic", 8, "Superca…"),
        ("a Supercalifragilistic", 8, "a Super…"),
        ("Hello world", 1, "H"),
        ("Hello world", 0, ""),
        ("日本語のテキストです", 5, "日本語の…"),
        ("café", 4, "café"),
        ("cafe\u0301 au lait", 5, "caf…"),
    ],
)
def test_truncate(text: str, limit: int, expected: str) -> None:
    result = truncate(text, limit)
    assert result == expected
    assert len(result) <= limit


def test_truncate_custom_ellipsis_counts_against_limit() -> None:
    assert truncate("one two three four", 12, " [...]") == "one [...]"


def test_truncate_rejects_negative_limit() -> None:
    with pytest.raises(ValueError, match="-1"):
        truncate("text", -1)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://other.org/a", "https://other.org/a"),
        ("/root", "https://news.example.com/root"),
        ("sibling.html", "https://news.example.com/world/2024/sibling.html"),
        ("../up", "https://news.example.com/world/up"),
        ("?page=2", "https://news.example.com/world/2024/story.html?page=2"),
        ("#top", "https://news.example.com/world/2024/story.html#top"),
        ("//cdn.example.net/x.jpg", "https://cdn.example.net/x.jpg"),
        ("  \n/padded\t ", "https://news.example.com/padded"),
        ("/with space.jpg", "https://news.example.com/with%20space.jpg"),
        ("mailto:desk@example.com", "mailto:desk@example.com"),
        ("HTTP://Upper.example/", "HTTP://Upper.example/"),
        (None, None),
        ("", None),
        ("   ", None),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        (" jav\tascript:alert(1)", None),
        ("java\x00script:alert(1)", None),
        ("vbscript:msgbox(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("file:///etc/passwd", None),
        ("about:blank", None),
        ("ftp://files.example.com/x", None),
        ("tel:+123", None),
        ("http://", None),
        ("mailto:", None),
        ("http://[::1", None),
    ],
)
def test_absolutize(url: str | None, expected: str | None) -> None:
    assert absolutize(url, BASE) == expected


def test_absolutize_without_usable_base_refuses_relative_urls() -> None:
    assert absolutize("/relative", "") is None
    assert absolutize("https://ok.example/", "") == "https://ok.example/"


ATTACKS = [
    ("<p>keep</p><script>alert(1)</script>", "keep"),
    ("<p>keep</p><SCRIPT SRC=//evil.example/x.js></SCRIPT>", "keep"),
    ("<style>body{display:none}</style><p>keep</p>", "keep"),
    ("<p style=\"background:url(javascript:alert(1))\">keep</p>", "keep"),
    ("<img src=/ok.png onerror=alert(1)>keep", "keep"),
    ("<IMG SRC=/ok.png ONERROR=alert(1)>keep", "keep"),
    ("<body onload=alert(1)><p>keep</p></body>", "keep"),
    ("<a href=\"javascript:alert(1)\">keep</a>", "keep"),
    ("<a href=\"JAVASCRIPT:alert(1)\">keep</a>", "keep"),
    ("<a href=\"jav&#x09;ascript:alert(1)\">keep</a>", "keep"),
    ("<a href=\"jav&#x0A;ascript:alert(1)\">keep</a>", "keep"),
    ("<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">keep</a>", "keep"),
    ("<a href=\" \x01javascript:alert(1)\">keep</a>", "keep"),
    ("<a href=\"vbscript:msgbox(1)\">keep</a>", "keep"),
    ("<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">keep</a>", "keep"),
    ("<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">keep", "keep"),
    ("<img srcset=\"javascript:alert(1) 1x, data:image/png;base64,AAAA 2x\">keep", "keep"),
    ("<iframe src=\"https://evil.example/\">fallback</iframe>keep", "keep"),
    ("<svg onload=alert(1)><p>inside svg</p></svg>keep", "keep"),
    ("<svg><a xlink:href=\"javascript:alert(1)\">x</a></svg>keep", "keep"),
    ("<math><mtext><img src=x onerror=alert(1)></mtext></math>keep", "keep"),
    ("<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">keep", "keep"),
    ("<base href=\"https://evil.example/\">keep", "keep"),
    ("<object data=\"https://evil.example/x.swf\"><embed src=\"x.swf\"></object>keep", "keep"),
    ("<form action=\"https://evil.example/\"><input name=q><button>go</button></form>keep", "keep"),
    ("<link rel=stylesheet href=\"https://evil.example/x.css\">keep", "keep"),
    ("<template><script>alert(1)</script></template>keep", "keep"),
    ("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">x</p></noscript>keep", "keep"),
    ("<div onclick=\"alert(1)\" onmouseover=\"alert(1)\" class=\"c\" id=\"i\">keep</div>", "keep"),
    ("<a href=\"/ok\" target=\"_blank\" rel=\"opener\" ping=\"https://track.example/\">keep</a>", "keep"),
    ("<blockquote cite=\"javascript:alert(1)\">keep</blockquote>", "keep"),
    ("<video poster=\"javascript:alert(1)\"><source src=\"x.mp4\"></video>keep", "keep"),
    ("<!--<script>alert(1)</script>-->keep", "keep"),
    ("<scr<script>ipt>alert(1)</script>keep", "keep"),
    ("<<script>script>alert(1)<</script>/script>keep", "keep"),
    ("<img src=\"x\" alt=\"\"\" onerror=\"alert(1)\">keep", "keep"),
    ("<a href=\"https://ok.example/\"onclick=alert(1)>keep</a>", "keep"),
]


@pytest.mark.parametrize(("markup", "survivor"), ATTACKS)
def test_sanitize_html_removes_attacks(markup: str, survivor: str) -> None:
    output = sanitize_html(markup, BASE)
    assert_harmless(output)
    assert survivor in output


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>Hi <b>there</b></p>", "<p>Hi <b>there</b></p>"),
        ("<h1 class=\"title\">Title</h1>", "<h2>Title</h2>"),
        ("<h3>Sub</h3>", "<h3>Sub</h3>"),
        ("<article><section><p>x</p></section></article>", "<p>x</p>"),
        ("<p>x</p><script>alert(1)</script>", "<p>x</p>"),
        ("<a href=\"/about\" title=\"About\">about</a>",
         "<a href=\"https://news.example.com/about\" title=\"About\" rel=\"noopener noreferrer\">about</a>"),
        ("<a href=\"javascript:void(0)\">plain</a>", "plain"),
        ("<a name=\"anchor\">plain</a>", "plain"),
        ("<a href=\"mailto:desk@example.com\">mail</a>",
         "<a href=\"mailto:desk@example.com\" rel=\"noopener noreferrer\">mail</a>"),
        ("<blockquote cite=\"../src\">q</blockquote>",
         "<blockquote cite=\"https://news.example.com/world/src\">q</blockquote>"),
        ("<ol start=\"3\" type=\"a\"><li>c</li></ol>", "<ol start=\"3\"><li>c</li></ol>"),
        ("<table><tr><td colspan=\"2\" width=\"9\">c</td></tr></table>",
         "<table><tbody><tr><td colspan=\"2\">c</td></tr></tbody></table>"),
        ("<time datetime=\"2024-05-01T10:00:00Z\">May 1</time>",
         "<time datetime=\"2024-05-01T10:00:00Z\">May 1</time>"),
        ("<abbr title=\"World Health Organization\">WHO</abbr>",
         "<abbr title=\"World Health Organization\">WHO</abbr>"),
        ("<p>]]&gt; in text</p>", "<p>]]&gt; in text</p>"),
        ("<p>a&nbsp;b</p>", "<p>a&#160;b</p>"),
        ("<p>\u200fשלום \U0001f600</p>", "<p>\u200fשלום \U0001f600</p>"),
        ("<p>ctrl\x00\x1b&#1;\x85</p>", "<p>ctrl</p>"),
        ("", ""),
        ("   \n\t", ""),
        ("<script>only()</script>", ""),
    ],
)
def test_sanitize_html_output(markup: str, expected: str) -> None:
    assert sanitize_html(markup, BASE) == expected


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<img src=\"/a.jpg\" alt=\"A\">", "<img alt=\"A\" src=\"https://news.example.com/a.jpg\">"),
        ("<img src=\"b.jpg\">", "<img src=\"https://news.example.com/world/2024/b.jpg\">"),
        ("<img src=\"//cdn.example.net/c.jpg\">", "<img src=\"https://cdn.example.net/c.jpg\">"),
        ("<img src=\" &#x2F;d.jpg \">", "<img src=\"https://news.example.com/d.jpg\">"),
        ("<img src=\"/e.jpg\" srcset=\"/e.jpg 1x, e2.jpg 2x\">",
         "<img src=\"https://news.example.com/e.jpg\" "
         "srcset=\"https://news.example.com/e.jpg 1x, https://news.example.com/world/2024/e2.jpg 2x\">"),
        ("<img src=\"/f.jpg\" srcset=\"/f,w_300.jpg 300w,/f,w_600.jpg 600w\">",
         "<img src=\"https://news.example.com/f.jpg\" "
         "srcset=\"https://news.example.com/f,w_300.jpg 300w, https://news.example.com/f,w_600.jpg 600w\">"),
        ("<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" data-src=\"/lazy.jpg\">",
         "<img src=\"https://news.example.com/lazy.jpg\">"),
        ("<img data-lazy-src=\"/lazy2.jpg\">", "<img src=\"https://news.example.com/lazy2.jpg\">"),
        ("<img src=\"\" data-original=\"/lazy3.jpg\">", "<img src=\"https://news.example.com/lazy3.jpg\">"),
        ("<img src=\"/img/placeholder.png\" data-src=\"/real.jpg\">",
         "<img src=\"https://news.example.com/real.jpg\">"),
        ("<img src=\"/spacer.gif\" data-src=\"/real.jpg\">", "<img src=\"https://news.example.com/real.jpg\">"),
        ("<img src=\"/blank.gif\" data-src=\"/real.jpg\">", "<img src=\"https://news.example.com/real.jpg\">"),
        ("<img src=\"/pixel-1x1.png\" data-src=\"/real.jpg\">", "<img src=\"https://news.example.com/real.jpg\">"),
        ("<img src=\"/lazy-load.svg\" data-srcset=\"/s.jpg 1x, /l.jpg 2x\">",
         "<img src=\"https://news.example.com/l.jpg\" "
         "srcset=\"https://news.example.com/s.jpg 1x, https://news.example.com/l.jpg 2x\">"),
        ("<img data-lazy-srcset=\"/n.jpg 400w, /w.jpg 800w\" data-src=\"/d.jpg\">",
         "<img src=\"https://news.example.com/d.jpg\" "
         "srcset=\"https://news.example.com/n.jpg 400w, https://news.example.com/w.jpg 800w\">"),
        ("<img src=\"/real.jpg\" data-src=\"/other.jpg\">", "<img src=\"https://news.example.com/real.jpg\">"),
        ("<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">", ""),
        ("<img src=\"\">", ""),
        ("<img alt=\"no source\">", ""),
        ("<img src=\"javascript:alert(1)\">", ""),
        ("<picture><source data-srcset=\"/p.webp\" type=\"image/webp\"><source src=\"v.mp4\">"
         "<img src=\"/p.jpg\"></picture>",
         "<picture><source type=\"image/webp\" srcset=\"https://news.example.com/p.webp\">"
         "<img src=\"https://news.example.com/p.jpg\"></picture>"),
        ("<figure><img src=\"/f.jpg\" width=\"640\" height=\"480\" loading=\"lazy\" class=\"c\">"
         "<figcaption>Cap</figcaption></figure>",
         "<figure><img width=\"640\" height=\"480\" src=\"https://news.example.com/f.jpg\">"
         "<figcaption>Cap</figcaption></figure>"),
    ],
)
def test_sanitize_html_images(markup: str, expected: str) -> None:
    assert _sorted_attributes(sanitize_html(markup, BASE)) == _sorted_attributes(expected)


def _sorted_attributes(markup: str) -> list[tuple[str, list[tuple[str, str]], str]]:
    """Attribute order is the serializer's business, not part of the contract."""
    if not markup:
        return []
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    return [(e.tag, sorted(e.attrib.items()), e.text or "") for e in root.iter() if e is not root]


@pytest.mark.parametrize(
    ("markup", "href"),
    [
        ("<a href=\"../other.html\">x</a>", "https://news.example.com/world/other.html"),
        ("<a href=\"?page=2\">x</a>", "https://news.example.com/world/2024/story.html?page=2"),
        ("<a href=\"//elsewhere.example/x\">x</a>", "https://elsewhere.example/x"),
        ("<a href=\"  /padded  \">x</a>", "https://news.example.com/padded"),
        ("<a href=\"/q?a=1&amp;b=2\">x</a>", "https://news.example.com/q?a=1&b=2"),
        ("<a href=\"/q?a=1&b=2\">x</a>", "https://news.example.com/q?a=1&b=2"),
        ("<a href=\"https://other.example/page\">x</a>", "https://other.example/page"),
    ],
)
def test_sanitize_html_links_become_absolute(markup: str, href: str) -> None:
    link = lxml.html.fragment_fromstring(sanitize_html(markup, BASE), create_parent="div").find("a")
    assert link.get("href") == href
    assert link.get("rel") == "noopener noreferrer"


def test_sanitize_html_survives_5000_levels_of_nesting() -> None:
    markup = "<div>" * 5000 + "<p>deep <img data-src=\"/d.jpg\"></p>" + "</div>" * 5000 + "<p>after</p>"
    output = sanitize_html(markup, BASE)
    assert "deep" in output
    assert output.endswith("<p>after</p>")
    assert_harmless(output)


def test_sanitize_html_survives_100000_unclosed_tags() -> None:
    output = sanitize_html("<div><b>" * 100_000 + "bottom", BASE)
    assert "bottom" in output
    assert_harmless(output)


def test_sanitize_html_handles_5_megabytes() -> None:
    paragraph = ("<p>" + "Words of an ordinary news paragraph &amp; more. " * 8
                 + "<a href=\"/x\">link</a> <img src=\"i.png\"><script>x()</script></p>\n")
    markup = paragraph * (5_000_000 // len(paragraph))
    output = sanitize_html(markup, BASE)
    assert output.count("<p>") == markup.count("<p>")
    assert "<script" not in output


@pytest.mark.parametrize(
    ("codec", "errors"), [("latin-1", "strict"), ("utf-8", "surrogateescape"), ("utf-8", "replace")]
)
def test_sanitize_html_survives_binary_garbage(codec: str, errors: str) -> None:
    junk = random.Random(codec).randbytes(200_000) + b"<script>alert(1)</script><img src=x onerror=y>"
    markup = junk.decode(codec, errors)
    for function in (strip_tags, clean_text, xml_safe):
        assert xml_safe(function(markup)) == function(markup)
    assert_harmless(sanitize_html(markup, BASE))


def test_sanitize_html_survives_random_tag_soup() -> None:
    rng = random.Random(7)
    alphabet = ["<", ">", "/", "=", "\"", "'", " ", "a", "img", "script", "src", "href", "on", "&#",
                "javascript:", "data:", "svg", "iframe", "\x00", "\ud800", ";", "x"]
    for _ in range(50):
        markup = "".join(rng.choice(alphabet) for _ in range(500))
        assert_harmless(sanitize_html(markup, BASE), payload_only_in_markup=False)


def test_sanitize_html_falls_back_to_nh3_when_lxml_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(markup: str, target: object) -> str:
        raise etree.ParserError("simulated parser failure")

    monkeypatch.setattr(html_module, "_stream", broken)
    markup = ("<h1>Title</h1><p onclick=x>Hi <a href=\"../rel\">link</a></p><script>alert(1)</script>"
              "<img src=\"/i.png\" srcset=\"javascript:alert(1) 1x, /i2.png 2x\">")
    output = sanitize_html(markup, BASE)
    assert_harmless(output)
    assert output.startswith("<h2>Title</h2>")
    assert "href=\"https://news.example.com/world/rel\"" in output
    assert "srcset=\"https://news.example.com/i2.png 2x\"" in output
    assert strip_tags("<b>Hi</b> &amp; <script>x</script>bye") == "Hi & bye"


def test_sanitize_html_output_is_xml_safe() -> None:
    markup = "".join(chr(c) for c in range(0, 0x120)) + "<p>\ud83d\ude00\ud800&#xFFFE;&#x1;</p>"
    output = sanitize_html(markup, BASE)
    assert xml_safe(output) == output
    etree.fromstring(f"<root>{escape(output)}</root>")


def test_sanitize_html_random_bytes_from_os() -> None:
    assert_harmless(sanitize_html(os.urandom(50_000).decode("latin-1"), BASE))


def test_sanitize_html_output_does_not_depend_on_hash_seed() -> None:
    script = ("from newsfeeds.html import sanitize_html; print(sanitize_html('<img title=t alt=a width=1 "
              "height=2 sizes=s srcset=\\'/a.jpg 1x\\' src=/b.jpg><source srcset=/s.jpg type=t media=m sizes=s>"
              "<a title=t href=/x>x</a>', 'https://example.com/'))")
    outputs = {
        subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": seed},
                       capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(outputs) == 1
    assert outputs.pop().startswith("<img src=\"https://example.com/b.jpg\" srcset=")
