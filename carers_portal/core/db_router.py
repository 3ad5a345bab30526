"""Send reads of lag-tolerant reference data to a read replica; everything else to the primary.

Installed only when DATABASE_REPLICA_URL is set. Only the models named in
DATABASE_REPLICA_MODELS ("app_label.ModelName") are read from the replica: the public
directory is read far more than it is written and a second's replication lag does no
harm there, whereas a person's own records (sign-up, referrals, responses) must be read
back from the primary they were just written to.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

PRIMARY = "default"
REPLICA = "replica"


class ReplicaRouter:
    def db_for_read(self, model: type[models.Model], **hints: Any) -> str | None:
        replica_models = {label.lower() for label in settings.DATABASE_REPLICA_MODELS}
        if model._meta.label_lower in replica_models:
            return REPLICA
        return PRIMARY

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: Any) -> bool | None:
        # Both aliases hold the same data, so a replica-read object may be related to a primary one.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == PRIMARY
