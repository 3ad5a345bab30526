"""Referrals: how long a submission takes, and what the triage queue and export cost at scale.

Builds its own throwaway database (like the tests), with 20 provider organisations and
10,000 referrals, then prints:
- referral_submit: p50/p95 milliseconds per submission (referral, history, audit, two outbox emails);
- the staff queue (50 per page) for a provider and for a commissioner: SQL queries and p50 milliseconds;
- the CSV export of a commissioner's whole queue: rows and seconds.
"""

from __future__ import annotations

import secrets
import statistics
import time
from dataclasses import replace
from typing import Any

from django.db import connection, reset_queries
from django.test import Client, RequestFactory
from django.test.utils import (
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)

REFERRALS = 10_000
ORGANISATIONS = 20
SUBMISSIONS_TIMED = 200


def _staff_client(user: Any) -> Client:
    from allauth.account.internal.flows.login import record_authentication

    client = Client()
    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, user, "password", email=user.email)
    record_authentication(request, user, "mfa", type="totp")
    request.session.save()
    return client


def _staff(email: str, **extra: Any) -> Any:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from accounts.models import User

    user = User.objects.create_user(email=email, password="a-long-bench-password", is_staff=True, **extra)
    TOTP.activate(user, generate_totp_secret())
    return user


def _timed(fn: Any, runs: int) -> tuple[float, float, int]:
    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], queries


def main() -> None:
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        _run()
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()  # `make bench` runs every benchmark in one process


def _run() -> None:
    from carers_portal.celery import app
    from services.models import Organisation, Service
    from services.referrals.models import Referral, StaffMembership
    from services.referrals.services.submit import ReferralDetails, referral_submit

    details = ReferralDetails(
        name="Bench Person",
        help_wanted="Help with money worries.",
        consent=True,
        phone="07700 900 982",
        email="bench@example.com",
        postcode="CT9 1XZ",
    )
    services = []
    for n in range(ORGANISATIONS):
        organisation = Organisation.objects.create(
            name=f"Provider {n}", slug=f"provider-{n}", referrals_email=f"r{n}@example.org"
        )
        services.append(
            Service.objects.create(
                organisation=organisation, name=f"Service {n}", slug=f"service-{n}", accepts_self_referral=True
            )
        )

    submit_times = []
    for i in range(SUBMISSIONS_TIMED):
        started = time.perf_counter()
        referral_submit(
            service=services[i % ORGANISATIONS],
            details=replace(details, name=f"Person {i}"),
            submission_token=secrets.token_urlsafe(16),
        )
        submit_times.append((time.perf_counter() - started) * 1000)
    submit_times.sort()
    print(
        f"referral_submit: p50 {statistics.median(submit_times):.1f} ms, "
        f"p95 {submit_times[int(len(submit_times) * 0.95) - 1]:.1f} ms ({SUBMISSIONS_TIMED} submissions)"
    )

    # The rest of the queue in bulk (same shape of rows; no emails).
    template = Referral.objects.first()
    assert template is not None
    bulk = []
    for i in range(REFERRALS - SUBMISSIONS_TIMED):
        service = services[i % ORGANISATIONS]
        bulk.append(replace_referral(template, service=service, i=i))
    Referral.objects.bulk_create(bulk, batch_size=1000)
    print(f"{Referral.objects.count()} referrals across {ORGANISATIONS} organisations")

    provider = _staff("provider@bench.example.org", staff_role="provider")
    StaffMembership.objects.create(user=provider, organisation=services[0].organisation)
    commissioner = _staff("commissioner@bench.example.org", staff_role="commissioner")

    for label, user in (("provider (own organisation)", provider), ("commissioner (all)", commissioner)):
        client = _staff_client(user)
        for name, path in (
            ("queue page", "/staff/referrals/referral/"),
            ("queue, overdue filter", "/staff/referrals/referral/?overdue=any"),
            ("queue, search", "/staff/referrals/referral/?q=Person+1"),
        ):
            p50, p95, queries = _timed(lambda p=path, c=client: c.get(p), runs=15)
            print(f"{name:24} {label:28} {queries:3} SQL queries, p50 {p50:6.1f} ms, p95 {p95:6.1f} ms")

    client = _staff_client(commissioner)
    started = time.perf_counter()
    response = client.get("/staff/referrals/referral/export/")
    rows = sum(chunk.count(b"\r\n") for chunk in response.streaming_content) - 1
    print(f"CSV export (commissioner, whole queue): {rows} rows in {time.perf_counter() - started:.2f} s")
    reset_queries()
    app.control.purge()  # the bench's outbox tasks belong to its throwaway database


def replace_referral(template: Any, *, service: Any, i: int) -> Any:
    from services.referrals.models import Referral

    return Referral(
        reference=f"KCP-R-2026-B{i:07d}",
        submission_token=f"bench-{i}",
        service=service,
        organisation_id=service.organisation_id,
        name=f"Bulk Person {i}",
        phone=template.phone,
        email=template.email,
        postcode=template.postcode,
        district=template.district,
        help_wanted=template.help_wanted,
        consent_at=template.consent_at,
    )
