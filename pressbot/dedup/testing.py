"""A throw-away `redis-server` on 127.0.0.1, for tests and benchmarks of the Redis store.

`redis_server(folder)` starts Debian's `redis-server` on a free loopback port, without
persistence, and yields its URL; the server is stopped on exit. `RedisServer.kill()` stops it
abruptly (SIGKILL), as a lost server looks to the crawl processes using it; `restart()` kills it
and starts it again on the same port: empty, or from `dump.rdb` in its folder if one was saved
(`SAVE`), as a crashed server comes back without persistence or from its last snapshot.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class RedisServerUnavailable(RuntimeError):
    """No `redis-server` binary on PATH."""


@dataclass
class RedisServer:
    url: str
    port: int
    process: subprocess.Popen[bytes]
    command: list[str]

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def restart(self) -> None:
        self.kill()
        self.process = subprocess.Popen(
            self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if not _wait_ready(self.port, self.process, timeout=15):
            raise RuntimeError(f"redis-server did not restart on port {self.port}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_ready(port: int, process: subprocess.Popen[bytes], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                if conn.recv(16).startswith(b"+PONG"):
                    return True
        except OSError:
            time.sleep(0.05)
    return False


@contextmanager
def redis_server(folder: Path, attempts: int = 3) -> Iterator[RedisServer]:
    """Start `redis-server` on a free 127.0.0.1 port with its files in `folder`; yield it."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RedisServerUnavailable("redis-server is not installed (apt-get install redis-server)")
    folder.mkdir(parents=True, exist_ok=True)
    for _ in range(attempts):
        port = _free_port()
        command = [
            binary,
            "--port", str(port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", str(folder),
            "--logfile", str(folder / f"redis-{port}.log"),
        ]  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if _wait_ready(port, process, timeout=15):
            server = RedisServer(f"redis://127.0.0.1:{port}/0", port, process, command)
            try:
                yield server
            finally:
                if server.process.poll() is None:
                    server.process.terminate()
                    try:
                        server.process.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        server.kill()
            return
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
    raise RuntimeError(f"redis-server did not start on a free port (log in {folder})")
