"""Your data: download everything held about me (JSON and CSV); delete my account."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from accounts.models import Assessment, AssessmentVersion, CaredForPerson, CarerProfile, User
from carers_portal.core.models import AuditEvent, OutboundEmail
from tests.accounts.support import assessment_fill


def submitted_carer(client: Any, carer_factory: Any) -> User:
    user: User = carer_factory()
    client.force_login(user)
    client.post("/carers/assessment/begin/")
    assessment = Assessment.objects.get()
    assessment_fill(client, assessment.public_id)
    client.post(f"/carers/assessment/{assessment.public_id}/check/")
    client.post(f"/carers/assessment/{assessment.public_id}/what-matters/", {"what_matters": "A new draft answer"})
    return user


@pytest.mark.django_db
def test_download_everything_as_json(client: Any, carer_factory: Any) -> None:
    submitted_carer(client, carer_factory)

    response = client.get("/account/your-data/download.json")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="your-data.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == "carer@example.com"
    assert data["registration"]["preferred_name"] == "Sam"
    assert data["people_cared_for"][0]["name"] == "Mum"
    assert data["reminder_settings"] == {"draft": True, "review": True, "emergency_plan": True}
    assert data["self_assessment_draft"]["answers"]["what-matters"]["what_matters"] == "A new draft answer"
    assert data["submitted_self_assessments"][0]["version"] == 1
    assert data["submitted_self_assessments"][0]["indicative_result"] == "likely"
    assert AuditEvent.objects.filter(action="export", actor_email="carer@example.com").exists()


@pytest.mark.django_db
def test_download_everything_as_csv(client: Any, carer_factory: Any) -> None:
    submitted_carer(client, carer_factory)

    response = client.get("/account/your-data/download.csv")

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {row[0]: row[1] for row in csv.reader(io.StringIO(body))}
    assert rows["registration.preferred_name"] == "Sam"
    assert rows["people_cared_for.1.conditions"] == "dementia"
    assert rows["submitted_self_assessments.1.answers.outcome-work.ability"] == "needs_help"


@pytest.mark.django_db
def test_the_download_holds_only_my_data(client: Any, carer_factory: Any) -> None:
    carer_factory(email="someone-else@example.com", preferred_name="Other")
    submitted_carer(client, carer_factory)

    body = client.get("/account/your-data/download.json").content.decode()

    assert "someone-else" not in body
    assert "Other" not in body


@pytest.mark.django_db
def test_delete_my_account(client: Any, carer_factory: Any) -> None:
    carer_factory(email="stays@example.com")
    user = submitted_carer(client, carer_factory)
    OutboundEmail.objects.create(to=user.email, subject="pending", body_text="b", category="test")

    page = client.get("/account/your-data/").content.decode()
    assert "records retention rules" in page
    refused = client.post("/account/delete/", {})
    assert "Confirm that you want to delete your account" in refused.content.decode()
    assert User.objects.filter(pk=user.pk).exists()

    response = client.post("/account/delete/", {"confirm": "on"})

    assert response["Location"] == "/account/deleted/"
    assert not User.objects.filter(pk=user.pk).exists()
    assert CarerProfile.objects.count() == 1
    assert CaredForPerson.objects.count() == 1
    assert not Assessment.objects.filter(user_id=user.pk).exists()
    assert not AssessmentVersion.objects.exists()
    assert not OutboundEmail.objects.filter(to=user.email, status="pending").exists()
    assert AuditEvent.objects.filter(action="delete", object_type="accounts.User", object_id=str(user.pk)).exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_account_page_links_to_security_and_your_data(client: Any, carer_factory: Any) -> None:
    client.force_login(carer_factory())

    page = client.get("/account/").content.decode()

    for link in ("/account/email/", "/account/password/change/", "/account/2fa/", "/account/your-data/"):
        assert f'href="{link}"' in page
