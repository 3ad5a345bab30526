"""Public pages parse as valid HTML: no element repeats an attribute and no id is used twice.

(Browsers keep the first of two same-named attributes and silently drop the other, and assistive technology
follows the first element with an id, so either mistake can break a label or a hint without anything showing.)
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.core.support import HtmlChecker

pytestmark = pytest.mark.usefixtures("demo_directory")


PAGES = [
    "/",
    "/services/",
    "/services/?q=dementia",
    "/services/?q=dementa&postcode=CT5+1AA&radius=5",
    "/services/?q=zzqqxx&postcode=ZZ99+9ZZ&radius=7&category=nope&page=abc",
    "/services/?category=carers-support&area=east-kent&audience=carers",
    "/services/category/carers-support/",
    "/services/where-to-get-help/",
    "/services/dementia-support-adss-age-uk-herne-bay-whitstable/",
    "/services/dementia-support-adss-age-uk-herne-bay-whitstable/print/",
    "/services/dementia-support-adss-age-uk-herne-bay-whitstable/refer/",
    "/account/signup/",
    "/account/login/",
    "/carers/",
    "/consultations/",
    "/contact/",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_repeated_attributes_or_ids(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    checker = HtmlChecker()
    checker.feed(response.content.decode())
    repeated_ids = [f"id {value} used {count} times" for value, count in checker.ids.items() if count > 1]
    assert checker.problems + repeated_ids == []


def test_search_labels_have_the_govuk_size_class(client: Client) -> None:
    html = client.get("/services/?q=carers").content.decode()
    assert '<label for="id_q" class="govuk-label govuk-label--s">' in html
    assert 'type="search"' in html
