"""A static file server on 127.0.0.1, so tests and demos crawl real HTTP without the network.

`serve_directory(root)` serves a folder on an ephemeral port from a daemon thread and yields its
base URL. `extra` maps URL paths to canned `(status, headers, body)` responses, which lets a test
serve what no file on disk would give: a lying Content-Type, an empty 200, a 500.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

Canned = tuple[int, Mapping[str, str], bytes]


class _Handler(SimpleHTTPRequestHandler):
    extra: Mapping[str, Canned] = {}

    def do_GET(self) -> None:
        canned = self.extra.get(urlsplit(self.path).path)
        if canned is None:
            super().do_GET()
            return
        status, headers, body = canned
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if not any(name.lower() == "content-length" for name in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: test output should show the crawler's log, not the server's."""


@contextmanager
def serve_directory(root: str | Path, extra: Mapping[str, Canned] | None = None) -> Iterator[str]:
    """Serve `root` (and the `extra` canned paths) on 127.0.0.1; yield "http://127.0.0.1:PORT/"."""
    handler = type("Handler", (_Handler,), {"extra": dict(extra or {})})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="pressbot-localserver", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
