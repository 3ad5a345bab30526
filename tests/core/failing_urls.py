"""A URLconf with a view that fails, to exercise the 500 handler."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from carers_portal.urls import urlpatterns as portal_urlpatterns


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("deliberate failure for the 500 page test")


def boom_with_personal_data(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("Could not email jo.bloggs@example.com about CT1 1AA, phone 07700 900123")


urlpatterns = [path("boom/", boom), path("boom-personal/", boom_with_personal_data), *portal_urlpatterns]
handler500 = "carers_portal.core.views.error_500"
