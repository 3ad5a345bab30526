"""A carer goes from the home page to "After a hospital stay" in two clicks and sees live directory services; every
new carers' page (key moments, money and breaks, easy read, the paper self-assessment) is axe clean."""

from __future__ import annotations

import pytest

from tests.browser.support import Journey
from tests.guides.support import KEY_MOMENTS, MONEY_AND_BREAKS


@pytest.fixture
def carers_pages() -> None:
    from services.demo import demo_seed as directory_seed
    from services.guides.demo import demo_seed

    directory_seed()
    demo_seed()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_to_after_a_hospital_stay_in_two_clicks_with_live_services(journey: Journey, carers_pages: None) -> None:
    from services.models import Organisation, Service, TaxonomyTerm

    page = journey.visit("/")
    page.get_by_role("link", name="Key moments for carers").click()  # click 1
    journey.check()
    page.get_by_role("link", name="After a hospital stay").click()  # click 2
    journey.check()
    assert page.url.endswith("/carers/key-moments/after-a-hospital-stay/")
    assert page.get_by_role("heading", level=1).inner_text() == "After a hospital stay"
    assert page.get_by_role("link", name="Kent Enablement at Home", exact=True).is_visible()

    # A commissioner adds a service to the directory: the page lists it with no code change.
    service = Service.objects.create(
        organisation=Organisation.objects.get(slug="kent-county-council"),
        name="Home from hospital volunteers",
        slug="home-from-hospital-volunteers",
        summary="An example service added in a test.",
        districts=["canterbury"],
    )
    service.categories.set([TaxonomyTerm.objects.get(slug="living-safely-at-home")])
    page.reload()
    journey.check()
    assert page.get_by_role("link", name="Home from hospital volunteers").is_visible()

    # Near a postcode: only services covering it, and the new one is in Canterbury district.
    page.get_by_label("Your postcode (optional)").fill("CT1 2AA")
    page.get_by_role("button", name="Show services near this postcode").click()
    journey.check()
    assert "postcode=CT1" in page.url
    assert page.get_by_text("Services that cover the CT1 postcode area").is_visible()
    assert page.get_by_role("link", name="Home from hospital volunteers").is_visible()

    # A wrong postcode: the GOV.UK error summary, not a failure.
    page.get_by_label("Your postcode (optional)").fill("nonsense")
    page.get_by_role("button", name="Show services near this postcode").click()
    journey.check()
    assert page.get_by_role("link", name="Enter a real postcode, like ME14 1XX").is_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_new_carers_page_is_axe_clean(journey: Journey, carers_pages: None) -> None:
    for path in ["/carers/", "/carers/key-moments/", "/carers/key-moments/easy-read/", "/carers/money-and-breaks/"]:
        journey.visit(path)
    for slug in KEY_MOMENTS:
        journey.visit(f"/carers/key-moments/{slug}/?postcode=CT5")
    for slug in MONEY_AND_BREAKS:
        journey.visit(f"/carers/money-and-breaks/{slug}/")

    page = journey.visit("/services/?q=direct+payments")
    page.get_by_role("link", name="Direct payments", exact=True).click()
    journey.check()

    page = journey.visit("/carers/assessment/paper/")
    page.emulate_media(media="print")
    journey.check()
    # Large print on paper: body text at 16pt (21.3 CSS pixels) or more.
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.kcc-paper__question .govuk-body')).fontSize)"
    )
    assert size >= 21
    page.emulate_media(media="screen")
    # The same form as a PDF, downloaded from the page.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="download the form as a PDF").click()
    download = download_info.value
    assert download.suggested_filename == "carers-self-assessment-paper.pdf"
    path = download.path()
    assert path is not None
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
