"""The test servers' connection handling: `serve_directory` closes every connection after its
answer (so scripted resets and delays meet fresh ones); `serve_files`, the benchmarks' server,
keeps HTTP/1.1 connections open and answers pipelined requests in order."""

from __future__ import annotations

import http.client
import socket
from pathlib import Path
from urllib.parse import urlsplit

from pressbot.localserver import serve_directory, serve_files


def _two_requests(base_url: str, path: str = "/page.html") -> tuple[list[tuple], list[bool], bool]:
    """(status, version, content type, body) and will-close flags of two GETs sent on one client
    connection, and whether the second went over the very socket of the first."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=5)
    answers, closes, sockets = [], [], []
    try:
        for _ in range(2):
            connection.request("GET", path)
            sockets.append(connection.sock)
            response = connection.getresponse()
            kind = response.getheader("Content-Type")
            answers.append((response.status, response.version, kind, response.read()))
            closes.append(response.will_close)
    finally:
        connection.close()
    return answers, closes, sockets[0] is sockets[1]


def test_serve_directory_closes_each_connection(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_bytes(b"<p>hello</p>")
    with serve_directory(tmp_path) as base_url:
        answers, closes, same_socket = _two_requests(base_url)
    assert answers == [(200, 10, "text/html", b"<p>hello</p>")] * 2
    assert (closes, same_socket) == ([True, True], False)


def test_serve_files_keeps_the_connection_and_answers_as_files_do(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "index.html").write_bytes(b"<p>list</p>")
    (tmp_path / "page.html").write_bytes(b"<p>hello</p>")
    (tmp_path / "empty.txt").write_bytes(b"")
    with serve_files(tmp_path) as base_url:
        answers, closes, same_socket = _two_requests(base_url)
        assert (answers, closes, same_socket) == (
            [(200, 11, "text/html", b"<p>hello</p>")] * 2,
            [False, False],
            True,
        )
        assert _two_requests(base_url, "/news/")[0][0] == (200, 11, "text/html", b"<p>list</p>")
        assert _two_requests(base_url, "/empty.txt")[0][0] == (200, 11, "text/plain", b"")
        assert _two_requests(base_url, "/missing.html")[0][0][0] == 404


def _raw(base_url: str, request: bytes) -> bytes:
    """Everything the server sends for `request` until it closes the connection."""
    parts = urlsplit(base_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(request)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    return received


def test_serve_files_answers_pipelined_requests_in_order_and_heads_without_body(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.html").write_bytes(b"AAA")
    (tmp_path / "b.html").write_bytes(b"BBBB")
    with serve_files(tmp_path) as base_url:
        received = _raw(
            base_url,
            b"GET /a.html HTTP/1.1\r\nHost: x\r\n\r\n"
            b"HEAD /b.html HTTP/1.1\r\nHost: x\r\n\r\n"
            b"GET /b.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )
        refused = _raw(base_url, b"POST /a.html HTTP/1.1\r\nContent-Length: 3\r\n\r\nxyz")
    answers = received.split(b"HTTP/1.1 ")[1:]
    assert [a.split(b"\r\n", 1)[0] for a in answers] == [b"200 OK"] * 3
    assert answers[0].endswith(b"\r\n\r\nAAA")
    assert b"Content-Length: 4\r\n" in answers[1] and answers[1].endswith(b"\r\n\r\n")
    assert answers[2].endswith(b"Connection: close\r\n\r\nBBBB")
    assert refused.startswith(b"HTTP/1.1 501 ")
