from __future__ import annotations

import pytest

from accounts.demo import demo_accounts_ensure, demo_seed
from accounts.models import AssessmentVersion, CaredForPerson, CarerProfile


@pytest.mark.django_db
def test_the_demo_carer_is_seeded_once() -> None:
    demo_accounts_ensure()
    demo_seed()
    demo_seed()

    assert CarerProfile.objects.get().user.email == "carer@example.com"
    assert CaredForPerson.objects.count() == 1
    version = AssessmentVersion.objects.get()
    assert version.indication == "likely"
