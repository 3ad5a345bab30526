"""The result page: indicative (never a decision), with reasons, local services and next steps."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import Assessment
from services.models import Audience
from tests.accounts.support import STEP_POSTS, assessment_fill
from tests.services.factories import ServiceFactory


def pdf_text(data: bytes) -> str:
    """The text a reader (here pypdf) gets out of a PDF: what copy-and-paste or a screen reader would."""
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def submit(client: Any, posts: dict[str, dict[str, Any]] | None = None) -> str:
    client.post("/carers/assessment/begin/")
    assessment = Assessment.objects.get()
    assessment_fill(client, assessment.public_id, posts)
    response = client.post(f"/carers/assessment/{assessment.public_id}/check/")
    return client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_the_result_is_indicative_with_reasons_and_local_services(client: Any, carer_factory: Any) -> None:
    ServiceFactory(name="Dementia cafe Maidstone", districts=["maidstone"], conditions=["dementia"])
    ServiceFactory(name="Carers group Maidstone", districts=["maidstone"], audiences=[Audience.CARERS])
    ServiceFactory(name="Dementia cafe Thanet", districts=["thanet"], conditions=["dementia"])
    ServiceFactory(name="Closed service", districts=["maidstone"], conditions=["dementia"], status="inactive")
    client.force_login(carer_factory())

    html = submit(client)

    assert "You are likely to have eligible needs for support" in html
    assert "This is a guide, not a decision" in html
    assert "working, training, studying or volunteering. One is enough." in html
    assert "You said caring has a significant effect on your wellbeing." in html
    assert html.index("Dementia cafe Maidstone") < html.index("Carers group Maidstone")
    assert "Dementia cafe Thanet" not in html
    assert "Closed service" not in html
    assert "Ask for a carer's assessment" in html
    assert 'href="/static/build/print.css" media="print"' in html


@pytest.mark.django_db
def test_an_unlikely_result_still_offers_an_assessment(client: Any, carer_factory: Any) -> None:
    client.force_login(carer_factory())
    posts = STEP_POSTS | {
        "outcome-work": {"ability": "without_difficulty"},
        "wellbeing": {"impact": "some"},
    }

    html = submit(client, posts)

    assert "You may not have eligible needs for support" in html
    assert "The rules need a significant effect" in html
    assert "you have the right to ask for one" in html
    assert "may not be able or willing to carry on caring" not in html


@pytest.mark.django_db
def test_a_carer_who_cannot_carry_on_is_told_to_phone_now(client: Any, carer_factory: Any) -> None:
    client.force_login(carer_factory())

    html = submit(client, STEP_POSTS | {"carrying-on": {"able": "no", "willing": "yes", "work_wish": "no"}})

    assert "may not be able or willing to carry on caring" in html
    assert "03000 41 91 91" in html


@pytest.mark.django_db
def test_a_pdf_summary_of_a_version(client: Any, carer_factory: Any) -> None:
    client.force_login(carer_factory())
    html = submit(client)
    assert 'href="/carers/assessment/versions/1/summary.pdf"' in html

    response = client.get("/carers/assessment/versions/1/summary.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert "You are likely to have eligible needs for support" in text
    assert "This is a guide, not a decision" in text
    assert "Keeping my job." in text
    other = type(client)()
    other.force_login(carer_factory(email="other@example.com"))
    assert other.get("/carers/assessment/versions/1/summary.pdf").status_code == 404


@pytest.mark.django_db
def test_the_pdf_keeps_a_carers_own_words_in_any_script(client: Any, carer_factory: Any) -> None:
    from accounts.models import AssessmentVersion
    from accounts.pdf import assessment_version_pdf

    polish = "Opiekuję się mamą w Łodzi, zażółć gęślą jaźń"
    arabic = "أعتني بوالدتي كل يوم"  # "I look after my mother every day"
    emoji = "\U0001f60a \u2764"
    typographic = "Mum\u2019s care \u2013 evenings \u201cplease\u201d"
    client.force_login(carer_factory())
    submit(
        client,
        STEP_POSTS | {"what-matters": {"what_matters": f"{polish}\n{arabic}\n{typographic} {emoji}"}},
    )

    text = " ".join(pdf_text(assessment_version_pdf(version=AssessmentVersion.objects.get())).split())

    assert polish in text
    assert typographic in text
    # Arabic is laid out right to left, so a text extractor may give its words in visual order:
    # every word must come back whole (shaped letters map back to the letters typed).
    for word in arabic.split():
        assert word in text.split(), word
    for symbol in emoji.split():
        assert symbol in text, symbol
