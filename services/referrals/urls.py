from __future__ import annotations

from django.urls import path

from accounts import open_views
from services.referrals import situation_views, views

app_name = "referrals"

urlpatterns = [
    path("services/<slug:slug>/refer/", views.start, name="start"),
    path("services/<slug:slug>/refer/urgent-help/", views.urgent_help, name="urgent_help"),
    path("services/<slug:slug>/refer/check-your-answers/", views.check, name="check"),
    path("services/<slug:slug>/refer/who-it-is-for/", views.outside, name="outside"),
    path("services/<slug:slug>/refer/confirmation/", views.confirmation, name="confirmation"),
    path("services/<slug:slug>/refer/<slug:step>/", views.step, name="step"),
    path("services/<slug:slug>/call-me/", open_views.call_back, name="call_back"),
    path("services/<slug:slug>/call-me/sent/", open_views.call_back_sent, name="call_back_sent"),
    path("referrals/<uuid:token>/", views.status, name="status"),
    path("account/referrals/", views.mine, name="mine"),
    path(
        "account/referrals/<uuid:token>/situation-changed/",
        situation_views.situation_changed,
        name="situation_changed",
    ),
]
