"""Consultations in the staff admin: authoring, documents, events, exports and keying in paper responses."""

from __future__ import annotations

import uuid
from datetime import datetime, time
from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from accounts import policy
from carers_portal.core.admin import URL_FIELDS, PolicyAdmin
from carers_portal.core.csv_export import csv_streaming_response
from carers_portal.core.models import AuditEvent
from carers_portal.core.services import audit_record
from consultations.forms import KeyInForm
from consultations.models import (
    Consultation,
    ConsultationEvent,
    Document,
    Outreach,
    PublishedTable,
    Question,
    Response,
    Section,
)
from consultations.questionnaire import post_tampering, questionnaire_load
from consultations.selectors.export import export_csv, export_filename
from consultations.services.authoring import questionnaire_add_standard_questions
from consultations.services.responses import ResponseIncomplete, response_key_in


class SectionInline(PolicyAdmin, admin.TabularInline):  # type: ignore[type-arg]
    model = Section
    fields = ("order", "title", "is_equality")
    extra = 0
    show_change_link = True
    ordering = ("order", "pk")


class DocumentInline(PolicyAdmin, admin.TabularInline):  # type: ignore[type-arg]
    model = Document
    fields = ("order", "title", "kind", "file", "published_at")
    extra = 0


class ConsultationEventInline(PolicyAdmin, admin.TabularInline):  # type: ignore[type-arg]
    model = ConsultationEvent
    fields = ("kind", "place", "held_on", "attendance")
    extra = 0
    verbose_name = "drop-in session or group visit"
    verbose_name_plural = "Drop-in sessions and group visits"


class OutreachInline(PolicyAdmin, admin.StackedInline):  # type: ignore[type-arg]
    model = Outreach
    fields = ("order", "kind", "text", "held_on", "attendance", "source")
    extra = 0


class PublishedTableInline(PolicyAdmin, admin.StackedInline):  # type: ignore[type-arg]
    model = PublishedTable
    fields = ("order", "title", "header", "rows", "note", "source")
    extra = 0
    verbose_name_plural = "Tables the council's report published"


