from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def demo_directory(db: Any) -> None:
    """The demo directory (real providers and services from the domain brief) and the outward-code centroids."""
    from services.demo import demo_seed

    demo_seed()
