"""A fast loopback server for a replica folder: every page pre-loaded in memory, asyncio, keep-alive.

Run as its own process so its CPU time is never counted as the crawler's.
Prints ``READY <port>`` on stdout once listening; on SIGTERM it prints the
number of requests served (``SERVED <n>``) and exits.

    python bench/server.py bench/.cache/site-2000 [--port 0]
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from pathlib import Path
from typing import ClassVar

ORIGIN = b"https://www.19fortyfive.com"
NOT_FOUND = b"<!DOCTYPE html><html><head><title>Page not found</title></head><body class='error404'></body></html>"


def load(root: Path, origin: bytes) -> dict[bytes, bytes]:
    """URL path → full HTTP response (status line, headers, body)."""
    pages: dict[bytes, bytes] = {}
    for file in root.rglob("*"):
        if not file.is_file() or file.name.startswith("."):
            continue
        rel = file.relative_to(root).as_posix()
        if rel.endswith("index.html"):
            path, ctype = "/" + rel.removesuffix("index.html"), b"text/html; charset=UTF-8"
        else:
            path, ctype = "/" + rel, b"text/plain; charset=UTF-8"
        body = file.read_bytes().replace(ORIGIN, origin)
        pages[path.encode()] = response(200, ctype, body)
    return pages


def response(status: int, ctype: bytes, body: bytes) -> bytes:
    reason = b"OK" if status == 200 else b"Not Found"
    return (
        b"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n" % (status, reason, ctype, len(body)) + body
    )


class Replica(asyncio.Protocol):
    pages: ClassVar[dict[bytes, bytes]] = {}
    served: ClassVar[int] = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            target = head.split(b" ", 2)[1]
            path = target.split(b"?", 1)[0].split(b"#", 1)[0]
            Replica.served += 1
            answer = self.pages.get(path) or response(404, b"text/html; charset=UTF-8", NOT_FOUND)
            self.transport.write(answer)  # type: ignore[attr-defined]


async def serve(root: Path, port: int) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Replica, "127.0.0.1", port, backlog=1024)
    actual = server.sockets[0].getsockname()[1]
    Replica.pages = load(root, f"http://127.0.0.1:{actual}".encode())
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    print(f"READY {actual} {len(Replica.pages)}", flush=True)
    await stop.wait()
    server.close()
    print(f"SERVED {Replica.served}", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    asyncio.run(serve(args.root, args.port))
    sys.exit(0)


if __name__ == "__main__":
    main()
