"""Importing services from a CSV in the staff admin. The upload is kept and a worker imports it, so a large file
does not hold the request; the person then sees the outcome on the import's own page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from accounts.policy import user_can_import_services
from services.forms import ServiceCsvImportForm
from services.models import Service, ServiceImport
from services.services.csv_import import service_import_request

if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[Service]
else:
    _ModelAdmin = object  # a mixin: the admin class brings ModelAdmin, after the permission policy's mixin


class ServiceCsvImportViews(_ModelAdmin):
    """The upload page and each import's outcome page, on the service admin."""

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        extra = [
            path("import-csv/", view(self.import_csv_view), name="services_service_import_csv"),
            path("import-csv/<int:pk>/", view(self.import_csv_result_view), name="services_service_import_result"),
        ]
        return extra + super().get_urls()

    def _context(self, request: HttpRequest, **extra: Any) -> dict[str, Any]:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def import_csv_view(self, request: HttpRequest) -> HttpResponse:
        if not user_can_import_services(request.user):
            raise PermissionDenied
        form = ServiceCsvImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            service_import = service_import_request(
                data=upload.read(), file_name=upload.name or "", requested_by=request.user
            )
            return HttpResponseRedirect(reverse("admin:services_service_import_result", args=[service_import.pk]))
        context = self._context(request, title="Import services from CSV", form=form)
        return TemplateResponse(request, "admin/services/service/import_csv.html", context)

    def import_csv_result_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not user_can_import_services(request.user):
            raise PermissionDenied
        service_import = get_object_or_404(ServiceImport, pk=pk)
        context = self._context(request, title="Import services from CSV", service_import=service_import)
        return TemplateResponse(request, "admin/services/service/import_csv_result.html", context)
