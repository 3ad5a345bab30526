from __future__ import annotations

from uuid import uuid4

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from services.models import Service
from services.outcomes.forms import CarerStatementsForm
from services.outcomes.services import carer_statements_record


def carer_statements(request: HttpRequest, slug: str) -> HttpResponse:
    """GET/POST /services/<slug>/after-support/: a carer answers the six "I" statements, anonymously."""
    service = get_object_or_404(Service, slug=slug, audiences__contains=["carers"])
    if request.method == "POST":
        form = CarerStatementsForm(request.POST)
        if form.is_valid():
            carer_statements_record(service=service, token=form.cleaned_data["token"], answers=form.cleaned_data)
            return redirect(f"{service.get_absolute_url()}after-support/thank-you/")
    else:
        form = CarerStatementsForm(initial={"token": uuid4()})
    return render(request, "services/carer_statements.html", {"service": service, "form": form})


def carer_statements_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    service = get_object_or_404(Service, slug=slug)
    return render(request, "services/carer_statements_thanks.html", {"service": service})
