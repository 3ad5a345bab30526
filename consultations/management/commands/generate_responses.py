from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carers_portal.core.progress import progress_bar
from consultations.models import Consultation
from consultations.synthetic import responses_generate


class Command(BaseCommand):
    help = (
        "Add COUNT realistic synthetic submitted responses (answers to every question, equality answers, "
        "channels, postcodes and districts) to the consultation with the given slug. For demos and "
        "benchmarks only: the rows are written with PostgreSQL COPY and bypass the respond journey."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args: Any, **options: Any) -> None:
        consultation = Consultation.objects.filter(slug=options["slug"]).first()
        if consultation is None:
            raise CommandError(f"No consultation has the slug {options['slug']!r}")
        if options["count"] < 1:
            raise CommandError("--count must be 1 or more")
        if not consultation.questions.exists():
            raise CommandError("The consultation has no questions yet")
        with progress_bar(
            self, total=options["count"], desc="Adding responses", unit=" responses", verbosity=options["verbosity"]
        ) as bar:
            written = responses_generate(
                consultation=consultation, count=options["count"], seed=options["seed"], progress=bar.update
            )
        self.stdout.write(self.style.SUCCESS(f"Added {written:,} responses to {consultation.title}"))
