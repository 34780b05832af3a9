"""A static file server on 127.0.0.1, so tests and demos crawl real HTTP without the network.

`serve_directory(root)` serves a folder on an ephemeral port from a daemon thread and yields its
base URL. `extra` maps URL paths (or a path with its query, `/news?page=1`, which answers that
query only) to canned responses, which lets a test serve what no file on disk would give: a
lying Content-Type, an empty 200, a 500. A canned response is a `(status, headers, body)` tuple
or a `Reply`, which can also answer late (`delay`, to run past a client's timeout) or reset the
connection; a list of them is a script: the n-th request to the path gets the n-th entry, the
last one repeats, and `None` serves the file on disk. The mapping is read on every request, so a
test can change what a path serves between two crawls.

Pass a `RequestLog` as `log` to see what the crawler asked for: every request's path and
headers, and the most requests that were in flight at once.

Every answer closes its connection (HTTP/1.0), so a scripted reset or delay meets a fresh
connection each time.

`serve_files(root)` is the benchmarks' server: the folder's files read into memory once, answered
on persistent HTTP/1.1 connections by one asyncio thread, with nothing scripted or logged. A
benchmark's server shares the machine's cores with the crawl it measures, which a real site's
server does not: `serve_directory` spends 0.2 to 0.35 ms of CPU per page (a thread per connection
and an email-parser pass over each request's headers), this one about 0.05.
"""

from __future__ import annotations

import asyncio
import contextlib
import mimetypes
import socket
import struct
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

Canned = tuple[int, Mapping[str, str], bytes]


@dataclass(frozen=True)
class Reply:
    """One canned answer: a status, headers and body, sent after `delay` seconds (or as soon as
    `release` is set), or, with `reset`, no answer but a TCP reset."""

    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0
    release: threading.Event | None = None
    reset: bool = False


Script = Sequence["Reply | Canned | None"]


@dataclass(frozen=True)
class Hit:
    path: str
    """The request target as sent (path and query)."""
    headers: Mapping[str, str]
    at: float
    """time.monotonic() when the request arrived."""


class RequestLog:
    """What the server was asked, thread-safe: `hits`, `paths()`, `count(path)`, `max_in_flight`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.hits: list[Hit] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._served: dict[str, int] = {}

    def _enter(self, hit: Hit) -> int:
        """Record a request; return how many earlier requests its path had."""
        with self._lock:
            self.hits.append(hit)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            key = urlsplit(hit.path).path
            seen = self._served.get(key, 0)
            self._served[key] = seen + 1
            return seen

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def paths(self) -> list[str]:
        with self._lock:
            return [hit.path for hit in self.hits]

    def count(self, path: str) -> int:
        return sum(1 for p in self.paths() if urlsplit(p).path == path)

    def times(self, path: str) -> list[float]:
        with self._lock:
            return [hit.at for hit in self.hits if urlsplit(hit.path).path == path]


class _Handler(SimpleHTTPRequestHandler):
    extra: Mapping[str, Canned | Reply | Script] = {}
    log: RequestLog
    _in_flight = False

    def do_GET(self) -> None:
        seen = self.log._enter(Hit(self.path, dict(self.headers.items()), time.monotonic()))
        self._in_flight = True
        try:
            self._answer(seen)
        finally:
            self._answered()

    def _answered(self) -> None:
        """The request stops counting as in flight once its answer starts (before the client
        can see it and send another on a freed slot)."""
        if self._in_flight:
            self._in_flight = False
            self.log._leave()

    def _answer(self, seen: int) -> None:
        canned = self.extra.get(self.path) or self.extra.get(urlsplit(self.path).path)
        if isinstance(canned, list):
            canned = canned[min(seen, len(canned) - 1)] if canned else None
        if canned is None:
            self._answered()
            super().do_GET()
            return
        reply = canned if isinstance(canned, Reply) else Reply(*canned)
        if reply.release is not None:
            reply.release.wait(reply.delay or None)
        elif reply.delay:
            time.sleep(reply.delay)
        self._answered()
        if reply.reset:
            # SO_LINGER 0: close() sends RST instead of FIN, as a crashed server or a firewall.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        # The client may have given up (its timeout) before a delayed answer.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if not any(name.lower() == "content-length" for name in reply.headers):
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

    def finish(self) -> None:
        with contextlib.suppress(OSError):  # a reset or abandoned connection
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: test output should show the crawler's log, not the server's."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Silent: clients that time out or see a reset are what the flaky replies are for."""


