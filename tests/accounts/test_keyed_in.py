"""Keying in a paper self-assessment for a carer without an account: the same forms and stored answers as online,
linked to (or making) the carer's assessment request, scoped to the provider's own organisation, and audited."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client

from accounts.keyed_in import keyed_in_assessment_save
from accounts.models import KeyedInSelfAssessment
from accounts.open_requests import CarerRequest, carers_assessment_request_open
from carers_portal.core.models import AuditEvent
from services.referrals.models import Referral, StaffMembership
from services.referrals.services.retention import referral_anonymise
from tests.accounts.support import KEY_IN_URL, PAPER_ABOUT, STEP_POSTS, key_in_data, submitted

pytestmark = pytest.mark.django_db


def _request_without_account(postcode: str = "ME14 1XX") -> Referral:
    """A carer's assessment request made on the public form, without an account."""
    request = CarerRequest(
        name="Pat Carer",
        postcode=postcode,
        best_time="any",
        relationship="parent",
        hours_band="20-34",
        carrying_on="with-support",
        consent=True,
        phone="07700 900 982",
    )
    return carers_assessment_request_open(request=request, submission_token=str(uuid.uuid4()))


def _key_in(client: Client, **kwargs: Any) -> Any:
    return client.post(KEY_IN_URL, key_in_data(token=kwargs.pop("token", str(uuid.uuid4())), **kwargs))


def test_provider_staff_key_in_a_form_as_a_new_request_routed_by_postcode(
    client: Client, staff_login: Any, providers: dict[str, Any], carer_factory: Any
) -> None:
    staff = providers["staff"]["west"]
    staff_login(client, staff)
    page = client.get(KEY_IN_URL)
    assert page.status_code == 200
    assert "Key in a paper self-assessment" in page.content.decode()

    response = _key_in(client)

    record = KeyedInSelfAssessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/accounts/keyedinselfassessment/{record.pk}/change/"
    assert record.channel == "paper"
    assert record.keyed_by == staff
    referral = record.referral
    assert referral.organisation == providers["west"] == record.organisation
    assert referral.service == providers["west_service"]
    assert referral.submitted_by is None
    assert (referral.name, referral.phone, referral.postcode) == ("Pat", "07700 900 982", "ME14 1XX")
    assert referral.attachment["type"] == "carers-self-assessment"
    assert referral.attachment["channel"] == "paper"
    assert Referral.Flag.CANNOT_CARRY_ON not in referral.flags  # "able: with support", "willing: yes"
    audit = AuditEvent.objects.get(object_type="accounts.KeyedInSelfAssessment", action=AuditEvent.Action.CREATE)
    assert audit.actor == staff
    assert audit.object_id == str(record.pk)
    assert referral.reference in audit.summary

    # The same answers given online are stored exactly alike, with the same indicative result.
    online = submitted(Client(), carer_factory)
    assert record.answers == online.answers
    assert (record.indication, record.reasons) == (online.indication, online.reasons)
    profile = {name: online.about["profile"][name] for name in (*PAPER_ABOUT, "district")}
    assert record.about == {"profile": {**profile, **PAPER_ABOUT, "district": "maidstone"}, "people": []}


def test_staff_key_in_a_form_for_the_carers_request_without_an_account(
    client: Client, staff_login: Any, providers: dict[str, Any]
) -> None:
    request = _request_without_account()
    staff_login(client, providers["staff"]["west"])
    referral_page = client.get(f"/staff/referrals/referral/{request.pk}/change/").content.decode()
    link = f"{KEY_IN_URL}?reference={request.reference}"
    assert f'href="{link}"' in referral_page
    assert f'value="{request.reference}"' in client.get(link).content.decode()

    response = _key_in(client, reference=request.reference.lower())

    assert response.status_code == 302
    record = KeyedInSelfAssessment.objects.get()
    assert record.referral == request
    assert Referral.objects.count() == 1
    referral_page = client.get(f"/staff/referrals/referral/{request.pk}/change/").content.decode()
    assert f"/staff/accounts/keyedinselfassessment/{record.pk}/change/" in referral_page
    record_page = client.get(response["Location"]).content.decode()
    assert request.reference in record_page
    assert "I had to cut my hours." in record_page  # answers, in words
    assert "I cannot do this without help" in record_page
    assert "How old are you?" in record_page
    assert "50 to 64" in record_page
    assert "You are likely to have eligible needs for support" in record_page
    viewed = AuditEvent.objects.filter(object_type=KeyedInSelfAssessment._meta.label, action=AuditEvent.Action.VIEW)
    assert [(event.actor, event.object_id) for event in viewed] == [(providers["staff"]["west"], str(record.pk))]


def test_another_providers_staff_can_neither_key_in_nor_read_it(
    client: Client, staff_login: Any, providers: dict[str, Any]
) -> None:
    request = _request_without_account()
    staff_login(client, providers["staff"]["east"])

    by_reference = _key_in(client, reference=request.reference).content.decode()
    assert "There is no carer&#x27;s assessment request with this reference" in by_reference
    by_postcode = _key_in(client).content.decode()
    assert "Involve covers this postcode. Send the paper form to them to key in" in by_postcode
    assert not KeyedInSelfAssessment.objects.exists()
    assert Referral.objects.count() == 1

    client.logout()
    staff_login(client, providers["staff"]["west"])
    record_url = _key_in(client, reference=request.reference)["Location"]
    client.logout()
    staff_login(client, providers["staff"]["east"])
    assert client.get(record_url).status_code == 302  # "does not exist": not in their queryset
    assert request.reference not in client.get("/staff/accounts/keyedinselfassessment/").content.decode()


