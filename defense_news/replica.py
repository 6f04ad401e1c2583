"""Serve a saved copy of a WordPress site on 127.0.0.1 (tests, offline demo, benchmark).

Layout of a site folder: a URL path ending in ``/`` is ``<path>/index.html``
(or ``index.xml``/``index.json``); any other path is the file itself. A file
``<file>.headers`` next to a file holds extra response lines (``Status: 404``,
``Content-Type: ...``). Pages are saved with the real site's origin
(``https://www.19fortyfive.com``); the server rewrites it to its own address so
the links lead back to the replica.

Run it by hand::

    python -m defense_news.replica tests/sites/zox --port 8045
"""

from __future__ import annotations

import argparse
import logging
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

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
        path = urlsplit(self.path).path
        file = resolve(self.server.root, path)
        # WordPress redirects /category/x to /category/x/; do the same for directories.
        if file is None and not path.endswith("/") and resolve(self.server.root, path + "/") is not None:
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

    def __init__(self, root: str | Path, port: int = 0, host: str = "127.0.0.1") -> None:
        super().__init__((host, port), ReplicaHandler)
        self.root = Path(root)
        if not self.root.is_dir():
            raise FileNotFoundError(f"replica folder {self.root} does not exist")
        self.origin = f"http://{host}:{self.server_address[1]}"
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


@contextmanager
def serve(root: str | Path, port: int = 0, host: str = "127.0.0.1") -> Iterator[ReplicaServer]:
    """Serve ``root`` in a daemon thread for the duration of the ``with`` block."""
    server = ReplicaServer(root, port, host)
    thread = threading.Thread(target=server.serve_forever, name="replica", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", help="site folder, e.g. tests/sites/zox")
    parser.add_argument("--port", type=int, default=8045)
    args = parser.parse_args(argv)
    server = ReplicaServer(args.root, args.port)
    print(f"Serving {args.root} at {server.base_url} (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
