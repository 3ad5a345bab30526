""" "My situation has changed", from the carer's list of requests: a review now, or support reopened."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from carers_portal.core.forms import GovForm
from services.referrals import reviews, selectors


class SituationForm(GovForm):
    submit_label = "Tell them"

    note = forms.CharField(
        label="What has changed?",
        help_text="For example, a stay in hospital, a new diagnosis, or you are finding caring harder.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter what has changed",
            "max_length": "What has changed must be 1,000 characters or fewer",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def situation_changed(request: HttpRequest, token: str) -> HttpResponse:
    referral = get_object_or_404(selectors.referrals_for_user(user=request.user), uuid=token)
    form = SituationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            kind, _ = reviews.situation_changed(referral=referral, note=form.cleaned_data["note"], actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
        else:
            if kind == "review":
                messages.success(request, f"{referral.organisation.name} will review your support soon.")
            else:
                messages.success(request, f"We have asked {referral.organisation.name} to reopen your support.")
            return redirect("referrals:mine")
    return render(request, "referrals/situation_changed.html", {"form": form, "referral": referral})
