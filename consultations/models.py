"""Public consultations: questionnaires, responses from every channel, equality answers, subscriptions.

Drafts keep their answers in `Response.draft` (JSON) until they are submitted; only then are
`Answer` and `EqualityAnswer` rows written, in one transaction. Exports and results therefore read
submitted answers only and never see half-finished work.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from carers_portal.core.uploads import UploadValidator

# Characters that cannot be confused when read out on the phone or written on paper.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
DOCUMENT_KINDS = ("pdf", "docx", "odt", "rtf", "txt")


def reference_generate() -> str:
    """A response reference like "KCC-7QK3-M9XD" (about 10^12 possibilities)."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"KCC-{chars[:4]}-{chars[4:]}"


class Topic(models.TextChoices):
    ADULT_SOCIAL_CARE = "adult-social-care", "Adult social care"
    PUBLIC_HEALTH = "public-health-and-wellbeing", "Public health and wellbeing"
    CARERS = "carers", "Carers"
    OLDER_PEOPLE = "older-people", "Older people"
    MENTAL_HEALTH = "mental-health", "Mental health"
    DISABILITY = "disability", "Disability"


class Consultation(models.Model):
    class Status(models.TextChoices):
        UPCOMING = "upcoming", "Upcoming"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        RESULTS_PUBLISHED = "results", "Results published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True, help_text="Used in the web address.")
    summary = models.TextField(max_length=600, help_text="One or two sentences shown in lists.")
    body = models.TextField(max_length=20000, help_text="What we propose and why. Blank lines separate paragraphs.")
    topics = ArrayField(models.CharField(max_length=40, choices=Topic.choices), default=list, blank=True)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    bsl_video_url = models.URLField("British Sign Language video link", blank=True)
    alternative_formats = models.TextField(
        max_length=1000,
        blank=True,
        help_text="How to ask for paper, large print, audio, Braille or other languages, and how to respond by post.",
    )
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    postal_address = models.TextField(max_length=500, blank=True)
    we_asked = models.TextField("We asked", max_length=5000, blank=True)
    you_said = models.TextField("You said", max_length=5000, blank=True)
    we_did = models.TextField("We did", max_length=5000, blank=True)
    results_published_at = models.DateTimeField(
        null=True, blank=True, help_text="Results become public at this time, and only after closing."
    )

    class Illustrative(models.TextChoices):
        CHANNELS = "channels", "How people responded"
        RESPONDENT_TYPES = "respondent_types", "Who responded"
        BREAKDOWNS = "breakdowns", "Answers by respondent type"
        EQUALITY = "equality", "Equality monitoring"
        STRENGTH = "strength", "Strongly and tend to agree or disagree"
        EVENTS = "events", "Each drop-in session's date, place and attendance"

    illustrative = ArrayField(
        models.CharField(max_length=20, choices=Illustrative.choices),
        default=list,
        blank=True,
        help_text=(
            "Parts of the results the council's report did not publish, made up for demonstration data: marked "
            "'illustrative' on the results page, in the CSV and in the drafted report."
        ),
    )
    is_example = models.BooleanField(
        "example consultation",
        default=False,
        help_text="A made-up consultation in demonstration data: labelled as an example wherever it is shown.",
    )
    staff_notes = models.TextField(
        "Notes for staff",
        max_length=3000,
        blank=True,
        help_text="Shown to staff only, for example where the figures differ from a published report, and why.",
    )
    # Set once each notification round has been queued; the outbox dedupe key guarantees once per person.
    opening_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    results_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="consultation_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "The closing date must be after the opening date"})
        if self.results_published_at and self.closes_at and self.results_published_at < self.closes_at:
            raise ValidationError({"results_published_at": "Results can only be published after the closing date"})

    def status_at(self, now: datetime) -> Consultation.Status:
        if now < self.opens_at:
            return self.Status.UPCOMING
        if now < self.closes_at:
            return self.Status.OPEN
        if self.results_published_at is not None and self.results_published_at <= now:
            return self.Status.RESULTS_PUBLISHED
        return self.Status.CLOSED

    @property
    def status(self) -> Consultation.Status:
        return self.status_at(timezone.now())

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def results_are_public(self) -> bool:
        return self.status == self.Status.RESULTS_PUBLISHED

    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels.get(t, t)) for t in self.topics]


