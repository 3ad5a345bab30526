"""The queue's audited views, report and exports: every one scoped by the permission policy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone

from accounts import policy
from carers_portal.core.csv_export import csv_response
from carers_portal.core.models import AuditEvent
from carers_portal.core.services import audit_record
from services.referrals import admin_story, reporting, selectors
from services.referrals.admin.audited import AuditedQueue
from services.referrals.admin.filters import ReportPeriodForm
from services.referrals.models import Referral

if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[Referral]
else:
    _ModelAdmin = object  # a mixin: the admin class brings ModelAdmin, after the permission policy's mixin


class ReferralReportViews(AuditedQueue, _ModelAdmin):
    def has_export_permission(self, request: HttpRequest) -> bool:
        return policy.user_can_export_referrals(request.user)

    # --- Audit every view and export

    def queue_summary(self, request: HttpRequest) -> str:
        return f"Opened the referral queue {_filters_for_audit(request)}"

    def record_opened(self, request: HttpRequest, obj: Referral) -> None:
        audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=obj, summary="Viewed the referral")
        admin_story.story_view_audit(request, obj)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        context = {"can_export": self.has_export_permission(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context=context)

    def get_urls(self) -> list[URLPattern]:  # type: ignore[override]
        custom = [
            path("export/", self.admin_site.admin_view(self.export_view), name="referrals_referral_export"),
            path("report/", self.admin_site.admin_view(self.report_view), name="referrals_referral_report"),
            path("report/csv/", self.admin_site.admin_view(self.report_csv_view), name="referrals_referral_report_csv"),
        ]
        return custom + super().get_urls()  # type: ignore[return-value]

    def _report(self, request: HttpRequest, *, action: str, doing: str) -> tuple[ReportPeriodForm, reporting.Report]:
        """The report for the period asked, over the referrals this member of staff can see; audited."""
        if not policy.user_can_triage(request.user):
            raise PermissionDenied
        form = ReportPeriodForm(request.GET or None)
        start, end = form.period()
        report = reporting.referral_report(
            referrals=selectors.referrals_visible_to(user=request.user), start=start, end=end
        )
        audit_record(
            actor=request.user,
            action=action,
            object_type=Referral._meta.label,
            summary=f"{doing} the referral report {start} to {end}",
        )
        return form, report

    def report_view(self, request: HttpRequest) -> TemplateResponse:
        """Contract monitoring: the referrals this member of staff can see, counted (no personal details)."""
        form, report = self._report(request, action=AuditEvent.Action.VIEW, doing="Opened")
        context = {
            **self.admin_site.each_context(request),
            "title": "Referral report",
            "opts": self.model._meta,
            "form": form,
            "report": report,
            "csv_query": request.GET.urlencode(),
        }
        return TemplateResponse(request, "referrals/admin/report.html", context)

    def report_csv_view(self, request: HttpRequest) -> StreamingHttpResponse:
        _, report = self._report(request, action=AuditEvent.Action.EXPORT, doing="Downloaded")
        return csv_response(
            reporting.report_csv_rows(report=report), filename=f"referral-report-{report.start}-to-{report.end}.csv"
        )

    def export_view(self, request: HttpRequest) -> StreamingHttpResponse | TemplateResponse:
        """The whole queue as the member of staff sees it, with the list's current filters and search."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        queryset = self.get_changelist_instance(request).get_queryset(request)
        return self._export(request, queryset, description="Exported the referral queue")

    def _export(self, request: HttpRequest, queryset: QuerySet[Referral], *, description: str) -> StreamingHttpResponse:
        scoped = selectors.referrals_visible_to(user=request.user).filter(pk__in=queryset.values("pk"))
        count = scoped.count()
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.EXPORT,
            object_type=Referral._meta.label,
            summary=f"{description}: {count} referral(s) {_filters_for_audit(request)}"[:500],
        )
        rows = selectors.referral_export_rows(referrals=scoped.order_by("-submitted_at").iterator(chunk_size=500))
        return csv_response(rows, filename=f"referrals-{timezone.localdate():%Y-%m-%d}.csv")

    @admin.action(description="Export selected to CSV", permissions=["export"])
    def export_selected(self, request: HttpRequest, queryset: QuerySet[Referral]) -> StreamingHttpResponse:
        return self._export(request, queryset, description="Exported selected referrals")


def _filters_for_audit(request: HttpRequest) -> str:
    """The queue's filters for the audit trail, without the words searched for (names, phone numbers, emails):
    that a search was made is recorded, not what it was."""
    params = request.GET.copy()
    if params.get(SEARCH_VAR):
        params[SEARCH_VAR] = "[search]"
    return params.urlencode(safe="[]")
