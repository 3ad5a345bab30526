"""Search engines: every public page has a title and a description that say what it is, each its own."""

from __future__ import annotations

import pytest
from django.test import Client

from services.models import Service
from tests.core.support import head

PUBLIC_PATHS = [
    "/",
    "/services/",
    "/services/?q=dementia",
    "/services/where-to-get-help/",
    "/services/category/dementia/",
    "/services/category/carers-support/",
    "/services/kent-karrier/",
    "/services/shared-lives/",
    "/services/shared-lives/print/",
    "/services/shared-lives/refer/",
    "/consultations/",
    "/accessibility/",
    "/privacy/",
    "/cookies/",
    "/contact/",
    "/account/login/",
    "/account/signup/",
    "/account/password/reset/",
]


@pytest.mark.usefixtures("demo_directory")
def test_public_pages_have_their_own_title_and_description(client: Client) -> None:
    from consultations.demo import WELLBEING_SLUG
    from consultations.demo import demo_seed as consultations_seed

    consultations_seed()
    Service.objects.filter(slug="shared-lives").update(accepts_self_referral=True)
    paths = [*PUBLIC_PATHS, f"/consultations/{WELLBEING_SLUG}/"]
    heads = {path: head(client, path) for path in paths}
    for path, (title, description) in heads.items():
        assert title.endswith("Kent Carers and Wellbeing Portal"), (path, title)
        assert len(title) > len("Kent Carers and Wellbeing Portal") + 5, (path, title)
        assert 50 <= len(description) <= 300, (path, description)
        assert "<" not in description, (path, description)
    for index, name in ((0, "title"), (1, "description")):
        seen: dict[str, list[str]] = {}
        for path, values in heads.items():
            seen.setdefault(values[index], []).append(path)
        assert not [paths for paths in seen.values() if len(paths) > 1], f"pages sharing a {name}"


@pytest.mark.usefixtures("demo_directory")
def test_a_service_page_is_described_in_the_services_own_words(client: Client) -> None:
    service = Service.objects.get(slug="kent-karrier")
    _, description = head(client, service.get_absolute_url())
    assert description == service.summary
