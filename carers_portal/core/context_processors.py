from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from carers_portal.core.demo_data import demo_data_held


def portal(request: HttpRequest) -> dict[str, Any]:
    return {
        "SERVICE_NAME": settings.SERVICE_NAME,
        "PORTAL_FEEDBACK_EMAIL": settings.PORTAL_FEEDBACK_EMAIL,
        "PORTAL_DPO_EMAIL": settings.PORTAL_DPO_EMAIL,
        # Called by the template only when it renders the notice (a function, so pages that do not render base.html
        # run no query for it).
        "demo_data_held": demo_data_held,
    }
