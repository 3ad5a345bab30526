"""Who may see what of a consultation: commissioners, published documents, a person's own response."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from consultations.models import (
    Consultation,
    Document,
    Response,
)


def user_is_commissioner(user: Any) -> bool:
    """Council staff with the commissioner role: the only people who see respondents' answers."""
    return bool(user is not None and user.is_authenticated and user.is_staff and user.is_commissioner)


def consultation_results_visible(*, consultation: Consultation, user: Any) -> bool:
    return consultation.results_are_public or user_is_commissioner(user)


def documents_visible(*, consultation: Consultation, user: Any, now: datetime | None = None) -> list[Document]:
    """The consultation's documents this person may open: published ones, and drafts for commissioners."""
    now = now or timezone.now()
    documents = list(consultation.documents.all())
    if user_is_commissioner(user):
        return documents
    return [document for document in documents if document.is_published_at(now)]


def document_for_download(*, slug: str, pk: int, user: Any) -> Document | None:
    """One document, if this person may open it (None: as if it did not exist)."""
    document = Document.objects.select_related("consultation").filter(pk=pk, consultation__slug=slug).first()
    if document is None or not (document.is_published_at(timezone.now()) or user_is_commissioner(user)):
        return None
    return document


def response_for_user(*, consultation: Consultation, user: Any) -> Response | None:
    if user is None or not user.is_authenticated:
        return None
    return Response.objects.filter(consultation=consultation, user=user).first()
