"""The triage state machine: which status a referral may move to, and when.

Pure functions with no database access, so the rules are unit-tested on their own
and every caller (the admin, bulk actions, services) enforces the same ones.

    New -> In triage -> Accepted / Signposted elsewhere / Declined (reason required) / Could not contact -> Closed
"""

from __future__ import annotations

from django.db import models


class Status(models.TextChoices):
    NEW = "new", "New"
    IN_TRIAGE = "in_triage", "In triage"
    ACCEPTED = "accepted", "Accepted"
    SIGNPOSTED = "signposted", "Signposted elsewhere"
    DECLINED = "declined", "Declined"
    COULD_NOT_CONTACT = "could_not_contact", "Could not contact"
    CLOSED = "closed", "Closed"


# The outcomes of triage: reaching one of these is "triaged" for the 2 working day deadline.
OUTCOMES: frozenset[str] = frozenset({Status.ACCEPTED, Status.SIGNPOSTED, Status.DECLINED, Status.COULD_NOT_CONTACT})
# Statuses still waiting for a triage decision.
AWAITING_TRIAGE: frozenset[str] = frozenset({Status.NEW, Status.IN_TRIAGE})

TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.NEW: (Status.IN_TRIAGE,),
    Status.IN_TRIAGE: (Status.ACCEPTED, Status.SIGNPOSTED, Status.DECLINED, Status.COULD_NOT_CONTACT),
    Status.ACCEPTED: (Status.CLOSED,),
    Status.SIGNPOSTED: (Status.CLOSED,),
    Status.DECLINED: (Status.CLOSED,),
    Status.COULD_NOT_CONTACT: (Status.CLOSED,),
    Status.CLOSED: (),
}

# Statuses that need a reason, and the error shown when it is missing.
REASON_REQUIRED: dict[str, str] = {Status.DECLINED: "Enter the reason for declining this referral"}

# What the person who asked for help reads about each status (their status page and emails).
PUBLIC_DESCRIPTIONS: dict[str, str] = {
    Status.NEW: "We have sent your request to the service. They will look at it and contact you at the time you chose.",
    Status.IN_TRIAGE: "The service is looking at your request and will contact you.",
    Status.ACCEPTED: "The service has accepted your request. They will contact you to arrange your support.",
    Status.SIGNPOSTED: "The service has suggested other support that may suit you better and will tell you about it.",
    Status.DECLINED: "The service cannot help with this request. They will tell you why and where else to go.",
    Status.COULD_NOT_CONTACT: "The service tried to contact you but could not reach you. Please contact them.",
    Status.CLOSED: "Your request is closed.",
}


def status_label(status: str) -> str:
    return str(Status(status).label)


def allowed_targets(current: str) -> tuple[str, ...]:
    """The statuses a referral in `current` may move to next (none when closed)."""
    return TRANSITIONS.get(current, ())


def transition_error(*, current: str, target: str, reason: str = "") -> str | None:
    """None when moving from `current` to `target` is allowed, otherwise the message to show staff."""
    if target not in Status.values:
        return "Select a status from the list"
    if current not in Status.values:
        return f"This referral has an unknown status ({current}); ask an administrator to correct it"
    if target == current:
        return f"This referral is already {status_label(current).lower()}"
    if target not in allowed_targets(current):
        nexts = allowed_targets(current)
        if not nexts:
            return f"A referral that is {status_label(current).lower()} cannot be moved to another status"
        options = " or ".join(status_label(s).lower() for s in nexts)
        return (
            f"You cannot move a referral from {status_label(current).lower()} to {status_label(target).lower()}. "
            f"It can go to {options}"
        )
    if target in REASON_REQUIRED and not reason.strip():
        return REASON_REQUIRED[target]
    return None


class TransitionRefused(Exception):
    """Raised by the service layer when a transition breaks the rules; str(exc) is the staff-facing message."""
