"""Consultation emails' dedupe keys named the subscriber's address, and a key outlives its outbox row (the row is
forgotten after 7 days, the key kept so nothing is sent twice). Name the subscription instead; a key whose
subscription is gone keeps only the outbox row's own id."""

from __future__ import annotations

from typing import Any

from django.db import migrations

KINDS = ("opening", "reminder", "results")


def forget_addresses(apps: Any, schema_editor: Any) -> None:
    OutboundEmail = apps.get_model("core", "OutboundEmail")
    Subscription = apps.get_model("consultations", "Subscription")
    subscriptions = dict(Subscription.objects.values_list("email", "pk"))
    for kind in KINDS:
        for row in OutboundEmail.objects.filter(
            dedupe_key__startswith=f"consultation-{kind}:", dedupe_key__contains="@"
        ):
            _, consultation, email = row.dedupe_key.split(":", 2)
            who = subscriptions.get(email, f"gone-{row.pk}")
            row.dedupe_key = f"consultation-{kind}:{consultation}:{who}"
            row.save(update_fields=["dedupe_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0005_answer_review"),
        ("core", "0002_audit_summaries_without_search_terms"),
    ]

    operations = [migrations.RunPython(forget_addresses, migrations.RunPython.noop)]
