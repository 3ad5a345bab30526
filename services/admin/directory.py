"""The rest of the directory (commissioners only): scheduled eligibility changes, organisations, places,
categories and postcodes."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from services.admin.base import DirectoryAdmin, DirectoryTabularInline
from services.admin.forms import EligibilityChangeForm
from services.models import (
    ELIGIBILITY_CHANGE_FIELDS,
    EligibilityChange,
    Location,
    Organisation,
    Postcode,
    Schedule,
    Taxonomy,
    TaxonomyTerm,
)
from services.proposals_admin import decide_selected


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
