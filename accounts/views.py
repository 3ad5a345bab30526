from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The signed-in user's home: links to everything the portal holds for them."""
    return render(request, "accounts/dashboard.html")
