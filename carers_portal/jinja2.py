"""The Jinja2 environment for the few templates on the search's hot path (templates/jinja2/).

Django's own templates render everything else. Jinja2 compiles templates to Python, so the search content (a form
of six fields, up to 20 results and the pagination) renders several times faster than through Django's template
engine, which was most of the time an uncached search took. Those templates depend only on their context (no
request, user or CSRF token), as the search page's cache needs.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from jinja2 import Environment, StrictUndefined

from carers_portal.core.forms import gov_field_html
from carers_portal.core.templatetags.portal import error_anchor


def environment(**options: Any) -> Environment:
    # A name missing from the context is an error, not an empty string (Django's backend turns autoescape on).
    options |= {"undefined": StrictUndefined, "trim_blocks": True, "lstrip_blocks": True}
    env = Environment(**options)  # noqa: S701
    env.globals.update({"url": reverse, "gov_field_html": gov_field_html})
    env.filters.update({"error_anchor": error_anchor})
    return env
