"""Every role, every registered admin model, every field: each change form offers exactly what the permission
policy gives (accounts/policy.py, docs/permissions.md). A field added to a model later is read-only to providers
unless the policy lists it, and this test fails if a form offers it."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Group
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import policy
from accounts.models import KeyedInSelfAssessment
from accounts.policy import Role
from carers_portal.core.models import AuditEvent, OutboundEmail
from carers_portal.core.services import audit_record
from services.models import Organisation, Service
from services.outcomes.models import CarerStatements, Outcome
from services.referrals.models import StaffMembership
from services.referrals.services.submit import referral_submit
from tests.referrals.factories import DETAILS

pytestmark = pytest.mark.django_db


def _records(organisation: Organisation) -> None:
    """At least one record of every registered admin model."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from consultations.demo import demo_seed as consultations_seed
    from consultations.models import Subscription
    from services.guides.demo import demo_seed as guides_seed
    from services.referrals.models import SupportReview

    consultations_seed()
    Subscription.objects.create(email="subscriber@example.com", topics=["carers"])
    service = Service.objects.filter(organisation=organisation, status=Service.Status.ACTIVE).first()
    assert service is not None
    referral = referral_submit(service=service, details=DETAILS, submission_token=str(uuid.uuid4()))
    SupportReview.objects.create(referral=referral, due_on=timezone.localdate())
    KeyedInSelfAssessment.objects.create(
        referral=referral,
        organisation=organisation,
        answers={},
        about={},
        indication="unknown",
        reasons=[],
        submission_token="admin-walk",
    )
    Outcome.objects.create(
        referral=referral, organisation=organisation, service=service, support_ended_on=timezone.localdate()
    )
    CarerStatements.objects.create(service=service, answered_on=timezone.localdate(), token=uuid.uuid4())
    guides_seed()
    Group.objects.create(name="Example group")
    base = {"user_agent": "test", "ip_address": "198.51.100.1", "username": "x@example.com", "http_accept": "*/*"}
    AccessAttempt.objects.create(**base, path_info="/", get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**base, path_info="/")
    AccessFailureLog.objects.create(**base, path_info="/", locked_out=False)
    OutboundEmail.objects.create(to="someone@example.com", subject="Hello", body_text="Hello", category="test")
    audit_record(actor=None, action=AuditEvent.Action.VIEW, object_type="test", summary="Walked the admin")


def _users(organisation: Organisation, user_factory: Any, staff_user_factory: Any) -> dict[Role, Any]:
    users = {
        Role.CARER: user_factory(email="carer@example.com"),
        Role.PROVIDER_TEAM_MEMBER: staff_user_factory(email="triage@provider.example.org", staff_role="provider"),
        Role.PROVIDER_MANAGER: staff_user_factory(email="manager@provider.example.org", staff_role="provider"),
        Role.COUNCIL_TRIAGE: staff_user_factory(email="triage@kent.example.org", staff_role="council_triage"),
        Role.COMMISSIONER: staff_user_factory(email="commissioner@kent.example.org", staff_role="commissioner"),
        Role.SUPERUSER: staff_user_factory(email="admin@kent.example.org", staff_role="", is_superuser=True),
    }
    for role, membership_role in (
        (Role.PROVIDER_TEAM_MEMBER, StaffMembership.Role.TRIAGE),
        (Role.PROVIDER_MANAGER, StaffMembership.Role.MANAGER),
    ):
        StaffMembership.objects.create(user=users[role], organisation=organisation, role=membership_role)
    for role, user in users.items():
        assert policy.role_of(user) == role
    return users


def _record(model: type[Model], organisation: Organisation) -> Model | None:
    """A record to open: the providers' own organisation's, where records belong to one."""
    if hasattr(model, "organisation"):
        return model._default_manager.filter(organisation=organisation).order_by("pk").first()
    return model._default_manager.order_by("pk").first()


def _inline_fields(inline_admin_formset: Any) -> set[str]:
    formset = inline_admin_formset.formset
    return set(formset.empty_form.fields) - {"id", "DELETE", formset.fk.name}