@contextmanager
def serve_directory(
    root: str | Path,
    extra: Mapping[str, Canned | Reply | Script] | None = None,
    log: RequestLog | None = None,
) -> Iterator[str]:
    """Serve `root` (and the `extra` canned paths) on 127.0.0.1; yield "http://127.0.0.1:PORT/"."""
    # `extra` is read on every request (not copied), so a test may change it between crawls.
    attributes: dict[str, Any] = {"extra": extra if extra is not None else {}}
    attributes["log"] = log or RequestLog()
    handler = type("Handler", (_Handler,), attributes)
    server = _Server(("127.0.0.1", 0), partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, name="pressbot-localserver", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


_STATUS_LINES = {200: b"200 OK", 404: b"404 Not Found", 501: b"501 Not Implemented"}
_MAX_HEAD = 64 * 1024


def _answer(status: int, body: bytes, content_type: str = "text/plain", *, close: bool) -> bytes:
    head = f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
    if close:
        head += "Connection: close\r\n"
    return b"HTTP/1.1 " + _STATUS_LINES[status] + b"\r\n" + head.encode("ascii") + b"\r\n" + body


def _load_files(root: Path) -> dict[str, tuple[str, bytes]]:
    """URL path -> (Content-Type, bytes) of every file under `root`; a folder's `index.html`
    also answers for the folder ("/news/")."""
    files: dict[str, tuple[str, bytes]] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            url_path = "/" + path.relative_to(root).as_posix()
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            files[url_path] = (kind, path.read_bytes())
            if path.name == "index.html":
                files[url_path.removesuffix("index.html")] = files[url_path]
    return files


class _StaticProtocol(asyncio.Protocol):
    """One connection: GET and HEAD answered from the table, pipelined requests in order; any
    other method (whose body this server would not read) gets 501 and the connection closes."""

    def __init__(self, files: Mapping[str, tuple[str, bytes]], live: set[asyncio.Transport]):
        self._files = files
        self._live = live
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self._live.add(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._transport is not None:
            self._live.discard(self._transport)

    def data_received(self, data: bytes) -> None:
        assert self._transport is not None
        buffer = self._buffer + data
        answers: list[bytes] = []
        close = False
        while not close and (end := buffer.find(b"\r\n\r\n")) >= 0:
            head, buffer = buffer[:end].decode("latin-1"), buffer[end + 4 :]
            lines = head.split("\r\n")
            method, target, version = [*lines[0].split(" "), "", "", ""][:3]
            close = version != "HTTP/1.1" or any(
                line.lower().replace(" ", "") == "connection:close" for line in lines[1:]
            )
            if method not in ("GET", "HEAD"):
                answers.append(_answer(501, b"", close=True))
                close = True
                break
            found = self._files.get(unquote(urlsplit(target).path))
            answer = (
                _answer(404, b"", close=close)
                if found is None
                else _answer(200, found[1], found[0], close=close)
            )
            body = b"" if found is None else found[1]
            answers.append(answer[: len(answer) - len(body)] if method == "HEAD" else answer)
        self._buffer = buffer
        if answers:
            self._transport.write(b"".join(answers))
        if close or len(buffer) > _MAX_HEAD:
            self._transport.close()


@contextmanager
def serve_files(root: str | Path) -> Iterator[str]:
    """Serve the files under `root` (read now, once) on 127.0.0.1 from one asyncio thread;
    yield "http://127.0.0.1:PORT/"."""
    files = _load_files(Path(root))
    loop = asyncio.new_event_loop()
    live: set[asyncio.Transport] = set()
    server = loop.run_until_complete(
        loop.create_server(lambda: _StaticProtocol(files, live), "127.0.0.1", 0)
    )
    thread = threading.Thread(target=loop.run_forever, name="pressbot-files", daemon=True)
    thread.start()
    try:
        host, port = server.sockets[0].getsockname()[:2]
        yield f"http://{host!s}:{port}/"
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        server.close()
        for transport in list(live):
            transport.abort()
        loop.run_until_complete(server.wait_closed())
        loop.close()
