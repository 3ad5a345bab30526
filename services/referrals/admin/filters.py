"""The triage queue's filters, and the period a referral report covers."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from services.referrals import selectors
from services.referrals.models import Referral
from services.referrals.selectors import OverdueKind


class OverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            (OverdueKind.ANY, "Any deadline missed"),
            (OverdueKind.TRIAGE, "Not triaged within 2 working days"),
            (OverdueKind.START, "Not started within 6 working days"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Referral]) -> QuerySet[Referral]:
        if self.value() in (OverdueKind.ANY, OverdueKind.TRIAGE, OverdueKind.START):
            return selectors.referrals_filter_overdue(referrals=queryset, kind=str(self.value()))
        return queryset


class FlagFilter(admin.SimpleListFilter):
    title = "flagged"
    parameter_name = "flag"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("any", "Any flag"), *((value, str(label)) for value, label in Referral.Flag.choices)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Referral]) -> QuerySet[Referral]:
        if self.value() == "any":
            return queryset.exclude(flags=[])
        if self.value() in Referral.Flag.values:
            return queryset.filter(flags__contains=[self.value()])
        return queryset


class AssignedFilter(admin.SimpleListFilter):
    title = "assigned to"
    parameter_name = "assigned"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("me", "Me"), ("nobody", "Nobody")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Referral]) -> QuerySet[Referral]:
        if self.value() == "me":
            return queryset.filter(assigned_to_id=request.user.pk)
        if self.value() == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


class ReportPeriodForm(forms.Form):
    """The months a report covers: by default the last 12 (this month and the 11 before it)."""

    start = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date must be the same as or after the start date")
        return data

    def period(self) -> tuple[date, date]:
        today = timezone.localdate()
        month = today.month - 11
        default_start = date(today.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        if not self.is_bound or not self.is_valid():
            return default_start, today
        return self.cleaned_data.get("start") or default_start, self.cleaned_data.get("end") or today
