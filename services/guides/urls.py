"""Carers' information pages, under /carers/ (included before accounts.carers_urls)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from services.guides import views
from services.guides.models import InformationPage

app_name = "guides"

KEY_MOMENT = {"kind": InformationPage.Kind.KEY_MOMENT}
MONEY = {"kind": InformationPage.Kind.MONEY_AND_BREAKS}

urlpatterns: list[URLPattern | URLResolver] = [
    path("key-moments/", views.index, KEY_MOMENT, name="key_moments"),
    path("key-moments/easy-read/", views.key_moments_easy_read, name="key_moments_easy_read"),
    path("key-moments/<slug:slug>/", views.page, KEY_MOMENT, name="key_moment"),
    path("money-and-breaks/", views.index, MONEY, name="money_and_breaks"),
    path("money-and-breaks/<slug:slug>/", views.page, MONEY, name="money_page"),
    path("assessment/paper/", views.paper_self_assessment, name="paper_self_assessment"),
    path("assessment/paper/pdf/", views.paper_self_assessment_pdf, name="paper_self_assessment_pdf"),
]
