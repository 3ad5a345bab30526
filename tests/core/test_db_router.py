from __future__ import annotations

from typing import Any

from accounts.models import User
from carers_portal.core.db_router import ReplicaRouter
from carers_portal.core.models import OutboundEmail


def test_only_the_named_reference_models_are_read_from_the_replica(settings: Any) -> None:
    settings.DATABASE_REPLICA_MODELS = ["core.AuditEvent"]
    router = ReplicaRouter()
    from carers_portal.core.models import AuditEvent

    assert router.db_for_read(AuditEvent) == "replica"
    assert router.db_for_read(User) == "default"
    assert router.db_for_read(OutboundEmail) == "default"
    assert router.db_for_write(AuditEvent) == "default"
    assert router.allow_migrate("default", "core") is True
    assert router.allow_migrate("replica", "core") is False


def test_objects_read_from_either_database_may_be_related() -> None:
    a, b = User(email="a@example.com"), User(email="b@example.com")
    a._state.db, b._state.db = "default", "replica"

    assert ReplicaRouter().allow_relation(a, b) is True
