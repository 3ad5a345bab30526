"""The admin action commissioners use to move scheduled changes from proposed to decided (audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from services.models import EligibilityChange
from services.proposals import eligibility_changes_decide


@admin.action(description="Record that the council has decided the selected proposals")
def decide_selected(modeladmin: Any, request: HttpRequest, queryset: QuerySet[EligibilityChange]) -> None:
    result = eligibility_changes_decide(changes=queryset.select_related("service"), actor=request.user)
    if result.decided:
        modeladmin.message_user(
            request, f"Recorded {len(result.decided)} as decided: they take effect on their dates.", messages.SUCCESS
        )
    for change, why in result.refused:
        modeladmin.message_user(request, f"{change} was not recorded as decided: {why}.", messages.ERROR)
