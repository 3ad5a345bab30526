"""The triage form: what staff may change on a referral (the permission policy says which of its fields)."""

from __future__ import annotations

from typing import Any

from django import forms

from services.models import Service
from services.referrals import selectors, triage
from services.referrals.models import Referral


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
