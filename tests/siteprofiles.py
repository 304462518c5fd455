"""Small profiles of the demo site written into a test's directory: one World section from its HTML
listing, or any listing sources a test wants to try."""

from __future__ import annotations

from pathlib import Path

HEAD = ('url = "https://www.indiablooms.com/"\ntimezone = "Asia/Kolkata"\nallowed_domains = ["indiablooms.com"]\n')


def profile_file(tmp_path: Path, name: str, body: str, title: str = "") -> Path:
    """A profile `name` for the demo site with `body` (sections, sources, links) after the common keys."""
    path = tmp_path / f"{name}.toml"
    path.write_text(f'name = "{name}"\n' + (f'title = "{title}"\n' if title else "") + HEAD + body, encoding="utf-8")
    return path


def world_section(tmp_path: Path, title: str = "") -> Path:
    """The World section's first listing page only: a handful of requests."""
    return profile_file(tmp_path, "world", '[[sections]]\nname = "World"\nurl = "https://www.indiablooms.com/world"\n'
                                           "[links]\npattern = ['^/world/[^/]+/details$']\nmax_pages = 1\n", title)
