"""Notes and contact attempts on a referral: added by whoever triages it, never edited or deleted (the policy)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from carers_portal.core.admin import PolicyAdmin
from services.referrals import selectors
from services.referrals.models import ContactAttempt, ReferralNote


class _AddOnlyInline(PolicyAdmin, admin.TabularInline):  # type: ignore[type-arg]
    """Notes and contact attempts: staff add them; nobody edits or deletes them."""

    extra = 1
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        visible = selectors.referrals_visible_to(user=request.user)
        return super().get_queryset(request).filter(referral__in=visible.values("pk"))

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The policy says who adds them; an anonymised referral takes no more.
        return obj is not None and obj.anonymised_at is None and super().has_add_permission(request, obj)


def _staff_name(user: Any) -> str:
    """Who wrote a note or made a contact attempt, as text: a read-only foreign key would link to the user admin,
    which provider staff cannot open."""
    return str(user) if user is not None else ""


class NoteInline(_AddOnlyInline):
    model = ReferralNote
    fields = ("created_at", "written_by", "text")
    readonly_fields = ("created_at", "written_by")
    verbose_name_plural = "Internal notes (staff only; never shown to the person)"

    @admin.display(description="author")
    def written_by(self, obj: ReferralNote) -> str:
        return _staff_name(obj.author)


class ContactAttemptInline(_AddOnlyInline):
    model = ContactAttempt
    fields = ("made_at", "made_by_name", "method", "outcome", "note")
    readonly_fields = ("made_by_name",)

    @admin.display(description="made by")
    def made_by_name(self, obj: ContactAttempt) -> str:
        return _staff_name(obj.made_by)
