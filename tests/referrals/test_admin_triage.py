"""Triage in the staff admin: transitions through the service function, notes, contact attempts, assignment."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from carers_portal.core.models import AuditEvent, OutboundEmail
from services.referrals.models import Referral
from tests.referrals.admin_support import CHANGELIST, change_form_data, change_url


@pytest.fixture
def setup(service_factory: Any, organisation_factory: Any, referral_factory: Any, provider_staff: Any) -> Any:
    organisation = organisation_factory(name="Porchlight")
    referral = referral_factory(service=service_factory(organisation=organisation))
    return {"referral": referral, "staff": provider_staff(organisation, email="worker@porchlight.example.org")}


def _save(client: Any, referral: Referral, **fields: Any) -> Any:
    return client.post(change_url(referral), change_form_data(referral, **fields), follow=True)


@pytest.mark.django_db
def test_staff_move_a_referral_through_triage_and_the_referrer_hears_about_it(
    client: Any, staff_login: Any, setup: Any
) -> None:
    referral, staff = setup["referral"], setup["staff"]
    staff_login(client, staff)

    _save(client, referral, move_to="in_triage")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.IN_TRIAGE

    _save(client, referral, move_to="accepted")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert referral.accepted_at is not None
    assert referral.triaged_at is not None

    _save(client, referral, move_to="closed")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CLOSED
    assert referral.closed_at is not None

    history = list(referral.status_changes.values_list("to_status", flat=True))
    assert history == ["new", "in_triage", "accepted", "closed"]
    updates = OutboundEmail.objects.filter(category="referral_status", to=referral.email).order_by("pk")
    assert [e.subject for e in updates] == [
        f"Update on your request {referral.reference}: in triage",
        f"Update on your request {referral.reference}: accepted",
        f"Update on your request {referral.reference}: closed",
    ]
    summaries = set(
        AuditEvent.objects.filter(object_id=str(referral.pk), action="change").values_list("summary", flat=True)
    )
    assert "Status: In triage -> Accepted" in summaries


@pytest.mark.django_db
def test_an_illegal_transition_is_refused_with_a_message(client: Any, staff_login: Any, setup: Any) -> None:
    referral = setup["referral"]
    staff_login(client, setup["staff"])
    page = _save(client, referral, move_to="accepted").content.decode()
    # "accepted" is not even offered from New; posting it anyway is refused by the form.
    assert "Select a valid choice" in page
    referral.refresh_from_db()
    assert referral.status == Referral.Status.NEW


@pytest.mark.django_db
def test_declining_needs_a_reason(client: Any, staff_login: Any, setup: Any) -> None:
    referral = setup["referral"]
    staff_login(client, setup["staff"])
    _save(client, referral, move_to="in_triage")

    page = _save(client, referral, move_to="declined").content.decode()
    assert "Enter the reason for declining this referral" in page
    referral.refresh_from_db()
    assert referral.status == Referral.Status.IN_TRIAGE

    _save(client, referral, move_to="declined", reason="Lives outside the area; passed details of Medway service")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DECLINED
    assert referral.decline_reason.startswith("Lives outside")
    # The reason is internal: the email to the person does not include it.
    email = OutboundEmail.objects.filter(category="referral_status").latest("pk")
    assert "outside the area" not in email.body_text


@pytest.mark.django_db
def test_notes_and_contact_attempts_are_timestamped_and_cannot_be_edited(
    client: Any, staff_login: Any, setup: Any
) -> None:
    referral, staff = setup["referral"], setup["staff"]
    staff_login(client, staff)
    made_at = timezone.localtime() - timedelta(hours=2)
    _save(
        client,
        referral,
        notes=["Called GP surgery to check details."],
        attempts=[
            {
                "made_at_0": made_at.strftime("%d/%m/%Y"),
                "made_at_1": made_at.strftime("%H:%M:%S"),
                "method": "phone",
                "outcome": "no_answer",
                "note": "Tried mobile",
            }
        ],
    )
    note = referral.notes.get()
    assert note.author == staff
    assert note.text == "Called GP surgery to check details."
    attempt = referral.contact_attempts.get()
    assert (attempt.made_by, attempt.method, attempt.outcome) == (staff, "phone", "no_answer")

    # Existing notes show read only; posting a changed text changes nothing.
    page = client.get(change_url(referral)).content.decode()
    assert "Called GP surgery to check details." in page
    assert staff.email in page  # who wrote it and who called, as text...
    assert "/accounts/user/" not in page  # ...not links to the user admin, which provider staff cannot open
    data = change_form_data(referral)
    data["notes-0-text"] = "Rewritten history"
    client.post(change_url(referral), data)
    note.refresh_from_db()
    assert note.text == "Called GP surgery to check details."
    summaries = list(AuditEvent.objects.filter(object_id=str(referral.pk)).values_list("summary", flat=True))
    assert "Internal note added" in summaries
    assert "Contact attempt: Phone call, No answer" in summaries


@pytest.mark.django_db
def test_a_referral_can_be_assigned_only_to_staff_who_can_see_it(
    client: Any, staff_login: Any, setup: Any, organisation_factory: Any, provider_staff: Any
) -> None:
    referral, staff = setup["referral"], setup["staff"]
    outsider = provider_staff(organisation_factory(name="Elsewhere"))
    staff_login(client, staff)

    page = _save(client, referral, assigned_to=outsider.pk).content.decode()
    assert "Select a valid choice" in page
    referral.refresh_from_db()
    assert referral.assigned_to is None

    _save(client, referral, assigned_to=staff.pk)
    referral.refresh_from_db()
    assert referral.assigned_to == staff


@pytest.mark.django_db
def test_only_commissioners_can_place_a_legal_hold(
    client: Any, staff_login: Any, setup: Any, staff_user_factory: Any
) -> None:
    referral = setup["referral"]
    staff_login(client, setup["staff"])
    _save(client, referral, legal_hold="on")
    referral.refresh_from_db()
    assert referral.legal_hold is False

    client.logout()
    staff_login(client, staff_user_factory(email="c@kent.gov.uk", staff_role="commissioner"))
    _save(client, referral, legal_hold="on")
    referral.refresh_from_db()
    assert referral.legal_hold is True


@pytest.mark.django_db
def test_bulk_start_triage_reports_what_the_rules_refused(client: Any, staff_login: Any, setup: Any) -> None:
    referral = setup["referral"]
    staff_login(client, setup["staff"])
    client.post(CHANGELIST, {"action": "start_triage", "_selected_action": [referral.pk]})
    page = client.post(
        CHANGELIST, {"action": "start_triage", "_selected_action": [referral.pk]}, follow=True
    ).content.decode()
    assert "0 referral(s) moved to in triage" in page
    assert "This referral is already in triage" in page


@pytest.mark.django_db
def test_the_queue_shows_working_days_waiting_and_filters_overdue_and_district(
    client: Any, staff_login: Any, setup: Any, referral_factory: Any
) -> None:
    old = setup["referral"]
    staff_login(client, setup["staff"])
    # Submitted on Monday 16 November 2026; today is Friday 20 November: 4 working days, overdue.
    Referral.objects.filter(pk=old.pk).update(submitted_at=timezone.make_aware(timezone.datetime(2026, 11, 16, 10)))
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 11, 20, 12)), tick=False):
        fresh = referral_factory(service=old.service, postcode="CT9 1XZ")
        page = client.get(CHANGELIST).content.decode()
        assert "Working days waiting" in page
        overdue = client.get(CHANGELIST, {"overdue": "triage"}).content.decode()
        district = client.get(CHANGELIST, {"district": "thanet"}).content.decode()
    assert change_url(old) in overdue
    assert change_url(fresh) not in overdue
    assert "Not triaged within 2 working days" in overdue
    assert change_url(fresh) in district
    assert change_url(old) not in district


@pytest.mark.django_db
def test_an_attachment_shows_read_only_on_the_change_page(
    client: Any, staff_login: Any, setup: Any, service_factory: Any
) -> None:
    from services.referrals.services.submit import referral_submit
    from tests.referrals.factories import DETAILS

    referral = referral_submit(
        service=setup["referral"].service,
        details=DETAILS,
        submission_token="attach",
        attachment_title="Carer's self-assessment",
        attachment={"Hours caring each week": "50 or more", "Notes": "<script>alert(1)</script>"},
    )
    staff_login(client, setup["staff"])
    page = client.get(change_url(referral)).content.decode()
    assert "Carer&#x27;s self-assessment" in page
    assert "Hours caring each week" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page
