"""Is this request from Slack? One fail-closed signature check, for the HTTP server and the app.

Slack signs each request: `X-Slack-Signature` is `v0=` + hex HMAC-SHA256 of
`v0:{X-Slack-Request-Timestamp}:{body}` keyed by the signing secret
(https://api.slack.com/authentication/verifying-requests-from-slack). slack_sdk's verifier
raises on a timestamp that `int()` rejects and on a non-ASCII signature; Bolt then hands the
exception, with the unverified body, to the app's error handler. Here every way of failing,
an exception included, is a refusal, and the refusal says why without quoting the body.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

log = logging.getLogger("wpsbot.verification")

MAX_AGE_SECONDS = 300  # Slack's advice: refuse replays older than five minutes
# ASCII digits only: int() also reads " 17", "1_7" and other scripts' digits.
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
VERIFIED = "wpsbot_request_verified"  # set in the Bolt context once a request passed
REFUSAL_BODY = '{"error": "invalid request"}'


def verification_problem(
    secret: str,
    body: bytes,
    timestamp: str | None,
    signature: str | None,
    now: float | None = None,
) -> str | None:
    """None if Slack signed `body`; otherwise what is wrong, in words safe to log."""
    try:
        if not secret:
            return "no signing secret is set"
        if timestamp is None or signature is None:
            return "the signature or timestamp header is missing"
        if not _TIMESTAMP.fullmatch(timestamp):
            return "the timestamp is not a number of seconds"
        if abs((time.time() if now is None else now) - int(timestamp)) > MAX_AGE_SECONDS:
            return "the timestamp is more than five minutes away"
        if not _SIGNATURE.fullmatch(signature):
            return "the signature is not of the form v0=<64 hex digits>"
        base = b"v0:" + timestamp.encode("ascii") + b":" + body
        expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected.encode("ascii"), signature.encode("ascii")):
            return "the signature does not match"
        return None
    except Exception as exc:  # fail closed: a check that cannot finish is a refusal
        return f"the check failed ({type(exc).__name__})"


def refuse(problem: str, path: str = "/slack/events") -> None:
    """Log a refused request: the reason only, never its body or headers."""
    log.info("refused a request to %s: %s", path, problem)


class FailClosedVerification(Middleware):
    """Bolt middleware that runs before every other: a request Slack did not sign is answered
    401 and goes no further; one it did sign is marked verified in the context, so the error
    handler knows the body may be trusted."""

    def __init__(self, signing_secret: str) -> None:
        self.signing_secret = signing_secret

    def process(
        self,
        *,
        req: BoltRequest,
        resp: BoltResponse,
        next: Callable[[], BoltResponse],
    ) -> BoltResponse | None:
        """Check the signature; pass the request on only if Slack signed it."""
        if req.mode == "socket_mode":
            # Not signed: it came over the WebSocket Slack opened with the app-level token.
            req.context[VERIFIED] = True
            return next()
        problem = verification_problem(
            self.signing_secret,
            req.raw_body.encode("utf-8"),
            _header(req.headers, "x-slack-request-timestamp"),
            _header(req.headers, "x-slack-signature"),
        )
        if problem is not None:
            refuse(problem)
            return BoltResponse(status=401, body={"error": "invalid request"})
        req.context[VERIFIED] = True
        return next()


def _header(headers: dict[str, Any], name: str) -> str | None:
    values = headers.get(name)
    if not values:
        return None
    # Two copies of a signature header are not something Slack sends.
    return str(values[0]) if len(values) == 1 else None
