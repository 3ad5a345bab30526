"""Outcome measures in the admin: providers record them; the list shows each person's raw SWEMWBS totals."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from services.outcomes.models import I_STATEMENTS, CarerStatements, Outcome
from services.outcomes.selectors import QUOTED, carer_statements_by_service_quarter, outcomes_by_provider_quarter


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "service",
        "organisation",
        "support_ended_on",
        "would_recommend",
        "tenancy_kept",
        "started_paid_work",
    ]
    list_filter = ["organisation", "support_ended_on"]
    raw_id_fields = ["referral"]
    autocomplete_fields = ["service", "organisation"]

    # Commissioners read the monitoring report; recording is for those given the model's permissions.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_commissioner", False)) or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(getattr(request.user, "is_commissioner", False)) or super().has_view_permission(request, obj)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """The list, headed by the contract-monitoring report beside the figures the reports quote."""
        rows = outcomes_by_provider_quarter()
        context = {
            "monitoring_rows": [
                {**vars(row), "rates": [row.recommend, row.swemwbs, row.tenancy, row.work]} for row in rows
            ],
            "monitoring_quoted": list(QUOTED.values()),
            "statement_names": [text.split(",")[0] for _, text in I_STATEMENTS],
            "statement_rows": [
                {"row": row, "rates": [row.agree[code] for code, _ in I_STATEMENTS]}
                for row in carer_statements_by_service_quarter()
            ],
        }
        return super().changelist_view(request, extra_context={**(extra_context or {}), **context})


@admin.register(CarerStatements)
class CarerStatementsAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read only: anonymous answers are counted, never edited."""

    list_display = ["service", "answered_on"]
    list_filter = ["answered_on"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
