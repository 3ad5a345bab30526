from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Kent Carers and Wellbeing Portal"),
        ("/accessibility/", "Accessibility statement"),
        ("/privacy/", "Privacy notice"),
        ("/cookies/", "Cookies"),
        ("/contact/", "Contact us"),
    ],
)
def test_content_pages_render_in_the_house_layout(client: Any, path: str, heading: str) -> None:
    response = client.get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert heading in html
    assert 'class="govuk-skip-link"' in html
    assert "govuk-phase-banner" in html
    assert "Accessibility statement</a>" in html
    # Kent branding: no GOV.UK crown or GDS Transport font.
    assert "govuk-header__logotype-crown" not in html
    assert "Kent County Council" in html


@pytest.mark.django_db
def test_unknown_page_gets_the_house_404(client: Any) -> None:
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_no_inline_scripts_or_styles_in_the_layout(client: Any) -> None:
    html = client.get("/").content.decode()

    assert "<script>" not in html
    assert "style=" not in html
    assert "onclick" not in html


@pytest.mark.django_db
def test_server_errors_get_the_house_500_page(client: Any, settings: Any) -> None:
    settings.ROOT_URLCONF = "tests.core.failing_urls"
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "03000 41 61 61" in html
