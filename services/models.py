"""The service directory, modelled on Open Referral UK (HSDS 3.0 UK profile).

Every ORUK entity has a UUID (`uuid`) as its public identifier; the integer primary keys stay
internal. Business rules live in services.py (writes) and selectors.py (reads).
"""

from __future__ import annotations

import uuid as uuid_lib
from datetime import date, timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from services.geography import LOCALITY_CHOICES, District

# A service not reviewed for this long is flagged "needs review" for staff.
REVIEW_INTERVAL = timedelta(days=365)


class Condition(models.TextChoices):
    """Conditions of the person being cared for, used to match carers to services."""

    DEMENTIA = "dementia", "Dementia or memory loss"
    MENTAL_HEALTH = "mental-health", "Mental health"
    PHYSICAL_DISABILITY = "physical-disability", "Physical disability"
    LEARNING_DISABILITY = "learning-disability", "Learning disability"
    AUTISM = "autism", "Autism"
    SENSORY = "sensory", "Sight or hearing loss"
    FRAILTY = "frailty", "Frailty or older age"
    LONG_TERM_ILLNESS = "long-term-illness", "Long-term illness"
    SUBSTANCE_MISUSE = "substance-misuse", "Drug or alcohol use"
    END_OF_LIFE = "end-of-life", "End of life"


class Audience(models.TextChoices):
    CARERS = "carers", "Carers"
    OLDER_PEOPLE = "older-people", "People aged 55 and over"
    PEOPLE_WITH_DEMENTIA = "people-with-dementia", "People living with dementia"
    DISABLED_PEOPLE = "disabled-people", "Disabled people"
    SENSORY_IMPAIRMENT = "sensory-impairment", "People who are blind, deaf or have sight or hearing loss"
    MENTAL_HEALTH = "mental-health", "People with mental health needs"
    ADULTS = "adults", "Adults (18 and over)"
    FAMILIES = "families", "Families"


class NeedLevel(models.TextChoices):
    """The three levels of need the 2024-25 review of wellbeing services groups people into (seed 000, 4.5)."""

    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGHER = "higher", "Higher"


# In plain English, from the review's own descriptions (seed 000, 4.5: "promoting wellbeing", "promoting
# independence", "supporting independence").
NEED_LEVEL_DESCRIPTIONS: dict[str, str] = {
    NeedLevel.LOW: (
        "You live independently and want information or advice, for example where to find a local group or activity."
    ),
    NeedLevel.MEDIUM: (
        "You need a bit of short-term help to stay independent, for example someone to go with you to a group "
        "until you feel confident."
    ),
    NeedLevel.HIGHER: (
        "You need regular help to live independently, for example help to arrange transport and someone to go "
        "with you to activities."
    ),
}


class AccessMethod(models.TextChoices):
    SELF_REFERRAL = "self-referral", "Refer yourself on this website"
    PHONE = "phone", "Phone the service"
    EMAIL = "email", "Email the service"
    WEBSITE = "website", "Use the service's website"
    DROP_IN = "drop-in", "Drop in, no appointment needed"
    GP = "gp", "Ask your GP or health professional"
    PROFESSIONAL = "professional", "Referral by a professional"


