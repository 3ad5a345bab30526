"""What of a consultation to show: its documents, and a person's own response. Who may see unpublished things is
the permission policy's (accounts/policy.py); these reads take its answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from consultations.models import (
    Consultation,
    Document,
    Response,
)


def documents_visible(
    *, consultation: Consultation, include_drafts: bool, now: datetime | None = None
) -> list[Document]:
    """The consultation's documents to list: published ones, and drafts too when the caller says so (the permission
    policy decides who may see drafts: accounts.policy.user_can_see_draft_documents)."""
    now = now or timezone.now()
    documents = list(consultation.documents.all())
    if include_drafts:
        return documents
    return [document for document in documents if document.is_published_at(now)]


def document_for_download(*, slug: str, pk: int, include_drafts: bool) -> QuerySet[Document]:
    """The document, if published or `include_drafts` (for get_object_or_404: otherwise as if it did not exist)."""
    documents = Document.objects.select_related("consultation").filter(pk=pk, consultation__slug=slug)
    return documents if include_drafts else documents.filter(published_at__lte=timezone.now())


def response_for_user(*, consultation: Consultation, user: Any) -> Response | None:
    if user is None or not user.is_authenticated:
        return None
    return Response.objects.filter(consultation=consultation, user=user).first()
