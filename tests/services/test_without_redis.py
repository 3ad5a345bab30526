"""Search keeps working when Redis (the cache) is down: everything is worked out in PostgreSQL instead."""

from __future__ import annotations

import copy

import pytest
from django.conf import settings
from django.test import Client, override_settings

pytestmark = pytest.mark.usefixtures("demo_directory")

DEAD_REDIS = copy.deepcopy(settings.CACHES)
DEAD_REDIS["default"]["LOCATION"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_search_and_service_page_work_without_redis(client: Client) -> None:
    # override_settings swaps the cache connections (Django's setting_changed handler).
    with override_settings(CACHES=DEAD_REDIS):
        from django.core.cache import cache

        cache.set("probe", 1)
        assert cache.get("probe") is None  # really no cache
        response = client.get("/services/", {"q": "dementa", "postcode": "CT5 1AA"})
        assert response.status_code == 200
        assert response.context["page_obj"].services[0].slug == "dementia-support-adss-age-uk-herne-bay-whitstable"
        assert response.context["suggestion"] == "dementia"
        assert client.get("/services/kent-karrier/").status_code == 200
        assert client.get("/services/category/dementia/").status_code == 200
