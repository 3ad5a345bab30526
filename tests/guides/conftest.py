"""The demo directory and the carers' information pages (services/guides/data/pages.yaml), on real PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def pages(db: Any) -> None:
    """The directory's categories and every page of the data file (services come from each test)."""
    from services.demo import categories_ensure
    from services.guides.demo import demo_seed

    categories_ensure()
    demo_seed()
