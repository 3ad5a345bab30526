from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.mail import EmailMultiAlternatives

from carers_portal.core.services import email_enqueue


class AccountAdapter(DefaultAccountAdapter):
    """Routes allauth's emails (verification, password reset) through the outbox.

    So a sign-up still succeeds while Redis or the worker is down, and its
    email goes out when they return.
    """

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # allauth gives the "account already exists" and "unknown account" emails no `email` in their context,
        # though they name the address: it is the one they go to.
        message = self.render_mail(template_prefix, email, {"email": email, **context})
        html = ""
        if isinstance(message, EmailMultiAlternatives):
            html = next((str(content) for content, mime in message.alternatives if mime == "text/html"), "")
        email_enqueue(
            to=email,
            subject=str(message.subject),
            body_text=str(message.body),
            body_html=html,
            category=f"account:{template_prefix.rsplit('/', 1)[-1]}",
        )
