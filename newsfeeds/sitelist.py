"""Which sites a project crawls: every profile in the profiles directory, plus every spider module
that names a profile (the module wins for that profile's name), so a site added as a TOML file alone
is crawled by the cron line too."""

from __future__ import annotations

import argparse
import fnmatch
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsfeeds.config import setting
from newsfeeds.profiles import Profile, ProfileError, load_profile
from newsfeeds.spider import SectionSpider, resolve_profile

logger = logging.getLogger("newsfeeds.run")


@dataclass(frozen=True)
class SiteJob:
    """One site to crawl: its profile and the spider class that crawls it."""

    name: str
    profile: Profile
    spidercls: type[SectionSpider]
    origin: str  # "spider <name>" or the profile file, for messages


@dataclass
class SiteList:
    """What the project holds: sites to crawl, sites left out and why, profile mistakes."""

    jobs: list[SiteJob] = field(default_factory=list)
    left_out: dict[str, str] = field(default_factory=dict)
    errors: list[ProfileError] = field(default_factory=list)


def profile_spider(profile: Profile) -> type[SectionSpider]:
    """A spider class for a profile with no module of its own, named after the site so logs say which."""
    return type(f"{profile.name.title().replace('-', '').replace('_', '')}Spider", (SectionSpider,),
                {"name": profile.name, "profile_name": "", "__module__": __name__})


def discover(spider_loader: Any, settings: Any, spider_args: dict[str, Any]) -> SiteList:
    """Every site of the project, each once, with module spiders first."""
    found = SiteList()
    claimed: dict[str, str] = {}
    for spider_name in sorted(spider_loader.list()):
        cls = spider_loader.load(spider_name)
        if not (isinstance(cls, type) and issubclass(cls, SectionSpider) and cls.profile_name):
            continue
        try:
            profile = resolve_profile(cls, dict(spider_args), settings)
        except ProfileError as exc:
            found.errors.append(exc)
            claimed[cls.profile_name] = f"spider {spider_name}"
            continue
        claimed[profile.name] = f"spider {spider_name}"
        claimed.setdefault(cls.profile_name, f"spider {spider_name}")
        found.jobs.append(SiteJob(profile.name, profile, cls, f"spider {spider_name}"))
    directory = Path(setting(settings, "NEWSFEEDS_PROFILES_DIR"))
    for path in sorted(directory.glob("*.toml")) if directory.is_dir() else []:
        if path.name.startswith(("_", ".")):
            continue
        try:
            profile = load_profile(path)
            if spider_args.get("site_url"):
                profile = profile.pointed_at(str(spider_args["site_url"]))
        except ProfileError as exc:
            found.errors.append(exc)
            continue
        owner = claimed.get(profile.name) or claimed.get(path.stem)
        if owner:
            if owner.startswith("spider "):
                continue  # the module crawls it
            found.errors.append(ProfileError(str(path), "name", f"site name {profile.name!r} is also used by {owner}",
                                             "Give every profile its own name (it names the site's feed directory)"))
            continue
        claimed[profile.name] = str(path)
        if not profile.enabled:
            found.left_out[profile.name] = f"enabled = false in {path}"
            continue
        found.jobs.append(SiteJob(profile.name, profile, profile_spider(profile), str(path)))
    return found


def select(jobs: Iterable[SiteJob], only: list[str], skip: list[str]) -> tuple[list[SiteJob], list[str]]:
    """The jobs named by --site patterns (all when none) minus --skip patterns; and patterns that
    matched no site, which are probably typos."""
    jobs = list(jobs)
    unmatched = [p for p in [*only, *skip] if not any(fnmatch.fnmatchcase(j.name, p) for j in jobs)]
    chosen = [j for j in jobs if (not only or any(fnmatch.fnmatchcase(j.name, p) for p in only))
              and not any(fnmatch.fnmatchcase(j.name, p) for p in skip)]
    return chosen, unmatched


def add_site_options(parser: argparse.ArgumentParser, verb: str) -> None:
    """--site and --skip, the same for every command that works on the project's sites."""
    parser.add_argument("--site", action="append", default=[], metavar="NAME",
                        help=f"{verb} only this site (repeatable; shell wildcards such as 'news-*' work)")
    parser.add_argument("--skip", action="append", default=[], metavar="NAME",
                        help="leave this site out (repeatable; wildcards work)")


def chosen_sites(spider_loader: Any, settings: Any, opts: argparse.Namespace, verb: str) -> tuple[SiteList, list[SiteJob]]:
    """The project's sites and those --site/--skip choose, with profile mistakes, patterns that match
    nothing and sites left out said in the log."""
    found = discover(spider_loader, settings, dict(opts.spargs))
    for error in found.errors:
        logger.error("Profile error, site not %s: %s", verb, error)
    jobs, unmatched = select(found.jobs, opts.site, opts.skip)
    for pattern in unmatched:
        logger.warning("--site/--skip %r matches no site (sites: %s)", pattern,
                       ", ".join(j.name for j in found.jobs) or "none")
    for name, why in found.left_out.items():
        logger.info("Site %s left out: %s", name, why)
    return found, jobs
