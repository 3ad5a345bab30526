from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from consultations.models import Consultation, Document
from tests.consultations.support import add_document, build_consultation
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


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)  # a real file system storage, away from var/media
    return tmp_path


@pytest.fixture
def documents(media: Path) -> dict[str, Document]:
    consultation = build_consultation()
    now = timezone.now()
    return {
        "published": add_document(consultation, "Our proposal", published_at=now - timedelta(days=1)),
        "draft": add_document(consultation, "Equality impact assessment", published_at=None),
        "scheduled": add_document(consultation, "Easy read version", published_at=now + timedelta(days=2)),
    }
