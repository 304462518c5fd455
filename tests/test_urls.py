"""An article's identity is its canonical URL, however a listing happened to link to it."""

from __future__ import annotations

import pytest

from newsfeeds.urls import canonical_url, identity_key, is_web_url, on_domains


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://WWW.IndiaBlooms.com/world/x/details", "https://www.indiablooms.com/world/x/details"),
        ("https://www.indiablooms.com/world/x/details/", "https://www.indiablooms.com/world/x/details"),
        ("https://www.indiablooms.com/world/x/details#comments", "https://www.indiablooms.com/world/x/details"),
        ("https://www.indiablooms.com/world/x/details?utm_source=home&utm_medium=list",
         "https://www.indiablooms.com/world/x/details"),
        ("https://www.indiablooms.com/a?b=2&a=1&fbclid=zz&gclid=1", "https://www.indiablooms.com/a?a=1&b=2"),
        ("https://www.indiablooms.com:443/a", "https://www.indiablooms.com/a"),
        ("http://127.0.0.1:8765/a//b/../c", "http://127.0.0.1:8765/a/c"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/caf%C3%A9", "https://example.com/caf%C3%A9"),
        ("https://example.com/café", "https://example.com/caf%C3%A9"),
        ("https://example.com/story?id=12&amp=1", "https://example.com/story?id=12"),
    ],
)
def test_canonical_urls(url, canonical):
    assert canonical_url(url) == canonical


def test_the_identity_ignores_the_scheme_so_an_https_move_is_not_news():
    assert identity_key("http://example.com/a/") == identity_key("https://EXAMPLE.com/a") == "//example.com/a"


@pytest.mark.parametrize("url", ["mailto:a@b.c", "tel:+911234", "javascript:alert(1)", "data:text/html,x", "", None])
def test_only_web_links_are_followed(url):
    assert not is_web_url(url)


def test_domains_include_subdomains_but_not_lookalikes():
    assert on_domains("https://www.indiablooms.com/x", ("indiablooms.com",))
    assert not on_domains("https://indiablooms.com.evil.test/x", ("indiablooms.com",))
    assert not on_domains("https://notindiablooms.com/x", ("indiablooms.com",))
