"""What every directory admin shares: permissions from the policy, and a new directory version after a change."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from carers_portal.core.admin import URL_FIELDS, PolicyAdmin
from services.services.directory import directory_index_refresh, directory_version_bump


class DirectoryAdmin(PolicyAdmin, admin.ModelAdmin):  # type: ignore[type-arg]
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


class DirectoryTabularInline(PolicyAdmin, admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    formfield_overrides = URL_FIELDS


class DirectoryStackedInline(PolicyAdmin, admin.StackedInline):  # type: ignore[type-arg]
    extra = 0
