"""Posting the triage change form as the admin page does (with its inline formsets)."""

from __future__ import annotations

from typing import Any

from services.referrals.models import Referral

CHANGELIST = "/staff/referrals/referral/"


def change_url(referral: Referral) -> str:
    return f"{CHANGELIST}{referral.pk}/change/"


def change_form_data(
    referral: Referral,
    *,
    notes: list[str] | None = None,
    attempts: list[dict[str, str]] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    referral.refresh_from_db()
    data: dict[str, Any] = {
        "move_to": "",
        "reason": "",
        "assigned_to": referral.assigned_to_id or "",
        "need_level": referral.need_level,
        "signposted_to": referral.signposted_to_id or "",
        "support_started_on": referral.support_started_on.isoformat() if referral.support_started_on else "",
    }
    if referral.legal_hold:
        data["legal_hold"] = "on"
    data.update(fields)
    for prefix, rows, existing in (
        ("notes", [{"text": t} for t in notes or []], referral.notes.count()),
        ("contact_attempts", attempts or [], referral.contact_attempts.count()),
    ):
        data[f"{prefix}-TOTAL_FORMS"] = str(existing + len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(existing)
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        for i, obj in enumerate(getattr(referral, prefix).order_by("pk")):
            data[f"{prefix}-{i}-id"] = str(obj.pk)
            data[f"{prefix}-{i}-referral"] = str(referral.pk)
        for j, row in enumerate(rows, start=existing):
            data[f"{prefix}-{j}-referral"] = str(referral.pk)
            for key, value in row.items():
                data[f"{prefix}-{j}-{key}"] = value
    return data
