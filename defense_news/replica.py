"""Serve a saved copy of a WordPress site on 127.0.0.1 (tests, offline demo, benchmark).

Layout of a site folder: a URL path ending in ``/`` is ``<path>/index.html``
(or ``index.xml``/``index.json``); any other path is the file itself. A file
``<file>.headers`` next to a file holds extra response lines (``Status: 404``,
``Content-Type: ...``). Pages are saved with the real site's origin
(``https://www.19fortyfive.com``); the server rewrites it to its own address so
the links lead back to the replica.

Query strings (the REST API needs them): a request with a query is answered by
``<file>@<query>`` if that file exists, ``<query>`` being the parameters sorted
by name, ``&``-joined, percent-encoded except ``:`` and ``,`` (so
``/api/comments?post=11&page=1`` is ``api/comments@page=1&post=11``, and
``/?route=/api/posts`` is ``index.html@route=%2Fapi%2Fposts``; docs/testing.md shows
the REST API's own paths); otherwise the query is ignored as before. Such files take their Content-Type from their ``.headers`` sidecar.

Requests may also come as to an HTTP proxy (``GET http://other-origin/path``): the
path is answered the same, so a crawl can name a fixed ``origin`` while the server
listens on any port (``http_proxy=<server address>``).

Several folders can be served as layers (``serve([overlay, base])``): the first
folder holding a path answers it, so a variant site is a small folder of changed
and added files over a full capture.

Run it by hand::

    python -m defense_news.replica tests/sites/zox --port 8045
    python -m defense_news.replica tests/sites/wp-api tests/sites/wp-tt3 --port 8046
"""

from __future__ import annotations

import argparse
import errno
import logging
import mimetypes
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qsl, quote, unquote, urlsplit

logger = logging.getLogger(__name__)

ORIGIN = "https://www.19fortyfive.com"
_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/rss+xml", "application/javascript")
_INDEX_FILES = ("index.html", "index.xml", "index.json")


def resolve(root: Path, url_path: str) -> Path | None:
    """The file that answers ``url_path`` under ``root``, or None (404)."""
    path = unquote(url_path)
    relative = path.lstrip("/")
    candidate = (root / relative).resolve()
    if root.resolve() not in (candidate, *candidate.parents):
        return None  # ../ escapes
    if path.endswith("/") or candidate.is_dir():
        for name in _INDEX_FILES:
            if (candidate / name).is_file():
                return candidate / name
        return None
    return candidate if candidate.is_file() else None


def query_key(query: str) -> str:
    """The file-name form of a query string (see the module docstring).

    >>> query_key("post=11&per_page=100&_embed=wp%3Aterm")
    '_embed=wp:term&per_page=100&post=11'
    """
    pairs = sorted(parse_qsl(query, keep_blank_values=True))
    return "&".join(f"{quote(k, safe='')}={quote(v, safe=':,')}" for k, v in pairs)


def resolve_layers(roots: Sequence[Path], url_path: str, query: str = "") -> Path | None:
    """The file answering ``url_path?query`` in the first layer that has one."""
    for root in roots:
        file = resolve(root, url_path)
        if query:
            relative = unquote(url_path).lstrip("/")
            base = (
                file
                if file is not None
                else root / relative / "index.html"
                if url_path.endswith("/")
                else root / relative
            )
            with_query = base.with_name(f"{base.name}@{query_key(query)}")
            if root.resolve() in with_query.resolve().parents and with_query.is_file():
                return with_query
        if file is not None:
            return file
    return None