class Document(models.Model):
    class Kind(models.TextChoices):
        CONSULTATION = "consultation", "Consultation document"
        EASY_READ = "easy-read", "Easy read version"
        QUESTIONNAIRE = "questionnaire", "Paper questionnaire"
        EQUALITY = "equality", "Equality impact assessment"
        OTHER = "other", "Other document"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CONSULTATION)
    file = models.FileField(
        upload_to="consultations/%Y/",
        validators=[UploadValidator(kinds=DOCUMENT_KINDS, max_bytes=DOCUMENT_MAX_BYTES)],
        help_text="PDF, Word, OpenDocument, RTF or text; 20 MB at most.",
    )
    published_at = models.DateTimeField(
        "Public from",
        null=True,
        blank=True,
        help_text="The public can open the document from this time. Leave blank while it is a draft.",
    )
    size_bytes = models.PositiveIntegerField(default=0, editable=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "consultations:document",
            kwargs={"slug": self.consultation.slug, "pk": self.pk, "filename": self.download_name},
        )

    def clean(self) -> None:
        self.size_bytes = getattr(self.file, "size", 0) if self.file else 0  # shown next to the link (GOV.UK)

    def is_published_at(self, now: datetime) -> bool:
        return self.published_at is not None and self.published_at <= now

    @property
    def download_name(self) -> str:
        """The name a download is saved as: the title, with the file's extension."""
        return f"{slugify(self.title)[:80] or 'document'}.{self.extension.lower() or 'bin'}"

    @property
    def extension(self) -> str:
        name = self.file.name if self.file else None
        return name.rsplit(".", 1)[-1].upper() if name and "." in name else ""


class ConsultationEvent(models.Model):
    """A face-to-face drop-in session or group visit held during a consultation."""

    class Kind(models.TextChoices):
        DROP_IN = "drop-in", "Drop-in session"
        GROUP_VISIT = "group-visit", "Group visit"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DROP_IN)
    place = models.CharField(max_length=200)
    held_on = models.DateField()
    attendance = models.PositiveIntegerField(help_text="How many people came.")

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.place}, {self.held_on:%-d %B %Y}"


