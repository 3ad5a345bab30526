"""Reads for referrals. Every staff-facing read is scoped through `referrals_visible_to`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils import timezone

from accounts import policy
from accounts.models import User
from carers_portal.core.models import AuditEvent
from services.eligibility import EligibilityCheck, service_eligibility_check
from services.geography import postcode_in_kent_and_medway, postcode_locality
from services.models import Service
from services.referrals import deadlines
from services.referrals.models import Referral
from services.referrals.triage import AWAITING_TRIAGE, Status
from services.selectors.postcodes import postcode_lookup


class OverdueKind:
    TRIAGE = "triage"
    START = "start"
    ANY = "any"


def staff_can_triage(*, user: Any) -> bool:
    """Whether this member of staff may use the triage queue (the permission policy decides)."""
    return policy.user_can_triage(user)


def staff_can_export(*, user: Any) -> bool:
    """Exports hold many people's details at once (the permission policy decides who may)."""
    return policy.user_can_export_referrals(user)


def referrals_visible_to(*, user: Any) -> QuerySet[Referral]:
    """The only way staff code reads referrals: the policy's "all" scope sees all, "own organisation" its own.

    Anyone else (signed out, not staff, inactive, a provider without a membership) sees none.
    """
    referrals = Referral.objects.select_related("service", "organisation", "assigned_to", "signposted_to")
    return policy.records_visible_to(user, "referrals.view", referrals)


# A carer's assessment request made without an account: the short request, or a paper self-assessment keyed in.
# Staff key a carer's paper self-assessment in for these (accounts.keyed_in).
NO_ACCOUNT_ASSESSMENT_REQUESTS = ("carers-assessment-request", "carers-self-assessment")


