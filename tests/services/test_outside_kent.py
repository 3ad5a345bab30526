"""A postcode outside Kent and Medway counts as outside the area, whatever age the person gives; a Kent postcode
that cannot be placed is flagged for staff (security review 2026-12-07, low 1)."""

from __future__ import annotations

from datetime import date

import pytest

from services.eligibility import Reason
from services.models import Service
from services.referrals.models import Referral
from services.referrals.selectors import person_eligibility_check
from services.referrals.services.submit import ReferralDetails, referral_flags

pytestmark = pytest.mark.usefixtures("demo_directory")


def _district_service() -> Service:
    service = Service.objects.exclude(districts=[]).filter(status=Service.Status.ACTIVE).order_by("pk").first()
    assert service is not None
    return service


@pytest.mark.parametrize("age_band", [Referral.AgeBand.PREFER_NOT_TO_SAY, "", "45_54"])
@pytest.mark.parametrize("postcode", ["SW1A 1AA", "M1 1AE", "EH1 1YZ"])
def test_a_postcode_outside_kent_and_medway_is_outside_the_area(postcode: str, age_band: str) -> None:
    check, district = person_eligibility_check(
        service=_district_service(), age_band=age_band, postcode=postcode, on=date.today()
    )
    assert district == ""
    assert Reason.OUTSIDE_AREA in check.reasons


def test_a_kent_postcode_that_cannot_be_placed_is_flagged_for_staff() -> None:
    check, district = person_eligibility_check(
        service=_district_service(), age_band=Referral.AgeBand.PREFER_NOT_TO_SAY, postcode="TN99 9ZZ", on=date.today()
    )
    assert district == ""
    details = ReferralDetails(name="Sam", help_wanted="Help", consent=True, postcode="TN99 9ZZ")
    flags = referral_flags(details=details, check=check)
    assert Referral.Flag.AREA_NOT_CHECKED in flags