class Outreach(models.Model):
    """One thing the council did to consult, as its report records it: shown under "How we consulted"."""

    class Kind(models.TextChoices):
        RESPOND = "respond", "Ways to respond"
        FORMATS = "formats", "Easy read, British Sign Language and other formats"
        MEETINGS = "meetings", "Drop-in sessions, workshops, visits and meetings"
        PROMOTION = "promotion", "How the consultation was promoted"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="outreach")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(max_length=2000, help_text="What was done, with the report's own figures.")
    held_on = models.DateField("date", null=True, blank=True, help_text="For a meeting or event, when it was held.")
    attendance = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many people came, if the report says. Leave blank if it does not."
    )
    source = models.CharField(max_length=300, help_text="Where this comes from: the report and its section or page.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "how we consulted"
        verbose_name_plural = "How we consulted"

    def __str__(self) -> str:
        return self.text[:80]


class PublishedTable(models.Model):
    """A table the council's report published (themes of comments, respondents by district), reproduced exactly."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="published_tables")
    title = models.CharField(max_length=300)
    header = ArrayField(models.CharField(max_length=200), help_text="The column headings, as published.")
    rows = models.JSONField(default=list, help_text="The rows, each a list of cells as published (text).")
    note = models.TextField(max_length=2000, blank=True, help_text="Anything the reader needs, such as a total.")
    source = models.CharField(max_length=300, help_text="Where this comes from: the report and its section or page.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Section(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    intro = models.TextField(max_length=3000, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    # "About you": optional equality monitoring, stored in EqualityAnswer and exported separately.
    is_equality = models.BooleanField(default=False)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple choice"
        AGREE = "agree", "Agree–disagree scale"  # noqa: RUF001
        EFFECT = "effect", "Effect scale"
        SHORT_TEXT = "short-text", "Short text"
        LONG_TEXT = "long-text", "Long text"
        NUMBER = "number", "Number"
        POSTCODE = "postcode", "Postcode"

    class Condition(models.TextChoices):
        ANSWERED = "answered", "has been answered"
        EQUALS = "equals", "is (or includes) the option"
        NOT_EQUALS = "not-equals", "is not (and does not include) the option"

    CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE, Kind.AGREE, Kind.EFFECT})
    TEXT_KINDS = frozenset({Kind.SHORT_TEXT, Kind.LONG_TEXT})

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    code = models.SlugField(
        max_length=40, blank=True, help_text='Optional short name; "capacity" marks the respondent type question.'
    )
    text = models.CharField(max_length=500)
    help_text = models.CharField(max_length=1000, blank=True)
    # The easy read version asks the same question (same id, so answers land in the same export) in other words.
    easy_read_text = models.CharField("easy read wording", max_length=500, blank=True)
    easy_read_help = models.CharField("easy read hint", max_length=1000, blank=True)
    published = models.TextField(
        "what the council published",
        max_length=2000,
        blank=True,
        help_text="The report's own figures for this question, shown beside the results, and why they differ.",
    )
    illustrative = models.BooleanField(
        default=False, help_text="The report did not publish this question's figures: they are made up, and marked so."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    required = models.BooleanField(default=False)
    max_length = models.PositiveIntegerField(default=2000, help_text="Most characters allowed in a text answer.")
    max_choices = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text='Multiple choice only: "choose up to N".'
    )
    condition_question = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependants",
        help_text="Show this question only depending on the answer to an earlier question.",
    )
    condition = models.CharField(max_length=20, choices=Condition.choices, blank=True)
    condition_option = models.ForeignKey("Option", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["section__order", "section_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "code"], condition=~Q(code=""), name="question_code_unique_per_consultation"
            )
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        if self.section_id and self.consultation_id and self.section.consultation_id != self.consultation_id:
            raise ValidationError({"section": "Choose a section of this consultation"})
        if self.max_choices and self.kind != self.Kind.MULTIPLE:
            raise ValidationError({"max_choices": '"Choose up to" only applies to multiple choice questions'})
        if self.condition_question_id:
            if not self.condition:
                raise ValidationError({"condition": "Choose how the earlier answer is compared"})
            if self.condition != self.Condition.ANSWERED and not self.condition_option_id:
                raise ValidationError({"condition_option": "Choose the option the earlier answer is compared with"})
            if self.condition_option_id and self.condition_option.question_id != self.condition_question_id:  # type: ignore[union-attr]
                raise ValidationError({"condition_option": "Choose an option of the earlier question"})
            if self.pk and self.condition_question_id == self.pk:
                raise ValidationError({"condition_question": "A question cannot depend on itself"})

    @property
    def is_choice(self) -> bool:
        return self.kind in self.CHOICE_KINDS

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"


class Option(models.Model):
    class Group(models.TextChoices):
        """Roll-ups for reporting: agree = strongly + tend to agree, and so on."""

        NONE = "", "None"
        AGREE = "agree", "Agree"
        NEITHER = "neither", "Neither"
        DISAGREE = "disagree", "Disagree"
        DONT_KNOW = "dont-know", "Don't know"
        PREFER_NOT = "prefer-not", "Prefer not to say"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(max_length=300)
    easy_read_text = models.CharField("easy read wording", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    group = models.CharField(max_length=20, choices=Group.choices, blank=True, default="")

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class Response(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", "Online"
        PAPER = "paper", "Paper"
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        EVENT = "event", "At an event"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="responses")
    reference = models.CharField(max_length=20, unique=True, default=reference_generate, editable=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_responses",
    )
    # Answers of a draft, keyed by question id, until it is submitted.
    draft = models.JSONField(default=dict, blank=True)
    # Where to send the resume link, the closing reminder and the receipt (optional).
    email = models.EmailField(blank=True)
    respondent_type = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    district = models.CharField(max_length=40, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    keyed_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The drop-in session or group visit where a response was taken (channel "event").
    event = models.ForeignKey(
        "ConsultationEvent", on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    # The key-in form's one-time token: pressing "Save" twice records the paper response once.
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            # One response per signed-in person per consultation (the draft becomes the response).
            models.UniqueConstraint(
                fields=["consultation", "user"], condition=Q(user__isnull=False), name="one_response_per_user"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False), name="submitted_response_has_time"
            ),
            models.UniqueConstraint(
                fields=["idempotency_key"], condition=~Q(idempotency_key=""), name="response_idempotency_key_unique"
            ),
        ]
        indexes = [models.Index(fields=["consultation", "status", "id"], name="response_consultation_status")]

    def __str__(self) -> str:
        return self.reference


class AnswerBase(models.Model):
    """One answer: a chosen option (one row per option for multiple choice) or a text/number value."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE)
    question = models.ForeignKey(Question, on_delete=models.PROTECT)
    option = models.ForeignKey(Option, on_delete=models.PROTECT, null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.text or str(self.option_id)


class Answer(AnswerBase):
    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], condition=Q(option__isnull=True), name="answer_one_value"
            ),
            models.UniqueConstraint(
                fields=["response", "option"], condition=Q(option__isnull=False), name="answer_option_once"
            ),
        ]
        indexes = [models.Index(fields=["question", "option"], name="answer_question_option")]


