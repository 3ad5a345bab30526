"""The respond journey as a resident would use it: pages, conditions, save and resume, submit."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carers_portal.core.models import OutboundEmail
from consultations.models import Answer, Consultation, EqualityAnswer, Response
from services.models import Postcode
from tests.consultations.support import check_url, field, first_page, option_id, page, second_page

pytestmark = pytest.mark.django_db


def test_anonymous_resident_saves_resumes_by_email_link_and_submits(consultation: Consultation) -> None:
    Postcode.objects.create(postcode="CT5 1AA", latitude=51.36, longitude=1.02, district="canterbury")
    client = Client()
    detail = client.get(consultation.get_absolute_url())
    assert "Respond online" in detail.content.decode()

    assert client.get(reverse("consultations:respond", kwargs={"slug": consultation.slug}))["Location"] == page(
        consultation, 1
    )
    response = client.post(page(consultation, 1), first_page(consultation, save="Save and come back later"))
    assert response["Location"] == reverse("consultations:respond_save", kwargs={"slug": consultation.slug})
    draft = Response.objects.get()
    assert draft.status == Response.Status.DRAFT
    assert not Answer.objects.exists()  # drafts never write answer rows

    response = client.post(response["Location"], {"email": "resident@example.com"})
    assert "Check your email" in response.content.decode()
    email = OutboundEmail.objects.get(category="consultation-resume")
    assert email.to == "resident@example.com"
    link = re.search(r"http://\S+/respond/resume/\S+/", email.body_text)
    assert link is not None

    # Later, on another device: the link brings the draft back.
    other = Client()
    resumed = other.get(link.group(0).replace("http://127.0.0.1:8000", ""))
    assert resumed["Location"] == check_url(consultation)
    assert other.get(page(consultation, 1)).context["form"].initial[field(consultation, "capacity")]
    response = other.post(page(consultation, 2), second_page(consultation))
    assert response["Location"] == page(consultation, 3)
    response = other.post(
        page(consultation, 3),
        {field(consultation, "eq-age"): option_id(consultation, "eq-age", "65–74")},  # noqa: RUF001
    )
    assert response["Location"] == check_url(consultation)

    check = other.get(check_url(consultation)).content.decode()
    assert "Lunch club, Art" in check
    assert "Tend to disagree" in check

    response = other.post(check_url(consultation), {"email": "resident@example.com"})
    assert response["Location"] == reverse("consultations:respond_done", kwargs={"slug": consultation.slug})
    done = other.get(response["Location"]).content.decode()
    submitted = Response.objects.get()
    assert submitted.status == Response.Status.SUBMITTED
    assert submitted.reference in done
    assert submitted.channel == "online"
    assert submitted.respondent_type == "As a Kent resident"
    assert (submitted.postcode, submitted.district) == ("CT5 1AA", "Canterbury")
    assert submitted.draft == {}
    assert Answer.objects.filter(response=submitted).count() == 8  # two rows for the two activities chosen
    assert EqualityAnswer.objects.filter(response=submitted).count() == 1
    receipt = OutboundEmail.objects.get(category="consultation-receipt")
    assert submitted.reference in receipt.subject

    # Submitting again (a double click, or the back button) changes nothing.
    again = other.post(check_url(consultation), {"email": "resident@example.com"})
    assert "already" in again.content.decode()
    assert Response.objects.count() == 1
    assert OutboundEmail.objects.filter(category="consultation-receipt").count() == 1


def test_conditional_question_is_dropped_when_its_condition_is_not_met(consultation: Consultation) -> None:
    client = Client()
    client.post(page(consultation, 1), first_page(consultation))
    data = second_page(consultation) | {field(consultation, "uses"): option_id(consultation, "uses", "No")}
    client.post(page(consultation, 2), data)
    draft = Response.objects.get()
    assert draft.draft[str(consultation.questions.get(code="which").pk)] == ""
    assert "Lunch club" not in client.get(check_url(consultation)).content.decode()


def test_validation_errors_use_gov_uk_wording(consultation: Consultation) -> None:
    client = Client()
    response = client.post(page(consultation, 1), {field(consultation, "postcode"): "XX99 nope"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Select an answer" in body
    assert "Enter a real postcode, like ME14 1XX" in body
    client.post(page(consultation, 1), first_page(consultation))
    data = second_page(consultation) | {
        field(consultation, "visits"): "lots",
        field(consultation, "which"): [option_id(consultation, "which", t) for t in ["Lunch club", "Art", "Trips"]],
    }
    body = client.post(page(consultation, 2), data).content.decode()
    assert "Enter a number, like 12" in body
    assert "Select up to 2 options" in body


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (lambda c: {"q999999": "x"}, "is not on this page"),
        (lambda c: {field(c, "capacity"): "123456789"}, "is not an option"),
        (lambda c: {field(c, "capacity"): option_id(c, "uses", "Yes")}, "is not an option"),
        (
            lambda c: {
                field(c, "capacity"): [
                    option_id(c, "capacity", "As a Kent resident"),
                    option_id(c, "capacity", "Other"),
                ]
            },
            "Only one answer",
        ),
        (lambda c: {field(c, "postcode"): ["CT1 1AA", "CT2 2BB"]}, "Only one answer"),
        (lambda c: {field(c, "postcode"): "C" * 500}, "characters or fewer"),
    ],
)
def test_tampered_posts_get_a_clear_400_and_nothing_is_saved(
    consultation: Consultation, tamper: Any, message: str
) -> None:
    client = Client()
    response = client.post(page(consultation, 1), first_page(consultation) | tamper(consultation))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Response.objects.exists()


def test_tampered_second_page_leaves_the_draft_as_it_was(consultation: Consultation) -> None:
    client = Client()
    client.post(page(consultation, 1), first_page(consultation))
    before = Response.objects.get().draft
    data = second_page(consultation) | {field(consultation, "why"): "x" * 201}
    assert client.post(page(consultation, 2), data).status_code == 400
    assert Response.objects.get().draft == before


def test_nothing_is_accepted_before_opening(db: Any) -> None:
    from tests.consultations.support import build_consultation

    upcoming = build_consultation("upcoming", opens_in_days=5, closes_in_days=30)
    client = Client()
    body = client.get(page(upcoming, 1)).content.decode()
    assert "not open yet" in body
    response = client.post(page(upcoming, 1), first_page(upcoming))
    assert response.status_code == 403
    assert not Response.objects.exists()


def test_a_draft_begun_while_open_cannot_be_submitted_after_closing(consultation: Consultation) -> None:
    client = Client()
    client.post(page(consultation, 1), first_page(consultation))
    client.post(page(consultation, 2), second_page(consultation))
    with time_machine.travel(consultation.closes_at + timedelta(minutes=1)):
        response = client.post(check_url(consultation), {})
        assert response.status_code == 403
        assert "This consultation has closed" in response.content.decode()
        assert client.post(page(consultation, 2), second_page(consultation)).status_code == 403
    assert Response.objects.get().status == Response.Status.DRAFT
    assert not Answer.objects.exists()


def test_signed_in_answers_are_saved_automatically_and_only_one_response_is_allowed(
    consultation: Consultation, user_factory: Any
) -> None:
    user = user_factory(email="carer@example.com")
    client = Client()
    client.force_login(user)
    client.post(page(consultation, 1), first_page(consultation, save="Save and come back later"))
    assert Response.objects.get().user == user

    # A new session (another device) carries on from the saved answers.
    other = Client()
    other.force_login(user)
    assert "Continue your response" in other.get(consultation.get_absolute_url()).content.decode()
    other.post(page(consultation, 2), second_page(consultation))
    assert other.post(check_url(consultation), {}).status_code == 302
    submitted = Response.objects.get()
    assert submitted.status == Response.Status.SUBMITTED
    assert "already responded" in other.get(page(consultation, 1)).content.decode()
    assert other.post(page(consultation, 1), first_page(consultation)).status_code == 200
    assert Response.objects.count() == 1


def test_submit_sends_people_back_to_a_missing_required_answer(consultation: Consultation) -> None:
    client = Client()
    client.post(page(consultation, 1), first_page(consultation))
    response = client.post(check_url(consultation), {})
    assert response["Location"] == page(consultation, 2)  # "Do you use a day service?" is required
    assert Response.objects.get().status == Response.Status.DRAFT


def test_honeypot_pretends_success_and_saves_nothing(consultation: Consultation) -> None:
    client = Client()
    client.post(page(consultation, 1), first_page(consultation))
    client.post(page(consultation, 2), second_page(consultation))
    response = client.post(check_url(consultation), {"website": "http://spam.example"})
    assert response.status_code == 302
    assert Response.objects.get().status == Response.Status.DRAFT


def test_anonymous_drafts_are_rate_limited(consultation: Consultation, settings: Any) -> None:
    from consultations.views.responding import ANONYMOUS_DRAFTS_PER_HOUR

    for _ in range(ANONYMOUS_DRAFTS_PER_HOUR):
        assert Client().post(page(consultation, 1), first_page(consultation)).status_code == 302
    response = Client().post(page(consultation, 1), first_page(consultation))
    assert response.status_code == 429
    assert Response.objects.count() == ANONYMOUS_DRAFTS_PER_HOUR


def test_consultation_list_groups_open_upcoming_and_closed(consultation: Consultation) -> None:
    from tests.consultations.support import build_consultation

    build_consultation("later", opens_in_days=10, closes_in_days=40)
    closed = build_consultation("finished", opens_in_days=-40, closes_in_days=-10)
    Consultation.objects.filter(pk=closed.pk).update(results_published_at=timezone.now() - timedelta(days=1))
    body = Client().get(reverse("consultations:list")).content.decode()
    assert body.index("Open consultations") < body.index("/consultations/day-services/") < body.index("Coming soon")
    assert body.index("Coming soon") < body.index("/consultations/later/") < body.index("Closed consultations")
    assert "Results published" in body
