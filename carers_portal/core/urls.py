from __future__ import annotations

from django.urls import path

from carers_portal.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.page, {"template": "accessibility"}, name="accessibility"),
    path("privacy/", views.page, {"template": "privacy"}, name="privacy"),
    path("cookies/", views.page, {"template": "cookies"}, name="cookies"),
    path("contact/", views.page, {"template": "contact"}, name="contact"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]
