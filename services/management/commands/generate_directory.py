from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from carers_portal.core.progress import progress_bar
from services.generation import directory_generate


class Command(BaseCommand):
    help = (
        "Create N realistic synthetic services (with organisations, places, phones and opening times) across "
        "Kent and Medway for scale and performance work. The same --seed gives the same records; running it "
        "again with that seed replaces the records it made before. Slugs start with gen-<seed>-."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--services", type=int, default=1000, help="how many services to create")
        parser.add_argument("--seed", type=int, default=1, help="random seed")

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["services"]
        if not 1 <= count <= 200_000:
            raise CommandError("--services must be between 1 and 200000")
        # Two steps a service: made, then linked to its categories, phone and place.
        with progress_bar(
            self, total=2 * count, desc="Generating services", unit=" steps", verbosity=options["verbosity"]
        ) as bar:
            ids = directory_generate(count=count, seed=options["seed"], progress=bar.update)
        with connection.cursor() as cursor:  # fresh planner statistics after a bulk load
            cursor.execute("ANALYZE services_service, services_location, services_serviceatlocation")
        self.stdout.write(f"Created {len(ids)} services.")
