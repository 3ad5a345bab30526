from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from carers_portal.core.admin import policy_admin_enforce

admin.site.site_header = "Kent Carers and Wellbeing Portal: staff"
admin.site.site_title = "Kent Carers and Wellbeing Portal staff"
admin.site.index_title = "Staff tools"
# Staff sign in through allauth (rate limits, MFA), never the bare admin form: allauth's own admin protection.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
# Every registered admin, third-party ones included, asks the permission policy (accounts/policy.py).
policy_admin_enforce(admin.site)

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
