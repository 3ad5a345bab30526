"""The staff admin for consultations: commissioners only; standard questions; exports as an action."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carers_portal.core.models import AuditEvent
from consultations.models import Consultation, Question, Response, Section
from tests.consultations.support import build_consultation

pytestmark = pytest.mark.django_db


def test_commissioner_adds_the_standard_questions_once(commissioner_client: Client) -> None:
    consultation = Consultation.objects.create(
        title="New",
        slug="new",
        summary="s",
        body="b",
        opens_at=timezone.now(),
        closes_at=timezone.now() + timezone.timedelta(days=9),
    )
    url = reverse("admin:consultations_consultation_changelist")
    for _ in range(2):
        response = commissioner_client.post(
            url, {"action": "add_standard_questions", "_selected_action": [consultation.pk]}
        )
        assert response.status_code == 302
    capacity = Question.objects.get(consultation=consultation, code="capacity")
    assert capacity.options.count() == 5
    equality = Section.objects.get(consultation=consultation, is_equality=True)
    assert equality.questions.count() == 11
    assert all(
        q.options.filter(text="Prefer not to say").exists()
        for q in equality.questions.exclude(kind=Question.Kind.SHORT_TEXT)
    )
    ethnic = equality.questions.get(code="eq-ethnicity")
    assert ethnic.options.count() == 20  # 19 Census 2021 groups and "Prefer not to say"
    for path in [
        reverse("admin:consultations_consultation_change", args=[consultation.pk]),
        reverse("admin:consultations_section_change", args=[equality.pk]),
        reverse("admin:consultations_question_change", args=[capacity.pk]),
        reverse("consultations:preview", kwargs={"slug": consultation.slug}),
    ]:
        assert commissioner_client.get(path).status_code == 200, path


def test_export_admin_action_streams_and_is_audited(commissioner_client: Client) -> None:
    consultation = build_consultation()
    call_command("generate_responses", consultation.slug, "--count", "25")
    response = commissioner_client.post(
        reverse("admin:consultations_consultation_changelist"),
        {"action": "export_responses", "_selected_action": [consultation.pk]},
    )
    body = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    assert body.startswith("\ufeff")
    assert body.count("\r\n") == 26
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 1
    assert Response.objects.filter(status="submitted").count() == 25
    view = commissioner_client.get(reverse("admin:consultations_response_change", args=[Response.objects.first().pk]))  # type: ignore[union-attr]
    assert view.status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, object_type="consultations.Response").exists()


def test_provider_staff_cannot_see_consultation_admin(staff_user_factory: Any, staff_login: Any) -> None:
    provider = staff_login(Client(), staff_user_factory(email="provider@example.com", staff_role="provider"))
    assert provider.get(reverse("admin:consultations_response_changelist")).status_code == 403
    assert provider.get(reverse("admin:consultations_consultation_changelist")).status_code == 403


def test_documents_are_limited_in_type_and_size() -> None:
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from consultations.models import Document

    consultation = build_consultation()
    document = Document(
        consultation=consultation, title="Easy read", kind="easy-read", file=SimpleUploadedFile("easy.pdf", b"%PDF-1")
    )
    document.full_clean()
    assert document.size_bytes == 6
    with pytest.raises(ValidationError):
        Document(consultation=consultation, title="x", file=SimpleUploadedFile("run.exe", b"MZ")).full_clean()