def referrals_taking_paper_self_assessments(*, referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """The carer's assessment requests made without an account, before the retention period removed them."""
    return referrals.filter(
        submitted_by__isnull=True, anonymised_at__isnull=True, attachment__type__in=NO_ACCOUNT_ASSESSMENT_REQUESTS
    )


def referral_takes_paper_self_assessments(*, referral: Referral) -> bool:
    kind = referral.attachment.get("type") if isinstance(referral.attachment, dict) else None
    return (
        referral.submitted_by_id is None and referral.anonymised_at is None and kind in NO_ACCOUNT_ASSESSMENT_REQUESTS
    )


def referral_visible_to(*, user: Any, referral: Referral) -> bool:
    return referrals_visible_to(user=user).filter(pk=referral.pk).exists()


def referrals_search_phone(
    *, referrals: QuerySet[Referral], matched: QuerySet[Referral], search_term: str
) -> QuerySet[Referral]:
    """Add to `matched` the referrals (from the already scoped `referrals`) whose phone has these digits."""
    digits = re.sub(r"\D", "", search_term)
    if len(digits) < 6 or re.search(r"[^\d\s()+-]", search_term):
        return matched
    by_digits = referrals.annotate(
        phone_digits=Replace(
            Replace(Replace("phone", Value(" "), Value("")), Value("-"), Value("")), Value("+44"), Value("0")
        )
    ).filter(phone_digits__contains=digits.removeprefix("44") if digits.startswith("44") else digits)
    return matched | referrals.filter(pk__in=by_digits.values("pk"))


def referrals_for_user(*, user: Any) -> QuerySet[Referral]:
    """The referrals a signed-in person sent, newest first ("Your referrals")."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Referral.objects.none()
    return Referral.objects.select_related(
        "service", "organisation", "assigned_to", "handed_off_from__organisation"
    ).filter(submitted_by_id=user.pk)


def referral_for_status_page(*, token: str) -> QuerySet[Referral]:
    """The referral whose status page link carries `token` (one at most: for get_object_or_404 or `.first()`)."""
    return Referral.objects.select_related("service", "organisation", "signposted_to").filter(uuid=token)


def referral_by_submission_token(*, submission_token: str) -> Referral | None:
    return Referral.objects.filter(submission_token=submission_token).first()


def referral_assignable_staff(*, referral: Referral) -> QuerySet[User]:
    """Who a referral may be assigned to: active staff who can see it."""
    return User.objects.filter(is_active=True, is_staff=True).filter(
        Q(staff_membership__organisation_id=referral.organisation_id)
        | Q(is_superuser=True)
        | Q(staff_role__in=[User.StaffRole.COMMISSIONER, User.StaffRole.COUNCIL_TRIAGE])
    )


def referrals_filter_overdue(
    *, referrals: QuerySet[Referral], kind: str, today: date | None = None
) -> QuerySet[Referral]:
    """Referrals past a deadline: not triaged within 2 working days, or not started within 6 after acceptance."""
    today = today or timezone.localdate()
    triage = Q(
        status__in=AWAITING_TRIAGE,
        submitted_at__date__lte=deadlines.overdue_cutoff(working_days=deadlines.TRIAGE_WORKING_DAYS, today=today),
    )
    start = Q(
        status=Status.ACCEPTED,
        support_started_on__isnull=True,
        accepted_at__date__lte=deadlines.overdue_cutoff(working_days=deadlines.START_WORKING_DAYS, today=today),
    )
    if kind == OverdueKind.TRIAGE:
        return referrals.filter(triage)
    if kind == OverdueKind.START:
        return referrals.filter(start)
    return referrals.filter(triage | start)


def referral_overdue_labels(*, referral: Referral, today: date | None = None) -> list[str]:
    today = today or timezone.localdate()
    labels = []
    submitted_on = timezone.localdate(referral.submitted_at)
    if deadlines.is_triage_overdue(status=referral.status, submitted_on=submitted_on, today=today):
        labels.append("Not triaged within 2 working days")
    accepted_on = timezone.localdate(referral.accepted_at) if referral.accepted_at else None
    if deadlines.is_start_overdue(
        status=referral.status,
        accepted_on=accepted_on,
        support_started_on=referral.support_started_on,
        today=today,
    ):
        labels.append("Not started within 6 working days")
    return labels


def referral_flag_labels(*, referral: Referral) -> list[str]:
    """Why the referral was flagged when it was sent, in words (the order of Referral.Flag)."""
    return [str(label) for value, label in Referral.Flag.choices if value in referral.flags]


def referral_working_days_waiting(*, referral: Referral, today: date | None = None) -> int:
    """Working days from submission to the triage decision (or to today while it waits)."""
    until = timezone.localdate(referral.triaged_at) if referral.triaged_at else (today or timezone.localdate())
    return deadlines.working_days_waiting(submitted_on=timezone.localdate(referral.submitted_at), until=until)


def referral_audit_events(*, referral: Referral) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=Referral._meta.label, object_id=str(referral.pk)).order_by("-at")


EXPORT_HEADER = [
    "Reference",
    "Submitted",
    "Service",
    "Organisation",
    "Status",
    "Working days waiting",
    "Overdue",
    "Assigned to",
    "Risk reported",
    "Flagged",
    "Need level",
    "Signposted to",
    "Who needs support",
    "Name",
    "Referred by",
    "Phone",
    "Email",
    "Address",
    "Postcode",
    "District",
    "Best time to contact",
    "Age band",
    "Help wanted",
    "Communication needs",
    "Interpreter language",
    "How they heard",
]


def referral_export_rows(*, referrals: Iterable[Referral], today: date | None = None) -> Iterator[list[Any]]:
    """The CSV layout of a staff export: a header, then one row per referral (cells escaped by csv_rows)."""
    today = today or timezone.localdate()
    yield EXPORT_HEADER
    needs = dict(Referral.CommunicationNeed.choices)
    for referral in referrals:
        yield [
            referral.reference,
            timezone.localtime(referral.submitted_at).strftime("%Y-%m-%d %H:%M"),
            referral.service.name,
            referral.organisation.name,
            referral.get_status_display(),
            referral_working_days_waiting(referral=referral, today=today),
            "; ".join(referral_overdue_labels(referral=referral, today=today)),
            referral.assigned_to.email if referral.assigned_to else "",
            "Yes" if referral.risk_reported else "No",
            "; ".join(referral_flag_labels(referral=referral)),
            referral.get_need_level_display() if referral.need_level else "",
            referral.signposted_to.name if referral.signposted_to else "",
            referral.get_who_needs_support_display(),
            referral.name,
            referral.referrer_name,
            referral.phone,
            referral.email,
            referral.address,
            referral.postcode,
            referral.get_district_display() if referral.district else "",
            referral.get_best_time_to_contact_display(),
            referral.get_age_band_display() if referral.age_band else "",
            referral.help_wanted,
            "; ".join(str(needs.get(n, n)) for n in referral.communication_needs),
            referral.interpreter_language,
            referral.get_heard_about_display() if referral.heard_about else "",
        ]


def person_eligibility_check(
    *, service: Service, age_band: str, postcode: str, on: date
) -> tuple[EligibilityCheck, str]:
    """Whether a person of `age_band` living at `postcode` is inside what `service` covers on `on`, with the district
    their postcode is in ("" when it cannot be placed: outside the area if the postcode is outside Kent and
    Medway, else flagged for staff to check)."""
    location = postcode_lookup(postcode=postcode) if postcode else None
    district = (location.district if location is not None else "") or ""
    check = service_eligibility_check(
        service=service,
        age_band=age_band,
        district=district,
        locality=postcode_locality(postcode),
        on=on,
        outside_kent_and_medway=bool(postcode) and not district and not postcode_in_kent_and_medway(postcode),
    )
    return check, district
