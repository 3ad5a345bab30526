"""Commissioners edit the carers' information pages here; other staff may look (the permission policy,
accounts/policy.py). Thin: loading and cache rules live in services.py."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from carers_portal.core.admin import URL_FIELDS, PolicyAdmin
from services.guides.models import InformationPage, PageLink
from services.guides.services import information_pages_changed


class PageLinkInline(PolicyAdmin, admin.TabularInline):  # type: ignore[type-arg]
    model = PageLink
    formfield_overrides = URL_FIELDS
    extra = 1
    fields = ("text", "url", "position")


@admin.register(InformationPage)
class InformationPageAdmin(PolicyAdmin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "kind", "position", "published", "updated_at")
    list_filter = ("kind", "published")
    search_fields = ("title", "summary", "keywords")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("categories",)
    inlines = [PageLinkInline]
    fieldsets = (
        (None, {"fields": ("kind", "title", "slug", "summary", "keywords", "position", "published")}),
        ("What the page says", {"fields": ("what_happens", "ask_for", "who_to_contact", "easy_read")}),
        (
            "Services listed from the directory",
            {"fields": ("categories", "audience", "age", "age_to")},
        ),
        ("Where the facts come from", {"fields": ("sources",)}),
    )

    def save_model(self, request: HttpRequest, obj: InformationPage, form: ModelForm[Any], change: bool) -> None:
        super().save_model(request, obj, form, change)
        information_pages_changed()

    def delete_model(self, request: HttpRequest, obj: InformationPage) -> None:
        super().delete_model(request, obj)
        information_pages_changed()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[InformationPage]) -> None:
        super().delete_queryset(request, queryset)
        information_pages_changed()
