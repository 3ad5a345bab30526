"""Outcome measures in the admin: providers record them; the list shows each person's raw SWEMWBS totals."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from accounts.policy import Scope, scope_for, user_is_commissioner, user_organisation_id
from carers_portal.core.admin import PolicyAdmin
from services.models import Service
from services.outcomes.models import I_STATEMENTS, CarerStatements, Outcome
from services.outcomes.selectors import QUOTED, carer_statements_by_service_quarter, outcomes_by_provider_quarter


@admin.register(Outcome)
class OutcomeAdmin(PolicyAdmin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "service",
        "organisation",
        "support_ended_on",
        "would_recommend",
        "tenancy_kept",
        "started_paid_work",
        "example",
    ]
    list_filter = ["organisation", "support_ended_on"]
    raw_id_fields = ["referral"]
    autocomplete_fields = ["service", "organisation"]

    def _own_organisation_id(self, request: HttpRequest) -> int | None:
        """The provider's organisation when the policy gives this person their own organisation's outcomes."""
        if scope_for(request.user, "outcomes.view") == Scope.OWN:
            return user_organisation_id(request.user)
        return None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Outcome]:
        queryset = super().get_queryset(request)
        own = self._own_organisation_id(request)
        return queryset if own is None else queryset.filter(organisation_id=own)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        own = self._own_organisation_id(request)
        if db_field.name == "service" and own is not None:
            kwargs["queryset"] = Service.objects.filter(organisation_id=own)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Outcome, form: Any, change: bool) -> None:
        own = self._own_organisation_id(request)
        if own is not None:
            obj.organisation_id = own  # a provider records outcomes for their own organisation only
        super().save_model(request, obj, form, change)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """The list, headed (for commissioners) by the contract-monitoring report beside the reports' figures."""
        if not user_is_commissioner(request.user):
            return super().changelist_view(request, extra_context)
        rows = outcomes_by_provider_quarter()
        statement_rows = carer_statements_by_service_quarter()
        context = {
            "monitoring_examples": any(row.examples for row in rows) or any(row.examples for row in statement_rows),
            "monitoring_rows": [
                {**vars(row), "rates": [row.recommend, row.swemwbs, row.tenancy, row.work]} for row in rows
            ],
            "monitoring_quoted": list(QUOTED.values()),
            "statement_names": [text.split(",")[0] for _, text in I_STATEMENTS],
            "statement_rows": [
                {"row": row, "rates": [row.agree[code] for code, _ in I_STATEMENTS]} for row in statement_rows
            ],
        }
        return super().changelist_view(request, extra_context={**(extra_context or {}), **context})


@admin.register(CarerStatements)
class CarerStatementsAdmin(PolicyAdmin, admin.ModelAdmin):  # type: ignore[type-arg]
    """Read only (the policy's READ_ONLY_MODELS): anonymous answers are counted, never edited."""

    list_display = ["service", "answered_on", "example"]
    list_filter = ["answered_on"]
