"""A URLconf with a view whose database cannot be reached (a real connection to a socket nobody listens on)."""

from __future__ import annotations

from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.urls import path

from carers_portal.urls import urlpatterns as portal_urlpatterns


def database_down(request: HttpRequest) -> HttpResponse:
    default = connections["default"]
    settings_dict = {**default.settings_dict, "HOST": "/nonexistent-kcp-socket-dir", "PORT": ""}
    unreachable = type(default)(settings_dict, alias="unreachable")
    try:
        unreachable.cursor()
    finally:
        unreachable.close()
    return HttpResponse("unreachable")


urlpatterns = [path("database-down/", database_down), *portal_urlpatterns]
