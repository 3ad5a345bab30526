"""The carer's shared story on a referral in the triage admin ("tell my story once").

Kept apart from the referral admin class: it adds one read-only display and one audit record. Scope comes
from the referral admin itself (a member of staff only opens referrals of their own organisation).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from carers_portal.core.models import AuditEvent
from carers_portal.core.services import audit_record
from services.referrals.models import Referral

STORY_FIELDSET = ("The carer's story (shared with their consent)", {"fields": ("shared_story_display",)})


def _people(items: list[dict[str, Any]], fmt: str, keys: tuple[str, ...]) -> SafeString:
    if not items:
        return format_html("{}", "Not shared")
    return format_html(
        "<ul>{}</ul>", format_html_join("", fmt, (tuple(str(i.get(k, "")) for k in keys) for i in items))
    )


@admin.display(description="Shared story")
def shared_story_display(obj: Referral) -> SafeString | str:
    story = obj.shared_story
    if not story:
        return "None: the carer did not agree to share their story when they sent this"
    people = [
        {**p, "conditions": ", ".join(p.get("conditions") or []) or "none given"}
        for p in story.get("who_they_care_for", [])
    ]
    return format_html(
        "<dl><dt><strong>Agreed to share on</strong></dt><dd>{}</dd>"
        "<dt><strong>Who they care for</strong></dt><dd>{}</dd>"
        "<dt><strong>Caring hours</strong></dt><dd>{}</dd>"
        "<dt><strong>What matters to them</strong></dt><dd>{}</dd>"
        "<dt><strong>Emergency plan summary</strong></dt><dd>{}</dd></dl>",
        str(story.get("consent_given_at", ""))[:10],
        _people(
            people,
            "<li>{} ({}, {}); conditions: {}; lives with the carer: {}</li>",
            ("name", "relationship", "age_group", "conditions", "lives_with_carer"),
        ),
        _people(story.get("caring_hours", []), "<li>{}: {}, {}</li>", ("name", "hours", "when")),
        story.get("what_matters", ""),
        story.get("emergency_plan", ""),
    )


def story_fieldsets(obj: Referral | None) -> list[tuple[str, dict[str, Any]]]:
    """The story's fieldset, for referrals sent with one."""
    return [STORY_FIELDSET] if obj is not None and obj.shared_story else []


def story_view_audit(request: HttpRequest, obj: Referral | None) -> None:
    """Record that a member of staff opened a referral showing a carer's story (special category data)."""
    if obj is not None and obj.shared_story:
        audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=obj, summary="Viewed the carer's story")
