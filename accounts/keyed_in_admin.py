"""The staff admin for paper self-assessments: the key-in page (GOV.UK forms) and the keyed-in records (read only).

Who may key in and read them is the permission policy's (`keyed_in_assessments` in accounts/policy.py); the
admin's own two-step verification guards every page. Every keying in and every reading is audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from accounts import eligibility as elig
from accounts import policy, selectors, steps
from accounts.keyed_in import keyed_in_assessment_save
from accounts.keyed_in_forms import KeyInForms, PaperAboutForm
from accounts.models import KeyedInSelfAssessment
from carers_portal.core.admin import AuditedRecords, PolicyAdmin
from carers_portal.core.models import AuditEvent
from carers_portal.core.services import audit_record
from services.referrals.admin.displays import render_json


@admin.register(KeyedInSelfAssessment)
class KeyedInSelfAssessmentAdmin(AuditedRecords, PolicyAdmin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("keyed_at", "referral", "organisation", "channel", "keyed_by", "indication")
    list_filter = ("channel", "indication")
    search_fields = ("referral__reference",)
    search_help_text = "Search by the request's reference."
    fields = (
        "referral_link",
        "organisation",
        "channel",
        "keyed_by",
        "keyed_at",
        "indication_display",
        "reasons_display",
        "about_display",
        "answers_display",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[KeyedInSelfAssessment]:
        return selectors.keyed_in_assessments_visible_to(user=request.user)

    @admin.display(description="Carer's assessment request")
    def referral_link(self, obj: KeyedInSelfAssessment) -> SafeString:
        url = reverse("admin:referrals_referral_change", args=[obj.referral_id])
        return format_html('<a href="{}">{}</a>', url, obj.referral.reference)

    @admin.display(description="About the carer")
    def about_display(self, obj: KeyedInSelfAssessment) -> SafeString:
        rows = steps.form_summary(PaperAboutForm(), obj.about.get("profile", {}))
        return render_json({row.question: row.answer for row in rows})

    @admin.display(description="Indicative result")
    def indication_display(self, obj: KeyedInSelfAssessment) -> str:
        try:
            return elig.INDICATION_LABELS[elig.Indication(obj.indication)]
        except ValueError:
            return obj.indication

    @admin.display(description="Why")
    def reasons_display(self, obj: KeyedInSelfAssessment) -> SafeString:
        return render_json(obj.reasons)

    @admin.display(description="Answers")
    def answers_display(self, obj: KeyedInSelfAssessment) -> SafeString:
        return render_json(steps.answers_summary(obj.answers))

    def record_opened(self, request: HttpRequest, obj: KeyedInSelfAssessment) -> None:
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.VIEW,
            obj=obj,
            summary="Viewed a keyed-in paper self-assessment",
        )

    def get_urls(self) -> list[URLPattern]:  # type: ignore[override]
        key_in = path(
            "key-in/", self.admin_site.admin_view(self.key_in_view), name="accounts_keyedinselfassessment_key_in"
        )
        return [key_in, *super().get_urls()]  # type: ignore[list-item]

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """ "Add" opens the key-in page: records are made only from a paper form's answers."""
        return HttpResponseRedirect(reverse("admin:accounts_keyedinselfassessment_key_in"))

    def key_in_view(self, request: HttpRequest) -> HttpResponse:
        """Type in a returned paper self-assessment, page by page of the online one, on one page."""
        if not policy.user_can_key_in_self_assessment(request.user):
            raise PermissionDenied
        forms = KeyInForms(
            request.POST if request.method == "POST" else None, reference=request.GET.get("reference", "")
        )
        if request.method == "POST" and forms.is_valid():
            try:
                record = keyed_in_assessment_save(
                    user=request.user,
                    reference=forms.details.cleaned_data["reference"],
                    about=forms.about_answers(),
                    answers=forms.answers(),
                    submission_token=str(forms.details.cleaned_data["submission_token"]),
                )
            except ValidationError as exc:
                forms.add_errors(exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages})
            else:
                messages.success(request, f"Paper self-assessment keyed in for {record.referral.reference}.")
                return redirect("admin:accounts_keyedinselfassessment_change", record.pk)
        return render(
            request,
            "accounts/key_in.html",
            {"forms": forms, "error_forms": forms.with_errors()},
        )