class ReplicaHandler(BaseHTTPRequestHandler):
    server: ReplicaServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("%s %s", self.address_string(), format % args)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def _answer(self, send_body: bool) -> None:
        self.server.count_request(self.path)
        parts = urlsplit(self.path)
        path = parts.path
        file = resolve_layers(self.server.roots, path, parts.query)
        # WordPress redirects /category/x to /category/x/; do the same for directories.
        if file is None and not path.endswith("/") and resolve_layers(self.server.roots, path + "/") is not None:
            self._send(301, b"", {"Location": self.server.origin + path + "/"}, send_body)
            return
        if file is None:
            body = b"<!DOCTYPE html><html><head><title>Page not found</title></head>"
            body += b'<body class="error404"><h1>Not Found</h1></body></html>'
            self._send(404, body, {"Content-Type": "text/html; charset=UTF-8"}, send_body)
            return
        status, headers = 200, {"Content-Type": self._content_type(file)}
        side = file.with_name(file.name + ".headers")
        if side.is_file():
            for line in side.read_text().splitlines():
                name, _, value = line.partition(":")
                if name.strip().lower() == "status":
                    status = int(value.strip().split()[0])
                elif name.strip():
                    headers[name.strip()] = self.server.rewrite_text(value.strip())
        body = self.server.read(file, headers["Content-Type"])
        self._send(status, body, headers, send_body)

    def _content_type(self, file: Path) -> str:
        guessed = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if guessed.startswith("text/") or guessed in {"application/json", "application/xml"}:
            return f"{guessed}; charset=UTF-8"
        return guessed

    def _send(self, status: int, body: bytes, headers: dict[str, str], send_body: bool) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class ReplicaServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        root: str | Path | Sequence[str | Path],
        port: int = 0,
        host: str = "127.0.0.1",
        origin: str | None = None,
    ) -> None:
        self.roots = [Path(root)] if isinstance(root, (str, Path)) else [Path(r) for r in root]
        self.root = self.roots[0]
        for folder in self.roots:
            if folder.exists() and not folder.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, f"{folder} is a file, not a replica folder")
            if not folder.is_dir():
                raise FileNotFoundError(errno.ENOENT, f"replica folder {folder} does not exist")
        if not 0 <= port <= 65535:
            # bind() would raise OverflowError, a traceback: an OSError is what the commands report.
            raise OSError(errno.EINVAL, f"--port {port} is no port number: 0 to 65535 (0 = any free port)")
        super().__init__((host, port), ReplicaHandler)
        # The address its pages name: its own, or one it answers for as an HTTP proxy (the
        # offline demo crawls a fixed origin, whatever port the server got; see defense_news.demo).
        self.address = f"http://{host}:{self.server_address[1]}"
        self.origin = origin or self.address
        self.requests: list[str] = []
        self._lock = threading.Lock()
        self._cache: dict[Path, bytes] = {}

    @property
    def base_url(self) -> str:
        return self.origin + "/"

    def count_request(self, path: str) -> None:
        with self._lock:
            self.requests.append(path)

    def rewrite_text(self, text: str) -> str:
        return text.replace(ORIGIN, self.origin).replace(ORIGIN.replace("/", "\\/"), self.origin.replace("/", "\\/"))

    def read(self, file: Path, content_type: str) -> bytes:
        cached = self._cache.get(file)
        if cached is not None:
            return cached
        data = file.read_bytes()
        if content_type.startswith(_TEXT_TYPES):
            data = data.replace(ORIGIN.encode(), self.origin.encode()).replace(
                ORIGIN.replace("/", "\\/").encode(), self.origin.replace("/", "\\/").encode()
            )
        with self._lock:
            self._cache[file] = data
        return data


def cannot_serve(exc: OSError, port: int) -> str:
    """Why a replica server could not start, in one line for the command line."""
    if exc.errno == errno.EADDRINUSE:
        return (
            f"port {port} on 127.0.0.1 is in use (another demo or replica running?); "
            "choose another with --port N (make demo DEMO_PORT=N; 0 = any free port)"
        )
    return exc.strerror or str(exc)


@contextmanager
def serve(root: str | Path | Sequence[str | Path], port: int = 0, host: str = "127.0.0.1") -> Iterator[ReplicaServer]:
    """Serve ``root`` in a daemon thread for the duration of the ``with`` block."""
    with running(ReplicaServer(root, port, host)) as server:
        yield server


_Server = TypeVar("_Server", bound=ThreadingHTTPServer)


@contextmanager
def running(server: _Server) -> Iterator[_Server]:
    """Run any of the replica servers (plain, slow, faulty) in a daemon thread; always close it."""
    thread = threading.Thread(target=server.serve_forever, name=type(server).__name__, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def serve_until_interrupted(server: ThreadingHTTPServer) -> None:
    """Serve in the foreground until Ctrl-C, then free the port (the command-line servers' loop)."""
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", nargs="+", help="site folder(s), first layer first, e.g. tests/sites/zox")
    parser.add_argument("--port", type=int, default=8045)
    args = parser.parse_args(argv)
    try:
        server = ReplicaServer(args.root, args.port)
    except OSError as exc:
        print(f"Cannot serve the replica: {cannot_serve(exc, args.port)}", file=sys.stderr)
        sys.exit(2)
    print(f"Serving {' + '.join(args.root)} at {server.base_url} (Ctrl-C to stop)", flush=True)
    serve_until_interrupted(server)


if __name__ == "__main__":
    main()
