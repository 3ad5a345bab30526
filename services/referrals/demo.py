"""Demo referrals for `manage.py seed_demo`: provider@example.com works for Live Well Kent and Medway.

Runs after the directory's demo data (INSTALLED_APPS order). Idempotent: referrals are
keyed by their submission token, memberships by user.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from services.models import Organisation, Service
from services.referrals.models import Referral, StaffMembership
from services.referrals.services.handling import referral_transition
from services.referrals.services.submit import ReferralDetails, referral_submit
from services.referrals.triage import Status

DEMO_PROVIDER_EMAIL = "provider@example.com"
DEMO_ORGANISATION = "Live Well Kent and Medway"

# (token, days ago, status path, details)
DEMO_REFERRALS: list[tuple[str, int, list[str], ReferralDetails]] = [
    (
        "demo-referral-1",
        5,
        [],
        ReferralDetails(
            name="Alex Example",
            help_wanted=(
                "I have been feeling low since losing my job and would like help with money and getting out more."
            ),
            consent=True,
            phone="07700 900 123",
            postcode="DA1 1DX",
            best_time_to_contact=Referral.BestTime.MORNING,
            age_band=Referral.AgeBand.AGE_35_44,
            heard_about=Referral.HeardAbout.GP,
            risk_reported=True,
        ),
    ),
    (
        "demo-referral-2",
        1,
        [Status.IN_TRIAGE],
        ReferralDetails(
            name="Jo Sample",
            help_wanted="Struggling with anxiety and housing worries. I would like someone to talk to.",
            consent=True,
            email="jo.sample@example.com",
            postcode="CT9 1XZ",
            best_time_to_contact=Referral.BestTime.AFTERNOON,
            age_band=Referral.AgeBand.AGE_25_34,
            communication_needs=(Referral.CommunicationNeed.LARGE_PRINT,),
            outside_confirmed=True,  # Thanet, outside the service's area: Live Well Kent takes it ("no wrong door")
        ),
    ),
    (
        "demo-referral-3",
        12,
        [Status.IN_TRIAGE, Status.ACCEPTED],
        ReferralDetails(
            name="Sam Demo",
            referrer_name="Pat Demo",
            who_needs_support=Referral.WhoNeedsSupport.SOMEONE_I_CARE_FOR,
            cared_for_agrees=True,
            help_wanted="My son would like to join a peer support group and get help finding volunteering.",
            consent=True,
            phone="01632 960 001",
            email="pat.demo@example.com",
            postcode="DA11 0AA",
            age_band=Referral.AgeBand.AGE_18_24,
            communication_needs=(Referral.CommunicationNeed.INTERPRETER,),
            interpreter_language="Polish",
        ),
    ),
]


def demo_seed() -> None:
    organisation = (
        Organisation.objects.filter(name__iexact=DEMO_ORGANISATION).first()
        or Organisation.objects.filter(name__icontains=DEMO_ORGANISATION).first()
    )
    provider = User.objects.filter(email=DEMO_PROVIDER_EMAIL).first()
    if organisation is None or provider is None:
        return
    StaffMembership.objects.update_or_create(
        user=provider, defaults={"organisation": organisation, "role": StaffMembership.Role.MANAGER}
    )
    service = (
        Service.objects.filter(organisation=organisation, name__icontains="live well").order_by("name").first()
        or Service.objects.filter(organisation=organisation).order_by("name").first()
    )
    if service is None:
        return
    for token, days_ago, path, details in DEMO_REFERRALS:
        if Referral.objects.filter(submission_token=token).exists():
            continue
        referral = referral_submit(service=service, details=details, submission_token=token)
        submitted_at = timezone.now() - timedelta(days=days_ago)
        Referral.objects.filter(pk=referral.pk).update(submitted_at=submitted_at, status_changed_at=submitted_at)
        referral.status_changes.update(at=submitted_at)
        for status in path:
            referral = referral_transition(referral=referral, to_status=status, actor=provider)
        if path:
            Referral.objects.filter(pk=referral.pk).update(assigned_to=provider)
