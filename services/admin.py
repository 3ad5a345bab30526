"""Staff keep the directory here. Commissioners edit it; other staff may look."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone

from carers_portal.core.admin import URL_FIELDS
from carers_portal.core.csv_export import csv_response
from carers_portal.core.models import AuditEvent
from carers_portal.core.services import audit_record
from services.forms import ServiceCsvImportForm
from services.geography import District
from services.models import (
    ELIGIBILITY_CHANGE_FIELDS,
    REVIEW_INTERVAL,
    AccessMethod,
    Audience,
    Condition,
    Contact,
    CostOption,
    EligibilityChange,
    Language,
    Location,
    NeedLevel,
    Organisation,
    Phone,
    Postcode,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from services.proposals_admin import decide_selected
from services.services import (
    directory_index_refresh,
    directory_version_bump,
    services_csv_import,
    services_csv_rows,
)


class DirectoryPermissions:
    """Commissioners (and superusers) edit the directory; other staff keep their Django permissions."""

    def _commissioner(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_commissioner", False))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._commissioner(request) or super().has_module_permission(request)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._commissioner(request) or super().has_view_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._commissioner(request) or super().has_add_permission(request, *args)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._commissioner(request) or super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._commissioner(request) or super().has_delete_permission(request, obj)  # type: ignore[misc]


class DirectoryAdmin(DirectoryPermissions, admin.ModelAdmin):  # type: ignore[type-arg]
    formfield_overrides = URL_FIELDS

    # Any directory change may change what searches show: a new directory version once it commits.
    def searchable_service_ids(self, obj: Any) -> list[int] | None:
        """The services whose searchable words `obj` gives (their search vectors are then made again), or None."""
        return None

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        service_ids = self.searchable_service_ids(form.instance)
        if service_ids is None:
            directory_version_bump()
        else:
            directory_index_refresh(service_ids=service_ids)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        directory_version_bump()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)
        directory_version_bump()


class DirectoryTabularInline(DirectoryPermissions, admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    formfield_overrides = URL_FIELDS


class DirectoryStackedInline(DirectoryPermissions, admin.StackedInline):  # type: ignore[type-arg]
    extra = 0


def listing_organisation_id(request: HttpRequest) -> int | None:
    """The organisation whose service listings this person keeps up to date: a provider's team manager keeps
    their own organisation's (triage workers only triage). None for everyone else, commissioners included (they
    keep every listing through their own permissions)."""
    from services.referrals.models import StaffMembership
    from services.referrals.selectors import staff_can_triage, staff_membership_for

    if getattr(request.user, "is_commissioner", False) or not staff_can_triage(user=request.user):
        return None
    membership = staff_membership_for(user=request.user)
    if membership is None or membership.role != StaffMembership.Role.MANAGER:
        return None
    return membership.organisation_id


def _own_listing(request: HttpRequest, obj: Any) -> bool:
    organisation_id = listing_organisation_id(request)
    return organisation_id is not None and isinstance(obj, Service) and obj.organisation_id == organisation_id


class ListingInlinePermissions:
    """Inlines a provider's manager may also edit, on their own organisation's services only."""

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _own_listing(request, obj) or super().has_view_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _own_listing(request, obj) or super().has_add_permission(request, obj)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _own_listing(request, obj) or super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _own_listing(request, obj) or super().has_delete_permission(request, obj)  # type: ignore[misc]


def _checkboxes(choices: Any, label: str, help_text: str = "") -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        choices=choices, required=False, widget=forms.CheckboxSelectMultiple, label=label, help_text=help_text
    )


def _ages_in_order(form: forms.ModelForm, data: dict[str, Any]) -> None:  # type: ignore[type-arg]
    low, high = data.get("minimum_age"), data.get("maximum_age")
    if low is not None and high is not None and low > high:
        form.add_error("maximum_age", "The maximum age must be the same as or more than the minimum age")


class ServiceAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    districts = _checkboxes(District.choices, "Districts covered")
    need_levels = _checkboxes(
        NeedLevel.choices, "Levels of need it serves", "Leave all unticked if it serves everyone."
    )
    audiences = _checkboxes(Audience.choices, "Who it is for")
    conditions = _checkboxes(Condition.choices, "Conditions", "Used to suggest services to carers.")
    access_methods = _checkboxes(AccessMethod.choices, "How people get help")
    url = forms.URLField(label="Website", required=False, max_length=300, assume_scheme="https")

    class Meta:
        model = Service
        fields = [
            "name",
            "slug",
            "organisation",
            "status",
            "alert",
            "summary",
            "description",
            "categories",
            "districts",
            "audiences",
            "conditions",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "need_levels",
            "referral_rule",
            "accepts_outside_area",
            "valid_from",
            "valid_until",
            "instead",
            "instead_note",
            "fees_description",
            "access_methods",
            "accepts_self_referral",
            "provides_carers_assessments",
            "application_process",
            "url",
            "email",
            "interpretation_services",
            "wait_time",
            "assured_date",
            "assurer_email",
            "alternate_name",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _ages_in_order(self, data)
        start, end = data.get("valid_from"), data.get("valid_until")
        if start is not None and end is not None and end < start:
            self.add_error("valid_until", "The last day must be the same as or after the first day")
        return data


class EligibilityChangeForm(forms.ModelForm):  # type: ignore[type-arg]
    need_levels = _checkboxes(NeedLevel.choices, "Levels of need it serves", "Leave all unticked for everyone.")
    districts = _checkboxes(
        District.choices, "Districts covered", "Leave all unticked to keep the districts it covers."
    )

    class Meta:
        model = EligibilityChange
        fields = list(ELIGIBILITY_CHANGE_FIELDS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _ages_in_order(self, data)
        return data


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


class PhoneInline(ListingInlinePermissions, DirectoryTabularInline):
    model = Phone
    fields = ["number", "extension", "type", "description"]


class ScheduleInline(ListingInlinePermissions, DirectoryTabularInline):
    model = Schedule
    fields = ["weekday", "opens_at", "closes_at", "description", "valid_from", "valid_to"]
    verbose_name = "opening time"
    verbose_name_plural = "opening times"


class ContactInline(ListingInlinePermissions, DirectoryTabularInline):
    model = Contact
    fields = ["name", "title", "department", "email"]


class CostOptionInline(ListingInlinePermissions, DirectoryTabularInline):
    model = CostOption
    fields = ["option", "amount", "amount_description", "valid_from", "valid_to"]


class LanguageInline(ListingInlinePermissions, DirectoryTabularInline):
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
class ServiceAdmin(DirectoryAdmin):
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

    # A provider's manager keeps their own listings' details; what the council commissions (the name, the
    # organisation, categories, areas covered, who it is for, carers' assessments) stays with commissioners.
    LISTING_READONLY = [
        "name",
        "slug",
        "organisation",
        "categories",
        "districts",
        "audiences",
        "conditions",
        "need_levels",
        "referral_rule",
        "accepts_outside_area",
        "valid_from",
        "valid_until",
        "provides_carers_assessments",
        "assured_date",
        "assurer_email",
    ]
    LISTING_INLINES = [PhoneInline, ScheduleInline, ContactInline, CostOptionInline, LanguageInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Service]:
        queryset = super().get_queryset(request)
        organisation_id = listing_organisation_id(request)
        return queryset if organisation_id is None else queryset.filter(organisation_id=organisation_id)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return listing_organisation_id(request) is not None or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if listing_organisation_id(request) is not None:
            return obj is None or _own_listing(request, obj)
        return super().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if listing_organisation_id(request) is not None:
            return obj is None or _own_listing(request, obj)
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly + self.LISTING_READONLY if listing_organisation_id(request) is not None else readonly

    def get_prepopulated_fields(self, request: HttpRequest, obj: Any = None) -> dict[str, Any]:
        return (
            {} if listing_organisation_id(request) is not None else dict(super().get_prepopulated_fields(request, obj))
        )

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

    def get_inlines(self, request: HttpRequest, obj: Any) -> list[Any]:
        inlines: list[Any] = self.LISTING_INLINES if listing_organisation_id(request) is not None else self.inlines
        return list(inlines)

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

    @admin.action(description="Export the selected services as CSV", permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Service]) -> StreamingHttpResponse:
        services = queryset.select_related("organisation").prefetch_related("categories").order_by("name", "pk")
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.EXPORT,
            object_type="services.Service",
            summary=f"Exported {services.count()} services as CSV",
        )
        return csv_response(services_csv_rows(services=services.iterator(chunk_size=500)), filename="services.csv")

    def get_urls(self) -> list[URLPattern]:
        extra = [
            path("import-csv/", self.admin_site.admin_view(self.import_csv_view), name="services_service_import_csv"),
        ]
        return extra + super().get_urls()

    def import_csv_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            return HttpResponse(status=403)
        form = ServiceCsvImportForm(request.POST or None, request.FILES or None)
        errors: list[str] = []
        if request.method == "POST" and form.is_valid():
            result = services_csv_import(data=form.cleaned_data["file"].read())
            if not result.errors:
                audit_record(
                    actor=request.user,
                    action=AuditEvent.Action.CHANGE,
                    object_type="services.Service",
                    summary=f"CSV import: {result.created} created, {result.updated} updated",
                )
                self.message_user(
                    request,
                    f"Imported the file: {result.created} service(s) added and {result.updated} updated.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:services_service_changelist"))
            errors = result.errors[:50]
        context = {
            **self.admin_site.each_context(request),
            "title": "Import services from CSV",
            "form": form,
            "errors": errors,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/services/service/import_csv.html", context)


class UpcomingFilter(admin.SimpleListFilter):
    title = "when"
    parameter_name = "when"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("upcoming", "Still to come"), ("past", "Already in effect")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        today = timezone.localdate()
        if self.value() == "upcoming":
            return queryset.filter(takes_effect_on__gt=today)
        if self.value() == "past":
            return queryset.filter(takes_effect_on__lte=today)
        return queryset


@admin.register(EligibilityChange)
class EligibilityChangeAdmin(DirectoryAdmin):
    """Every scheduled change in one list, so commissioners see what changes when across the directory."""

    form = EligibilityChangeForm
    list_display = ["service", "takes_effect_on", "status", "need_levels", "minimum_age", "maximum_age", "source"]
    list_filter = [UpcomingFilter, "status"]
    actions = [decide_selected]  # proposed -> decided, audited (services/proposals_admin.py)
    readonly_fields = ["status", "decided_at"]
    list_select_related = ["service"]
    search_fields = ["service__name", "source", "notice"]
    autocomplete_fields = ["service"]
    date_hierarchy = "takes_effect_on"
    ordering = ["takes_effect_on", "service__name"]

    fields = ["service", "status", "decided_at", *ELIGIBILITY_CHANGE_FIELDS]


@admin.register(Organisation)
class OrganisationAdmin(DirectoryAdmin):
    list_display = ["name", "email", "phone", "referrals_email"]
    search_fields = ["name", "alternate_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["uuid", "created_at", "updated_at"]

    def searchable_service_ids(self, obj: Organisation) -> list[int]:
        return list(obj.services.values_list("pk", flat=True))  # the provider's name is searchable on each


class LocationScheduleInline(DirectoryTabularInline):
    model = Schedule
    fk_name = "location"
    fields = ["weekday", "opens_at", "closes_at", "description"]
    verbose_name_plural = "opening times"


@admin.register(Location)
class LocationAdmin(DirectoryAdmin):
    list_display = ["name", "city", "postcode", "district", "organisation"]
    list_filter = ["district", "location_type"]
    search_fields = ["name", "address_1", "city", "postcode", "organisation__name"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["uuid"]
    inlines = [LocationScheduleInline]


class TaxonomyTermInline(DirectoryTabularInline):
    model = TaxonomyTerm
    fields = ["name", "slug", "code", "position", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Taxonomy)
class TaxonomyAdmin(DirectoryAdmin):
    list_display = ["name", "version"]
    search_fields = ["name"]
    readonly_fields = ["uuid"]
    inlines = [TaxonomyTermInline]


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(DirectoryAdmin):
    list_display = ["name", "slug", "taxonomy", "position"]
    list_filter = ["taxonomy"]
    search_fields = ["name", "slug", "code"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["uuid"]

    def searchable_service_ids(self, obj: TaxonomyTerm) -> list[int]:
        return list(obj.services.values_list("pk", flat=True))  # the category's name is searchable on each


@admin.register(Postcode)
class PostcodeAdmin(DirectoryAdmin):
    list_display = ["postcode", "kind", "district", "latitude", "longitude"]
    list_filter = ["kind", "district"]
    search_fields = ["postcode"]
    show_full_result_count = False  # a full ONS import holds millions of rows
