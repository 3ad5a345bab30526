"""Carers' own words find the right services first (categories' alternative names, the search's thesaurus), and
"Did you mean" appears only when the words find nothing and the suggestion finds something (real PostgreSQL)."""

from __future__ import annotations

import pytest
from django.test import Client

from services.models import TaxonomyTerm
from services.services.directory import directory_index_refresh
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.usefixtures("demo_directory")


def _search(client: Client, query: str) -> tuple[list[str], str | None]:
    response = client.get("/services/", {"q": query})
    assert response.status_code == 200
    services = list(response.context["page_obj"])
    categories = [{term.slug for term in service.categories.all()} for service in services]
    return categories, response.context["suggestion"]


@pytest.mark.parametrize(
    ("query", "category"),
    [
        ("direct payments", "money-and-benefits"),
        ("respite", "breaks-and-respite"),
        ("short breaks", "breaks-and-respite"),
        ("easy read", "learning-disability-and-autism"),
        ("sitting service", "breaks-and-respite"),
    ],
)
def test_carers_words_find_the_right_services_first_with_no_suggestion(
    client: Client, query: str, category: str
) -> None:
    found, suggestion = _search(client, query)
    assert found, f"{query!r} found nothing"
    assert all(category in slugs for slugs in found[:3])  # the first results are of that kind
    assert suggestion is None  # no "directorate payments", no "east ready"


def test_alternative_names_are_data_a_commissioner_edits() -> None:
    """The thesaurus is the categories' own data: a new word finds the category's services once indexed."""
    from services.selectors.search import services_search

    term = TaxonomyTerm.objects.get(slug="transport")
    assert not services_search(query="minibus rides")
    term.alternative_names = [*term.alternative_names, "minibus rides"]
    term.save()
    directory_index_refresh()
    found = list(services_search(query="minibus rides"))
    assert found
    assert all(term in service.categories.all() for service in found)


def test_did_you_mean_only_when_nothing_is_found_and_the_suggestion_finds_something(client: Client) -> None:
    response = client.get("/services/", {"q": "dementa"})  # finds nothing as typed
    assert response.context["suggestion"] == "dementia"
    assert response.context["total"] > 0  # the corrected search's results
    # Every word finds something as typed (somewhere in the directory): no suggestion, whatever the trigrams say.
    ServiceFactory(name="Directorate payments office", districts=["dover"])
    directory_index_refresh()
    assert client.get("/services/", {"q": "direct payments"}).context["suggestion"] is None
    # A correction that finds nothing with the other filters is not offered.
    response = client.get("/services/", {"q": "dementa", "category": "transport"})
    assert response.context["total"] == 0
    assert response.context["suggestion"] is None
