"""Public consultation pages, the respond journey, results, exports and subscriptions. Thin: rules live in
questionnaire.py, the services and the selectors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from carers_portal.core.csv_export import csv_response, csv_streaming_response
from carers_portal.core.middleware import session_used_mfa, staff_has_mfa, staff_mfa_redirect
from carers_portal.core.models import AuditEvent
from carers_portal.core.ratelimit import client_fingerprint, rate_limit_exceeded
from carers_portal.core.services import audit_record
from consultations.forms import AnswersForm, ResumeEmailForm, SubmitForm, SubscribeForm
from consultations.models import Consultation, Question, Response
from consultations.questionnaire import (
    Answers,
    Questionnaire,
    SectionData,
    answer_display,
    post_tampering,
    question_visible,
    questionnaire_load,
)
from consultations.report import consultation_report, report_docx
from consultations.selectors import export
from consultations.selectors.access import (
    consultation_results_visible,
    document_for_download,
    documents_visible,
    response_for_user,
    user_is_commissioner,
)
from consultations.selectors.lists import consultations_public
from consultations.selectors.results import (
    FREE_TEXT_PAGE_SIZE,
    consultation_results_cached,
    free_text_answers,
    results_rows,
)
from consultations.services.responses import (
    AlreadySubmitted,
    ConsultationNotOpen,
    ResponseIncomplete,
    response_draft_save,
    response_draft_start,
    response_submit,
    resume_link_send,
    resume_token_read,
)
from consultations.services.subscriptions import subscription_confirm, subscription_request, subscription_unsubscribe

ANONYMOUS_DRAFTS_PER_HOUR = 20
ANONYMOUS_SUBMITS_PER_HOUR = 10
SUBSCRIBES_PER_HOUR = 10

ViewFunc = Callable[..., HttpResponseBase]


def _draft_session_key(consultation: Consultation) -> str:
    return f"consultation-draft-{consultation.pk}"


def _done_session_key(consultation: Consultation) -> str:
    return f"consultation-done-{consultation.pk}"


def _commissioner_verified(request: HttpRequest) -> bool:
    user = request.user
    return user_is_commissioner(user) and staff_has_mfa(user) and session_used_mfa(request, user)


def commissioner_required(view: ViewFunc) -> ViewFunc:
    """Council commissioners only, signed in with two-step verification used this session."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        if not user_is_commissioner(user):
            return render(request, "consultations/forbidden.html", status=403)
        return staff_mfa_redirect(request, user) or view(request, *args, **kwargs)

    return wrapper


# --- Public pages ----------------------------------------------------------------


def consultation_list(request: HttpRequest) -> HttpResponse:
    return render(request, "consultations/list.html", {"groups": consultations_public()})


def consultation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_object_or_404(Consultation, slug=slug)
    return render(
        request,
        "consultations/detail.html",
        {
            "consultation": consultation,
            "documents": documents_visible(consultation=consultation, user=request.user),
            "paragraphs": [p for p in consultation.body.split("\n\n") if p.strip()],
            "own_response": response_for_user(consultation=consultation, user=request.user),
            "is_commissioner": user_is_commissioner(request.user),
        },
    )


DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "rtf": "application/rtf",
    "txt": "text/plain; charset=utf-8",
}


def document_download(request: HttpRequest, slug: str, pk: int, filename: str) -> FileResponse:
    """A consultation document, from whichever storage holds it: published ones for everyone, drafts for
    commissioners; anything else is a 404, as if it did not exist."""
    document = document_for_download(slug=slug, pk=pk, user=request.user)
    if document is None:
        raise Http404
    if filename != document.download_name:
        raise Http404  # one address per document (the name is only there for the person saving it)
    kind = document.extension.lower()
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=kind not in {"pdf", "txt"},  # PDFs and text open in the browser, others download
        filename=document.download_name,
        content_type=DOCUMENT_TYPES.get(kind, "application/octet-stream"),
    )
    # A document is never a page: no scripts, forms or plugins, even in a browser's PDF viewer.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    published = document.is_published_at(timezone.now())
    response["Cache-Control"] = "public, max-age=300" if published else "private, no-store"
    return response


