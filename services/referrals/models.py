"""Referrals: a request for help sent to a service, and the provider staff who triage it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils import timezone

from services.geography import District
from services.models import NeedLevel
from services.referrals.triage import Status

REFERENCE_SEQUENCE = "referrals_reference_seq"


class StaffMembership(models.Model):
    """The organisation a provider's staff member works for: they see only its referrals."""

    class Role(models.TextChoices):
        TRIAGE = "triage", "Triage worker"
        MANAGER = "manager", "Team manager (can also export the queue)"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_membership")
    organisation = models.ForeignKey(
        "services.Organisation", on_delete=models.CASCADE, related_name="staff_memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.TRIAGE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "staff membership"
        ordering = ["organisation__name", "user__email"]

    def __str__(self) -> str:
        return f"{self.user} at {self.organisation}"


class Referral(models.Model):
    """A request for help to one service, from the person who needs it or someone who cares for them."""

    Status = Status

    class WhoNeedsSupport(models.TextChoices):
        ME = "me", "Me"
        SOMEONE_I_CARE_FOR = "someone_i_care_for", "Someone I care for"

    class BestTime(models.TextChoices):
        MORNING = "morning", "Morning (9am to 12pm)"
        AFTERNOON = "afternoon", "Afternoon (12pm to 5pm)"
        EVENING = "evening", "Early evening (5pm to 7pm)"
        ANY = "any", "Any time"

    class AgeBand(models.TextChoices):
        UNDER_18 = "under_18", "Under 18"
        AGE_18_24 = "18_24", "18 to 24"
        AGE_25_34 = "25_34", "25 to 34"
        AGE_35_44 = "35_44", "35 to 44"
        AGE_45_54 = "45_54", "45 to 54"
        AGE_55_64 = "55_64", "55 to 64"
        AGE_65_74 = "65_74", "65 to 74"
        AGE_75_84 = "75_84", "75 to 84"
        AGE_85_PLUS = "85_plus", "85 or over"
        PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"

    class CommunicationNeed(models.TextChoices):
        INTERPRETER = "interpreter", "An interpreter"
        BSL = "bsl", "British Sign Language (BSL)"
        EASY_READ = "easy_read", "Easy read"
        LARGE_PRINT = "large_print", "Large print"

    class Flag(models.TextChoices):
        """Why staff should look at a referral first, worked out when it is sent (services.referrals.services)."""

        OUTSIDE_AREA = "outside_area", "Lives outside the area the service covers"
        OUTSIDE_AGE = "outside_age", "Outside the service's age range"
        AREA_NOT_CHECKED = "area_not_checked", "Their postcode could not be placed: check the area"
        CANNOT_CARRY_ON = "cannot_carry_on", "Said they may not be able or willing to carry on caring"
        CARING_50_HOURS = "caring_50_hours", "Caring for 50 or more hours a week"
        IMMEDIATE_RISK = "immediate_risk", "Said someone is at immediate risk of harm"
        CALL_BACK = "call_back", "Asked someone to call them back"

    class ArmedForces(models.TextChoices):
        SERVING = "serving", "Serving"
        VETERAN = "veteran", "Served (veteran or reservist)"
        FAMILY = "family", "Family member of someone who serves or served"
        NO = "no", "No"
        PREFER_NOT = "prefer-not", "Prefer not to say"

    class HeardAbout(models.TextChoices):
        GP = "gp", "GP or health professional"
        FRIEND_OR_FAMILY = "friend_or_family", "Friend or family"
        COUNCIL = "council", "Kent County Council"
        SEARCH = "search", "Internet search or this website"
        OTHER_ORGANISATION = "other_organisation", "Another organisation or charity"
        OTHER = "other", "Somewhere else"

    # Public, unguessable id: the referrer's status page link.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=20, unique=True, editable=False)
    # One referral per form submission, whatever the double clicks, refreshes or resubmits.
    submission_token = models.CharField(max_length=64, unique=True, editable=False)
    service = models.ForeignKey("services.Service", on_delete=models.PROTECT, related_name="referrals")
    # The organisation that received it, fixed at submission: staff access is scoped by this.
    organisation = models.ForeignKey("services.Organisation", on_delete=models.PROTECT, related_name="referrals")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
        help_text="The signed-in account that sent it, if any.",
    )
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)

    # Triage
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_referrals"
    )
    triaged_at = models.DateTimeField(null=True, blank=True, help_text="When triage reached an outcome.")
    accepted_at = models.DateTimeField(null=True, blank=True)
    support_started_on = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(max_length=1000, blank=True)
    risk_reported = models.BooleanField(
        "risk reported", default=False, help_text="They said someone may be at immediate risk of harm."
    )
    flags = ArrayField(
        models.CharField(max_length=20, choices=Flag.choices),
        default=list,
        blank=True,
        help_text="Why it was flagged when it was sent: outside what the service covered then, or the carer's answers.",
    )
    need_level = models.CharField(
        max_length=10, choices=NeedLevel.choices, blank=True, help_text="The level of need found at triage."
    )
    signposted_to = models.ForeignKey(
        "services.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signposted_referrals",
        help_text="The service the person was pointed to instead.",
    )

    # The answers
    who_needs_support = models.CharField(max_length=20, choices=WhoNeedsSupport.choices, default=WhoNeedsSupport.ME)
    name = models.CharField("name of the person who needs support", max_length=150)
    referrer_name = models.CharField("name of the person referring", max_length=150, blank=True)
    cared_for_agrees = models.BooleanField("the person cared for knows and agrees", null=True, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    address = models.TextField("postal address", max_length=500, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    district = models.CharField(max_length=40, choices=District.choices, blank=True, db_index=True)
    best_time_to_contact = models.CharField(max_length=20, choices=BestTime.choices, default=BestTime.ANY)
    age_band = models.CharField(max_length=20, choices=AgeBand.choices, blank=True)
    help_wanted = models.TextField("help wanted", max_length=1000)
    communication_needs = ArrayField(
        models.CharField(max_length=20, choices=CommunicationNeed.choices), default=list, blank=True
    )
    interpreter_language = models.CharField(max_length=60, blank=True)
    heard_about = models.CharField(max_length=30, choices=HeardAbout.choices, blank=True)
    armed_forces = models.CharField("Armed Forces community", max_length=12, choices=ArmedForces.choices, blank=True)
    consent_at = models.DateTimeField(help_text="When they agreed to share these details with the provider.")

    # An optional document sent with the referral, e.g. a carer's self-assessment snapshot.
    attachment_title = models.CharField(max_length=200, blank=True)
    attachment = models.JSONField(null=True, blank=True)

    # "Tell my story once": the carer's consented story as it was when this was sent (accounts.story).
    shared_story = models.JSONField(null=True, blank=True)

    # A hand-off: staff of the first service referred the person on to this one (services.referrals.services.handoff).
    handed_off_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handed_off_to",
        help_text="The referral whose staff passed this one on.",
    )

    # Retention
    legal_hold = models.BooleanField(default=False, help_text="Keep the personal details past the retention period.")
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["organisation", "status", "submitted_at"], name="referral_queue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="referral_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_status_url(self) -> str:
        return reverse("referrals:status", kwargs={"token": self.uuid})

    @property
    def contact_routes(self) -> list[str]:
        routes = []
        if self.phone:
            routes.append("phone")
        if self.email:
            routes.append("email")
        if self.address:
            routes.append("post")
        return routes


class ReferralStatusChange(models.Model):
    """Every move through triage: the referrer's status page and the staff history are built from these."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.referral} {self.from_status or 'start'} -> {self.to_status}"


class ReferralNote(models.Model):
    """An internal note by staff. Never shown to the referrer; never edited after it is written."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    text = models.TextField(max_length=2000)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "internal note"

    def __str__(self) -> str:
        return f"Note on {self.referral} at {self.created_at:%Y-%m-%d %H:%M}"


class ContactAttempt(models.Model):
    """One attempt by staff to reach the person: how, when and what happened."""

    class Method(models.TextChoices):
        PHONE = "phone", "Phone call"
        TEXT = "text", "Text message"
        EMAIL = "email", "Email"
        POST = "post", "Letter"

    class Outcome(models.TextChoices):
        SPOKE = "spoke", "Spoke to them"
        NO_ANSWER = "no_answer", "No answer"
        VOICEMAIL = "voicemail", "Left a message"
        WRONG_DETAILS = "wrong_details", "Wrong number or address"
        SENT = "sent", "Sent, waiting for a reply"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="contact_attempts")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=10, choices=Method.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["made_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} on {self.made_at:%Y-%m-%d %H:%M}: {self.get_outcome_display()}"


class SupportReview(models.Model):
    """A review of a carer's assessment or support: due at least yearly, sooner when their situation changes.

    Scheduled for accepted referrals by `reviews.reviews_schedule`; recording the outcome completes it.
    """

    class Reason(models.TextChoices):
        YEARLY = "yearly", "Yearly review"
        CHANGE = "change", "Their situation has changed"

    class Outcome(models.TextChoices):
        NO_CHANGE = "no_change", "Support carries on as it is"
        SUPPORT_CHANGED = "support_changed", "Support plan changed"
        ENDED = "ended", "Support is no longer needed (closes the referral)"
        COULD_NOT_CONTACT = "could_not_contact", "Could not contact them"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField(db_index=True)
    reason = models.CharField(max_length=10, choices=Reason.choices, default=Reason.YEARLY)
    situation_note = models.TextField("what has changed", max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_notes = models.TextField(max_length=2000, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "carer's review"
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral"], condition=models.Q(completed_at__isnull=True), name="support_review_one_open"
            )
        ]

    def __str__(self) -> str:
        return f"Review of {self.referral} due {self.due_on:%d/%m/%Y}"
