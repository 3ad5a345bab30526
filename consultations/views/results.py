"""Consultation pages for commissioners and published results: preview, exports, results and reports."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render

from accounts import policy
from carers_portal.core.csv_export import csv_response, csv_streaming_response
from carers_portal.core.middleware import staff_mfa_redirect
from carers_portal.core.models import AuditEvent
from carers_portal.core.services import audit_record
from consultations.forms import AnswersForm
from consultations.models import Consultation, Question
from consultations.questionnaire import (
    questionnaire_load,
)
from consultations.report import consultation_report, report_docx
from consultations.selectors import export
from consultations.selectors.published import consultation_outreach, consultation_published_tables
from consultations.selectors.results import (
    FREE_TEXT_PAGE_SIZE,
    consultation_results_cached,
    free_text_answers,
    results_rows,
)
from consultations.views.access import _commissioner_verified, commissioner_required


@commissioner_required
def consultation_preview(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_object_or_404(Consultation, slug=slug)
    questionnaire = questionnaire_load(consultation=consultation)
    form = AnswersForm(questionnaire=questionnaire, sections=questionnaire.sections)
    form.helper.inputs = []
    return render(request, "consultations/preview.html", {"consultation": consultation, "form": form})


def _export(request: HttpRequest, slug: str, *, equality: bool) -> HttpResponseBase:
    consultation = get_object_or_404(Consultation, slug=slug)
    excel = request.GET.get("format", "excel") != "plain"
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        obj=consultation,
        summary=(
            f"{'Equality answers' if equality else 'Responses'} exported as {'CSV for Excel' if excel else 'plain CSV'}"
        ),
    )
    return csv_streaming_response(
        export.export_csv(consultation=consultation, equality=equality, excel=excel),
        filename=export.export_filename(consultation=consultation, equality=equality, excel=excel),
    )


@commissioner_required
def export_csv(request: HttpRequest, slug: str) -> HttpResponseBase:
    return _export(request, slug, equality=False)


@commissioner_required
def export_equality_csv(request: HttpRequest, slug: str) -> HttpResponseBase:
    return _export(request, slug, equality=True)


def _results_refused(request: HttpRequest, consultation: Consultation) -> HttpResponse | None:
    """Published results are public. Before that, only a commissioner who used two-step verification this session
    sees them (early figures can single out one respondent); one who has not is sent to do so first."""
    if not policy.user_can_see_consultation_results(request.user, published=consultation.results_are_public):
        return render(request, "consultations/results_unavailable.html", {"consultation": consultation}, status=404)
    if consultation.results_are_public:
        return None
    return staff_mfa_redirect(request, request.user)


def results(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_object_or_404(Consultation, slug=slug)
    if refused := _results_refused(request, consultation):
        return refused
    # Written answers and equality figures are personal data: commissioners who used two-step verification.
    staff = _commissioner_verified(request)
    data = consultation_results_cached(consultation=consultation, include_equality=staff)
    search: dict[str, Any] = {}
    question_id = request.GET.get("question", "")
    query = request.GET.get("search", "")[:200]
    if staff and question_id.isdigit():
        question = Question.objects.filter(pk=int(question_id), consultation=consultation).first()
        if question is not None and not question.is_choice:
            page = int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1
            answers, total = free_text_answers(question=question, query=query, page=page)
            more = total > page * FREE_TEXT_PAGE_SIZE
            search = {
                "question": question,
                "answers": answers,
                "total": total,
                "query": query,
                "next_page": page + 1 if more else None,
            }
            audit_record(
                actor=request.user, action=AuditEvent.Action.VIEW, obj=question, summary="Read written answers"
            )
    return render(
        request,
        "consultations/results.html",
        {
            "consultation": consultation,
            "results": data,
            "outreach": consultation_outreach(consultation=consultation),
            "published_tables": consultation_published_tables(consultation=consultation),
            "staff": staff,
            "search": search,
            "page_size": FREE_TEXT_PAGE_SIZE,
        },
    )


def _report_or_not_yet(request: HttpRequest, slug: str) -> tuple[Consultation, HttpResponse | None]:
    consultation = get_object_or_404(Consultation, slug=slug)
    if consultation.status in (Consultation.Status.UPCOMING, Consultation.Status.OPEN):
        return consultation, render(request, "consultations/report_not_yet.html", {"consultation": consultation})
    return consultation, None


@commissioner_required
def report(request: HttpRequest, slug: str) -> HttpResponse:
    """The consultation report drafted from the data, for a closed consultation (prints cleanly)."""
    consultation, not_yet = _report_or_not_yet(request, slug)
    if not_yet is not None:
        return not_yet
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=consultation, summary="Drafted the report")
    return render(
        request,
        "consultations/report.html",
        {"consultation": consultation, "report": consultation_report(consultation=consultation)},
    )


@commissioner_required
def report_download(request: HttpRequest, slug: str) -> HttpResponse:
    """The same report as a Word document (.docx) to edit."""
    consultation, not_yet = _report_or_not_yet(request, slug)
    if not_yet is not None:
        return not_yet
    audit_record(
        actor=request.user, action=AuditEvent.Action.EXPORT, obj=consultation, summary="Downloaded the drafted report"
    )
    document = report_docx(report=consultation_report(consultation=consultation))
    response = HttpResponse(
        document, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="{consultation.slug}-report.docx"'
    return response


def results_csv(request: HttpRequest, slug: str) -> HttpResponseBase:
    consultation = get_object_or_404(Consultation, slug=slug)
    if refused := _results_refused(request, consultation):
        return refused
    staff = _commissioner_verified(request)
    data = consultation_results_cached(consultation=consultation, include_equality=staff)
    return csv_response(results_rows(results=data), filename=f"{consultation.slug}-results.csv")