def test_council_triage_staff_key_in_for_any_provider(
    client: Client, staff_login: Any, staff_user_factory: Any, providers: dict[str, Any]
) -> None:
    request = _request_without_account()
    staff_login(client, staff_user_factory(email="triage@kent.example.org", staff_role="council_triage"))
    assert _key_in(client, reference=request.reference).status_code == 302
    assert KeyedInSelfAssessment.objects.get().organisation == providers["west"]


def test_only_staff_the_policy_allows_open_the_page(
    client: Client, staff_login: Any, staff_user_factory: Any, user_factory: Any, providers: dict[str, Any]
) -> None:
    assert client.get(KEY_IN_URL).status_code == 302  # signed out: to sign in
    client.force_login(user_factory(email="carer@example.com"))
    assert client.get(KEY_IN_URL).status_code == 302  # a carer: the admin's sign-in
    client.logout()
    staff_login(client, staff_user_factory(email="lost@example.org", staff_role="provider"))  # no organisation
    assert client.get(KEY_IN_URL).status_code == 403
    assert _key_in(client).status_code == 403
    assert not KeyedInSelfAssessment.objects.exists()


def test_wrong_or_missing_answers_give_gov_uk_errors(
    client: Client, staff_login: Any, providers: dict[str, Any]
) -> None:
    staff_login(client, providers["staff"]["west"])
    data = key_in_data(token=str(uuid.uuid4()), consent=False)
    data.pop("caring-tasks")
    data["emergency-plan-contact_phone"] = "not a number"
    data["about-postcode"] = ""
    data.pop("outcome-home-ability")

    html = client.post(KEY_IN_URL, data).content.decode()

    assert "<title>Error: Key in a paper self-assessment" in html
    summary = html.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    for anchor, message in (
        ("id_request-consent", "Confirm the carer ticked the box to share their answers"),
        ("id_about-postcode", "Enter your postcode"),
        ("id_caring-tasks_1", "Select what you help with"),
        ("id_emergency-plan-contact_phone", "Enter a phone number, like 01622 123456 or 07700 900 982"),
        (
            "id_outcome-home-ability_1",
            "Select how well the carer manages &#x27;keeping your home clean and safe to live in&#x27;, or &#x27;Not "
            "relevant to me&#x27;",
        ),
    ):
        assert f'href="#{anchor}">{message}' in summary, anchor
        assert f'id="{anchor}"' in html, anchor
    assert len(re.findall(r'class="govuk-error-message"', html)) == 5
    assert 'value="not a number"' in html  # what was typed stays, to correct
    assert not KeyedInSelfAssessment.objects.exists()
    assert not Referral.objects.exists()


def test_a_double_submit_or_keying_the_same_form_again_stores_it_once(
    client: Client, staff_login: Any, providers: dict[str, Any]
) -> None:
    staff_login(client, providers["staff"]["west"])
    token = str(uuid.uuid4())
    first = _key_in(client, token=token)
    second = _key_in(client, token=token)
    assert first["Location"] == second["Location"]
    assert KeyedInSelfAssessment.objects.count() == 1
    assert Referral.objects.count() == 1
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.CREATE, object_type=KeyedInSelfAssessment._meta.label
        ).count()
        == 1
    )

    # The same paper form keyed in again for its request, from a fresh page, is the same record.
    reference = KeyedInSelfAssessment.objects.get().referral.reference
    third = _key_in(client, reference=reference)
    assert third["Location"] == first["Location"]
    assert KeyedInSelfAssessment.objects.count() == 1


def test_the_service_refuses_staff_the_policy_does_not_allow(
    providers: dict[str, Any], staff_user_factory: Any
) -> None:
    request = _request_without_account()
    manager = staff_user_factory(email="manager@east.example.org", staff_role="provider")
    StaffMembership.objects.create(user=manager, organisation=providers["east"], role=StaffMembership.Role.MANAGER)
    with pytest.raises(ValidationError) as refused:
        keyed_in_assessment_save(
            user=manager,
            reference=request.reference,
            about={**PAPER_ABOUT, "district": "maidstone"},
            answers=STEP_POSTS,
            submission_token=str(uuid.uuid4()),
        )
    assert "reference" in refused.value.message_dict
    assert not KeyedInSelfAssessment.objects.exists()


def test_the_retention_purge_removes_the_carers_answers_with_the_request(
    client: Client, staff_login: Any, providers: dict[str, Any]
) -> None:
    staff_login(client, providers["staff"]["west"])
    _key_in(client)
    record = KeyedInSelfAssessment.objects.get()
    with transaction.atomic():
        referral_anonymise(referral=record.referral)
    record.refresh_from_db()
    assert (record.answers, record.about, record.reasons) == ({}, {}, [])
    assert record.keyed_by == providers["staff"]["west"]  # who keyed it in, and when, stay for the audit
