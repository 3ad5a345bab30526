from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from services.geography import District
from services.models import Condition


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True, staff_role=User.StaffRole.COMMISSIONER)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A portal account. Email is the sign-in identifier; there is no username."""

    class StaffRole(models.TextChoices):
        NONE = "", "Not staff"
        PROVIDER = "provider", "Provider staff (own organisation only)"
        COUNCIL_TRIAGE = "council_triage", "Council triage (every organisation's referrals, triage only)"
        COMMISSIONER = "commissioner", "Council commissioner (all organisations)"

    email = models.EmailField("email address", unique=True, max_length=254)
    name = models.CharField("name", max_length=150, blank=True)
    staff_role = models.CharField(max_length=20, choices=StaffRole.choices, blank=True, default="")
    is_staff = models.BooleanField(
        default=False, help_text="Can sign in to the staff admin (two-step verification required)."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = "user"
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    @property
    def is_commissioner(self) -> bool:
        return self.is_superuser or self.staff_role == self.StaffRole.COMMISSIONER


# --- Carers: registration, the self-assessment and its submitted versions -----------------------
#
# Conditions and districts are the directory's own vocabularies, so a carer's answers match services.


class ContactMethod(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    POST = "post", "Post"


class CarerAgeBand(models.TextChoices):
    AGE_18_24 = "18-24", "18 to 24"
    AGE_25_34 = "25-34", "25 to 34"
    AGE_35_49 = "35-49", "35 to 49"
    AGE_50_64 = "50-64", "50 to 64"
    AGE_65_74 = "65-74", "65 to 74"
    AGE_75_84 = "75-84", "75 to 84"
    AGE_85 = "85+", "85 or over"
    PREFER_NOT = "prefer-not", "Prefer not to say"


class WorkStatus(models.TextChoices):
    FULL_TIME = "full-time", "Working full time"
    PART_TIME = "part-time", "Working part time"
    SELF_EMPLOYED = "self-employed", "Self-employed"
    EDUCATION = "education", "In education or training"
    LOOKING = "looking", "Looking for work"
    CARING = "caring", "Not working because of caring"
    RETIRED = "retired", "Retired"
    OTHER = "other", "Not working for another reason"
    PREFER_NOT = "prefer-not", "Prefer not to say"


class ArmedForces(models.TextChoices):
    SERVING = "serving", "Yes, I am serving"
    VETERAN = "veteran", "Yes, I have served (veteran or reservist)"
    FAMILY = "family", "Yes, I am a family member of someone who serves or served"
    NO = "no", "No"
    PREFER_NOT = "prefer-not", "Prefer not to say"


class YesNoNotSure(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_SURE = "not-sure", "I'm not sure"


class Relationship(models.TextChoices):
    PARTNER = "partner", "Husband, wife or partner"
    PARENT = "parent", "Parent"
    CHILD = "child", "Son or daughter"
    SIBLING = "sibling", "Brother or sister"
    OTHER_FAMILY = "other-family", "Other family member"
    FRIEND = "friend", "Friend or neighbour"
    OTHER = "other", "Other"


class CaredForAgeBand(models.TextChoices):
    UNDER_18 = "under-18", "Under 18"
    AGE_18_24 = "18-24", "18 to 24"
    AGE_25_49 = "25-49", "25 to 49"
    AGE_50_64 = "50-64", "50 to 64"
    AGE_65_74 = "65-74", "65 to 74"
    AGE_75_84 = "75-84", "75 to 84"
    AGE_85 = "85+", "85 or over"


class HoursBand(models.TextChoices):
    """Hours of unpaid care a week, in the Census 2021 bands."""

    UP_TO_9 = "0-9", "9 hours or less a week"
    FROM_10 = "10-19", "10 to 19 hours a week"
    FROM_20 = "20-34", "20 to 34 hours a week"
    FROM_35 = "35-49", "35 to 49 hours a week"
    FROM_50 = "50+", "50 or more hours a week"


class CareTime(models.TextChoices):
    DAY = "day", "During the day"
    NIGHT = "night", "At night"
    BOTH = "both", "Day and night"


class CarerProfile(models.Model):
    """What a carer tells us when they register. Deleted with the account."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="carer_profile")
    preferred_name = models.CharField(max_length=60)
    contact_methods = ArrayField(models.CharField(max_length=10, choices=ContactMethod.choices), size=3)
    phone = models.CharField(max_length=30, blank=True)
    address = models.TextField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8)
    district = models.CharField(max_length=30, choices=District.choices, blank=True)
    age_band = models.CharField(max_length=12, choices=CarerAgeBand.choices)
    work_status = models.CharField(max_length=20, choices=WorkStatus.choices)
    armed_forces = models.CharField(max_length=12, choices=ArmedForces.choices)
    communication_needs = models.TextField(max_length=500, blank=True)
    gp_knows = models.CharField(max_length=10, choices=YesNoNotSure.choices)
    emergency_card = models.CharField(max_length=10, choices=YesNoNotSure.choices)
    # Reminder settings (each reminder email carries a one-click unsubscribe for its kind).
    reminders_draft = models.BooleanField("reminders to finish a draft", default=True)
    reminders_review = models.BooleanField("yearly review reminders", default=True)
    reminders_emergency_plan = models.BooleanField("emergency plan reminders", default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "carer profile"

    def __str__(self) -> str:
        return f"Carer profile {self.pk}"


class CaredForPerson(models.Model):
    """Someone a carer looks after. Only a first name or initials: the minimum we need."""

    profile = models.ForeignKey(CarerProfile, on_delete=models.CASCADE, related_name="people")
    name = models.CharField("first name or initials", max_length=40)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    age_band = models.CharField(max_length=10, choices=CaredForAgeBand.choices)
    conditions = ArrayField(models.CharField(max_length=30, choices=Condition.choices), size=10, blank=True)
    lives_together = models.BooleanField()
    hours_band = models.CharField(max_length=10, choices=HoursBand.choices)
    care_time = models.CharField(max_length=10, choices=CareTime.choices)
    # From the form, so a double-submitted "add" creates one person, not two.
    submission_token = models.UUIDField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "person cared for"
        verbose_name_plural = "people cared for"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Person cared for {self.pk}"


class Assessment(models.Model):
    """A carer's self-assessment as they are working on it (one per carer), kept in PostgreSQL.

    Every step saves here, so it can be finished on any device. Submitting copies it into an
    immutable AssessmentVersion; changing it afterwards makes a new draft of the next version.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessment")
    # In URLs instead of the row id; another carer's id (or a made-up one) is a 404.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    answers = models.JSONField(default=dict, blank=True)
    # When the current unsubmitted changes began (None when nothing is waiting to be submitted).
    draft_started_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "self-assessment (working copy)"
        verbose_name_plural = "self-assessments (working copies)"

    def __str__(self) -> str:
        return f"Self-assessment {self.pk}"

    @property
    def is_draft(self) -> bool:
        return self.draft_started_at is not None


class AssessmentVersion(models.Model):
    """A submitted self-assessment. Immutable: a database trigger refuses updates."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    answers = models.JSONField()
    # The registration details and people cared for, as they were when submitted.
    about = models.JSONField()
    indication = models.CharField(max_length=12)
    reasons = models.JSONField()
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "submitted self-assessment"
        ordering = ["assessment", "-number"]
        constraints = [models.UniqueConstraint(fields=["assessment", "number"], name="assessment_version_unique")]

    def __str__(self) -> str:
        return f"Self-assessment {self.assessment_id} version {self.number}"


class KeyedInSelfAssessment(models.Model):
    """A self-assessment a carer without an account sent on paper, typed in by staff (accounts.keyed_in).

    `answers` has the online self-assessment's shape (each page's slug and its cleaned form data), validated by the
    same forms; `about` the registration snapshot's shape. It belongs to a carer's assessment request (a referral)
    and is seen only by the staff who may see that request.
    """

    class Channel(models.TextChoices):
        PAPER = "paper", "Paper form"

    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="keyed_in_self_assessments"
    )
    # The organisation the request went to, fixed when keyed in: staff access is scoped by this.
    organisation = models.ForeignKey("services.Organisation", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.PAPER)
    answers = models.JSONField()
    about = models.JSONField()
    indication = models.CharField(max_length=12)
    reasons = models.JSONField()
    keyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    keyed_at = models.DateTimeField(default=timezone.now, db_index=True)
    # From the key-in form, so a double-submitted form is stored once.
    submission_token = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = "self-assessment keyed in by staff"
        verbose_name_plural = "self-assessments keyed in by staff"
        ordering = ["-keyed_at", "-pk"]

    def __str__(self) -> str:
        return f"Keyed-in self-assessment {self.pk}"


