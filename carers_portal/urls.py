from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

admin.site.site_header = "Kent Carers and Wellbeing Portal: staff"
admin.site.site_title = "Kent Carers and Wellbeing Portal staff"
admin.site.index_title = "Staff tools"
# Staff sign in through allauth (rate limits, MFA), never the bare admin form.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", include("carers_portal.core.urls")),
    path("", include("services.referrals.urls")),
    path("services/", include("services.urls")),
    path("api/v1/", include("services.api_urls")),
    path("consultations/", include("consultations.urls")),
    path("carers/", include("services.guides.urls")),
    path("carers/", include("accounts.carers_urls")),
    path("account/", include("accounts.urls")),
    path("account/", include("allauth.urls")),
    path("staff/", admin.site.urls),
]

handler404 = "carers_portal.core.views.error_404"
handler500 = "carers_portal.core.views.error_500"
