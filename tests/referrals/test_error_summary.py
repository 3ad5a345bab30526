"""The GOV.UK error summary links every error to an element that exists on the page."""

from __future__ import annotations

import re
from typing import Any

import pytest


@pytest.mark.django_db
def test_a_radio_question_error_links_to_its_first_option(client: Any, service_factory: Any) -> None:
    page = client.post(f"/services/{service_factory().slug}/refer/", {}).content.decode()

    links = re.findall(r'govuk-error-summary__list.*?<a href="#([^"]+)"', page, flags=re.S)
    assert links == ["id_at_risk_1"]
    assert 'id="id_at_risk_1"' in page


@pytest.mark.django_db
def test_a_text_field_error_links_to_the_field(client: Any) -> None:
    page = client.post("/account/signup/", {"email": "not-an-email"}).content.decode()

    anchors = re.findall(r'<a href="#(id_[a-z0-9_]+)"', page)
    assert anchors
    for anchor in anchors:
        assert f'id="{anchor}"' in page


def test_every_form_page_uses_the_one_shared_error_summary() -> None:
    from django.conf import settings

    templates = list((settings.BASE_DIR / "templates").rglob("*.html"))
    assert len(templates) > 50
    for template in templates:
        assert "gds/layout/error_summary.html" not in template.read_text(encoding="utf-8"), template
