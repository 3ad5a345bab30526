from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django_redis import get_redis_connection
from redis.exceptions import RedisError

from carers_portal.core.middleware import database_unavailable_response, is_database_unavailable

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


def page(request: HttpRequest, template: str) -> HttpResponse:
    """A static content page in the house layout (accessibility, privacy, cookies, contact)."""
    return render(request, f"core/pages/{template}.html")


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return bool(cursor.fetchone() == (1,))
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        logger.warning("Health check: database unavailable")
        return False


def _redis_ok() -> bool:
    try:
        return bool(get_redis_connection("default").ping())
    except (RedisError, OSError):
        logger.warning("Health check: Redis unavailable")
        return False


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and dependencies: 200 when PostgreSQL and Redis both answer, else 503."""
    checks = {"database": _database_ok(), "redis": _redis_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"} | {
        name: "ok" if ok else "unavailable" for name, ok in checks.items()
    }
    return JsonResponse(body, status=200 if healthy else 503)


def _migrations_applied() -> bool:
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        return not executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:  # noqa: BLE001 - an unreachable database is "not ready"
        return False


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness for a load balancer: 200 when PostgreSQL answers and every migration is applied.

    Redis is reported but not required: without it pages are served uncached and the outbox
    waits for it, so taking every replica out of service would turn a degraded portal into a dead one.
    """
    database = _database_ok()
    checks = {"database": database, "migrations": database and _migrations_applied()}
    ready = all(checks.values())
    body = (
        {"status": "ok" if ready else "unavailable"}
        | {name: "ok" if ok else "unavailable" for name, ok in checks.items()}
        | {"redis": "ok" if _redis_ok() else "unavailable"}
    )
    return JsonResponse(body, status=200 if ready else 503)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # A database outage that surfaced outside a view (e.g. the session saved after it) is an outage, not a bug.
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable_response(request)
    # Render without context processors that might touch the failing part.
    return render(request, "500.html", {"SERVICE_NAME": settings.SERVICE_NAME}, status=500)
