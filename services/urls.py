from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from services import views
from services.outcomes import views as outcome_views

app_name = "services"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.search, name="search"),
    path("category/<slug:slug>/", views.category, name="category"),
    path("where-to-get-help/", views.where_to_get_help, name="where_to_get_help"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/print/", views.detail_print, name="detail_print"),
    path("<slug:slug>/after-support/", outcome_views.carer_statements, name="carer_statements"),
    path("<slug:slug>/after-support/thank-you/", outcome_views.carer_statements_thanks, name="carer_statements_thanks"),
]