# --- Tell my story once: what a carer agrees to share with every referral from their account ----


class CarerStory(models.Model):
    """What matters to the carer and their emergency plan, in their words, for sharing with providers.

    Who they care for and the caring hours come from their registration (CaredForPerson).
    """

    profile = models.OneToOneField(CarerProfile, on_delete=models.CASCADE, related_name="story")
    what_matters = models.TextField("what matters to you", max_length=1000, blank=True)
    emergency_plan = models.TextField("emergency plan summary", max_length=1000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "carer's story"
        verbose_name_plural = "carers' stories"

    def __str__(self) -> str:
        return f"Carer's story {self.pk}"


class StoryConsent(models.Model):
    """One agreement to share the carer's story with the providers they refer to: when, and what.

    Withdrawing sets `withdrawn_at`; referrals sent before keep the copy they were sent with.
    """

    profile = models.ForeignKey(CarerProfile, on_delete=models.CASCADE, related_name="story_consents")
    given_at = models.DateTimeField(default=timezone.now)
    shares = ArrayField(models.CharField(max_length=40), help_text="What they agreed to share.")
    wording = models.TextField(help_text="The words they agreed to.")
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile"], condition=models.Q(withdrawn_at__isnull=True), name="story_consent_one_active"
            )
        ]

    def __str__(self) -> str:
        return f"Story consent {self.pk}"
