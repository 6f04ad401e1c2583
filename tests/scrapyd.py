"""Real scrapyd nodes on 127.0.0.1, and the project deployed to them with scrapyd-deploy."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.postgres import free_port
from tests.processes import PROJECT, wait_until

BIN = Path(sys.executable).parent
PROJECT_NAME = "defense_news"


def installed() -> bool:
    return (BIN / "scrapyd").exists() and (BIN / "scrapyd-deploy").exists()


def call(url: str, fields: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    """GET (or POST ``fields``) a scrapyd endpoint; its answer must say ``"status": "ok"``."""
    data = urllib.parse.urlencode(fields).encode() if fields is not None else None
    with urllib.request.urlopen(urllib.request.Request(url, data), timeout=30) as response:
        answer: dict[str, Any] = json.load(response)
    assert answer["status"] == "ok", answer
    return answer


@dataclass
class ScrapydNode:
    """One scrapyd server: its own directory (eggs, logs, job database) and port."""

    name: str
    home: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def passfile(self) -> Path:
        """The node's PGPASSFILE: what an administrator puts on each node (docs/postgres.md)."""
        return self.home / "pgpass"

    def start(self, max_proc: int = 2) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        (self.home / "scrapyd.conf").write_text(
            "[scrapyd]\n"
            f"bind_address = 127.0.0.1\nhttp_port = {self.port}\n"
            "eggs_dir = eggs\nlogs_dir = logs\ndbs_dir = dbs\nitems_dir =\n"
            f"poll_interval = 0.2\nmax_proc = {max_proc}\n"
        )
        # Jobs inherit the server's environment: the node's name (two nodes share this
        # machine's hostname) and its password file.
        env = {**_base_env(), "DEFENSE_NEWS_NODE": self.name, "PGPASSFILE": str(self.passfile)}
        self.process = subprocess.Popen(
            [BIN / "scrapyd"], cwd=self.home, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_until(self.up, timeout=30, what=f"scrapyd {self.name} to listen")

    def up(self) -> bool:
        try:
            return call(f"{self.api}/daemonstatus.json")["status"] == "ok"
        except (OSError, urllib.error.URLError):
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None

    def versions(self) -> list[str]:
        return list(call(f"{self.api}/listversions.json?project={PROJECT_NAME}")["versions"])

    def spiders(self) -> list[str]:
        return list(call(f"{self.api}/listspiders.json?project={PROJECT_NAME}")["spiders"])

    def schedule(self, spider: str, arguments: dict[str, str], settings: dict[str, Any]) -> str:
        fields = [("project", PROJECT_NAME), ("spider", spider), *arguments.items()]
        fields += [("setting", f"{name}={value}") for name, value in settings.items()]
        return str(call(f"{self.api}/schedule.json", fields)["jobid"])

    def jobs(self) -> dict[str, list[dict[str, Any]]]:
        return call(f"{self.api}/listjobs.json?project={PROJECT_NAME}")

    def job_state(self, job: str) -> str | None:
        """``pending``, ``running``, ``finished`` or None (unknown job)."""
        listing = self.jobs()
        for state in ("pending", "running", "finished"):
            if any(entry["id"] == job for entry in listing[state]):
                return state
        return None

    def wait_finished(self, job: str, timeout: float = 120) -> None:
        wait_until(lambda: self.job_state(job) == "finished", timeout=timeout, what=f"job {job} on {self.name}")

    def job_pid(self, job: str) -> int:
        running = [entry for entry in self.jobs()["running"] if entry["id"] == job]
        assert running, f"job {job} is not running on {self.name}"
        return int(running[0]["pid"])

    def log(self, job: str) -> str:
        return next((self.home / "logs").rglob(f"{job}.log")).read_text()


def _base_env() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if not name.startswith(("PG", "DEFENSE_NEWS_"))}


def project_copy(target: Path) -> Path:
    """This checkout without its environment, tests and build leftovers: what scrapyd-deploy builds the egg from."""
    shutil.copytree(
        PROJECT,
        target,
        ignore=shutil.ignore_patterns(".venv", ".git", "tests", "data", "build", "*.egg-info", "bench", ".*cache"),
    )
    return target


def deploy(source: Path, nodes: list[ScrapydNode]) -> str:
    """Deploy ``source`` to every node with ``scrapyd-deploy -a``: one ``[deploy:<node>]`` target per node."""
    config = "[settings]\ndefault = defense_news.settings\n\n"
    config += "".join(f"[deploy:{n.name}]\nurl = {n.api}/\nproject = {PROJECT_NAME}\n\n" for n in nodes)
    (source / "scrapy.cfg").write_text(config)
    version = str(int(time.time() * 1000))
    subprocess.run(
        [BIN / "scrapyd-deploy", "-a", "-v", version], cwd=source, check=True, capture_output=True, timeout=300
    )
    return version
