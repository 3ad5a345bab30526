"""Walk the referral journey with Django's test client, as a person filling it in would."""

from __future__ import annotations

import re
from typing import Any

ANSWERS: dict[str, dict[str, Any]] = {
    "start": {"at_risk": "no"},
    "who": {"who_needs_support": "me"},
    "about": {"name": "Alex Resident", "age_band": "35_44", "postcode": "da11dx"},
    "contact": {"phone": "07700 900 982", "email": "alex@example.com", "best_time_to_contact": "morning"},
    "help": {"help_wanted": "Help with money worries and meeting people.", "heard_about": "gp"},
    "communication": {"communication_needs": ["large_print"]},
    "consent": {"consent": "on"},
}


def url(service: Any, step: str) -> str:
    base = f"/services/{service.slug}/refer/"
    return base if step == "start" else f"{base}{step}/"


def submission_token(html: str) -> str:
    match = re.search(r'name="submission_token" value="([^"]+)"', html)
    assert match, "no submission token on the page"
    return match.group(1)


def answer_all(client: Any, service: Any, **overrides: dict[str, Any]) -> str:
    """Answer every question; returns the check-your-answers page's HTML."""
    for step, data in ANSWERS.items():
        response = client.post(url(service, step), overrides.get(step, data))
        assert response.status_code == 302, (step, response.content.decode()[:3000])
    response = client.get(url(service, "check-your-answers"))
    assert response.status_code == 200
    return str(response.content.decode())


def send(client: Any, service: Any, html: str, **extra: str) -> Any:
    return client.post(url(service, "check-your-answers"), {"submission_token": submission_token(html), **extra})
