"""Every shell example of README.md and docs/ runs here, offline, and exits as the docs say.

Each example (a command line of a ```sh block, or a ``$ `` line of a console block with the
output the docs show under it) is listed in :data:`PLANS` with what it needs to run offline: a
replica for a real site's address, the flags for local replicas, a database to read. An
example that cannot run here (an install, a server that runs until stopped, another machine) is
listed with the reason. A new or changed example that is not listed fails
:func:`test_every_example_is_listed`, so a wrong example cannot slip into the docs unchecked.

A crawl of a real site is checked twice: **as written**, by the project's ``crawl`` command's
own checks (in-process; everything that would end it with status 2 happens there, before any
request: a missing ``DEFENSE_NEWS_CONTACT``, a bad setting or argument, an unknown profile),
then **run** against a replica on 127.0.0.1 with ``-a base_url=`` and the local flags, in a
process of its own, bounded to a few pages (``CLOSESPIDER_PAGECOUNT``, which ends with status 0).
Every process gets proxies that lead nowhere, so nothing can reach a real site.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from scrapy.exceptions import UsageError
from scrapy.settings import Settings

from defense_news import demo
from defense_news.commands.crawl import Command as CrawlCommand
from defense_news.rendering import find_browser
from defense_news.replica import ReplicaServer
from tests.helpers import SITES

PROJECT = Path(__file__).resolve().parent.parent
DOCS = [PROJECT / "README.md", *sorted((PROJECT / "docs").glob("*.md"))]
BIN = Path(sys.executable).parent
# The README's flags for local replicas, and a bound on each crawl (a CLOSESPIDER limit ends with status 0).
LOCAL = "-s DOWNLOAD_DELAY=0 -s AUTOTHROTTLE_ENABLED=False -s CONCURRENT_REQUESTS_PER_DOMAIN=8"
BOUNDED = "-s CLOSESPIDER_PAGECOUNT=12 -s LOG_LEVEL=WARNING"
NOWHERE = "http://127.0.0.1:9"  # a port nothing listens on


@dataclass(frozen=True)
class Example:
    doc: str
    line: int
    command: str
    output: tuple[str, ...] = ()  # a console block's lines under the command

    def __str__(self) -> str:
        return f"{self.doc}:{self.line}: {self.command}"


@dataclass(frozen=True)
class Plan:
    """How an example runs offline here (``{zox}``, ``{stock}``, ``{api}``: a replica's address)."""

    skip: str = ""  # why it does not run here
    replica: str = ""  # a crawl of a real site: checked as written, then run with -a base_url=<replica>
    sub: tuple[tuple[str, str], ...] = ()  # replacements in the command
    add: str = ""  # flags added to the command
    status: int = 0
    background: bool = False  # a server the next examples use, until `kill %1`
    needs: str = ""  # a database under data/ ("demo.db", "defense_news.db"), "my-sites.toml", "browser"
    as_written_only: str = ""  # checked as written but not run: why


def skip(reason: str) -> Plan:
    return Plan(skip=reason)


def crawl(replica: str = "{zox}", **kwargs: object) -> Plan:
    return Plan(replica=replica, **kwargs)  # type: ignore[arg-type]


SUITE = skip("the test suite itself, or part of it")
INSTALL = skip("installs software")
SCRAPYD = skip("talks to a scrapyd server (tests/test_scrapyd.py deploys and schedules the same way)")
POSTGRES = skip("needs a PostgreSQL server on another machine (tests/storage/test_postgres*.py use a throwaway one)")
SERVES = skip("serves until stopped (tests/test_explore.py and tests/test_which_database.py run it)")
SQLITE = "sqlite3"  # the sqlite3 shell: run when installed
CONTACT = "-s DEFENSE_NEWS_CONTACT=you@example.org"
RENDERED = "a crawl in Chromium takes a while: tests/test_rendering.py crawls the same way"

PLANS: dict[str, Plan] = {
    # README.md
    "make crawl CONTACT=you@example.org": crawl(),  # the command make runs (make -n), checked and run
    "make test": SUITE,
    "make demo": Plan(add="DEMO_PORT=0"),
    "python3 -m venv .venv": INSTALL,
    '.venv/bin/pip install -e ".[dev,render,scrapyd,postgres,explore,report]"': INSTALL,
    f".venv/bin/scrapy crawl 19fortyfive {CONTACT}": crawl(),
    ".venv/bin/python -m pytest": SUITE,
    ".venv/bin/python -m defense_news.demo --fresh": Plan(add="--port 0"),
    f".venv/bin/scrapy crawl wordpress -a site=https://other-wordpress-site.example/ {CONTACT}": crawl("{stock}"),
    'printf \'[other]\\nurl = "https://other-wordpress-site.example/"\\ntimezone = "Europe/London"\\n\' > my-sites.toml': Plan(),
    f".venv/bin/scrapy crawl wordpress -a site=other -s DEFENSE_NEWS_SITES_FILE=my-sites.toml {CONTACT}": crawl(
        "{stock}"
    ),
    "scrapy crawl 19fortyfive -a since=yesterday": Plan(status=2),
    "scrapy crawl 19fortyfive -s DEFENSE_NEWS_SQLITE_BATCH_SIZE=0": Plan(status=2),
    'sqlite3 data/defense_news.db "select title, comment_count from articles order by comment_count desc limit 5"': Plan(
        needs="defense_news.db"
    ),
    f"scrapy crawl 19fortyfive -s DEFENSE_NEWS_EXPORT_DIR=out {CONTACT}": crawl(),
    f"scrapy crawl 19fortyfive -s DEFENSE_NEWS_EXPORT_DIR=out -s DEFENSE_NEWS_EXPORT_FORMAT=csv {CONTACT}": crawl(),
    f"scrapy crawl 19fortyfive -s DEFENSE_NEWS_EXPORT_DIR=out -s DEFENSE_NEWS_SQLITE_PATH= {CONTACT}": crawl(),
    ".venv/bin/python -m defense_news.replica tests/sites/zox --port 8045 &": Plan(background=True),
    ".venv/bin/scrapy crawl 19fortyfive -a base_url=http://127.0.0.1:8045/ -s DEFENSE_NEWS_EXPORT_DIR=out "
    "-s DEFENSE_NEWS_SQLITE_PATH= -s DOWNLOAD_DELAY=0 -s AUTOTHROTTLE_ENABLED=False "
    "-s CONCURRENT_REQUESTS_PER_DOMAIN=8": Plan(),
    "kill %1": Plan(),
    "make explore": SERVES,
    "make report": Plan(needs="demo.db"),
    # docs/exploring.md
    "make explore EXPLORE_DB=data/other.db EXPLORE_PORT=8002": SERVES,
    '.venv/bin/pip install -e ".[explore]"': INSTALL,
    ".venv/bin/python -m defense_news.explore data/demo.db --port 8001": SERVES,
    "make report REPORT_DB=data/other.db REPORT=out/other.html": Plan(
        needs="demo.db", sub=(("data/other.db", "data/demo.db"),)
    ),
    'sqlite3 -header -column data/demo.db "select category, count(*) from articles group by category"': Plan(
        needs="demo.db"
    ),
    "scrapy parse --spider=19fortyfive -c parse_article https://www.19fortyfive.com/2022/10/some-article/": Plan(
        sub=(("https://www.19fortyfive.com/2022/10/some-article/", "{zox}2022/10/chinas-carrier-killer-missiles/"),),
        add="-a base_url={zox} -s DEFENSE_NEWS_SQLITE_PATH=",
    ),
    "scrapy parse --spider=19fortyfive -c parse_listing https://www.19fortyfive.com/category/military/": Plan(
        sub=(("https://www.19fortyfive.com/", "{zox}"),), add="-a base_url={zox} -s DEFENSE_NEWS_SQLITE_PATH="
    ),
    # docs/postgres.md
    'pip install -e ".[postgres]"': INSTALL,
    "apt-get install -y postgresql": INSTALL,
    "scrapy dbmigrate postgresql://defense_news_owner@db.example.org/defense_news --grant defense_news_crawler": POSTGRES,
    "db.example.org:5432:defense_news:defense_news_crawler:s3cret": skip("a line of a pgpass file, not a command"),
    "DEFENSE_NEWS_DATABASE_URL=postgresql://defense_news_crawler@db.example.org/defense_news": skip(
        "a line of an environment file, not a command"
    ),
    "PGPASSFILE=/etc/defense_news/pgpass": skip("a line of an environment file, not a command"),
    "curl http://node-a:6800/schedule.json -d project=defense_news -d spider=wordpress -d site=19fortyfive -d shard=1/2": SCRAPYD,
    "curl http://node-b:6800/schedule.json -d project=defense_news -d spider=wordpress -d site=19fortyfive -d shard=2/2": SCRAPYD,
    "scrapyd-deploy -a": SCRAPYD,
    "curl http://node-a:6800/schedule.json -d project=defense_news -d spider=wordpress -d site=breakingdefense.com": SCRAPYD,
    "curl http://node-b:6800/schedule.json -d project=defense_news -d spider=wordpress -d site=thedrive.com": SCRAPYD,
    "scrapy dbcopy data/defense_news.db postgresql://defense_news_owner@db.example.org/defense_news": POSTGRES,
    "scrapy dbcopy postgresql://defense_news_owner@db.example.org/defense_news data/copy.db": POSTGRES,
    # docs/reliability.md, docs/testing.md
    ".venv/bin/python -m pytest tests/test_faults.py tests/test_rest_faults.py tests/test_reliability.py "
    "tests/test_boundaries.py tests/test_security.py tests/test_hostile_text.py tests/test_fuzz.py -s": SUITE,
    "DEFENSE_NEWS_FAULT_SEEDS=1-40 .venv/bin/python -m pytest tests/test_faults.py tests/test_rest_faults.py -s": SUITE,
    "DEFENSE_NEWS_FUZZ_EXAMPLES=10000 .venv/bin/python -m pytest tests/test_fuzz.py -s": SUITE,
    "python -m tests.faults tests/sites/wp-tt3 --seed 6 --port 8046": skip(
        "serves until stopped (tests/test_faults.py)"
    ),
    ".venv/bin/python -m pytest tests/test_zox.py -x -q": SUITE,
    "make test-fast": SUITE,
    ".venv/bin/ruff check . && .venv/bin/mypy": skip("lint and types: CI runs them"),
    # docs/rendering.md
    "apt-get install -y chromium": INSTALL,
    '.venv/bin/pip install -e ".[render]"': INSTALL,
    f".venv/bin/scrapy crawl 19fortyfive -a render=auto {CONTACT}": crawl(needs="browser", as_written_only=RENDERED),
    f".venv/bin/scrapy crawl 19fortyfive -s DEFENSE_NEWS_RENDER=always {CONTACT}": crawl(
        needs="browser", as_written_only=RENDERED
    ),
    f".venv/bin/scrapy crawl 19fortyfive -a render=js -s DEFENSE_NEWS_CHROMIUM_PATH=/opt/chrome/chrome {CONTACT}": skip(
        "names a Chrome of one's own at a path of one's own"
    ),
    '.venv/bin/pip install -e ".[dev,render]" && apt-get install -y chromium': INSTALL,
    "DEFENSE_NEWS_REQUIRE_BROWSER=1 .venv/bin/python -m pytest tests/test_rendering.py": SUITE,
    # docs/scheduling.md
    'sqlite3 -header -column data/defense_news.db "select id, site, started_at, mode, finish_reason, articles_new, '
    'articles_updated, comments_new, pages_fetched, errors\n   from crawls order by id desc limit 10"': Plan(
        needs="defense_news.db"
    ),
    f"scrapy crawl 19fortyfive -s DEFENSE_NEWS_SQLITE_PATH=data/defense_news.db -s JOBDIR=jobs/19fortyfive {CONTACT}": crawl(),
    "systemctl daemon-reload": skip("systemd administration"),
    "systemctl enable --now defense-news-hourly.timer defense-news-weekly.timer": skip("systemd administration"),
    "systemctl list-timers 'defense-news*'": skip("systemd administration"),
    "journalctl -u 'defense-news@*'": skip("systemd administration"),
    ".venv/bin/scrapyd &": SCRAPYD,
    ".venv/bin/scrapyd-deploy": SCRAPYD,
    "curl http://127.0.0.1:6800/listspiders.json?project=defense_news": SCRAPYD,
    "curl http://127.0.0.1:6800/schedule.json -d project=defense_news -d spider=19fortyfive "
    "-d setting=DEFENSE_NEWS_SQLITE_PATH=/srv/defense_news/data/defense_news.db "
    "-d setting=JOBDIR=/srv/defense_news/jobs/19fortyfive": SCRAPYD,
    "curl http://127.0.0.1:6800/listjobs.json?project=defense_news": SCRAPYD,
    # docs/sites.md
    f"scrapy crawl wordpress -a site=19fortyfive {CONTACT}": crawl(),
    f"scrapy crawl wordpress -a site=https://www.example.com/ {CONTACT}": crawl("{stock}"),
    f"scrapy crawl 19fortyfive {CONTACT}": crawl(),
    f"scrapy crawl wordpress -a site=defensenews -s DEFENSE_NEWS_SITES_FILE=my-sites.toml {CONTACT}": crawl(
        "{stock}", needs="my-sites.toml"
    ),
    # docs/sources.md
    f"scrapy crawl 19fortyfive -a rest=0 {CONTACT}": crawl(),
    f"scrapy crawl 19fortyfive -s DEFENSE_NEWS_REST=False {CONTACT}": crawl(),
    f"scrapy crawl 19fortyfive -a discovery=sitemap {CONTACT}": crawl("{api}"),
    f"scrapy crawl 19fortyfive -a discovery=feed -a categories=military,russia {CONTACT}": crawl("{api}"),
    f"scrapy crawl 19fortyfive -a discovery=api -a since=2024-06-01 {CONTACT}": crawl("{api}"),
    "python -m defense_news.replica tests/sites/wp-api tests/sites/wp-tt3 --port 8046 &": Plan(background=True),
    "scrapy crawl 19fortyfive -a base_url=http://127.0.0.1:8046/ -a discovery=api": Plan(add=LOCAL),
    ".venv/bin/python -m pytest tests/test_wordpress_api.py": SUITE,
}


# -- the examples, as the docs write them ---------------------------------------------------------

FENCE = re.compile(r"^\s*```(\S*)")


def open_quote(text: str) -> bool:
    """True while a quoted string runs on to the next line."""
    try:
        shlex.split(text, comments=True)
    except ValueError:
        return True
    return False


def examples(doc: Path) -> list[Example]:
    """The commands of ```sh blocks (continued lines joined, comments dropped), and the ``$ ``
    lines of untagged blocks with the lines printed under them."""
    found: list[Example] = []
    name = str(doc.relative_to(PROJECT))
    block: str | None = None
    pending: str | None = None
    backslash, start, console = False, 0, False
    for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
        fence = FENCE.match(line)
        if fence:
            block, console = (fence.group(1) if block is None else None), False
            continue
        if block == "sh":
            if pending is None:
                text = line.strip()
                if not text or text.startswith("#"):
                    continue
                start = number
            else:
                text = f"{pending} {line.strip()}" if backslash else f"{pending}\n{line}"
            if text.endswith("\\"):
                pending, backslash = text[:-1].rstrip(), True
            elif open_quote(text):
                pending, backslash = text, False
            else:
                found.append(Example(name, start, strip_comment(text)))
                pending = None
        elif block == "" and line.startswith("$ "):
            found.append(Example(name, number, line[2:].strip()))
            console = True
        elif block == "" and console and line.strip():
            last = found[-1]
            found[-1] = Example(last.doc, last.line, last.command, (*last.output, line.strip()))
    return found


def strip_comment(command: str) -> str:
    """The command without its trailing ``# comment`` (a ``#`` after a blank, outside quotes)."""
    quote = ""
    for i, char in enumerate(command):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and i and command[i - 1] == " ":
            return command[:i].rstrip()
    return command.rstrip()


def normalized(command: str) -> str:
    """One space between words outside quotes: the key of :data:`PLANS`."""
    out, quote = [], ""
    for char in command:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == " " and out and out[-1] == " ":
            continue
        out.append(char)
    return "".join(out)


ALL = [example for doc in DOCS for example in examples(doc)]


def test_every_example_is_listed() -> None:
    unlisted = [str(e) for e in ALL if normalized(e.command) not in PLANS]
    assert not unlisted, "examples without a plan in PLANS:\n" + "\n".join(unlisted)
    gone = sorted(set(PLANS) - {normalized(e.command) for e in ALL})
    assert not gone, f"PLANS lists examples no doc has any more: {gone}"


def test_examples_are_found() -> None:
    """The parser itself: continuation lines, comments, console output."""
    readme = {e.command: e for e in ALL if e.doc == "README.md"}
    assert "make crawl CONTACT=you@example.org" in readme
    since = readme["$ scrapy crawl 19fortyfive -a since=yesterday".removeprefix("$ ")]
    assert since.output == (
        "Invalid spider argument since='yesterday': expected a date in the form YYYY-MM-DD, e.g. since=2024-01-31.",
    )
    assert any(c.endswith("-s CONCURRENT_REQUESTS_PER_DOMAIN=8") and "base_url" in c for c in readme)


# -- running them ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(
        PYTHONPATH=str(PROJECT),  # this checkout, from any folder
        SCRAPY_SETTINGS_MODULE="defense_news.settings",
        # Nothing leaves the machine: a real site's address leads nowhere, replicas are reached directly.
        http_proxy=NOWHERE,
        https_proxy=NOWHERE,
        no_proxy="127.0.0.1,localhost",
    )
    return env


