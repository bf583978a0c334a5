"""A small progress bar for loading several files: results on stdout, the bar on stderr."""

from __future__ import annotations

from typing import TextIO


class Progress:
    """Prints one result line per item on `out`; on a terminal, `[####----] 3/8` on `bar`."""

    WIDTH = 24

    def __init__(self, total: int, out: TextIO, bar: TextIO) -> None:
        self.total = total
        self.done = 0
        self.out = out
        self.bar = bar
        self.live = total > 1 and bar.isatty()

    def advance(self, name: str, line: str) -> None:
        """Count one item done and report it."""
        self.done += 1
        if self.live:
            self.bar.write("\r\033[K")  # clear the bar before the result line
            self.bar.flush()
        self.out.write(line + "\n")
        self.out.flush()
        if self.live:
            filled = self.WIDTH * self.done // self.total
            gauge = "#" * filled + "-" * (self.WIDTH - filled)
            self.bar.write(f"[{gauge}] {self.done}/{self.total} {name[:40]}")
            self.bar.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self.live:
            self.bar.write("\r\033[K")
            self.bar.flush()
