"""Carers' information pages: the key moments, money and breaks, their easy read list and the paper
self-assessment. Thin: reads come from selectors."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from services.guides import selectors
from services.guides.forms import NearPostcodeForm
from services.guides.models import InformationPage
from services.guides.paper import paper_sections
from services.guides.paper_pdf import paper_self_assessment_pdf as paper_self_assessment_pdf_bytes
from services.selectors.postcodes import postcode_lookup

INDEX_TEXT: dict[str, dict[str, str]] = {
    InformationPage.Kind.KEY_MOMENT: {
        "title": "Key moments for carers",
        "lede": (
            "Carers told Kent County Council there are times when support matters most, starting with the first "
            "conversation about a new caring role. Each page says what usually happens, what you can ask for, "
            "who to contact and the services that can help."
        ),
    },
    InformationPage.Kind.MONEY_AND_BREAKS: {
        "title": "Money and breaks for carers",
        "lede": (
            "How care and support can be paid for, the benefits carers can claim, and how to get a break from caring."
        ),
    },
}


def index(request: HttpRequest, kind: str) -> HttpResponse:
    """GET /carers/key-moments/ and /carers/money-and-breaks/ — the published pages of one kind."""
    other = next(k for k in INDEX_TEXT if k != kind)
    return render(
        request,
        "guides/index.html",
        {
            "kind": kind,
            "text": INDEX_TEXT[kind],
            "pages": list(selectors.information_pages(kind=kind)),
            "other_text": INDEX_TEXT[other],
            "other_pages": list(selectors.information_pages(kind=other)),
            "is_key_moments": kind == InformationPage.Kind.KEY_MOMENT,
        },
    )


def page(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    """GET /carers/key-moments/<slug>/ (or money-and-breaks) — one page, with the directory's services for it, near
    the reader's postcode when they give one (?postcode=)."""
    info = get_object_or_404(selectors.information_page(kind=kind, slug=slug))
    form = NearPostcodeForm(request.GET or None)
    origin = None
    if request.GET and form.is_valid() and form.cleaned_data["postcode"]:
        origin = postcode_lookup(postcode=form.cleaned_data["postcode"])
        if origin is None:
            form.add_error(
                "postcode",
                f"We could not find {form.cleaned_data['postcode']}. Check the postcode, or leave it empty to see "
                "services across Kent",
            )
    context: dict[str, Any] = {
        "info": info,
        "form": form,
        "origin": origin,
        "groups": selectors.page_service_groups(page=info, origin=origin),
        "index_text": INDEX_TEXT[kind],
        "index_url": "guides:key_moments" if kind == InformationPage.Kind.KEY_MOMENT else "guides:money_and_breaks",
    }
    return render(request, "guides/page.html", context)


def key_moments_easy_read(request: HttpRequest) -> HttpResponse:
    """GET /carers/key-moments/easy-read/ — the key moments in short, simple sentences."""
    pages = list(selectors.information_pages(kind=InformationPage.Kind.KEY_MOMENT))
    return render(request, "guides/key_moments_easy_read.html", {"pages": pages})


def paper_self_assessment(request: HttpRequest) -> HttpResponse:
    """GET /carers/assessment/paper/ — a blank self-assessment to print in large type and send back."""
    return render(request, "guides/paper_self_assessment.html", {"sections": paper_sections()})


def paper_self_assessment_pdf(request: HttpRequest) -> HttpResponse:
    """GET /carers/assessment/paper/pdf/ — the same blank self-assessment as a large-print PDF."""
    response = HttpResponse(paper_self_assessment_pdf_bytes(), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="carers-self-assessment-paper.pdf"'
    return response
