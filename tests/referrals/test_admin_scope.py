"""Provider staff see and change only their organisation's referrals; commissioners see all.

Every way in is tested both ways: the list, search, filters, the change page by direct URL,
history, changes, bulk actions, exports and the notes and contact-attempt inlines.
"""

from __future__ import annotations

from typing import Any

import pytest

from carers_portal.core.models import AuditEvent
from services.referrals.models import Referral, StaffMembership
from services.referrals.selectors import referrals_visible_to
from tests.referrals.admin_support import CHANGELIST, change_form_data, change_url


@pytest.fixture
def two_providers(service_factory: Any, organisation_factory: Any, referral_factory: Any, provider_staff: Any) -> Any:
    porchlight = organisation_factory(name="Porchlight")
    shaw = organisation_factory(name="Shaw Trust")
    ours = referral_factory(
        service=service_factory(organisation=porchlight), name="Porchlight Person", phone="01632 960 111"
    )
    theirs = referral_factory(service=service_factory(organisation=shaw), name="Shaw Person", phone="01632 960 222")
    staff = provider_staff(porchlight, email="worker@porchlight.example.org")
    return {"ours": ours, "theirs": theirs, "staff": staff, "porchlight": porchlight, "shaw": shaw}


@pytest.mark.django_db
def test_the_selector_scopes_by_organisation(two_providers: Any, staff_user_factory: Any, user_factory: Any) -> None:
    assert list(referrals_visible_to(user=two_providers["staff"])) == [two_providers["ours"]]
    commissioner = staff_user_factory(email="c@kent.gov.uk", staff_role="commissioner")
    assert set(referrals_visible_to(user=commissioner)) == {two_providers["ours"], two_providers["theirs"]}
    # A provider without a membership, a non-staff account and nobody see nothing.
    assert not referrals_visible_to(user=staff_user_factory(email="lost@example.org", staff_role="provider")).exists()
    assert not referrals_visible_to(user=user_factory(email="resident@example.com")).exists()
    assert not referrals_visible_to(user=None).exists()
    inactive = two_providers["staff"]
    inactive.is_active = False
    assert not referrals_visible_to(user=inactive).exists()


@pytest.mark.django_db
def test_the_queue_lists_only_the_own_organisations_referrals(
    client: Any, staff_login: Any, two_providers: Any
) -> None:
    staff_login(client, two_providers["staff"])
    page = client.get(CHANGELIST).content.decode()
    assert two_providers["ours"].reference in page
    assert two_providers["theirs"].reference not in page


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["Shaw Person", "01632 960 222", "reference"])
def test_search_never_reaches_another_organisation(
    client: Any, staff_login: Any, two_providers: Any, query: str
) -> None:
    if query == "reference":
        query = two_providers["theirs"].reference
    staff_login(client, two_providers["staff"])
    page = client.get(CHANGELIST, {"q": query}).content.decode()
    assert change_url(two_providers["theirs"]) not in page
    assert "0 results (" in page


@pytest.mark.django_db
def test_search_finds_own_referrals_by_name_phone_email_and_reference(
    client: Any, staff_login: Any, two_providers: Any
) -> None:
    staff_login(client, two_providers["staff"])
    ours = two_providers["ours"]
    for query in ("Porchlight Person", "01632 960 111", "alex@example.com", ours.reference):
        assert ours.reference in client.get(CHANGELIST, {"q": query}).content.decode(), query