@admin.register(Consultation)
class ConsultationAdmin(PolicyAdmin, admin.ModelAdmin):  # type: ignore[type-arg]
    formfield_overrides = URL_FIELDS
    list_display = ("title", "status_label", "opens_at", "closes_at", "submitted_count")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [SectionInline, DocumentInline, ConsultationEventInline, OutreachInline, PublishedTableInline]
    readonly_fields = ("staff_links", "written_questions")
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body", "topics", "staff_links", "written_questions")}),
        ("Dates", {"fields": ("opens_at", "closes_at", "results_published_at")}),
        (
            "Other formats and ways to respond",
            {"fields": ("bsl_video_url", "alternative_formats", "contact_email", "contact_phone", "postal_address")},
        ),
        ("We asked, you said, we did", {"fields": ("we_asked", "you_said", "we_did")}),
        ("Notes for staff", {"fields": ("staff_notes",)}),
    )
    actions = ["add_standard_questions", "export_responses", "export_responses_plain", "export_equality"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Consultation]:
        queryset: QuerySet[Consultation] = super().get_queryset(request)
        return queryset.annotate(submitted=Count("responses", filter=Q(responses__status=Response.Status.SUBMITTED)))

    @admin.display(description="Status")
    def status_label(self, obj: Consultation) -> str:
        return str(obj.status.label)

    @admin.display(description="Responses")
    def submitted_count(self, obj: Consultation) -> int:
        return int(getattr(obj, "submitted", 0))

    @admin.display(description="Links")
    def staff_links(self, obj: Consultation) -> str:
        if not obj.pk:
            return "Save the consultation first."
        return format_html(
            '<a href="{}">Preview the questionnaire</a> · <a href="{}">Results</a> · '
            '<a href="{}">Key in a paper, email, phone or event response</a> · <a href="{}">Export (CSV for Excel)</a>'
            ' · <a href="{}">Draft report</a>',
            reverse("consultations:preview", kwargs={"slug": obj.slug}),
            reverse("consultations:results", kwargs={"slug": obj.slug}),
            reverse("admin:consultations_consultation_key_in", args=[obj.pk]),
            reverse("consultations:export", kwargs={"slug": obj.slug}),
            reverse("consultations:report", kwargs={"slug": obj.slug}),
        )

    @admin.display(description="Written answers: themes")
    def written_questions(self, obj: Consultation) -> str:
        if not obj.pk:
            return ""
        questions = obj.questions.filter(kind__in=Question.TEXT_KINDS, section__is_equality=False).order_by(
            "section__order", "section_id", "order", "pk"
        )
        items = format_html_join(
            "",
            '<li>{} – <a href="{}">codebook</a> · <a href="{}">code the answers</a></li>',  # noqa: RUF001
            (
                (
                    question.text,
                    reverse("admin:consultations_question_change", args=[question.pk]),
                    reverse("admin:consultations_question_code", args=[question.pk]),
                )
                for question in questions
            ),
        )
        return format_html("<ul>{}</ul>", items) if items else "No written questions."

    @admin.action(description='Add the standard "capacity" and equality monitoring questions')
    def add_standard_questions(self, request: HttpRequest, queryset: QuerySet[Consultation]) -> None:
        for consultation in queryset:
            added = questionnaire_add_standard_questions(consultation=consultation)
            self.message_user(request, f"{consultation}: {added} question(s) added.", messages.SUCCESS)

    def _export(
        self, request: HttpRequest, queryset: QuerySet[Consultation], *, equality: bool, excel: bool
    ) -> HttpResponseBase | None:
        if queryset.count() != 1:
            self.message_user(request, "Select one consultation to export.", messages.WARNING)
            return None
        consultation = queryset.get()
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.EXPORT,
            obj=consultation,
            summary=f"{'Equality answers' if equality else 'Responses'} exported from the admin",
        )
        return csv_streaming_response(
            export_csv(consultation=consultation, equality=equality, excel=excel),
            filename=export_filename(consultation=consultation, equality=equality, excel=excel),
        )

    @admin.action(description="Export responses (CSV for Excel)")
    def export_responses(self, request: HttpRequest, queryset: QuerySet[Consultation]) -> HttpResponseBase | None:
        return self._export(request, queryset, equality=False, excel=True)

    @admin.action(description="Export responses (plain CSV)")
    def export_responses_plain(self, request: HttpRequest, queryset: QuerySet[Consultation]) -> HttpResponseBase | None:
        return self._export(request, queryset, equality=False, excel=False)

    @admin.action(description="Export equality answers (CSV for Excel)")
    def export_equality(self, request: HttpRequest, queryset: QuerySet[Consultation]) -> HttpResponseBase | None:
        return self._export(request, queryset, equality=True, excel=True)

    def get_urls(self) -> list[URLPattern]:  # type: ignore[override]
        extra = [
            path(
                "<int:pk>/key-in/",
                self.admin_site.admin_view(self.key_in_view),
                name="consultations_consultation_key_in",
            )
        ]
        return extra + super().get_urls()  # type: ignore[operator]

    def key_in_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Type in a paper, email or phone response, with its channel and the date it arrived."""
        if not policy.user_can(request.user, "consultations.change"):
            return render(request, "consultations/forbidden.html", status=403)
        consultation = get_object_or_404(Consultation, pk=pk)
        questionnaire = questionnaire_load(consultation=consultation)
        kwargs: dict[str, Any] = {"questionnaire": questionnaire, "sections": questionnaire.sections}
        if request.method == "POST":
            problems = post_tampering(
                questions=questionnaire.questions, data={k: request.POST.getlist(k) for k in request.POST}
            )
            if problems:
                back = request.path
                return render(
                    request,
                    "consultations/bad_request.html",
                    {"consultation": consultation, "problems": problems, "back": back},
                    status=400,
                )
            form = KeyInForm(request.POST, **kwargs)
            if form.is_valid():
                received = timezone.make_aware(datetime.combine(form.cleaned_data["received_on"], time(12, 0)))
                try:
                    response = response_key_in(
                        consultation=consultation,
                        channel=form.cleaned_data["channel"],
                        answers={k: v for k, v in form.answers().items() if v},
                        received_at=received,
                        keyed_in_by=request.user,
                        idempotency_key=form.cleaned_data.get("token") or "",
                        event=form.cleaned_data.get("event"),
                    )
                except ResponseIncomplete as exc:
                    for key, (_index, message) in exc.problems.items():
                        if f"q{key}" in form.fields:
                            form.add_error(f"q{key}", message)
                else:
                    audit_record(
                        actor=request.user,
                        action=AuditEvent.Action.CREATE,
                        obj=response,
                        summary=f"Keyed in a {response.get_channel_display().lower()} response",
                    )
                    messages.success(request, f"Response {response.reference} saved. You can key in the next one.")
                    return redirect("admin:consultations_consultation_key_in", pk=consultation.pk)
        else:
            form = KeyInForm(initial={"token": uuid.uuid4().hex}, **kwargs)
        return render(request, "consultations/key_in.html", {"consultation": consultation, "form": form})
