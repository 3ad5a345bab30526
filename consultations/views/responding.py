"""Responding to a consultation: the questionnaire journey, check your answers, save and resume."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from carers_portal.core.ratelimit import client_fingerprint, rate_limit_exceeded
from consultations.forms import AnswersForm, ResumeEmailForm, SubmitForm
from consultations.models import Consultation, Response
from consultations.questionnaire import (
    Answers,
    Questionnaire,
    SectionData,
    answer_display,
    post_tampering,
    question_visible,
    questionnaire_load,
)
from consultations.selectors.access import response_for_user
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

ANONYMOUS_DRAFTS_PER_HOUR = 20
ANONYMOUS_SUBMITS_PER_HOUR = 10


def _draft_session_key(consultation: Consultation) -> str:
    return f"consultation-draft-{consultation.pk}"


def _done_session_key(consultation: Consultation) -> str:
    return f"consultation-done-{consultation.pk}"


def _current_draft(request: HttpRequest, consultation: Consultation) -> Response | None:
    if request.user.is_authenticated:
        return response_for_user(consultation=consultation, user=request.user)
    pk = request.session.get(_draft_session_key(consultation))
    if pk is None:
        return None
    return Response.objects.filter(pk=pk, consultation=consultation, user__isnull=True).first()


def _too_many(request: HttpRequest, consultation: Consultation, *, scope: str, limit: int) -> HttpResponse | None:
    """The "too many" page (429) once this person has done this more than `limit` times in an hour, else None."""
    if not rate_limit_exceeded(scope=scope, key=client_fingerprint(request), limit=limit, window_seconds=3600):
        return None
    return render(request, "consultations/too_many.html", {"consultation": consultation}, status=429)


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


def _easy_read_key(consultation: Consultation) -> str:
    return f"consultation_easy_read:{consultation.pk}"


def _easy_read(request: HttpRequest, consultation: Consultation) -> bool:
    return bool(request.session.get(_easy_read_key(consultation)))


@never_cache
def respond_version(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    """Answer in the easy read or the standard version: the same questions, so the same answers and export."""
    consultation = get_object_or_404(Consultation, slug=slug)
    request.session[_easy_read_key(consultation)] = version == "easy-read"
    return redirect("consultations:respond", slug=slug)


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
    questionnaire = questionnaire_load(consultation=consultation, easy_read=_easy_read(request, consultation))
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
                scope, limit = "consultation-draft", ANONYMOUS_DRAFTS_PER_HOUR
                if not request.user.is_authenticated and (
                    stop := _too_many(request, consultation, scope=scope, limit=limit)
                ):
                    return stop
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
            "easy_read": _easy_read(request, consultation),
            "has_easy_read": consultation.questions.exclude(easy_read_text="").exists(),
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
    questionnaire = questionnaire_load(consultation=consultation, easy_read=_easy_read(request, consultation))
    form = SubmitForm(request.POST if request.method == "POST" else None, initial={"email": draft.email})
    if request.method == "POST" and form.is_valid():
        if form.is_bot():
            # Pretend success without saving anything, so bots learn nothing.
            return redirect("consultations:respond_done", slug=slug)
        if not request.user.is_authenticated and (
            stop := _too_many(request, consultation, scope="consultation-submit", limit=ANONYMOUS_SUBMITS_PER_HOUR)
        ):
            return stop
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
        if stop := _too_many(request, consultation, scope="consultation-resume-email", limit=10):
            return stop
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
