"""Scrapyd nodes as `scrapy schedule` sees them, through Scrapyd's documented JSON API only
(daemonstatus.json, listjobs.json, schedule.json): Scrapyd runs the jobs, newsfeeds only chooses where.

A job's id starts with the site it crawls (`<site>.<time>.<random>`; site names hold no dots), so
listjobs.json, which does not show spider arguments, still tells which sites are pending or running."""

from __future__ import annotations

import base64
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit, urlunsplit
from urllib.request import Request, urlopen


class NodeError(RuntimeError):
    """A node that cannot be reached, refuses us, or answers with an error."""


@dataclass
class Node:
    """One Scrapyd server: its URL without credentials (safe to print) and its HTTP basic auth."""

    url: str
    auth: tuple[str, str] | None = None
    load: int = 0                    # pending + running jobs, counting what we scheduled this run
    active: dict[str, str] = field(default_factory=dict)  # site -> "pending|running job <id>"

    def __str__(self) -> str:
        return self.url

    def call(self, endpoint: str, timeout: float, form: dict[str, Any] | None = None, **query: str) -> dict[str, Any]:
        """One API call: GET with a query, or POST a form (list values repeat the field); the answer's JSON."""
        url = self.url + endpoint + (f"?{urlencode(query)}" if query else "")
        data = urlencode(form, doseq=True).encode() if form is not None else None
        request = Request(url, data=data, headers={"Accept": "application/json"})
        if self.auth:
            token = base64.b64encode(f"{self.auth[0]}:{self.auth[1]}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        try:
            with urlopen(request, timeout=timeout) as response:  # noqa: S310 - an http(s) URL from our settings
                body = response.read()
        except HTTPError as exc:
            hint = " (set the node's user:password in its URL)" if exc.code == 401 else ""
            raise NodeError(f"Scrapyd node {self} answered {endpoint} with HTTP {exc.code}{hint}") from None
        except (URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise NodeError(f"Scrapyd node {self} is unreachable ({reason})") from None
        try:
            answer = json.loads(body)
        except ValueError:
            raise NodeError(f"Scrapyd node {self} answered {endpoint} with something that is not JSON") from None
        if not isinstance(answer, dict) or answer.get("status") != "ok":
            message = answer.get("message") if isinstance(answer, dict) else answer
            raise NodeError(f"Scrapyd node {self} refused {endpoint}: {message}")
        return answer


def parse_nodes(value: Any) -> list[Node]:
    """NEWSFEEDS_SCRAPYD_NODES: a list, or URLs separated by commas or spaces; `http://user:pass@host:6800/`
    gives a node's HTTP basic auth."""
    urls = value if isinstance(value, (list, tuple)) else re.split(r"[\s,]+", str(value or ""))
    nodes = []
    for raw in (str(u).strip() for u in urls):
        if not raw:
            continue
        parts = urlsplit(raw)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"NEWSFEEDS_SCRAPYD_NODES: {raw!r} is not an http(s) URL of a Scrapyd node "
                             "(e.g. http://crawler1:6800/ or http://user:password@crawler1:6800/)")
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        url = urlunsplit((parts.scheme, host, parts.path.rstrip("/") + "/", "", ""))
        auth = (parts.username or "", parts.password or "") if parts.username else None
        nodes.append(Node(url, auth))
    return nodes


def job_site(job: dict[str, Any]) -> str:
    """The site a Scrapyd job crawls: from its id when we scheduled it, else its spider's name."""
    job_id = str(job.get("id", ""))
    return job_id.split(".", 1)[0] if "." in job_id else str(job.get("spider", ""))


def new_job_id(site: str) -> str:
    """A job id naming its site, for listjobs.json readers (us, next time) and for people reading logs."""
    return f"{site}.{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%SZ')}.{uuid.uuid4().hex[:8]}"


def survey(node: Node, project: str, timeout: float) -> None:
    """Read a node's load (daemonstatus.json) and the sites it has pending or running (listjobs.json)."""
    status = node.call("daemonstatus.json", timeout)
    node.load = int(status.get("pending", 0)) + int(status.get("running", 0))
    jobs = node.call("listjobs.json", timeout, project=project)
    for state in ("pending", "running"):
        for job in jobs.get(state, []):
            node.active.setdefault(job_site(job), f"{state} as job {job.get('id')}")


def schedule(node: Node, project: str, spider: str, site: str, settings: dict[str, str], args: dict[str, str],
             timeout: float) -> str:
    """Put one site's job in a node's queue (schedule.json); its job id."""
    form: dict[str, Any] = {**args, "project": project, "spider": spider, "jobid": new_job_id(site),
                            "setting": [f"{name}={value}" for name, value in settings.items()]}
    answer = node.call("schedule.json", timeout, form=form)
    node.load += 1
    node.active[site] = f"pending as job {answer.get('jobid', form['jobid'])}"
    return str(answer.get("jobid", form["jobid"]))
