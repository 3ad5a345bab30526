from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from consultations import views

app_name = "consultations"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.consultation_list, name="list"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/confirm/<str:token>/", views.subscribe_confirm, name="subscribe_confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<slug:slug>/", views.consultation_detail, name="detail"),
    path("<slug:slug>/documents/<int:pk>/<str:filename>", views.document_download, name="document"),
    path("<slug:slug>/respond/", views.respond_start, name="respond"),
    path(
        "<slug:slug>/respond/<str:version>-version/",
        views.respond_version,
        name="respond_version",
    ),
    path("<slug:slug>/respond/page-<int:number>/", views.respond_section, name="respond_section"),
    path("<slug:slug>/respond/check-your-answers/", views.respond_check, name="respond_check"),
    path("<slug:slug>/respond/save/", views.respond_save, name="respond_save"),
    path("<slug:slug>/respond/resume/<str:token>/", views.respond_resume, name="resume"),
    path("<slug:slug>/respond/done/", views.respond_done, name="respond_done"),
    path("<slug:slug>/preview/", views.consultation_preview, name="preview"),
    path("<slug:slug>/results/", views.results, name="results"),
    path("<slug:slug>/results.csv", views.results_csv, name="results_csv"),
    path("<slug:slug>/report/", views.report, name="report"),
    path("<slug:slug>/report.docx", views.report_download, name="report_docx"),
    path("<slug:slug>/export.csv", views.export_csv, name="export"),
    path("<slug:slug>/equality.csv", views.export_equality_csv, name="export_equality"),
]
