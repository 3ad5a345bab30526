from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from carers_portal.core.progress import progress_bar
from services.models import SearchWord, Service
from services.services.directory import directory_index_refresh


class Command(BaseCommand):
    help = (
        "Recompute every service's weighted full-text search vector and rebuild the vocabulary "
        "'Did you mean' suggests from, then start a new directory version (so cached pages are made again). "
        "Run after bulk changes made outside the admin, the CSV import or these commands."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Three steps: every service's search vector, the vocabulary, a new directory version.
        verbosity = options["verbosity"]
        with progress_bar(self, total=3, desc="Rebuilding the index", unit=" steps", verbosity=verbosity) as bar:
            directory_index_refresh(progress=bar.update)
        self.stdout.write(
            f"Indexed {Service.objects.count()} services; vocabulary has {SearchWord.objects.count()} words."
        )
