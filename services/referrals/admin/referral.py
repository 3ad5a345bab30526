"""The triage queue: a referral's change page and the queue's bulk actions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest

from accounts import policy
from carers_portal.core.admin import PolicyAdmin
from services.referrals import admin_story, selectors
from services.referrals.admin.displays import ReferralDisplays
from services.referrals.admin.filters import AssignedFilter, FlagFilter, OverdueFilter
from services.referrals.admin.forms import ReferralTriageForm
from services.referrals.admin.hand_off import ReferralHandOffViews, hand_off_display
from services.referrals.admin.inlines import ContactAttemptInline, NoteInline
from services.referrals.admin.reports import ReferralReportViews
from services.referrals.models import Referral, ReferralNote
from services.referrals.services import handling
from services.referrals.triage import TransitionRefused


@admin.register(Referral)
class ReferralAdmin(ReferralHandOffViews, ReferralReportViews, ReferralDisplays, PolicyAdmin, admin.ModelAdmin):  # type: ignore[type-arg]
    form = ReferralTriageForm
    change_form_template = "referrals/admin/change_form.html"
    hand_off_display = staticmethod(hand_off_display)
    change_list_template = "referrals/admin/change_list.html"
    list_display = (
        "reference",
        "submitted_at",
        "service",
        "status",
        "risk_reported",
        "flagged",
        "working_days_waiting",
        "overdue",
        "assigned_to",
        "district",
    )
    list_filter = (
        "status",
        ("service", admin.RelatedOnlyFieldListFilter),
        ("organisation", admin.RelatedOnlyFieldListFilter),
        "district",
        "risk_reported",
        FlagFilter,
        "need_level",
        OverdueFilter,
        AssignedFilter,
    )
    search_fields = ("reference", "name", "email", "phone")
    search_help_text = "Search by reference, name, email address or phone number."
    date_hierarchy = None
    list_per_page = 50
    ordering = ("-submitted_at",)
    actions = ["assign_to_me", "start_triage", "export_selected"]
    inlines = [ContactAttemptInline, NoteInline]
    readonly_fields = (
        "reference",
        "service",
        "organisation",
        "submitted_at",
        "status",
        "working_days_waiting",
        "overdue",
        "risk_reported",
        "flagged",
        "hand_off_display",
        "decline_reason",
        "who_needs_support",
        "name",
        "referrer_name",
        "cared_for_agrees",
        "age_band",
        "postcode",
        "district",
        "phone",
        "email",
        "address",
        "best_time_to_contact",
        "communication_needs_display",
        "interpreter_language",
        "help_wanted",
        "heard_about",
        "consent_at",
        "attachment_title",
        "attachment_display",
        "keyed_in_display",
        "shared_story_display",
        "status_history",
        "audit_trail",
        "anonymised_at",
    )

    # --- Scope and permissions: the policy decides what each member of staff can see and change.

    def get_queryset(self, request: HttpRequest) -> QuerySet[Referral]:
        return selectors.referrals_visible_to(user=request.user)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Referral], search_term: str
    ) -> tuple[QuerySet[Referral], bool]:
        """Also match phone numbers however they are spaced ("07700900982" finds "07700 900 982")."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return selectors.referrals_search_phone(
            referrals=queryset, matched=results, search_term=search_term
        ), may_have_duplicates

    def _sees_every_organisation(self, request: HttpRequest) -> bool:
        return policy.scope_for(request.user, "referrals.view") == policy.Scope.ALL

    def get_list_filter(self, request: HttpRequest) -> Any:
        if self._sees_every_organisation(request):
            return self.list_filter
        return tuple(f for f in self.list_filter if f != ("organisation", admin.RelatedOnlyFieldListFilter))

    def get_list_display(self, request: HttpRequest) -> Any:
        if self._sees_every_organisation(request):
            return (*self.list_display[:3], "organisation", *self.list_display[3:])
        return self.list_display

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.anonymised_at:  # nothing more happens to an anonymised referral
            fields += ["assigned_to", "support_started_on"]
        return fields

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets: list[tuple[str | None, dict[str, Any]]] = [
            (
                None,
                {
                    "fields": (
                        ("reference", "status"),
                        ("service", "organisation"),
                        ("submitted_at", "working_days_waiting"),
                        ("overdue", "risk_reported"),
                        "flagged",
                        "hand_off_display",
                    )
                },
            ),
            (
                "Triage",
                {
                    "fields": (
                        "move_to",
                        "reason",
                        "need_level",
                        "signposted_to",
                        "assigned_to",
                        "support_started_on",
                        "decline_reason",
                        "legal_hold",
                    )
                },
            ),
            (
                "The person",
                {
                    "fields": (
                        "who_needs_support",
                        "name",
                        "referrer_name",
                        "cared_for_agrees",
                        "age_band",
                        ("postcode", "district"),
                    )
                },
            ),
            (
                "Contact",
                {
                    "fields": (
                        "phone",
                        "email",
                        "address",
                        "best_time_to_contact",
                        "communication_needs_display",
                        "interpreter_language",
                    )
                },
            ),
            ("Request", {"fields": ("help_wanted", "heard_about", "consent_at")}),
        ]
        if obj is not None and (obj.attachment is not None or obj.attachment_title):
            fieldsets.append(("Attachment", {"fields": ("attachment_title", "attachment_display")}))
        if obj is not None and selectors.referral_takes_paper_self_assessments(referral=obj):
            fieldsets.append(("Paper self-assessment", {"fields": ("keyed_in_display",)}))
        fieldsets += admin_story.story_fieldsets(obj)
        fieldsets.append(("History", {"fields": ("status_history", "audit_trail", "anonymised_at")}))
        if obj is not None and obj.anonymised_at:
            fieldsets[1] = ("Triage", {"fields": ("decline_reason", "legal_hold")})
        return fieldsets

    # --- Writes: only through services

    def save_model(self, request: HttpRequest, obj: Referral, form: Any, change: bool) -> None:
        data = form.cleaned_data
        user = request.user
        try:
            with transaction.atomic():
                if "assigned_to" in form.changed_data:
                    handling.referral_assign(referral=obj, assignee=data.get("assigned_to"), actor=user)
                if {"need_level", "signposted_to"} & set(form.changed_data):
                    handling.referral_triage_record(
                        referral=obj,
                        need_level=data.get("need_level") or "",
                        signposted_to=data.get("signposted_to"),
                        actor=user,
                    )
                if data.get("move_to"):
                    handling.referral_transition(
                        referral=obj, to_status=data["move_to"], actor=user, reason=data.get("reason", "")
                    )
                if "support_started_on" in form.changed_data:
                    handling.referral_support_started_set(
                        referral=obj, started_on=data.get("support_started_on"), actor=user
                    )
                if "legal_hold" in form.changed_data:
                    handling.referral_legal_hold_set(referral=obj, on=bool(data.get("legal_hold")), actor=user)
        except (TransitionRefused, PermissionDenied) as exc:
            self.message_user(request, f"Nothing was changed: {exc}", messages.ERROR)
        obj.refresh_from_db()

    def save_formset(self, request: HttpRequest, form: Any, formset: BaseInlineFormSet, change: bool) -> None:  # type: ignore[type-arg]
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []  # type: ignore[attr-defined]
        referral = form.instance
        for inline_form in formset.forms:
            if inline_form.instance.pk or not inline_form.has_changed():
                continue
            data = inline_form.cleaned_data
            if formset.model is ReferralNote:
                created: Any = handling.referral_note_add(referral=referral, author=request.user, text=data["text"])
            else:
                created = handling.referral_contact_attempt_record(
                    referral=referral,
                    made_by=request.user,
                    made_at=data.get("made_at"),
                    method=data["method"],
                    outcome=data["outcome"],
                    note=data.get("note", ""),
                )
            formset.new_objects.append(created)  # type: ignore[attr-defined]

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return None  # our own audit trail records every change (without personal data)

    # --- Bulk actions (scoped by get_queryset, writes through services)

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request: HttpRequest, queryset: QuerySet[Referral]) -> None:
        result = handling.referrals_assign_to_me(referrals=queryset, actor=request.user)
        self.message_user(request, f"{result.done} referral(s) assigned to you.", messages.SUCCESS)

    @admin.action(description="Start triage", permissions=["change"])
    def start_triage(self, request: HttpRequest, queryset: QuerySet[Referral]) -> None:
        result = handling.referrals_start_triage(referrals=queryset, actor=request.user)
        self.message_user(request, f"{result.done} referral(s) moved to in triage.", messages.SUCCESS)
        for refusal in result.refused:
            self.message_user(request, refusal, messages.WARNING)
