"""Proposals and decisions: a scheduled change to who a service is for is proposed until a commissioner records
that the council has decided it (24.3). Only a decided change takes effect (services.selectors.eligibility);
recording the decision is audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from carers_portal.core.models import AuditEvent
from carers_portal.core.services import audit_record
from services.models import EligibilityChange
from services.services.directory import directory_version_bump


@dataclass
class DecisionResult:
    decided: list[EligibilityChange] = field(default_factory=list)
    # Proposals that cannot be decided yet, with why (a decision needs the date it takes effect).
    refused: list[tuple[EligibilityChange, str]] = field(default_factory=list)


def eligibility_changes_decide(*, changes: Iterable[EligibilityChange], actor: Any) -> DecisionResult:
    """Record that the council has decided each proposed change: from its date it takes effect. Each decision is
    audited with who recorded it; a change already decided is left as it is, one without a date is refused."""
    result = DecisionResult()
    with transaction.atomic():
        for change in changes:
            if change.is_decided:
                continue
            if change.takes_effect_on is None:
                result.refused.append((change, "give the date it takes effect first"))
                continue
            change.status = EligibilityChange.Status.DECIDED
            change.decided_at = timezone.now()
            change.save(update_fields=["status", "decided_at"])
            audit_record(
                actor=actor,
                action=AuditEvent.Action.CHANGE,
                obj=change,
                summary=f"Recorded as decided: {change} (source: {change.source or 'not given'})",
            )
            result.decided.append(change)
        if result.decided:
            directory_version_bump()  # searches and pages change from its date
    return result
