"""referral_submit: what it stores, the emails it promises, idempotency, validation."""

from __future__ import annotations

import re
import threading
from dataclasses import replace
from typing import Any

import pytest
from django.db import connection

from carers_portal.core.models import AuditEvent, OutboundEmail
from services.referrals.models import Referral
from services.referrals.services.submit import ReferralInvalid, referral_reference_next, referral_submit
from tests.referrals.factories import DETAILS


@pytest.mark.django_db
def test_a_referral_is_stored_with_a_reference_and_the_organisation_of_its_service(service_factory: Any) -> None:
    service = service_factory()

    referral = referral_submit(service=service, details=DETAILS, submission_token="t1")

    assert re.fullmatch(r"KCP-R-20\d\d-\d{6}", referral.reference)
    assert referral.organisation == service.organisation
    assert referral.status == Referral.Status.NEW
    assert referral.postcode == "DA1 1DX"
    assert referral.district == "dartford"
    assert referral.status_changes.get().to_status == Referral.Status.NEW
    assert AuditEvent.objects.filter(object_id=str(referral.pk), action="create").exists()


@pytest.mark.django_db
def test_references_come_from_a_sequence_and_never_repeat() -> None:
    first = referral_reference_next()
    second = referral_reference_next()
    assert int(second[-6:]) == int(first[-6:]) + 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_value FROM referrals_reference_seq")
        assert cursor.fetchone()[0] == int(second[-6:])


@pytest.mark.django_db
def test_the_provider_is_told_without_personal_details_and_the_referrer_gets_a_receipt(service_factory: Any) -> None:
    service = service_factory()
    referral = referral_submit(
        service=service, details=replace(DETAILS, risk_reported=True), submission_token="t-emails"
    )

    inbox = OutboundEmail.objects.get(category="referral_new")
    assert inbox.to == service.organisation.referrals_email
    assert referral.reference in inbox.body_text
    assert f"/staff/referrals/referral/{referral.pk}/change/" in inbox.body_text
    assert "at immediate risk" in inbox.body_text
    for personal in (DETAILS.name, DETAILS.phone, DETAILS.email, DETAILS.postcode, "money worries"):
        assert personal not in inbox.body_text
        assert personal not in inbox.subject

    receipt = OutboundEmail.objects.get(category="referral_receipt")
    assert receipt.to == DETAILS.email
    assert referral.reference in receipt.body_text
    assert referral.get_status_url() in receipt.body_text


@pytest.mark.django_db
def test_no_receipt_without_an_email_address(service_factory: Any) -> None:
    referral_submit(
        service=service_factory(), details=replace(DETAILS, email="", phone="01632 960 001"), submission_token="t-ne"
    )
    assert not OutboundEmail.objects.filter(category="referral_receipt").exists()
    assert OutboundEmail.objects.filter(category="referral_new").count() == 1


@pytest.mark.django_db
def test_the_same_submission_token_stores_one_referral_and_one_set_of_emails(service_factory: Any) -> None:
    service = service_factory()
    first = referral_submit(service=service, details=DETAILS, submission_token="same")
    second = referral_submit(service=service, details=replace(DETAILS, name="Changed"), submission_token="same")

    assert first.pk == second.pk
    assert Referral.objects.count() == 1
    assert OutboundEmail.objects.count() == 2  # one inbox notice, one receipt


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_with_one_token_store_one_referral(service_factory: Any) -> None:
    service = service_factory()
    results: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def submit() -> None:
        try:
            barrier.wait()
            results.append(referral_submit(service=service, details=DETAILS, submission_token="race").pk)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert len(set(results)) == 1
    assert Referral.objects.count() == 1
    assert OutboundEmail.objects.filter(category="referral_new").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent": False}, "must agree"),
        ({"phone": "", "email": "", "address": ""}, "at least one way to contact"),
        ({"name": "  "}, "Enter the name"),
        ({"help_wanted": ""}, "Say what help"),
        ({"who_needs_support": "someone_i_care_for", "cared_for_agrees": False}, "must know about and agree"),
        ({"name": "x" * 151}, "name"),
        ({"help_wanted": "x" * 1001}, "1,000 characters or fewer"),
        ({"address": "x" * 501}, "500 characters or fewer"),
        ({"email": "not-an-email"}, "email"),
        ({"age_band": "ancient"}, "age_band"),
    ],
)
def test_details_that_cannot_make_a_referral_are_refused(
    service_factory: Any, changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ReferralInvalid, match=message):
        referral_submit(service=service_factory(), details=replace(DETAILS, **changes), submission_token="bad")
    assert Referral.objects.count() == 0
    assert OutboundEmail.objects.count() == 0


@pytest.mark.django_db
def test_an_attachment_is_stored_with_the_referral(service_factory: Any, user_factory: Any) -> None:
    carer = user_factory(email="carer@example.com")
    snapshot = {"Caring role": {"Hours a week": "50 or more", "Who": "My mother"}, "Outcomes": ["A break"]}

    referral = referral_submit(
        service=service_factory(),
        details=DETAILS,
        user=carer,
        submission_token="with-attachment",
        attachment_title="Carer's self-assessment",
        attachment=snapshot,
    )

    referral.refresh_from_db()
    assert referral.attachment == snapshot
    assert referral.attachment_title == "Carer's self-assessment"
    assert referral.submitted_by == carer


@pytest.mark.django_db
def test_an_oversized_attachment_is_refused(service_factory: Any, settings: Any) -> None:
    settings.REFERRAL_ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(ReferralInvalid, match="too large"):
        referral_submit(
            service=service_factory(), details=DETAILS, submission_token="big", attachment={"text": "x" * 200}
        )
