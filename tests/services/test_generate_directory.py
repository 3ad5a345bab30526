from __future__ import annotations

import pytest
from django.core.management import call_command

from services.models import SearchWord, Service, ServiceAtLocation
from services.selectors.search import services_search

pytestmark = pytest.mark.django_db


def test_generates_searchable_services_repeatably() -> None:
    call_command("generate_directory", "--services", "60", "--seed", "7", verbosity=0)
    first = list(Service.objects.filter(slug__startswith="gen-7-").order_by("slug").values_list("name", flat=True))
    call_command("generate_directory", "--services", "60", "--seed", "7", verbosity=0)
    again = list(Service.objects.filter(slug__startswith="gen-7-").order_by("slug").values_list("name", flat=True))
    assert len(first) == 60
    assert first == again
    assert ServiceAtLocation.objects.filter(service__slug__startswith="gen-7-").exists()
    assert SearchWord.objects.filter(word="café").exists() is False  # vocabulary is plain a-z words
    assert SearchWord.objects.exists()
    assert services_search(query=first[0]).exists()
    assert all(s.categories.exists() for s in Service.objects.filter(slug__startswith="gen-7-")[:10])
