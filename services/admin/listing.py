"""Service listings: commissioners keep every listing; a provider's team manager keeps their own organisation's
details (the permission policy, accounts/policy.py, says which fields)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone

from accounts.policy import Scope, scope_for, user_can_export_services, user_organisation_id
from carers_portal.core.csv_export import csv_response
from carers_portal.core.models import AuditEvent
from carers_portal.core.services import audit_record
from services.admin.base import DirectoryAdmin, DirectoryStackedInline, DirectoryTabularInline
from services.admin.csv_import import ServiceCsvImportViews
from services.admin.forms import EligibilityChangeForm, ServiceAdminForm
from services.geography import District
from services.models import (
    REVIEW_INTERVAL,
    Contact,
    CostOption,
    EligibilityChange,
    Language,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from services.services.csv_import import services_csv_rows


class EligibilityChangeInline(DirectoryStackedInline):
    """Scheduled changes to who a service is for: each replaces the service's own values from its date."""

    model = EligibilityChange
    form = EligibilityChangeForm
    extra = 1
    readonly_fields = ["status"]  # recorded as decided from the list of changes, audited
    verbose_name = "scheduled change to who it is for"
    verbose_name_plural = "scheduled changes to who it is for (each applies from its date; nothing has to run)"


class ServiceAtLocationInline(DirectoryTabularInline):
    model = ServiceAtLocation
    autocomplete_fields = ["location"]
    fields = ["location", "description"]
    verbose_name = "place where it runs"
    verbose_name_plural = "places where it runs"


class PhoneInline(DirectoryTabularInline):
    model = Phone
    fields = ["number", "extension", "type", "description"]


class ScheduleInline(DirectoryTabularInline):
    model = Schedule
    fields = ["weekday", "opens_at", "closes_at", "description", "valid_from", "valid_to"]
    verbose_name = "opening time"
    verbose_name_plural = "opening times"


class ContactInline(DirectoryTabularInline):
    model = Contact
    fields = ["name", "title", "department", "email"]


class CostOptionInline(DirectoryTabularInline):
    model = CostOption
    fields = ["option", "amount", "amount_description", "valid_from", "valid_to"]


class LanguageInline(DirectoryTabularInline):
    model = Language
    fields = ["name", "code", "note"]


class ServiceAreaInline(DirectoryTabularInline):
    model = ServiceArea
    fields = ["name", "description", "uri"]


class NeedsReviewFilter(admin.SimpleListFilter):
    title = "needs review"
    parameter_name = "needs_review"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Not checked for 12 months"), ("no", "Checked in the last 12 months")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cutoff = timezone.localdate() - REVIEW_INTERVAL
        if self.value() == "yes":
            return queryset.filter(assured_date__isnull=True) | queryset.filter(assured_date__lt=cutoff)
        if self.value() == "no":
            return queryset.filter(assured_date__gte=cutoff)
        return queryset


class DistrictFilter(admin.SimpleListFilter):
    title = "district covered"
    parameter_name = "district"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(str(value), str(label)) for value, label in District.choices]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value in District.values:
            return queryset.filter(districts__contains=[value])
        return queryset


@admin.register(Service)
class ServiceAdmin(ServiceCsvImportViews, DirectoryAdmin):
    form = ServiceAdminForm
    list_display = ["name", "organisation", "status", "accepts_self_referral", "assured_date", "needs_review"]
    list_filter = [
        NeedsReviewFilter,
        "status",
        "accepts_self_referral",
        DistrictFilter,
        "categories",
        "organisation",
    ]
    search_fields = ["name", "slug", "alternate_name", "summary", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation", "instead"]
    filter_horizontal = ["categories"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["uuid", "created_at", "last_modified"]
    actions = ["mark_reviewed", "export_csv"]
    inlines = [
        ServiceAtLocationInline,
        PhoneInline,
        ScheduleInline,
        ContactInline,
        CostOptionInline,
        LanguageInline,
        ServiceAreaInline,
        EligibilityChangeInline,
    ]
    fieldsets = [
        (None, {"fields": ["name", "slug", "organisation", "status", "alert", "summary", "description"]}),
        ("Categories and coverage", {"fields": ["categories", "districts", "audiences", "conditions"]}),
        (
            "Who can use it",
            {
                "fields": [
                    "eligibility_description",
                    "minimum_age",
                    "maximum_age",
                    "need_levels",
                    "referral_rule",
                    "accepts_outside_area",
                    "fees_description",
                ]
            },
        ),
        (
            "Dates",
            {
                "description": "The service is listed and takes requests only between these dates (inclusive).",
                "fields": ["valid_from", "valid_until", "instead", "instead_note"],
            },
        ),
        (
            "How to get help",
            {
                "fields": [
                    "access_methods",
                    "accepts_self_referral",
                    "provides_carers_assessments",
                    "application_process",
                    "url",
                    "email",
                    "interpretation_services",
                    "wait_time",
                ]
            },
        ),
        ("Checking", {"fields": ["assured_date", "assurer_email"]}),
        ("Identifiers", {"classes": ["collapse"], "fields": ["uuid", "alternate_name", "created_at", "last_modified"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Service]:
        queryset = super().get_queryset(request)
        if scope_for(request.user, "listing.view") != Scope.OWN:
            return queryset
        organisation_id = user_organisation_id(request.user)
        return queryset.none() if organisation_id is None else queryset.filter(organisation_id=organisation_id)

    def get_formset_kwargs(self, request: HttpRequest, obj: Any, inline: Any, prefix: str) -> dict[str, Any]:
        """A new scheduled change starts from who the service is for today, so only what changes is edited."""
        kwargs: dict[str, Any] = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, EligibilityChangeInline) and obj is not None and obj.pk:
            from services.eligibility import eligibility_on

            current = eligibility_on(service=obj, on=timezone.localdate())
            kwargs["initial"] = [
                {
                    "need_levels": list(current.need_levels),
                    "minimum_age": current.minimum_age,
                    "maximum_age": current.maximum_age,
                    "referral_rule": current.referral_rule,
                    "accepts_outside_area": current.accepts_outside_area,
                }
            ]
        return kwargs

    @admin.display(boolean=True, description="Needs review")
    def needs_review(self, obj: Service) -> bool:
        return obj.needs_review

    def searchable_service_ids(self, obj: Service) -> list[int]:
        return [obj.pk]

    @admin.action(description="Mark the selected services as checked today", permissions=["change"])
    def mark_reviewed(self, request: HttpRequest, queryset: QuerySet[Service]) -> None:
        # Who checked is kept in the audit log, not on the listing: staff emails are never published.
        count = queryset.update(assured_date=timezone.localdate())
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.CHANGE,
            object_type="services.Service",
            summary=f"Marked {count} service(s) as checked today",
        )
        self.message_user(request, f"{count} service(s) marked as checked today.", messages.SUCCESS)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return user_can_export_services(request.user)

    @admin.action(description="Export the selected services as CSV", permissions=["export"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Service]) -> StreamingHttpResponse:
        services = queryset.select_related("organisation").prefetch_related("categories").order_by("name", "pk")
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.EXPORT,
            object_type="services.Service",
            summary=f"Exported {services.count()} services as CSV",
        )
        return csv_response(services_csv_rows(services=services.iterator(chunk_size=500)), filename="services.csv")