class EqualityAnswer(AnswerBase):
    """Equality monitoring ("About you") answers, kept apart from the main answers."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], condition=Q(option__isnull=True), name="equality_answer_one_value"
            ),
            models.UniqueConstraint(
                fields=["response", "option"], condition=Q(option__isnull=False), name="equality_answer_option_once"
            ),
        ]
        indexes = [models.Index(fields=["question", "option"], name="equality_question_option")]


class Theme(models.Model):
    """A theme in a free-text question's codebook; a theme may sit under one parent theme (one level)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="themes")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    name = models.CharField(max_length=200)
    definition = models.TextField(max_length=1000, blank=True, help_text="What answers this theme covers.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "name"], name="theme_name_unique_per_question")]

    def __str__(self) -> str:
        return self.name


class AnswerTheme(models.Model):
    """One coder's decision that a free-text answer raises a theme; each coder keeps their own codes."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="themes_coded")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="codings")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "theme", "coder"], name="answer_theme_once_per_coder")]
        indexes = [models.Index(fields=["theme", "answer"], name="answer_theme_theme_answer")]

    def __str__(self) -> str:
        return f"{self.answer_id}: {self.theme_id}"


class AnswerReview(models.Model):
    """A coder has read a free-text answer and saved their themes for it, which may be none.

    Without it an answer that raises no theme could not be told from one nobody has read yet; an
    AnswerTheme row counts as a review too, so codes written directly (the demo data) need none.
    """

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="reviews")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "coder"], name="answer_review_once_per_coder")]

    def __str__(self) -> str:
        return f"{self.answer_id} by {self.coder_id}"


class Subscription(models.Model):
    """Someone who asked to hear about consultations on some topics (double opt-in)."""

    email = models.EmailField(unique=True)
    topics = ArrayField(models.CharField(max_length=40, choices=Topic.choices), default=list)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None
