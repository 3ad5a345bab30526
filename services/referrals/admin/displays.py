"""The referral change page's read-only displays and the queue's columns."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from services.referrals import admin_story, selectors
from services.referrals.models import Referral


class ReferralDisplays:
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
        return render_json(obj.attachment) if obj.attachment is not None else "None"

    @admin.display(description="Keyed in")
    def keyed_in_display(self, obj: Referral) -> SafeString:
        """Paper self-assessments keyed in for this request, and the link to key one in (accounts.keyed_in)."""
        keyed = obj.keyed_in_self_assessments.select_related("keyed_by").order_by("keyed_at", "pk")
        items = format_html_join(
            "",
            '<li><a href="{}">Keyed in {} by {}</a></li>',
            (
                (
                    reverse("admin:accounts_keyedinselfassessment_change", args=[k.pk]),
                    timezone.localtime(k.keyed_at).strftime("%d/%m/%Y %H:%M"),
                    k.keyed_by.email if k.keyed_by else "staff",
                )
                for k in keyed
            ),
        )
        key_in = reverse("admin:accounts_keyedinselfassessment_key_in")
        return format_html(
            '<ul>{}</ul><p><a href="{}?{}">Key in a paper self-assessment for this request</a></p>',
            items or format_html("<li>{}</li>", "None yet"),
            key_in,
            urlencode({"reference": obj.reference}),
        )

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


def render_json(value: Any) -> SafeString:
    """A snapshot (e.g. a self-assessment) as nested description lists, every value escaped."""
    if isinstance(value, dict):
        return format_html(
            "<dl>{}</dl>",
            format_html_join(
                "", "<dt><strong>{}</strong></dt><dd>{}</dd>", ((k, render_json(v)) for k, v in value.items())
            ),
        )
    if isinstance(value, list):
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((render_json(v),) for v in value)))
    if value is None:
        return format_html("{}", "—")
    if isinstance(value, bool):
        return format_html("{}", "Yes" if value else "No")
    return format_html("{}", value if isinstance(value, str | int | float) else json.dumps(value))
