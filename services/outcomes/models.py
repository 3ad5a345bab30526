"""Outcome measures for commissioners (issue 24.7): what the reports monitor Live Well Kent by (seed 004,
22/00033 §3.4-3.5): would recommend the service, SWEMWBS maintained or improved, tenancy kept, started paid work.

SWEMWBS (the Short Warwick-Edinburgh Mental Wellbeing Scale) has 7 items, each answered 1 to 5. The seeds name the
scale (004 §3.4; 003 item D2) but do not give its scoring or the conversion table to metric scores, so this portal
keeps the raw total (7 to 35), labelled "raw" wherever it is shown, and counts "maintained or improved" as an end
raw total at least the start's.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

SWEMWBS_ITEMS = 7


class Outcome(models.Model):
    """One person's outcomes at the end of their support, recorded by the provider. No name or contact details:
    the referral links it to the person for the provider's own staff."""

    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.SET_NULL, null=True, blank=True, related_name="outcome"
    )
    organisation = models.ForeignKey("services.Organisation", on_delete=models.PROTECT, related_name="outcomes")
    service = models.ForeignKey("services.Service", on_delete=models.PROTECT, related_name="outcomes")
    support_ended_on = models.DateField(help_text="The quarter it is counted in.")
    swemwbs_start = ArrayField(
        models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)]),
        size=SWEMWBS_ITEMS,
        null=True,
        blank=True,
        help_text="The 7 SWEMWBS answers (1 to 5) at the start, in order.",
    )
    swemwbs_end = ArrayField(
        models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)]),
        size=SWEMWBS_ITEMS,
        null=True,
        blank=True,
        help_text="The 7 SWEMWBS answers (1 to 5) at the end, in order.",
    )
    would_recommend = models.BooleanField(null=True, blank=True)
    had_tenancy = models.BooleanField(
        "had a tenancy or accommodation at the start", null=True, blank=True, help_text="Leave blank if not asked."
    )
    tenancy_kept = models.BooleanField("kept their tenancy or accommodation", null=True, blank=True)
    unemployed_at_start = models.BooleanField(null=True, blank=True)
    started_paid_work = models.BooleanField(null=True, blank=True)
    # Demonstration data (services.outcomes.demo): made up to show the report working, labelled wherever shown.
    example = models.BooleanField("illustrative example (demonstration data)", default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-support_ended_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(swemwbs_start__isnull=True) | models.Q(swemwbs_start__len=SWEMWBS_ITEMS),
                name="outcome_swemwbs_start_7_items",
            ),
            models.CheckConstraint(
                condition=models.Q(swemwbs_end__isnull=True) | models.Q(swemwbs_end__len=SWEMWBS_ITEMS),
                name="outcome_swemwbs_end_7_items",
            ),
        ]

    def __str__(self) -> str:
        return f"Outcome at {self.service} ended {self.support_ended_on:%d %B %Y}"

    @staticmethod
    def raw_score(items: list[int] | None) -> int | None:
        """The SWEMWBS raw total, 7 to 35 (no conversion: the seeds give no conversion table)."""
        return sum(items) if items and len(items) == SWEMWBS_ITEMS else None


# The strategy's six "I" statements (seed 004, 22/00015, Kent Adult Carers' Strategy 2022-2027): "When we are getting
# things right, we want carers to be able to say the following things about their experiences". Short names for
# reports; the full words are what carers answer.
I_STATEMENTS: list[tuple[str, str]] = [
    (
        "wellbeing",
        "I understand the support that is available to me where I live to maintain my own health and emotional "
        "wellbeing and achieve the outcomes that matter to me.",
    ),
    (
        "story_once",
        "I only have to tell my story once, and the staff I talk to take the time to understand my needs and situation "
        "which makes things much easier for me.",
    ),
    (
        "information",
        "I know where to find user-friendly information and advice that takes account of my communication and "
        "accessibility needs to make informed and empowered decisions about my life \u2013 now and in the future.",
    ),
    (
        "support",
        "I have received support which is right for me throughout my caring journey, during times of crisis and after "
        "my caring role ends.",
    ),
    (
        "respected",
        "I feel respected and I'm confident that my feedback has helped make changes to carers support services and "
        "how they are commissioned.",
    ),
    (
        "rights",
        "I know what my rights as a carer are and can get timely information that is accurate, carers training and "
        "education and advice on all the possible options for my health and wellbeing, support needs, finance and "
        "housing.",
    ),
]


class CarerStatements(models.Model):
    """A carer's answers to the six "I" statements after support: anonymous to the provider (no name, account,
    referral or time of day; only the service and the day)."""

    class Answer(models.TextChoices):
        AGREE = "agree", "Agree"
        DISAGREE = "disagree", "Disagree"

    service = models.ForeignKey("services.Service", on_delete=models.PROTECT, related_name="carer_statements")
    answered_on = models.DateField()
    # Stops a double submit saving twice; not linked to anyone.
    token = models.UUIDField(unique=True)
    wellbeing = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    story_once = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    information = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    support = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    respected = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    rights = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    # Demonstration data (services.outcomes.demo), labelled wherever shown.
    example = models.BooleanField("illustrative example (demonstration data)", default=False, editable=False)

    class Meta:
        verbose_name = "carer's answers to the six 'I' statements"
        verbose_name_plural = "carers' answers to the six 'I' statements"

    def __str__(self) -> str:
        return f"Answers for {self.service} on {self.answered_on:%d %B %Y}"
