"""The demo directory and the carers' information pages (services/guides/data/pages.yaml), on real PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

KEY_MOMENTS = [
    "first-conversation-with-social-care",
    "life-events",
    "after-a-hospital-stay",
    "when-someone-moves-away",
    "new-diagnosis",
    "at-the-end-of-life",
    "after-your-caring-role-ends",
    "young-carers-moving-to-adult-support",
]
MONEY_AND_BREAKS = [
    "direct-payments",
    "personal-budgets",
    "paying-for-care-yourself",
    "carers-allowance",
    "breaks-and-respite",
]


@pytest.fixture
def pages(db: Any) -> None:
    """The directory's categories and every page of the data file (services come from each test)."""
    from services.demo import categories_ensure
    from services.guides.demo import demo_seed

    categories_ensure()
    demo_seed()


@pytest.fixture
def commissioner_client(client: Client, staff_user_factory: Any, staff_login: Any) -> Client:
    user = staff_user_factory(email="commissioner@example.org", staff_role="commissioner")
    return staff_login(client, user)