class Organisation(models.Model):
    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    alternate_name = models.CharField(max_length=200, blank=True)
    description = models.TextField(max_length=5000, blank=True)
    website = models.URLField(max_length=300, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    referrals_email = models.EmailField(
        blank=True, help_text="Where notifications of new self-referrals are sent. No personal data is included."
    )
    charity_number = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Taxonomy(models.Model):
    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(max_length=2000, blank=True)
    uri = models.URLField(max_length=300, blank=True)
    version = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name_plural = "taxonomies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    """A category (in our own taxonomy) or a term from an external one."""

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children")
    code = models.CharField(max_length=100, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(max_length=2000, blank=True)
    term_uri = models.URLField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # The search's thesaurus: services in this category are found by these words too (services.services.directory
    # _SEARCH_VECTOR_SQL), so carers' own words ("respite", "short breaks") find them.
    alternative_names = ArrayField(
        models.CharField(max_length=100),
        default=list,
        blank=True,
        help_text="Other words people use for it, separated by commas (for example 'respite, short breaks'). "
        "A search for any of them finds the services in this category.",
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:category", kwargs={"slug": self.slug})


def running_on(day: date, prefix: str = "") -> Q:
    """A filter for services that run on `day`: started (or no start date) and not past their last day.

    `prefix` reaches a service from another model, e.g. "service__".
    """
    return ~Q(**{f"{prefix}valid_until__lt": day}) & ~Q(**{f"{prefix}valid_from__gt": day})


class Service(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Open"
        TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"
        INACTIVE = "inactive", "Closed"

    # The statuses a search finds (a temporarily closed service is shown, marked as such).
    OPEN_STATUSES = (Status.ACTIVE.value, Status.TEMPORARILY_CLOSED.value)

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    alternate_name = models.CharField(max_length=200, blank=True)
    summary = models.CharField(max_length=300, blank=True, help_text="One or two plain-English sentences.")
    description = models.TextField(max_length=10000, blank=True)
    url = models.URLField("website", max_length=300, blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    categories = models.ManyToManyField(TaxonomyTerm, related_name="services", blank=True)
    districts = ArrayField(
        models.CharField(max_length=30, choices=District.choices),
        default=list,
        blank=True,
        help_text="The districts this service covers.",
    )
    localities = ArrayField(
        models.CharField(max_length=30, choices=LOCALITY_CHOICES),
        default=list,
        blank=True,
        help_text="Towns it covers where it covers only part of a district (Swanley, in Sevenoaks district).",
    )
    audiences = ArrayField(models.CharField(max_length=30, choices=Audience.choices), default=list, blank=True)
    conditions = ArrayField(
        models.CharField(max_length=30, choices=Condition.choices),
        default=list,
        blank=True,
        help_text="Conditions this service is especially for (used to suggest services to carers).",
    )
    access_methods = ArrayField(models.CharField(max_length=20, choices=AccessMethod.choices), default=list, blank=True)
    accepts_self_referral = models.BooleanField(
        default=False, help_text="Show a 'Refer yourself' button for this service."
    )
    provides_carers_assessments = models.BooleanField(
        default=False, help_text="Carers' assessments for its districts are referred to this service."
    )
    eligibility_description = models.TextField(max_length=2000, blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    # Who it is for, beyond age, area and audience. Scheduled changes (EligibilityChange) take over from these
    # on their dates; services.selectors.eligibility is the rule for what applies on a given day.
    need_levels = ArrayField(
        models.CharField(max_length=10, choices=NeedLevel.choices),
        default=list,
        blank=True,
        help_text="The levels of need it serves. Leave empty if it serves everyone.",
    )
    referral_rule = models.CharField(
        max_length=300, blank=True, help_text="A rule for who it can help, such as 'Must be registered with a Kent GP'."
    )
    accepts_outside_area = models.BooleanField(
        "accepts requests from outside what it covers",
        default=False,
        help_text="People outside its districts or age range may still send a request (it will help or pass it on).",
    )
    # The service's lifetime, usually its contract: it is listed, searchable and takes requests only in between.
    valid_from = models.DateField("runs from", null=True, blank=True)
    valid_until = models.DateField("runs until", null=True, blank=True, help_text="The last day it runs.")
    instead = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="where to go instead",
        help_text="Shown on its page once it has ended.",
    )
    instead_note = models.CharField(
        "where to go instead (in words)", max_length=500, blank=True, help_text="Shown on its page once it has ended."
    )
    application_process = models.TextField("how to get help", max_length=2000, blank=True)
    fees_description = models.TextField(max_length=1000, blank=True)
    interpretation_services = models.CharField(max_length=500, blank=True)
    wait_time = models.CharField(max_length=200, blank=True)
    alert = models.CharField(max_length=500, blank=True, help_text="A short notice shown at the top of the page.")
    assured_date = models.DateField("last checked", null=True, blank=True)
    assurer_email = models.EmailField(blank=True)
    facts_from = models.CharField(
        "where its facts come from",
        max_length=300,
        blank=True,
        help_text=(
            "Shown where a check date would be until someone checks it, for example \"Kent County Council's report "
            'to committee, September 2025".'
        ),
    )
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["search_vector"], name="service_search_gin"),
            GinIndex(fields=["districts"], name="service_districts_gin"),
            GinIndex(fields=["audiences"], name="service_audiences_gin"),
            # A page of results by name walks this index instead of sorting every match.
            models.Index(fields=["name", "id"], name="service_name_id"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/services/{self.slug}/"

    @property
    def needs_review(self) -> bool:
        return self.assured_date is None or self.assured_date < timezone.localdate() - REVIEW_INTERVAL

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.ACTIVE

    def has_started(self, day: date) -> bool:
        return self.valid_from is None or self.valid_from <= day

    def has_ended(self, day: date) -> bool:
        return self.valid_until is not None and day > self.valid_until

    def runs_on(self, day: date) -> bool:
        """Whether the service runs on `day` (between its start and its last day)."""
        return self.has_started(day) and not self.has_ended(day)

    def review_due(self) -> date | None:
        return self.assured_date + REVIEW_INTERVAL if self.assured_date else None


# What a scheduled change sets (its admin form and the demo directory file use the same list). Whether it is
# decided is not among them: commissioners record the decision with an admin action, which is audited.
ELIGIBILITY_CHANGE_FIELDS = (
    "takes_effect_on",
    "need_levels",
    "minimum_age",
    "maximum_age",
    "districts",
    "referral_rule",
    "accepts_outside_area",
    "notice",
    "source",
    "consultation",
)


class EligibilityChange(models.Model):
    """A scheduled change to who a service is for, taking effect on a date (a contract variation, a redesign).

    From `takes_effect_on` these values replace the service's own (districts only when some are given), once the
    change is decided: a proposed change never takes effect, and its page says the council has proposed it.
    Nothing has to run on the day: every read works out what applies "as of today" (services.selectors.eligibility).
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        DECIDED = "decided", "Decided"

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="eligibility_changes")
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.PROPOSED,
        help_text="Only a decided change takes effect. Record a decision with the action on the list of changes.",
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    consultation = models.ForeignKey(
        "consultations.Consultation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The consultation on this proposal, linked from the public page while it is proposed.",
    )
    takes_effect_on = models.DateField(
        null=True,
        blank=True,
        help_text='A decided change needs one. A proposal may have none ("three months after the decision").',
    )
    need_levels = ArrayField(
        models.CharField(max_length=10, choices=NeedLevel.choices),
        default=list,
        blank=True,
        help_text="The levels of need it serves from this date. Leave empty for everyone.",
    )
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    districts = ArrayField(
        models.CharField(max_length=30, choices=District.choices),
        default=list,
        blank=True,
        help_text="The districts it covers from this date. Leave empty to keep the ones it covers.",
    )
    referral_rule = models.CharField(max_length=300, blank=True)
    accepts_outside_area = models.BooleanField("accepts requests from outside what it covers", default=False)
    notice = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the public page says before the change. Leave empty to have it written from the change.",
    )
    source = models.CharField(
        max_length=300, blank=True, help_text="The report or decision this comes from, for example its number."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["service", "takes_effect_on"]
        constraints = [
            models.UniqueConstraint(fields=["service", "takes_effect_on"], name="eligibility_change_one_a_day"),
            models.CheckConstraint(
                condition=Q(status="proposed") | Q(takes_effect_on__isnull=False),
                name="eligibility_change_decided_has_a_date",
            ),
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=models.F("maximum_age")),
                name="eligibility_change_ages_in_order",
            ),
        ]

    def __str__(self) -> str:
        when = f"from {self.takes_effect_on:%d %B %Y}" if self.takes_effect_on else "(no date yet)"
        return f"{self.service} {when}{'' if self.is_decided else ', proposed'}"

    @property
    def is_decided(self) -> bool:
        return self.status == self.Status.DECIDED


