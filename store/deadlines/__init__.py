"""Deadlines and reminder rules: derived from events or added by hand; every rule takes `now`.

Deadlines live in table `deadlines`; each reminder that went out (or was skipped) is one row of
`reminder_deliveries`, keyed by (deadline, occurrence, lead). A process *claims* that key by
inserting the row before posting, so restarts and a second process never post twice; the claim
is a lease that the posting process renews, and that lapses when the process is gone. The key
goes to Slack with the post, so a process that takes over a lapsed claim can ask Slack whether
the post arrived before it posts again.

One module per part: `parsing` (what a coordinator types), `model` (a deadline and its
occurrences), `storage` (table `deadlines`), `derivation` (deadlines a document implies),
`rules` (the pure `due_reminders(…, now)`), `deliveries` (the delivery log) and `text` (how a
deadline and a reminder are said). This package exports what the rest of wpsbot uses.
"""

from store.deadlines.constants import (
    ACTIVE,
    CLAIM_RENEW,
    CLAIM_TTL,
    DEFAULT_CATCHUP,
    DEFAULT_LEADS,
    LATE_AFTER,
    MAX_LEAD,
    REMINDER_TIME,
    DeadlineError,
)
from store.deadlines.deliveries import (
    claim,
    delivery_key,
    first_attempt,
    load_deliveries,
    mark_failed,
    mark_sent,
    record_skip,
    renew_claim,
    retry_backoff,
)
from store.deadlines.derivation import derive_after_ingest, derive_from_document, sync_derived
from store.deadlines.model import Deadline, current_occurrence, occurrence_due
from store.deadlines.parsing import parse_lead, parse_leads, parse_recurrence, parse_when
from store.deadlines.rules import Alive, Delivery, Reminder, due_reminders, fire_time
from store.deadlines.storage import (
    active_deadlines,
    add_deadline,
    confirm,
    dismiss,
    get_deadline,
    list_deadlines,
    mark_done,
    move,
    remove,
    snooze,
)
from store.deadlines.text import (
    days_left,
    describe_days_left,
    describe_distance,
    describe_due,
    reminder_text,
)

__all__ = [
    "ACTIVE",
    "CLAIM_RENEW",
    "CLAIM_TTL",
    "DEFAULT_CATCHUP",
    "DEFAULT_LEADS",
    "LATE_AFTER",
    "MAX_LEAD",
    "REMINDER_TIME",
    "Alive",
    "Deadline",
    "DeadlineError",
    "Delivery",
    "Reminder",
    "active_deadlines",
    "add_deadline",
    "claim",
    "confirm",
    "current_occurrence",
    "days_left",
    "delivery_key",
    "derive_after_ingest",
    "derive_from_document",
    "describe_days_left",
    "describe_distance",
    "describe_due",
    "dismiss",
    "due_reminders",
    "fire_time",
    "first_attempt",
    "get_deadline",
    "list_deadlines",
    "load_deliveries",
    "mark_done",
    "mark_failed",
    "mark_sent",
    "move",
    "occurrence_due",
    "parse_lead",
    "parse_leads",
    "parse_recurrence",
    "parse_when",
    "record_skip",
    "reminder_text",
    "remove",
    "renew_claim",
    "retry_backoff",
    "snooze",
    "sync_derived",
]
