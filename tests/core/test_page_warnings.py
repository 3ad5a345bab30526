"""Pages render without Python warnings under the development settings (DEBUG on, as `make run` has)."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from django.test import override_settings

from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_the_directory_search_renders_without_a_csrf_token_warning(client: Any) -> None:
    ServiceFactory(name="Carers support group")
    with override_settings(DEBUG=True), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for path in ["/services/", "/services/?q=carers", "/services/?q=carers&postcode=CT1+1AA"]:
            assert client.get(path).status_code == 200, path
    assert [str(w.message) for w in caught] == []