class EarthField(models.Field):  # type: ignore[type-arg]
    """earthdistance's `earth` type (a point on the earth as a cube), for a column PostgreSQL computes."""

    def db_type(self, connection: object) -> str:
        return "earth"


class Location(models.Model):
    class Type(models.TextChoices):
        PHYSICAL = "physical", "A place you can visit"
        VIRTUAL = "virtual", "Online"
        POSTAL = "postal", "Postal address only"

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="locations", null=True, blank=True
    )
    location_type = models.CharField(max_length=20, choices=Type.choices, default=Type.PHYSICAL)
    name = models.CharField(max_length=200)
    description = models.TextField(max_length=2000, blank=True)
    address_1 = models.CharField("address line 1", max_length=200, blank=True)
    address_2 = models.CharField("address line 2", max_length=200, blank=True)
    city = models.CharField("town or city", max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True, default="Kent")
    postcode = models.CharField(max_length=8, blank=True)
    district = models.CharField(max_length=30, choices=District.choices, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    accessibility = models.TextField(
        max_length=2000, blank=True, help_text="Step-free access, hearing loop, accessible toilet, parking."
    )
    transport = models.TextField(max_length=1000, blank=True)
    # The place's point on the earth (earthdistance's `ll_to_earth`), kept by PostgreSQL with the coordinates, so
    # that searching by distance computes it once per place, not once per search (None without coordinates).
    earth = models.GeneratedField(
        expression=models.Func("latitude", "longitude", function="ll_to_earth"),
        output_field=EarthField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="location_lat_lng"),
            # Nearest first and within a radius (services.selectors.search): a GiST index that reads places in order of
            # distance (`<->`) and by bounding box (`@>`).
            GistIndex(fields=["earth"], name="location_earth_gist", condition=Q(earth__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def address_lines(self) -> list[str]:
        return [part for part in (self.address_1, self.address_2, self.city, self.postcode) if part]


class ServiceAtLocation(models.Model):
    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")
    description = models.TextField(max_length=2000, blank=True)

    class Meta:
        verbose_name = "service at location"
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="service_location_unique")]

    def __str__(self) -> str:
        return f"{self.service} at {self.location}"


class Contact(models.Model):
    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts", null=True, blank=True
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts", null=True, blank=True)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="contacts", null=True, blank=True)
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)

    def __str__(self) -> str:
        return self.name or self.title or self.email or "Contact"


