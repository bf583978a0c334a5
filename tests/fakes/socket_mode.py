"""A local fake of Slack's Socket Mode WebSocket endpoint (RFC 6455, text frames only).

Pair it with FakeSlack: `fake.on("apps.connections.open", socket.connections_open)` hands the
bot this server's ws:// URL. Then `send(envelope)` pushes an envelope as Slack would, and
`wait_for_ack(envelope_id)` returns the client's acknowledgement.
"""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import struct
import threading
import time
from typing import Any

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455's fixed key suffix


class FakeSocketMode:
    """Accepts WebSocket connections on 127.0.0.1 and exchanges JSON envelopes."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self._cond = threading.Condition()
        self._conn: socket.socket | None = None
        self._send_lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._stopped = False

    @property
    def url(self) -> str:
        """The ws:// URL apps.connections.open gives out."""
        return f"ws://127.0.0.1:{self._listener.getsockname()[1]}/link/?ticket=test"

    def start(self) -> FakeSocketMode:
        """Accept connections in a background thread."""
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stop(self) -> None:
        """Close the listener and the current connection."""
        self._stopped = True
        self._listener.close()
        if self._conn is not None:
            self._conn.close()

    def connections_open(self, args: dict[str, Any]) -> dict[str, Any]:
        """The answer to apps.connections.open (the app token arrives as the bearer token)."""
        return {"ok": True, "url": self.url}

    def wait_connected(self, timeout: float = 20.0) -> None:
        """Block until a client completed the handshake."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._conn is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("no Socket Mode client connected")
                self._cond.wait(left)

    def send(self, envelope: dict[str, Any]) -> None:
        """Push one envelope to the connected client."""
        self.wait_connected()
        assert self._conn is not None
        self._send_frame(self._conn, 0x1, json.dumps(envelope).encode())

    def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        """The client's acknowledgement of `envelope_id`."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for message in self.received:
                    if message.get("envelope_id") == envelope_id:
                        return message
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no ack for {envelope_id}: {self.received}")
                self._cond.wait(left)

    # -- the protocol ------------------------------------------------------------------------
    def _accept(self) -> None:
        while not self._stopped:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                request += chunk
            headers = dict(
                line.split(": ", 1)
                for line in request.decode("latin-1").split("\r\n")[1:]
                if ": " in line
            )
            key = {k.lower(): v for k, v in headers.items()}["sec-websocket-key"].strip()
            accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
            conn.sendall(
                b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept.encode() + b"\r\n\r\n"
            )
            with self._cond:
                self._conn = conn
                self._cond.notify_all()
            hello = {"type": "hello", "num_connections": 1, "debug_info": {"host": "fake"}}
            self._send_frame(conn, 0x1, json.dumps(hello).encode())
            self._read_frames(conn)
        except OSError:
            return

    def _read_frames(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        while True:
            head = reader.read(2)
            if len(head) < 2:
                return
            opcode = head[0] & 0x0F
            masked = head[1] & 0x80
            length = head[1] & 0x7F
            if length == 126:
                length = struct.unpack(">H", reader.read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", reader.read(8))[0]
            mask = reader.read(4) if masked else b"\0\0\0\0"
            data = bytes(b ^ mask[i % 4] for i, b in enumerate(reader.read(length)))
            if opcode == 0x1:
                with self._cond:
                    self.received.append(json.loads(data))
                    self._cond.notify_all()
            elif opcode == 0x9:  # ping -> pong with the same payload
                self._send_frame(conn, 0xA, data)
            elif opcode == 0x8:  # close
                self._send_frame(conn, 0x8, data[:2])
                return

    def _send_frame(self, conn: socket.socket, opcode: int, payload: bytes) -> None:
        header = bytes([0x80 | opcode])
        if len(payload) < 126:
            header += bytes([len(payload)])
        elif len(payload) < 65536:
            header += bytes([126]) + struct.pack(">H", len(payload))
        else:
            header += bytes([127]) + struct.pack(">Q", len(payload))
        with self._send_lock:
            conn.sendall(header + payload)
