"""A small progress bar for loading several files (plain lines when not on a terminal)."""

from __future__ import annotations

from typing import TextIO


class Progress:
    """Shows `[####----] 3/8 name` on a terminal; prints one line per item otherwise."""

    WIDTH = 24

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.live = total > 1 and stream.isatty()

    def advance(self, name: str, line: str) -> None:
        """Count one item done and report it."""
        self.done += 1
        if self.live:
            filled = self.WIDTH * self.done // self.total
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\r\033[K{line}\n[{bar}] {self.done}/{self.total} {name[:40]}")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self.live:
            self.stream.write("\r\033[K")
            self.stream.flush()
