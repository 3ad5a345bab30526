"""A new user searches for dementia support near CT5 1AA and reaches the service page (axe on every page)."""

from __future__ import annotations

import json

import pytest

from tests.browser.support import Journey


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_search_dementia_near_ct5_to_the_service_page(journey: Journey, demo_directory_committed: None) -> None:
    page = journey.visit("/services/")
    assert page.get_by_role("heading", level=1).inner_text() == "Find support near you"

    page.get_by_label("Search for support").fill("dementia")
    page.get_by_label("Postcode").fill("ct5 1aa")
    journey.submit("Search")
    assert "q=dementia" in page.url
    assert "postcode=ct5+1aa" in page.url.lower()
    first = page.locator(".kcc-result").first
    assert "Dementia support: ADSS and Age UK Herne Bay and Whitstable" in first.inner_text()
    assert "Less than a mile away" in first.inner_text()

    first.get_by_role("link").first.click()
    journey.check()
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Dementia support: ADSS and Age UK Herne Bay and Whitstable"
    )
    assert page.get_by_role("button", name="Refer yourself").get_attribute("href") == (
        "/services/dementia-support-adss-age-uk-herne-bay-whitstable/refer/"
    )
    # The JSON-LD data block is present and parses (CSP does not block data blocks; it carries the nonce anyway).
    data = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    assert data["name"] == "Dementia support: ADSS and Age UK Herne Bay and Whitstable"

    page.get_by_role("link", name="Printable version of this page").click()
    journey.check()
    page.emulate_media(media="print")
    journey.check()
    page.emulate_media(media="screen")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_typo_filters_paging_and_no_results(journey: Journey, demo_directory_committed: None) -> None:
    page = journey.visit("/services/?q=dementa")
    assert page.get_by_text("Did you mean").is_visible()
    page.get_by_role("link", name="dementia", exact=True).click()
    journey.check()
    assert page.get_by_label("Search for support").input_value() == "dementia"

    page = journey.visit("/services/?area=kent-and-medway")
    page.get_by_role("link", name="Next page").click()
    journey.check()
    assert "Page 2 of" in page.content()

    # The filters sit outside the <form> element but still submit with it (the form attribute).
    page = journey.visit("/services/?q=carers")
    page.get_by_text("Filter the results").click()
    page.get_by_label("Type of support").select_option(label="Breaks and respite")
    page.get_by_label("Area").select_option(label="Canterbury")
    journey.submit("Apply filters")
    assert "category=breaks-and-respite" in page.url
    assert "area=canterbury" in page.url
    assert "q=carers" in page.url
    assert "Breaks for carers at home" in page.locator(".kcc-results").inner_text()

    page = journey.visit("/services/?q=carers&category=breaks-and-respite")
    page.get_by_role("link", name="Remove filter Breaks and respite").click()
    journey.check()
    assert "category=" not in page.url

    page = journey.visit("/services/?q=zzqqxx&postcode=CT5+1AA&radius=1")
    assert page.get_by_role("heading", name="No services found").is_visible()
    page.get_by_role("link", name="search within 2 miles").click()
    journey.check()
    assert "radius=2" in page.url

    journey.visit("/services/?postcode=nonsense&category=unicorns")
    assert page.locator(".govuk-error-summary").is_visible()
    journey.visit("/services/category/dementia/")
    journey.visit("/services/canterbury-umbrella-centre/")
