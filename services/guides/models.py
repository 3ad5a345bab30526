"""Carers' information pages: the key moments of the carers' strategy, and money and breaks.

Commissioners edit them in the admin like the directory (services/guides/admin.py); the demo loads them from
services/guides/data/pages.yaml. A page lists the directory's services live, through the directory's own
categories, so a service added to the directory shows on its pages with no code change.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from services.models import Audience, TaxonomyTerm

# Pages link out only to these sites (and their subdomains, e.g. www.kent.gov.uk): facts come from the council's
# reports or from GOV.UK and the NHS, never from elsewhere.
TRUSTED_LINK_HOSTS = ("gov.uk", "nhs.uk")


def validate_trusted_link(url: str) -> None:
    host = (urlsplit(url).hostname or "").lower()
    if urlsplit(url).scheme != "https" or not any(host == h or host.endswith(f".{h}") for h in TRUSTED_LINK_HOSTS):
        raise ValidationError("Enter a link to a GOV.UK, council (gov.uk) or NHS (nhs.uk) page, starting https://")


class InformationPage(models.Model):
    class Kind(models.TextChoices):
        KEY_MOMENT = "key-moment", "Key moment"
        MONEY_AND_BREAKS = "money-and-breaks", "Money and breaks"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    slug = models.SlugField(max_length=100, unique=True, help_text="The last part of the page's address.")
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=300, help_text="One or two plain-English sentences, shown in lists.")
    easy_read = models.CharField(
        "easy read sentence", max_length=200, blank=True, help_text="One short, simple sentence for the easy read list."
    )
    keywords = models.CharField(
        max_length=300, blank=True, help_text="Other words people search for, separated by commas (e.g. respite)."
    )
    what_happens = models.TextField(
        "what usually happens", max_length=5000, help_text="Paragraphs, separated by a blank line."
    )
    ask_for = models.TextField("what you can ask for", max_length=3000, blank=True, help_text="One thing per line.")
    who_to_contact = models.TextField(
        max_length=2000,
        blank=True,
        help_text="One contact per line. Kent adult social care's numbers are shown on every page already.",
    )
    categories = models.ManyToManyField(
        TaxonomyTerm,
        blank=True,
        related_name="+",
        verbose_name="directory categories",
        help_text="The page lists the directory's open services in these categories, nearest first.",
    )
    audience = models.CharField(
        max_length=30, choices=Audience.choices, blank=True, help_text="Only list services for this group."
    )
    age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Only list services open to someone of this age."
    )
    age_to = models.PositiveSmallIntegerField(
        "up to age",
        null=True,
        blank=True,
        help_text="With an age: list services open to anyone from that age to this one (their ages overlap), and link "
        "to a directory search for that age range.",
    )
    sources = models.TextField(
        max_length=2000, help_text="Where each fact on this page comes from: the report and its section, one a line."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in lists (smallest first).")
    published = models.BooleanField(default=False, help_text="Only published pages are shown to the public.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "position", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(URL_NAME_BY_KIND[self.kind], kwargs={"slug": self.slug})

    @property
    def paragraphs(self) -> list[str]:
        return [" ".join(p.split()) for p in self.what_happens.split("\n\n") if p.strip()]

    @property
    def ask_for_items(self) -> list[str]:
        return [line.strip() for line in self.ask_for.splitlines() if line.strip()]

    @property
    def contact_items(self) -> list[str]:
        return [line.strip() for line in self.who_to_contact.splitlines() if line.strip()]

    @property
    def source_items(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]


# Each kind of page's address (services/guides/urls.py): under /carers/key-moments/ or /carers/money-and-breaks/.
URL_NAME_BY_KIND: dict[str, str] = {
    InformationPage.Kind.KEY_MOMENT: "guides:key_moment",
    InformationPage.Kind.MONEY_AND_BREAKS: "guides:money_page",
}


class PageLink(models.Model):
    """A link to a GOV.UK, council or NHS page with more, or the rules that change (rates are never copied)."""

    page = models.ForeignKey(InformationPage, on_delete=models.CASCADE, related_name="links")
    text = models.CharField(max_length=200)
    url = models.URLField(max_length=300, validators=[validate_trusted_link])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text
