"""Writes for the carers' information pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError

from services.guides.models import InformationPage, PageLink, validate_trusted_link
from services.models import Audience, TaxonomyTerm
from services.services.directory import directory_version_bump

PAGE_KEYS = {
    "kind",
    "slug",
    "title",
    "summary",
    "easy_read",
    "keywords",
    "what_happens",
    "ask_for",
    "who_to_contact",
    "categories",
    "audience",
    "age",
    "age_to",
    "sources",
    "published",
    "links",
}


def information_pages_load(*, data: Mapping[str, Any]) -> list[InformationPage]:
    """Bring the pages in `data` (the layout of data/pages.yaml) into the database, matched by slug.

    Checks the file first: unknown keys, a page without sources, a link outside GOV.UK or the NHS, or a category the
    directory does not have are errors, so a mistake in the file never reaches the public pages.
    """
    terms = {t.slug: t for t in TaxonomyTerm.objects.all()}
    pages = []
    for position, spec in enumerate(data["pages"]):
        unknown = set(spec) - PAGE_KEYS
        if unknown:
            raise ValidationError(f"{spec.get('slug')}: unknown keys {sorted(unknown)}")
        if spec["kind"] not in InformationPage.Kind.values:
            raise ValidationError(f"{spec['slug']}: unknown kind {spec['kind']}")
        if not [source for source in spec.get("sources") or [] if str(source).strip()]:
            raise ValidationError(f"{spec['slug']}: every page says where its facts come from (sources)")
        if spec.get("audience") and spec["audience"] not in Audience.values:
            raise ValidationError(f"{spec['slug']}: unknown audience {spec['audience']}")
        missing = [slug for slug in spec.get("categories", []) if slug not in terms]
        if missing:
            raise ValidationError(f"{spec['slug']}: unknown directory categories {missing}")
        for link in spec.get("links", []):
            validate_trusted_link(link["url"])
        page, _ = InformationPage.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "kind": spec["kind"],
                "title": spec["title"],
                "summary": spec["summary"],
                "easy_read": spec.get("easy_read", ""),
                "keywords": spec.get("keywords", ""),
                "what_happens": spec["what_happens"].strip(),
                "ask_for": "\n".join(spec.get("ask_for", [])),
                "who_to_contact": "\n".join(spec.get("who_to_contact", [])),
                "audience": spec.get("audience", ""),
                "age": spec.get("age"),
                "age_to": spec.get("age_to"),
                "sources": "\n".join(spec["sources"]),
                "position": position,
                "published": spec.get("published", True),
            },
        )
        page.categories.set([terms[slug] for slug in spec.get("categories", [])])
        page.links.all().delete()
        PageLink.objects.bulk_create(
            PageLink(page=page, text=link["text"], url=link["url"], position=i)
            for i, link in enumerate(spec.get("links", []))
        )
        pages.append(page)
    information_pages_changed()
    return pages


def information_pages_changed() -> None:
    """The pages show in the directory's search results, which are cached by directory version: move it on."""
    directory_version_bump()
