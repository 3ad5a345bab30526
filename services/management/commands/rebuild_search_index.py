from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from services.models import SearchWord, Service
from services.services import directory_index_refresh


class Command(BaseCommand):
    help = (
        "Recompute every service's weighted full-text search vector and rebuild the vocabulary "
        "'Did you mean' suggests from, then start a new directory version (so cached pages are made again). "
        "Run after bulk changes made outside the admin, the CSV import or these commands."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        directory_index_refresh()
        self.stdout.write(
            f"Indexed {Service.objects.count()} services; vocabulary has {SearchWord.objects.count()} words."
        )
