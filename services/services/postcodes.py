"""Writes for the service directory's geography: postcode imports and outward-code centroids."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from services.geography import ALL_DISTRICTS, outward_code_normalise, postcode_normalise
from services.models import Postcode

# --- Postcodes ------------------------------------------------------------------------------

# ONS local authority district codes for Kent's districts and Medway.
ONS_DISTRICT_CODES: dict[str, str] = {
    "E07000105": "ashford",
    "E07000106": "canterbury",
    "E07000107": "dartford",
    "E07000108": "dover",
    "E07000112": "folkestone-and-hythe",
    "E07000109": "gravesham",
    "E07000110": "maidstone",
    "E07000111": "sevenoaks",
    "E07000113": "swale",
    "E07000114": "thanet",
    "E07000115": "tonbridge-and-malling",
    "E07000116": "tunbridge-wells",
    "E06000035": "medway",
}

OUTWARD_CENTROIDS_FILE = Path(__file__).resolve().parent.parent / "data" / "kent_outward_code_centroids.csv"

# Column names differ between ONS Postcode Directory releases; the first one present wins.
_POSTCODE_COLUMNS = ("pcds", "pcd", "pcd7", "pcd8", "postcode")
_LAT_COLUMNS = ("lat", "latitude")
_LONG_COLUMNS = ("long", "longitude", "lng")
_DISTRICT_COLUMNS = ("oslaua", "lad25cd", "lad24cd", "lad23cd", "lad22cd", "laua", "district")


@dataclass
class PostcodeImportResult:
    imported: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


def _pick(row: dict[str, str], names: Iterable[str]) -> str:
    for name in names:
        value = row.get(name)
        if value is not None:
            return value.strip()
    return ""


def _rows_without_comments(lines: Iterable[str]) -> Iterator[str]:
    return (line for line in lines if not line.startswith("#"))


def postcodes_import(
    *,
    lines: Iterable[str],
    batch_size: int = 5000,
    kent_only: bool = False,
    include_terminated: bool = False,
    progress: Callable[[int], object] | None = None,
) -> PostcodeImportResult:
    """Stream an ONS Postcode Directory CSV (or our centroid file) into the postcode table.

    Rows are upserted in batches, so running it again updates rather than duplicates. Rows without
    coordinates (ONS uses latitude 99.999999) and terminated postcodes are skipped.
    """
    result = PostcodeImportResult()
    reader = csv.DictReader(_rows_without_comments(lines))
    if reader.fieldnames is None:
        result.errors.append("The file is empty.")
        return result
    reader.fieldnames = [name.strip().lower() for name in reader.fieldnames]
    if not any(name in reader.fieldnames for name in _POSTCODE_COLUMNS):
        result.errors.append("The file has no postcode column (pcds, pcd or postcode).")
        return result
    batch: list[Postcode] = []

    def flush() -> None:
        if batch:
            Postcode.objects.bulk_create(
                batch,
                update_conflicts=True,
                unique_fields=["postcode"],
                update_fields=["kind", "latitude", "longitude", "district"],
            )
            result.imported += len(batch)
            if progress:
                progress(len(batch))
            batch.clear()

    seen: set[str] = set()
    for row in reader:
        if not include_terminated and (row.get("doterm") or "").strip():
            result.skipped += 1
            continue
        raw = _pick(row, _POSTCODE_COLUMNS)
        code = postcode_normalise(raw)
        kind = Postcode.Kind.FULL
        if code is None:
            code = outward_code_normalise(raw)
            kind = Postcode.Kind.OUTWARD
        try:
            latitude = float(_pick(row, _LAT_COLUMNS))
            longitude = float(_pick(row, _LONG_COLUMNS))
        except ValueError:
            latitude = longitude = 99.0
        district_raw = _pick(row, _DISTRICT_COLUMNS)
        district = ONS_DISTRICT_CODES.get(district_raw, district_raw if district_raw in ALL_DISTRICTS else "")
        if code is None or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            result.skipped += 1
            continue
        if kent_only and not district:
            result.skipped += 1
            continue
        if code in seen:  # one row per postcode in a batch, or the upsert fails
            flush()
            seen.clear()
        seen.add(code)
        batch.append(Postcode(postcode=code, kind=kind, latitude=latitude, longitude=longitude, district=district))
        if len(batch) >= batch_size:
            flush()
            seen.clear()
    flush()
    return result


def outward_centroids_load() -> PostcodeImportResult:
    """Load the shipped, approximate Kent and Medway outward-code centroids."""
    with OUTWARD_CENTROIDS_FILE.open(encoding="utf-8") as handle:
        return postcodes_import(lines=handle)
