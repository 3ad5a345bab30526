"""Public consultation pages: the list, a consultation's page and its documents."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts import policy
from consultations.models import Consultation
from consultations.selectors.access import document_for_download, documents_visible, response_for_user
from consultations.selectors.lists import consultations_public
from consultations.views.access import _include_drafts


def consultation_list(request: HttpRequest) -> HttpResponse:
    return render(request, "consultations/list.html", {"groups": consultations_public()})


def consultation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = get_object_or_404(Consultation, slug=slug)
    return render(
        request,
        "consultations/detail.html",
        {
            "consultation": consultation,
            "documents": documents_visible(consultation=consultation, include_drafts=_include_drafts(request)),
            "paragraphs": [p for p in consultation.body.split("\n\n") if p.strip()],
            "own_response": response_for_user(consultation=consultation, user=request.user),
            "is_commissioner": policy.user_is_commissioner(request.user),
            "has_easy_read": consultation.questions.exclude(easy_read_text="").exists(),
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
    commissioners who used two-step verification this session; anything else is a 404, as if it did not exist."""
    document = get_object_or_404(document_for_download(slug=slug, pk=pk, include_drafts=_include_drafts(request)))
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
