"""Sections, questions, options and themes in the staff admin, and coding written answers into themes."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from accounts import policy
from carers_portal.core.admin import PolicyAdmin
from carers_portal.core.models import AuditEvent
from carers_portal.core.services import audit_record
from consultations.forms import CodingForm, ThemeForm
from consultations.models import (
    Option,
    Question,
    Section,
    Theme,
)
from consultations.selectors.coding import (
    answer_theme_ids,
    coding_answers,
    coding_first_answer,
    coding_position,
    respondent_other_answers,
    theme_suggestions,
)
from consultations.selectors.themes import codebook, theme_agreement
from consultations.services.coding import answer_code


class ThemeInline(PolicyAdmin, admin.TabularInline):  # type: ignore[type-arg]
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


class QuestionInline(PolicyAdmin, admin.TabularInline):  # type: ignore[type-arg]
    model = Question
    fields = ("order", "text", "kind", "required", "code")
    extra = 0
    show_change_link = True
    ordering = ("order", "pk")


@admin.register(Section)
class SectionAdmin(PolicyAdmin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "consultation", "order", "is_equality")
    list_filter = ("consultation",)
    inlines = [QuestionInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for instance in formset.save(commit=False):
            instance.consultation = form.instance.consultation
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()


class OptionInline(PolicyAdmin, admin.TabularInline):  # type: ignore[type-arg]
    model = Option
    fields = ("order", "text", "easy_read_text", "group")
    extra = 0
    ordering = ("order", "pk")


@admin.register(Question)
class QuestionAdmin(PolicyAdmin, admin.ModelAdmin):  # type: ignore[type-arg]
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
        if not policy.user_can(request.user, "consultations.change"):
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
        answer = coding_first_answer(question=question, coder=request.user, uncoded_only=uncoded)
        if answer is None and uncoded:
            answer = coding_first_answer(question=question, coder=request.user, uncoded_only=False)
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
        answer = get_object_or_404(coding_answers(question=question).select_related("response"), pk=answer_id)
        uncoded = request.GET.get("uncoded") == "1"
        book = codebook(question=question)
        suggestions = theme_suggestions(answer=answer) if book else []
        suggested = {s.theme.pk: s.words for s in suggestions}
        if request.method == "POST":
            form = CodingForm(request.POST, codebook=book, suggested=suggested)
            if form.is_valid():
                answer_code(answer=answer, coder=request.user, theme_ids=set(form.cleaned_data["themes"]))
                audit_record(
                    actor=request.user,
                    action=AuditEvent.Action.CHANGE,
                    obj=answer,
                    summary="Coded a written answer into themes",
                )
                position = coding_position(question=question, answer=answer, coder=request.user, uncoded_only=uncoded)
                if "save" not in request.POST and position.next_id is not None:
                    return redirect(_code_url(question.pk, position.next_id, uncoded=uncoded))
                if "save" not in request.POST:
                    messages.success(request, "Saved. That was the last answer to code.")
                else:
                    messages.success(request, "Saved.")
                return redirect(_code_url(question.pk, answer.pk, uncoded=uncoded))
        else:
            form = CodingForm(
                initial={"themes": sorted(answer_theme_ids(answer=answer, coder=request.user))},
                codebook=book,
                suggested=suggested,
            )
        audit_record(
            actor=request.user, action=AuditEvent.Action.VIEW, obj=answer, summary="Read a written answer to code it"
        )
        position = coding_position(question=question, answer=answer, coder=request.user, uncoded_only=uncoded)
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
                "others": respondent_other_answers(answer=answer),
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
                "agreement": theme_agreement(question=question),
            },
        )


def _code_url(question_id: int, answer_id: int, *, uncoded: bool) -> str:
    url = reverse("admin:consultations_question_code_answer", args=[question_id, answer_id])
    return f"{url}?uncoded=1" if uncoded else url
