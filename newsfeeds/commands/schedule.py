"""`scrapy schedule`: every site (or the named ones) queued as Scrapyd jobs across the nodes of
NEWSFEEDS_SCRAPYD_NODES, each on the least busy node, so one cron line drives a cluster."""

from __future__ import annotations

import argparse
import logging

from scrapy.commands import BaseRunSpiderCommand
from scrapy.exceptions import UsageError
from scrapy.utils.conf import arglist_to_dict

from newsfeeds.commands import CommandExit, free_sites, guarded
from newsfeeds.config import setting
from newsfeeds.health import EXIT_ERROR, EXIT_LOCKED, EXIT_OK, EXIT_UNHEALTHY, EXIT_USAGE, worst
from newsfeeds.scrapyd import Node, NodeError, parse_nodes, schedule, survey
from newsfeeds.sitelist import SiteJob, add_site_options, chosen_sites
from newsfeeds.store import parse_location
from newsfeeds.store.location import password_of

logger = logging.getLogger("newsfeeds.run")

GENERIC_SPIDER = "site"  # spiders/site.py: any site from its profile (-a profile=NAME)
# The jobs read the profiles deployed with the egg, and the cluster settings concern only this command.
NOT_PASSED_ON = ("NEWSFEEDS_SCRAPYD_", "NEWSFEEDS_PROFILES_DIR")


