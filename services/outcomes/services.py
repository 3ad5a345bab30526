from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from services.models import Service
from services.outcomes.models import I_STATEMENTS, CarerStatements


def carer_statements_record(*, service: Service, token: UUID, answers: dict[str, Any]) -> CarerStatements:
    """Save a carer's answers once (a second submit with the same token returns the first)."""
    try:
        with transaction.atomic():
            return CarerStatements.objects.create(
                service=service,
                answered_on=timezone.localdate(),
                token=token,
                **{code: answers.get(code) or "" for code, _ in I_STATEMENTS},
            )
    except IntegrityError:
        return CarerStatements.objects.get(token=token)