def as_run(command: str) -> str:
    """The command with this environment's programs (the venv the tests run in)."""
    command = command.replace(".venv/bin/", f"{BIN}/")
    words = command.split(" ")
    first = next(i for i, w in enumerate(words) if "=" not in w or w.startswith(("-", "'", '"')))
    program = words[first]
    if program in ("python", "python3"):
        words[first] = shlex.quote(sys.executable)
    elif program in ("scrapy", "scrapyd"):
        words[first] = shlex.quote(str(BIN / program))
    elif program == "make":
        words[first] = (
            f"make --no-print-directory -f {shlex.quote(str(PROJECT / 'Makefile'))} VENV={shlex.quote(sys.prefix)}"
        )
    return " ".join(words)


def browser_available() -> bool:
    try:
        import scrapy_playwright  # noqa: F401
    except ImportError:
        return False
    return find_browser() is not None


def crawl_as_written(command: str, folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """What the project's ``scrapy crawl`` decides before any request, for ``command`` as written:
    0 (it would start) or its exit status, with what it printed."""
    words = shlex.split(command)
    argv = words[words.index("crawl") + 1 :]
    previous = os.getcwd()
    os.chdir(folder)
    try:
        settings = Settings()
        settings.setmodule("defense_news.settings", priority="project")  # as scrapy.cfg names it
        command_object = CrawlCommand()
        settings.setdict(command_object.default_settings, priority="command")
        command_object.settings = settings
        parser = argparse.ArgumentParser(conflict_handler="resolve")
        command_object.add_options(parser)
        opts, args = parser.parse_known_args(argv)
        try:
            command_object.process_options(args, opts)
        except SystemExit as exc:
            return int(exc.code or 0), capsys.readouterr().err
        except UsageError as exc:
            return 2, str(exc)
        return 0, capsys.readouterr().err
    finally:
        os.chdir(previous)


def make_command(command: str, folder: Path) -> str:
    """The `scrapy crawl` line `make` would run (make -n), for its check as written."""
    dry = subprocess.run(
        f"{as_run(command)} -n", shell=True, cwd=folder, capture_output=True, text=True, check=True, env=environment()
    )
    line = dry.stdout.strip().splitlines()[-1]
    words = shlex.split(line)
    start = next(i for i, w in enumerate(words) if w.endswith("/scrapy"))
    return shlex.join(["scrapy", *words[start + 1 :]])


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("doc-demo") / "demo.db"
    assert demo.main(["--db", str(db), "--port", "0"]) == 0
    return db


@pytest.fixture(scope="module")
def replicas(zox_site: ReplicaServer, stock_site: ReplicaServer, api_site: ReplicaServer) -> dict[str, str]:
    return {"{zox}": zox_site.base_url, "{stock}": stock_site.base_url, "{api}": api_site.base_url}


def toml_block(doc: Path, name: str) -> str:
    """The ```toml block of ``doc`` that starts with ``# <name>``."""
    text = doc.read_text(encoding="utf-8")
    match = re.search(rf"```toml\n# {re.escape(name)}\n(.*?)```", text, re.DOTALL)
    assert match, f"no toml block for {name} in {doc}"
    return match.group(1)


DOCS_WITH_EXAMPLES = sorted({e.doc for e in ALL if not PLANS.get(normalized(e.command), Plan()).skip})


@pytest.mark.e2e  # runs processes, servers and crawls
@pytest.mark.parametrize("doc", DOCS_WITH_EXAMPLES)
def test_examples_exit_as_documented(
    doc: str, tmp_path: Path, replicas: dict[str, str], demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The examples of one doc, in order, in one folder (a file one makes, the next one uses)."""
    failures: list[str] = []
    background: list[subprocess.Popen[bytes]] = []
    ports: dict[str, str] = {}
    try:
        for example in (e for e in ALL if e.doc == doc):
            plan = PLANS.get(normalized(example.command))
            if plan is None or plan.skip:
                continue
            if plan.needs == "my-sites.toml":
                (tmp_path / "my-sites.toml").write_text(toml_block(PROJECT / doc, "my-sites.toml"), encoding="utf-8")
            elif plan.needs.endswith(".db"):
                if example.command.startswith("sqlite3") and shutil.which("sqlite3") is None:
                    continue  # the sqlite3 shell is not installed here
                (tmp_path / "data").mkdir(exist_ok=True)
                if not (tmp_path / "data" / plan.needs).exists():  # else: what an example before made
                    shutil.copyfile(demo_db, tmp_path / "data" / plan.needs)
            problem = run_example(example, plan, tmp_path, replicas, ports, background, capsys)
            if problem:
                failures.append(f"{example}\n    {problem}")
    finally:
        for process in background:
            stop(process)
    assert not failures, "examples that do not exit as documented:\n" + "\n".join(failures)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server an example started with ``&``, and what its shell started: the shell runs in a
    session of its own, and terminating only the shell left the server running after the tests."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=10)


def run_example(
    example: Example,
    plan: Plan,
    folder: Path,
    replicas: dict[str, str],
    ports: dict[str, str],
    background: list[subprocess.Popen[bytes]],
    capsys: pytest.CaptureFixture[str],
) -> str | None:
    command = example.command
    if command == "kill %1":
        stop(background.pop())
        return None
    # A port the docs name (8045, 8046) becomes a free one, the same for the whole doc.
    for port in re.findall(r"(?:--port |127\.0\.0\.1:)(80\d\d)\b", command):
        ports.setdefault(port, str(free_port()))
    for old, new in ports.items():
        command = re.sub(rf"\b{old}\b", new, command)
    if plan.needs == "browser" and not browser_available():
        return None  # tests/test_rendering.py says so (skipped, or failed where CI requires a browser)
    if plan.replica:
        written = make_command(command, folder) if command.startswith("make ") else command
        status, printed = crawl_as_written(written, folder, capsys)
        if status:
            return f"as written, it would exit {status}: {printed.strip()}"
        if plan.as_written_only:
            return None
        if command.startswith("make "):
            command = written
        command = f"{command} -a base_url={plan.replica} {LOCAL}"
    for old, new in plan.sub:
        command = command.replace(old, new)
    if plan.add:
        command = f"{command} {plan.add}"
    if "scrapy crawl" in command:
        command = f"{command} {BOUNDED}"
    for name, url in replicas.items():
        command = command.replace(name, url)
    command = as_run(command.replace("tests/sites/", f"{SITES}/"))
    if plan.background:
        process = subprocess.Popen(
            command.removesuffix("&").strip(),
            shell=True,
            cwd=folder,
            env=environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        background.append(process)
        wait_for_port(int(re.search(r"--port (\d+)", command).group(1)))  # type: ignore[union-attr]
        return None
    if command in PASSED and not plan.needs:
        return None  # the same crawl, run for another doc (README.md and docs/storage.md share some)
    done = subprocess.run(
        ["bash", "-c", command], cwd=folder, env=environment(), capture_output=True, text=True, timeout=180, check=False
    )
    if done.returncode != plan.status:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return f"exit {done.returncode}, not {plan.status}: {' | '.join(tail)}"
    if example.output and done.stderr.strip().splitlines() != list(example.output):
        return f"printed {done.stderr.strip()!r}, the docs show {' '.join(example.output)!r}"
    if "scrapy crawl" in command and not example.output:
        PASSED.add(command)
    return None


# Crawl commands that ran as documented (their folder does not matter: each writes its own files).
PASSED: set[str] = set()