@pytest.mark.django_db
def test_the_change_page_of_another_organisations_referral_cannot_be_opened(
    client: Any, staff_login: Any, two_providers: Any
) -> None:
    theirs = two_providers["theirs"]
    staff_login(client, two_providers["staff"])
    for path in (change_url(theirs), f"{CHANGELIST}{theirs.pk}/history/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == "/staff/"
        assert "Shaw Person" not in client.get(response["Location"]).content.decode()
    assert not AuditEvent.objects.filter(object_id=str(theirs.pk), action="view").exists()


@pytest.mark.django_db
def test_the_change_page_of_an_own_referral_opens_and_the_view_is_audited(
    client: Any, staff_login: Any, two_providers: Any
) -> None:
    ours = two_providers["ours"]
    staff_login(client, two_providers["staff"])
    page = client.get(change_url(ours)).content.decode()
    assert "Porchlight Person" in page
    event = AuditEvent.objects.get(object_id=str(ours.pk), action="view")
    assert event.actor_email == "worker@porchlight.example.org"
    assert "Viewed the referral" in page  # the audit trail is shown on the page, read only


@pytest.mark.django_db
def test_changes_to_another_organisations_referral_are_refused(
    client: Any, staff_login: Any, two_providers: Any
) -> None:
    theirs = two_providers["theirs"]
    staff_login(client, two_providers["staff"])
    response = client.post(change_url(theirs), change_form_data(theirs, move_to="in_triage", notes=["sneaky"]))
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.status == Referral.Status.NEW
    assert not theirs.notes.exists()


@pytest.mark.django_db
def test_bulk_actions_only_touch_the_own_organisations_referrals(
    client: Any, staff_login: Any, two_providers: Any
) -> None:
    ours, theirs, staff = two_providers["ours"], two_providers["theirs"], two_providers["staff"]
    staff_login(client, staff)
    for action in ("assign_to_me", "start_triage"):
        client.post(CHANGELIST, {"action": action, "_selected_action": [ours.pk, theirs.pk]})
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert (ours.assigned_to, ours.status) == (staff, Referral.Status.IN_TRIAGE)
    assert (theirs.assigned_to, theirs.status) == (None, Referral.Status.NEW)


@pytest.mark.django_db
def test_exports_hold_only_the_own_organisations_referrals(
    client: Any, staff_login: Any, two_providers: Any, provider_staff: Any
) -> None:
    manager = provider_staff(two_providers["porchlight"], role=StaffMembership.Role.MANAGER)
    staff_login(client, manager)
    for response in (
        client.get(f"{CHANGELIST}export/"),
        client.post(
            CHANGELIST,
            {"action": "export_selected", "_selected_action": [two_providers["ours"].pk, two_providers["theirs"].pk]},
        ),
    ):
        body = b"".join(response.streaming_content).decode()
        assert two_providers["ours"].reference in body
        assert two_providers["theirs"].reference not in body
        assert "Shaw Person" not in body
    assert AuditEvent.objects.filter(action="export", actor_email=manager.email).count() == 2


@pytest.mark.django_db
def test_a_triage_worker_cannot_export(client: Any, staff_login: Any, two_providers: Any) -> None:
    staff_login(client, two_providers["staff"])
    assert client.get(f"{CHANGELIST}export/").status_code == 403
    assert "Export this queue" not in client.get(CHANGELIST).content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()


@pytest.mark.django_db
def test_commissioners_see_every_organisations_referrals(
    client: Any, staff_login: Any, staff_user_factory: Any, two_providers: Any
) -> None:
    commissioner = staff_user_factory(email="commissioner@kent.gov.uk", staff_role="commissioner")
    staff_login(client, commissioner)
    page = client.get(CHANGELIST).content.decode()
    assert two_providers["ours"].reference in page
    assert two_providers["theirs"].reference in page
    assert client.get(change_url(two_providers["theirs"])).status_code == 200
    body = b"".join(client.get(f"{CHANGELIST}export/").streaming_content).decode()
    assert two_providers["theirs"].reference in body


@pytest.mark.django_db
def test_people_who_are_not_triage_staff_cannot_reach_the_queue(
    client: Any, staff_login: Any, staff_user_factory: Any, user_factory: Any, two_providers: Any
) -> None:
    # Provider staff with no organisation: the referrals admin is not theirs.
    staff_login(client, staff_user_factory(email="nowhere@example.org", staff_role="provider"))
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(change_url(two_providers["ours"])).status_code in (302, 403)

    # A resident's account is sent to sign in.
    client.logout()
    client.force_login(user_factory(email="resident@example.com"))
    assert client.get(CHANGELIST).status_code == 302


@pytest.mark.django_db
def test_an_attachment_is_shown_only_to_staff_who_can_see_its_referral(
    client: Any, staff_login: Any, two_providers: Any, provider_staff: Any
) -> None:
    from services.referrals.services.submit import referral_submit
    from tests.referrals.factories import DETAILS

    referral = referral_submit(
        service=two_providers["theirs"].service,
        details=DETAILS,
        submission_token="assessment-1",
        attachment_title="Carer's self-assessment",
        attachment={"Hours caring each week": "50 or more"},
    )
    staff_login(client, two_providers["staff"])  # Porchlight: not theirs
    response = client.get(change_url(referral), follow=True)
    assert "Hours caring each week" not in response.content.decode()

    client.logout()
    staff_login(client, provider_staff(two_providers["shaw"], role=StaffMembership.Role.MANAGER))
    assert "Hours caring each week" in client.get(change_url(referral)).content.decode()
    export = b"".join(client.get(f"{CHANGELIST}export/").streaming_content).decode()
    assert referral.reference in export
    assert "Hours caring each week" not in export  # exports never carry attachments
