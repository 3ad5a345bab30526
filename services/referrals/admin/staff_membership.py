"""Which organisation each provider staff member belongs to (superusers only, by the permission policy)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from carers_portal.core.admin import PolicyAdmin
from carers_portal.core.models import AuditEvent
from carers_portal.core.services import audit_record
from services.referrals.models import StaffMembership


@admin.register(StaffMembership)
class StaffMembershipAdmin(PolicyAdmin, admin.ModelAdmin):  # type: ignore[type-arg]
    """Which organisation each provider staff member belongs to (administrators only)."""

    list_display = ("user", "organisation", "role", "created_at")
    list_filter = ("role", "organisation")
    search_fields = ("user__email", "organisation__name")
    autocomplete_fields = ()
    raw_id_fields = ("user",)

    def save_model(self, request: HttpRequest, obj: StaffMembership, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.CHANGE if change else AuditEvent.Action.CREATE,
            obj=obj,
            summary=f"{obj.user.email} belongs to {obj.organisation.name} as {obj.get_role_display()}",
        )
