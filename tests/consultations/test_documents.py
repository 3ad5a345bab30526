"""Consultation documents are served by a view that checks publication, from whichever storage holds them."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consultations.models import Document
from tests.consultations.support import build_consultation

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% the consultation document\n%%EOF\n"


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)  # a real file system storage, away from var/media
    return tmp_path


def add_document(consultation: Any, title: str, *, published_at: Any, content: bytes = PDF) -> Document:
    # As the staff admin does it: an upload, checked, then stored.
    upload = SimpleUploadedFile("proposal.pdf", content)
    document = Document(consultation=consultation, title=title, published_at=published_at, file=upload)
    document.full_clean()
    document.save()
    return document


@pytest.fixture
def documents(media: Path) -> dict[str, Document]:
    consultation = build_consultation()
    now = timezone.now()
    return {
        "published": add_document(consultation, "Our proposal", published_at=now - timedelta(days=1)),
        "draft": add_document(consultation, "Equality impact assessment", published_at=None),
        "scheduled": add_document(consultation, "Easy read version", published_at=now + timedelta(days=2)),
    }


def test_the_public_opens_a_published_document_through_the_portal(client: Client, documents: Any) -> None:
    document = documents["published"]
    url = document.get_absolute_url()
    assert url == f"/consultations/day-services/documents/{document.pk}/our-proposal.pdf"

    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="our-proposal.pdf"'
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert "public" in response["Cache-Control"]


def test_unpublished_documents_are_404_and_unlisted_for_the_public(client: Client, documents: Any) -> None:
    for name in ("draft", "scheduled"):
        assert client.get(documents[name].get_absolute_url()).status_code == 404, name

    page = client.get("/consultations/day-services/").content.decode()

    assert "Our proposal" in page
    assert documents["published"].get_absolute_url() in page
    assert "Equality impact assessment" not in page
    assert "Easy read version" not in page


def test_a_commissioner_sees_drafts_but_a_provider_does_not(
    client: Client, documents: Any, staff_user_factory: Any, staff_login: Any
) -> None:
    commissioner = staff_login(Client(), staff_user_factory(email="c@example.org", staff_role="commissioner"))
    provider = staff_login(Client(), staff_user_factory(email="p@example.org", staff_role="provider"))
    draft = documents["draft"].get_absolute_url()

    response = commissioner.get(draft)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert "Draft: staff only" in commissioner.get("/consultations/day-services/").content.decode()
    assert provider.get(draft).status_code == 404


def test_a_document_has_one_address(client: Client, documents: Any) -> None:
    document = documents["published"]
    assert client.get(f"/consultations/day-services/documents/{document.pk}/other-name.pdf").status_code == 404
    other = build_consultation("another-one")
    assert client.get(f"/consultations/{other.slug}/documents/{document.pk}/our-proposal.pdf").status_code == 404
    # Uploaded files are never served straight from MEDIA_URL, which would skip the publication check.
    assert client.get(f"/media/{documents['draft'].file.name}").status_code == 404


def test_documents_must_be_what_they_claim_to_be(media: Path) -> None:
    from django.core.exceptions import ValidationError

    consultation = build_consultation()
    with pytest.raises(ValidationError, match="must be a PDF, DOCX, ODT, RTF or TXT"):
        add_document(consultation, "Fake", published_at=None, content=b"MZ\x90\x00 not a pdf")
    assert not Document.objects.filter(title="Fake").exists()
    assert not list(media.rglob("*.pdf")), "a refused upload is never stored"


class _FormValues(HTMLParser):
    """The values a browser would send for the admin's change form (files and unticked boxes aside)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._in_form = a.get("id") == "consultation_form"
        if not self._in_form or "name" not in a:
            if tag == "option" and self._select and "selected" in a:
                self.values.append((self._select, a.get("value", "")))
            return
        if tag == "input" and a.get("type") not in {"file", "submit", "checkbox", "radio"}:
            self.values.append((a["name"], a.get("value", "")))
        elif tag == "input" and a.get("type") in {"checkbox", "radio"} and "checked" in a:
            self.values.append((a["name"], a.get("value", "on")))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values.append((a["name"], ""))
        elif tag == "select":
            self._select = a["name"]

    def handle_data(self, data: str) -> None:
        if self._textarea:
            name, value = self.values[-1]
            self.values[-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def test_a_commissioner_uploads_and_publishes_a_document_in_the_staff_admin(
    client: Client, media: Path, staff_user_factory: Any, staff_login: Any
) -> None:
    consultation = build_consultation()
    commissioner = staff_login(Client(), staff_user_factory(email="c@example.org", staff_role="commissioner"))
    url = reverse("admin:consultations_consultation_change", args=[consultation.pk])
    parser = _FormValues()
    parser.feed(commissioner.get(url).content.decode())
    data: dict[str, Any] = {}
    for name, value in parser.values:
        data.setdefault(name, []).append(value)
    now = timezone.localtime()
    data |= {
        "documents-TOTAL_FORMS": ["1"],
        "documents-0-order": ["1"],
        "documents-0-title": ["Our proposal"],
        "documents-0-kind": ["consultation"],
        "documents-0-file": SimpleUploadedFile("proposal.pdf", PDF, "application/pdf"),
        "documents-0-published_at_0": [now.strftime("%d/%m/%Y")],
        "documents-0-published_at_1": [(now - timedelta(minutes=5)).strftime("%H:%M:%S")],
    }

    response = commissioner.post(url, data)

    assert response.status_code == 302, [
        response.context["adminform"].form.errors,
        *[formset.formset.errors for formset in response.context["inline_admin_formsets"]],
    ]
    document = Document.objects.get(consultation=consultation)
    opened = client.get(document.get_absolute_url())
    assert opened.status_code == 200
    assert b"".join(opened.streaming_content) == PDF  # type: ignore[attr-defined]
