"""Council triage staff (the permission policy's "council triage" role) triage every organisation's referrals, but
cannot export them, set a legal hold or open the directory."""

from __future__ import annotations

from typing import Any

import pytest

from services.referrals.selectors import referrals_visible_to
from tests.referrals.admin_support import CHANGELIST, change_url


@pytest.fixture
def two_organisations(service_factory: Any, organisation_factory: Any, referral_factory: Any) -> dict[str, Any]:
    return {
        name: referral_factory(service=service_factory(organisation=organisation_factory(name=name)))
        for name in ("Porchlight", "Shaw Trust")
    }


@pytest.mark.django_db
def test_council_triage_sees_and_triages_every_organisations_referrals(
    client: Any, staff_login: Any, staff_user_factory: Any, two_organisations: dict[str, Any]
) -> None:
    council = staff_user_factory(email="triage@kent.example.org", staff_role="council_triage")
    assert set(referrals_visible_to(user=council)) == set(two_organisations.values())
    staff_login(client, council)
    page = client.get(CHANGELIST).content.decode()
    for referral in two_organisations.values():
        assert referral.reference in page
        form = client.get(change_url(referral)).context["adminform"].form
        assert "move_to" in form.fields
        assert "legal_hold" not in form.fields
    assert client.get(f"{CHANGELIST}export/").status_code == 403
    assert client.get("/staff/services/service/").status_code == 403
    assert client.get("/staff/consultations/consultation/").status_code == 403
