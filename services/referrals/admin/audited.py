"""Staff opening a queue, or one record on it, recorded in the audit log: the records hold personal data."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from accounts import policy
from carers_portal.core.admin import AuditedRecords
from carers_portal.core.models import AuditEvent
from carers_portal.core.services import audit_record


class AuditedQueue(AuditedRecords):
    """An admin whose list is a queue triage staff work through: opening the list (`queue_summary`) and opening one
    record (`record_opened`) are audited."""

    def queue_summary(self, request: HttpRequest) -> str:
        """What the audit log says when a member of triage staff opens the list."""
        raise NotImplementedError

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if request.method == "GET" and policy.user_can_triage(request.user):
            audit_record(
                actor=request.user,
                action=AuditEvent.Action.VIEW,
                object_type=self.model._meta.label,
                summary=self.queue_summary(request)[:500],
            )
        return super().changelist_view(request, extra_context)