class Command(BaseRunSpiderCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[--site NAME ...] [--skip NAME ...] [--list]"

    def short_desc(self) -> str:
        return "Queue every site as a job on the least busy Scrapyd node (NEWSFEEDS_SCRAPYD_NODES)"

    def long_desc(self) -> str:
        return ("Queue every site of the project (as crawlall would crawl them) as Scrapyd jobs, each on the node "
                "of NEWSFEEDS_SCRAPYD_NODES with the fewest pending and running jobs. A site already pending or "
                "running on any node, or whose run lock is held, is skipped. -s NAME=VALUE options are passed on "
                "to every job, -a arguments to every spider. Exit code: 0 all queued, 3 a node was unreachable "
                "(the others took its share), 1 a site could not be queued anywhere, 2 usage or profile mistake, "
                "75 every site was busy.")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        add_site_options(parser, "queue")
        parser.add_argument("--list", action="store_true",
                            help="print each site with the node it would go to, or why not; queue nothing")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError("schedule takes no site names as arguments; use --site NAME")
        if "profile" in opts.spargs:
            raise UsageError("-a profile= names one site; use schedule --site NAME")
        self.exitcode = guarded(lambda: self._run(opts))

    def _run(self, opts: argparse.Namespace) -> int:
        assert self.crawler_process and self.settings is not None
        try:
            nodes = parse_nodes(setting(self.settings, "NEWSFEEDS_SCRAPYD_NODES"))
        except ValueError as exc:
            raise CommandExit(str(exc), EXIT_USAGE) from None
        if not nodes:
            raise CommandExit("NEWSFEEDS_SCRAPYD_NODES names no Scrapyd node; set it to the nodes' URLs, "
                              "e.g. -s NEWSFEEDS_SCRAPYD_NODES='http://crawler1:6800/ http://crawler2:6800/'", EXIT_USAGE)
        found, jobs = chosen_sites(self.crawler_process.spider_loader, self.settings, opts, "scheduled")
        codes = [EXIT_USAGE] * len(found.errors)
        if not jobs:
            logger.error("No site to schedule: add profiles to %s", setting(self.settings, "NEWSFEEDS_PROFILES_DIR"))
            return worst(codes or [EXIT_USAGE])

        project = str(setting(self.settings, "NEWSFEEDS_SCRAPYD_PROJECT"))
        timeout = float(setting(self.settings, "NEWSFEEDS_SCRAPYD_TIMEOUT"))
        up = self._survey(nodes, project, timeout)
        if len(up) < len(nodes):
            codes.append(EXIT_UNHEALTHY)
        if not up:
            logger.error("No Scrapyd node reachable (%s): nothing scheduled", ", ".join(map(str, nodes)))
            return worst([*codes, EXIT_ERROR])

        busy = {job.name: f"{state} on {node}" for node in up for job in jobs
                for state in [node.active.get(job.name)] if state}
        locks, held = free_sites(self.settings, [j.name for j in jobs if j.name not in busy])
        for lock in locks.values():
            lock.release()  # only asked whether a run holds it; the job takes it itself
        busy.update({name: why for name, why in held.items()})
        for name, why in busy.items():
            logger.warning("Site %s skipped: %s", name, why)
        todo = [j for j in jobs if j.name not in busy]
        if not todo:
            return worst([*codes, EXIT_LOCKED])
        if opts.list:
            return self._list(todo, up, codes)

        settings = self._passed_on(opts)
        queued: dict[str, int] = {}
        for job in todo:
            spider, args = self._spider(job, dict(opts.spargs))
            node = self._place(job, spider, args, settings, up, project, timeout, codes)
            if node is not None:
                queued[str(node)] = queued.get(str(node), 0) + 1
        code = worst(codes)
        logger.log(logging.INFO if code == EXIT_OK else logging.WARNING,
                   "SCHEDULE sites=%d queued=%d skipped_busy=%d nodes_up=%d/%d per_node=%s exit=%d",
                   len(jobs), sum(queued.values()), len(busy), len(up), len(nodes),
                   ",".join(f"{url}:{count}" for url, count in queued.items()) or "none", code)
        return code

    def _survey(self, nodes: list[Node], project: str, timeout: float) -> list[Node]:
        """The nodes that answer, with their load and their pending and running sites."""
        up = []
        for node in nodes:
            try:
                survey(node, project, timeout)
            except NodeError as exc:
                logger.error("%s; scheduling on the other nodes", exc)
                continue
            up.append(node)
        return up

    def _place(self, job: SiteJob, spider: str, args: dict[str, str], settings: dict[str, str], up: list[Node],
               project: str, timeout: float, codes: list[int]) -> Node | None:
        """Queue a site on the least busy node; a node that fails is dropped and the next one tried."""
        while up:
            node = min(up, key=lambda n: n.load)  # the first listed among equals
            try:
                job_id = schedule(node, project, spider, job.name, settings, args, timeout)
            except NodeError as exc:
                logger.error("%s; site %s goes to another node", exc, job.name)
                up.remove(node)
                codes.append(EXIT_UNHEALTHY)
                continue
            logger.info("Site %s queued on %s as job %s", job.name, node, job_id)
            return node
        logger.error("Site %s could not be queued on any Scrapyd node", job.name)
        codes.append(EXIT_ERROR)
        return None

    def _list(self, todo: list[SiteJob], up: list[Node], codes: list[int]) -> int:
        loads = {id(node): node.load for node in up}
        for job in todo:
            node = min(up, key=lambda n: loads[id(n)])
            loads[id(node)] += 1
            print(f"{job.name}\t{node}")
        return worst(codes)

    @staticmethod
    def _spider(job: SiteJob, spider_args: dict[str, str]) -> tuple[str, dict[str, str]]:
        """The spider a node runs for a site: its own module's, else the generic one with its profile's name."""
        if job.origin.startswith("spider "):
            return job.origin.removeprefix("spider "), spider_args
        return GENERIC_SPIDER, {**spider_args, "profile": job.name}

    @staticmethod
    def _passed_on(opts: argparse.Namespace) -> dict[str, str]:
        """The -s settings of this command line, for every job (the node's own settings.py gives the rest)."""
        given = arglist_to_dict(opts.set)
        passed = {name: str(value) for name, value in given.items() if not name.startswith(NOT_PASSED_ON)}
        if "NEWSFEEDS_DB" in passed and password_of(parse_location(passed["NEWSFEEDS_DB"]).dsn or ""):
            logger.warning("NEWSFEEDS_DB carries a password, and Scrapyd logs each job's command line: "
                           "give the nodes ~/.pgpass or PGPASSWORD and leave the password out of the URL")
        return passed
