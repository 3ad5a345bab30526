"""The triage queue in the staff admin. Thin: every read is scoped by `referrals_visible_to`,
every write goes through `services`, and every view, change and export is audited."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from carers_portal.core.csv_export import csv_response
from carers_portal.core.models import AuditEvent
from carers_portal.core.services import audit_record
from services.models import Service
from services.referrals import admin_story, reporting, selectors, services, triage
from services.referrals.models import ContactAttempt, Referral, ReferralNote, StaffMembership
from services.referrals.selectors import OverdueKind
from services.referrals.triage import TransitionRefused


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


class ReferralTriageForm(forms.ModelForm):  # type: ignore[type-arg]
    """What staff may change: the next status (checked by the triage rules), assignment and dates."""

    move_to = forms.ChoiceField(label="Move to", required=False)
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you decline a referral. The person does not see this.",
    )

    class Meta:
        model = Referral
        fields = ["assigned_to", "need_level", "signposted_to", "support_started_on", "legal_hold"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.status
        move_to = self.fields["move_to"]
        assert isinstance(move_to, forms.ChoiceField)  # noqa: S101 - declared above; narrows the type
        move_to.choices = [("", f"Keep as {triage.status_label(current).lower()}")] + [
            (target, triage.status_label(target)) for target in triage.allowed_targets(current)
        ]
        if "assigned_to" in self.fields and self.instance.pk:
            field = self.fields["assigned_to"]
            field.queryset = selectors.referral_assignable_staff(referral=self.instance)  # type: ignore[attr-defined]
        if "signposted_to" in self.fields:
            self.fields["signposted_to"].queryset = Service.objects.filter(  # type: ignore[attr-defined]
                status=Service.Status.ACTIVE
            ).order_by("name", "pk")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        target = cleaned.get("move_to")
        if target:
            error = triage.transition_error(
                current=self.instance.status, target=target, reason=cleaned.get("reason", "")
            )
            if error:
                self.add_error("reason" if target in triage.REASON_REQUIRED else "move_to", error)
            elif target == triage.Status.SIGNPOSTED and not cleaned.get("signposted_to"):
                self.add_error("signposted_to", "Select the service you signposted them to")
        started = cleaned.get("support_started_on")
        if "support_started_on" in self.changed_data and started:
            status_then = target or self.instance.status
            if status_then not in (triage.Status.ACCEPTED, triage.Status.CLOSED):
                self.add_error("support_started_on", "Support can only start once the referral is accepted")
        return cleaned


class _AddOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    """Notes and contact attempts: staff add them; nobody edits or deletes them."""

    extra = 1
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        visible = selectors.referrals_visible_to(user=request.user)
        return super().get_queryset(request).filter(referral__in=visible.values("pk"))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return selectors.staff_can_triage(user=request.user) and (
            obj is None or selectors.referral_visible_to(user=request.user, referral=obj)
        )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is not None and self.has_view_permission(request, obj) and obj.anonymised_at is None

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _staff_name(user: Any) -> str:
    """Who wrote a note or made a contact attempt, as text: a read-only foreign key would link to the user admin,
    which provider staff cannot open."""
    return str(user) if user is not None else ""


class NoteInline(_AddOnlyInline):
    model = ReferralNote
    fields = ("created_at", "written_by", "text")
    readonly_fields = ("created_at", "written_by")
    verbose_name_plural = "Internal notes (staff only; never shown to the person)"

    @admin.display(description="author")
    def written_by(self, obj: ReferralNote) -> str:
        return _staff_name(obj.author)


class ContactAttemptInline(_AddOnlyInline):
    model = ContactAttempt
    fields = ("made_at", "made_by_name", "method", "outcome", "note")
    readonly_fields = ("made_by_name",)

    @admin.display(description="made by")
    def made_by_name(self, obj: ContactAttempt) -> str:
        return _staff_name(obj.made_by)


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ReferralTriageForm
    change_list_template = "referrals/admin/change_list.html"
    list_display = (
        "reference",
        "submitted_at",
        "service",
        "status",
        "risk_reported",
        "flagged",
        "working_days_waiting",
        "overdue",
        "assigned_to",
        "district",
    )
    list_filter = (
        "status",
        ("service", admin.RelatedOnlyFieldListFilter),
        ("organisation", admin.RelatedOnlyFieldListFilter),
        "district",
        "risk_reported",
        FlagFilter,
        "need_level",
        OverdueFilter,
        AssignedFilter,
    )
    search_fields = ("reference", "name", "email", "phone")
    search_help_text = "Search by reference, name, email address or phone number."
    date_hierarchy = None
    list_per_page = 50
    ordering = ("-submitted_at",)
    actions = ["assign_to_me", "start_triage", "export_selected"]
    inlines = [ContactAttemptInline, NoteInline]
    readonly_fields = (
        "reference",
        "service",
        "organisation",
        "submitted_at",
        "status",
        "working_days_waiting",
        "overdue",
        "risk_reported",
        "flagged",
        "decline_reason",
        "who_needs_support",
        "name",
        "referrer_name",
        "cared_for_agrees",
        "age_band",
        "postcode",
        "district",
        "phone",
        "email",
        "address",
        "best_time_to_contact",
        "communication_needs_display",
        "interpreter_language",
        "help_wanted",
        "heard_about",
        "consent_at",
        "attachment_title",
        "attachment_display",
        "shared_story_display",
        "status_history",
        "audit_trail",
        "anonymised_at",
    )

    # --- Scope and permissions: one selector decides what each member of staff can see.

    def get_queryset(self, request: HttpRequest) -> QuerySet[Referral]:
        return selectors.referrals_visible_to(user=request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return selectors.staff_can_triage(user=request.user)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Referral], search_term: str
    ) -> tuple[QuerySet[Referral], bool]:
        """Also match phone numbers however they are spaced ("07700900982" finds "07700 900 982")."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return selectors.referrals_search_phone(
            referrals=queryset, matched=results, search_term=search_term
        ), may_have_duplicates

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return selectors.staff_can_triage(user=request.user) and (
            obj is None or selectors.referral_visible_to(user=request.user, referral=obj)
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # referrals come from the public journey or another service's referral_submit

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # retention is handled by purge_expired_referrals

    def has_export_permission(self, request: HttpRequest) -> bool:
        return selectors.staff_can_export(user=request.user)

    def get_list_filter(self, request: HttpRequest) -> Any:
        if getattr(request.user, "is_commissioner", False):
            return self.list_filter
        return tuple(f for f in self.list_filter if f != ("organisation", admin.RelatedOnlyFieldListFilter))

    def get_list_display(self, request: HttpRequest) -> Any:
        if getattr(request.user, "is_commissioner", False):
            return (*self.list_display[:3], "organisation", *self.list_display[3:])
        return self.list_display

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(self.readonly_fields)
        if not getattr(request.user, "is_commissioner", False):
            fields.append("legal_hold")
        if obj is not None and obj.anonymised_at:
            fields += ["assigned_to", "support_started_on"]
        return fields

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets: list[tuple[str | None, dict[str, Any]]] = [
            (
                None,
                {
                    "fields": (
                        ("reference", "status"),
                        ("service", "organisation"),
                        ("submitted_at", "working_days_waiting"),
                        ("overdue", "risk_reported"),
                        "flagged",
                    )
                },
            ),
            (
                "Triage",
                {
                    "fields": (
                        "move_to",
                        "reason",
                        "need_level",
                        "signposted_to",
                        "assigned_to",
                        "support_started_on",
                        "decline_reason",
                        "legal_hold",
                    )
                },
            ),
            (
                "The person",
                {
                    "fields": (
                        "who_needs_support",
                        "name",
                        "referrer_name",
                        "cared_for_agrees",
                        "age_band",
                        ("postcode", "district"),
                    )
                },
            ),
            (
                "Contact",
                {
                    "fields": (
                        "phone",
                        "email",
                        "address",
                        "best_time_to_contact",
                        "communication_needs_display",
                        "interpreter_language",
                    )
                },
            ),
            ("Request", {"fields": ("help_wanted", "heard_about", "consent_at")}),
        ]
        if obj is not None and (obj.attachment is not None or obj.attachment_title):
            fieldsets.append(("Attachment", {"fields": ("attachment_title", "attachment_display")}))
        fieldsets += admin_story.story_fieldsets(obj)
        fieldsets.append(("History", {"fields": ("status_history", "audit_trail", "anonymised_at")}))
        if obj is not None and obj.anonymised_at:
            fieldsets[1] = ("Triage", {"fields": ("decline_reason", "legal_hold")})
        return fieldsets

    # --- Columns and read-only displays

    @admin.display(description="Working days waiting")
    def working_days_waiting(self, obj: Referral) -> int:
        return selectors.referral_working_days_waiting(referral=obj)

    @admin.display(description="Flagged")
    def flagged(self, obj: Referral) -> str:
        return "; ".join(selectors.referral_flag_labels(referral=obj)) or "No"

    @admin.display(description="Overdue")
    def overdue(self, obj: Referral) -> str:
        return "; ".join(selectors.referral_overdue_labels(referral=obj)) or "No"

    @admin.display(description="Communication needs")
    def communication_needs_display(self, obj: Referral) -> str:
        labels = dict(Referral.CommunicationNeed.choices)
        return "; ".join(str(labels.get(n, n)) for n in obj.communication_needs) or "None"

    @admin.display(description="Attachment")
    def attachment_display(self, obj: Referral) -> SafeString | str:
        return _render_json(obj.attachment) if obj.attachment is not None else "None"

    shared_story_display = staticmethod(admin_story.shared_story_display)

    @admin.display(description="Status history")
    def status_history(self, obj: Referral) -> SafeString | str:
        changes = obj.status_changes.select_related("actor").order_by("at", "pk")
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li>{}: {} by {}{}</li>",
                (
                    (
                        timezone.localtime(c.at).strftime("%d/%m/%Y %H:%M"),
                        c.get_to_status_display(),
                        c.actor.email if c.actor else "the person (online)",
                        f" ({c.reason})" if c.reason else "",
                    )
                    for c in changes
                ),
            ),
        )

    @admin.display(description="Audit trail (read only)")
    def audit_trail(self, obj: Referral) -> SafeString | str:
        events = selectors.referral_audit_events(referral=obj)[:100]
        return format_html(
            "<table><thead><tr><th scope='col'>When</th><th scope='col'>Who</th><th scope='col'>What</th>"
            "<th scope='col'>Details</th></tr></thead><tbody>{}</tbody></table>",
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (
                        timezone.localtime(e.at).strftime("%d/%m/%Y %H:%M:%S"),
                        e.actor_email or "system",
                        e.get_action_display(),
                        e.summary,
                    )
                    for e in events
                ),
            ),
        )

    # --- Audit every view and export

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if request.method == "GET" and selectors.staff_can_triage(user=request.user):
            audit_record(
                actor=request.user,
                action=AuditEvent.Action.VIEW,
                object_type=Referral._meta.label,
                summary=f"Opened the referral queue {_filters_for_audit(request)}"[:500],
            )
        context = {"can_export": self.has_export_permission(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context=context)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method == "GET":
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=obj, summary="Viewed the referral")
                admin_story.story_view_audit(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self) -> list[URLPattern]:  # type: ignore[override]
        custom = [
            path("export/", self.admin_site.admin_view(self.export_view), name="referrals_referral_export"),
            path("report/", self.admin_site.admin_view(self.report_view), name="referrals_referral_report"),
            path("report/csv/", self.admin_site.admin_view(self.report_csv_view), name="referrals_referral_report_csv"),
        ]
        return custom + super().get_urls()  # type: ignore[return-value]

    def _report(self, request: HttpRequest, *, action: str, doing: str) -> tuple[ReportPeriodForm, reporting.Report]:
        """The report for the period asked, over the referrals this member of staff can see; audited."""
        if not selectors.staff_can_triage(user=request.user):
            raise PermissionDenied
        form = ReportPeriodForm(request.GET or None)
        start, end = form.period()
        report = reporting.referral_report(
            referrals=selectors.referrals_visible_to(user=request.user), start=start, end=end
        )
        audit_record(
            actor=request.user,
            action=action,
            object_type=Referral._meta.label,
            summary=f"{doing} the referral report {start} to {end}",
        )
        return form, report

    def report_view(self, request: HttpRequest) -> TemplateResponse:
        """Contract monitoring: the referrals this member of staff can see, counted (no personal details)."""
        form, report = self._report(request, action=AuditEvent.Action.VIEW, doing="Opened")
        context = {
            **self.admin_site.each_context(request),
            "title": "Referral report",
            "opts": self.model._meta,
            "form": form,
            "report": report,
            "csv_query": request.GET.urlencode(),
        }
        return TemplateResponse(request, "referrals/admin/report.html", context)

    def report_csv_view(self, request: HttpRequest) -> StreamingHttpResponse:
        _, report = self._report(request, action=AuditEvent.Action.EXPORT, doing="Downloaded")
        return csv_response(
            reporting.report_csv_rows(report=report), filename=f"referral-report-{report.start}-to-{report.end}.csv"
        )

    def export_view(self, request: HttpRequest) -> StreamingHttpResponse | TemplateResponse:
        """The whole queue as the member of staff sees it, with the list's current filters and search."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        queryset = self.get_changelist_instance(request).get_queryset(request)
        return self._export(request, queryset, description="Exported the referral queue")

    def _export(self, request: HttpRequest, queryset: QuerySet[Referral], *, description: str) -> StreamingHttpResponse:
        scoped = selectors.referrals_visible_to(user=request.user).filter(pk__in=queryset.values("pk"))
        count = scoped.count()
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.EXPORT,
            object_type=Referral._meta.label,
            summary=f"{description}: {count} referral(s) {_filters_for_audit(request)}"[:500],
        )
        rows = selectors.referral_export_rows(referrals=scoped.order_by("-submitted_at").iterator(chunk_size=500))
        return csv_response(rows, filename=f"referrals-{timezone.localdate():%Y-%m-%d}.csv")

    # --- Writes: only through services

    def save_model(self, request: HttpRequest, obj: Referral, form: Any, change: bool) -> None:
        data = form.cleaned_data
        user = request.user
        try:
            with transaction.atomic():
                if "assigned_to" in form.changed_data:
                    services.referral_assign(referral=obj, assignee=data.get("assigned_to"), actor=user)
                if {"need_level", "signposted_to"} & set(form.changed_data):
                    services.referral_triage_record(
                        referral=obj,
                        need_level=data.get("need_level") or "",
                        signposted_to=data.get("signposted_to"),
                        actor=user,
                    )
                if data.get("move_to"):
                    services.referral_transition(
                        referral=obj, to_status=data["move_to"], actor=user, reason=data.get("reason", "")
                    )
                if "support_started_on" in form.changed_data:
                    services.referral_support_started_set(
                        referral=obj, started_on=data.get("support_started_on"), actor=user
                    )
                if "legal_hold" in form.changed_data:
                    services.referral_legal_hold_set(referral=obj, on=bool(data.get("legal_hold")), actor=user)
        except (TransitionRefused, PermissionDenied) as exc:
            self.message_user(request, f"Nothing was changed: {exc}", messages.ERROR)
        obj.refresh_from_db()

    def save_formset(self, request: HttpRequest, form: Any, formset: BaseInlineFormSet, change: bool) -> None:  # type: ignore[type-arg]
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []  # type: ignore[attr-defined]
        referral = form.instance
        for inline_form in formset.forms:
            if inline_form.instance.pk or not inline_form.has_changed():
                continue
            data = inline_form.cleaned_data
            if formset.model is ReferralNote:
                created: Any = services.referral_note_add(referral=referral, author=request.user, text=data["text"])
            else:
                created = services.referral_contact_attempt_record(
                    referral=referral,
                    made_by=request.user,
                    made_at=data.get("made_at"),
                    method=data["method"],
                    outcome=data["outcome"],
                    note=data.get("note", ""),
                )
            formset.new_objects.append(created)  # type: ignore[attr-defined]

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        return None  # our own audit trail records every change (without personal data)

    # --- Bulk actions (scoped by get_queryset, writes through services)

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request: HttpRequest, queryset: QuerySet[Referral]) -> None:
        result = services.referrals_assign_to_me(referrals=queryset, actor=request.user)
        self.message_user(request, f"{result.done} referral(s) assigned to you.", messages.SUCCESS)

    @admin.action(description="Start triage", permissions=["change"])
    def start_triage(self, request: HttpRequest, queryset: QuerySet[Referral]) -> None:
        result = services.referrals_start_triage(referrals=queryset, actor=request.user)
        self.message_user(request, f"{result.done} referral(s) moved to in triage.", messages.SUCCESS)
        for refusal in result.refused:
            self.message_user(request, refusal, messages.WARNING)

    @admin.action(description="Export selected to CSV", permissions=["export"])
    def export_selected(self, request: HttpRequest, queryset: QuerySet[Referral]) -> StreamingHttpResponse:
        return self._export(request, queryset, description="Exported selected referrals")


def _render_json(value: Any) -> SafeString:
    """A snapshot (e.g. a self-assessment) as nested description lists, every value escaped."""
    if isinstance(value, dict):
        return format_html(
            "<dl>{}</dl>",
            format_html_join(
                "", "<dt><strong>{}</strong></dt><dd>{}</dd>", ((k, _render_json(v)) for k, v in value.items())
            ),
        )
    if isinstance(value, list):
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((_render_json(v),) for v in value)))
    if value is None:
        return format_html("{}", "—")
    if isinstance(value, bool):
        return format_html("{}", "Yes" if value else "No")
    return format_html("{}", value if isinstance(value, str | int | float) else json.dumps(value))


def _filters_for_audit(request: HttpRequest) -> str:
    """The queue's filters for the audit trail, without the words searched for (names, phone numbers, emails):
    that a search was made is recorded, not what it was."""
    params = request.GET.copy()
    if params.get(SEARCH_VAR):
        params[SEARCH_VAR] = "[search]"
    return params.urlencode(safe="[]")


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Which organisation each provider staff member belongs to (administrators only)."""

    list_display = ("user", "organisation", "role", "created_at")
    list_filter = ("role", "organisation")
    search_fields = ("user__email", "organisation__name")
    autocomplete_fields = ()
    raw_id_fields = ("user",)

    def save_model(self, request: HttpRequest, obj: StaffMembership, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.CHANGE if change else AuditEvent.Action.CREATE,
            obj=obj,
            summary=f"{obj.user.email} belongs to {obj.organisation.name} as {obj.get_role_display()}",
        )


from services.referrals import admin_reviews  # noqa: E402, F401  (the carers' reviews queue registers itself)
