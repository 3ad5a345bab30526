"""Every page with personal or special category data tells browsers and proxies not to keep a copy."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import Assessment
from services.referrals.models import Referral
from services.referrals.services.submit import referral_submit
from tests.accounts.support import assessment_fill
from tests.referrals.factories import DETAILS
from tests.services.factories import ServiceFactory

CARER_PAGES = [
    "/account/",
    "/account/your-data/",
    "/account/your-data/download.json",
    "/account/your-data/download.csv",
    "/account/referrals/",
    "/account/email/",
    "/account/password/change/",
    "/account/2fa/",
    "/account/2fa/totp/activate/",
    "/carers/",
    "/carers/people/",
    "/carers/assessment/versions/",
    "/carers/assessment/versions/1/",
    "/carers/assessment/versions/1/summary.pdf",
    "/carers/assessment/result/",
    "/carers/assessment/{public_id}/check/",
    "/carers/assessment/{public_id}/caring/",
    "/services/",  # a public page, but the header names the signed-in person
]
STAFF_PAGES = ["/staff/", "/staff/referrals/referral/", "/staff/referrals/referral/{referral}/change/"]
PUBLIC_PAGES = ["/referrals/{uuid}/", "/account/password/reset/key/1-not-a-real-key/"]


@pytest.fixture
def world(client: Client, carer_factory: Any, staff_user_factory: Any, staff_login: Any) -> dict[str, Any]:
    user = carer_factory()
    client.force_login(user)
    client.post("/carers/assessment/begin/")
    assessment = Assessment.objects.get()
    assessment_fill(client, assessment.public_id)
    client.post(f"/carers/assessment/{assessment.public_id}/check/")
    referral = referral_submit(
        service=ServiceFactory(accepts_self_referral=True), details=DETAILS, user=user, submission_token="no-store"
    )
    staff = Client()
    staff_login(staff, staff_user_factory(email="admin@kent.gov.uk", staff_role="council_admin", is_superuser=True))
    return {"carer": client, "staff": staff, "public_id": assessment.public_id, "referral": referral}


def _url(template: str, world: dict[str, Any]) -> str:
    referral: Referral = world["referral"]
    return template.format(public_id=world["public_id"], referral=referral.pk, uuid=referral.uuid)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "page"),
    [("carer", p) for p in CARER_PAGES] + [("staff", p) for p in STAFF_PAGES] + [("public", p) for p in PUBLIC_PAGES],
)
def test_personal_pages_are_never_stored(who: str, page: str, world: dict[str, Any]) -> None:
    client = world.get(who) or Client()
    response = client.get(_url(page, world))
    assert response.status_code in (200, 302), response.status_code
    cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= cache_control, (page, response.get("Cache-Control"))
