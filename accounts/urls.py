from __future__ import annotations

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reminders/", views.reminder_settings, name="reminder_settings"),
    path("your-data/", views.your_data, name="your_data"),
    path("your-data/download.json", views.your_data_download, {"fmt": "json"}, name="your_data_json"),
    path("your-data/download.csv", views.your_data_download, {"fmt": "csv"}, name="your_data_csv"),
    path("delete/", views.account_delete, name="delete"),
    path("deleted/", views.account_deleted, name="deleted"),
]
