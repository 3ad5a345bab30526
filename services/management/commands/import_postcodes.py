from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from services.services.postcodes import OUTWARD_CENTROIDS_FILE, postcodes_import


class Command(BaseCommand):
    help = (
        "Import postcode coordinates from an ONS Postcode Directory CSV (Open Government Licence). "
        "Streams the file in batches with a progress bar; running it again updates existing postcodes "
        "instead of duplicating them. Terminated postcodes and rows without coordinates are skipped. "
        "Without FILE, loads the shipped approximate Kent and Medway outward-code centroids."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", nargs="?", help="path to the ONSPD CSV (for example ONSPD_NOV_2025_UK.csv)")
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--kent-only", action="store_true", help="keep only Kent and Medway postcodes")
        parser.add_argument("--include-terminated", action="store_true", help="keep terminated postcodes too")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"] or str(OUTWARD_CENTROIDS_FILE)
        if not os.path.isfile(path):
            raise CommandError(f"No such file: {path}")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        size = os.path.getsize(path)
        with (
            open(path, encoding="utf-8-sig", newline="") as handle,
            tqdm(total=None, unit=" postcodes", disable=options["verbosity"] == 0 or size < 100_000) as bar,
        ):
            result = postcodes_import(
                lines=handle,
                batch_size=options["batch_size"],
                kent_only=options["kent_only"],
                include_terminated=options["include_terminated"],
                progress=bar.update,
            )
        if result.errors:
            raise CommandError(" ".join(result.errors))
        self.stdout.write(f"Imported {result.imported} postcodes; skipped {result.skipped} rows.")