class Phone(models.Model):
    class Type(models.TextChoices):
        VOICE = "voice", "Phone"
        TEXT = "text", "Text message"
        TEXTPHONE = "textphone", "Textphone or text relay"
        VIDEO = "video", "Video call (BSL)"
        FAX = "fax", "Fax"

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="phones", null=True, blank=True
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="phones", null=True, blank=True)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="phones", null=True, blank=True)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones", null=True, blank=True)
    number = models.CharField(max_length=40)
    extension = models.CharField(max_length=10, blank=True)
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.VOICE)
    description = models.CharField(max_length=300, blank=True)
    example = models.BooleanField(
        "example number, not in use",
        default=False,
        help_text="A made-up number in demonstration data: labelled on public pages and left out of the API.",
    )

    def __str__(self) -> str:
        return self.number


class Schedule(models.Model):
    """Opening times: one row per weekday and time range (ORUK/iCal: freq WEEKLY, byday)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules", null=True, blank=True)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="schedules", null=True, blank=True)
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, related_name="schedules", null=True, blank=True
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, null=True, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    description = models.CharField(
        max_length=300, blank=True, help_text="In plain English, for example 'Second Tuesday of each month'."
    )

    class Meta:
        ordering = ["weekday", "opens_at"]

    def __str__(self) -> str:
        return self.description or f"{self.get_weekday_display()} {self.opens_at}-{self.closes_at}"


class CostOption(models.Model):
    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    option = models.CharField(max_length=200, blank=True)
    amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="GBP")
    amount_description = models.CharField(max_length=300, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return self.option or self.amount_description or "Cost"


class Language(models.Model):
    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages", null=True, blank=True)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="languages", null=True, blank=True)
    name = models.CharField(max_length=100)
    code = models.CharField(max_length=10, blank=True, help_text="ISO 639 code, for example 'en' or 'bfi' (BSL).")
    note = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.name


class ServiceArea(models.Model):
    """An extra, named area a service covers, beyond its districts (ORUK service_area)."""

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=200)
    description = models.TextField(max_length=1000, blank=True)
    extent = models.TextField(max_length=10000, blank=True)
    extent_type = models.CharField(max_length=20, blank=True)
    uri = models.URLField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.name


class Postcode(models.Model):
    """A full postcode or an outward-code centroid, for distance searches."""

    class Kind(models.TextChoices):
        FULL = "full", "Full postcode"
        OUTWARD = "outward", "Outward code centroid"

    postcode = models.CharField(max_length=8, primary_key=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FULL)
    latitude = models.FloatField()
    longitude = models.FloatField()
    district = models.CharField(max_length=30, choices=District.choices, blank=True)

    def __str__(self) -> str:
        return self.postcode


class SearchWord(models.Model):
    """The directory's own words, for "Did you mean" (selectors.query_correct; rebuilt by
    services.directory_index_refresh)."""

    word = models.CharField(max_length=60, primary_key=True)
    frequency = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [GinIndex(OpClass("word", name="gin_trgm_ops"), name="searchword_word_trgm")]

    def __str__(self) -> str:
        return self.word


class ServiceImport(models.Model):
    """A services CSV uploaded in the staff admin, imported by a worker so the upload does not hold the request.

    The file is kept only until it has been imported; the outcome (counts, or every row's problem) stays."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to be imported"
        IMPORTED = "imported", "Imported"
        REFUSED = "refused", "Not imported: the file has problems"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=255, blank=True)
    data = models.BinaryField(default=bytes)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "services CSV import"
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.file_name or 'CSV'} ({self.get_status_display()})"
