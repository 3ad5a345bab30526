"""The referral page's "Refer on to another service": a form, and the links between the two referrals.

Thin: the permission policy decides who may (`policy.user_can_hand_off`) and `handoff.referral_hand_off` makes,
checks, links, emails and audits the new referral.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from accounts import policy
from services.models import Service
from services.referrals import selectors
from services.referrals.models import Referral
from services.referrals.services.handoff import hand_off_services, referral_hand_off
from services.referrals.services.submit import ReferralInvalid, ReferralOutsideService

if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[Referral]
else:
    _ModelAdmin = object  # a mixin: the admin class brings ModelAdmin


class HandOffForm(forms.Form):
    service = forms.ModelChoiceField(
        label="Service to refer them to",
        queryset=Service.objects.none(),
        empty_label="Select a service",
        error_messages={"required": "Select the service to refer them to"},
    )
    help_wanted = forms.CharField(
        label="What help they want from that service",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The receiving service sees this. Their contact details and the carer's story (if they still "
        "agree to share it) go with it.",
        error_messages={"required": "Say what help they want from that service"},
    )
    person_agreed = forms.BooleanField(
        label="They agreed to be referred to this service and for their details to be shared with it",
        error_messages={"required": "Confirm they agreed to be referred on"},
    )
    outside_confirmed = forms.BooleanField(
        label="Send it even if they are outside who the service is for (only if the service takes such requests)",
        required=False,
    )

    def __init__(self, *args: Any, referral: Referral, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = hand_off_services(referral=referral)  # type: ignore[attr-defined]
        self.fields["service"].label_from_instance = lambda s: f"{s.name} ({s.organisation.name})"  # type: ignore[attr-defined]


class ReferralHandOffViews(_ModelAdmin):
    def get_urls(self) -> list[URLPattern]:  # type: ignore[override]
        custom = [
            path(
                "<path:object_id>/hand-off/",
                self.admin_site.admin_view(self.hand_off_view),
                name="referrals_referral_hand_off",
            )
        ]
        return custom + super().get_urls()  # type: ignore[return-value]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))
        can = obj is not None and not obj.anonymised_at and policy.user_can_hand_off(request.user, obj)
        return super().change_view(request, object_id, form_url, {"can_hand_off": can, **(extra_context or {})})

    def hand_off_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        referral = get_object_or_404(selectors.referrals_visible_to(user=request.user), pk=unquote(object_id))
        if not policy.user_can_hand_off(request.user, referral) or referral.anonymised_at:
            raise PermissionDenied
        form = HandOffForm(request.POST or None, referral=referral, initial={"help_wanted": referral.help_wanted})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                new = referral_hand_off(
                    referral=referral,
                    to_service=data["service"],
                    actor=request.user,
                    help_wanted=data["help_wanted"],
                    person_agreed=data["person_agreed"],
                    outside_confirmed=data["outside_confirmed"],
                )
            except ReferralOutsideService as exc:
                form.add_error("service", f"{exc} Tick the last box to send it anyway, if the service allows it.")
            except ReferralInvalid as exc:
                form.add_error(None, str(exc))
            else:
                story = "with the carer's story" if new.shared_story else "without a carer's story"
                self.message_user(
                    request,
                    f"Referred on to {new.service.name} as {new.reference}, {story}. They have been told.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:referrals_referral_change", args=[referral.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Refer {referral.reference} on to another service",
            "opts": self.model._meta,
            "original": referral,
            "form": form,
        }
        return TemplateResponse(request, "referrals/admin/hand_off.html", context)


def _named(referral: Referral) -> tuple[str, str, str]:
    return (referral.reference, referral.service.name, referral.organisation.name)


@admin.display(description="Handed off")
def hand_off_display(obj: Referral) -> SafeString | str:
    """Where this referral came from and went on to: references and services only, since the other referral
    may be another organisation's (its staff see its details)."""
    parts: list[SafeString] = []
    source = obj.handed_off_from
    if source is not None:
        parts.append(format_html("<p>Handed off from {} ({} at {})</p>", *_named(source)))
    onward = list(obj.handed_off_to.select_related("service", "organisation").order_by("submitted_at", "pk"))
    if onward:
        parts.append(
            format_html(
                "<p>Handed off to:</p><ul>{}</ul>", format_html_join("", "<li>{} ({} at {})</li>", map(_named, onward))
            )
        )
    return format_html_join("", "{}", ((p,) for p in parts)) if parts else "No"
