"""Responses and subscriptions in the staff admin: read-only to everyone (the permission policy)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from carers_portal.core.admin import PolicyAdmin
from carers_portal.core.models import AuditEvent
from carers_portal.core.services import audit_record
from consultations.models import (
    Answer,
    EqualityAnswer,
    Response,
    Subscription,
)


class AnswerInline(PolicyAdmin, admin.TabularInline):  # type: ignore[type-arg]
    model = Answer
    fields = ("question", "option", "text")
    readonly_fields = fields
    extra = 0


class EqualityAnswerInline(AnswerInline):
    model = EqualityAnswer  # type: ignore[assignment]


@admin.register(Response)
class ResponseAdmin(PolicyAdmin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("reference", "consultation", "status", "channel", "respondent_type", "district", "submitted_at")
    list_filter = ("consultation", "status", "channel", "event")
    search_fields = ("reference",)
    readonly_fields = (
        "reference",
        "consultation",
        "status",
        "channel",
        "respondent_type",
        "postcode",
        "district",
        "started_at",
        "submitted_at",
        "keyed_in_by",
        "event",
    )
    fields = readonly_fields
    inlines = [AnswerInline, EqualityAnswerInline]

    def change_view(self, request: HttpRequest, object_id: str, *args: Any, **kwargs: Any) -> HttpResponse:
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.VIEW,
            object_type="consultations.Response",
            object_id=object_id,
            summary="Viewed a consultation response",
        )
        return super().change_view(request, object_id, *args, **kwargs)


@admin.register(Subscription)
class SubscriptionAdmin(PolicyAdmin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("email", "confirmed_at", "unsubscribed_at", "created_at")
    search_fields = ("email",)
