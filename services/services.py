"""Writes for the service directory: search vectors and vocabulary, the directory version, postcode imports and CSV
import."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from time import time_ns
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.text import slugify

from carers_portal.core.csv_export import csv_unescape
from services.geography import ALL_DISTRICTS, outward_code_normalise, postcode_normalise
from services.models import Audience, Organisation, Postcode, Service, TaxonomyTerm
from services.selectors import DIRECTORY_TAXONOMY_NAME, DIRECTORY_VERSION_KEY

# name > categories (with their alternative names, the search's thesaurus) and provider > summary and description >
# eligibility (PostgreSQL weights A-D), without accents
# (services_unaccent: the unaccent extension through an immutable function, migration 0009).
_SEARCH_VECTOR_SQL = """
UPDATE services_service AS s SET search_vector =
    setweight(to_tsvector('english', services_unaccent(s.name || ' ' || s.alternate_name)), 'A')
    || setweight(to_tsvector('english', services_unaccent(coalesce((
        SELECT string_agg(t.name || ' ' || array_to_string(t.alternative_names, ' '), ' ')
        FROM services_service_categories AS sc JOIN services_taxonomyterm AS t ON t.id = sc.taxonomyterm_id
        WHERE sc.service_id = s.id), '') || ' ' || o.name)), 'B')
    || setweight(to_tsvector('english', services_unaccent(s.summary || ' ' || s.description)), 'C')
    || setweight(to_tsvector('english', services_unaccent(s.eligibility_description)), 'D')
