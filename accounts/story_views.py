"""'Your story': what a carer agrees to share with every request for help made from their account."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts import selectors, story
from accounts.models import User
from carers_portal.core.forms import GovForm


class StoryForm(GovForm):
    submit_label = "Save your story"

    what_matters = forms.CharField(
        label="What matters to you?",
        help_text="For example, keeping your job, time for yourself, or your own health.",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "What matters to you must be 1,000 characters or fewer"},
    )
    emergency_plan = forms.CharField(
        label="Your emergency plan, in short",
        help_text="Who to contact if something happens to you, and where your plan is kept.",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Your emergency plan must be 1,000 characters or fewer"},
    )
    share = forms.BooleanField(label=story.CONSENT_WORDING, required=False)


@login_required
@require_http_methods(["GET", "POST"])
def your_story(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    profile = selectors.carer_profile_for_user(user=user)
    if profile is None:
        return redirect("carers:register")
    saved = story.story_for_profile(profile=profile)
    consent = story.story_consent_active(profile=profile)
    initial: dict[str, Any] = {"share": consent is not None}
    if saved is not None:
        initial |= {"what_matters": saved.what_matters, "emergency_plan": saved.emergency_plan}
    form = StoryForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        story.story_save(profile=profile, what_matters=data["what_matters"], emergency_plan=data["emergency_plan"])
        if data["share"]:
            story.story_consent_give(profile=profile)
            messages.success(request, "Your story is saved. It will be sent with your requests for help.")
        else:
            story.story_consent_withdraw(profile=profile)
            messages.success(request, "Your story is saved. It will not be sent with your requests for help.")
        return redirect("carers:story")
    return render(
        request,
        "accounts/story.html",
        {
            "form": form,
            "profile": profile,
            "people": list(profile.people.all()),
            "consent": consent,
            "consents": list(profile.story_consents.all()[:10]),
            "share_labels": story.SHARE_LABELS,
        },
    )
