from __future__ import annotations

from carers_portal.core.forms import GovForm, PostcodeField


class NearPostcodeForm(GovForm):
    """The postcode a carer's page lists services near (a GET form: the page's address says it)."""

    submit_label = "Show services near this postcode"

    postcode = PostcodeField(
        label="Your postcode (optional)",
        help_text="To list services that cover where you live, nearest first. For example, CT5 1AA",
        required=False,
        allow_outward=True,
    )
