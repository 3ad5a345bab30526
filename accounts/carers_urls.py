"""Carers' pages, under /carers/: registration, the self-assessment and its result."""

from __future__ import annotations

from django.urls import path

from accounts import open_views, story_views, views

app_name = "carers"

urlpatterns = [
    path("", views.carers_home, name="home"),
    path("register/", views.register, name="register"),
    path("ask-for-an-assessment/", open_views.carer_request, name="request"),
    path("ask-for-an-assessment/easy-read/", open_views.carer_request, {"easy_read": True}, name="request_easy_read"),
    path("ask-for-an-assessment/sent/", open_views.carer_request_sent, name="request_sent"),
    path("call-me/", open_views.call_back, name="call_back"),
    path("call-me/sent/", open_views.call_back_sent, name="call_back_sent"),
    path("people/", views.people, name="people"),
    path("your-story/", story_views.your_story, name="story"),
    path("people/add/", views.person_add, name="person_add"),
    path("people/<int:person_id>/change/", views.person_change, name="person_change"),
    path("people/<int:person_id>/remove/", views.person_remove, name="person_remove"),
    path("assessment/", views.assessment_start, name="assessment_start"),
    path("assessment/begin/", views.assessment_begin, name="assessment_begin"),
    path("assessment/result/", views.assessment_result, name="assessment_result"),
    path("assessment/versions/", views.assessment_history, name="assessment_history"),
    path("assessment/versions/<int:number>/", views.assessment_version, name="assessment_version"),
    path("assessment/versions/<int:number>/summary.pdf", views.assessment_version_pdf, name="assessment_pdf"),
    path("assessment/versions/<int:number>/ask/", views.assessment_request, name="assessment_request"),
    path("assessment/versions/<int:number>/asked/", views.assessment_requested, name="assessment_requested"),
    path("assessment/<uuid:public_id>/check/", views.assessment_check, name="assessment_check"),
    path("assessment/<uuid:public_id>/<slug:step>/", views.assessment_step, name="assessment_step"),
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
