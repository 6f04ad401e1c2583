"""Deploy the project to a real scrapyd on 127.0.0.1 and schedule a crawl of the replica through its HTTP API."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from defense_news.replica import serve
from tests.processes import PROJECT, wait_until
from tests.sitecopy import copy_site

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.skipif(
    not (BIN / "scrapyd").exists() or not (BIN / "scrapyd-deploy").exists(),
    reason="scrapyd and scrapyd-client are not installed (pip install -e '.[scrapyd]'; .ci/run does)",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(url: str, fields: list[tuple[str, str]] | None = None, egg: bytes | None = None) -> dict:
    if egg is not None:
        boundary = uuid.uuid4().hex
        body = b""
        for name, value in fields or []:
            body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="egg"; filename="project.egg"\r\n'.encode()
        body += b"Content-Type: application/octet-stream\r\n\r\n" + egg + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(url, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    elif fields is not None:
        request = urllib.request.Request(url, urllib.parse.urlencode(fields).encode())
    else:
        request = urllib.request.Request(url)
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.load(response)
    assert answer["status"] == "ok", answer
    return answer


def test_scrapyd_runs_a_deployed_crawl(tmp_path):
    root = copy_site(tmp_path)
    db = tmp_path / "scrapyd.db"
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        f"bind_address = 127.0.0.1\nhttp_port = {port}\n"
        "eggs_dir = eggs\nlogs_dir = logs\ndbs_dir = dbs\nitems_dir =\npoll_interval = 0.2\nmax_proc = 1\n"
    )
    # The egg is built by scrapyd-deploy from this checkout (setup.py + pyproject), in a copy of it
    # so the build leaves nothing behind.
    source = tmp_path / "source"
    shutil.copytree(
        PROJECT, source, ignore=shutil.ignore_patterns(".venv", ".git", "tests", "data", "build", "*.egg-info")
    )
    egg = tmp_path / "defense_news.egg"
    subprocess.run([BIN / "scrapyd-deploy", "--build-egg", str(egg)], cwd=source, check=True, capture_output=True)

    server = subprocess.Popen([BIN / "scrapyd"], cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    api = f"http://127.0.0.1:{port}"
    try:

        def up() -> bool:
            try:
                return call(f"{api}/daemonstatus.json")["status"] == "ok"
            except OSError:
                return False

        wait_until(up, timeout=30, what="scrapyd to listen")
        deployed = call(f"{api}/addversion.json", [("project", "defense_news"), ("version", "1")], egg.read_bytes())
        assert deployed["spiders"] >= 1
        assert call(f"{api}/listspiders.json?project=defense_news")["spiders"] == ["19fortyfive", "wordpress"]
        with serve(root) as site:
            job = call(
                f"{api}/schedule.json",
                [
                    ("project", "defense_news"),
                    ("spider", "19fortyfive"),
                    ("base_url", site.base_url),
                    ("categories", "politics"),
                    ("rest", "0"),
                    ("setting", f"DEFENSE_NEWS_SQLITE_PATH={db}"),
                    ("setting", "DOWNLOAD_DELAY=0"),
                    ("setting", "AUTOTHROTTLE_ENABLED=0"),
                ],
            )["jobid"]

            def finished() -> bool:
                jobs = call(f"{api}/listjobs.json?project=defense_news")
                return any(j["id"] == job for j in jobs["finished"])

            wait_until(finished, timeout=120, what="the scrapyd job to finish")
            requests = list(site.requests)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert "/category/politics/" in requests
    with sqlite3.connect(db) as conn:
        # Politics holds posts 16, 13, 11, 9, 7; 11 has 3 comments and 7 has 1.
        assert sorted(r[0] for r in conn.execute("select post_id from articles")) == [7, 9, 11, 13, 16]
        assert conn.execute("select count(*) from comments").fetchone() == (4,)
        assert conn.execute("select finish_reason, articles_new from crawls").fetchone() == ("finished", 5)
    log = next((home / "logs").rglob(f"{job}.log")).read_text()
    assert "Articles: 5 new, 0 updated, 0 unchanged" in log
