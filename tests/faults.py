"""A fault-injecting replica: the saved site served through a seeded mix of failures.

Each request draws its fate from ``random.Random(f"{seed}:{path}:{attempt}")``,
so a crawl with the same seed meets the same faults whatever the thread
timing. Paths listed in ``vanished``/``gone``/``offsite``/``loop`` fail every
time; the others fail at random per attempt (retries usually get through).

Run by hand::

    python -m tests.faults tests/sites/wp-tt3 --seed 6 --port 8046
"""

from __future__ import annotations

import argparse
import contextlib
import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from defense_news.replica import ReplicaHandler, ReplicaServer, resolve, running, serve_until_interrupted

# Per-attempt probabilities of each transient fault (the rest is served cleanly).
DEFAULT_MIX: dict[str, float] = {
    "http_500": 0.04,
    "http_502": 0.03,
    "http_503": 0.03,  # 10% 5xx
    "http_429": 0.04,
    "timeout": 0.05,
    "drop": 0.04,  # connection closed mid-body
    "truncate": 0.02,  # 200 with the HTML cut short
    "no_content_type": 0.03,
    "wrong_content_type": 0.03,  # HTML as application/octet-stream
    "wrong_charset": 0.03,  # UTF-8 HTML labelled ISO-8859-1
}


@dataclass
class FaultPlan:
    seed: int = 6
    mix: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_MIX))
    # Fixed fates by URL path.
    vanished: set[str] = field(default_factory=set)  # 404
    gone: set[str] = field(default_factory=set)  # 410
    offsite: set[str] = field(default_factory=set)  # 302 to another origin
    loop: set[str] = field(default_factory=set)  # 302 to itself, forever
    always: dict[str, str] = field(default_factory=dict)  # path -> fault on every attempt
    first: dict[str, str] = field(default_factory=dict)  # path -> fault on the first attempt only
    # Where offsite redirects point.
    offsite_origin: str = "http://127.0.0.2:9"
    # Seconds a "timeout" response sleeps before answering (set above DOWNLOAD_TIMEOUT).
    stall: float = 2.0
    huge_size: int = 3 * 1024 * 1024  # bytes of a "huge" answer
    retry_after: str = "1"

    def fate(self, path: str, attempt: int) -> str:
        if path in self.vanished:
            return "vanished"
        if path in self.gone:
            return "gone"
        if path in self.offsite:
            return "offsite"
        if path in self.loop:
            return "loop"
        if path in self.always:
            return self.always[path]
        if path in self.first and attempt == 0:
            return self.first[path]
        if path == "/robots.txt":
            return "ok"
        draw = random.Random(f"{self.seed}:{path}:{attempt}").random()
        for fault, share in self.mix.items():
            if draw < share:
                return fault
            draw -= share
        return "ok"


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8ffff3f0005fe02fea7d6a4a80000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
RSS = b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title></channel></rss>'
# What a CDN or proxy hiccup can answer with 200: bytes that are no page, often without a type.
GARBAGE = bytes(random.Random("garbage").randrange(256) for _ in range(3000))
NON_HTML: dict[str, tuple[bytes, str | None]] = {
    "garbage": (GARBAGE, None),
    "empty": (b"", None),
    "garbage_as_html": (GARBAGE, "text/html; charset=UTF-8"),
    "image": (PNG, "image/png"),
    "pdf": (PDF, "application/pdf"),
    "feed": (RSS, "application/rss+xml; charset=UTF-8"),
    "json": (b'{"id": 15}', "application/json"),
}


