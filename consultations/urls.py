from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from consultations.views import public, responding, results, subscriptions

app_name = "consultations"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.consultation_list, name="list"),
    path("subscribe/", subscriptions.subscribe, name="subscribe"),
    path("subscribe/confirm/<str:token>/", subscriptions.subscribe_confirm, name="subscribe_confirm"),
    path("unsubscribe/<str:token>/", subscriptions.unsubscribe, name="unsubscribe"),
    path("<slug:slug>/", public.consultation_detail, name="detail"),
    path("<slug:slug>/documents/<int:pk>/<str:filename>", public.document_download, name="document"),
    path("<slug:slug>/respond/", responding.respond_start, name="respond"),
    path(
        "<slug:slug>/respond/<str:version>-version/",
        responding.respond_version,
        name="respond_version",
    ),
    path("<slug:slug>/respond/page-<int:number>/", responding.respond_section, name="respond_section"),
    path("<slug:slug>/respond/check-your-answers/", responding.respond_check, name="respond_check"),
    path("<slug:slug>/respond/save/", responding.respond_save, name="respond_save"),
    path("<slug:slug>/respond/resume/<str:token>/", responding.respond_resume, name="resume"),
    path("<slug:slug>/respond/done/", responding.respond_done, name="respond_done"),
    path("<slug:slug>/preview/", results.consultation_preview, name="preview"),
    path("<slug:slug>/results/", results.results, name="results"),
    path("<slug:slug>/results.csv", results.results_csv, name="results_csv"),
    path("<slug:slug>/report/", results.report, name="report"),
    path("<slug:slug>/report.docx", results.report_download, name="report_docx"),
    path("<slug:slug>/export.csv", results.export_csv, name="export"),
    path("<slug:slug>/equality.csv", results.export_equality_csv, name="export_equality"),
]