# --- Responding ----------------------------------------------------------------------


def _current_draft(request: HttpRequest, consultation: Consultation) -> Response | None:
    if request.user.is_authenticated:
        return response_for_user(consultation=consultation, user=request.user)
    pk = request.session.get(_draft_session_key(consultation))
    if pk is None:
        return None
    return Response.objects.filter(pk=pk, consultation=consultation, user__isnull=True).first()


def _not_open(request: HttpRequest, consultation: Consultation, status: int = 403) -> HttpResponse:
    return render(
        request,
        "consultations/not_open.html",
        {"consultation": consultation, "message": str(ConsultationNotOpen(consultation))},
        status=status,
    )


def _already(request: HttpRequest, consultation: Consultation, response: Response) -> HttpResponse:
    return render(request, "consultations/already.html", {"consultation": consultation, "response": response})


def _visible_sections(questionnaire: Questionnaire, answers: Answers) -> list[SectionData]:
    """Sections with at least one question to show, given the answers so far (forward-only skip logic)."""
    return [s for s in questionnaire.sections if any(question_visible(q, answers) for q in s.questions)]


def _guard(request: HttpRequest, consultation: Consultation) -> tuple[Response | None, HttpResponse | None]:
    """The current draft, or the page to show instead (closed, or already responded)."""
    draft = _current_draft(request, consultation)
    if draft is not None and draft.status == Response.Status.SUBMITTED:
        return draft, _already(request, consultation, draft)
    if not consultation.is_open:
        return draft, _not_open(request, consultation, status=403 if request.method == "POST" else 200)
    return draft, None


