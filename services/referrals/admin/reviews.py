"""Each provider's queue of carers' reviews that are due or overdue, and where staff record the outcome.

Scoped like the referral queue (`selectors.referrals_visible_to`), with permissions from the policy; every view
is audited.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from carers_portal.core.admin import PolicyAdmin
from carers_portal.core.models import AuditEvent
from carers_portal.core.services import audit_record
from services.referrals import reviews, selectors
from services.referrals.admin.audited import AuditedQueue
from services.referrals.models import SupportReview


class DueFilter(admin.SimpleListFilter):
    title = "due"
    parameter_name = "due"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("overdue", "Overdue"),
            ("all_open", "All not yet recorded"),
            ("recorded", "Recorded"),
        ]

    def choices(self, changelist: Any) -> Any:
        # The default (no choice) is "due or overdue": the queue staff work from.
        for choice in super().choices(changelist):
            if choice.get("display") == "All":
                choice["display"] = f"Due within {reviews.REMIND_DAYS_BEFORE} days or overdue"
            yield choice

    def queryset(self, request: HttpRequest, queryset: QuerySet[SupportReview]) -> QuerySet[SupportReview]:
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(completed_at__isnull=True, due_on__lt=today)
        if self.value() == "all_open":
            return queryset.filter(completed_at__isnull=True)
        if self.value() == "recorded":
            return queryset.exclude(completed_at__isnull=True)
        return reviews.reviews_due(reviews=queryset, today=today)


class ReviewOutcomeForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = SupportReview
        fields = ("outcome", "outcome_notes")

    def clean_outcome(self) -> str:
        outcome = str(self.cleaned_data.get("outcome") or "")
        if not outcome:
            raise ValidationError("Select the outcome of the review")
        return outcome


@admin.register(SupportReview)
class SupportReviewAdmin(AuditedQueue, PolicyAdmin, admin.ModelAdmin):  # type: ignore[type-arg]
    form = ReviewOutcomeForm
    list_display = ("referral", "person", "due_on", "when", "reason", "outcome")
    list_filter = (DueFilter, "reason")
    list_select_related = ("referral", "referral__organisation")
    readonly_fields = ("referral", "person", "service", "due_on", "reason", "situation_note", "completed_at")
    fields = (*readonly_fields, "outcome", "outcome_notes")

    def get_queryset(self, request: HttpRequest) -> QuerySet[SupportReview]:
        return SupportReview.objects.filter(referral__in=selectors.referrals_visible_to(user=request.user))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The policy says who; a recorded outcome is not changed afterwards.
        return super().has_change_permission(request, obj) and (obj is None or obj.completed_at is None)

    @admin.display(description="Name")
    def person(self, obj: SupportReview) -> str:
        return obj.referral.name

    @admin.display(description="Service")
    def service(self, obj: SupportReview) -> str:
        return obj.referral.service.name

    @admin.display(description="When")
    def when(self, obj: SupportReview) -> str:
        if obj.completed_at:
            return "Recorded"
        today = timezone.localdate()
        if obj.due_on < today:
            return f"Overdue by {(today - obj.due_on).days} days"
        if obj.due_on <= today + timedelta(days=reviews.REMIND_DAYS_BEFORE):
            return "Due soon"
        return "Not yet due"

    def save_model(self, request: HttpRequest, obj: SupportReview, form: Any, change: bool) -> None:
        reviews.review_record_outcome(
            review=obj,
            outcome=form.cleaned_data["outcome"],
            notes=form.cleaned_data["outcome_notes"],
            actor=request.user,
        )

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return None  # review_record_outcome writes the audit trail (without personal data)

    def queue_summary(self, request: HttpRequest) -> str:
        return "Opened the carers' reviews queue"

    def record_opened(self, request: HttpRequest, obj: SupportReview) -> None:
        audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=obj.referral, summary="Viewed a review")
