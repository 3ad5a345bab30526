from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from carers_portal.core import selectors, services
from carers_portal.core.models import AuditEvent, OutboundEmail

# Web addresses typed without a scheme are taken as https (Django 6's default; 5.2 still assumes http and warns).
URL_FIELDS: dict[Any, dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Records that staff may read but never add, edit or delete."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return False


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "category", "to", "subject", "status", "attempts", "sent_at")
    list_filter = ("status", "category")
    search_fields = ("to", "subject")
    date_hierarchy = "created_at"
    actions = ["retry_failed"]
    # The backlog summary above the list (templates/admin/core/outboundemail/change_list.html).
    change_list_template = "admin/core/outboundemail/change_list.html"

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        extra_context = {**(extra_context or {}), "backlog": selectors.outbox_backlog()}
        return super().changelist_view(request, extra_context=extra_context)

    @admin.action(description="Retry the selected failed emails", permissions=["view"])
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[OutboundEmail]) -> None:
        count = services.outbox_retry(email_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} email(s) queued to send again.", messages.SUCCESS)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_email", "action", "object_type", "object_id", "summary")
    list_filter = ("action", "object_type")
    search_fields = ("actor_email", "object_id", "summary")
    date_hierarchy = "at"
