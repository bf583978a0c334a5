"""A real `wpsbot serve` child process for end-to-end tests, its output read as it comes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def serve_env(**settings: str) -> dict[str, str]:
    """Only what the process needs: no Slack settings leak in from the developer's shell."""
    return {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(REPO), **settings}


class ServeProcess:
    """`python -m bot [ARGS] serve --host HOST`, ready once a line says `ready`
    (host None: no --host, the process decides)."""

    def __init__(
        self,
        env: dict[str, str],
        cwd: Path,
        ready: str,
        args: tuple[str, ...] = (),
        host: str | None = "127.0.0.1",
    ) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", *args, "serve", *(["--host", host] if host else [])],
            env=env,
            cwd=cwd,  # a folder of its own: no stray .env
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._ready = threading.Event()

        def read() -> None:
            assert self.proc.stdout is not None
            for line in self.proc.stdout:  # drained all along, so the pipe never fills
                self.lines.append(line)
                if ready in line:
                    self._ready.set()
            self._ready.set()  # it exited

        self.reader = threading.Thread(target=read, daemon=True)
        self.reader.start()
        self.ready_line_text = ready

    @property
    def output(self) -> str:
        """Everything it printed so far."""
        return "".join(self.lines)

    def wait_ready(self, timeout: float = 30) -> None:
        """Wait for the ready line; fail with its output if it exited instead."""
        assert self._ready.wait(timeout=timeout) and self.proc.poll() is None, self.output
        assert any(self.ready_line_text in line for line in self.lines), self.output

    def line_with(self, text: str) -> str:
        """The first line of output that contains `text`."""
        return next(line for line in self.lines if text in line)

    def stop(self, timeout: float = 20) -> int:
        """SIGTERM, wait; its exit code."""
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=timeout)
        self.reader.join(timeout=5)
        return code
