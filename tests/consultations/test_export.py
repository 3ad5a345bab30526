"""The commissioners' CSV export: an online and a keyed-in paper response, columns, escaping, access."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from carers_portal.core.models import AuditEvent
from consultations.models import Consultation, Response
from tests.consultations.support import check_url, field, first_page, key_in_url, option_id, page, rows, second_page

pytestmark = pytest.mark.django_db


def paper_response(consultation: Consultation, token: str = "t-1") -> dict[str, Any]:
    return {
        "token": token,
        "channel": "paper",
        "received_on": "20/1/2025",
        field(consultation, "capacity"): option_id(consultation, "capacity", "Other"),
        field(consultation, "uses"): option_id(consultation, "uses", "No"),
        field(consultation, "agree"): option_id(consultation, "agree", "Strongly agree"),
        field(consultation, "why"): "@SUM(A1) handwritten, with a comma",
        field(consultation, "eq-sex"): option_id(consultation, "eq-sex", "Female"),
    }


def test_online_and_keyed_in_paper_responses_appear_in_the_export(
    consultation: Consultation, commissioner_client: Client
) -> None:
    resident = Client()
    resident.post(page(consultation, 1), first_page(consultation))
    resident.post(page(consultation, 2), second_page(consultation))
    resident.post(check_url(consultation), {})

    form = commissioner_client.get(key_in_url(consultation))
    assert form.status_code == 200
    assert "Key in a paper, email or phone response" in form.content.decode()
    saved = commissioner_client.post(key_in_url(consultation), paper_response(consultation))
    assert saved.status_code == 302
    # Pressing "Save" twice records the paper response once.
    commissioner_client.post(key_in_url(consultation), paper_response(consultation))
    assert Response.objects.filter(channel="paper").count() == 1
    paper = Response.objects.get(channel="paper")
    assert paper.keyed_in_by is not None
    assert paper.submitted_at is not None
    assert paper.submitted_at.date().isoformat() == "2025-01-20"

    export = commissioner_client.get(reverse("consultations:export", kwargs={"slug": consultation.slug}))
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
    table = rows(b"".join(export.streaming_content), excel=True)  # type: ignore[attr-defined]
    header = table[0]
    assert header[:5] == ["Response reference", "Submitted at", "Channel", "Respondent type", "District"]
    assert header[5:] == [
        "In what capacity are you responding?",
        "What is your postcode?",
        "Do you use a day service?",
        "Which activities do you go to?: Lunch club",
        "Which activities do you go to?: Exercise",
        "Which activities do you go to?: Art",
        "Which activities do you go to?: Trips",
        "Do you agree with the proposal?",
        "Why do you say that?",
        "How many visits a month?",
    ]
    assert all(len(row) == len(header) for row in table)
    by_channel = {row[2]: dict(zip(header, row, strict=True)) for row in table[1:]}
    online, paper_row = by_channel["Online"], by_channel["Paper"]
    assert online["Respondent type"] == "As a Kent resident"
    assert online["Which activities do you go to?: Lunch club"] == "Yes"
    assert online["Which activities do you go to?: Exercise"] == ""
    assert online["Why do you say that?"] == "'=1+2 the lunch club matters"  # formula injection escaped
    assert online["Do you agree with the proposal?"] == "Tend to disagree"
    assert paper_row["Response reference"] == paper.reference
    assert paper_row["Why do you say that?"] == "'@SUM(A1) handwritten, with a comma"
    assert paper_row["Which activities do you go to?: Lunch club"] == ""
    assert "What is your sex?" not in header  # equality answers are exported separately

    plain = commissioner_client.get(
        reverse("consultations:export", kwargs={"slug": consultation.slug}) + "?format=plain"
    )
    plain_body = b"".join(plain.streaming_content)  # type: ignore[attr-defined]
    assert not plain_body.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" not in plain_body
    assert rows(plain_body, excel=False) == table

    equality = commissioner_client.get(reverse("consultations:export_equality", kwargs={"slug": consultation.slug}))
    equality_table = rows(b"".join(equality.streaming_content), excel=True)  # type: ignore[attr-defined]
    assert equality_table[0][:3] == ["Response reference", "Submitted at", "Channel"]
    assert "What is your sex?" in equality_table[0]
    assert "Do you agree with the proposal?" not in equality_table[0]
    paper_equality = next(r for r in equality_table if r[0] == paper.reference)
    assert paper_equality[equality_table[0].index("What is your sex?")] == "Female"

    exports = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, object_id=str(consultation.pk))
    assert exports.count() == 3


def test_only_commissioners_can_export(consultation: Consultation, staff_user_factory: Any, staff_login: Any) -> None:
    url = reverse("consultations:export", kwargs={"slug": consultation.slug})
    assert Client().get(url).status_code == 302  # to sign in
    provider = staff_login(Client(), staff_user_factory(email="provider@example.com", staff_role="provider"))
    assert provider.get(url).status_code == 403
    assert provider.get(key_in_url(consultation)).status_code in {302, 403}
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_keyed_in_response_with_a_bad_answer_is_refused_whole(
    consultation: Consultation, commissioner_client: Client
) -> None:
    data = paper_response(consultation) | {field(consultation, "agree"): "999999"}
    assert commissioner_client.post(key_in_url(consultation), data).status_code == 400
    missing = paper_response(consultation, token="t-2")
    del missing[field(consultation, "capacity")]
    response = commissioner_client.post(key_in_url(consultation), missing)
    assert response.status_code == 200
    assert "Select an answer" in response.content.decode()
    assert not Response.objects.exists()


def test_a_commissioner_must_set_up_then_use_two_step_verification_before_exporting(
    consultation: Consultation, user_factory: Any, staff_user_factory: Any, staff_login: Any
) -> None:
    url = reverse("consultations:export", kwargs={"slug": consultation.slug}) + "?format=plain&x=1"
    without_authenticator = Client()
    without_authenticator.force_login(
        user_factory(email="new-commissioner@example.com", is_staff=True, staff_role="commissioner")
    )
    response = without_authenticator.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/2fa/totp/activate/?next=")
    assert "format%3Dplain%26x%3D1" in response["Location"]  # the whole address comes back

    password_only = Client()
    password_only.force_login(staff_user_factory(email="commissioner2@example.com", staff_role="commissioner"))
    assert password_only.get(url)["Location"].startswith("/account/2fa/reauthenticate/?next=")

    verified = staff_login(Client(), staff_user_factory(email="commissioner3@example.com", staff_role="commissioner"))
    assert verified.get(url).status_code == 200
    assert not AuditEvent.objects.filter(actor_email__in=["new-commissioner@example.com"]).exists()
