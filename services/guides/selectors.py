"""Reads for the carers' information pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from services.guides.models import InformationPage
from services.models import TaxonomyTerm
from services.selectors.postcodes import PostcodeLocation
from services.selectors.search_page import SearchPage, services_search_page

SERVICES_PER_CATEGORY = 5


def information_pages(*, kind: str) -> QuerySet[InformationPage]:
    """The published pages of one kind, in their order."""
    return InformationPage.objects.filter(kind=kind, published=True).order_by("position", "title")


def information_page(*, kind: str, slug: str) -> QuerySet[InformationPage]:
    """The published page of this kind and slug (for get_object_or_404), with its links and directory categories."""
    return InformationPage.objects.filter(kind=kind, slug=slug, published=True).prefetch_related("links", "categories")


@dataclass(frozen=True)
class ServiceGroup:
    """The open services of one directory category for a page: the first few, and how many there are in all."""

    category: TaxonomyTerm
    page: SearchPage

    @property
    def services(self) -> list[object]:
        return list(self.page.services)

    @property
    def total(self) -> int:
        return self.page.count


def page_service_groups(*, page: InformationPage, origin: PostcodeLocation | None = None) -> list[ServiceGroup]:
    """For each of the page's directory categories, its open services as of today through the directory's own
    search: for someone at `origin`, only those covering their district, nearest first."""
    districts = [origin.district] if origin is not None and origin.district else None
    # An age range (16 to 25): services open to some age in it; else services open at `age`.
    ages: dict[str, Any] = (
        {"age_from": page.age, "age_to": page.age_to} if page.age_to is not None else {"age": page.age}
    )
    return [
        ServiceGroup(
            category=term,
            page=services_search_page(
                page_number=1,
                page_size=SERVICES_PER_CATEGORY,
                category=term,
                audience=page.audience or None,
                **ages,
                origin=origin,
                districts=districts,
            ),
        )
        for term in page.categories.all().order_by("position", "name")
    ]
