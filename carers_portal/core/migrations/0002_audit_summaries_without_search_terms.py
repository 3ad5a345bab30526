"""Audit summaries of the referral queue recorded the words staff searched for (names, phone numbers); keep only
that a search was made, as the admin now records it."""

from __future__ import annotations

import re
from typing import Any

from django.db import migrations

SEARCH = re.compile(r"(^|[?&\s])q=[^&\s]*")


def forget_search_terms(apps: Any, schema_editor: Any) -> None:
    AuditEvent = apps.get_model("core", "AuditEvent")
    for event in AuditEvent.objects.filter(summary__regex=r"(^|[?&[:space:]])q=[^&[:space:]\[]").iterator():
        event.summary = SEARCH.sub(r"\1q=[search]", event.summary)
        event.save(update_fields=["summary"])


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forget_search_terms, migrations.RunPython.noop)]
