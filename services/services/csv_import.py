"""Writes for the service directory: CSV import and export of services."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from carers_portal.core.csv_export import csv_unescape
from carers_portal.core.models import AuditEvent
from carers_portal.core.services import audit_record, task_enqueue_on_commit
from services.geography import ALL_DISTRICTS
from services.models import Audience, Organisation, Service, ServiceImport, TaxonomyTerm
from services.selectors.directory import DIRECTORY_TAXONOMY_NAME
from services.services.directory import directory_index_refresh

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


# What a spreadsheet user can act on when a row cannot be read (PostgreSQL stores no NUL; csv caps a cell).
CSV_NUL = 'the row has a NUL character (a blank byte). Save the file again as "CSV UTF-8" and try again.'
CSV_UNREADABLE = (
    f"a cell is longer than {csv.field_size_limit():,} characters, or the row is not valid CSV. "
    "Check the row's quotes and cell lengths."
)


def _csv_rows(reader: csv.DictReader[str], errors: list[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each row with its number (the header is row 1); a row the csv module cannot read ends the file with an
    error naming it, rather than an exception."""
    line = 1
    while True:
        line += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            errors.append(f"Row {line}: {CSV_UNREADABLE}")
            return
        yield line, row


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
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error:
        result.errors.append(f"Row 1: {CSV_UNREADABLE}")
        return result
    if any("\x00" in name for name in fieldnames):
        result.errors.append(f"Row 1: {CSV_NUL}")
        return result
    missing = {"name", "organisation"} - set(fieldnames)
    if missing:
        result.errors.append("The file must have the columns of the export, including name and organisation.")
        return result
    categories = {t.slug: t for t in TaxonomyTerm.objects.filter(taxonomy__name=DIRECTORY_TAXONOMY_NAME)}
    organisations = {o.name.lower(): o for o in Organisation.objects.all()}
    statuses = set(Service.Status.values)
    audiences = set(Audience.values)
    pending: list[tuple[Service, list[TaxonomyTerm], bool]] = []
    errors = result.errors
    for line, row in _csv_rows(reader, errors):
        if line - 1 > MAX_IMPORT_ROWS:
            errors.append(f"The file has more than {MAX_IMPORT_ROWS} rows. Split it into smaller files.")
            break
        if any("\x00" in (value or "") for value in row.values() if isinstance(value, str)):
            errors.append(f"Row {line}: {CSV_NUL}")
            continue
        row = {k: csv_unescape(v or "").strip() for k, v in row.items() if k and isinstance(v, str)}
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


def service_import_request(*, data: bytes, file_name: str, requested_by: Any) -> ServiceImport:
    """Keep the uploaded CSV and hand it to a worker once this transaction commits (the request does not wait)."""
    from services.tasks import service_import_run_task  # the task module imports this one

    with transaction.atomic():
        service_import = ServiceImport.objects.create(
            data=data, file_name=file_name[:255], requested_by=requested_by if requested_by.pk else None
        )
        task_enqueue_on_commit(service_import_run_task, service_import.pk)
    return service_import


def service_import_run(*, import_id: int) -> ServiceImport | None:
    """Import a waiting upload (all or nothing), record the outcome, and forget the file. Running it twice does
    nothing the second time."""
    with transaction.atomic():
        service_import = ServiceImport.objects.select_for_update().filter(pk=import_id).first()
        if service_import is None or service_import.status != ServiceImport.Status.WAITING:
            return service_import
        result = services_csv_import(data=bytes(service_import.data))
        service_import.created, service_import.updated = result.created, result.updated
        service_import.errors = result.errors[:50]
        service_import.status = ServiceImport.Status.REFUSED if result.errors else ServiceImport.Status.IMPORTED
        service_import.data = b""
        service_import.finished_at = timezone.now()
        service_import.save()
        if not result.errors:
            audit_record(
                actor=service_import.requested_by,
                action=AuditEvent.Action.CHANGE,
                object_type="services.Service",
                summary=f"CSV import: {result.created} created, {result.updated} updated",
            )
    return service_import