class FaultHandler(ReplicaHandler):
    server: FaultServer

    def _answer(self, send_body: bool) -> None:
        path = urlsplit(self.path).path
        fate = self.server.next_fate(path)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up first (timeouts)
            self._fault(fate, path, send_body)

    def _fault(self, fate: str, path: str, send_body: bool) -> None:
        origin = self.server.origin
        if fate == "ok":
            return super()._answer(send_body)
        if fate.startswith("http_"):
            status = int(fate[5:])
            headers = {"Content-Type": "text/html; charset=UTF-8"}
            if status in (429, 503):
                headers["Retry-After"] = self.server.plan.retry_after
            return self._send(status, b"<html><body>fault</body></html>", headers, send_body)
        if fate == "soft404":
            # WordPress's not-found page, answered 200 (a cache or plugin hiding the 404).
            body = b"<!DOCTYPE html><html><head><title>Page not found</title></head>"
            body += b'<body class="error404"><h1>Nothing here</h1></body></html>'
            return self._send(200, body, {"Content-Type": "text/html; charset=UTF-8"}, send_body)
        if fate in ("vanished", "gone"):
            return self._send(404 if fate == "vanished" else 410, b"<html><body>gone</body></html>", {}, send_body)
        if fate == "offsite":
            return self._send(302, b"", {"Location": self.server.plan.offsite_origin + path}, send_body)
        if fate == "loop":
            return self._send(302, b"", {"Location": origin + path}, send_body)
        if fate == "huge":
            body = (
                b"<!DOCTYPE html><html><body>" + b"<p>junk</p>" * (self.server.plan.huge_size // 11) + b"</body></html>"
            )
            return self._send(200, body, {"Content-Type": "text/html; charset=UTF-8"}, send_body)
        if fate in NON_HTML:
            body, kind = NON_HTML[fate]
            return self._send(200, body, {"Content-Type": kind} if kind else {}, send_body)
        if fate == "timeout":
            time.sleep(self.server.plan.stall)
            return super()._answer(send_body)
        file = resolve(self.server.root, path)
        if file is None:
            return super()._answer(send_body)
        content_type = self._content_type(file)
        body = self.server.read(file, content_type)
        cut = random.Random(f"{self.server.plan.seed}:{path}:cut").randint(len(body) // 4, max(1, len(body) // 2))
        if fate == "drop":
            # Promise the whole body, send part of it, hang up.
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body:
                self.wfile.write(body[:cut])
                self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return None
        if fate == "truncate":
            return self._send(200, body[:cut], {"Content-Type": content_type}, send_body)
        if fate == "no_content_type":
            return self._send(200, body, {}, send_body)
        if fate == "wrong_content_type":
            return self._send(200, body, {"Content-Type": "application/octet-stream"}, send_body)
        if fate == "wrong_charset":
            return self._send(200, body, {"Content-Type": "text/html; charset=ISO-8859-1"}, send_body)
        raise ValueError(fate)


class FaultServer(ReplicaServer):
    def __init__(self, root: str | Path, plan: FaultPlan, port: int = 0, host: str = "127.0.0.1") -> None:
        super().__init__(root, port, host)
        self.RequestHandlerClass = FaultHandler
        self.plan = plan
        self.attempts: Counter[str] = Counter()
        self.fates: Counter[str] = Counter()
        self.log: list[tuple[str, str, float]] = []  # (path, fate, time.monotonic())
        self._fate_lock = threading.Lock()

    def next_fate(self, path: str) -> str:
        with self._fate_lock:
            attempt = self.attempts[path]
            self.attempts[path] += 1
            fate = self.plan.fate(path, attempt)
            self.fates[fate] += 1
            self.log.append((path, fate, time.monotonic()))
        return fate

    @property
    def faults_injected(self) -> int:
        return sum(n for fate, n in self.fates.items() if fate != "ok")

    def times(self, path: str) -> list[float]:
        return [when for logged, _, when in self.log if logged == path]


@contextmanager
def serve_faults(root: str | Path, plan: FaultPlan, port: int = 0) -> Iterator[FaultServer]:
    with running(FaultServer(root, plan, port)) as server:
        yield server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--port", type=int, default=8046)
    args = parser.parse_args(argv)
    server = FaultServer(args.root, FaultPlan(seed=args.seed), args.port)
    print(f"Serving {args.root} with faults (seed {args.seed}) at {server.base_url}", flush=True)
    serve_until_interrupted(server)


if __name__ == "__main__":
    main()
