"""What every part of the deadline rules shares: defaults, limits, states, the error."""

from __future__ import annotations

from datetime import time, timedelta

DEFAULT_LEADS = ("14d", "7d", "1d", "0")
REMINDER_TIME = time(9, 0)  # date-only deadlines remind at 09:00 local time
DEFAULT_CATCHUP = timedelta(hours=24)
# A reminder picked up more than this after its time (the bot was down) is marked late.
LATE_AFTER = timedelta(seconds=5)
# A claim not renewed for this long may be taken over: its process died mid-post. The posting
# process renews it every CLAIM_RENEW, through every Retry-After wait, so a live post keeps it;
# a dead claimant on the same host is known at once (bot.scheduler), elsewhere after this.
CLAIM_TTL = timedelta(seconds=30)
CLAIM_RENEW = timedelta(seconds=5)
MAX_LEAD = timedelta(days=366)
ACTIVE = ("upcoming", "confirmed")


class DeadlineError(Exception):
    """Bad input or an impossible change; the message is one line written for the user."""
