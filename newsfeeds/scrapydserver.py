"""Throwaway Scrapyd nodes for the tests and the benchmark: a real Scrapyd from this virtualenv in a
directory of its own on a free port of 127.0.0.1, and the project deployed to them with scrapyd-deploy
from a copy of the checkout holding the sites to crawl (so the egg, not the checkout, brings them)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from newsfeeds.pgserver import free_port
from newsfeeds.scrapyd import Node, NodeError

# What a deployable copy of the project needs: the root layer and the package (setup.py builds the egg).
PROJECT_FILES = ("scrapy.cfg", "settings.py", "setup.py", "pyproject.toml", "README.md", "spiders", "newsfeeds")


def venv_script(name: str) -> str | None:
    """A console script installed beside this Python (the `cluster` extra), else one on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def without_checkout(environ: dict[str, str] | None = None) -> dict[str, str]:
    """An environment that does not lead Python to a checkout: a node has only its egg."""
    return {k: v for k, v in (os.environ if environ is None else environ).items() if k != "PYTHONPATH"}


class LocalScrapyd:
    """One Scrapyd server in `home` (scrapyd.conf, eggs, logs, its own console log), stopped on exit."""

    def __init__(self, home: Path, auth: tuple[str, str] | None = None, max_proc: int = 1,
                 environment: dict[str, str] | None = None) -> None:
        self.home = home
        self.port = free_port()
        self.auth = auth
        self.max_proc = max_proc
        self.environment = environment or {}
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def setting(self) -> str:
        """How NEWSFEEDS_SCRAPYD_NODES names it: credentials in the URL."""
        return f"http://{self.auth[0]}:{self.auth[1]}@127.0.0.1:{self.port}/" if self.auth else self.url

    def start(self) -> LocalScrapyd:
        self.home.mkdir(parents=True, exist_ok=True)
        lines = ["[scrapyd]", "bind_address = 127.0.0.1", f"http_port = {self.port}", f"max_proc = {self.max_proc}",
                 f"eggs_dir = {self.home / 'eggs'}", f"logs_dir = {self.home / 'logs'}", f"dbs_dir = {self.home / 'dbs'}",
                 "items_dir =", "poll_interval = 0.5"]
        if self.auth:
            lines += [f"username = {self.auth[0]}", f"password = {self.auth[1]}"]
        (self.home / "scrapyd.conf").write_text("\n".join(lines) + "\n", encoding="utf-8")
        env = {**without_checkout(), **self.environment, "XDG_CACHE_HOME": str(self.home / "cache")}
        with (self.home / "scrapyd.out").open("wb") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=self.home, env=env, stdout=log,
                                            stderr=subprocess.STDOUT)
        try:
            self._wait_ready()
        except BaseException:
            self.stop()  # never leave a server behind that no one will stop
            raise
        return self

    def _wait_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Scrapyd on port {self.port} stopped: {self.console()[-2000:]}")
            try:
                self.api("daemonstatus.json")
                return
            except NodeError:
                time.sleep(0.1)
        raise RuntimeError(f"Scrapyd on port {self.port} did not answer within a minute")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def __enter__(self) -> LocalScrapyd:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def api(self, endpoint: str, form: dict[str, Any] | None = None, **query: str) -> dict[str, Any]:
        return Node(self.url, self.auth).call(endpoint, 10, form=form, **query)

    def jobs(self, project: str = "newsfeeds") -> dict[str, Any]:
        return self.api("listjobs.json", project=project)

    def console(self) -> str:
        """Scrapyd's own log: jobs started and ended, their exit status and what they wrote to stderr."""
        return (self.home / "scrapyd.out").read_text(encoding="utf-8", errors="replace")

    def logs(self) -> dict[str, str]:
        """Each job's log by job id."""
        return {p.stem: p.read_text(encoding="utf-8", errors="replace") for p in (self.home / "logs").rglob("*.log")}


def deploy(checkout: Path, copy: Path, profiles: Sequence[Path], nodes: Sequence[LocalScrapyd], deployer: str,
           project: str = "newsfeeds") -> None:
    """Copy the project to `copy` with `profiles` as its sites/, name every node as a [deploy:...] target
    in its scrapy.cfg, and run `scrapyd-deploy -a` there, as an operator deploys from a checkout."""
    copy.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = checkout / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
        else:
            shutil.copy2(source, copy / name)
    (copy / "sites").mkdir(exist_ok=True)
    for profile in profiles:
        shutil.copy2(profile, copy / "sites" / profile.name)
    targets = []
    for number, node in enumerate(nodes, 1):
        targets.append(f"[deploy:node{number}]\nurl = {node.url}\nproject = {project}\n")
        if node.auth:
            targets.append(f"username = {node.auth[0]}\npassword = {node.auth[1]}\n")
    with (copy / "scrapy.cfg").open("a", encoding="utf-8") as cfg:
        cfg.write("\n" + "".join(targets))
    done = subprocess.run([deployer, "-a"], cwd=copy, capture_output=True, text=True, timeout=600, env=without_checkout())
    if done.returncode != 0:
        raise RuntimeError(f"scrapyd-deploy failed ({done.returncode}): {(done.stdout + done.stderr)[-3000:]}")


def wait_idle(nodes: Sequence[LocalScrapyd], timeout: float = 1800, project: str = "newsfeeds") -> None:
    """Until no node has a pending or running job."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(node.jobs(project)[state] for node in nodes for state in ("pending", "running")):
            return
        time.sleep(0.25)
    raise RuntimeError(f"jobs still active after {timeout:.0f} s: {[node.jobs(project) for node in nodes]}")
