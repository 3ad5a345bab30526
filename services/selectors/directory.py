"""Reads for the directory's caches: the directory version, what is cached under it, and the categories."""

from __future__ import annotations

from collections.abc import Callable
from time import time_ns
from typing import TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    QuerySet,
)

from services.models import (
    TaxonomyTerm,
)

DIRECTORY_TAXONOMY_NAME = "Kent Carers and Wellbeing Portal categories"
_T = TypeVar("_T")


# --- The directory version -------------------------------------------------------------------

DIRECTORY_VERSION_KEY = "directory:version"


def directory_version() -> int:
    """The version of the directory that every cache derived from it is keyed by (services.directory_version_bump
    moves it on after each committed change). Kept without expiry; started at the time, so a version lost with
    Redis's data is never reused."""
    version = cache.get(DIRECTORY_VERSION_KEY)
    if version is None:
        cache.add(DIRECTORY_VERSION_KEY, time_ns(), timeout=None)
        version = cache.get(DIRECTORY_VERSION_KEY, 0)
    return int(version)


def search_cache_seconds() -> int:
    return int(settings.DIRECTORY_SEARCH_CACHE_SECONDS)


def directory_cached(key: str, make: Callable[[], _T]) -> _T:
    """What `make` returns, cached under `key` for the current directory version.

    The version and the entry come back in one Redis round trip. An entry made at an older version is made again
    and replaces it, so each key has one entry, never one per version."""
    key = f"directory:{key}"
    found = cache.get_many([DIRECTORY_VERSION_KEY, key])
    version = found.get(DIRECTORY_VERSION_KEY)
    if version is None:
        version = directory_version()
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return cast(_T, entry[1])
    value = make()
    cache.set(key, (version, value), search_cache_seconds())
    return value


def search_categories() -> list[TaxonomyTerm]:
    """The search page's types of support, for its filter and its list to browse, in display order (cached for this
    directory version)."""
    return directory_cached(
        "categories",
        lambda: list(TaxonomyTerm.objects.filter(taxonomy__name=DIRECTORY_TAXONOMY_NAME).order_by("position", "name")),
    )


def category_by_slug(*, slug: str) -> QuerySet[TaxonomyTerm]:
    """The category with this slug (for get_object_or_404)."""
    return TaxonomyTerm.objects.filter(slug=slug)
