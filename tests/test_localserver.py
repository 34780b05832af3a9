"""The test server's connection handling: one answer per connection by default, persistent
HTTP/1.1 connections when a benchmark asks for them."""

from __future__ import annotations

import http.client
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pressbot.localserver import serve_directory


def _two_requests(base_url: str) -> tuple[list[int], list[bool], bool]:
    """Versions and will-close flags of two GETs sent on one client connection, and whether the
    second went over the very socket of the first."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=5)
    versions, closes, sockets = [], [], []
    try:
        for _ in range(2):
            connection.request("GET", "/page.html")
            sockets.append(connection.sock)
            response = connection.getresponse()
            assert response.read() == b"<p>hello</p>"
            versions.append(response.version)
            closes.append(response.will_close)
    finally:
        connection.close()
    return versions, closes, sockets[0] is sockets[1]


@pytest.mark.parametrize("keep_alive", [False, True])
def test_keep_alive_reuses_the_connection_only_when_asked(tmp_path: Path, keep_alive: bool) -> None:
    (tmp_path / "page.html").write_bytes(b"<p>hello</p>")
    with serve_directory(tmp_path, keep_alive=keep_alive) as base_url:
        versions, closes, same_socket = _two_requests(base_url)
    if keep_alive:
        assert (versions, closes, same_socket) == ([11, 11], [False, False], True)
    else:
        assert (versions, closes, same_socket) == ([10, 10], [True, True], False)
