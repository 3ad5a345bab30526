"""Staff opening a queue, or one record on it, recorded in the audit log: the records hold personal data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import HttpRequest, HttpResponse

from accounts import policy
from carers_portal.core.models import AuditEvent
from carers_portal.core.services import audit_record

if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[Any]
else:
    _ModelAdmin = object  # a mixin: the admin class brings ModelAdmin, after the permission policy's mixin


class AuditedQueue(_ModelAdmin):
    """An admin whose list is a queue triage staff work through: opening the list (`queue_summary`) and opening one
    record (`record_opened`) are audited."""

    def queue_summary(self, request: HttpRequest) -> str:
        """What the audit log says when a member of triage staff opens the list."""
        raise NotImplementedError

    def record_opened(self, request: HttpRequest, obj: Any) -> None:
        """Audit a member of staff opening `obj`, one they can see."""
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

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method == "GET":
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                self.record_opened(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)
