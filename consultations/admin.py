"""Staff admin for consultations: commissioners only. Thin: every rule lives in services/selectors."""

from __future__ import annotations

import uuid
from datetime import datetime, time
from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from carers_portal.core.admin import URL_FIELDS
from carers_portal.core.csv_export import csv_streaming_response
from carers_portal.core.models import AuditEvent
from carers_portal.core.services import audit_record
from consultations import selectors, services
from consultations.forms import CodingForm, KeyInForm, ThemeForm
from consultations.models import (
    Answer,
    Consultation,
    ConsultationEvent,
    Document,
    EqualityAnswer,
    Option,
    Question,
    Response,
    Section,
    Subscription,
    Theme,
)
from consultations.questionnaire import post_tampering, questionnaire_load


class CommissionerOnly:
    """Consultation records are visible and editable only by council commissioners."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return selectors.user_is_commissioner(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return selectors.user_is_commissioner(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return selectors.user_is_commissioner(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return selectors.user_is_commissioner(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return selectors.user_is_commissioner(request.user)


class ReadOnlyForCommissioners(CommissionerOnly):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SectionInline(CommissionerOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = Section
    fields = ("order", "title", "is_equality")
    extra = 0
    show_change_link = True
    ordering = ("order", "pk")


class DocumentInline(CommissionerOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = Document
    fields = ("order", "title", "kind", "file", "published_at")
    extra = 0


class ConsultationEventInline(CommissionerOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = ConsultationEvent
    fields = ("kind", "place", "held_on", "attendance")
    extra = 0
    verbose_name = "drop-in session or group visit"
    verbose_name_plural = "Drop-in sessions and group visits"


@admin.register(Consultation)
class ConsultationAdmin(CommissionerOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    formfield_overrides = URL_FIELDS
    list_display = ("title", "status_label", "opens_at", "closes_at", "submitted_count")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [SectionInline, DocumentInline, ConsultationEventInline]
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
            added = services.questionnaire_add_standard_questions(consultation=consultation)
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
            selectors.export_csv(consultation=consultation, equality=equality, excel=excel),
            filename=selectors.export_filename(consultation=consultation, equality=equality, excel=excel),
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
        if not selectors.user_is_commissioner(request.user):
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
                    response = services.response_key_in(
                        consultation=consultation,
                        channel=form.cleaned_data["channel"],
                        answers={k: v for k, v in form.answers().items() if v},
                        received_at=received,
                        keyed_in_by=request.user,
                        idempotency_key=form.cleaned_data.get("token") or "",
                        event=form.cleaned_data.get("event"),
                    )
                except services.ResponseIncomplete as exc:
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


class ThemeInline(CommissionerOnly, admin.TabularInline):  # type: ignore[type-arg]
    """The question's codebook: themes with a short definition, nested at most one level."""

    model = Theme
    form = ThemeForm
    fk_name = "question"
    fields = ("position", "name", "definition", "parent")
    extra = 1
    verbose_name = "theme"
    verbose_name_plural = "Codebook (themes in the written answers)"

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "parent":
            match = request.resolver_match
            question_id = match.kwargs.get("object_id") if match else None
            kwargs["queryset"] = Theme.objects.filter(question_id=question_id or 0, parent__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class QuestionInline(CommissionerOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = Question
    fields = ("order", "text", "kind", "required", "code")
    extra = 0
    show_change_link = True
    ordering = ("order", "pk")


@admin.register(Section)
class SectionAdmin(CommissionerOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "consultation", "order", "is_equality")
    list_filter = ("consultation",)
    inlines = [QuestionInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for instance in formset.save(commit=False):
            instance.consultation = form.instance.consultation
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()


class OptionInline(CommissionerOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = Option
    fields = ("order", "text", "easy_read_text", "group")
    extra = 0
    ordering = ("order", "pk")


@admin.register(Question)
class QuestionAdmin(CommissionerOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("text", "section", "kind", "required", "order")
    list_filter = ("consultation", "kind")
    search_fields = ("text",)
    inlines = [OptionInline]
    fields = (
        "consultation",
        "section",
        "order",
        "code",
        "text",
        "help_text",
        "easy_read_text",
        "easy_read_help",
        "kind",
        "required",
        "max_length",
        "max_choices",
        "condition_question",
        "condition",
        "condition_option",
        "coding_links",
    )
    raw_id_fields = ("condition_question", "condition_option")
    readonly_fields = ("coding_links",)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_fields(request, obj))
        return fields if obj is not None and not obj.is_choice else [f for f in fields if f != "coding_links"]

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        if obj is not None and not obj.is_choice:
            return [ThemeInline]
        return [OptionInline]

    @admin.display(description="Coding")
    def coding_links(self, obj: Question) -> str:
        return format_html(
            '<a href="{}">Code the written answers</a> · <a href="{}">Agreement between coders</a>',
            reverse("admin:consultations_question_code", args=[obj.pk]),
            reverse("admin:consultations_question_agreement", args=[obj.pk]),
        )

    def get_urls(self) -> list[URLPattern]:  # type: ignore[override]
        extra = [
            path(
                "<int:pk>/code/", self.admin_site.admin_view(self.code_start_view), name="consultations_question_code"
            ),
            path(
                "<int:pk>/code/<int:answer_id>/",
                self.admin_site.admin_view(self.code_view),
                name="consultations_question_code_answer",
            ),
            path(
                "<int:pk>/agreement/",
                self.admin_site.admin_view(self.agreement_view),
                name="consultations_question_agreement",
            ),
        ]
        return extra + super().get_urls()  # type: ignore[operator]

    def _written_question(self, request: HttpRequest, pk: int) -> Question | HttpResponse:
        if not selectors.user_is_commissioner(request.user):
            return render(request, "consultations/forbidden.html", status=403)
        question = get_object_or_404(Question.objects.select_related("consultation", "section"), pk=pk)
        if question.is_choice or question.section.is_equality:
            raise Http404("Only written answers to the main questions are coded")
        return question

    def code_start_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The first answer to code: the first the coder has not coded, or the first of all."""
        question = self._written_question(request, pk)
        if isinstance(question, HttpResponse):
            return question
        uncoded = request.GET.get("uncoded", "1") == "1"
        answer = selectors.coding_first_answer(question=question, coder=request.user, uncoded_only=uncoded)
        if answer is None and uncoded:
            answer = selectors.coding_first_answer(question=question, coder=request.user, uncoded_only=False)
            if answer is not None:
                messages.info(request, "You have coded every answer to this question.")
        if answer is None:
            return render(request, "consultations/coding_empty.html", {"question": question})
        return redirect(_code_url(question.pk, answer.pk, uncoded=uncoded))

    def code_view(self, request: HttpRequest, pk: int, answer_id: int) -> HttpResponse:
        """One written answer, the respondent's other answers, and checkboxes for the codebook's themes."""
        question = self._written_question(request, pk)
        if isinstance(question, HttpResponse):
            return question
        answer = get_object_or_404(selectors.coding_answers(question=question).select_related("response"), pk=answer_id)
        uncoded = request.GET.get("uncoded") == "1"
        book = selectors.codebook(question=question)
        suggestions = selectors.theme_suggestions(answer=answer) if book else []
        suggested = {s.theme.pk: s.words for s in suggestions}
        if request.method == "POST":
            form = CodingForm(request.POST, codebook=book, suggested=suggested)
            if form.is_valid():
                services.answer_code(answer=answer, coder=request.user, theme_ids=set(form.cleaned_data["themes"]))
                audit_record(
                    actor=request.user,
                    action=AuditEvent.Action.CHANGE,
                    obj=answer,
                    summary="Coded a written answer into themes",
                )
                position = selectors.coding_position(
                    question=question, answer=answer, coder=request.user, uncoded_only=uncoded
                )
                if "save" not in request.POST and position.next_id is not None:
                    return redirect(_code_url(question.pk, position.next_id, uncoded=uncoded))
                if "save" not in request.POST:
                    messages.success(request, "Saved. That was the last answer to code.")
                else:
                    messages.success(request, "Saved.")
                return redirect(_code_url(question.pk, answer.pk, uncoded=uncoded))
        else:
            form = CodingForm(
                initial={"themes": sorted(selectors.answer_theme_ids(answer=answer, coder=request.user))},
                codebook=book,
                suggested=suggested,
            )
        audit_record(
            actor=request.user, action=AuditEvent.Action.VIEW, obj=answer, summary="Read a written answer to code it"
        )
        position = selectors.coding_position(question=question, answer=answer, coder=request.user, uncoded_only=uncoded)
        return render(
            request,
            "consultations/coding.html",
            {
                "question": question,
                "consultation": question.consultation,
                "answer": answer,
                "form": form,
                "position": position,
                "uncoded": uncoded,
                "suggestions": suggestions,
                "others": selectors.respondent_other_answers(answer=answer),
                "previous_url": _code_url(question.pk, position.previous_id, uncoded=uncoded)
                if position.previous_id
                else "",
                "next_url": _code_url(question.pk, position.next_id, uncoded=uncoded) if position.next_id else "",
                "has_codebook": bool(book),
            },
        )

    def agreement_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Cohen's kappa per theme and overall, on the answers two people coded."""
        question = self._written_question(request, pk)
        if isinstance(question, HttpResponse):
            return question
        audit_record(
            actor=request.user, action=AuditEvent.Action.VIEW, obj=question, summary="Viewed agreement between coders"
        )
        return render(
            request,
            "consultations/coding_agreement.html",
            {
                "question": question,
                "consultation": question.consultation,
                "agreement": selectors.theme_agreement(question=question),
            },
        )


def _code_url(question_id: int, answer_id: int, *, uncoded: bool) -> str:
    url = reverse("admin:consultations_question_code_answer", args=[question_id, answer_id])
    return f"{url}?uncoded=1" if uncoded else url


class AnswerInline(ReadOnlyForCommissioners, admin.TabularInline):  # type: ignore[type-arg]
    model = Answer
    fields = ("question", "option", "text")
    readonly_fields = fields
    extra = 0


class EqualityAnswerInline(AnswerInline):
    model = EqualityAnswer  # type: ignore[assignment]


@admin.register(Response)
class ResponseAdmin(ReadOnlyForCommissioners, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("reference", "consultation", "status", "channel", "respondent_type", "district", "submitted_at")
    list_filter = ("consultation", "status", "channel", "event")
    search_fields = ("reference",)
    readonly_fields = (
        "reference",
        "consultation",
        "status",
        "channel",
        "respondent_type",
        "postcode",
        "district",
        "started_at",
        "submitted_at",
        "keyed_in_by",
        "event",
    )
    fields = readonly_fields
    inlines = [AnswerInline, EqualityAnswerInline]

    def change_view(self, request: HttpRequest, object_id: str, *args: Any, **kwargs: Any) -> HttpResponse:
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.VIEW,
            object_type="consultations.Response",
            object_id=object_id,
            summary="Viewed a consultation response",
        )
        return super().change_view(request, object_id, *args, **kwargs)


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyForCommissioners, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("email", "confirmed_at", "unsubscribed_at", "created_at")
    search_fields = ("email",)