FROM services_organisation AS o
WHERE o.id = s.organisation_id
"""

# The vocabulary "Did you mean" suggests from (selectors.query_correct): every word of 3+ letters in names,
# categories, providers, summaries and descriptions of services people can find, without accents, with the number
# of services using it.
_VOCABULARY_SQL = """
INSERT INTO services_searchword (word, frequency)
SELECT word, count(*) FROM (
    SELECT DISTINCT s.id, word
    FROM services_service AS s
    JOIN services_organisation AS o ON o.id = s.organisation_id
    CROSS JOIN LATERAL regexp_split_to_table(
        lower(services_unaccent(s.name || ' ' || s.alternate_name || ' ' || o.name || ' ' || s.summary
              || ' ' || s.description || ' ' || coalesce((
                                  SELECT string_agg(t.name || ' ' || array_to_string(t.alternative_names, ' '), ' ')
                                  FROM services_service_categories AS sc
                                  JOIN services_taxonomyterm AS t ON t.id = sc.taxonomyterm_id
                                  WHERE sc.service_id = s.id), ''))),
        '[^a-z]+') AS word
    WHERE s.status <> 'inactive'
) AS words
WHERE length(word) BETWEEN 3 AND 60
GROUP BY word
"""


def directory_version_bump() -> None:
    """Once the current transaction commits, move the directory version on (selectors.directory_version): every
    cache derived from the directory (result pages, category lists) is keyed by it."""

    def bump() -> None:
        cache.add(DIRECTORY_VERSION_KEY, time_ns(), timeout=None)
        cache.incr(DIRECTORY_VERSION_KEY)

    transaction.on_commit(bump)


def directory_index_refresh(
    *, service_ids: Sequence[int] | None = None, progress: Callable[[int], object] | None = None
) -> None:
    """After any change to services (all when `service_ids` is None): their search vectors, the vocabulary, and a
    new directory version once committed. `progress`, if given, is called with 1 as each of those 3 steps ends."""
    tick = progress or (lambda steps: None)
    with transaction.atomic(), connection.cursor() as cursor:
        if service_ids is None:
            cursor.execute(_SEARCH_VECTOR_SQL)
        elif service_ids:
            cursor.execute(_SEARCH_VECTOR_SQL + " AND s.id = ANY(%s)", [list(service_ids)])
        tick(1)
        cursor.execute("LOCK TABLE services_searchword")  # one rebuild at a time
        cursor.execute("DELETE FROM services_searchword")
        cursor.execute(_VOCABULARY_SQL)
        tick(1)
    directory_version_bump()
    tick(1)


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

OUTWARD_CENTROIDS_FILE = Path(__file__).resolve().parent / "data" / "kent_outward_code_centroids.csv"

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


# --- CSV import and export of services -------------------------------------------------------

CSV_COLUMNS = [
    "id",
    "slug",
    "name",
    "organisation",
    "status",
    "summary",
    "description",
    "categories",
    "districts",
    "audiences",
    "minimum_age",
    "maximum_age",
    "eligibility_description",
    "application_process",
    "fees_description",
    "url",
    "email",
    "accepts_self_referral",
    "assured_date",
]
_CSV_LIST_SEPARATOR = ";"
MAX_IMPORT_ROWS = 5000


def services_csv_rows(*, services: Iterable[Service]) -> Iterator[list[Any]]:
    """Header then one row per service, in the columns the import reads back."""
    yield CSV_COLUMNS
    for s in services:
        yield [
            s.uuid,
            s.slug,
            s.name,
            s.organisation.name,
            s.status,
            s.summary,
            s.description,
            _CSV_LIST_SEPARATOR.join(t.slug for t in s.categories.all()),
            _CSV_LIST_SEPARATOR.join(s.districts),
            _CSV_LIST_SEPARATOR.join(s.audiences),
            "" if s.minimum_age is None else s.minimum_age,
            "" if s.maximum_age is None else s.maximum_age,
            s.eligibility_description,
            s.application_process,
            s.fees_description,
            s.url,
            s.email,
            "yes" if s.accepts_self_referral else "no",
            s.assured_date.isoformat() if s.assured_date else "",
        ]


@dataclass
class CsvImportResult:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(_CSV_LIST_SEPARATOR) if part.strip()]


def _optional_age(value: str, line: int, name: str, errors: list[str]) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or int(value) > 130:
        errors.append(f"Row {line}: {name} must be a whole number from 0 to 130.")
        return None
    return int(value)


def services_csv_import(*, data: bytes) -> CsvImportResult:
    """Create or update services (matched by slug) from a CSV in the export's layout.

    All or nothing: if any row has an error nothing is saved and every error is listed.
    """
    from datetime import date

    result = CsvImportResult()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append("The file must be a CSV saved as UTF-8.")
        return result
    reader = csv.DictReader(io.StringIO(text))
    missing = {"name", "organisation"} - set(reader.fieldnames or [])
    if missing:
        result.errors.append("The file must have the columns of the export, including name and organisation.")
        return result
    categories = {t.slug: t for t in TaxonomyTerm.objects.filter(taxonomy__name=DIRECTORY_TAXONOMY_NAME)}
    organisations = {o.name.lower(): o for o in Organisation.objects.all()}
    statuses = set(Service.Status.values)
    audiences = set(Audience.values)
    pending: list[tuple[Service, list[TaxonomyTerm], bool]] = []
    errors = result.errors
    for line, row in enumerate(reader, start=2):
        if line - 1 > MAX_IMPORT_ROWS:
            errors.append(f"The file has more than {MAX_IMPORT_ROWS} rows. Split it into smaller files.")
            break
        row = {k: csv_unescape(v or "").strip() for k, v in row.items() if k}
        name = row.get("name", "")
        if not name or len(name) > 200:
            errors.append(f"Row {line}: enter a name of 200 characters or fewer.")
            continue
        organisation = organisations.get(row.get("organisation", "").lower())
        if organisation is None:
            errors.append(f"Row {line}: organisation '{row.get('organisation', '')[:100]}' is not in the directory.")
            continue
        slug = slugify(row.get("slug") or name)[:200]
        service = Service.objects.filter(slug=slug).first()
        created = service is None
        if service is None:
            service = Service(slug=slug)
        service.name = name
        service.organisation = organisation
        status = row.get("status") or Service.Status.ACTIVE
        if status not in statuses:
            errors.append(f"Row {line}: status must be one of {', '.join(sorted(statuses))}.")
        service.status = status
        for text_field, limit in (
            ("summary", 300),
            ("description", 10000),
            ("eligibility_description", 2000),
            ("application_process", 2000),
            ("fees_description", 1000),
            ("url", 300),
            ("email", 254),
        ):
            value = row.get(text_field, "")
            if len(value) > limit:
                errors.append(f"Row {line}: {text_field} must be {limit} characters or fewer.")
            setattr(service, text_field, value[:limit])
        districts = _split(row.get("districts", ""))
        bad = [d for d in districts if d not in ALL_DISTRICTS]
        if bad:
            errors.append(f"Row {line}: unknown districts: {', '.join(bad)[:200]}.")
        service.districts = [d for d in districts if d in ALL_DISTRICTS]
        wanted_audiences = _split(row.get("audiences", ""))
        if any(a not in audiences for a in wanted_audiences):
            errors.append(f"Row {line}: unknown audiences.")
        service.audiences = [a for a in wanted_audiences if a in audiences]
        service.minimum_age = _optional_age(row.get("minimum_age", ""), line, "minimum_age", errors)
        service.maximum_age = _optional_age(row.get("maximum_age", ""), line, "maximum_age", errors)
        service.accepts_self_referral = row.get("accepts_self_referral", "").lower() in {"yes", "true", "1"}
        assured = row.get("assured_date", "")
        try:
            service.assured_date = date.fromisoformat(assured) if assured else None
        except ValueError:
            errors.append(f"Row {line}: assured_date must be a date like 2025-03-31.")
        wanted = _split(row.get("categories", ""))
        unknown = [c for c in wanted if c not in categories]
        if unknown:
            errors.append(f"Row {line}: unknown categories: {', '.join(unknown)[:200]}.")
        try:
            service.full_clean(exclude=["search_vector", "categories", "organisation"])
        except ValidationError as exc:
            for messages in exc.message_dict.values():
                errors.extend(f"Row {line}: {message}" for message in messages)
        pending.append((service, [categories[c] for c in wanted if c in categories], created))
    if errors:
        return result
    with transaction.atomic():
        ids = []
        for service, terms, created in pending:
            service.save()
            service.categories.set(terms)
            ids.append(service.pk)
            if created:
                result.created += 1
            else:
                result.updated += 1
        directory_index_refresh(service_ids=ids)
    return result