@never_cache
def respond_start(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_object_or_404(Consultation, slug=slug)
    _draft, stop = _guard(request, consultation)
    if stop is not None:
        return stop
    return redirect("consultations:respond_section", slug=slug, number=1)


def _posted(request: HttpRequest) -> dict[str, list[str]]:
    return {key: request.POST.getlist(key) for key in request.POST}


def _bad_request(request: HttpRequest, consultation: Consultation, problems: list[str], back: str) -> HttpResponse:
    return render(
        request,
        "consultations/bad_request.html",
        {"consultation": consultation, "problems": problems, "back": back},
        status=400,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def respond_section(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    consultation = get_object_or_404(Consultation, slug=slug)
    draft, stop = _guard(request, consultation)
    if stop is not None:
        return stop
    questionnaire = questionnaire_load(consultation=consultation)
    earlier: Answers = dict(draft.draft) if draft else {}
    if not 1 <= number <= len(questionnaire.sections):
        raise Http404
    section = questionnaire.sections[number - 1]
    if section not in _visible_sections(questionnaire, earlier):
        return redirect(_next_url(consultation, questionnaire, earlier, number))
    back = reverse("consultations:respond_section", kwargs={"slug": slug, "number": number})
    form_kwargs: dict[str, Any] = {
        "questionnaire": questionnaire,
        "sections": [section],
        "earlier": earlier,
        "save_button": True,
    }
    if request.method == "POST":
        problems = post_tampering(questions=section.questions, data=_posted(request))
        if problems:
            return _bad_request(request, consultation, problems, back)
        form = AnswersForm(request.POST, **form_kwargs)
        if form.is_valid():
            if draft is None:
                if not request.user.is_authenticated and rate_limit_exceeded(
                    scope="consultation-draft",
                    key=client_fingerprint(request),
                    limit=ANONYMOUS_DRAFTS_PER_HOUR,
                    window_seconds=3600,
                ):
                    return render(request, "consultations/too_many.html", {"consultation": consultation}, status=429)
                try:
                    draft = response_draft_start(consultation=consultation, user=request.user)
                except ConsultationNotOpen:
                    return _not_open(request, consultation)
                if not request.user.is_authenticated:
                    request.session[_draft_session_key(consultation)] = draft.pk
            try:
                draft = response_draft_save(response=draft, answers=form.answers())
            except AlreadySubmitted as exc:
                return _already(request, consultation, exc.response)
            except ConsultationNotOpen:
                return _not_open(request, consultation)
            if "save" in request.POST:
                if request.user.is_authenticated:
                    messages.success(
                        request,
                        "Your answers are saved. You can come back to them at any time before the consultation closes.",
                    )
                    return redirect("consultations:detail", slug=slug)
                return redirect("consultations:respond_save", slug=slug)
            return redirect(_next_url(consultation, questionnaire, draft.draft, number))
    else:
        initial = {q.field_name: earlier[q.key] for q in section.questions if q.key in earlier}
        form = AnswersForm(initial=initial, **form_kwargs)
    return render(
        request,
        "consultations/section.html",
        {
            "consultation": consultation,
            "section": section,
            "form": form,
            "number": number,
            "count": len(questionnaire.sections),
            "previous": _previous_url(consultation, questionnaire, earlier, number),
        },
    )


def _next_url(consultation: Consultation, questionnaire: Questionnaire, answers: Answers, number: int) -> str:
    visible = _visible_sections(questionnaire, answers)
    for section in visible:
        if section.index + 1 > number:
            return reverse(
                "consultations:respond_section", kwargs={"slug": consultation.slug, "number": section.index + 1}
            )
    return reverse("consultations:respond_check", kwargs={"slug": consultation.slug})


def _previous_url(consultation: Consultation, questionnaire: Questionnaire, answers: Answers, number: int) -> str:
    visible = [s for s in _visible_sections(questionnaire, answers) if s.index + 1 < number]
    if not visible:
        return reverse("consultations:detail", kwargs={"slug": consultation.slug})
    return reverse("consultations:respond_section", kwargs={"slug": consultation.slug, "number": visible[-1].index + 1})


def _summary(questionnaire: Questionnaire, answers: Answers, slug: str) -> list[dict[str, Any]]:
    rows = []
    for section in _visible_sections(questionnaire, answers):
        items = [
            {"question": q.question, "answer": answer_display(q, answers.get(q.key)) or "Not answered"}
            for q in section.questions
            if question_visible(q, answers)
        ]
        rows.append(
            {
                "section": section.section,
                "items": items,
                "change_url": reverse(
                    "consultations:respond_section", kwargs={"slug": slug, "number": section.index + 1}
                ),
            }
        )
    return rows


@never_cache
@require_http_methods(["GET", "POST"])
def respond_check(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_object_or_404(Consultation, slug=slug)
    draft, stop = _guard(request, consultation)
    if stop is not None:
        return stop
    if draft is None:
        return redirect("consultations:respond_section", slug=slug, number=1)
    questionnaire = questionnaire_load(consultation=consultation)
    form = SubmitForm(request.POST if request.method == "POST" else None, initial={"email": draft.email})
    if request.method == "POST" and form.is_valid():
        if form.is_bot():
            # Pretend success without saving anything, so bots learn nothing.
            return redirect("consultations:respond_done", slug=slug)
        if not request.user.is_authenticated and rate_limit_exceeded(
            scope="consultation-submit",
            key=client_fingerprint(request),
            limit=ANONYMOUS_SUBMITS_PER_HOUR,
            window_seconds=3600,
        ):
            return render(request, "consultations/too_many.html", {"consultation": consultation}, status=429)
        try:
            response = response_submit(response=draft, email=form.cleaned_data["email"])
        except ConsultationNotOpen:
            return _not_open(request, consultation)
        except AlreadySubmitted as exc:
            return _already(request, consultation, exc.response)
        except ResponseIncomplete as exc:
            messages.error(request, "Some answers are missing or need changing. Check this page and continue.")
            return redirect("consultations:respond_section", slug=slug, number=exc.first_section + 1)
        # The session keeps pointing at the submitted response: one response per browser session.
        request.session[_done_session_key(consultation)] = response.reference
        return redirect("consultations:respond_done", slug=slug)
    return render(
        request,
        "consultations/check.html",
        {
            "consultation": consultation,
            "summary": _summary(questionnaire, dict(draft.draft), slug),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@never_cache
def respond_done(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_object_or_404(Consultation, slug=slug)
    reference = request.session.get(_done_session_key(consultation))
    own = response_for_user(consultation=consultation, user=request.user)
    if own is not None and own.status == Response.Status.SUBMITTED:
        reference = own.reference
    return render(request, "consultations/done.html", {"consultation": consultation, "reference": reference})


@never_cache
@require_http_methods(["GET", "POST"])
def respond_save(request: HttpRequest, slug: str) -> HttpResponse:
    """Anonymous "save and come back later": email a signed link back to the draft."""
    consultation = get_object_or_404(Consultation, slug=slug)
    draft, stop = _guard(request, consultation)
    if stop is not None:
        return stop
    if draft is None or request.user.is_authenticated:
        return redirect("consultations:respond_section", slug=slug, number=1)
    form = ResumeEmailForm(request.POST if request.method == "POST" else None, initial={"email": draft.email})
    if request.method == "POST" and form.is_valid():
        if rate_limit_exceeded(
            scope="consultation-resume-email", key=client_fingerprint(request), limit=10, window_seconds=3600
        ):
            return render(request, "consultations/too_many.html", {"consultation": consultation}, status=429)
        resume_link_send(response=draft, email=form.cleaned_data["email"])
        return render(
            request, "consultations/saved.html", {"consultation": consultation, "email": form.cleaned_data["email"]}
        )
    return render(request, "consultations/save.html", {"consultation": consultation, "form": form})


@never_cache
def respond_resume(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    consultation = get_object_or_404(Consultation, slug=slug)
    max_age = max(int((consultation.closes_at - consultation.opens_at).total_seconds()), 3600)
    draft = resume_token_read(token=token, max_age_seconds=max_age)
    if draft is None or draft.consultation_id != consultation.pk:
        return render(request, "consultations/link_invalid.html", {"consultation": consultation}, status=400)
    if draft.status == Response.Status.SUBMITTED:
        return _already(request, consultation, draft)
    if not consultation.is_open:
        return _not_open(request, consultation, status=200)
    request.session[_draft_session_key(consultation)] = draft.pk
    if draft.draft:
        return redirect("consultations:respond_check", slug=slug)
    return redirect("consultations:respond_section", slug=slug, number=1)


# --- Staff: preview, export, results ------------------------------------------------------


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
    if not consultation_results_visible(consultation=consultation, user=request.user):
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


# --- Subscriptions --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not form.is_bot():
            if rate_limit_exceeded(
                scope="consultation-subscribe",
                key=client_fingerprint(request),
                limit=SUBSCRIBES_PER_HOUR,
                window_seconds=3600,
            ):
                return render(request, "consultations/too_many.html", {}, status=429)
            subscription_request(email=form.cleaned_data["email"], topics=form.cleaned_data["topics"])
        return render(request, "consultations/subscribe_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "consultations/subscribe.html", {"form": form})


def subscribe_confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscription = subscription_confirm(token=token)
    if subscription is None:
        return render(request, "consultations/link_invalid.html", {}, status=400)
    return render(request, "consultations/subscribe_confirmed.html", {"subscription": subscription})


@csrf_exempt  # RFC 8058 one-click unsubscribe: mail providers POST without a CSRF token; the signed token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        subscription = subscription_unsubscribe(token=token)
        if subscription is None:
            return render(request, "consultations/link_invalid.html", {}, status=400)
        return render(request, "consultations/unsubscribed.html", {"subscription": subscription})
    return render(request, "consultations/unsubscribe.html", {"token": token, "now": timezone.now()})
