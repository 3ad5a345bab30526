from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from accounts.models import User
from carers_portal.core.db_router import ReplicaReadsMiddleware, ReplicaRouter, replica_reads_allowed
from carers_portal.core.models import AuditEvent, OutboundEmail


def test_only_named_models_are_read_from_the_replica_and_only_for_public_gets(settings: Any) -> None:
    settings.DATABASE_REPLICA_MODELS = ["core.AuditEvent"]
    router = ReplicaRouter()
    seen: dict[str, list[str]] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen[f"{request.method} {request.path}"] = [
            router.db_for_read(AuditEvent),
            router.db_for_read(User),
            router.db_for_read(OutboundEmail),
            router.db_for_write(AuditEvent),
        ]
        return HttpResponse()

    middleware = ReplicaReadsMiddleware(view)
    factory = RequestFactory()
    middleware(factory.get("/services/"))
    middleware(factory.post("/services/x/refer/"))
    middleware(factory.get("/staff/services/service/1/change/"))

    assert seen["GET /services/"] == ["replica", "default", "default", "default"]
    assert seen["POST /services/x/refer/"] == ["default"] * 4
    assert seen["GET /staff/services/service/1/change/"] == ["default"] * 4
    assert router.db_for_read(AuditEvent) == "default"  # outside a request: tasks and commands
    assert replica_reads_allowed.get() is False
    assert router.allow_migrate("default", "core") is True
    assert router.allow_migrate("replica", "core") is False


def test_the_default_replica_models_are_the_directory_and_exist(settings: Any) -> None:
    from django.apps import apps

    for label in settings.DATABASE_REPLICA_MODELS:
        assert label.startswith("services.")
        apps.get_model(label)  # raises if a name is wrong


def test_objects_read_from_either_database_may_be_related() -> None:
    a, b = User(email="a@example.com"), User(email="b@example.com")
    a._state.db, b._state.db = "default", "replica"

    assert ReplicaRouter().allow_relation(a, b) is True


@pytest.mark.django_db
def test_a_configured_replica_really_serves_directory_reads() -> None:
    """The settings wire the router in when DATABASE_REPLICA_URL is set (here: the test database itself)."""
    import os
    import subprocess
    import sys

    from tests.support import BASE_DIR, database_url

    script = (
        "from carers_portal.core.db_router import replica_reads_allowed\n"
        "from services.models import Service\n"
        "from accounts.models import User\n"
        "replica_reads_allowed.set(True)\n"
        "print(Service.objects.all().db, User.objects.all().db, Service.objects.count() >= 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=BASE_DIR,
        env=os.environ | {"DATABASE_URL": database_url(), "DATABASE_REPLICA_URL": database_url()},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["replica", "default", "True"]
