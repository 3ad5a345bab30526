from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from consultations.models import Consultation
from tests.consultations.support import build_consultation
from tests.support import seeded_once_per_module, transactional


@pytest.fixture
def consultation(db: Any) -> Consultation:
    return build_consultation()


def _demo_consultations_seed() -> None:
    from consultations.demo import demo_seed

    demo_seed()
    demo_seed()  # a second run adds nothing: the figure tests check the data after both


@pytest.fixture(scope="module")
def _demo_consultations_for_the_module(request: Any, django_db_setup: Any, django_db_blocker: Any) -> Iterator[bool]:
    with seeded_once_per_module(request, django_db_blocker, "demo_consultations", _demo_consultations_seed) as seeded:
        yield seeded


@pytest.fixture
def demo_consultations(_demo_consultations_for_the_module: bool, request: Any, db: Any) -> None:
    """The demo consultations with their thousands of responses, seeded twice (the second run must add
    nothing). Once for a module whose tests all use it, else for each test; each test's changes roll back."""
    assert not transactional(request), "a test that commits must seed the demo consultations itself"
    if not _demo_consultations_for_the_module:
        _demo_consultations_seed()
