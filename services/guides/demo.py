"""Demo carers' information pages for `manage.py seed_demo`, loaded from services/guides/data/pages.yaml.

Runs after the directory's own demo (services), whose categories the pages list services from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from services.guides.services import information_pages_load

PAGES_FILE = Path(__file__).resolve().parent / "data" / "pages.yaml"


def pages_data() -> dict[str, Any]:
    with PAGES_FILE.open(encoding="utf-8") as f:
        data: dict[str, Any] = yaml.safe_load(f)
    return data


def demo_seed() -> None:
    information_pages_load(data=pages_data())
