"""One progress line on a terminal's stderr, for the commands whose work takes minutes.

`pressbot parse` counts pages, `pressbot state repair` records; either way the line says how
many are done, how fast, and how many failed, and a problem line printed meanwhile clears it
first. On anything but a terminal (a log file, a pipe) no line is drawn: the caller says so
with `progress`.
"""

from __future__ import annotations

import time
from typing import TextIO


class Reporter:
    """Problem lines on `stream` and, with `progress`, one line redrawn a few times a second
    (`done` of `unit`, per second, `errors`); the line is cleared before any other line."""

    INTERVAL = 0.25

    def __init__(self, stream: TextIO, progress: bool, unit: str = "pages") -> None:
        self.stream = stream
        self.progress = progress
        self.unit = unit
        self.started = time.monotonic()
        self.last = 0.0
        self.shown = False

    def line(self, text: str) -> None:
        self._clear()
        print(text, file=self.stream)

    def tick(self, done: int, errors: int) -> None:
        if not self.progress:
            return
        now = time.monotonic()
        if now - self.last < self.INTERVAL:
            return
        self.last = now
        rate = done / max(now - self.started, 1e-9)
        unit = self.unit
        self.stream.write(f"\r\x1b[K{done} {unit}  {rate:.1f} {unit}/s  {errors} errors")
        self.stream.flush()
        self.shown = True

    def _clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.shown = False

    def close(self) -> None:
        self._clear()
        self.stream.flush()
