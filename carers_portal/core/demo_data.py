"""Whether the site holds demonstration data: then every page says so once (issue 24.1).

Driven by the data, not a setting: demonstration records mark what is made up (an example phone number, an
example consultation), and a real deployment without them shows no notice. Cached for a few minutes; the demo
seeds clear it.
"""

from __future__ import annotations

from django.core.cache import cache

DEMO_DATA_KEY = "portal:demo-data-held"
DEMO_DATA_SECONDS = 300


def _demo_records_exist() -> bool:
    from consultations.models import Consultation
    from services.models import Phone

    return Phone.objects.filter(example=True).exists() or Consultation.objects.filter(is_example=True).exists()


def demo_data_held() -> bool:
    return bool(cache.get_or_set(DEMO_DATA_KEY, _demo_records_exist, DEMO_DATA_SECONDS))


def demo_data_forget() -> None:
    """After demonstration data is loaded or removed: the next page works it out again."""
    cache.delete(DEMO_DATA_KEY)