def _offered(client: Client, url: str) -> tuple[int, set[str] | None, dict[str, set[str]]]:
    response = client.get(url)
    if response.status_code != 200:
        return response.status_code, None, {}
    inlines = {
        formset.formset.model._meta.label: _inline_fields(formset)
        for formset in response.context["inline_admin_formsets"]
        if formset.has_add_permission or formset.has_change_permission
    }
    return 200, set(response.context["adminform"].form.fields), inlines


def test_every_change_form_offers_exactly_the_fields_the_policy_gives(
    client: Client, user_factory: Any, staff_user_factory: Any, staff_login: Any
) -> None:
    from services.demo import demo_seed

    demo_seed()
    organisation = Organisation.objects.get(slug="kent-county-council")
    _records(organisation)
    users = _users(organisation, user_factory, staff_user_factory)
    superuser_offers: dict[str, tuple[set[str] | None, dict[str, set[str]]]] = {}
    problems: list[str] = []
    walked = 0
    for role in [Role.SUPERUSER, *(r for r in Role if r != Role.SUPERUSER)]:
        user = users[role]
        client.logout()
        staff_login(client, user) if user.is_staff else client.force_login(user)
        for model in admin.site._registry:
            label = model._meta.label
            obj = _record(model, organisation)
            assert obj is not None, f"no {label} to open"
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[quote(obj.pk)])
            status, fields, inlines = _offered(client, url)
            walked += 1
            if not policy.user_can_on(user, "view", model, obj):
                if status == 200:
                    problems.append(f"{role}: {label} opens, but the policy gives no view")
                continue
            if status != 200:
                problems.append(f"{role}: {label} answers {status}, but the policy lets them view it")
                continue
            assert fields is not None
            editable = policy.user_editable_fields(user, model)
            if role == Role.SUPERUSER:
                superuser_offers[label] = (fields, inlines)
            if not policy.user_can_on(user, "change", model, obj):
                expected: set[str] = set()
            elif editable is not None:
                expected = set(editable)
            else:
                expected = superuser_offers[label][0] or set()
            if fields != expected:
                problems.append(f"{role}: {label} offers {sorted(fields ^ expected)} unlike the policy")
            for inline_label, inline_fields in inlines.items():
                inline_model = next(m for m in [*admin.site._registry, *_models()] if m._meta.label == inline_label)
                inline_editable = policy.user_editable_fields(user, inline_model)
                if inline_editable is None:
                    inline_expected = superuser_offers[label][1].get(inline_label, set())
                else:
                    inline_expected = set(inline_editable)
                if inline_fields != inline_expected:
                    problems.append(
                        f"{role}: {label} inline {inline_label} offers {sorted(inline_fields ^ inline_expected)}"
                    )
    assert walked == len(Role) * len(admin.site._registry)
    assert not problems, "\n".join(problems)


def _models() -> list[type[Model]]:
    from django.apps import apps

    return list(apps.get_models())


def test_a_new_field_is_read_only_to_providers_unless_the_policy_lists_it(staff_user_factory: Any) -> None:
    """Default deny: a field the policy does not name (here one added to the service form) is read-only to a
    provider's manager, and editable by commissioners."""
    from django import forms
    from django.test import RequestFactory

    from services.admin.listing import ServiceAdmin

    organisation = Organisation.objects.create(name="Provider", slug="provider")
    manager = staff_user_factory(email="manager@provider.example.org", staff_role="provider")
    StaffMembership.objects.create(user=manager, organisation=organisation, role=StaffMembership.Role.MANAGER)
    commissioner = staff_user_factory(email="commissioner@kent.example.org", staff_role="commissioner")

    class FormWithANewField(ServiceAdmin.form):  # type: ignore[name-defined,misc]
        a_new_field = forms.CharField(required=False)

    class AdminWithANewField(ServiceAdmin):
        form = FormWithANewField

    model_admin = AdminWithANewField(Service, admin.site)
    request = RequestFactory().get("/")
    request.user = manager
    assert "a_new_field" in model_admin.get_readonly_fields(request)
    assert "minimum_age" in model_admin.get_readonly_fields(request)
    assert "summary" not in model_admin.get_readonly_fields(request)
    request.user = commissioner
    assert "a_new_field" not in model_admin.get_readonly_fields(request)
