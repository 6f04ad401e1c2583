"""The fast loop's guard (`make test-fast`, docs/testing.md#the-fast-loop).

Loaded with ``-p tests.fastguard``. While a test *not* marked ``e2e`` sets up or runs, starting a
process (``subprocess.Popen`` and everything built on it, ``os.fork``, ``os.posix_spawn``,
``os.system``, ``multiprocessing``), opening a listening socket or a ``socketserver`` server (the
replicas, Twisted's ``listenTCP``) or running a Scrapy crawl fails the test with a message that
says what it did and to mark it ``e2e``. So the fast set stays what its name says: a test that
starts one of these and was not marked cannot hide in it.

The guard raises where the thing starts (so nothing is left running) and also fails the test
afterwards, in case the test caught the exception. Teardown is not watched: a session or module
fixture of an e2e test may stop its server or cluster in the teardown of whichever test comes last.
"""

from __future__ import annotations

import multiprocessing.process
import os
import socket
import socketserver
import subprocess
from collections.abc import Callable, Generator
from typing import Any

import pytest
from scrapy.crawler import Crawler

MARKER = "e2e"


class StartedInFastTest(Exception):
    """A test not marked e2e started a process, a server or a crawl."""


class _Guard:
    def __init__(self) -> None:
        self.nodeid: str | None = None  # the unmarked test now running, else None
        self.violations: list[str] = []

    def check(self, what: str) -> None:
        if self.nodeid is None:
            return
        message = (
            f"{self.nodeid} {what} but is not marked e2e: mark it e2e "
            f"(@pytest.mark.e2e, or pytestmark = pytest.mark.e2e for the module; docs/testing.md)"
        )
        self.violations.append(message)
        raise StartedInFastTest(message)


_guard = _Guard()
_originals: list[tuple[Any, str, Any]] = []


def _wrap(owner: Any, name: str, what: Callable[..., str]) -> None:
    original = getattr(owner, name, None)
    if original is None:  # not on this platform
        return

    def guarded(*args: Any, **kwargs: Any) -> Any:
        _guard.check(what(*args, **kwargs))
        return original(*args, **kwargs)

    _originals.append((owner, name, original))
    setattr(owner, name, guarded)


def _argv(args: Any) -> str:
    return repr(args if isinstance(args, str) else list(args)[:3])


def _install() -> None:
    _wrap(subprocess.Popen, "__init__", lambda self, args, *a, **k: f"started a subprocess {_argv(args)}")
    for name in ("fork", "forkpty", "posix_spawn", "posix_spawnp", "system"):
        _wrap(os, name, lambda *a, _name=name, **k: f"started a process (os.{_name})")
    _wrap(multiprocessing.process.BaseProcess, "start", lambda self: "started a multiprocessing process")
    _wrap(socket.socket, "listen", lambda self, *a: f"opened a listening socket {self.getsockname()}")
    _wrap(socketserver.BaseServer, "__init__", lambda self, address, *a, **k: f"started a server on {address}")
    _wrap(Crawler, "crawl", lambda self, *a, **k: "ran a Scrapy crawl")
    _wrap(Crawler, "crawl_async", lambda self, *a, **k: "ran a Scrapy crawl")


def _uninstall() -> None:
    while _originals:
        owner, name, original = _originals.pop()
        setattr(owner, name, original)


def pytest_configure(config: pytest.Config) -> None:
    _install()


def pytest_unconfigure(config: pytest.Config) -> None:
    _uninstall()


def _guarded(item: pytest.Item) -> Generator[None, Any, Any]:
    if item.get_closest_marker(MARKER) is not None:
        return (yield)
    _guard.nodeid, _guard.violations = item.nodeid, []
    try:
        result = yield
    finally:
        _guard.nodeid = None
    if _guard.violations:
        # The test may have caught StartedInFastTest; it still fails.
        pytest.fail(_guard.violations[0], pytrace=False)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, Any, Any]:
    return (yield from _guarded(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, Any, Any]:
    return (yield from _guarded(item))
